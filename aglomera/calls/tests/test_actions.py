"""Planning, editing, announcing and modifying calls through the actions."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from aglomera.accounts.models import Role
from aglomera.calls import actions
from aglomera.calls.models import (
    AttachmentKind,
    Call,
    CallModification,
    CallSchedule,
    CallStatus,
    Criterion,
    CriterionKind,
    FormalCheckItem,
)
from aglomera.calls.tests.helpers import (
    NEXT_DEADLINE,
    NEXT_OPENS,
    fields,
    municipalities,
    planned_call,
)
from aglomera.core.models import AuditEvent, StatusChange
from aglomera.intentions.tests.builders import DEADLINE, DURING, PipelineWorld
from aglomera.strategy import actions as strategy_actions
from aglomera.strategy.actions import set_office_role
from aglomera.strategy.models import Fund, Period, Programme, SpecificObjective
from aglomera.strategy.tests.builders import make_opole

BEFORE_NEXT = datetime(2025, 6, 15, 8, 0, tzinfo=UTC)


@pytest.fixture
def world(db: None, pipeline_world: PipelineWorld) -> PipelineWorld:
    return copy.deepcopy(pipeline_world)


def _errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


# ---- creating and editing ---------------------------------------------------------------------


def test_it_plans_a_call_with_every_field_and_audits_it(world: PipelineWorld) -> None:
    # Given the member municipalities and a schedule for 2025
    olomouc, prerov = municipalities(world)
    manager = world.users[Role.MANAGER]
    schedule = actions.create_schedule(world.agglomeration, 2025, {"cs": "Plán"}, actor=manager)
    # When the coordinator plans a call
    call = actions.create_call(
        world.agglomeration,
        fields(
            world,
            schedule=schedule,
            number=" 7 ",
            territory=[olomouc, prerov],
            min_eligible_cost=Decimal("1000000.00"),
            max_eligible_cost=Decimal("1000000.00"),
            managing_authority_call=" 51. výzva IROP ",
        ),
        actor=world.users[Role.COORDINATOR],
    )
    # Then it is planned with what was typed, trimmed
    call.refresh_from_db()
    assert call.status == CallStatus.PLANNED
    assert call.number == "7"
    assert call.schedule == schedule
    assert call.managing_authority_call == "51. výzva IROP"
    assert set(call.territory.all()) == {olomouc, prerov}
    assert call.opens_at == NEXT_OPENS
    event = AuditEvent.objects.get(code="calls.call.created")
    assert event.after["number"] == "7"
    assert event.after["territory"] == sorted([olomouc.pk, prerov.pk])


@pytest.mark.parametrize("role", [Role.WORKING_GROUP, Role.APPLICANT, Role.PARTNER, Role.AUDITOR])
def test_only_staff_plan_calls(world: PipelineWorld, role: Role) -> None:
    with pytest.raises(PermissionDenied):
        actions.create_call(world.agglomeration, fields(world), actor=world.users[role])
    assert not Call.objects.filter(number="7").exists()


def _other_period_objective() -> SpecificObjective:
    irop14 = Programme.objects.create(
        code="IROP",
        period=Period.P2014,
        name={"cs": "IROP 2014"},
        country="CZ",
        managing_authority={"cs": "MMR"},
        currency="CZK",
    )
    return SpecificObjective.objects.create(
        programme=irop14, code="2.4", name={"cs": "Vzdělávání"}, fund=Fund.ERDF
    )


BAD_INPUT: list[tuple[str, dict[str, Any], str, str]] = [
    ("unknown measure", {"measure_code": "9.9.9"}, "measure_code", "no measure 9.9.9"),
    ("empty number", {"number": "  "}, "number", "Enter the call number"),
    ("no name", {"name": {}}, "name", "at least one language"),
    ("negative allocation", {"allocation": Decimal("-1")}, "allocation", "cannot be negative"),
    ("sub-cent allocation", {"allocation": Decimal("1.005")}, "allocation", "to the cent"),
    ("huge allocation", {"allocation": Decimal("1e15")}, "allocation", "too large"),
    ("not a number", {"allocation": Decimal("NaN")}, "allocation", "Enter a number"),
    ("negative minimum", {"min_eligible_cost": Decimal("-5")}, "min_eligible_cost", "negative"),
    (
        "minimum above maximum",
        {"min_eligible_cost": Decimal("2000000"), "max_eligible_cost": Decimal("1000000")},
        "max_eligible_cost",
        "not be lower than the minimum",
    ),
    ("aid rate above 100", {"aid_rate": Decimal("100.01")}, "aid_rate", "between 0 and 100"),
    ("negative aid rate", {"aid_rate": Decimal("-1")}, "aid_rate", "between 0 and 100"),
    (
        "deadline before opening",
        {"closes_at": NEXT_OPENS - timedelta(minutes=1)},
        "closes_at",
        "after the opening",
    ),
    ("deadline equal to opening", {"closes_at": NEXT_OPENS}, "closes_at", "after the opening"),
    # Within the strategy's programming period (2021-2027), not 1900-9999
    (
        "opens before the period",
        {"opens_at": datetime(1900, 1, 1, tzinfo=UTC)},
        "opens_at",
        "2021–2027 programming period opens and closes between",
    ),
    (
        "closes after the period",
        {"closes_at": datetime(9999, 12, 30, tzinfo=UTC)},
        "closes_at",
        "2021–2027 programming period opens and closes between",
    ),
]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [case[1:] for case in BAD_INPUT],
    ids=[case[0] for case in BAD_INPUT],
)
def test_it_refuses_bad_input_and_saves_nothing(
    world: PipelineWorld, overrides: dict[str, Any], field: str, message: str
) -> None:
    # When a call is planned with one bad value
    with pytest.raises(ValidationError) as exc:
        planned_call(world, **overrides)
    # Then the message names the field and nothing is saved
    assert message in " ".join(_errors(exc)[field])
    assert Call.objects.count() == 1  # only the world's announced call
    assert not AuditEvent.objects.filter(code="calls.call.created").exists()


def test_it_refuses_an_objective_the_measure_does_not_draw_on(world: PipelineWorld) -> None:
    other = SpecificObjective.objects.get(programme__code="OPD", code="2.2")
    with pytest.raises(ValidationError) as exc:
        planned_call(world, specific_objective=other)
    assert "does not draw on" in _errors(exc)["specific_objective"][0]


def test_it_refuses_an_objective_of_another_programming_period(world: PipelineWorld) -> None:
    with pytest.raises(ValidationError) as exc:
        planned_call(world, specific_objective=_other_period_objective())
    assert "another programming period" in _errors(exc)["specific_objective"][0]


def test_it_refuses_a_duplicate_number_in_the_same_strategy(world: PipelineWorld) -> None:
    with pytest.raises(ValidationError) as exc:
        planned_call(world, number="2")
    assert "already has a call numbered 2" in _errors(exc)["number"][0]


def test_it_refuses_objects_of_another_agglomeration(world: PipelineWorld) -> None:
    # Given Opole with its own schedule, municipality and strategy
    opole = make_opole()
    other_world = PipelineWorld.create(opole)
    schedule = actions.create_schedule(opole, 2025, actor=other_world.users[Role.MANAGER])
    gmina = municipalities(other_world)[0]
    # When an Olomouc call points at them
    with pytest.raises(ValidationError) as exc:
        planned_call(world, schedule=schedule, territory=[gmina])
    with pytest.raises(ValidationError) as strategy_exc:
        planned_call(world, strategy=other_world.strategy)
    # Then each is refused on its field
    errors = _errors(exc)
    assert "this agglomeration" in errors["schedule"][0]
    assert "this agglomeration" in errors["territory"][0]
    assert "this agglomeration" in _errors(strategy_exc)["strategy"][0]


def test_it_refuses_a_strategy_without_an_approved_version(world: PipelineWorld) -> None:
    manager = world.users[Role.MANAGER]
    new = strategy_actions.create_strategy(
        world.agglomeration, Period.P2028, {"cs": "Strategie 2028+"}, actor=manager
    )
    with pytest.raises(ValidationError) as exc:
        planned_call(world, strategy=new)
    assert "no approved version" in _errors(exc)["strategy"][0]


def test_it_edits_a_planned_call_and_audits_only_what_changed(world: PipelineWorld) -> None:
    # Given a planned call
    call = planned_call(world)
    olomouc = municipalities(world)[0]
    # When the coordinator raises the allocation and limits the territory
    actions.update_call(
        call,
        fields(world, allocation=Decimal("30000000.00"), territory=[olomouc]),
        actor=world.users[Role.COORDINATOR],
    )
    # Then the call and the audit log show it
    call.refresh_from_db()
    assert call.allocation == Decimal("30000000.00")
    event = AuditEvent.objects.get(code="calls.call.updated")
    assert set(event.after) == {"allocation", "territory"}
    assert event.before["territory"] == []


def test_it_keeps_the_own_number_when_editing(world: PipelineWorld) -> None:
    call = planned_call(world)
    actions.update_call(call, fields(world, number="7"), actor=world.users[Role.MANAGER])
    assert Call.objects.filter(number="7").count() == 1


def test_an_announced_call_cannot_be_edited(world: PipelineWorld) -> None:
    with pytest.raises(ValidationError, match="only a planned call can be edited"):
        actions.update_call(world.call, fields(world, number="2"), actor=world.users[Role.MANAGER])


# ---- criteria, checklist and required attachments ---------------------------------------------


def test_it_adds_gates_and_scored_criteria_in_order(world: PipelineWorld) -> None:
    call = planned_call(world)
    coordinator = world.users[Role.COORDINATOR]
    gate = actions.add_criterion(
        call, {"cs": "Soulad"}, CriterionKind.GATE, weight=Decimal("5"), actor=coordinator
    )
    scored = actions.add_criterion(
        call,
        {"cs": "Připravenost"},
        CriterionKind.SCORED,
        weight=Decimal("2"),
        max_points=10,
        actor=coordinator,
    )
    assert (gate.order, gate.weight, gate.max_points) == (1, Decimal("0"), 0)
    assert (scored.order, scored.weight, scored.max_points) == (2, Decimal("2"), 10)
    assert AuditEvent.objects.filter(code="calls.criterion.added").count() == 2


@pytest.mark.parametrize(
    ("name", "kind", "weight", "points", "field"),
    [
        ({}, CriterionKind.GATE, None, None, "name"),
        ({"cs": "X"}, CriterionKind.SCORED, None, 10, "weight"),
        ({"cs": "X"}, CriterionKind.SCORED, Decimal("0"), 10, "weight"),
        ({"cs": "X"}, CriterionKind.SCORED, Decimal("1"), None, "max_points"),
        ({"cs": "X"}, CriterionKind.SCORED, Decimal("1"), 0, "max_points"),
        ({"cs": "X"}, "bonus", None, None, "kind"),
    ],
)
def test_it_refuses_an_incomplete_criterion(
    world: PipelineWorld,
    name: dict[str, str],
    kind: str,
    weight: Decimal | None,
    points: int | None,
    field: str,
) -> None:
    call = planned_call(world)
    with pytest.raises(ValidationError) as exc:
        actions.add_criterion(
            call, name, kind, weight=weight, max_points=points, actor=world.users[Role.MANAGER]
        )
    assert field in _errors(exc)
    assert not Criterion.objects.filter(call=call).exists()


def test_it_adds_and_removes_checklist_items_and_attachments(world: PipelineWorld) -> None:
    call = planned_call(world)
    manager = world.users[Role.MANAGER]
    item = actions.add_checklist_item(call, {"cs": "Úplnost"}, actor=manager)
    second = actions.add_checklist_item(call, {"cs": "Oprávněnost"}, actor=manager)
    kind = actions.add_attachment_kind(call, {"cs": "Rozpočet"}, mandatory=False, actor=manager)
    criterion = actions.add_criterion(call, {"cs": "Soulad"}, CriterionKind.GATE, actor=manager)
    assert (item.order, second.order, kind.mandatory) == (1, 2, False)
    for part in (item, kind, criterion):
        actions.remove_call_part(part, actor=manager)
    assert list(FormalCheckItem.objects.filter(call=call)) == [second]
    assert not AttachmentKind.objects.filter(call=call).exists()
    assert not Criterion.objects.filter(call=call).exists()
    codes = set(AuditEvent.objects.values_list("code", flat=True))
    assert {"calls.checklist_item.removed", "calls.attachment_kind.removed"} <= codes
    assert "calls.criterion.removed" in codes


def test_it_refuses_empty_checklist_items_and_attachments(world: PipelineWorld) -> None:
    call = planned_call(world)
    manager = world.users[Role.MANAGER]
    with pytest.raises(ValidationError) as exc:
        actions.add_checklist_item(call, {}, actor=manager)
    assert "text" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        actions.add_attachment_kind(call, {"cs": " "}, mandatory=True, actor=manager)
    assert "name" in _errors(exc)


def test_the_parts_of_an_announced_call_are_frozen(world: PipelineWorld) -> None:
    manager = world.users[Role.MANAGER]
    with pytest.raises(ValidationError, match="only a planned call"):
        actions.add_criterion(world.call, {"cs": "Nové"}, CriterionKind.GATE, actor=manager)
    with pytest.raises(ValidationError, match="only a planned call"):
        actions.remove_call_part(world.criteria[0], actor=manager)
    assert Criterion.objects.filter(call=world.call).count() == 3


def test_non_staff_cannot_touch_the_parts(world: PipelineWorld) -> None:
    call = planned_call(world)
    member = world.users[Role.WORKING_GROUP]
    item = actions.add_checklist_item(call, {"cs": "X"}, actor=world.users[Role.MANAGER])
    with pytest.raises(PermissionDenied):
        actions.add_checklist_item(call, {"cs": "Y"}, actor=member)
    with pytest.raises(PermissionDenied):
        actions.remove_call_part(item, actor=member)


# ---- the yearly schedule ----------------------------------------------------------------------


def test_it_creates_a_schedule_once_per_year(world: PipelineWorld) -> None:
    coordinator = world.users[Role.COORDINATOR]
    actions.create_schedule(world.agglomeration, 2026, actor=coordinator)
    with pytest.raises(ValidationError) as exc:
        actions.create_schedule(world.agglomeration, 2026, actor=coordinator)
    assert "already exists" in _errors(exc)["year"][0]
    with pytest.raises(ValidationError) as exc:
        actions.create_schedule(world.agglomeration, 1999, actor=coordinator)
    assert "between 2000 and 2100" in _errors(exc)["year"][0]
    with pytest.raises(PermissionDenied):
        actions.create_schedule(world.agglomeration, 2027, actor=world.users[Role.COMMITTEE])
    assert CallSchedule.objects.count() == 1


def test_the_manager_records_the_approval_date(world: PipelineWorld) -> None:
    manager = world.users[Role.MANAGER]
    schedule = actions.create_schedule(world.agglomeration, 2025, actor=manager)
    actions.approve_schedule(schedule, date(2025, 1, 20), actor=manager, today=date(2025, 2, 1))
    schedule.refresh_from_db()
    assert schedule.approved_on == date(2025, 1, 20)
    assert AuditEvent.objects.get(code="calls.schedule.approved").after == {
        "approved_on": "2025-01-20"
    }
    with pytest.raises(ValidationError) as exc:
        actions.approve_schedule(schedule, date(2025, 3, 1), actor=manager, today=date(2025, 2, 1))
    assert "future" in _errors(exc)["approved_on"][0]
    with pytest.raises(PermissionDenied):
        actions.approve_schedule(schedule, date(2025, 1, 21), actor=world.users[Role.COORDINATOR])


def test_an_approval_date_out_of_range_is_refused(world: PipelineWorld) -> None:
    manager = world.users[Role.MANAGER]
    schedule = actions.create_schedule(world.agglomeration, 2025, actor=manager)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        actions.approve_schedule(schedule, date(1999, 12, 31), actor=manager)
    assert _errors(exc)["approved_on"] == ["Enter a date between 2000-01-01 and 2100-12-31."]
    schedule.refresh_from_db()
    assert schedule.approved_on is None


# ---- announce, close, cancel: the guards ------------------------------------------------------


def test_announcing_needs_a_criterion(world: PipelineWorld) -> None:
    # Given a planned call without criteria
    call = planned_call(world)
    manager = world.users[Role.MANAGER]
    # When the manager announces it, it is refused
    with pytest.raises(ValidationError, match="at least one criterion"):
        actions.change_call_status(call, CallStatus.ANNOUNCED, actor=manager, now=BEFORE_NEXT)
    # Then with a criterion it is announced and the step is recorded
    actions.add_criterion(call, {"cs": "Soulad"}, CriterionKind.GATE, actor=manager)
    call = actions.change_call_status(call, CallStatus.ANNOUNCED, actor=manager, now=BEFORE_NEXT)
    assert call.status == CallStatus.ANNOUNCED
    assert StatusChange.objects.filter(object_id=call.pk, new_status="announced").exists()


def test_a_call_past_its_deadline_cannot_be_announced(world: PipelineWorld) -> None:
    call = planned_call(world)
    manager = world.users[Role.MANAGER]
    actions.add_criterion(call, {"cs": "Soulad"}, CriterionKind.GATE, actor=manager)
    with pytest.raises(ValidationError, match="deadline of this call has passed"):
        actions.change_call_status(call, CallStatus.ANNOUNCED, actor=manager, now=NEXT_DEADLINE)


def test_closing_waits_for_the_deadline(world: PipelineWorld) -> None:
    manager = world.users[Role.MANAGER]
    # One second before the deadline the call cannot be closed; the deadline is shown
    with translation.override("cs"), pytest.raises(ValidationError) as exc:
        actions.change_call_status(
            world.call, CallStatus.CLOSED, actor=manager, now=DEADLINE - timedelta(seconds=1)
        )
    assert "30. 5. 2025 12:00 (pražský čas)" in exc.value.messages[0]
    # At the deadline it can
    call = actions.change_call_status(world.call, CallStatus.CLOSED, actor=manager, now=DEADLINE)
    assert call.status == CallStatus.CLOSED


def test_cancelling_needs_a_reason(world: PipelineWorld) -> None:
    manager = world.users[Role.MANAGER]
    with pytest.raises(ValidationError) as exc:
        actions.change_call_status(world.call, CallStatus.CANCELLED, actor=manager, reason=" ")
    assert "reason" in _errors(exc)
    call = actions.change_call_status(
        world.call, CallStatus.CANCELLED, actor=manager, reason="Programme changed"
    )
    assert call.status == CallStatus.CANCELLED
    assert StatusChange.objects.get(new_status="cancelled").reason == "Programme changed"


def test_a_step_missing_from_the_table_is_refused(world: PipelineWorld) -> None:
    with pytest.raises(ValidationError, match="not possible now"):
        actions.change_call_status(world.call, CallStatus.PLANNED, actor=world.users[Role.MANAGER])


@pytest.mark.parametrize("role", [r for r in Role if r != Role.MANAGER])
def test_only_the_manager_takes_workflow_steps(world: PipelineWorld, role: Role) -> None:
    with pytest.raises(PermissionDenied):
        actions.change_call_status(
            world.call, CallStatus.CLOSED, actor=world.users[role], now=DEADLINE
        )
    world.call.refresh_from_db()
    assert world.call.status == CallStatus.ANNOUNCED


def test_the_guard_reads_the_real_clock_by_default(world: PipelineWorld) -> None:
    # The world's deadline (May 2025) is long past on the real clock, so closing works.
    call = actions.change_call_status(
        world.call, CallStatus.CLOSED, actor=world.users[Role.MANAGER]
    )
    assert call.status == CallStatus.CLOSED


# ---- modifications of an announced call -------------------------------------------------------


def test_it_tops_up_the_allocation_and_keeps_the_history(world: PipelineWorld) -> None:
    manager = world.users[Role.MANAGER]
    [modification] = actions.modify_call(
        world.call,
        allocation=Decimal("100000000.00"),
        reason=" Oversubscribed, committee resolution 5/2025 ",
        actor=manager,
        now=DURING,
    )
    world.call.refresh_from_db()
    modification.refresh_from_db()
    assert world.call.allocation == Decimal("100000000.00")
    assert modification.kind == "allocation"
    assert modification.before == {"allocation": "80348729.00"}
    assert modification.after == {"allocation": "100000000.00"}
    assert modification.reason == "Oversubscribed, committee resolution 5/2025"
    assert modification.actor == manager
    event = AuditEvent.objects.get(code="calls.call.modified.allocation")
    assert event.reason == modification.reason


def test_it_extends_the_deadline_and_changes_the_allocation_at_once(
    world: PipelineWorld,
) -> None:
    later = DEADLINE + timedelta(days=14)
    modifications = actions.modify_call(
        world.call,
        allocation=Decimal("70000000.00"),
        closes_at=later,
        reason="Low demand",
        actor=world.users[Role.MANAGER],
        now=DURING,
    )
    world.call.refresh_from_db()
    assert [m.kind for m in modifications] == ["allocation", "deadline"]
    assert world.call.closes_at == later
    assert CallModification.objects.filter(call=world.call).count() == 2


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"closes_at": DEADLINE - timedelta(hours=1)}, "closes_at", "later than the current"),
        (
            {"closes_at": DEADLINE + timedelta(days=1), "now": DEADLINE + timedelta(days=2)},
            "closes_at",
            "in the future",
        ),
        ({"allocation": Decimal("-10")}, "allocation", "negative"),
        ({"allocation": Decimal("5.555")}, "allocation", "to the cent"),
        ({"allocation": Decimal("80348729.00")}, "allocation", "Change the allocation or"),
        ({}, "allocation", "Change the allocation or the deadline"),
        ({"closes_at": DEADLINE}, "allocation", "Change the allocation or the deadline"),
        ({"allocation": Decimal("1"), "reason": "  "}, "reason", "Give the reason"),
    ],
)
def test_it_refuses_a_bad_modification_and_changes_nothing(
    world: PipelineWorld, values: dict[str, Any], field: str, message: str
) -> None:
    arguments: dict[str, Any] = {"reason": "Because", "now": DURING} | values
    with pytest.raises(ValidationError) as exc:
        actions.modify_call(world.call, actor=world.users[Role.MANAGER], **arguments)
    assert message in " ".join(_errors(exc)[field])
    world.call.refresh_from_db()
    assert (world.call.allocation, world.call.closes_at) == (Decimal("80348729.00"), DEADLINE)
    assert not CallModification.objects.exists()


def test_only_an_announced_call_is_modified(world: PipelineWorld) -> None:
    call = planned_call(world)
    with pytest.raises(ValidationError, match="Only an announced call"):
        actions.modify_call(
            call, allocation=Decimal("1"), reason="x", actor=world.users[Role.MANAGER]
        )


def test_an_applicant_cannot_modify_an_announced_call(world: PipelineWorld) -> None:
    # Coordinators and the manager modify calls; an applicant is refused
    with pytest.raises(PermissionDenied):
        actions.modify_call(
            world.call,
            allocation=Decimal("1"),
            reason="x",
            actor=world.users[Role.APPLICANT],
            now=DURING,
        )


@pytest.mark.parametrize(
    ("office_role", "mode", "field"),
    [
        ("monitors", "office", "specific_objective"),
        ("assesses_consistency", "office", "mode"),
    ],
)
def test_the_office_role_of_the_programme_action_limits_its_calls(
    world: PipelineWorld, office_role: str, mode: str, field: str
) -> None:
    # Given the manager configured the office's role in the call's programme action
    manager = world.users[Role.MANAGER]
    set_office_role(
        world.agglomeration, specific_objective=world.objective, role=office_role, actor=manager
    )
    # When a call of the office is planned in it
    with pytest.raises(ValidationError) as refused:
        actions.create_call(
            world.agglomeration, fields(world, number="77", mode=mode), actor=manager
        )
    # Then it is refused on the right field and nothing is saved
    assert set(refused.value.message_dict) == {field}
    assert not Call.objects.filter(number="77").exists()


def test_a_managing_authority_call_is_fine_where_the_office_assesses_consistency(
    world: PipelineWorld,
) -> None:
    manager = world.users[Role.MANAGER]
    set_office_role(
        world.agglomeration,
        specific_objective=world.objective,
        role="assesses_consistency",
        actor=manager,
    )
    call = actions.create_call(
        world.agglomeration, fields(world, number="78", mode="managing_authority"), actor=manager
    )
    assert call.mode == "managing_authority"
