"""The read side: who sees which calls, demand against allocation, states from the clock."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from aglomera.accounts.models import Role
from aglomera.calls import actions, queries
from aglomera.calls.models import Call, CallStatus, CriterionKind
from aglomera.calls.queries import calls as call_queries
from aglomera.calls.tests.helpers import NEXT_DEADLINE, NEXT_OPENS, planned_call
from aglomera.intentions.models import IntentionStatus
from aglomera.intentions.tests.builders import DEADLINE, DURING, OPENS, PipelineWorld

S = IntentionStatus


@pytest.fixture
def world(db: None, pipeline_world: PipelineWorld) -> PipelineWorld:
    return copy.deepcopy(pipeline_world)


def _four_calls(world: PipelineWorld) -> dict[str, Call]:
    """The announced call of the world plus a planned, a cancelled and a closed one."""
    manager = world.users[Role.MANAGER]
    planned = planned_call(world, number="10")
    cancelled = planned_call(world, number="11")
    actions.change_call_status(cancelled, CallStatus.CANCELLED, actor=manager, reason="x")
    closed = planned_call(world, number="12", opens_at=OPENS, closes_at=DEADLINE)
    actions.add_criterion(closed, {"cs": "Soulad"}, CriterionKind.GATE, actor=manager)
    actions.change_call_status(closed, CallStatus.ANNOUNCED, actor=manager, now=DURING)
    actions.change_call_status(closed, CallStatus.CLOSED, actor=manager, now=DEADLINE)
    return {"announced": world.call, "planned": planned, "cancelled": cancelled, "closed": closed}


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        (Role.MANAGER, {"2", "10", "11", "12"}),
        (Role.COORDINATOR, {"2", "10", "11", "12"}),
        (Role.WORKING_GROUP, {"2", "10", "11", "12"}),
        (Role.COMMITTEE, {"2", "10", "11", "12"}),
        (Role.AUDITOR, {"2", "10", "11", "12"}),
        (Role.APPLICANT, {"2", "12"}),
        (Role.PARTNER, {"2", "12"}),
    ],
)
def test_applicants_and_partners_see_only_announced_and_closed_calls(
    world: PipelineWorld, role: Role, visible: set[str]
) -> None:
    _four_calls(world)
    rows = queries.list_calls(world.agglomeration, world.users[role], DURING)
    assert {row.call.number for row in rows} == visible


def test_demand_counts_submitted_intentions_and_sums_requested_support(
    world: PipelineWorld,
) -> None:
    # Given intentions at several states of the announced call
    world.intention(status=S.DRAFT, requested_eu="99000000.00")
    world.intention(
        status=S.SUBMITTED,
        requested_eu="50000000.00",
        requested_national=Decimal("5000000.00"),
        eligible_cost=Decimal("64705882.36"),
    )
    world.intention(status=S.RETURNED, requested_eu="30000000.00")
    world.intention(status=S.COMPLIANT, requested_eu="20000000.00")
    world.intention(status=S.WITHDRAWN, requested_eu="77000000.00")
    # When the manager lists the calls
    [row] = queries.list_calls(world.agglomeration, world.users[Role.MANAGER], DURING)
    # Then drafts and withdrawn intentions do not count as demand
    assert row.submitted == 3
    assert row.requested == Decimal("105000000.00")
    assert row.percent == Decimal("130.7")
    assert row.oversubscribed
    assert str(row.measure_name) == "Kapacity mateřských škol"


def test_a_call_without_allocation_has_no_percentage(world: PipelineWorld) -> None:
    planned_call(world, number="10", allocation=Decimal("0"))
    rows = queries.list_calls(world.agglomeration, world.users[Role.MANAGER], DURING)
    empty = next(row for row in rows if row.call.number == "10")
    assert (empty.submitted, empty.requested, empty.percent) == (0, Decimal("0"), None)
    assert not empty.oversubscribed


@pytest.mark.parametrize(
    ("now", "state", "is_open"),
    [
        (OPENS - timedelta(seconds=1), "upcoming", False),
        (OPENS, "open", True),
        (DEADLINE - timedelta(seconds=1), "open", True),
        (DEADLINE, "deadline_passed", False),
    ],
)
def test_the_clock_decides_whether_an_announced_call_is_open(
    world: PipelineWorld, now: datetime, state: str, is_open: bool
) -> None:
    [row] = queries.list_calls(world.agglomeration, world.users[Role.APPLICANT], now)
    assert row.state == state
    assert row.is_open is is_open
    assert queries.is_open(world.call, now) is is_open
    assert row.state_label


@pytest.mark.parametrize(
    ("now", "phase"),
    [
        (OPENS - timedelta(seconds=1), "planned"),  # announced, not open yet
        (OPENS, "open"),
        (DEADLINE - timedelta(seconds=1), "open"),
        (DEADLINE, "closed"),
    ],
)
def test_the_public_phase_of_an_announced_call_follows_the_clock(
    world: PipelineWorld, now: datetime, phase: str
) -> None:
    assert call_queries.public_phase(world.call, now) == phase


def test_the_public_phase_of_the_other_statuses(world: PipelineWorld) -> None:
    calls = {key: Call.objects.get(pk=call.pk) for key, call in _four_calls(world).items()}
    phases = {key: call_queries.public_phase(call, DURING) for key, call in calls.items()}
    assert phases["planned"] == "planned"
    assert phases["closed"] == "closed"
    assert phases["cancelled"] == "closed"  # never public; read as closed
    assert set(phases.values()) <= set(call_queries.PHASES)


def test_other_statuses_keep_their_own_state(world: PipelineWorld) -> None:
    calls = _four_calls(world)
    rows = {
        r.call.pk: r.state
        for r in queries.list_calls(world.agglomeration, world.users[Role.MANAGER], DURING)
    }
    assert rows[calls["planned"].pk] == "planned"
    assert rows[calls["cancelled"].pk] == "cancelled"
    assert rows[calls["closed"].pk] == "closed"
    assert not queries.is_open(calls["planned"], NEXT_OPENS + timedelta(days=1))


def _add_call_with_intentions(world: PipelineWorld, number: str, count: int) -> None:
    call = planned_call(world, number=number)
    for _index in range(count):
        world.draft(call=call)


def test_the_call_list_runs_a_fixed_number_of_queries(world: PipelineWorld) -> None:
    # Given one call with one submitted intention
    world.intention(status=S.SUBMITTED)
    manager = world.users[Role.MANAGER]
    manager.has_perm("calls.view", world.agglomeration)  # roles are loaded once per request
    with CaptureQueriesContext(connection) as few:
        queries.list_calls(world.agglomeration, manager, DURING)
    # When there are many calls with many intentions
    for number in range(20, 30):
        _add_call_with_intentions(world, str(number), 3)
    for _index in range(5):
        world.intention(status=S.SUBMITTED)
    with CaptureQueriesContext(connection) as many:
        rows = queries.list_calls(world.agglomeration, manager, DURING)
    # Then the list still takes the same number of queries
    assert len(rows) == 11
    assert len(few) == len(many) == 2


def test_an_agglomeration_without_calls_lists_none(world: PipelineWorld) -> None:
    Call.objects.filter(pk=world.call.pk).delete()
    assert queries.list_calls(world.agglomeration, world.users[Role.MANAGER], DURING) == []


def test_get_call_hides_planned_calls_from_applicants(world: PipelineWorld) -> None:
    planned = planned_call(world, number="10")
    detail = queries.get_call(world.agglomeration, planned.pk, world.users[Role.AUDITOR], DURING)
    assert detail.call == planned
    assert detail.measure is not None
    with pytest.raises(Http404):
        queries.get_call(world.agglomeration, planned.pk, world.users[Role.APPLICANT], DURING)


def test_get_call_shows_the_history_in_order(world: PipelineWorld) -> None:
    manager = world.users[Role.MANAGER]
    later = DEADLINE + timedelta(days=7)
    actions.modify_call(
        world.call,
        allocation=Decimal("90000000.00"),
        closes_at=later,
        reason="Top-up",
        actor=manager,
        now=DURING,
    )
    with translation.override("en"):
        detail = queries.get_call(world.agglomeration, world.call.pk, manager, DURING)
    kinds = [row.kind for row in detail.history]
    assert kinds == ["status", "allocation", "deadline"]
    assert detail.history[0].label == "Announced"  # the status's label, never its code
    allocation, deadline = detail.history[1], detail.history[2]
    assert (allocation.before, allocation.after) == (Decimal("80348729.00"), Decimal("90000000.00"))
    assert (deadline.before, deadline.after) == (DEADLINE, later)
    assert deadline.reason == "Top-up"
    assert call_queries._value("other", {"x": 1}) == {"x": 1}


def test_get_call_of_a_measure_missing_from_the_current_version(world: PipelineWorld) -> None:
    Call.objects.filter(pk=world.call.pk).update(measure_code="9.9.9")
    detail = queries.get_call(world.agglomeration, world.call.pk, world.users[Role.MANAGER], DURING)
    assert detail.measure is None
    assert detail.row.measure_name == ""


def test_schedules_sum_the_allocation_of_their_live_calls(world: PipelineWorld) -> None:
    manager = world.users[Role.MANAGER]
    schedule = actions.create_schedule(world.agglomeration, 2025, actor=manager)
    actions.create_schedule(world.agglomeration, 2026, actor=manager)
    planned_call(world, number="10", schedule=schedule, allocation=Decimal("1000.00"))
    dropped = planned_call(world, number="11", schedule=schedule, allocation=Decimal("5.00"))
    actions.change_call_status(dropped, CallStatus.CANCELLED, actor=manager, reason="x")
    rows = queries.list_schedules(world.agglomeration)
    assert [(r.schedule.year, r.calls, r.allocation) for r in rows] == [
        (2026, 0, Decimal("0")),
        (2025, 1, Decimal("1000.00")),
    ]
    listed = queries.list_calls(world.agglomeration, manager, DURING, schedule=schedule)
    assert queries.total_allocation(listed) == Decimal("1000.00")


def test_moments_are_shown_in_the_agglomeration_time_zone() -> None:
    summer = datetime(2025, 5, 30, 10, 0, tzinfo=UTC)
    winter = datetime(2025, 11, 28, 11, 0, tzinfo=UTC)
    with translation.override("cs"):
        assert queries.format_moment(summer, "Europe/Prague") == "30. 5. 2025 12:00 (pražský čas)"
        assert (
            queries.format_moment(winter, "Europe/Warsaw") == "28. 11. 2025 12:00 (varšavský čas)"
        )
    assert winter == NEXT_DEADLINE
