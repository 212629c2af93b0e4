"""Early warning: worked examples of the decommitment rule (N+3; N+2 for the 2027 commitment),
the at-risk list with its reasons, unspent allocation, and the page with its CSV."""

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
from aglomera.monitoring.actions.commitments import set_commitment_profile
from aglomera.monitoring.actions.payments import set_payment_forecast
from aglomera.monitoring.calculations.early_warning import (
    check_decommitment,
    commitment_schedule,
    deadline_for,
    get_early_warning,
    spread_by_shares,
    spread_evenly,
)
from aglomera.monitoring.models import CommitmentProfile, Payment, PaymentKind
from aglomera.strategy.models import Strategy
from aglomera.strategy.tests.builders import (
    StrategyBuilder,
    make_opole,
    make_programmes,
    make_user,
    opole_drawing_on,
)

S = IntentionStatus
D = Decimal
M = D("1000000.00")
P2021 = "2021-2027"
EVEN = {year: M for year in range(2021, 2028)}  # 7,000,000.00 spread over 2021-2027


# --- the rule: pure worked examples --------------------------------------------------------


def test_the_examples_in_the_docstrings_hold() -> None:
    from aglomera.monitoring.calculations import early_warning

    assert doctest.testmod(early_warning).failed == 0


def test_deadlines_are_n_plus_3_and_n_plus_2_for_the_2027_commitment() -> None:
    assert deadline_for(2021, P2021) == date(2024, 12, 31)
    assert deadline_for(2025, P2021) == date(2028, 12, 31)
    assert deadline_for(2026, P2021) == date(2029, 12, 31)
    assert deadline_for(2027, P2021) == date(2029, 12, 31)  # N+2
    # Other periods keep N+3 for their last year
    assert deadline_for(2020, "2014-2020") == date(2023, 12, 31)


def test_an_allocation_is_spread_evenly_over_the_period_to_the_cent() -> None:
    # The EU allocation of measure 2.1.1 (80,348,729.00 CZK) over 2021-2027
    schedule = commitment_schedule(D("80348729.00"), P2021)
    assert list(schedule) == list(range(2021, 2028))
    assert schedule[2021] == D("11478389.85")
    assert schedule[2027] == D("11478389.90")  # the rounding remainder
    assert sum(schedule.values()) == D("80348729.00")
    assert spread_evenly(D("100.00"), [2023, 2021, 2022]) == {
        2021: D("33.33"),
        2022: D("33.33"),
        2023: D("33.34"),
    }


def test_a_per_year_plan_replaces_the_even_spread() -> None:
    plan = {2022: D("5.00"), 2021: D("1.00")}
    assert commitment_schedule(D("6.00"), P2021, plan) == {2021: D("1.00"), 2022: D("5.00")}


def test_before_the_first_deadline_the_shortfall_is_at_risk_not_lost() -> None:
    # Given 1,000,000 a year and 600,000 certified in 2024; as of the deadline day itself
    checks = check_decommitment(
        EVEN,
        period=P2021,
        as_of=date(2024, 12, 31),
        certified_by_year={2024: D("600000.00")},
        forecast_by_year={},
    )
    # Then 400,000 of the 2021 commitment is at risk, the deadline not yet passed
    first = checks[0]
    assert (first.year, first.deadline, first.due, first.certified) == (
        2021,
        date(2024, 12, 31),
        M,
        D("600000.00"),
    )
    assert (first.shortfall, first.passed) == (D("400000.00"), False)


def test_after_the_deadline_the_shortfall_is_lost_and_forecasts_no_longer_help() -> None:
    # Given the same, one day later, with a large forecast for 2025
    checks = check_decommitment(
        EVEN,
        period=P2021,
        as_of=date(2025, 1, 1),
        certified_by_year={2024: D("600000.00")},
        forecast_by_year={2025: D("5000000.00")},
    )
    # Then the 2021 shortfall is lost: only what was certified by 31 Dec 2024 counted
    first = checks[0]
    assert (first.shortfall, first.passed, first.forecast) == (D("400000.00"), True, D(0))


def test_the_worked_example_of_the_module_docstring() -> None:
    # Given 1,000,000 a year, as of 1 June 2025: 600,000 certified in 2024, 500,000 forecast
    # in 2025 and nothing later
    checks = check_decommitment(
        EVEN,
        period=P2021,
        as_of=date(2025, 6, 1),
        certified_by_year={2024: D("600000.00")},
        forecast_by_year={2025: D("500000.00")},
    )
    by_year = {check.year: check for check in checks}
    # Then 2021 loses 400,000 (deadline passed)
    assert (by_year[2021].shortfall, by_year[2021].passed) == (D("400000.00"), True)
    # 2022 must have 2,000,000 - 400,000 lost = 1,600,000 by the end of 2025; 1,100,000 is
    # certified or forecast, so 500,000 is at risk
    assert by_year[2022].due == D("1600000.00")
    assert by_year[2022].covered == D("1100000.00")
    assert (by_year[2022].shortfall, by_year[2022].passed) == (D("500000.00"), False)
    # and with nothing forecast later, every later year is wholly at risk, each euro once
    assert [by_year[y].shortfall for y in range(2023, 2028)] == [M] * 5
    assert sum(check.shortfall for check in checks) == D("7000000.00") - D("1100000.00")


def test_forecasts_that_cover_every_deadline_leave_nothing_at_risk() -> None:
    # Given the 2021 loss, and forecasts of 1.5 M in 2025 and 1 M a year until 2029
    checks = check_decommitment(
        EVEN,
        period=P2021,
        as_of=date(2025, 6, 1),
        certified_by_year={2024: D("600000.00")},
        forecast_by_year={
            2025: D("1500000.00"),
            2026: M,
            2027: M,
            2028: M,
            2029: D("2000000.00"),
        },
    )
    # Then only the lost 2021 money remains; every open deadline is covered
    assert [c.shortfall for c in checks] == [D("400000.00")] + [D("0.00")] * 6
    assert checks[-1].due == D("6600000.00")
    assert checks[-1].covered == D("7100000.00")


def test_the_2027_commitment_must_be_claimed_by_the_end_of_2029_not_2030() -> None:
    # Given a per-year plan committing 1 M in 2026 and 1 M in 2027, as of mid-2029: 500,000
    # certified, 800,000 forecast in 2029 and 700,000 forecast in 2030
    checks = check_decommitment(
        {2026: M, 2027: M},
        period=P2021,
        as_of=date(2029, 6, 30),
        certified_by_year={2028: D("500000.00")},
        forecast_by_year={2029: D("800000.00"), 2030: D("700000.00")},
    )
    y2026, y2027 = checks
    # Then both are due by 31 Dec 2029: 2026 is covered, 700,000 of 2027 is at risk because the
    # 2030 forecast comes after its N+2 deadline
    assert y2026.deadline == y2027.deadline == date(2029, 12, 31)
    assert y2026.shortfall == 0
    assert (y2027.due, y2027.covered, y2027.shortfall) == (
        D("2000000.00"),
        D("1300000.00"),
        D("700000.00"),
    )
    # With N+3 (a 2014-2020 style last year) the 2030 forecast would have covered it
    n3 = check_decommitment(
        {2019: M, 2020: M},
        period="2014-2020",
        as_of=date(2022, 6, 30),
        certified_by_year={2021: D("500000.00")},
        forecast_by_year={2022: D("800000.00"), 2023: D("700000.00")},
    )
    assert [c.shortfall for c in n3] == [D("0.00"), D("0.00")]


def test_a_shortfall_is_never_negative_nor_larger_than_its_years_commitment() -> None:
    checks = check_decommitment(
        {2021: D("10.00"), 2022: D("10.00")},
        period=P2021,
        as_of=date(2026, 1, 1),
        certified_by_year={2021: D("50.00")},
        forecast_by_year={},
    )
    assert [c.shortfall for c in checks] == [0, 0]
    none_certified = check_decommitment(
        {2021: D("10.00"), 2022: D("10.00")},
        period=P2021,
        as_of=date(2026, 1, 1),
        certified_by_year={},
        forecast_by_year={},
    )
    assert [c.shortfall for c in none_certified] == [D("10.00"), D("10.00")]


# --- the strategy: risks, reasons, absorption ------------------------------------------------


@pytest.fixture
def world(db: None, pipeline_world: PipelineWorld) -> PipelineWorld:
    """Measure 2.1.1 with 80,348,729.00 CZK of IROP EU money (11,478,389.85 a year)."""
    return copy.deepcopy(pipeline_world)


def _certified(intention: Any, on: date, amount: str) -> Payment:
    """A certified payment as the managing authority's data bring it (configuration level)."""
    return Payment.objects.create(
        intention=intention, kind=PaymentKind.CERTIFIED, on=on, amount=D(amount)
    )


def test_the_at_risk_list_names_measure_programme_year_amount_deadline_and_reason(
    world: PipelineWorld,
) -> None:
    # Given a contracted project with 11,000,000 certified in 2024 and a forecast for 2025
    project = world.intention(status=S.LEGAL_ACT, requested_eu="40000000.00")
    _certified(project, date(2024, 5, 1), "11000000.00")
    _certified(project, date(2025, 7, 1), "9999.00")  # after the as-of date: not yet
    set_payment_forecast(
        project,
        [(date(2025, 3, 1), D("1.00")), (date(2025, 9, 30), D("5000000.00"))],
        actor=world.user(Role.APPLICANT),
    )
    # When early warning is computed as of 1 June 2025
    warning = get_early_warning(world.strategy, as_of=date(2025, 6, 1))
    # Then 2021 lost 478,389.85 (11,478,389.85 due by 2024, 11,000,000 certified)
    lost = warning.risks[0]
    assert (lost.measure_code, lost.programme, lost.year, lost.lost) == (
        "2.1.1",
        "IROP",
        2021,
        True,
    )
    assert (lost.amount, lost.currency, lost.deadline) == (
        D("478389.85"),
        "CZK",
        date(2024, 12, 31),
    )
    assert "has passed" in lost.reason
    assert str(lost.measure_name) == "Kapacity mateřských škol"
    # And 2022 is at risk: 22,956,779.70 - 478,389.85 due by 2025, 16,000,000 covered
    # (the forecast of 1 March is before the as-of date and ignored)
    at_risk = warning.risks[1]
    assert (at_risk.year, at_risk.lost, at_risk.deadline) == (2022, False, date(2025, 12, 31))
    assert at_risk.amount == D("6478389.85")
    assert "forecast before the deadline do not cover it" in at_risk.reason
    # And later deadlines count the same forecast (cumulatively)
    assert "do not cover it" in warning.risks[2].reason
    assert warning.lost_by_currency == {"CZK": D("478389.85")}
    assert warning.at_risk_by_currency["CZK"] == D("80348729.00") - D("16000000.00") - D(
        "478389.85"
    )


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
    # When early warning is computed
    warning = get_early_warning(world.strategy, as_of=date(2025, 6, 1))
    # Then absorption counts contracted and pipeline support only
    [row] = warning.rows
    absorption = row.absorption
    assert (absorption.allocation, absorption.contracted, absorption.pipeline) == (
        D("80348729.00"),
        D("11000000.00"),
        D("8000000.00"),
    )
    assert absorption.unspent == D("61348729.00")
    assert warning.unspent == [absorption]
    assert len(row.checks) == 7


def test_a_measure_without_eu_allocation_has_no_deadlines_but_shows_its_projects(
    world: PipelineWorld,
) -> None:
    # Given a project of a measure code that has no plan line
    world.intention(status=S.LEGAL_ACT, measure_code="9.9.9", requested_eu="1000000.00")
    warning = get_early_warning(world.strategy, as_of=date(2025, 6, 1))
    # Then it appears in absorption with no allocation (overcommitted), without checks
    extra = next(r for r in warning.rows if r.absorption.measure_code == "9.9.9")
    assert (extra.absorption.allocation, extra.absorption.unspent) == (D(0), D("-1000000.00"))
    assert extra.checks == []
    assert extra.absorption not in warning.unspent


def test_certified_money_that_covers_a_deadline_leaves_that_year_off_the_list(
    world: PipelineWorld,
) -> None:
    # Given 12,000,000 certified in 2024 (more than the 2021 commitment of 11,478,389.85)
    project = world.intention(status=S.LEGAL_ACT, requested_eu="40000000.00")
    _certified(project, date(2024, 5, 1), "12000000.00")
    # When early warning is computed as of 1 June 2025
    warning = get_early_warning(world.strategy, as_of=date(2025, 6, 1))
    # Then 2021 is not listed and 2022 is the first year at risk
    assert [risk.year for risk in warning.risks] == list(range(2022, 2028))
    assert warning.lost_by_currency == {}


def test_the_query_count_does_not_grow_with_projects_and_payments(
    world: PipelineWorld, django_assert_num_queries: Any
) -> None:
    project = world.intention(status=S.LEGAL_ACT)
    _certified(project, date(2024, 1, 1), "1.00")
    with django_assert_num_queries(5):
        get_early_warning(world.strategy, as_of=date(2025, 6, 1))
    for index in range(5):
        other = world.intention(status=S.LEGAL_ACT, measure_code=f"2.1.{index + 2}")
        _certified(other, date(2023, 1, 1), "1.00")
        set_payment_forecast(
            other, [(date(2026, 1, 1), D("2.00"))], actor=world.user(Role.COORDINATOR)
        )
    with django_assert_num_queries(5):
        get_early_warning(world.strategy, as_of=date(2025, 6, 1))


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


def test_the_page_lists_what_is_at_risk_and_the_csv_has_the_same_rows(
    world: PipelineWorld,
) -> None:
    # Given nothing certified: as of mid-2025 the 2021 commitment is lost, the rest at risk
    client = _client(world.user(Role.MANAGER))
    query = {"strategy": str(world.strategy.pk), "as_of": "2025-06-01"}
    # When the page and the CSV are opened
    page = client.get(_url(world), query)
    download = client.get(_url(world, "warnings_csv"), query)
    # Then both show the seven commitment years
    body = page.content.decode()
    assert "Money at risk of decommitment" in body
    assert "11" in body and "IROP" in body
    assert "warnings/csv/?strategy=" in body
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0][0] == "measure"
    assert [r[3] for r in rows[1:]] == [str(y) for y in range(2021, 2028)]
    assert rows[1][4:8] == ["11478389.85", "CZK", "2024-12-31", "lost"]
    assert rows[2][7] == "at risk"
    assert "no payment is forecast" in rows[2][8]
    assert "no payment is forecast" in rows[2][8]


def test_a_bad_filter_falls_back_to_the_defaults_with_the_message(world: PipelineWorld) -> None:
    response = _client(world.user(Role.MANAGER)).get(
        _url(world), {"strategy": "nonsense", "as_of": "31.31.2025"}
    )
    assert response.status_code == 422
    assert "Money at risk of decommitment" in response.content.decode()


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


def test_the_page_query_count_does_not_grow_with_the_data(world: PipelineWorld) -> None:
    client = _client(world.user(Role.COORDINATOR))
    client.get(_url(world))  # warm up sessions and content types

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(_url(world), {"as_of": "2025-06-01"}).status_code == 200
        return len(context)

    small = count()
    for index in range(4):
        project = world.intention(status=S.LEGAL_ACT, measure_code=f"2.1.{index + 2}")
        _certified(project, date(2023, 1, 1), "1.00")
    assert count() == small


# --- the commitment profile: yearly shares entered by the office -----------------------------

# IROP's EU money committed 0 % in 2021, 10 % in 2022, 20 % in 2023-2025 and 15 % in 2026-2027
PROFILE = {2021: "0", 2022: "10", 2023: "20", 2024: "20", 2025: "20", 2026: "15", 2027: "15"}


def _shares(profile: dict[int, str]) -> dict[int, Decimal]:
    return {year: D(share) for year, share in profile.items()}


def test_a_profile_spreads_by_its_shares_with_the_remainder_on_the_last_year_with_a_share() -> None:
    # 10.00 at 33.33 / 33.33 / 33.34 % is 3.333 / 3.333 / 3.334, each rounded down to 3.33; the
    # 0.01 left goes to 2024, the last year with a share (2025 has none)
    shares = {2022: D("33.33"), 2023: D("33.33"), 2024: D("33.34"), 2025: D(0)}
    assert spread_by_shares(D("10.00"), shares) == {
        2022: D("3.33"),
        2023: D("3.33"),
        2024: D("3.34"),
        2025: D("0.00"),
    }
    # A plan per year still wins; a profile of zeros only (never saved) falls back to even
    assert commitment_schedule(D("6.00"), P2021, {2021: D("6.00")}, shares=shares) == {
        2021: D("6.00")
    }
    zeros = {year: D(0) for year in range(2021, 2028)}
    assert commitment_schedule(D("7.00"), P2021, shares=zeros) == spread_evenly(
        D("7.00"), range(2021, 2028)
    )


def test_the_worked_example_with_a_commitment_profile() -> None:
    # Given 7,000,000.00 of IROP EU money and the profile 0/10/20/20/20/15/15 %:
    # commitments 0.00 (2021), 700,000.00 (2022), 1,400,000.00 (2023, 2024, 2025) and
    # 1,050,000.00 (2026, 2027)
    commitments = commitment_schedule(D("7000000.00"), P2021, shares=_shares(PROFILE))
    assert commitments == {
        2021: D("0.00"),
        2022: D("700000.00"),
        2023: D("1400000.00"),
        2024: D("1400000.00"),
        2025: D("1400000.00"),
        2026: D("1050000.00"),
        2027: D("1050000.00"),
    }
    # And the payments of the module's worked example, as of 1 June 2025: 600,000 certified in
    # 2024 and 500,000 forecast in 2025
    checks = check_decommitment(
        commitments,
        period=P2021,
        as_of=date(2025, 6, 1),
        certified_by_year={2024: D("600000.00")},
        forecast_by_year={2025: D("500000.00")},
    )
    by_year = {check.year: check for check in checks}
    # Then 2021 (deadline 31 Dec 2024, passed) committed nothing and loses nothing (400,000.00
    # with the even spread)
    assert (by_year[2021].due, by_year[2021].shortfall, by_year[2021].passed) == (
        D("0.00"),
        D("0.00"),
        True,
    )
    # 2022 (deadline 31 Dec 2025): 700,000.00 due, 600,000 + 500,000 = 1,100,000.00 covered
    assert (by_year[2022].due, by_year[2022].covered, by_year[2022].shortfall) == (
        D("700000.00"),
        D("1100000.00"),
        D("0.00"),
    )
    # 2023 (31 Dec 2026): 700,000 + 1,400,000 = 2,100,000.00 due, 1,100,000.00 covered:
    # 1,000,000.00 at risk
    assert (by_year[2023].due, by_year[2023].shortfall, by_year[2023].passed) == (
        D("2100000.00"),
        D("1000000.00"),
        False,
    )
    # 2024 (31 Dec 2027): 3,500,000 committed - 1,000,000 already at risk = 2,500,000.00 due,
    # 1,100,000 covered: 1,400,000 missing, all of the year's 1,400,000.00 commitment
    assert (by_year[2024].due, by_year[2024].shortfall) == (D("2500000.00"), D("1400000.00"))
    # 2025: 4,900,000 - 2,400,000 = 2,500,000.00 due, 1,400,000.00 at risk; 2026 and 2027
    # (both 31 Dec 2029, N+2 for 2027): 1,050,000.00 each
    assert (by_year[2025].due, by_year[2025].shortfall) == (D("2500000.00"), D("1400000.00"))
    assert [by_year[y].shortfall for y in (2026, 2027)] == [D("1050000.00")] * 2
    assert by_year[2026].deadline == by_year[2027].deadline == date(2029, 12, 31)
    # Each euro once: 7,000,000 - 1,100,000 covered, as with the even spread, but none of it lost
    assert sum(check.shortfall for check in checks) == D("5900000.00")
    assert not any(check.passed and check.shortfall for check in checks)


def _profile(world: PipelineWorld, profile: dict[int, str], programme: Any = None) -> None:
    """The manager enters a profile through the action."""
    set_commitment_profile(
        world.agglomeration,
        programme=programme or world.objective.programme,
        shares=profile,
        actor=world.user(Role.MANAGER),
    )


def test_early_warning_spreads_a_programme_by_the_agglomerations_profile(
    world: PipelineWorld,
) -> None:
    # Given the profile 0/10/20/20/20/15/15 % for IROP and 11,000,000 certified in 2024
    _profile(world, PROFILE)
    project = world.intention(status=S.LEGAL_ACT, requested_eu="40000000.00")
    _certified(project, date(2024, 5, 1), "11000000.00")
    # And another agglomeration's different profile of the same (shared) programme
    opole = make_opole()
    opole_manager = make_user("opole-boss", (opole, Role.MANAGER))
    (
        StrategyBuilder(opole, opole_manager)
        .with_goal("1", "Mobilność")
        .with_specific_goal("1.1", "Transport")
        .with_measure("1.1.1", "Rowery", objectives=[world.objective])
        .with_plan("1.1.1", world.objective, eu="1000.00")
        .approved()
        .build()
    )
    set_commitment_profile(
        opole,
        programme=world.objective.programme,
        shares={year: "100" if year == 2021 else "0" for year in range(2021, 2028)},
        actor=opole_manager,
    )
    # When early warning is computed as of 1 June 2025
    warning = get_early_warning(world.strategy, as_of=date(2025, 6, 1))
    # Then measure 2.1.1's 80,348,729.00 is committed by Olomouc's profile, to the cent:
    # 10 % = 8,034,872.90, 20 % = 16,069,745.80, 15 % = 12,052,309.35
    [row] = warning.rows
    assert [(c.year, c.commitment) for c in row.checks] == [
        (2021, D("0.00")),
        (2022, D("8034872.90")),
        (2023, D("16069745.80")),
        (2024, D("16069745.80")),
        (2025, D("16069745.80")),
        (2026, D("12052309.35")),
        (2027, D("12052309.35")),
    ]
    # So nothing is lost for 2021 (with the even spread 478,389.85 was), and 2022 is covered by
    # the 11,000,000 certified
    assert warning.lost_by_currency == {}
    assert warning.risks[0].year == 2023
    # 2023: 8,034,872.90 + 16,069,745.80 = 24,104,618.70 due, 11,000,000 certified
    assert warning.risks[0].amount == D("13104618.70")
    # And the page's note per programme says the spread is as entered
    [spread] = warning.spreads
    assert (spread.programme, spread.profiled) == ("IROP", True)
    assert spread.shares[2022] == D("10.00")


def test_a_removed_profile_gives_the_even_spread_back(world: PipelineWorld) -> None:
    # Given a profile that the manager removes again (every year left empty)
    _profile(world, PROFILE)
    _profile(world, dict.fromkeys(PROFILE, ""))
    assert not CommitmentProfile.objects.exists()
    # When early warning is computed
    warning = get_early_warning(world.strategy, as_of=date(2025, 6, 1))
    # Then IROP is spread evenly again, and said so
    [spread] = warning.spreads
    assert (spread.programme, spread.profiled, spread.shares) == ("IROP", False, {})
    assert [c.commitment for c in warning.rows[0].checks] == [D("11478389.85")] * 6 + [
        D("11478389.90")
    ]


def test_profiles_add_one_query_whatever_their_number(
    world: PipelineWorld, django_assert_num_queries: Any
) -> None:
    # Given a profile of IROP (seven rows), and one kept from a programme the strategy does not
    # plan money from (stored earlier, configuration level), which changes nothing
    _profile(world, PROFILE)
    CommitmentProfile.objects.create(
        agglomeration=world.agglomeration, programme=make_programmes().opd, year=2021, share=100
    )
    with django_assert_num_queries(5):
        warning = get_early_warning(world.strategy, as_of=date(2025, 6, 1))
    assert [(spread.programme, spread.profiled) for spread in warning.spreads] == [("IROP", True)]


def _page_spreads(world: PipelineWorld, role: Role) -> str:
    response = _client(world.user(role)).get(_url(world), {"as_of": "2025-06-01"})
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_says_per_programme_whether_the_spread_is_entered_or_even(
    world: PipelineWorld,
) -> None:
    profiles_url = reverse(
        "monitoring:commitment_profiles", kwargs={"slug": world.agglomeration.slug}
    )
    link = f'href="{profiles_url}#programme-{world.objective.programme_id}"'
    # Without a profile IROP is spread evenly; the manager is offered the link to change it
    html = _page_spreads(world, Role.MANAGER)
    assert "<strong>IROP</strong>: even (no profile)" in html
    assert link in html
    # When the manager enters a profile
    _profile(world, PROFILE)
    # Then the page shows it as entered, with its shares
    html = _page_spreads(world, Role.COORDINATOR)
    assert "<strong>IROP</strong>: as entered" in html
    assert "2022 10 %" in html and "2026 15 %" in html
    # And only the manager gets the link
    assert link not in html
    assert link in _page_spreads(world, Role.MANAGER)


def test_the_page_runs_a_fixed_number_of_queries_with_profiles(
    world: PipelineWorld, django_assert_num_queries: Any
) -> None:
    # Given a profile and projects with payments
    _profile(world, PROFILE)
    for index in range(3):
        project = world.intention(status=S.LEGAL_ACT, measure_code=f"2.1.{index + 2}")
        _certified(project, date(2023, 1, 1), "1.00")
    client = _client(world.user(Role.MANAGER))
    client.get(_url(world))  # warm up sessions and content types
    # When the page is opened: session, user, agglomeration, memberships, the strategy shown,
    # the early warning (5, one of them the profiles) and the strategy choice (2)
    with django_assert_num_queries(12):
        assert client.get(_url(world), {"as_of": "2025-06-01"}).status_code == 200
