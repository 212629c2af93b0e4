"""Early warning: worked examples of the decommitment rule in the method of the Commission's
explanatory note CPRE_24-0005-01 (programme level: tranches, pre-financing, claims, earlier
decommitments; N+3, N+2 for the 2027 tranche), the strategy's pro-rata contribution to its
programmes' risk, the managing authority's reported decommitments, missing tranche data,
unspent allocation, and the page with its CSV."""

from __future__ import annotations

import copy
import csv
import doctest
import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aglomera.accounts.models import Role, User
from aglomera.intentions.models import IntentionStatus
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.actions.commitments import record_decommitment, set_programme_financing
from aglomera.monitoring.actions.payments import set_payment_forecast
from aglomera.monitoring.calculations.early_warning import (
    RiskState,
    check_deadlines,
    deadline_for,
    get_early_warning,
    share_of,
)
from aglomera.monitoring.models import (
    Payment,
    PaymentKind,
    ProgrammeFinancing,
    ProgrammeYear,
    RegionCategory,
    ReportedDecommitment,
)
from aglomera.strategy.models import FinancialPlanLine, Measure, Source, Strategy
from aglomera.strategy.tests.builders import (
    make_opole,
    make_programmes,
    make_user,
    opole_drawing_on,
)

S = IntentionStatus
D = Decimal
P2021 = "2021-2027"
YEARS = range(2021, 2028)


# --- the rule: pure worked examples --------------------------------------------------------


def test_the_examples_in_the_docstrings_hold() -> None:
    from aglomera.monitoring.calculations import early_warning

    assert doctest.testmod(early_warning).failed == 0


def test_deadlines_are_n_plus_3_and_n_plus_2_for_the_2027_tranche() -> None:
    assert deadline_for(2021, P2021) == date(2024, 12, 31)
    assert deadline_for(2022, P2021) == date(2025, 12, 31)
    assert deadline_for(2026, P2021) == date(2029, 12, 31)
    assert deadline_for(2027, P2021) == date(2029, 12, 31)  # N+2 (CPR 2021/1060 Art. 105)
    # Other periods keep N+3 for their last year
    assert deadline_for(2020, "2014-2020") == date(2023, 12, 31)


# A programme in the note's way: no 2021 tranche (moved to 2022-2025), 700.00 in all
TRANCHES = {
    2021: D("0"),
    2022: D("100"),
    2023: D("120"),
    2024: D("125"),
    2025: D("130"),
    2026: D("135"),
    2027: D("90"),
}
# Pre-financing received: 1.5 % of 700 in 2022 (the 2021 instalment, paid in the year of
# adoption, and the 2022 one of 0.5 % + 0.5 % FAST-CARE), 1 % in 2023, 0.5 % in 2024-2026;
# 28.00 in all (4 %)
PRE_FINANCING = {
    2022: D("10.50"),
    2023: D("7.00"),
    2024: D("3.50"),
    2025: D("3.50"),
    2026: D("3.50"),
}
# Claims (EU share of payment applications) submitted per year, up to 1 June 2026
CLAIMED = {2023: D("20"), 2024: D("30"), 2025: D("25"), 2026: D("40")}
# Claims forecast after 1 June 2026
FORECAST = {2026: D("60"), 2027: D("150"), 2028: D("130"), 2029: D("200")}


def _the_note(**extra: Any) -> dict[int, Any]:
    checks = check_deadlines(
        TRANCHES,
        period=P2021,
        as_of=date(2026, 6, 1),
        pre_financing=PRE_FINANCING,
        claimed_by_year=CLAIMED,
        forecast_by_year=FORECAST,
        **extra,
    )
    return {check.year: check for check in checks}


def test_the_worked_example_of_the_note() -> None:
    # Given the managing authority reported 0.50 of the 2022 tranche decommitted
    by_year = _the_note(decommitted={2022: D("0.50")})
    # Then 2021 has no tranche and so no deadline: the first is the 2022 tranche's
    assert list(by_year) == [2022, 2023, 2024, 2025, 2026, 2027]
    # 2022 tranche, 31 Dec 2025 (passed): 100 - pre-financing received by then (10.50 + 7 +
    # 3.50 + 3.50 = 24.50) - claims by then (20 + 30 + 25 = 75) = 0.50 short; reported
    y2022 = by_year[2022]
    assert (y2022.deadline, y2022.passed) == (date(2025, 12, 31), True)
    assert (y2022.tranches, y2022.pre_financing, y2022.claimed) == (D(100), D("24.50"), D(75))
    assert (y2022.target, y2022.shortfall, y2022.reported) == (D("75.50"), D("0.50"), D("0.50"))
    assert y2022.decommitted and y2022.at_risk == 0
    # 2023 tranche, 31 Dec 2026 (open): 220 - 28 (all pre-financing by 2026) - 115 claimed to
    # date (20 + 30 + 25 + 40) - 60 forecast in 2026 - 0.50 decommitted = 16.50 at risk
    y2023 = by_year[2023]
    assert (y2023.tranches, y2023.pre_financing, y2023.decommitted_before) == (
        D(220),
        D("28.00"),
        D("0.50"),
    )
    assert (y2023.claimed, y2023.forecast, y2023.covered) == (D(115), D(60), D(175))
    assert (y2023.target, y2023.shortfall, y2023.at_risk) == (D("191.50"), D("16.50"), D("16.50"))
    # 2024 tranche, 31 Dec 2027: 345 - 28 - 115 - (60 + 150) - (0.50 + 16.50 projected to be
    # decommitted at the 2023 deadline) = -25: covered
    assert (by_year[2024].decommitted_before, by_year[2024].shortfall) == (D(17), D(0))
    # 2025 (2028): 475 - 28 - 115 - 340 - 17 = -25; 2026 (2029): 610 - 28 - 115 - 540 - 17 =
    # -90; 2027 (N+2, 2029 too): 700 - 28 - 115 - 540 - 17 = 0: all covered
    assert [by_year[y].shortfall for y in (2025, 2026, 2027)] == [0, 0, 0]
    assert by_year[2026].deadline == by_year[2027].deadline == date(2029, 12, 31)


def test_without_a_reported_decommitment_the_uncovered_share_stays_due() -> None:
    # Given the same programme, but the managing authority reported no decommitment
    by_year = _the_note()
    # Then the 2022 tranche was short by 0.50 at its deadline, but nothing was decommitted
    assert (by_year[2022].shortfall, by_year[2022].decommitted) == (D("0.50"), False)
    # and the 0.50 is still due at the 2023 deadline: 220 - 28 - 115 - 60 - 0 = 17.00
    assert (by_year[2023].decommitted_before, by_year[2023].shortfall) == (D(0), D(17))


def test_without_a_2021_tranche_the_first_deadline_is_the_end_of_2025() -> None:
    # Given nothing claimed at all, as of 1 June 2025
    checks = check_deadlines(TRANCHES, period=P2021, as_of=date(2025, 6, 1))
    # Then no deadline has passed: the first is 31 Dec 2025 (the 2022 tranche), 100 less the
    # pre-financing is at risk there, and nothing is decommitted
    assert checks[0].year == 2022
    assert checks[0].deadline == date(2025, 12, 31)
    assert not any(check.passed or check.decommitted for check in checks)
    # With a 2021 tranche (the 2021 money not moved), its deadline 31 Dec 2024 would have passed
    moved_back = check_deadlines(TRANCHES | {2021: D(50)}, period=P2021, as_of=date(2025, 6, 1))
    assert (moved_back[0].year, moved_back[0].deadline, moved_back[0].passed) == (
        2021,
        date(2024, 12, 31),
        True,
    )


def test_a_passed_deadline_counts_only_what_was_claimed_by_then() -> None:
    # Given 2022's deadline passed; claims of 2026 (after it) and a large forecast
    checks = check_deadlines(
        {2022: D(100)},
        period=P2021,
        as_of=date(2026, 6, 1),
        claimed_by_year={2025: D(60), 2026: D(40)},
        forecast_by_year={2026: D(500)},
    )
    # Then only the 60 claimed by 31 Dec 2025 counts
    assert (checks[0].claimed, checks[0].forecast, checks[0].shortfall) == (D(60), D(0), D(40))


def test_the_2027_tranche_must_be_claimed_by_the_end_of_2029_not_2030() -> None:
    # Given 100 in 2026 and 100 in 2027, as of mid-2029: 50 claimed, 80 forecast in 2029, 70 in
    # 2030
    checks = check_deadlines(
        {2026: D(100), 2027: D(100)},
        period=P2021,
        as_of=date(2029, 6, 30),
        claimed_by_year={2028: D(50)},
        forecast_by_year={2029: D(80), 2030: D(70)},
    )
    y2026, y2027 = checks
    # Then both are due by 31 Dec 2029: 2026 is covered (100 - 130 < 0), 2027 misses 70 because
    # the 2030 forecast comes after its N+2 deadline
    assert y2026.deadline == y2027.deadline == date(2029, 12, 31)
    assert (y2026.shortfall, y2027.shortfall) == (D(0), D(70))
    # With N+3 (a 2014-2020 style last year) the 2030 forecast would have covered it
    n3 = check_deadlines(
        {2019: D(100), 2020: D(100)},
        period="2014-2020",
        as_of=date(2022, 6, 30),
        claimed_by_year={2021: D(50)},
        forecast_by_year={2022: D(80), 2023: D(70)},
    )
    assert [c.shortfall for c in n3] == [D(0), D(0)]


def test_programme_targets_do_not_project_decommitments() -> None:
    # Given the programme's own targets (its claims unknown to the office)
    targets = check_deadlines(
        TRANCHES, period=P2021, as_of=date(2025, 6, 1), pre_financing=PRE_FINANCING, project=False
    )
    # Then each target is the cumulative tranches less pre-financing: 100 - 24.50, 220 - 28, ...
    assert [t.target for t in targets] == [
        D("75.50"),
        D("192.00"),
        D("317.00"),
        D("447.00"),
        D("582.00"),
        D("672.00"),
    ]


def test_a_share_is_rounded_half_up_to_the_cent() -> None:
    # 1/8 of 0.20 is 0.025: half up, 0.03; 1/8 of 100.00 is 12.50
    assert share_of({2022: D("0.20"), 2023: D("100.00")}, D(1), D(8)) == {
        2022: D("0.03"),
        2023: D("12.50"),
    }


# --- the strategy: its contribution, the programme, reported decommitments ------------------

# IROP's tranches (whole programme, CZK): none in 2021; 8,034,872,900.00 in all, so that
# measure 2.1.1's 80,348,729.00 of IROP EU money is exactly 1 % of them
IROP = {
    2021: "",
    2022: "1500000000",
    2023: "1500000000",
    2024: "1500000000",
    2025: "1500000000",
    2026: "1000000000",
    2027: "1034872900",
}
IROP_PRE = {
    2022: "100000000",
    2023: "80 000 000",
    2024: "40000000,00",
    2025: "40000000",
    2026: "40000000",
}


@pytest.fixture
def world(db: None, pipeline_world: PipelineWorld) -> PipelineWorld:
    """Measure 2.1.1 with 80,348,729.00 CZK of IROP EU money."""
    return copy.deepcopy(pipeline_world)


def _irop(world: PipelineWorld, tranches: dict[int, str] = IROP) -> None:
    """The manager enters IROP's tranches and pre-financing (ERDF, less developed regions)."""
    set_programme_financing(
        world.agglomeration,
        programme=world.objective.programme,
        fund="ERDF",
        region_category=RegionCategory.LESS_DEVELOPED,
        tranches=tranches,
        pre_financing=IROP_PRE,
        actor=world.user(Role.MANAGER),
    )


def _certified(intention: Any, on: date, amount: str) -> Payment:
    """A certified payment as the managing authority's data bring it (configuration level)."""
    return Payment.objects.create(
        intention=intention, kind=PaymentKind.CERTIFIED, on=on, amount=D(amount)
    )


def _claims(world: PipelineWorld) -> Any:
    """A contracted project: 11,000,000 certified in 2024, 5,000,000 forecast for Sep 2026."""
    project = world.intention(status=S.LEGAL_ACT, requested_eu="40000000.00")
    _certified(project, date(2024, 5, 1), "11000000.00")
    _certified(project, date(2026, 7, 1), "9999.00")  # after the as-of date: not yet
    set_payment_forecast(
        project,
        [(date(2026, 3, 1), D("1.00")), (date(2026, 9, 30), D("5000000.00"))],
        actor=world.user(Role.APPLICANT),
    )
    return project


def test_the_strategys_contribution_is_its_pro_rata_share_against_its_claims(
    world: PipelineWorld,
) -> None:
    # Given IROP's tranches and pre-financing, and the strategy's project with its claims
    _irop(world)
    _claims(world)
    # When early warning is computed as of 1 June 2026
    warning = get_early_warning(world.strategy, as_of=date(2026, 6, 1))
    [irop] = warning.programmes
    assert (irop.programme, irop.fund, irop.allocation, irop.share) == (
        "IROP",
        "ERDF",
        D("80348729.00"),
        D("1.0000"),
    )
    assert irop.financing is not None
    assert irop.financing.region_category_label == "less developed regions"
    # Then the programme's own targets: 2022 tranche 1,500,000,000 - 260,000,000 pre-financing
    # by 2025 = 1,240,000,000; 2023: 3,000,000,000 - 300,000,000 = 2,700,000,000
    assert [t.target for t in irop.targets][:2] == [D("1240000000.00"), D("2700000000.00")]
    # And the strategy's 1 %: 15,000,000 a tranche 2022-2025, pre-financing 1,000,000 (2022),
    # 800,000 (2023) and 400,000 a year 2024-2026
    assert irop.contribution is not None
    checks = {check.year: check for check in irop.contribution.checks}
    # 2022 (31 Dec 2025, passed): 15,000,000 - 2,600,000 - 11,000,000 = 1,400,000 not covered,
    # no decommitment reported: other projects covered it; not a loss
    assert (checks[2022].shortfall, checks[2022].passed, checks[2022].decommitted) == (
        D("1400000.00"),
        True,
        False,
    )
    # 2023 (31 Dec 2026): 30,000,000 - 3,000,000 - 11,000,000 to date - 5,000,000 forecast
    # (the forecast of 1 March is stale, the July certification after the as-of date) =
    # 11,000,000 at risk
    assert (checks[2023].covered, checks[2023].shortfall) == (D("16000000.00"), D("11000000.00"))
    # Later tranches are wholly at risk (nothing more is forecast), each crown once: 15 M, 15 M,
    # 10 M and 10,348,729.00; in all the allocation less pre-financing less what is covered
    assert [checks[y].shortfall for y in (2024, 2025, 2026, 2027)] == [
        D("15000000.00"),
        D("15000000.00"),
        D("10000000.00"),
        D("10348729.00"),
    ]
    assert warning.at_risk_by_currency == {
        "CZK": D("80348729.00") - D("3000000.00") - D("16000000.00")
    }
    assert warning.decommitted_by_currency == {}
    # And the list says it in words, never as a loss
    first = warning.risks[0]
    assert (first.measure_code, first.year, first.state, first.amount) == (
        "2.1.1",
        2022,
        RiskState.NOT_COVERED,
        D("1400000.00"),
    )
    assert "reported no decommitment" in first.reason
    assert str(first.measure_name) == "Kapacity mateřských škol"
    second = warning.risks[1]
    assert (second.year, second.state, second.deadline) == (
        2023,
        RiskState.AT_RISK,
        date(2026, 12, 31),
    )
    assert "forecast before the deadline do not cover it" in second.reason
    assert not any(risk.decommitted for risk in warning.risks)


def test_a_decommitment_the_managing_authority_reported_is_shown_as_decommitted(
    world: PipelineWorld,
) -> None:
    # Given the same, and the managing authority reported 100,000,000 of the 2022 tranche
    # decommitted in March 2026, and another decision after the as-of date
    _irop(world)
    _claims(world)
    for day, amount in ((date(2026, 3, 15), "100000000"), (date(2026, 9, 1), "5000000")):
        record_decommitment(
            world.agglomeration,
            programme=world.objective.programme,
            fund="ERDF",
            tranche_year=2022,
            amount=amount,
            decided_on=day,
            reference=f"MMR letter of {day}",
            actor=world.user(Role.MANAGER),
        )
    # When early warning is computed as of 1 June 2026
    warning = get_early_warning(world.strategy, as_of=date(2026, 6, 1))
    # Then the decommitment of March is the one money called decommitted, at programme level
    assert warning.decommitted_by_currency == {"CZK": D("100000000.00")}
    [reported] = [risk for risk in warning.risks if risk.decommitted]
    assert (reported.measure_code, reported.programme, reported.year, reported.amount) == (
        "",
        "IROP",
        2022,
        D("100000000.00"),
    )
    assert "MMR letter of 2026-03-15" in reported.reason
    assert "1,000,000.00 CZK" in reported.reason  # the strategy's pro-rata share (1 %)
    # And the strategy's 2022 check is decommitted, not "not covered"
    [irop] = warning.programmes
    assert irop.contribution is not None
    y2022, y2023 = irop.contribution.checks[:2]
    assert (y2022.reported, y2022.decommitted) == (D("1000000.00"), True)
    assert not [r for r in warning.risks if r.measure_code and r.year == 2022]
    # 2023: 30,000,000 - 3,000,000 - 16,000,000 - 1,000,000 decommitted = 10,000,000 at risk
    assert y2023.shortfall == D("10000000.00")
    # The programme's 2023 target is lowered by the decommitment too
    assert irop.targets[1].target == D("2600000000.00")


def test_no_phantom_loss_before_the_first_deadline(world: PipelineWorld) -> None:
    # Given IROP without a 2021 tranche and no claims at all, as of mid-2025
    _irop(world)
    warning = get_early_warning(world.strategy, as_of=date(2025, 6, 1))
    # Then nothing is decommitted or "not covered": every row is a contribution to the risk
    # at an open deadline, the first on 31 Dec 2025
    assert warning.decommitted_by_currency == {}
    assert {risk.state for risk in warning.risks} == {RiskState.AT_RISK}
    assert warning.risks[0].deadline == date(2025, 12, 31)
    assert all(risk.year != 2021 for risk in warning.risks)
    assert "no claim is forecast before the deadline" in warning.risks[0].reason


def _second_measure(world: PipelineWorld, code: str, objective: Any, eu: str) -> None:
    """Another measure of the approved version with EU money from `objective`
    (configuration level, as an approved amendment would leave it)."""
    version = world.strategy.current_version
    assert version is not None
    first = Measure.objects.get(version=version, code="2.1.1")
    measure = Measure.objects.create(
        version=version, specific_goal=first.specific_goal, code=code, name={"cs": "Jesle"}
    )
    FinancialPlanLine.objects.create(
        version=version,
        measure=measure,
        specific_objective=objective,
        source=Source.EU,
        amount=D(eu),
    )


def test_each_measure_gets_its_share_and_the_strategy_pools_them(world: PipelineWorld) -> None:
    # Given a second IROP measure with 40,174,364.50 (half of 2.1.1's, so 0.5 % of IROP) that
    # claimed 20,000,000 in 2025, and 2.1.1 that claimed nothing
    _second_measure(world, "2.1.2", world.objective, "40174364.50")
    _irop(world)
    project = world.intention(status=S.LEGAL_ACT, measure_code="2.1.2")
    _certified(project, date(2025, 5, 1), "20000000.00")
    # When early warning is computed as of 1 June 2026
    warning = get_early_warning(world.strategy, as_of=date(2026, 6, 1))
    [irop] = warning.programmes
    assert irop.share == D("1.5000")
    by_code = {m.measure_code: m.contribution for m in irop.measures}
    # Then 2.1.1 (1 %): 2022 tranche 15,000,000 - 2,600,000 pre-financing = 12,400,000 not
    # covered at the end of 2025
    assert by_code["2.1.1"].checks[0].shortfall == D("12400000.00")
    # 2.1.2 (0.5 %): 7,500,000 - 1,300,000 - 20,000,000 < 0: covered
    assert by_code["2.1.2"].checks[0].shortfall == 0
    # The strategy as a whole (1.5 %): 22,500,000 - 3,900,000 - 20,000,000 < 0: its measures
    # pooled cover its share, as the programme pools every project
    assert irop.contribution is not None
    assert irop.contribution.checks[0].shortfall == 0
    # And the list names the measure whose share is not covered
    assert [(r.measure_code, r.year) for r in warning.risks if r.year == 2022] == [("2.1.1", 2022)]


def test_a_programme_without_tranche_data_says_so_and_guesses_nothing(
    world: PipelineWorld,
) -> None:
    # Given IROP's tranches, and a second measure drawing on OPD, which has none
    opd = make_programmes().opd_mobility
    _second_measure(world, "2.1.2", opd, "1000000.00")
    _irop(world)
    warning = get_early_warning(world.strategy, as_of=date(2026, 6, 1))
    # Then OPD is listed without data and no row of the list is about it
    assert [(item.programme, item.fund) for item in warning.missing] == [("OPD", "CF")]
    [missing] = warning.missing
    assert (missing.share, missing.contribution, missing.targets) == (None, None, [])
    assert not [risk for risk in warning.risks if risk.programme == "OPD"]
    assert list(warning.at_risk_by_currency) == ["CZK"]  # IROP's only


def test_unspent_allocation_is_allocation_minus_contracted_and_pipeline(
    world: PipelineWorld,
) -> None:
    # Given projects in every kind of state
    world.intention(status=S.LEGAL_ACT, requested_eu="10000000.00")
    world.intention(status=S.SUSTAINABILITY, requested_eu="1000000.00")
    world.intention(status=S.SUBMITTED, requested_eu="5000000.00")
    world.intention(status=S.COMPLIANT, requested_eu="3000000.00")
    world.intention(status=S.DRAFT, requested_eu="7000000.00")  # not yet in the pipeline
    world.intention(status=S.WITHDRAWN, requested_eu="7000000.00")
    world.intention(status=S.NON_COMPLIANT_NEGATIVE, requested_eu="7000000.00")
    # When early warning is computed (IROP has no tranche data: absorption does not need it)
    warning = get_early_warning(world.strategy, as_of=date(2025, 6, 1))
    # Then absorption counts contracted and pipeline support only
    [absorption] = warning.absorption
    assert (absorption.allocation, absorption.contracted, absorption.pipeline) == (
        D("80348729.00"),
        D("11000000.00"),
        D("8000000.00"),
    )
    assert absorption.unspent == D("61348729.00")
    assert warning.unspent == [absorption]
    assert warning.at_risk_by_currency == {}
    assert warning.risks == []


def test_a_measure_without_eu_allocation_shows_its_projects_but_no_share(
    world: PipelineWorld,
) -> None:
    # Given a project of a measure code that has no plan line
    _irop(world)
    project = world.intention(status=S.LEGAL_ACT, measure_code="9.9.9", requested_eu="1000000.00")
    _certified(project, date(2024, 1, 1), "1.00")
    warning = get_early_warning(world.strategy, as_of=date(2026, 6, 1))
    # Then it appears in absorption with no allocation (overcommitted), not in the contribution
    extra = next(r for r in warning.absorption if r.measure_code == "9.9.9")
    assert (extra.allocation, extra.unspent) == (D(0), D("-1000000.00"))
    assert extra not in warning.unspent
    [irop] = warning.programmes
    assert [m.measure_code for m in irop.measures] == ["2.1.1"]


def test_the_programme_deadlines_pair_with_the_strategys(world: PipelineWorld) -> None:
    # Given tranches that make a tiny 2027 tranche (0.40 CZK): 1 % of it rounds to 0.00
    _irop(world, IROP | {2027: "0.40", 2026: "2034872899.60"})
    warning = get_early_warning(world.strategy, as_of=date(2026, 6, 1))
    [irop] = warning.programmes
    # Then the programme has a 2027 deadline, the strategy's share of it is nothing
    assert [(target.year, mine is None) for target, mine in irop.deadlines][-2:] == [
        (2026, False),
        (2027, True),
    ]
    assert not irop.oversized
    assert irop.decommitted_share(D("100.00")) == D("1.00")


def test_a_strategy_larger_than_the_programme_is_flagged(world: PipelineWorld) -> None:
    _irop(world, {2022: "1000"})
    [irop] = get_early_warning(world.strategy, as_of=date(2026, 6, 1)).programmes
    assert irop.oversized


def test_the_query_count_does_not_grow_with_projects_payments_and_decommitments(
    world: PipelineWorld, django_assert_num_queries: Any
) -> None:
    _irop(world)
    project = world.intention(status=S.LEGAL_ACT)
    _certified(project, date(2024, 1, 1), "1.00")
    # measures, plan lines, support, payments, programme years, decommitments
    with django_assert_num_queries(6):
        get_early_warning(world.strategy, as_of=date(2026, 6, 1))
    for index in range(5):
        other = world.intention(status=S.LEGAL_ACT, measure_code=f"2.1.{index + 2}")
        _certified(other, date(2023, 1, 1), "1.00")
        set_payment_forecast(
            other, [(date(2027, 1, 1), D("2.00"))], actor=world.user(Role.COORDINATOR)
        )
    record_decommitment(
        world.agglomeration,
        programme=world.objective.programme,
        fund="ERDF",
        tranche_year=2022,
        amount="1.00",
        decided_on=date(2026, 2, 1),
        reference="MMR",
        actor=world.user(Role.MANAGER),
    )
    with django_assert_num_queries(6):
        get_early_warning(world.strategy, as_of=date(2026, 6, 1))


def test_data_of_programmes_the_strategy_does_not_draw_on_are_left_out(
    world: PipelineWorld,
) -> None:
    # Given data kept for FEO (not in Olomouc's strategy), with a decommitment (configuration
    # level: the action offers only the strategy's programmes)
    kept = ProgrammeFinancing.objects.create(
        agglomeration=world.agglomeration,
        programme=make_programmes().feo,
        fund="ERDF",
        region_category=RegionCategory.LESS_DEVELOPED,
    )
    ProgrammeYear.objects.create(financing=kept, year=2022, tranche=D(100))
    ReportedDecommitment.objects.create(
        financing=kept, tranche_year=2022, amount=D(1), decided_on=date(2026, 2, 1), reference="x"
    )
    # Then early warning reads neither: IROP is still without data, nothing is decommitted
    warning = get_early_warning(world.strategy, as_of=date(2026, 6, 1))
    assert [item.programme for item in warning.programmes] == ["IROP"]
    assert [item.programme for item in warning.missing] == ["IROP"]
    assert warning.decommitted_by_currency == {}


def test_yearly_shares_migrated_from_a_commitment_profile_give_the_proportions(
    world: PipelineWorld,
) -> None:
    # Given IROP's old commitment profile 0/10/20/20/20/15/15 % as the migration leaves it:
    # shares only, no pre-financing, no category of region
    migrated = ProgrammeFinancing.objects.create(
        agglomeration=world.agglomeration,
        programme=world.objective.programme,
        fund="ERDF",
        shares_only=True,
    )
    shares = dict(zip(YEARS, ("0", "10", "20", "20", "20", "15", "15"), strict=True))
    ProgrammeYear.objects.bulk_create(
        ProgrammeYear(financing=migrated, year=year, tranche=D(share))
        for year, share in shares.items()
    )
    warning = get_early_warning(world.strategy, as_of=date(2025, 6, 1))
    [irop] = warning.programmes
    assert irop.financing is not None
    assert irop.financing.region_category_label == "category of region not stated"
    # Then 2.1.1's 80,348,729.00 is committed by the shares: 10 % = 8,034,872.90 in 2022
    # (deadline end of 2025), 20 % = 16,069,745.80 in 2023, ...; nothing in 2021
    assert irop.contribution is not None
    assert [(c.year, c.tranche) for c in irop.contribution.checks][:2] == [
        (2022, D("8034872.90")),
        (2023, D("16069745.80")),
    ]
    assert irop.share is None  # percent of a "total" of 100, not money: no share to show
    assert warning.risks[0].currency == "CZK"
    # And the page says that only shares are entered
    html = _client(world.user(Role.MANAGER)).get(_url(world), {"as_of": "2025-06-01"})
    assert "Only yearly shares are entered" in html.content.decode()


def test_another_agglomerations_data_of_the_same_programme_are_not_read(
    world: PipelineWorld,
) -> None:
    # Given Opole enters IROP's tranches differently (programmes are shared)
    opole, opole_manager = opole_drawing_on(world.objective)
    set_programme_financing(
        opole,
        programme=world.objective.programme,
        fund="ERDF",
        region_category=RegionCategory.TRANSITION,
        tranches={2021: "1000"},
        pre_financing={},
        actor=opole_manager,
    )
    # Then Olomouc still has no data for IROP
    warning = get_early_warning(world.strategy, as_of=date(2026, 6, 1))
    assert [item.programme for item in warning.missing] == ["IROP"]


# --- the page ---------------------------------------------------------------------------------

READERS = {Role.MANAGER, Role.COORDINATOR, Role.WORKING_GROUP, Role.COMMITTEE, Role.AUDITOR}
WHO = [role.value for role in Role] + ["outsider"]


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _actor(world: PipelineWorld, who: str) -> User:
    if who == "outsider":
        return make_user("mallory", (make_opole(), Role.MANAGER))
    return world.user(Role(who))


def _url(world: PipelineWorld, name: str = "warnings") -> str:
    return reverse(f"monitoring:{name}", kwargs={"slug": world.agglomeration.slug})


@pytest.mark.parametrize("name", ["warnings", "warnings_csv"])
@pytest.mark.parametrize("who", WHO)
def test_the_warnings_page_and_csv_are_for_readers_of_monitoring(
    world: PipelineWorld, who: str, name: str
) -> None:
    response = _client(_actor(world, who)).get(_url(world, name))
    if who == "outsider":
        assert response.status_code == 404
    elif Role(who) in READERS:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


def test_the_page_and_the_csv_show_the_contribution_and_never_a_phantom_loss(
    world: PipelineWorld,
) -> None:
    # Given IROP's tranches, the project's claims, and OPD without data
    _second_measure(world, "2.1.2", make_programmes().opd_mobility, "1000000.00")
    _irop(world)
    _claims(world)
    client = _client(world.user(Role.MANAGER))
    query = {"strategy": str(world.strategy.pk), "as_of": "2026-06-01"}
    # When the page and the CSV are opened
    page = client.get(_url(world), query)
    download = client.get(_url(world, "warnings_csv"), query)
    # Then the page names the contribution, the programme without data, and no loss
    body = page.content.decode()
    assert "contribution to the programme's risk" in body
    assert "not covered at the deadline; no decommitment reported" in body
    assert "no tranche data" in body and "OPD CF" in body
    assert "lost" not in body.lower()
    assert "1.0000 %" in body and "less developed regions" in body
    assert "warnings/csv/?strategy=" in body
    manage = reverse(
        "monitoring:programme_commitments",
        kwargs={"slug": world.agglomeration.slug, "pk": make_programmes().opd.pk},
    )
    assert f'href="{manage}"' in body
    # And the CSV has the same rows, with their states in words
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "measure",
        "measure name",
        "programme",
        "fund",
        "category of region",
        "tranche year",
        "deadline",
        "amount",
        "currency",
        "state",
        "reason",
    ]
    assert rows[1][:10] == [
        "2.1.1",
        "Kapacity mateřských škol",
        "IROP",
        "ERDF",
        "less developed regions",
        "2022",
        "2025-12-31",
        "1400000.00",
        "CZK",
        "not covered at the deadline; no decommitment reported",
    ]
    assert rows[2][9] == "contribution to the programme's risk"
    assert len(rows) == 1 + 6


def test_the_page_and_the_csv_show_a_reported_decommitment(world: PipelineWorld) -> None:
    _irop(world)
    record_decommitment(
        world.agglomeration,
        programme=world.objective.programme,
        fund="ERDF",
        tranche_year=2022,
        amount="100000000",
        decided_on=date(2026, 3, 15),
        reference="MMR-2026-17",
        actor=world.user(Role.MANAGER),
    )
    client = _client(world.user(Role.COORDINATOR))
    query = {"as_of": "2026-06-01"}
    body = client.get(_url(world), query).content.decode()
    assert "decommitted (reported by the managing authority)" in body
    assert "100,000,000.00 CZK reported by the managing authority" in body
    rows = list(
        csv.reader(
            io.StringIO(client.get(_url(world, "warnings_csv"), query).content.decode("utf-8-sig"))
        )
    )
    [decommitted] = [row for row in rows if row[9].startswith("decommitted")]
    assert decommitted[:9] == [
        "",
        "",
        "IROP",
        "ERDF",
        "less developed regions",
        "2022",
        "2025-12-31",
        "100000000.00",
        "CZK",
    ]
    assert "MMR-2026-17" in decommitted[10]


def test_a_bad_filter_falls_back_to_the_defaults_with_the_message(world: PipelineWorld) -> None:
    response = _client(world.user(Role.MANAGER)).get(
        _url(world), {"strategy": "nonsense", "as_of": "31.31.2025"}
    )
    assert response.status_code == 422
    assert "Programmes at their deadlines" in response.content.decode()


def test_a_strategy_of_another_agglomeration_is_refused_by_the_filter(
    world: PipelineWorld,
) -> None:
    # Given Opole's approved strategy
    opole, _manager = opole_drawing_on(world.objective)
    foreign = Strategy.objects.get(agglomeration=opole)
    # When Olomouc's page is asked for it
    response = _client(world.user(Role.MANAGER)).get(_url(world), {"strategy": str(foreign.pk)})
    # Then the filter refuses it (it offers only Olomouc's strategies) and shows Olomouc's own
    assert response.status_code == 422
    assert "strategy" in response.context["form"].errors
    assert response.context["warning"].strategy == world.strategy


def test_an_agglomeration_without_an_approved_strategy_says_so(db: Any) -> None:
    opole = make_opole()
    manager = make_user("opole-boss", (opole, Role.MANAGER))
    client = _client(manager)
    response = client.get(reverse("monitoring:warnings", kwargs={"slug": opole.slug}))
    assert "no approved strategy" in response.content.decode()
    download = client.get(reverse("monitoring:warnings_csv", kwargs={"slug": opole.slug}))
    assert len(download.content.decode("utf-8-sig").splitlines()) == 1


def test_the_page_runs_a_fixed_number_of_queries(
    world: PipelineWorld, django_assert_num_queries: Any
) -> None:
    # Given IROP's tranches and projects with payments
    _irop(world)
    for index in range(3):
        project = world.intention(status=S.LEGAL_ACT, measure_code=f"2.1.{index + 2}")
        _certified(project, date(2023, 1, 1), "1.00")
    client = _client(world.user(Role.MANAGER))
    client.get(_url(world))  # warm up sessions and content types
    # When the page is opened: session, user, agglomeration, memberships, the strategy shown,
    # the early warning (6) and the strategy choice (2)
    with django_assert_num_queries(13):
        assert client.get(_url(world), {"as_of": "2026-06-01"}).status_code == 200


def test_the_page_query_count_does_not_grow_with_the_data(world: PipelineWorld) -> None:
    _irop(world)
    client = _client(world.user(Role.COORDINATOR))
    client.get(_url(world))  # warm up sessions and content types

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(_url(world), {"as_of": "2026-06-01"}).status_code == 200
        return len(context)

    small = count()
    for index in range(4):
        project = world.intention(status=S.LEGAL_ACT, measure_code=f"2.1.{index + 2}")
        _certified(project, date(2023, 1, 1), "1.00")
    _second_measure(world, "2.1.9", make_programmes().opd_mobility, "1000000.00")
    assert count() == small


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_an_absurd_as_of_date_is_refused_with_the_dashboards_message(
    world: PipelineWorld, day: str
) -> None:
    response = _client(world.user(Role.MANAGER)).get(_url(world), {"as_of": day})
    assert response.status_code == 422
    assert response.context["form"].errors["as_of"] == [
        "Enter a date between 2000-01-01 and 2100-12-31."
    ]
    assert f'value="{day}"' in response.content.decode()


@pytest.mark.parametrize("query", [{}, {"strategy": ""}, {"as_of": "2026-06-01"}])
def test_the_as_of_field_shows_the_date_of_the_page(
    world: PipelineWorld, query: dict[str, str]
) -> None:
    response = _client(world.user(Role.MANAGER)).get(_url(world), query)
    assert response.status_code == 200
    day = query.get("as_of") or response.context["warning"].as_of.isoformat()
    assert 'name="as_of"' in response.content.decode()
    assert f'value="{day}"' in response.content.decode()
