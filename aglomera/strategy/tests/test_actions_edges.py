"""Edits an amendment refuses: parts of another version, of another period, and bad moves.

Every refusal leaves the amendment as it was: no row is added or changed and its revision does
not move (the actions run in one transaction).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from aglomera.accounts.models import User
from aglomera.agglomerations.models import Agglomeration, Country
from aglomera.core.money import Currency
from aglomera.strategy import actions
from aglomera.strategy.models import (
    FinancialPlanLine,
    Fund,
    IndicatorCode,
    IntegratedSolution,
    Measure,
    MeasureIndicator,
    Period,
    Programme,
    Source,
    SpecificGoal,
    SpecificObjective,
    StrategyVersion,
)
from aglomera.strategy.tests.builders import Programmes, StrategyBuilder

pytestmark = pytest.mark.django_db


@pytest.fixture
def v1(olomouc: Agglomeration, alice: User, programmes: Programmes) -> StrategyBuilder:
    """Approved version 1: goal 1, specific goal 1.1, measures 1.1.1 (1,000 CZK EU) and 1.1.2."""
    builder = (
        StrategyBuilder(olomouc, alice)
        .with_goal("1", "Doprava")
        .with_specific_goal("1.1", "Mobilita")
        .with_measure("1.1.1", "Cyklostezky", objectives=[programmes.irop_mobility])
        .with_measure("1.1.2", "Terminály")
        .with_plan("1.1.1", programmes.irop_mobility, eu="1000.00")
        .approved()
    )
    builder.build()
    return builder


@pytest.fixture
def draft(v1: StrategyBuilder, bob: User) -> StrategyVersion:
    """An amendment of version 1 that Bob opened (a full copy of its tree)."""
    assert v1.strategy is not None
    return actions.start_amendment(v1.strategy, "Změna", actor=bob)


@pytest.fixture
def old_period_objective(db: None) -> SpecificObjective:
    """A CZK objective of IROP 2014–2020, the programming period before the strategy's."""
    programme = Programme.objects.create(
        code="IROP",
        period=Period.P2014,
        name={"cs": "Integrovaný regionální operační program 2014–2020"},
        country=Country.CZ,
        managing_authority={"cs": "Ministerstvo pro místní rozvoj"},
        currency=Currency.CZK,
    )
    return SpecificObjective.objects.create(
        programme=programme, code="4.1", name={"cs": "Komunitně vedený rozvoj"}, fund=Fund.ERDF
    )


def approved(builder: StrategyBuilder) -> StrategyVersion:
    assert builder.version is not None
    return builder.version


def revision(version: StrategyVersion) -> int:
    return StrategyVersion.objects.get(pk=version.pk).revision


def in_draft(draft: StrategyVersion, code: str) -> Measure:
    return Measure.objects.get(version=draft, code=code)


def eu_amounts(version: StrategyVersion) -> dict[str, Decimal]:
    lines = FinancialPlanLine.objects.filter(version=version, source=Source.EU)
    return {line.measure.code: line.amount for line in lines.select_related("measure")}


# ---- parts of another version -----------------------------------------------------------------


def test_it_refuses_a_specific_goal_under_a_goal_of_the_approved_version(
    v1: StrategyBuilder, draft: StrategyVersion, bob: User
) -> None:
    # Given an amendment of version 1
    before = revision(draft)

    # When Bob adds specific goal 1.2 under goal 1 of version 1 instead of the amendment's
    with pytest.raises(ValidationError) as error:
        actions.add_specific_goal(draft, v1.goals["1"], "1.2", {"cs": "Nový"}, actor=bob)

    # Then it is refused on the goal and neither version gets it
    assert list(error.value.message_dict) == ["goal"]
    assert not SpecificGoal.objects.filter(code="1.2").exists()
    assert revision(draft) == before


def test_it_refuses_a_measure_under_a_specific_goal_of_the_approved_version(
    v1: StrategyBuilder, draft: StrategyVersion, bob: User
) -> None:
    # Given an amendment of version 1
    before = revision(draft)

    # When Bob adds measure 1.1.3 under specific goal 1.1 of version 1
    with pytest.raises(ValidationError) as error:
        actions.save_measure(
            draft,
            specific_goal=v1.specific_goals["1.1"],
            code="1.1.3",
            name={"cs": "P+R"},
            actor=bob,
        )

    # Then it is refused on the specific goal and no measure is added anywhere
    assert list(error.value.message_dict) == ["specific_goal"]
    assert not Measure.objects.filter(code="1.1.3").exists()
    assert revision(draft) == before


def test_it_refuses_to_rename_a_measure_of_the_approved_version_through_the_amendment(
    v1: StrategyBuilder, draft: StrategyVersion, bob: User
) -> None:
    # Given an amendment of version 1
    # When Bob saves measure 1.1.1 of version 1 (not the amendment's copy) with a new name
    with pytest.raises(ValidationError) as error:
        actions.save_measure(
            draft,
            specific_goal=SpecificGoal.objects.get(version=draft, code="1.1"),
            code="1.1.1",
            name={"cs": "Přejmenováno"},
            measure=v1.measures["1.1.1"],
            actor=bob,
        )

    # Then it is refused and the approved version keeps its name
    assert list(error.value.message_dict) == ["specific_goal"]
    assert Measure.objects.get(pk=v1.measures["1.1.1"].pk).name == {"cs": "Cyklostezky"}


def test_it_refuses_money_on_a_measure_of_the_approved_version(
    v1: StrategyBuilder, draft: StrategyVersion, bob: User, programmes: Programmes
) -> None:
    # Given an amendment of version 1
    before = revision(draft)

    # When Bob plans money on measure 1.1.2 of version 1
    with pytest.raises(ValidationError) as error:
        actions.set_plan_amount(
            draft,
            measure=v1.measures["1.1.2"],
            specific_objective=programmes.irop_mobility,
            source=Source.EU,
            amount=Decimal("500.00"),
            currency="CZK",
            actor=bob,
        )

    # Then it is refused on the measure and neither version's money changes
    assert list(error.value.message_dict) == ["measure"]
    assert eu_amounts(draft) == eu_amounts(approved(v1)) == {"1.1.1": Decimal("1000.00")}
    assert revision(draft) == before


def test_it_refuses_an_indicator_on_a_measure_of_the_approved_version(
    v1: StrategyBuilder, draft: StrategyVersion, bob: User, cycling_km: IndicatorCode
) -> None:
    # Given an amendment of version 1 without indicators
    # When Bob sets an indicator on measure 1.1.1 of version 1
    with pytest.raises(ValidationError) as error:
        actions.set_measure_indicator(
            draft,
            measure=v1.measures["1.1.1"],
            indicator=cycling_km,
            baseline=Decimal("0"),
            milestone_2024=None,
            target_2029=Decimal("10"),
            actor=bob,
        )

    # Then it is refused on the measure and no indicator is stored
    assert list(error.value.message_dict) == ["measure"]
    assert not MeasureIndicator.objects.exists()


def test_it_refuses_an_integrated_solution_with_a_measure_of_the_approved_version(
    v1: StrategyBuilder, draft: StrategyVersion, bob: User
) -> None:
    # Given an amendment of version 1
    # When Bob saves a solution that links 1.1.1 of the amendment and 1.1.2 of version 1
    with pytest.raises(ValidationError) as error:
        actions.save_integrated_solution(
            draft,
            code="IŘ1",
            name={"cs": "Páteřní cyklotrasa"},
            measures=[in_draft(draft, "1.1.1"), v1.measures["1.1.2"]],
            actor=bob,
        )

    # Then it is refused on the measures and no solution is stored
    assert list(error.value.message_dict) == ["measures"]
    assert not IntegratedSolution.objects.exists()


def test_it_refuses_to_move_money_from_a_line_of_the_approved_version(
    v1: StrategyBuilder, draft: StrategyVersion, bob: User, programmes: Programmes
) -> None:
    # Given an amendment of version 1, where 1.1.1 has 1,000 CZK of EU money
    approved_line = v1.lines["1.1.1", programmes.irop_mobility.pk, Source.EU]

    # When Bob moves 400 from the line of version 1 to the amendment's 1.1.2
    with override("en"), pytest.raises(ValidationError) as error:
        actions.move_allocation(
            draft,
            from_line=approved_line,
            to_measure=in_draft(draft, "1.1.2"),
            amount=Decimal("400.00"),
            actor=bob,
        )

    # Then he is told both lines must be in the amendment, and no money moved in either version
    assert error.value.messages == ["Both lines must belong to this amendment."]
    assert eu_amounts(draft) == eu_amounts(approved(v1)) == {"1.1.1": Decimal("1000.00")}


def test_it_refuses_to_move_money_to_a_measure_of_the_approved_version(
    v1: StrategyBuilder, draft: StrategyVersion, bob: User
) -> None:
    # Given an amendment of version 1
    # When Bob moves money from the amendment's 1.1.1 to measure 1.1.2 of version 1 (in English)
    with override("en"), pytest.raises(ValidationError) as error:
        actions.move_allocation(
            draft,
            from_line=FinancialPlanLine.objects.get(version=draft),
            to_measure=v1.measures["1.1.2"],
            amount=Decimal("400.00"),
            actor=bob,
        )

    # Then it is refused and no money moved in either version
    assert error.value.messages == ["Both lines must belong to this amendment."]
    assert eu_amounts(draft) == eu_amounts(approved(v1)) == {"1.1.1": Decimal("1000.00")}


# ---- objectives of another programming period ----------------------------------------------------


def test_it_refuses_a_measure_linked_to_an_objective_of_another_period(
    draft: StrategyVersion, bob: User, old_period_objective: SpecificObjective
) -> None:
    # Given an amendment of a 2021–2027 strategy
    before = revision(draft)

    # When Bob links measure 1.1.2 to an objective of a 2014–2020 programme
    with pytest.raises(ValidationError) as error:
        actions.save_measure(
            draft,
            specific_goal=SpecificGoal.objects.get(version=draft, code="1.1"),
            code="1.1.2",
            name={"cs": "Terminály"},
            specific_objectives=[old_period_objective],
            measure=in_draft(draft, "1.1.2"),
            actor=bob,
        )

    # Then it is refused on the objectives and the measure keeps none
    assert list(error.value.message_dict) == ["specific_objectives"]
    assert not in_draft(draft, "1.1.2").specific_objectives.exists()
    assert revision(draft) == before


def test_it_refuses_money_from_a_programme_of_another_period(
    draft: StrategyVersion, bob: User, old_period_objective: SpecificObjective
) -> None:
    # Given an amendment of a 2021–2027 strategy
    # When Bob plans CZK on an objective of the 2014–2020 IROP (the currency is right)
    with pytest.raises(ValidationError) as error:
        actions.set_plan_amount(
            draft,
            measure=in_draft(draft, "1.1.2"),
            specific_objective=old_period_objective,
            source=Source.EU,
            amount=Decimal("500.00"),
            currency="CZK",
            actor=bob,
        )

    # Then it is refused on the objective and no line is added
    assert list(error.value.message_dict) == ["specific_objective"]
    assert not FinancialPlanLine.objects.filter(specific_objective=old_period_objective).exists()


# ---- moving money ---------------------------------------------------------------------------------


def test_it_refuses_to_move_money_to_the_measure_it_comes_from(
    draft: StrategyVersion, bob: User
) -> None:
    # Given an amendment where 1.1.1 has 1,000 CZK of EU money
    # When Bob moves 400 from 1.1.1 to 1.1.1
    with pytest.raises(ValidationError) as error:
        actions.move_allocation(
            draft,
            from_line=FinancialPlanLine.objects.get(version=draft),
            to_measure=in_draft(draft, "1.1.1"),
            amount=Decimal("400.00"),
            actor=bob,
        )

    # Then he is asked for a different measure and the line keeps its money
    assert list(error.value.message_dict) == ["to_measure"]
    assert eu_amounts(draft) == {"1.1.1": Decimal("1000.00")}


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("1000.01", "Only 1,000.00 is planned on this line."),
        ("0.00", "Enter a positive amount."),
        ("-1.00", "Enter a positive amount."),
    ],
)
def test_it_refuses_to_move_more_than_the_line_holds_or_nothing(
    amount: str, message: str, draft: StrategyVersion, bob: User
) -> None:
    # Given an amendment where 1.1.1 has 1,000 CZK of EU money
    before = revision(draft)

    # When Bob moves a cent more than that, nothing, or a negative amount to 1.1.2 (in English)
    with override("en"), pytest.raises(ValidationError) as error:
        actions.move_allocation(
            draft,
            from_line=FinancialPlanLine.objects.get(version=draft),
            to_measure=in_draft(draft, "1.1.2"),
            amount=Decimal(amount),
            actor=bob,
        )

    # Then he is told why on the amount, no line is opened on 1.1.2 and the revision stays
    assert error.value.message_dict == {"amount": [message]}
    assert eu_amounts(draft) == {"1.1.1": Decimal("1000.00")}
    assert revision(draft) == before


def test_it_moves_the_whole_line_and_keeps_the_total(
    draft: StrategyVersion, bob: User, programmes: Programmes
) -> None:
    # Given an amendment where 1.1.1 has 1,000 CZK of EU money and 1.1.2 none
    # When Bob moves all of it to 1.1.2
    target = actions.move_allocation(
        draft,
        from_line=FinancialPlanLine.objects.get(version=draft),
        to_measure=in_draft(draft, "1.1.2"),
        amount=Decimal("1000.00"),
        actor=bob,
        reason="Přesun na terminály",
    )

    # Then 1.1.1 keeps an empty line, 1.1.2 gets the money and the IROP objective
    assert eu_amounts(draft) == {"1.1.1": Decimal("0.00"), "1.1.2": Decimal("1000.00")}
    assert target.measure_id == in_draft(draft, "1.1.2").pk
    assert list(in_draft(draft, "1.1.2").specific_objectives.all()) == [programmes.irop_mobility]
