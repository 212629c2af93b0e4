"""The money funnel: worked examples of the arithmetic, as-of dates, EUR and query counts.

The world (PipelineWorld): measure 2.1.1 of the Olomouc strategy draws 80,348,729.00 CZK of EU
money from IROP 2.8 (ERDF); call 2 opened in 2025. Each intention asks for 10,000,000.00 CZK of
EU support unless said otherwise. Workflow steps are taken on given days with time_machine, so
their StatusChange rows carry those days.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aglomera.accounts.models import Role
from aglomera.calls import transitions as call_transitions
from aglomera.calls.models import Call, CallStatus, Criterion, CriterionKind
from aglomera.core.money import to_eur
from aglomera.intentions import transitions
from aglomera.intentions.models import IntentionIndicator, IntentionStatus, ProjectIntention
from aglomera.intentions.tests.builders import DEADLINE, OPENS, PipelineWorld
from aglomera.monitoring.calculations import funnel
from aglomera.monitoring.calculations.funnel import Funnel, FunnelFilters, FunnelRow
from aglomera.monitoring.models import (
    ImportJob,
    Operation,
    OperationSnapshot,
    OperationSource,
    Payment,
    PaymentKind,
    SourceLayout,
)
from aglomera.monitoring.queries import dashboard
from aglomera.strategy.models import ExchangeRate, IndicatorCode, SpecificObjective
from aglomera.strategy.tests.builders import make_indicator, make_programmes

S = IntentionStatus
D = Decimal
TEN_M = D("10000000.00")
ALLOCATION = D("80348729.00")


def at(day: date, hour: int = 10) -> Any:
    """Travel to `day` (10:00 UTC unless told) so that workflow steps are recorded then."""
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=UTC), tick=False)


def walk_on(world: PipelineWorld, intention: ProjectIntention, to: str, day: date) -> Any:
    with at(day):
        return world.walk(intention, to)


def withdraw_on(world: PipelineWorld, intention: ProjectIntention, day: date) -> None:
    """The applicant withdraws the intention (a step off the main path)."""
    with at(day):
        transitions.transition(intention, S.WITHDRAWN, actor=world.user(Role.APPLICANT))


def submitted_on(world: PipelineWorld, day: date, **fields: Any) -> ProjectIntention:
    with at(day):
        return world.intention(status=S.SUBMITTED, **fields)


def the_funnel(world: PipelineWorld, day: date, **filters: Any) -> Funnel:
    return funnel.money_funnel(world.strategy, FunnelFilters(as_of=day, **filters))


def only_row(result: Funnel) -> FunnelRow:
    assert len(result.rows) == 1
    return result.rows[0]


def buckets(row: FunnelRow) -> dict[str, Decimal]:
    return {stage: row.amounts[stage] for stage in funnel.BUCKETS}


def a_call(world: PipelineWorld, number: str, objective: SpecificObjective, **fields: Any) -> Call:
    """Another announced call of the strategy (configuration, then the real announce step)."""
    values: dict[str, Any] = {
        "agglomeration": world.agglomeration,
        "strategy": world.strategy,
        "number": number,
        "name": {"cs": f"Výzva {number}"},
        "measure_code": "2.1.1",
        "specific_objective": objective,
        "allocation": D("50000000.00"),
        "opens_at": OPENS,
        "closes_at": DEADLINE,
        "aid_rate": D("85"),
        "status": CallStatus.PLANNED,
    }
    values.update(fields)
    call = Call.objects.create(**values)
    Criterion.objects.create(call=call, order=1, name={"cs": "Soulad"}, kind=CriterionKind.GATE)
    return call_transitions.transition(
        call, CallStatus.ANNOUNCED, actor=world.user(Role.MANAGER), now=OPENS
    )


def an_operation(
    world: PipelineWorld,
    intention: ProjectIntention | None,
    number: str,
    *,
    eu: str = "0",
    paid: str | None = "0",
    certified: str | None = "0",
    snapshots: list[tuple[date, str, str, str | None]] | None = None,
) -> Operation:
    """An operation of a managing authority's list with its dated snapshots (import data)."""
    source, _ = OperationSource.objects.get_or_create(
        agglomeration=world.agglomeration, name="MS2021+", layout=SourceLayout.CZ_2021
    )
    operation = Operation.objects.create(
        agglomeration=world.agglomeration,
        registration_number=number,
        intention=intention,
        name="Operace",
        beneficiary="Přerov",
        currency="CZK",
        eu_contribution=D(eu),
        paid_eu=None if paid is None else D(paid),
        certified_eu=None if certified is None else D(certified),
    )
    for day, snap_eu, snap_paid, snap_certified in snapshots or []:
        job = ImportJob.objects.create(
            agglomeration=world.agglomeration, source=source, file_name="list.xlsx", as_of=day
        )
        OperationSnapshot.objects.create(
            operation=operation,
            job=job,
            as_of=day,
            eligible_cost=D(snap_eu),
            eu_contribution=D(snap_eu),
            paid_eu=D(snap_paid),
            certified_eu=None if snap_certified is None else D(snap_certified),
        )
    return operation


def pay(intention: ProjectIntention, kind: str, day: date, amount: str) -> Payment:
    return Payment.objects.create(intention=intention, kind=kind, on=day, amount=D(amount))


def rate(world: PipelineWorld, valid_from: date, units: str, currency: str = "CZK") -> None:
    ExchangeRate.objects.create(
        agglomeration=world.agglomeration,
        currency=currency,
        valid_from=valid_from,
        units_per_eur=D(units),
    )


# ---- one intention through time ------------------------------------------------------------


@pytest.fixture
def journey(world: PipelineWorld) -> Iterator[ProjectIntention]:
    """Submitted 15 Apr, compliant 10 Jun, application filed 5 Jul, legal act 20 Aug 2025."""
    intention = submitted_on(world, date(2025, 4, 15))
    intention = walk_on(world, intention, S.COMPLIANT, date(2025, 6, 10))
    intention = walk_on(world, intention, S.APPLICATION_FILED, date(2025, 7, 5))
    yield walk_on(world, intention, S.LEGAL_ACT, date(2025, 8, 20))


@pytest.mark.parametrize(
    ("day", "stage"),
    [
        (date(2025, 4, 14), None),
        (date(2025, 4, 15), funnel.PIPELINE),
        (date(2025, 6, 9), funnel.PIPELINE),
        (date(2025, 6, 10), funnel.ENDORSED),
        (date(2025, 7, 4), funnel.ENDORSED),
        (date(2025, 7, 5), funnel.APPLIED),
        (date(2025, 8, 19), funnel.APPLIED),
        (date(2025, 8, 20), funnel.CONTRACTED),
        (date(2026, 1, 1), funnel.CONTRACTED),
    ],
)
def test_it_counts_an_intention_once_in_the_stage_it_had_on_the_day(
    world: PipelineWorld, journey: ProjectIntention, day: date, stage: str | None
) -> None:
    # Given an intention that moved through the states in 2025 (the journey fixture)
    # When the funnel is asked as of a day before or after a step
    row = only_row(the_funnel(world, day))
    # Then its 10 million count in exactly one stage (or none before it was submitted)
    expected = {name: (TEN_M if name == stage else D("0")) for name in funnel.BUCKETS}
    assert buckets(row) == expected
    assert sum(row.counts.values()) == (1 if stage else 0)
    assert row.amounts[funnel.ALLOCATION] == ALLOCATION


def test_it_reads_the_day_of_a_step_in_the_agglomeration_time_zone(world: PipelineWorld) -> None:
    # Given an intention submitted at 23:30 Prague time on 14 April (21:30 UTC) and found
    # compliant at 00:30 Prague time on 11 June (22:30 UTC on 10 June)
    with at(date(2025, 4, 14), hour=21):
        intention = world.intention(status=S.SUBMITTED)
    with at(date(2025, 6, 10), hour=22):
        world.walk(intention, S.COMPLIANT)
    # Then it is in the pipeline on 14 April and endorsed from 11 June, not 10 June
    assert only_row(the_funnel(world, date(2025, 4, 14))).counts[funnel.PIPELINE] == 1
    assert only_row(the_funnel(world, date(2025, 6, 10))).counts[funnel.PIPELINE] == 1
    assert only_row(the_funnel(world, date(2025, 6, 11))).counts[funnel.ENDORSED] == 1


def test_it_leaves_out_withdrawn_and_non_compliant_intentions_from_the_day_they_left(
    world: PipelineWorld,
) -> None:
    # Given one intention withdrawn on 1 May, one found non-compliant on 10 June, one draft,
    # and one still in the pipeline
    withdrawn = submitted_on(world, date(2025, 4, 15), requested_eu="1000000.00")
    withdraw_on(world, withdrawn, date(2025, 5, 1))
    refused = submitted_on(world, date(2025, 4, 15), requested_eu="2000000.00")
    walk_on(world, refused, S.NON_COMPLIANT_NEGATIVE, date(2025, 6, 10))
    world.draft(requested_eu="4000000.00")
    submitted_on(world, date(2025, 4, 16), requested_eu="8000000.00")
    # When the funnel is asked before and after they left
    before = only_row(the_funnel(world, date(2025, 4, 30)))
    after = only_row(the_funnel(world, date(2025, 6, 30)))
    # Then they count while in the pipeline and nowhere afterwards; the draft never counts
    assert before.amounts[funnel.PIPELINE] == D("11000000.00")
    assert before.counts[funnel.PIPELINE] == 3
    assert after.amounts[funnel.PIPELINE] == D("8000000.00")
    assert sum(after.counts.values()) == 1


def test_it_counts_an_intention_contracted_then_in_implementation_once(
    world: PipelineWorld, journey: ProjectIntention
) -> None:
    # Given the journey intention, later in implementation and physically completed
    walk_on(world, journey, S.PHYSICALLY_COMPLETED, date(2025, 11, 3))
    # When the funnel is asked after the last step
    row = only_row(the_funnel(world, date(2025, 12, 31)))
    # Then it is still one contracted intention, never added twice
    assert row.counts == {"pipeline": 0, "endorsed": 0, "applied": 0, "contracted": 1}
    assert row.amounts[funnel.CONTRACTED] == TEN_M


# ---- amounts of contracted intentions ------------------------------------------------------


def test_it_takes_paid_and_certified_from_payments_up_to_the_day(
    world: PipelineWorld, journey: ProjectIntention
) -> None:
    # Given payments to the contracted intention, a forecast, and a payment after the day asked
    pay(journey, PaymentKind.PAID, date(2025, 9, 10), "1000000.00")
    pay(journey, PaymentKind.PAID, date(2025, 10, 5), "500000.00")
    pay(journey, PaymentKind.CERTIFIED, date(2025, 10, 20), "300000.00")
    pay(journey, PaymentKind.FORECAST, date(2025, 10, 1), "9999999.00")
    # When the funnel is asked as of 30 September and 31 October
    september = only_row(the_funnel(world, date(2025, 9, 30)))
    october = only_row(the_funnel(world, date(2025, 10, 31)))
    # Then paid and certified are sums of the payments dated on or before the day
    assert (september.amounts["paid"], september.amounts["certified"]) == (
        D("1000000.00"),
        D("0"),
    )
    assert (october.amounts["paid"], october.amounts["certified"]) == (
        D("1500000.00"),
        D("300000.00"),
    )
    # And they are parts of contracted, not another stage
    assert october.amounts[funnel.CONTRACTED] == TEN_M
    assert sum(october.counts.values()) == 1


def test_it_ignores_payments_of_an_intention_that_is_not_contracted_on_the_day(
    world: PipelineWorld,
) -> None:
    # Given an intention only applied for, with a payment recorded anyway
    intention = submitted_on(world, date(2025, 4, 15))
    walk_on(world, intention, S.APPLICATION_FILED, date(2025, 7, 5))
    pay(intention, PaymentKind.PAID, date(2025, 7, 10), "100.00")
    # Then paid stays a part of contracted: nothing
    row = only_row(the_funnel(world, date(2025, 7, 31)))
    assert row.amounts["paid"] == D("0")
    assert row.amounts[funnel.APPLIED] == TEN_M


def test_it_prefers_the_managing_authoritys_figures_as_of_the_snapshot_day(
    world: PipelineWorld, journey: ProjectIntention
) -> None:
    # Given a matched operation imported on 30 September (9.5 M contracted, 2 M paid,
    # 1 M certified) and on 31 December (9.4 M, 5 M, 4 M), and local payment records
    an_operation(
        world,
        journey,
        "CZ.06.02.01/00/22_012/0001234",
        eu="9400000.00",
        paid="5000000.00",
        certified="4000000.00",
        snapshots=[
            (date(2025, 9, 30), "9500000.00", "2000000.00", "1000000.00"),
            (date(2025, 12, 31), "9400000.00", "5000000.00", "4000000.00"),
        ],
    )
    pay(journey, PaymentKind.PAID, date(2025, 9, 1), "700000.00")
    # When the funnel is asked before the first snapshot, between them and after both
    before = only_row(the_funnel(world, date(2025, 9, 29)))
    between = only_row(the_funnel(world, date(2025, 10, 15)))
    after = only_row(the_funnel(world, date(2026, 1, 31)))
    # Then before the managing authority reported, the request and local payments count
    assert [before.amounts[s] for s in ("contracted", "paid", "certified")] == [
        TEN_M,
        D("700000.00"),
        D("0"),
    ]
    # And afterwards the figures of the latest snapshot on or before the day, never both
    assert [between.amounts[s] for s in ("contracted", "paid", "certified")] == [
        D("9500000.00"),
        D("2000000.00"),
        D("1000000.00"),
    ]
    assert [after.amounts[s] for s in ("contracted", "paid", "certified")] == [
        D("9400000.00"),
        D("5000000.00"),
        D("4000000.00"),
    ]


def test_it_counts_an_operation_without_snapshots_with_its_current_figures(
    world: PipelineWorld, journey: ProjectIntention
) -> None:
    # Given a matched operation that was never snapshotted, and an unmatched one
    an_operation(world, journey, "CZ.1", eu="9000000.00", paid="10.00", certified="5.00")
    an_operation(world, None, "CZ.2", eu="123.00")
    # Then the matched one's figures count for the contracted intention
    row = only_row(the_funnel(world, date(2025, 9, 1)))
    assert [row.amounts[s] for s in ("contracted", "paid", "certified")] == [
        D("9000000.00"),
        D("10.00"),
        D("5.00"),
    ]


# ---- absorption over time ------------------------------------------------------------------


def test_it_builds_cumulative_absorption_per_month_ending_with_the_funnel(
    world: PipelineWorld, journey: ProjectIntention
) -> None:
    # Given the journey intention (legal act 20 Aug) paid in September and October, certified
    # in October, and a second intention contracted in October
    pay(journey, PaymentKind.PAID, date(2025, 9, 10), "1000000.00")
    pay(journey, PaymentKind.PAID, date(2025, 10, 5), "500000.00")
    pay(journey, PaymentKind.CERTIFIED, date(2025, 10, 20), "300000.00")
    second = submitted_on(world, date(2025, 4, 20), requested_eu="2000000.00")
    walk_on(world, second, S.LEGAL_ACT, date(2025, 10, 2))
    # When the funnel is asked as of 15 November
    result = the_funnel(world, date(2025, 11, 15))
    # Then the months run from the first change to November, each cumulative
    points = {p.month: (p.contracted, p.paid, p.certified) for p in result.absorption}
    assert list(points) == [date(2025, m, 1) for m in (8, 9, 10, 11)]
    assert points[date(2025, 8, 1)] == (TEN_M, D("0"), D("0"))
    assert points[date(2025, 9, 1)] == (TEN_M, D("1000000.00"), D("0"))
    assert points[date(2025, 10, 1)] == (D("12000000.00"), D("1500000.00"), D("300000.00"))
    assert points[date(2025, 11, 1)] == points[date(2025, 10, 1)]
    # And the last point equals the funnel on the day, with the allocation alongside
    row = only_row(result)
    assert points[date(2025, 11, 1)] == (
        row.amounts["contracted"],
        row.amounts["paid"],
        row.amounts["certified"],
    )
    assert {p.allocation for p in result.absorption} == {ALLOCATION}


def test_it_shows_money_that_left_contracted_in_the_months_it_was_there(
    world: PipelineWorld, journey: ProjectIntention
) -> None:
    # Given the contracted intention's operation reported at zero EU money in October
    # (the legal act was cancelled at the managing authority)
    an_operation(
        world,
        journey,
        "CZ.3",
        snapshots=[
            (date(2025, 8, 31), "10000000.00", "0", "0"),
            (date(2025, 10, 31), "0", "0", "0"),
        ],
    )
    # When absorption is asked as of December
    result = the_funnel(world, date(2025, 12, 1))
    points = {p.month: p.contracted for p in result.absorption}
    # Then August and September carry the money and October drops it
    assert points[date(2025, 8, 1)] == TEN_M
    assert points[date(2025, 9, 1)] == TEN_M
    assert points[date(2025, 10, 1)] == D("0")


def test_it_has_one_absorption_point_when_nothing_moved(world: PipelineWorld) -> None:
    result = the_funnel(world, date(2025, 3, 15))
    assert [(p.month, p.contracted) for p in result.absorption] == [(date(2025, 3, 1), D("0"))]


# ---- currencies ------------------------------------------------------------------------------


def test_it_converts_to_eur_at_the_rate_in_force_on_the_day(
    world: PipelineWorld, journey: ProjectIntention
) -> None:
    # Given the monthly rates 25 CZK per EUR for September 2025 and 24 CZK for October
    rate(world, date(2025, 9, 1), "25.000000")
    rate(world, date(2025, 10, 1), "24.000000")
    # When the funnel is asked before and after the rate changed
    september = only_row(the_funnel(world, date(2025, 9, 30)))
    october = only_row(the_funnel(world, date(2025, 10, 1)))
    # Then each amount is converted at the rate of that day's month, to the cent
    assert september.eur["allocation"] == D("3213949.16")  # 80,348,729 / 25
    assert september.eur["contracted"] == D("400000.00")
    assert october.eur["allocation"] == D("3347863.71")  # 80,348,729 / 24, rounded half up
    assert october.eur["contracted"] == D("416666.67")


def test_it_leaves_eur_unknown_without_a_rate(world: PipelineWorld) -> None:
    # Given no exchange rate before 2025
    rate(world, date(2025, 1, 1), "25.000000")
    # When the funnel is asked in 2024
    result = the_funnel(world, date(2024, 12, 31))
    # Then EUR figures are unknown and the missing month is named
    assert [str(m) for m in result.missing_rates] == ["CZK 12/2024"]
    assert result.eur["allocation"] is None
    assert result.totals[0].eur["allocation"] is None


def test_eur_totals_are_sums_of_the_converted_rows(world: PipelineWorld) -> None:
    # Given intentions in two programme objectives (IROP 2.8 and OP Transport 2.2, both CZK)
    programmes = make_programmes()
    transport = a_call(world, "7", programmes.opd_mobility)
    rate(world, date(2025, 5, 1), "24.330000")
    submitted_on(world, date(2025, 4, 15), requested_eu="1000000.01")
    submitted_on(world, date(2025, 4, 15), requested_eu="1000000.01", call=transport)
    # When the funnel is asked
    result = the_funnel(world, date(2025, 5, 1))
    # Then there is a row per measure x objective and the EUR total is the sum of the rows
    assert [(r.programme_code, r.objective_code) for r in result.rows] == [
        ("IROP", "2.8"),
        ("OPD", "2.2"),
    ]
    per_row = [to_eur(D("1000000.01"), D("24.33")) for _ in range(2)]
    assert [r.eur["pipeline"] for r in result.rows] == per_row
    assert result.eur["pipeline"] == sum(per_row)
    assert result.totals[0].amounts["pipeline"] == D("2000000.02")
    # And an objective without a plan line has no allocation and the measure's name
    assert result.rows[1].amounts["allocation"] == D("0")
    assert result.rows[1].measure_name == "Kapacity mateřských škol"


def test_it_shows_mixed_currencies_in_eur(world: PipelineWorld) -> None:
    # Given a PLN call beside the CZK allocation, and rates for both currencies
    programmes = make_programmes()
    polish = a_call(world, "8", programmes.feo_mobility)
    rate(world, date(2025, 8, 1), "25.000000")
    rate(world, date(2025, 8, 1), "4.000000", currency="PLN")
    intention = submitted_on(world, date(2025, 4, 15), requested_eu="400000.00", call=polish)
    walk_on(world, intention, S.LEGAL_ACT, date(2025, 8, 5))
    # When the funnel is asked
    result = the_funnel(world, date(2025, 8, 31))
    # Then the charts use EUR: the allocation in CZK and the contract in PLN, converted
    assert result.display_currency == "EUR"
    assert [t.currency for t in result.totals] == ["CZK", "PLN"]
    assert result.display_amounts["contracted"] == D("100000.00")
    assert result.absorption[-1].contracted == D("100000.00")
    assert result.absorption[-1].allocation == D("3213949.16")


def test_it_shows_a_single_currency_as_it_is(world: PipelineWorld) -> None:
    result = the_funnel(world, date(2025, 8, 31))
    assert result.display_currency == "CZK"
    assert result.display_amounts["allocation"] == ALLOCATION


# ---- filters ---------------------------------------------------------------------------------


def test_filters_narrow_the_rows_and_the_year_leaves_the_allocation(
    world: PipelineWorld,
) -> None:
    # Given an intention of the IROP call and one of an OP Transport call opened in 2026
    programmes = make_programmes()
    transport = a_call(
        world,
        "9",
        programmes.opd_mobility,
        opens_at=datetime(2026, 3, 1, 8, tzinfo=UTC),
        closes_at=datetime(2026, 5, 1, 8, tzinfo=UTC),
    )
    submitted_on(world, date(2025, 4, 15))
    with at(date(2026, 4, 1)):
        world.walk(world.draft(call=transport), S.SUBMITTED, now=datetime(2026, 4, 1, tzinfo=UTC))
    day = date(2026, 6, 1)
    # Then each filter keeps only its rows
    by_programme = the_funnel(world, day, programme_id=programmes.opd.pk)
    assert [(r.programme_code, r.counts["pipeline"]) for r in by_programme.rows] == [("OPD", 1)]
    by_fund = the_funnel(world, day, fund="ERDF")
    assert [(r.programme_code, r.counts["pipeline"]) for r in by_fund.rows] == [("IROP", 1)]
    assert the_funnel(world, day, measure_code="9.9.9").rows == []
    by_measure = the_funnel(world, day, measure_code="2.1.1")
    assert len(by_measure.rows) == 2
    # And the year selects intentions by their call's year; the allocation stays whole
    in_2026 = the_funnel(world, day, year=2026)
    assert [
        (r.programme_code, r.amounts["allocation"], r.counts["pipeline"]) for r in in_2026.rows
    ] == [
        ("IROP", ALLOCATION, 0),
        ("OPD", D("0"), 1),
    ]


# ---- the dashboard and fixed query counts ---------------------------------------------------


def test_the_dashboard_offers_filters_and_indicators(world: PipelineWorld) -> None:
    # Given a committed indicator of an endorsed intention
    indicator = make_indicator("T-MS")
    intention = submitted_on(world, date(2025, 4, 15))
    IntentionIndicator.objects.create(
        intention=intention, indicator=indicator, committed_value=D("40")
    )
    walk_on(world, intention, S.COMPLIANT, date(2025, 6, 1))
    # When the dashboard is read as of June, for all and for one measure
    filters = FunnelFilters(as_of=date(2025, 6, 30))
    board = dashboard.get_dashboard(world.agglomeration, strategy_id=None, filters=filters)
    one = dashboard.get_dashboard(
        world.agglomeration,
        strategy_id=world.strategy.pk,
        filters=FunnelFilters(as_of=date(2025, 6, 30), measure_code="2.1.1"),
    )
    other = dashboard.get_dashboard(
        world.agglomeration,
        strategy_id=None,
        filters=FunnelFilters(as_of=date(2025, 6, 30), measure_code="7.7.7"),
    )
    # Then it picks the current strategy and lists the choices
    assert board.strategy == world.strategy
    assert board.options.measures == [("2.1.1", "Kapacity mateřských škol")]
    assert [p.code for p in board.options.programmes] == ["IROP"]
    assert [code for code, _label in board.options.funds] == ["ERDF"]
    assert board.options.years == [2025]
    # And the indicators come from indicator_progress, per strategy or per measure
    assert [(r.indicator.code, r.committed) for r in board.indicators] == [("T-MS", D("40"))]
    assert [(r.indicator.code, r.committed) for r in one.indicators] == [("T-MS", D("40"))]
    assert other.indicators == []


def test_the_dashboard_reports_an_unknown_strategy_and_no_strategy(world: PipelineWorld) -> None:
    filters = FunnelFilters(as_of=date(2025, 6, 30))
    unknown = dashboard.get_dashboard(world.agglomeration, strategy_id=999999, filters=filters)
    assert unknown.unknown_strategy
    assert unknown.strategy == world.strategy
    from aglomera.strategy.tests.builders import make_opole

    empty = dashboard.get_dashboard(make_opole(), strategy_id=None, filters=filters)
    assert empty.strategy is None
    assert empty.funnel is None


def _populate(world: PipelineWorld, count: int, indicator: IndicatorCode) -> None:
    """`count` contracted intentions, each with payments, an operation with snapshots and a
    committed indicator, plus one withdrawn intention."""
    for number in range(count):
        intention = submitted_on(world, date(2025, 4, 15), requested_eu="1000000.00")
        IntentionIndicator.objects.create(
            intention=intention, indicator=indicator, committed_value=D("1")
        )
        walk_on(world, intention, S.LEGAL_ACT, date(2025, 6, 1))
        pay(intention, PaymentKind.PAID, date(2025, 7, 1), "1000.00")
        pay(intention, PaymentKind.CERTIFIED, date(2025, 8, 1), "500.00")
        an_operation(
            world,
            intention,
            f"CZ.{number}",
            snapshots=[(date(2025, 9, 30), "900000.00", "1000.00", None)],
        )
    withdrawn = submitted_on(world, date(2025, 4, 15))
    withdraw_on(world, withdrawn, date(2025, 5, 1))


def _queries_of_dashboard(world: PipelineWorld) -> int:
    filters = FunnelFilters(as_of=date(2025, 12, 31))
    with CaptureQueriesContext(connection) as captured:
        board = dashboard.get_dashboard(world.agglomeration, strategy_id=None, filters=filters)
    assert board.funnel is not None
    return len(captured)


def test_the_dashboard_runs_a_fixed_number_of_queries_whatever_the_data(
    world: PipelineWorld,
) -> None:
    # Given one world with one contracted intention and one with twelve
    small = world
    indicator = make_indicator("T-Q")
    for month in range(1, 13):
        rate(small, date(2025, month, 1), "25.000000")
    _populate(small, 1, indicator)
    small_count = _queries_of_dashboard(small)
    large_world = PipelineWorld.create(
        agglomeration=_another_agglomeration(),
    )
    for month in range(1, 13):
        rate(large_world, date(2025, month, 1), "25.000000")
    _populate(large_world, 12, indicator)
    # When the dashboard is read for each
    large_count = _queries_of_dashboard(large_world)
    # Then the number of queries does not grow with the data
    assert small_count == large_count
    assert large_count <= 20
    # And the large world's figures are right
    board = dashboard.get_dashboard(
        large_world.agglomeration, strategy_id=None, filters=FunnelFilters(as_of=date(2025, 12, 31))
    )
    assert board.funnel is not None
    row = only_row(board.funnel)
    assert (row.amounts["contracted"], row.amounts["paid"], row.amounts["certified"]) == (
        D("10800000.00"),
        D("12000.00"),
        D("6000.00"),  # the list has no certified figure: the certified payments stand in
    )
    assert row.counts == {"pipeline": 0, "endorsed": 0, "applied": 0, "contracted": 12}


def _another_agglomeration() -> Any:
    from aglomera.agglomerations.models import Agglomeration

    return Agglomeration.objects.create(
        slug="brno",
        name={"cs": "Brněnská metropolitní oblast"},
        country="CZ",
        currency="CZK",
        office_name={"cs": "Statutární město Brno"},
    )


def test_it_sums_the_reported_operations_and_waits_for_an_operations_first_snapshot(
    world: PipelineWorld, journey: ProjectIntention
) -> None:
    # Given the contracted journey intention (legal act 20 Aug 2025) with two operations: one
    # never snapshotted (3 M, nothing paid) and one first reported on 31 December (5 M, 1 M
    # paid), and a local payment record of 200,000 in September
    an_operation(world, journey, "CZ.A", eu="3000000.00")
    an_operation(
        world,
        journey,
        "CZ.B",
        eu="5000000.00",
        paid="1000000.00",
        snapshots=[(date(2025, 12, 31), "5000000.00", "1000000.00", "0")],
    )
    pay(journey, PaymentKind.PAID, date(2025, 9, 10), "200000.00")
    # When the funnel is asked in October and after the snapshot
    october = only_row(the_funnel(world, date(2025, 10, 31)))
    later = the_funnel(world, date(2026, 1, 31))
    # Then in October only the never-snapshotted operation reports; the list's own paid figure
    # (zero, known) wins over the office's payment records
    assert [october.amounts[s] for s in ("contracted", "paid", "certified")] == [
        D("3000000.00"),
        D("0.00"),
        D("0.00"),
    ]
    # And from December both operations report, and their paid figure wins
    assert [only_row(later).amounts[s] for s in ("contracted", "paid", "certified")] == [
        D("8000000.00"),
        D("1000000.00"),
        D("0.00"),
    ]
    points = {p.month: (p.contracted, p.paid) for p in later.absorption}
    assert points == {
        date(2025, 8, 1): (D("3000000.00"), D("0.00")),
        date(2025, 9, 1): (D("3000000.00"), D("0.00")),
        date(2025, 10, 1): (D("3000000.00"), D("0.00")),
        date(2025, 11, 1): (D("3000000.00"), D("0.00")),
        date(2025, 12, 1): (D("8000000.00"), D("1000000.00")),
        date(2026, 1, 1): (D("8000000.00"), D("1000000.00")),
    }


def test_the_money_funnel_runs_a_pinned_number_of_queries(
    world: PipelineWorld, journey: ProjectIntention, django_assert_num_queries: Any
) -> None:
    # The strategy's agglomeration, rates, plan lines, intentions, their status history,
    # operations, snapshots, monthly payments and measure names
    pay(journey, PaymentKind.PAID, date(2025, 9, 10), "1000.00")
    an_operation(world, journey, "CZ.Q", snapshots=[(date(2025, 9, 30), "9000000.00", "0", "0")])
    with django_assert_num_queries(9):
        the_funnel(world, date(2025, 12, 31))


# ---- money bases, unknown amounts and monthly rates (issue 10, points 1-3) -------------------


def test_an_unknown_paid_amount_is_counted_as_unknown_never_as_zero(
    world: PipelineWorld, journey: ProjectIntention
) -> None:
    # Given the contracted journey intention whose operation comes from a list without a paid
    # column (unknown), and no payment record of the office
    an_operation(world, journey, "CZ.U", eu="9000000.00", paid=None, certified=None)
    # When the funnel is asked
    row = only_row(the_funnel(world, date(2025, 12, 31)))
    # Then contracted is the list's EU contribution, and paid and certified are not summed:
    # the row says one intention is unknown
    assert row.amounts["contracted"] == D("9000000.00")
    assert (row.amounts["paid"], row.unknown["paid"]) == (D("0"), 1)
    assert (row.amounts["certified"], row.unknown["certified"]) == (D("0"), 1)
    cells = {cell.stage: cell for cell in row.cells}
    assert (cells["paid"].unknown, cells["contracted"].unknown) == (1, 0)


def test_the_offices_payments_stand_in_where_the_list_does_not_know(
    world: PipelineWorld, journey: ProjectIntention
) -> None:
    # Given the same unknown list figures, and the office's record of 250,000 EU paid
    an_operation(world, journey, "CZ.U", eu="9000000.00", paid=None, certified=None)
    pay(journey, PaymentKind.PAID, date(2025, 10, 2), "250000.00")
    # When the funnel is asked
    row = only_row(the_funnel(world, date(2025, 12, 31)))
    # Then the payment records stand in for paid; certified stays unknown
    assert (row.amounts["paid"], row.unknown["paid"]) == (D("250000.00"), 0)
    assert row.unknown["certified"] == 1


def test_a_derived_eu_share_of_the_claims_is_counted_and_said(
    world: PipelineWorld, journey: ProjectIntention
) -> None:
    # Given an operation whose list gave the claims in total eligible expenditure only, so its
    # EU share was derived on import (importing/bases.py)
    operation = an_operation(world, journey, "CZ.D", eu="8500000.00", paid="850000.00")
    Operation.objects.filter(pk=operation.pk).update(
        paid_eligible=D("1000000.00"), paid_eu_derived=True
    )
    # When the funnel is asked
    result = the_funnel(world, date(2025, 12, 31))
    # Then paid is the EU share (never the total eligible 1,000,000) and is marked derived
    row = only_row(result)
    assert row.amounts["paid"] == D("850000.00")
    assert row.derived["paid"] == 1
    assert result.derived == {"paid": 1, "certified": 0}


def test_paid_money_is_converted_at_the_rate_of_its_own_month(
    world: PipelineWorld, journey: ProjectIntention
) -> None:
    # Given payments of 250,000 CZK in September 2025 and 240,000 CZK in November 2025, and
    # the monthly rates 25 (September), 24.5 (October), 24 (November) and 20 (December)
    pay(journey, PaymentKind.PAID, date(2025, 9, 10), "250000.00")
    pay(journey, PaymentKind.PAID, date(2025, 11, 3), "240000.00")
    for month, units in ((9, "25"), (10, "24.5"), (11, "24"), (12, "20")):
        rate(world, date(2025, month, 1), units)
    # When the funnel is asked on 31 December
    row = only_row(the_funnel(world, date(2025, 12, 31)))
    # Then paid is 250,000 / 25 + 240,000 / 24 = 10,000 + 10,000 EUR, not 490,000 / 20
    assert row.amounts["paid"] == D("490000.00")
    assert row.eur["paid"] == D("20000.00")
    # And the stock stages use December's rate: the contract 10,000,000 / 20
    assert row.eur["contracted"] == D("500000.00")


def test_a_month_without_its_rate_is_said_and_never_borrows_an_older_one(
    world: PipelineWorld, journey: ProjectIntention
) -> None:
    # Given a payment in September 2025 and rates for every month but September
    pay(journey, PaymentKind.PAID, date(2025, 9, 10), "250000.00")
    for month in (8, 10, 11, 12):
        rate(world, date(2025, month, 1), "25")
    # When the funnel is asked on 31 December
    result = the_funnel(world, date(2025, 12, 31))
    # Then paid has no EUR figure and the page is told which month lacks its rate
    assert only_row(result).eur["paid"] is None
    assert [str(m) for m in result.missing_rates] == ["CZK 09/2025"]
    assert result.missing_rate_ranges == ["CZK 09/2025"]
    # And the stock stages, whose month has its rate, keep their EUR figures
    assert only_row(result).eur["contracted"] == D("400000.00")


def test_missing_months_are_told_as_runs() -> None:
    missing = [
        funnel.MissingRate("CZK", date(2025, 1, 1)),
        funnel.MissingRate("CZK", date(2025, 2, 1)),
        funnel.MissingRate("CZK", date(2025, 3, 1)),
        funnel.MissingRate("CZK", date(2025, 6, 1)),
        funnel.MissingRate("PLN", date(2025, 7, 1)),
    ]
    result = Funnel(date(2025, 12, 31), [], [], {}, missing, [])
    assert result.missing_rate_ranges == ["CZK 01/2025–03/2025", "CZK 06/2025", "PLN 07/2025"]


def test_euro_needs_no_rate_and_is_never_missing() -> None:
    rates = funnel.MonthlyRates(date(2025, 12, 31), {})
    assert rates.convert(D("100.00"), "EUR", date(2025, 12, 1)) == D("100.00")
    assert rates.convert(D("100.00"), "CZK", date(2025, 12, 1)) is None
    assert rates.missing == {funnel.MissingRate("CZK", date(2025, 12, 1))}
