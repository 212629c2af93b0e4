"""Money roll-ups of the strategy tree: every level adds up to the cent, in every currency."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from aglomera.accounts.models import User
from aglomera.agglomerations.models import Agglomeration, Country
from aglomera.core.models import AuditEvent
from aglomera.core.money import Currency
from aglomera.strategy import actions
from aglomera.strategy.models import (
    ExchangeRate,
    Fund,
    Period,
    Programme,
    SpecificObjective,
    StrategyVersion,
)
from aglomera.strategy.queries import StrategyTree, Totals, get_strategy_tree
from aglomera.strategy.tests.builders import (
    Programmes,
    StrategyBuilder,
    build_strategy_with_measures,
)

pytestmark = pytest.mark.django_db

AS_OF = date(2024, 9, 30)  # between the 2024 and the 2025 rates
Flat = dict[tuple[str, str], Decimal | None]


@pytest.fixture
def version(olomouc: Agglomeration, alice: User, programmes: Programmes) -> StrategyVersion:
    """Lines in CZK from IROP and OPD and in PLN from FEO, with awkward amounts."""
    irop, opd, feo = programmes.irop_mobility, programmes.opd_mobility, programmes.feo_mobility
    strategy = (
        StrategyBuilder(olomouc, alice)
        .with_goal("1", "Doprava")
        .with_specific_goal("1.1", "Mobilita")
        .with_measure("1.1.1", "Cyklostezky")
        .with_measure("1.1.2", "Terminály")
        .with_specific_goal("1.2", "Veřejná doprava")
        .with_measure("1.2.1", "Tramvaje")
        .with_goal("2", "Životní prostředí")
        .with_specific_goal("2.1", "Zeleň")
        .with_measure("2.1.1", "Parky")
        .with_plan("1.1.1", irop, eu="1234567.89", national="72622.64", own="0.20")
        .with_plan("1.1.1", opd, eu="33.33")
        .with_plan("1.1.2", irop, eu="0.20", own="33.33")
        .with_plan("1.2.1", feo, eu="98765.43", national="0.01")
        .with_plan("1.2.1", opd, national="1000000.00")
        .with_plan("2.1.1", irop, eu="33.33")
        .with_plan("2.1.1", opd, own="999999.99")
        .with_plan("2.1.1", feo, own="33.33")
        .approved()
        .build()
    )
    assert strategy.current_version is not None
    return strategy.current_version


def set_rates(alice: User, olomouc: Agglomeration, *rates: tuple[str, date, str]) -> None:
    for currency, valid_from, units in rates:
        actions.set_exchange_rate(
            agglomeration=olomouc,
            currency=currency,
            valid_from=valid_from,
            units_per_eur=Decimal(units),
            source="EK InforEuro",
            actor=alice,
        )


@pytest.fixture
def rates(alice: User, olomouc: Agglomeration) -> None:
    set_rates(
        alice,
        olomouc,
        ("CZK", date(2023, 1, 1), "24.115"),
        ("CZK", date(2024, 1, 1), "24.725"),
        ("CZK", date(2025, 1, 1), "25.500"),
        ("PLN", date(2024, 1, 1), "4.3215"),
    )


def flat(totals: Totals) -> Flat:
    """Every number of a Totals, keyed by (currency, eu|national|own|total|eur)."""
    values: Flat = {}
    for money in totals.currencies:
        for part in ("eu", "national", "own", "total", "eur"):
            values[money.currency, part] = getattr(money, part)
    return values


def summed(parts: Iterable[Totals]) -> Flat:
    result: Flat = {}
    for part in parts:
        for key, value in flat(part).items():
            before = result.get(key, Decimal("0"))
            result[key] = None if value is None or before is None else before + value
    return result


def assert_levels_add_up(tree: StrategyTree) -> None:
    for goal in tree.goals:
        for sgoal in goal.specific_goals:
            assert flat(sgoal.totals) == summed(m.totals for m in sgoal.measures)
        assert flat(goal.totals) == summed(sg.totals for sg in goal.specific_goals)
    assert flat(tree.totals) == summed(g.totals for g in tree.goals)
    assert flat(tree.totals) == summed(row.totals for row in tree.programmes)


def test_it_adds_up_every_level_per_currency_and_source_to_the_cent(
    version: StrategyVersion, rates: None
) -> None:
    # Given a strategy with CZK lines from two programmes and PLN lines, and dated rates
    # When its tree is read
    tree = get_strategy_tree(version, as_of=AS_OF)

    # Then measures add up to specific goals, those to goals, goals to the strategy, and the
    # programme rows to the strategy, in every currency, source and in EUR
    assert_levels_add_up(tree)
    # ... and the strategy totals are the plain sums of the lines
    assert flat(tree.totals) == {
        ("CZK", "eu"): Decimal("1234634.75"),
        ("CZK", "national"): Decimal("1072622.64"),
        ("CZK", "own"): Decimal("1000033.52"),
        ("CZK", "total"): Decimal("3307290.91"),
        ("CZK", "eur"): Decimal("133763.03"),
        ("PLN", "eu"): Decimal("98765.43"),
        ("PLN", "national"): Decimal("0.01"),
        ("PLN", "own"): Decimal("33.33"),
        ("PLN", "total"): Decimal("98798.77"),
        ("PLN", "eur"): Decimal("22862.14"),
    }
    assert [row.programme.code for row in tree.programmes] == ["FEO", "IROP", "OPD"]
    assert [sorted(row.totals.by_currency) for row in tree.programmes] == [
        ["PLN"],
        ["CZK"],
        ["CZK"],
    ]
    assert tree.missing_rates == []
    assert tree.measure_count == 4


def test_it_converts_each_line_to_eur_so_that_goals_sum_exactly_to_the_strategy(
    version: StrategyVersion, rates: None
) -> None:
    # Given the strategy and the rate 24.725 CZK and 4.3215 PLN per euro
    # When its tree is read
    tree = get_strategy_tree(version, as_of=AS_OF)

    # Then each goal's EUR is the sum of its lines converted one by one ...
    assert [g.totals.eur for g in tree.goals] == [
        Decimal("93316.79") + Decimal("22854.43"),
        Decimal("40446.24") + Decimal("7.71"),
    ]
    # ... and the strategy's EUR is exactly the sum of the goals' EUR
    assert tree.totals.eur == sum((g.totals.eur or Decimal(0) for g in tree.goals), Decimal(0))
    assert tree.totals.eur == Decimal("156625.17")
    # ... 0.20 CZK is 0.0081 EUR and counts as one cent on each of its two lines
    small = tree.goals[0].specific_goals[0].measures[1]
    assert small.totals.by_currency["CZK"].eur == Decimal("1.36")


def test_it_uses_the_rate_in_force_on_the_as_of_date(version: StrategyVersion, rates: None) -> None:
    # Given CZK rates valid from 2023, 2024 and 2025
    # When the tree is read as of a day in 2024 and a day in 2025
    in_2024 = get_strategy_tree(version, as_of=AS_OF)
    in_2025 = get_strategy_tree(version, as_of=date(2025, 2, 1))

    # Then the rate of that day is used
    assert in_2024.rates["CZK"].units_per_eur == Decimal("24.725")
    assert in_2025.rates["CZK"].units_per_eur == Decimal("25.5")
    first_2024 = in_2024.goals[0].specific_goals[0].measures[0].totals.by_currency["CZK"]
    first_2025 = in_2025.goals[0].specific_goals[0].measures[0].totals.by_currency["CZK"]
    assert first_2024.eur == Decimal("52870.54")
    assert first_2025.eur == Decimal("51263.70")
    # ... and the EUR of the strategy is the sum of converted lines (129697.71), not the
    # converted CZK total (3307290.91 / 25.5 = 129697.68)
    assert in_2025.totals.by_currency["CZK"].eur == Decimal("129697.71")
    assert_levels_add_up(in_2025)


def test_it_reports_a_currency_without_a_rate_and_gives_no_eur_for_it(
    version: StrategyVersion, alice: User, olomouc: Agglomeration
) -> None:
    # Given a rate for CZK only
    set_rates(alice, olomouc, ("CZK", date(2024, 1, 1), "24.725"))

    # When the tree is read
    tree = get_strategy_tree(version, as_of=AS_OF)

    # Then PLN has no EUR anywhere it appears, CZK keeps its EUR, and PLN is listed as missing
    assert tree.missing_rates == ["PLN"]
    assert tree.totals.by_currency["PLN"].eur is None
    assert tree.totals.by_currency["CZK"].eur == Decimal("133763.03")
    assert tree.totals.eur is None
    assert [g.totals.eur for g in tree.goals] == [None, None]
    only_czk = tree.goals[0].specific_goals[0]
    assert only_czk.totals.eur == Decimal("52871.90")
    assert_levels_add_up(tree)


def test_it_lists_every_currency_without_a_rate_before_the_first_rate(
    version: StrategyVersion, rates: None
) -> None:
    # Given rates valid from 2023 (CZK) and 2024 (PLN)
    # When the tree is read as of 2022
    tree = get_strategy_tree(version, as_of=date(2022, 12, 31))

    # Then neither currency has a rate and there is no EUR total
    assert tree.missing_rates == ["CZK", "PLN"]
    assert tree.rates == {}
    assert tree.totals.eur is None
    assert tree.totals.by_currency["CZK"].total == Decimal("3307290.91")


def test_it_reads_a_large_tree_in_a_fixed_number_of_queries(
    olomouc: Agglomeration,
    opole: Agglomeration,
    alice: User,
    mallory: User,
    programmes: Programmes,
    rates: None,
    django_assert_num_queries: Any,
) -> None:
    # Given a strategy with 10 measures and another with 500 (built in bulk)
    small = build_strategy_with_measures(olomouc, alice, 10, programmes=programmes)
    large = build_strategy_with_measures(opole, mallory, 500, programmes=programmes)
    assert small.current_version is not None and large.current_version is not None
    # (each office keeps its own exchange rates: Opole records the same ones)
    set_rates(
        mallory, opole, ("CZK", date(2024, 1, 1), "24.725"), ("PLN", date(2024, 1, 1), "4.3215")
    )

    # When both trees are read
    # Then both take the same 10 queries (7 reads and 3 prefetches), whatever the size ...
    with django_assert_num_queries(10):
        small_tree = get_strategy_tree(small.current_version, as_of=AS_OF)
    with django_assert_num_queries(10):
        large_tree = get_strategy_tree(large.current_version, as_of=AS_OF)

    # ... and every level still adds up
    assert (small_tree.measure_count, large_tree.measure_count) == (10, 500)
    assert (len(large_tree.goals), large.current_version.number) == (10, 1)
    assert_levels_add_up(large_tree)
    assert large_tree.totals.eur is not None


# ---- money planned in euro and the exchange rate table ------------------------------------------


def test_it_counts_money_planned_in_eur_as_its_own_eur_equivalent(
    olomouc: Agglomeration, alice: User, programmes: Programmes
) -> None:
    # Given a measure with 1,234.56 EUR from Interreg Czechia–Poland (planned in euro) and
    # 1,000 CZK from IROP, and no exchange rate at all
    interreg = Programme.objects.create(
        code="CZ-PL",
        period=Period.P2021,
        name={"cs": "Interreg Česko – Polsko", "pl": "Interreg Czechy – Polska"},
        country=Country.CZ,
        managing_authority={"cs": "Ministerstvo pro místní rozvoj"},
        currency=Currency.EUR,
    )
    cross_border = SpecificObjective.objects.create(
        programme=interreg, code="1.1", name={"cs": "Přeshraniční mobilita"}, fund=Fund.ERDF
    )
    strategy = (
        StrategyBuilder(olomouc, alice)
        .with_goal("1", "Doprava")
        .with_specific_goal("1.1", "Mobilita")
        .with_measure("1.1.1", "Přeshraniční cyklostezky")
        .with_plan("1.1.1", cross_border, eu="1234.56")
        .with_plan("1.1.1", programmes.irop_mobility, eu="1000.00")
        .approved()
        .build()
    )
    assert strategy.current_version is not None

    # When its tree is read
    tree = get_strategy_tree(strategy.current_version, as_of=AS_OF)

    # Then the euro line needs no rate and is its own EUR equivalent; only CZK lacks a rate
    assert tree.totals.by_currency["EUR"].eur == Decimal("1234.56")
    assert tree.totals.by_currency["CZK"].eur is None
    assert tree.missing_rates == ["CZK"]


def test_it_replaces_a_rate_corrected_for_the_same_day_and_logs_the_old_one(
    version: StrategyVersion, alice: User, olomouc: Agglomeration
) -> None:
    # Given the CZK rate 24.725 valid from 1 January 2024
    set_rates(alice, olomouc, ("CZK", date(2024, 1, 1), "24.725"))

    # When Alice corrects it to 24.5 for the same day
    actions.set_exchange_rate(
        agglomeration=olomouc,
        currency="CZK",
        valid_from=date(2024, 1, 1),
        units_per_eur=Decimal("24.5"),
        source="ČNB",
        actor=alice,
    )

    # Then there is still one rate for that day, with the new value and source, the tree uses it
    # and the audit log keeps the value it replaced
    rate = ExchangeRate.objects.get(agglomeration=olomouc, currency="CZK")
    assert (rate.units_per_eur, rate.source) == (Decimal("24.5"), "ČNB")
    assert get_strategy_tree(version, as_of=AS_OF).rates["CZK"].units_per_eur == Decimal("24.5")
    event = AuditEvent.objects.filter(code="strategy.exchange_rate.set").first()
    assert event is not None
    assert Decimal(event.before["units_per_eur"]) == Decimal("24.725")
    assert Decimal(event.after["units_per_eur"]) == Decimal("24.5")


@pytest.mark.parametrize("units", ["0", "-24.725"])
def test_it_refuses_a_rate_that_is_not_positive(
    units: str, alice: User, olomouc: Agglomeration
) -> None:
    # Given no exchange rate
    # When Alice enters zero or a negative number of crowns per euro
    with pytest.raises(ValidationError) as error:
        set_rates(alice, olomouc, ("CZK", date(2024, 1, 1), units))

    # Then it is refused on the rate and nothing is stored
    assert list(error.value.message_dict) == ["units_per_eur"]
    assert not ExchangeRate.objects.exists()


def test_it_lets_only_the_manager_of_the_agglomeration_set_its_rates(
    olomouc: Agglomeration, bob: User, mallory: User
) -> None:
    # Given Olomouc without rates
    # When its coordinator or the manager of Opole sets a CZK rate for Olomouc
    # Then both are refused and nothing is stored
    for intruder in (bob, mallory):
        with pytest.raises(PermissionDenied):
            set_rates(intruder, olomouc, ("CZK", date(2024, 1, 1), "24.725"))
    assert not ExchangeRate.objects.exists()
