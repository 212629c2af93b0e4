"""Change requests: asking, validation, routing, the manager's and the committee's answers, and
applying the approved values with a change statement."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from aglomera.accounts.models import Role, User
from aglomera.core.models import AuditEvent
from aglomera.core.transitions import TransitionNotAllowed
from aglomera.intentions.actions import changes as actions
from aglomera.intentions.actions.statements import issue_statement
from aglomera.intentions.models import (
    ChangeKind,
    ChangeRequest,
    ChangeStatus,
    ComplianceStatement,
    Decider,
    IntentionIndicator,
    IntentionStatus,
    ProjectIntention,
    StatementOutcome,
    StatementType,
)
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.intentions.transitions import transition_change
from aglomera.strategy.models import IndicatorCode

S = IntentionStatus
K = ChangeKind
CS = ChangeStatus


@dataclass
class Project:
    world: PipelineWorld
    intention: ProjectIntention
    places: IntentionIndicator  # committed 40 places in kindergartens
    meters: IntentionIndicator  # committed 500 m2 of rebuilt floor area

    def user(self, role: Role) -> User:
        return self.world.user(role)

    def request(self, kinds: list[str], justification: str = "Why.", **proposed: Any) -> Any:
        return actions.request_change(
            self.intention,
            kinds=kinds,
            proposed=proposed,
            justification=justification,
            actor=self.user(Role.APPLICANT),
        )


def _project(world: PipelineWorld, status: str = S.IN_IMPLEMENTATION) -> Project:
    """A project with its initial statement, walked on to `status`, committing two indicators."""
    intention = world.intention(status=S.COMPLIANT, requested_eu="10000000.00")
    issue_statement(
        intention,
        statement_type=StatementType.INITIAL,
        outcome=StatementOutcome.COMPLIANT,
        actor=world.user(Role.MANAGER),
        issued_on=date(2025, 6, 20),
    )
    intention.refresh_from_db()
    if status != S.STATEMENT_ISSUED:
        intention = world.walk(intention, status)
    places_code, _ = IndicatorCode.objects.get_or_create(
        code="50001",
        defaults={"kind": "output", "source": "national", "name": {"cs": "Kapacita MŠ"}},
    )
    area_code, _ = IndicatorCode.objects.get_or_create(
        code="50002",
        defaults={"kind": "output", "source": "national", "name": {"cs": "Plocha"}},
    )
    places = IntentionIndicator.objects.create(
        intention=intention, indicator=places_code, committed_value=Decimal("40")
    )
    meters = IntentionIndicator.objects.create(
        intention=intention, indicator=area_code, committed_value=Decimal("500")
    )
    return Project(world, intention, places, meters)


@pytest.fixture(scope="module")
def built_project(pipeline_world: PipelineWorld) -> Project:
    return _project(pipeline_world)


@pytest.fixture
def project(db: None, built_project: Project) -> Project:
    return copy.deepcopy(built_project)


# --- Asking for a change ----------------------------------------------------------------------


def test_it_submits_a_request_routed_to_the_manager(project: Project) -> None:
    # Given a project in implementation
    # When the applicant asks to lower the support and move the end without financial effect
    change = project.request(
        [K.DATE_MOVE, K.LOWER_SUPPORT],
        requested_eu=Decimal("9000000.00"),
        end_date=date(2027, 3, 31),
    )
    # Then it is submitted, routed to the manager, and only the changing values are kept
    assert change.status == CS.SUBMITTED
    assert change.decider == Decider.MANAGER
    assert change.kinds == [K.LOWER_SUPPORT, K.DATE_MOVE]
    assert change.proposed == {"requested_eu": "9000000.00", "end_date": "2027-03-31"}
    assert AuditEvent.objects.filter(code="intentions.change_request.created").exists()


def test_it_routes_a_lower_indicator_to_the_committee(project: Project) -> None:
    change = project.request([K.LOWER_INDICATOR], indicators={project.places.pk: Decimal("30")})
    assert change.decider == Decider.COMMITTEE
    assert change.proposed == {"indicators": {str(project.places.pk): "30"}}


def test_it_ignores_values_that_do_not_change(project: Project) -> None:
    change = project.request(
        [K.FORMAL_EDIT],
        requested_eu=project.intention.requested_eu,
        end_date=project.intention.end_date,
        indicators={project.places.pk: Decimal("40")},
        name={"cs": str(project.intention.name)},
    )
    assert change.proposed == {}


BAD_REQUESTS = [
    # (kinds, proposed values, justification, field with the message)
    ([], {}, "Why.", "kinds"),
    (["bigger"], {}, "Why.", "kinds"),
    ([K.FORMAL_EDIT], {}, "  ", "justification"),
    ([K.DATE_MOVE, K.DATE_MOVE_SHIFTING_MONEY], {"end_date": date(2027, 1, 1)}, "x", "kinds"),
    ([K.LOWER_COST], {"total_cost": Decimal("30000000.00")}, "x", "total_cost"),
    ([K.LOWER_COST], {"eligible_cost": Decimal("99999999.00")}, "x", "eligible_cost"),
    ([K.LOWER_COST], {}, "x", "total_cost"),
    (
        [K.LOWER_COST],
        {"total_cost": Decimal("10000000.00"), "eligible_cost": Decimal("11000000.00")},
        "x",
        "eligible_cost",
    ),
    ([K.LOWER_SUPPORT], {"requested_eu": Decimal("10000001.00")}, "x", "requested_eu"),
    ([K.LOWER_SUPPORT], {"requested_national": Decimal("5.00")}, "x", "requested_eu"),
    ([K.LOWER_SUPPORT], {}, "x", "requested_eu"),
    ([K.FORMAL_EDIT], {"requested_eu": Decimal("1.00")}, "x", "requested_eu"),
    ([K.FORMAL_EDIT], {"end_date": date(2027, 1, 1)}, "x", "end_date"),
    ([K.DATE_MOVE], {"end_date": date(2025, 8, 1)}, "x", "end_date"),
    ([K.DATE_MOVE], {"start_date": date(2027, 1, 1)}, "x", "end_date"),
    ([K.DATE_MOVE_SHIFTING_MONEY], {}, "x", "end_date"),
    ([K.LOWER_SUPPORT], {"requested_eu": Decimal("-1")}, "x", "requested_eu"),
    ([K.DATE_MOVE], {"name": {"cs": "Nový název"}, "end_date": date(2027, 1, 1)}, "x", "name"),
    # beyond the eligibility of expenditure (CPR 2021/1060 Art. 63(2): until 2029-12-31)
    ([K.DATE_MOVE], {"end_date": date(2030, 1, 1)}, "x", "end_date"),
    ([K.DATE_MOVE], {"end_date": date(9999, 12, 31)}, "x", "end_date"),
    ([K.DATE_MOVE], {"start_date": date(2020, 12, 31)}, "x", "start_date"),
]


@pytest.mark.parametrize(("kinds", "proposed", "justification", "field"), BAD_REQUESTS)
def test_it_refuses_a_request_that_does_not_add_up(
    project: Project, kinds: list[str], proposed: dict[str, Any], justification: str, field: str
) -> None:
    # When the applicant asks for a change whose values do not fit its kinds
    with pytest.raises(ValidationError) as caught:
        project.request(kinds, justification, **proposed)
    # Then the message is next to the field and nothing is saved
    assert field in caught.value.message_dict
    assert not ChangeRequest.objects.exists()


@pytest.mark.parametrize(
    ("kinds", "values", "field"),
    [
        ([K.FORMAL_EDIT], {"places": "30"}, "places"),
        ([K.FORMAL_EDIT], {"places": "50"}, "places"),
        ([K.HIGHER_INDICATOR], {"places": "30"}, "places"),
        ([K.LOWER_INDICATOR], {"places": "50"}, "places"),
        ([K.LOWER_INDICATOR], {}, "kinds"),
        ([K.HIGHER_INDICATOR, K.LOWER_INDICATOR], {"places": "50"}, "kinds"),
        ([K.HIGHER_INDICATOR], {"places": "-5"}, "places"),
    ],
)
def test_it_checks_indicator_values_against_the_kinds(
    project: Project, kinds: list[str], values: dict[str, str], field: str
) -> None:
    indicators = {project.places.pk: Decimal(values["places"])} if values else {}
    with pytest.raises(ValidationError) as caught:
        project.request(kinds, indicators=indicators)
    key = f"indicator_{project.places.pk}" if field == "places" else field
    assert key in caught.value.message_dict


def test_it_refuses_an_indicator_of_another_project(project: Project) -> None:
    other = _project(project.world)
    with pytest.raises(ValidationError) as caught:
        project.request([K.HIGHER_INDICATOR], indicators={other.places.pk: Decimal("99")})
    assert "indicators" in caught.value.message_dict


@pytest.mark.parametrize(
    "status", [S.COMPLIANT, S.FINANCIALLY_CLOSED, S.SUSTAINABILITY, S.REJECTED_BY_MA]
)
def test_it_accepts_requests_only_between_the_statement_and_closure(
    db: None, pipeline_world: PipelineWorld, status: str
) -> None:
    world = copy.deepcopy(pipeline_world)
    intention = world.intention(status=status)
    with pytest.raises(ValidationError) as caught:
        actions.request_change(
            intention,
            kinds=[K.FORMAL_EDIT],
            proposed={},
            justification="x",
            actor=world.user(Role.APPLICANT),
        )
    assert caught.value.code == "not_changeable"


@pytest.mark.parametrize(
    "status", [S.STATEMENT_ISSUED, S.APPLICATION_FILED, S.LEGAL_ACT, S.PHYSICALLY_COMPLETED]
)
def test_it_accepts_requests_in_every_state_after_the_statement(
    db: None, pipeline_world: PipelineWorld, status: str
) -> None:
    project = _project(copy.deepcopy(pipeline_world), status)
    assert project.request([K.FORMAL_EDIT]).status == CS.SUBMITTED


def test_it_allows_one_open_request_per_project(project: Project) -> None:
    project.request([K.FORMAL_EDIT])
    with pytest.raises(ValidationError) as caught:
        project.request([K.FORMAL_EDIT])
    assert caught.value.code == "open_change"


def test_it_lets_only_the_projects_applicant_ask(project: Project) -> None:
    # Given users who are not the project's applicant
    outsiders = [project.user(r) for r in Role if r != Role.APPLICANT]
    outsiders.append(project.world.other_applicant)
    # Then none of them may ask for a change
    for actor in outsiders:
        with pytest.raises(PermissionDenied):
            actions.request_change(
                project.intention,
                kinds=[K.FORMAL_EDIT],
                proposed={},
                justification="x",
                actor=actor,
            )


# --- The manager's answer -----------------------------------------------------------------


def test_it_applies_an_approved_change_and_issues_a_change_statement(project: Project) -> None:
    # Given a request the manager may decide alone
    change = project.request(
        [K.LOWER_SUPPORT, K.DATE_MOVE, K.HIGHER_INDICATOR, K.FORMAL_EDIT],
        requested_eu=Decimal("9500000.00"),
        start_date=date(2025, 10, 1),
        end_date=date(2027, 6, 30),
        indicators={project.meters.pk: Decimal("550.5")},
        name={"cs": "Mateřská škola Holice – přístavba"},
    )
    # When the manager approves it (in 2025)
    with time_machine.travel(datetime(2025, 7, 1, 10, 0, tzinfo=UTC)):
        change = actions.decide_change(
            change, decision=CS.APPROVED, reason="OK", actor=project.user(Role.MANAGER)
        )
    # Then the values are in the project, audited before and after, with a change statement
    assert change.status == CS.APPROVED
    intention = ProjectIntention.objects.get(pk=project.intention.pk)
    assert intention.requested_eu == Decimal("9500000.00")
    assert (intention.start_date, intention.end_date) == (date(2025, 10, 1), date(2027, 6, 30))
    assert str(intention.name) == "Mateřská škola Holice – přístavba"
    project.meters.refresh_from_db()
    assert project.meters.committed_value == Decimal("550.5")
    event = AuditEvent.objects.get(code="intentions.intention.changed")
    assert event.before["requested_eu"] == "10000000.00"
    assert event.after["requested_eu"] == "9500000.00"
    assert event.before["indicators"] == {str(project.meters.pk): "500.000"}
    assert event.after["indicators"] == {str(project.meters.pk): "550.5"}
    statement = ComplianceStatement.objects.get(change_request=change)
    assert statement.statement_type == StatementType.CHANGE
    assert statement.evidence_number == "OLOMOUC/2025/0002"
    assert intention.status == S.IN_IMPLEMENTATION


def test_it_records_a_rejection_with_its_reason(project: Project) -> None:
    change = project.request([K.FORMAL_EDIT])
    manager = project.user(Role.MANAGER)
    with pytest.raises(ValidationError) as caught:
        actions.decide_change(change, decision=CS.REJECTED, reason=" ", actor=manager)
    assert "reason" in caught.value.message_dict
    change = actions.decide_change(
        change, decision=CS.REJECTED, reason="Not justified.", actor=manager
    )
    assert change.status == CS.REJECTED
    assert not ComplianceStatement.objects.filter(change_request=change).exists()


def test_it_makes_the_manager_refer_a_committee_matter(project: Project) -> None:
    # Given a request the rules give to the committee
    change = project.request([K.LOWER_COST], total_cost=Decimal("15000000.00"))
    manager = project.user(Role.MANAGER)
    # When the manager tries to decide it alone
    for decision in (CS.APPROVED, CS.REJECTED):
        with pytest.raises(ValidationError) as caught:
            actions.decide_change(change, decision=decision, reason="x", actor=manager)
        assert "decision" in caught.value.message_dict
    # Then only the referral goes through
    change = actions.decide_change(change, decision=CS.WITH_COMMITTEE, actor=manager)
    assert change.status == CS.WITH_COMMITTEE


def test_it_routes_by_the_rules_in_force_when_deciding(project: Project) -> None:
    # Given a request routed to the manager, then the rule changed to the committee
    change = project.request([K.FORMAL_EDIT])
    manager = project.user(Role.MANAGER)
    actions.set_competence_rule(
        project.world.agglomeration,
        change_kind=K.FORMAL_EDIT,
        decider=Decider.COMMITTEE,
        actor=manager,
    )
    # When the manager approves it alone, then refers it
    with pytest.raises(ValidationError):
        actions.decide_change(change, decision=CS.APPROVED, actor=manager)
    change = actions.decide_change(change, decision=CS.WITH_COMMITTEE, actor=manager)
    # Then the stored routing follows the rules in force
    change.refresh_from_db()
    assert change.decider == Decider.COMMITTEE


def test_it_refuses_a_decision_on_a_request_already_decided(project: Project) -> None:
    change = project.request([K.FORMAL_EDIT])
    manager = project.user(Role.MANAGER)
    actions.decide_change(change, decision=CS.APPROVED, actor=manager)
    with pytest.raises(ValidationError) as caught:
        actions.decide_change(change, decision=CS.REJECTED, reason="x", actor=manager)
    assert caught.value.code == "stale"


def test_it_refuses_an_unknown_decision(project: Project) -> None:
    change = project.request([K.FORMAL_EDIT])
    with pytest.raises(ValidationError) as caught:
        actions.decide_change(change, decision=CS.WITHDRAWN, actor=project.user(Role.MANAGER))
    assert "decision" in caught.value.message_dict


@pytest.mark.parametrize("role", [r for r in Role if r != Role.MANAGER])
def test_it_lets_only_the_manager_decide(project: Project, role: Role) -> None:
    change = project.request([K.FORMAL_EDIT])
    with pytest.raises(PermissionDenied):
        actions.decide_change(change, decision=CS.APPROVED, actor=project.user(role))


# --- The committee's answer ---------------------------------------------------------------


def _referred(project: Project) -> ChangeRequest:
    change = project.request([K.LOWER_INDICATOR], indicators={project.places.pk: Decimal("35")})
    return actions.decide_change(
        change, decision=CS.WITH_COMMITTEE, actor=project.user(Role.MANAGER)
    )


def test_it_applies_the_committees_approval(project: Project) -> None:
    # Given a request referred to the committee
    change = _referred(project)
    # When the committee's resolution approves it
    statement = actions.approve_change(change, actor=project.user(Role.MANAGER))
    # Then the lower value is committed and the change statement issued
    project.places.refresh_from_db()
    assert project.places.committed_value == Decimal("35")
    assert statement.change_request_id == change.pk
    change.refresh_from_db()
    assert change.status == CS.APPROVED


def test_it_applies_a_change_approved_directly_through_the_workflow(project: Project) -> None:
    # Given a referred request approved by transition_change (as the committee area may do)
    change = transition_change(_referred(project), CS.APPROVED, actor=project.user(Role.MANAGER))
    # When it is applied, twice
    statement = actions.apply_approved_change(change, actor=project.user(Role.MANAGER))
    with pytest.raises(ValidationError) as caught:
        actions.apply_approved_change(change, actor=project.user(Role.MANAGER))
    # Then it was applied once
    assert statement.statement_type == StatementType.CHANGE
    assert caught.value.code == "applied"


def test_it_applies_only_an_approved_change(project: Project) -> None:
    change = _referred(project)
    with pytest.raises(ValidationError) as caught:
        actions.apply_approved_change(change, actor=project.user(Role.MANAGER))
    assert caught.value.code == "not_approved"


def test_it_records_the_committees_rejection(project: Project) -> None:
    change = actions.reject_change(
        _referred(project), actor=project.user(Role.MANAGER), reason="Resolution 7/2025"
    )
    assert change.status == CS.REJECTED


def test_it_lets_the_committee_answer_only_what_was_referred(project: Project) -> None:
    change = project.request([K.FORMAL_EDIT])
    manager = project.user(Role.MANAGER)
    with pytest.raises(ValidationError) as caught:
        actions.approve_change(change, actor=manager)
    assert caught.value.code == "not_with_committee"
    with pytest.raises(ValidationError):
        actions.reject_change(change, actor=manager)


def test_it_refuses_to_apply_a_change_that_no_longer_fits(project: Project) -> None:
    # Given an approved lower cost, while the eligible cost it relied on was raised meanwhile
    change = project.request([K.LOWER_COST], total_cost=Decimal("12000000.00"))
    change = actions.decide_change(
        change, decision=CS.WITH_COMMITTEE, actor=project.user(Role.MANAGER)
    )
    ProjectIntention.objects.filter(pk=project.intention.pk).update(
        eligible_cost=Decimal("12500000.00"), total_cost=Decimal("13000000.00")
    )
    # When the committee approves it
    with pytest.raises(ValidationError) as caught:
        actions.approve_change(change, actor=project.user(Role.MANAGER))
    # Then nothing is changed
    assert caught.value.code == "conflict"
    change.refresh_from_db()
    assert change.status == CS.WITH_COMMITTEE


def test_it_refuses_dates_that_no_longer_fit_when_applying(project: Project) -> None:
    change = project.request([K.DATE_MOVE_SHIFTING_MONEY], end_date=date(2026, 3, 1))
    change = actions.decide_change(
        change, decision=CS.WITH_COMMITTEE, actor=project.user(Role.MANAGER)
    )
    ProjectIntention.objects.filter(pk=project.intention.pk).update(start_date=date(2026, 3, 1))
    with pytest.raises(ValidationError) as caught:
        actions.approve_change(change, actor=project.user(Role.MANAGER))
    assert caught.value.code == "conflict"


# --- Withdrawal ---------------------------------------------------------------------------


def test_it_lets_the_applicant_withdraw_a_waiting_request(project: Project) -> None:
    change = actions.withdraw_change(
        project.request([K.FORMAL_EDIT]), actor=project.user(Role.APPLICANT)
    )
    assert change.status == CS.WITHDRAWN
    referred = _referred(project)
    with pytest.raises(TransitionNotAllowed):
        actions.withdraw_change(referred, actor=project.user(Role.APPLICANT))
