"""An action given its moment (`now`) records its steps and its audit at that moment: the
committee carries out a resolution when it was decided, the demo replays the story with its dates.
Without `now` the present moment is recorded (the other tests)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import models

from aglomera.accounts.models import Role
from aglomera.core.models import AuditEvent, StatusChange
from aglomera.intentions.actions import changes, statements, submission
from aglomera.intentions.models import (
    ChangeKind,
    ChangeRequest,
    ChangeStatus,
    IntentionStatus,
    ProjectIntention,
    StatementOutcome,
    StatementType,
)
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.intentions.tests.test_changes import Project, _project

pytestmark = pytest.mark.django_db

S = IntentionStatus
CS = ChangeStatus
JUNE = datetime(2025, 6, 20, 12, 0, tzinfo=UTC)
JULY = datetime(2025, 7, 1, 9, 30, tzinfo=UTC)
AUGUST = datetime(2025, 8, 5, 14, 0, tzinfo=UTC)


def _moment_of(obj: models.Model, new_status: str) -> datetime:
    return StatusChange.objects.get(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        new_status=new_status,
    ).created_at


def _audited_at(code: str) -> list[datetime]:
    return list(AuditEvent.objects.filter(code=code).values_list("created_at", flat=True))


def test_a_statement_and_the_managing_authoritys_steps_carry_their_moments() -> None:
    # Given a compliant intention
    world = PipelineWorld.create()
    intention = world.intention(status=S.COMPLIANT)
    # When its statement is issued in June and the application filed in July
    statement = statements.issue_statement(
        intention,
        statement_type=StatementType.INITIAL,
        outcome=StatementOutcome.COMPLIANT,
        actor=world.user(Role.MANAGER),
        now=JUNE,
    )
    filed = statements.record_managing_authority(
        intention,
        registration_number="CZ.06.02.01/00/22_012/0001234",
        ma_state_code="",
        to=S.APPLICATION_FILED,
        actor=world.user(Role.COORDINATOR),
        now=JULY,
    )
    # Then each step and its audit are recorded then, and the statement is dated that day
    assert statement.issued_on == date(2025, 6, 20)
    assert _moment_of(intention, S.STATEMENT_ISSUED) == JUNE
    assert _audited_at("intentions.statement.issued") == [JUNE]
    assert (filed.status, _moment_of(intention, S.APPLICATION_FILED)) == (S.APPLICATION_FILED, JULY)
    assert _audited_at("intentions.intention.managing_authority") == [JULY]


def test_a_withdrawal_carries_its_moment() -> None:
    world = PipelineWorld.create()
    intention = world.intention(status=S.SUBMITTED)
    submission.withdraw_intention(
        intention, "Bez pozemku.", actor=world.user(Role.APPLICANT), now=JULY
    )
    assert _moment_of(intention, S.WITHDRAWN) == JULY


def test_a_change_asked_and_approved_by_the_manager_carries_its_moments() -> None:
    project: Project = _project(PipelineWorld.create())
    change = changes.request_change(
        project.intention,
        kinds=[ChangeKind.LOWER_SUPPORT],
        proposed={"requested_eu": Decimal("9000000.00")},
        justification="Nižší náklady.",
        actor=project.user(Role.APPLICANT),
        now=JUNE,
    )
    changes.decide_change(change, decision=CS.APPROVED, actor=project.user(Role.MANAGER), now=JULY)
    assert (_moment_of(change, CS.SUBMITTED), _moment_of(change, CS.APPROVED)) == (JUNE, JULY)
    assert _audited_at("intentions.change_request.created") == [JUNE]
    assert _audited_at("intentions.intention.changed") == [JULY]
    assert ProjectIntention.objects.get(pk=project.intention.pk).requested_eu == Decimal(
        "9000000.00"
    )


def test_the_committees_answers_and_a_withdrawal_carry_their_moments() -> None:
    project = _project(PipelineWorld.create())
    manager = project.user(Role.MANAGER)

    def referred() -> ChangeRequest:
        change = project.request([ChangeKind.LOWER_COST], total_cost=Decimal("15000000.00"))
        return changes.decide_change(change, decision=CS.WITH_COMMITTEE, actor=manager)

    # When the committee rejects one request in June and approves another in July
    rejected = changes.reject_change(referred(), actor=manager, now=JUNE)
    accepted = referred()
    statement = changes.approve_change(accepted, actor=manager, now=JULY)
    # And the applicant withdraws a third in August
    waiting = project.request([ChangeKind.FORMAL_EDIT], name={"cs": "Nový název"})
    changes.withdraw_change(waiting, actor=project.user(Role.APPLICANT), now=AUGUST)
    # Then each answer is recorded at its moment, the change statement dated that day
    assert _moment_of(rejected, CS.REJECTED) == JUNE
    assert _moment_of(accepted, CS.APPROVED) == JULY
    assert statement.issued_on == date(2025, 7, 1)
    assert _moment_of(waiting, CS.WITHDRAWN) == AUGUST
