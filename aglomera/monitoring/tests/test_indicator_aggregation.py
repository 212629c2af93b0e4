"""Indicators combine over projects and measures by their code's rule (issue 10, point 12):
RCO74 (the population of the strategy's territory, counted again by every project) as the
largest value, RCR50 (a population benefiting from measures, possibly the same persons) not
across measures; and a result indicator with a 2024 milestone is flagged in 2021-2027."""

from __future__ import annotations

import copy
import csv
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from aglomera.accounts.models import Role
from aglomera.intentions.models import IntentionStatus
from aglomera.monitoring.calculations.indicators import IndicatorRow, indicator_progress
from aglomera.monitoring.tests.test_indicators import IndicatorWorld, make_indicator_world
from aglomera.strategy import actions as strategy_actions
from aglomera.strategy.models import Aggregation, IndicatorCode, Measure, Period
from aglomera.strategy.tests.builders import approve

S = IntentionStatus
POPULATION = "342729"  # inhabitants of the Olomouc agglomeration's territory


@pytest.fixture(scope="module")
def built(module_db: None) -> IndicatorWorld:
    """The indicator world, plus RCO74 planned on 2.1.1 and 3.1.1 (target: the territory's
    population) and RCR50 on 3.1.1 and 3.1.2 (3.1.2 with a 2024 milestone)."""
    iw = make_indicator_world()
    manager = iw.world.user(Role.MANAGER)
    version = strategy_actions.start_amendment(iw.world.strategy, "RCO74, RCR50", actor=manager)
    measures = {m.code: m for m in Measure.objects.filter(version=version)}
    rco74, rcr50 = IndicatorCode.objects.get(code="RCO74"), IndicatorCode.objects.get(code="RCR50")
    for code, indicator, milestone, target in (
        ("2.1.1", rco74, None, POPULATION),
        ("3.1.1", rco74, None, POPULATION),
        ("3.1.1", rcr50, None, "1000"),
        ("3.1.2", rcr50, "100", "2000"),
    ):
        strategy_actions.set_measure_indicator(
            version,
            measure=measures[code],
            indicator=indicator,
            baseline=Decimal(0),
            milestone_2024=None if milestone is None else Decimal(milestone),
            target_2029=Decimal(target),
            actor=manager,
        )
    approve(version, manager)
    iw.world.strategy.refresh_from_db()
    # Two contracted projects of 2.1.1 and one endorsed of 3.1.1 each cover the territory;
    # 3.1.1 and 3.1.2 each have projects with people breathing cleaner air.
    iw.project(S.LEGAL_ACT, "2.1.1", RCO74=POPULATION)
    iw.project(S.LEGAL_ACT, "2.1.1", RCO74=POPULATION)
    iw.project(S.COMPLIANT, "3.1.1", RCO74=POPULATION, RCR50="600")
    iw.project(S.LEGAL_ACT, "3.1.1", RCR50="300")
    iw.project(S.LEGAL_ACT, "3.1.2", RCR50="900")
    return iw


@pytest.fixture
def iw(db: None, built: IndicatorWorld) -> IndicatorWorld:
    return copy.deepcopy(built)


def _row(rows: list[IndicatorRow], code: str) -> IndicatorRow:
    return next(row for row in rows if row.indicator.code == code)


def test_the_shipped_rules_of_the_eu_common_indicators(db: None) -> None:
    rules = dict(IndicatorCode.objects.values_list("code", "aggregation"))
    assert {code for code, rule in rules.items() if rule == Aggregation.MAX} == {
        "RCO74",
        "RCO75",
        "RCO80",
        "RCO113",
    }
    assert rules["RCR50"] == rules["RCR41"] == Aggregation.NONE
    assert rules["RCO01"] == rules["RCR01"] == Aggregation.SUM


def test_the_population_of_the_territory_is_never_summed_over_projects_or_measures(
    iw: IndicatorWorld,
) -> None:
    result = indicator_progress(iw.world.strategy)
    # In measure 2.1.1 two contracted projects each cover the territory: it is covered once
    measure = result.measure("2.1.1")
    assert measure is not None
    row = _row(measure.rows, "RCO74")
    assert (row.contracted, row.committed, row.target_2029) == (Decimal(POPULATION),) * 3
    # And the strategy, over three projects in two measures, covers it once too, not 1,028,187
    total = _row(result.rows, "RCO74")
    assert (total.endorsed, total.contracted, total.committed, total.target_2029) == (
        (Decimal(POPULATION),) * 4
    )
    assert total.committed_percent == Decimal("100.0")


def test_a_population_benefiting_is_summed_in_a_measure_but_not_across_measures(
    iw: IndicatorWorld,
) -> None:
    result = indicator_progress(iw.world.strategy)
    # Within measure 3.1.1 the projects are summed against the measure's own target
    measure = result.measure("3.1.1")
    assert measure is not None
    row = _row(measure.rows, "RCR50")
    assert (row.endorsed, row.contracted, row.committed) == (
        Decimal("600"),
        Decimal("300"),
        Decimal("900"),
    )
    # But goal 3 and the strategy show no figure for it: they name it as not combined
    goal = result.goal("3")
    assert goal is not None
    assert [r.indicator.code for r in goal.rows] == ["RCO74", "T-CYKLO", "T-EMISE"]
    assert [code.code for code in goal.not_combined] == ["RCR50"]
    assert "RCR50" not in [r.indicator.code for r in result.rows]
    assert [code.code for code in result.not_combined] == ["RCR50"]
    # While a summed indicator still adds up over measures (T-CYKLO: targets 10 + 20)
    assert _row(result.rows, "T-CYKLO").target_2029 == Decimal("30")


def test_a_result_indicator_with_a_2024_milestone_is_flagged(iw: IndicatorWorld) -> None:
    # (T-EMISE, the world's national result indicator, has a milestone of 90 t on 3.1.2 too)
    flagged = indicator_progress(iw.world.strategy).milestones_on_results
    assert [(measure.code, row.indicator.code) for measure, row in flagged] == [
        ("3.1.2", "RCR50"),
        ("3.1.2", "T-EMISE"),
    ]


def test_the_dashboard_says_which_rule_applies_and_flags_the_milestone(iw: IndicatorWorld) -> None:
    client = Client()
    client.force_login(iw.world.user(Role.MANAGER))
    url = reverse("monitoring:dashboard", args=[iw.world.agglomeration.slug])
    page = client.get(url, {"as_of": "2026-12-31"}).content.decode()
    assert "largest value over projects and measures, not a sum" in page
    assert "Not combined across measures" in page
    assert "measure 3.1.2, RCR50" in page
    # The measure's own rows show RCR50 with its figures, and no note that it is left out
    measure_page = client.get(url, {"as_of": "2026-12-31", "measure": "3.1.1"}).content.decode()
    assert "RCR50" in measure_page
    assert "Not combined across measures" not in measure_page
    # And the CSV of the indicators names the rule of each row, in the reader's language
    response = client.get(
        url,
        {"as_of": "2026-12-31", "format": "csv", "chart": "indicators"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[0]
    rule = {row[0]: row[header.index("Combined over projects and measures")] for row in rows[1:]}
    assert rule["RCO74"] == "largest value"
    assert rule["T-CYKLO"] == "summed"


def test_a_2014_2020_strategy_is_not_held_to_the_2021_2027_milestone_rule(
    iw: IndicatorWorld,
) -> None:
    strategy = iw.world.strategy
    strategy.period = Period.P2014
    strategy.save(update_fields=["period"])
    assert indicator_progress(strategy).milestones_on_results == []
