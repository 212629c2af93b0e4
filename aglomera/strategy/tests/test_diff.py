"""What an amendment changes: money per line, indicator values and the tree."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils.translation import override

from aglomera.accounts.models import User
from aglomera.agglomerations.models import Agglomeration
from aglomera.strategy import actions
from aglomera.strategy.models import (
    FinancialPlanLine,
    IndicatorCode,
    Measure,
    Source,
    SpecificGoal,
    StrategyVersion,
)
from aglomera.strategy.queries import (
    IndicatorChange,
    MoneyChange,
    StructureChange,
    diff_versions,
)
from aglomera.strategy.tests.builders import Programmes, StrategyBuilder

pytestmark = pytest.mark.django_db


@pytest.fixture
def v1_and_draft(
    olomouc: Agglomeration,
    alice: User,
    bob: User,
    programmes: Programmes,
    cycling_km: IndicatorCode,
) -> tuple[StrategyVersion, StrategyVersion]:
    """Version 1 of the Olomouc strategy and an untouched amendment of it."""
    irop, feo = programmes.irop_mobility, programmes.feo_mobility
    strategy = (
        StrategyBuilder(olomouc, alice)
        .with_goal("1", "Doprava")
        .with_specific_goal("1.1", "Mobilita")
        .with_measure("1.1.1", {"cs": "Cyklostezky", "en": "Cycle paths"})
        .with_measure("1.1.2", {"cs": "Terminály", "en": "Terminals"})
        .with_plan("1.1.1", irop, eu="1234567.89", national="72622.64")
        .with_plan("1.1.2", irop, eu="0.01")
        .with_plan("1.1.2", feo, eu="33.33")
        .with_indicator("1.1.1", cycling_km, baseline="0", milestone="4", target="12.5")
        .approved()
        .build()
    )
    assert strategy.current_version is not None
    draft = actions.start_amendment(strategy, "Přesun na terminály", actor=bob)
    return strategy.current_version, draft


def line(draft: StrategyVersion, measure: str, source: str) -> FinancialPlanLine:
    return FinancialPlanLine.objects.get(
        version=draft,
        measure__code=measure,
        source=source,
        specific_objective__programme__code="IROP",
    )


def test_it_finds_no_change_in_an_untouched_amendment(
    v1_and_draft: tuple[StrategyVersion, StrategyVersion],
) -> None:
    # Given an amendment just copied from version 1
    v1, draft = v1_and_draft

    # When the two are compared
    diff = diff_versions(v1, draft)

    # Then nothing changed
    assert diff.is_empty
    assert diff.money_delta_by_currency == {}


def test_it_shows_exactly_the_moved_money_and_the_changed_target(
    v1_and_draft: tuple[StrategyVersion, StrategyVersion],
    bob: User,
    cycling_km: IndicatorCode,
) -> None:
    # Given an amendment that moves 234567.88 CZK of EU money from 1.1.1 to 1.1.2 ...
    v1, draft = v1_and_draft
    actions.move_allocation(
        draft,
        from_line=line(draft, "1.1.1", Source.EU),
        to_measure=Measure.objects.get(version=draft, code="1.1.2"),
        amount=Decimal("234567.88"),
        actor=bob,
        reason="Terminály jsou připravenější",
    )
    # ... and raises the 2029 target of the cycle paths
    actions.set_measure_indicator(
        draft,
        measure=Measure.objects.get(version=draft, code="1.1.1"),
        indicator=cycling_km,
        baseline=Decimal("0"),
        milestone_2024=Decimal("4"),
        target_2029=Decimal("15"),
        actor=bob,
    )

    # When version 1 and the amendment are compared (in English)
    with override("en"):
        diff = diff_versions(v1, draft)

    # Then exactly the two money lines changed, by opposite amounts ...
    assert diff.money == [
        MoneyChange(
            "1.1.1",
            "Cycle paths",
            "IROP 2.8",
            "EU",
            "CZK",
            Decimal("1234567.89"),
            Decimal("1000000.01"),
        ),
        MoneyChange(
            "1.1.2", "Terminals", "IROP 2.8", "EU", "CZK", Decimal("0.01"), Decimal("234567.89")
        ),
    ]
    assert [c.delta for c in diff.money] == [Decimal("-234567.88"), Decimal("234567.88")]
    # ... the total of the strategy did not move ...
    assert diff.money_delta_by_currency == {"CZK": Decimal("0.00")}
    # ... only the target of the indicator changed, and the tree did not
    assert diff.indicators == [
        IndicatorChange(
            "1.1.1",
            "T-CYKLO",
            "Cycling infrastructure",
            "target_2029",
            Decimal("12.5"),
            Decimal(15),
        )
    ]
    assert diff.structure == []
    assert not diff.is_empty


def test_it_shows_an_added_and_a_renamed_measure(
    v1_and_draft: tuple[StrategyVersion, StrategyVersion], bob: User
) -> None:
    # Given an amendment that renames 1.1.2 and adds 1.1.3
    v1, draft = v1_and_draft
    sgoal = SpecificGoal.objects.get(version=draft, code="1.1")
    actions.save_measure(
        draft,
        specific_goal=sgoal,
        code="1.1.2",
        name={"cs": "Přestupní terminály", "en": "Interchange terminals"},
        measure=Measure.objects.get(version=draft, code="1.1.2"),
        actor=bob,
    )
    actions.save_measure(
        draft,
        specific_goal=sgoal,
        code="1.1.3",
        name={"cs": "P+R", "en": "Park and ride"},
        actor=bob,
    )

    # When the versions are compared (in English)
    with override("en"):
        diff = diff_versions(v1, draft)

    # Then the tree shows the renamed and the added measure, and no money or indicator moved
    assert diff.structure == [
        StructureChange("renamed", "measure", "1.1.2", "Terminals", "Interchange terminals"),
        StructureChange("added", "measure", "1.1.3", "", "Park and ride"),
    ]
    assert diff.money == []
    assert diff.indicators == []


def test_it_shows_an_emptied_line_and_a_real_change_of_the_total_per_currency(
    v1_and_draft: tuple[StrategyVersion, StrategyVersion], bob: User, programmes: Programmes
) -> None:
    # Given an amendment that moves all EU money of 1.1.2 away and adds PLN to it
    v1, draft = v1_and_draft
    actions.move_allocation(
        draft,
        from_line=line(draft, "1.1.2", Source.EU),
        to_measure=Measure.objects.get(version=draft, code="1.1.1"),
        amount=Decimal("0.01"),
        actor=bob,
    )
    actions.set_plan_amount(
        draft,
        measure=Measure.objects.get(version=draft, code="1.1.2"),
        specific_objective=programmes.feo_mobility,
        source=Source.EU,
        amount=Decimal("100.00"),
        currency="PLN",
        actor=bob,
    )

    # When the versions are compared
    diff = diff_versions(v1, draft)

    # Then CZK did not change in total but PLN grew by the difference (lines by code,
    # programme, source)
    assert diff.money_delta_by_currency == {"CZK": Decimal("0.00"), "PLN": Decimal("66.67")}
    assert [(c.measure_code, c.currency, c.old, c.new) for c in diff.money] == [
        ("1.1.1", "CZK", Decimal("1234567.89"), Decimal("1234567.90")),
        ("1.1.2", "PLN", Decimal("33.33"), Decimal("100.00")),
        ("1.1.2", "CZK", Decimal("0.01"), Decimal("0.00")),
    ]


def test_it_shows_a_rename_made_only_in_another_language(
    v1_and_draft: tuple[StrategyVersion, StrategyVersion], bob: User
) -> None:
    # Given an amendment that changes only the Polish name of 1.1.1 (Czech and English stay)
    v1, draft = v1_and_draft
    actions.save_measure(
        draft,
        specific_goal=SpecificGoal.objects.get(version=draft, code="1.1"),
        code="1.1.1",
        name={"cs": "Cyklostezky", "pl": "Drogi rowerowe", "en": "Cycle paths"},
        measure=Measure.objects.get(version=draft, code="1.1.1"),
        actor=bob,
    )

    # When a Czech user compares the versions
    with override("cs"):
        diff = diff_versions(v1, draft)

    # Then the measure is listed as renamed (shown in Czech), not hidden
    assert diff.structure == [
        StructureChange("renamed", "measure", "1.1.1", "Cyklostezky", "Cyklostezky")
    ]


def test_it_shows_a_renumbered_measure_as_removed_and_added_with_its_money(
    v1_and_draft: tuple[StrategyVersion, StrategyVersion], bob: User
) -> None:
    # Given an amendment that renumbers measure 1.1.2 to 1.1.3 and keeps its name and money
    v1, draft = v1_and_draft
    actions.save_measure(
        draft,
        specific_goal=SpecificGoal.objects.get(version=draft, code="1.1"),
        code="1.1.3",
        name={"cs": "Terminály", "en": "Terminals"},
        measure=Measure.objects.get(version=draft, code="1.1.2"),
        actor=bob,
    )

    # When the versions are compared (in English)
    with override("en"):
        diff = diff_versions(v1, draft)

    # Then 1.1.2 is gone and 1.1.3 is new, its lines move with it, and no currency's total
    # changes
    assert diff.structure == [
        StructureChange("removed", "measure", "1.1.2", "Terminals", ""),
        StructureChange("added", "measure", "1.1.3", "", "Terminals"),
    ]
    assert [(c.measure_code, c.currency, c.old, c.new) for c in diff.money] == [
        ("1.1.2", "PLN", Decimal("33.33"), Decimal("0")),
        ("1.1.2", "CZK", Decimal("0.01"), Decimal("0")),
        ("1.1.3", "PLN", Decimal("0"), Decimal("33.33")),
        ("1.1.3", "CZK", Decimal("0"), Decimal("0.01")),
    ]
    assert diff.money_delta_by_currency == {"CZK": Decimal("0.00"), "PLN": Decimal("0.00")}
