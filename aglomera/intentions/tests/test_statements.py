"""Compliance statements: issuing from the committee's decision, evidence numbers, consistency."""

from __future__ import annotations

import copy
import threading
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from aglomera.accounts.models import Role
from aglomera.core.models import AuditEvent
from aglomera.intentions.actions.changes import request_change
from aglomera.intentions.actions.statements import issue_statement, next_evidence_number
from aglomera.intentions.models import (
    ChangeKind,
    ChangeStatus,
    ComplianceStatement,
    IntentionStatus,
    StatementOutcome,
    StatementType,
)
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.intentions.transitions import transition_change
from aglomera.strategy.tests.builders import make_opole

S = IntentionStatus
O = StatementOutcome  # noqa: E741 - reads as the outcome table
T = StatementType


@pytest.fixture
def world(db: None, pipeline_world: PipelineWorld) -> PipelineWorld:
    return copy.deepcopy(pipeline_world)


def _issue(world: PipelineWorld, intention: Any, **kwargs: Any) -> ComplianceStatement:
    values: dict[str, Any] = {
        "statement_type": T.INITIAL,
        "outcome": O.COMPLIANT,
        "actor": world.user(Role.MANAGER),
        "issued_on": date(2025, 6, 20),
    }
    values.update(kwargs)
    return issue_statement(intention, **values)


def test_it_issues_an_initial_compliant_statement_and_moves_the_intention(
    world: PipelineWorld,
) -> None:
    # Given a project intention the committee found compliant
    intention = world.intention(status=S.COMPLIANT)
    # When the manager issues the initial statement
    statement = _issue(world, intention)
    # Then it has the first evidence number of the year and the intention moved on, audited
    assert statement.evidence_number == "OLOMOUC/2025/0001"
    intention.refresh_from_db()
    assert intention.status == S.STATEMENT_ISSUED
    event = AuditEvent.objects.get(code="intentions.statement.issued")
    assert event.after["evidence_number"] == "OLOMOUC/2025/0001"
    assert AuditEvent.objects.filter(code="intentions.intention.statement_issued").exists()


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (S.NON_COMPLIANT_OVERSUBSCRIBED, O.NON_COMPLIANT_OVERSUBSCRIBED),
        (S.NON_COMPLIANT_NEGATIVE, O.NON_COMPLIANT_NEGATIVE),
        (S.DEFERRED, O.DEFERRED),
    ],
)
def test_it_issues_a_non_compliant_or_deferred_statement_without_moving_the_intention(
    world: PipelineWorld, status: str, outcome: str
) -> None:
    # Given an intention the committee did not find compliant
    intention = world.intention(status=status)
    # When the statement follows that decision
    statement = _issue(world, intention, outcome=outcome)
    # Then it is numbered and the intention keeps the decision's state
    assert statement.outcome == outcome
    intention.refresh_from_db()
    assert intention.status == status


def test_it_numbers_statements_in_sequence_per_agglomeration_and_year(
    world: PipelineWorld,
) -> None:
    # Given statements issued in 2025 and 2026 in Olomouc and one in Opole
    numbers = [_issue(world, world.intention(status=S.COMPLIANT)).evidence_number for _ in range(3)]
    next_year = _issue(world, world.intention(status=S.COMPLIANT), issued_on=date(2026, 1, 5))
    opole = PipelineWorld.create(make_opole())
    in_opole = issue_statement(
        opole.intention(status=S.COMPLIANT),
        statement_type=T.INITIAL,
        outcome=O.COMPLIANT,
        actor=opole.user(Role.MANAGER),
        issued_on=date(2025, 6, 20),
    )
    # Then each agglomeration and year counts on its own
    assert numbers == ["OLOMOUC/2025/0001", "OLOMOUC/2025/0002", "OLOMOUC/2025/0003"]
    assert next_year.evidence_number == "OLOMOUC/2026/0001"
    assert in_opole.evidence_number == "OPOLE/2025/0001"
    assert next_evidence_number(world.agglomeration.pk, 2025) == "OLOMOUC/2025/0004"


def test_it_issues_an_updated_compliant_statement_after_the_first_one(
    world: PipelineWorld,
) -> None:
    # Given an intention with its statement, already filed with the managing authority
    intention = world.intention(status=S.COMPLIANT)
    _issue(world, intention)
    intention.refresh_from_db()
    intention = world.walk(intention, S.APPLICATION_FILED)
    # When an updated statement is issued
    updated = _issue(world, intention, statement_type=T.UPDATED)
    # Then it is the next number and the intention stays where it is
    assert updated.evidence_number == "OLOMOUC/2025/0002"
    intention.refresh_from_db()
    assert intention.status == S.APPLICATION_FILED


@pytest.mark.parametrize(
    ("status", "kwargs", "field"),
    [
        (S.COMPLIANT, {"statement_type": "final"}, "statement_type"),
        (S.COMPLIANT, {"outcome": "maybe"}, "outcome"),
        (S.RECOMMENDED, {}, "outcome"),
        (S.DEFERRED, {"outcome": O.COMPLIANT}, "outcome"),
        (S.STATEMENT_ISSUED, {"statement_type": T.INITIAL}, "outcome"),
        (S.COMPLIANT, {"statement_type": T.CHANGE}, "change_request"),
    ],
)
def test_it_refuses_a_statement_that_does_not_follow_the_decision(
    world: PipelineWorld, status: str, kwargs: dict[str, Any], field: str
) -> None:
    # Given an intention in some state
    intention = world.intention(status=status)
    # When a statement is issued that does not match it
    with pytest.raises(ValidationError) as caught:
        _issue(world, intention, **kwargs)
    # Then the error names the field and nothing is saved
    assert field in caught.value.message_dict
    assert not ComplianceStatement.objects.exists()


def test_it_lets_only_the_manager_issue_a_statement(world: PipelineWorld) -> None:
    intention = world.intention(status=S.COMPLIANT)
    for role in Role:
        if role == Role.MANAGER:
            continue
        with pytest.raises(PermissionDenied):
            _issue(world, intention, actor=world.user(role))
    assert not ComplianceStatement.objects.exists()


def _change(world: PipelineWorld) -> Any:
    intention = world.intention(status=S.COMPLIANT)
    _issue(world, intention)
    return request_change(
        intention,
        kinds=[ChangeKind.FORMAL_EDIT],
        proposed={},
        justification="Typo in the address.",
        actor=world.user(Role.APPLICANT),
    )


def test_it_refuses_a_change_statement_for_a_change_not_yet_approved(
    world: PipelineWorld,
) -> None:
    # Given a submitted change request
    change = _change(world)
    # When a change statement is issued for it
    with pytest.raises(ValidationError) as caught:
        _issue(world, change.intention, statement_type=T.CHANGE, change_request=change)
    # Then it is refused
    assert "change_request" in caught.value.message_dict


def test_it_refuses_a_change_request_of_another_project_or_on_a_non_change_statement(
    world: PipelineWorld,
) -> None:
    change = _change(world)
    other = world.intention(status=S.COMPLIANT)
    with pytest.raises(ValidationError) as caught:
        _issue(world, other, statement_type=T.CHANGE, change_request=change)
    assert "change_request" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        _issue(world, other, change_request=change)
    assert "change_request" in caught.value.message_dict


def test_it_gives_an_approved_change_one_compliant_statement(world: PipelineWorld) -> None:
    # Given an approved change request
    change = _change(world)
    manager = world.user(Role.MANAGER)
    change = transition_change(change, ChangeStatus.APPROVED, actor=manager)
    # When a non-compliant change statement is tried, then a compliant one twice
    with pytest.raises(ValidationError) as caught:
        _issue(
            world,
            change.intention,
            statement_type=T.CHANGE,
            change_request=change,
            outcome=O.DEFERRED,
        )
    assert "outcome" in caught.value.message_dict
    statement = _issue(world, change.intention, statement_type=T.CHANGE, change_request=change)
    with pytest.raises(ValidationError) as caught:
        _issue(world, change.intention, statement_type=T.CHANGE, change_request=change)
    # Then exactly one change statement exists
    assert statement.statement_type == T.CHANGE
    assert "change_request" in caught.value.message_dict


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_never_gives_two_concurrent_statements_the_same_number() -> None:
    # Given eight compliant intentions (a world of its own: no module data in a transactional test)
    world = PipelineWorld.create()
    intentions = [world.intention(status=S.COMPLIANT) for _ in range(8)]
    manager_pk = world.user(Role.MANAGER).pk
    barrier = threading.Barrier(len(intentions))
    numbers: list[str] = []
    errors: list[BaseException] = []

    def issue(intention: Any) -> None:
        from aglomera.accounts.models import User

        try:
            manager = User.objects.get(pk=manager_pk)
            barrier.wait()
            statement = issue_statement(
                intention,
                statement_type=T.INITIAL,
                outcome=O.COMPLIANT,
                actor=manager,
                issued_on=date(2025, 6, 20),
            )
            numbers.append(statement.evidence_number)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    # When they are issued at the same moment from eight threads
    threads = [threading.Thread(target=issue, args=(i,)) for i in intentions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Then every statement got its own number, without gaps
    assert not errors
    assert sorted(numbers) == [f"OLOMOUC/2025/{n:04d}" for n in range(1, 9)]
