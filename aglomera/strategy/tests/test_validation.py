"""Domain rules enforced by the actions: money, codes, indicators, and the language of errors."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext, override

from aglomera.accounts.models import User
from aglomera.agglomerations.models import Agglomeration
from aglomera.strategy import actions
from aglomera.strategy.models import (
    Direction,
    FinancialPlanLine,
    Goal,
    IndicatorCode,
    IndicatorKind,
    Measure,
    MeasureIndicator,
    Source,
    SpecificGoal,
    StrategyVersion,
)
from aglomera.strategy.tests.builders import Programmes, StrategyBuilder

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(olomouc: Agglomeration, alice: User) -> StrategyBuilder:
    """A draft first version with goal 1, specific goal 1.1 and measure 1.1.1."""
    builder = (
        StrategyBuilder(olomouc, alice)
        .with_goal("1", "Doprava")
        .with_specific_goal("1.1", "Mobilita")
        .with_measure("1.1.1", "Cyklostezky")
    )
    builder.build()
    return builder


def version_of(builder: StrategyBuilder) -> StrategyVersion:
    assert builder.version is not None
    return StrategyVersion.objects.get(pk=builder.version.pk)


def errors_of(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


# ---- money ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "currency", "key"),
    [
        ("-0.01", "CZK", "amount"),
        ("-1000000.00", "CZK", "amount"),
        ("10.005", "CZK", "amount"),
        ("0.001", "CZK", "amount"),
        ("10000000000000.00", "CZK", "amount"),
        ("100.00", "PLN", "currency"),
        ("100.00", "EUR", "currency"),
    ],
)
def test_it_refuses_a_bad_amount_on_the_right_field_and_saves_nothing(
    amount: str,
    currency: str,
    key: str,
    draft: StrategyBuilder,
    alice: User,
    programmes: Programmes,
) -> None:
    # Given a draft with a measure and no money
    version = version_of(draft)

    # When a negative amount, one with three decimals, one too large for the column, or one in
    # the wrong currency for IROP is entered
    with pytest.raises(ValidationError) as error:
        actions.set_plan_amount(
            version,
            measure=draft.measures["1.1.1"],
            specific_objective=programmes.irop_mobility,
            source=Source.EU,
            amount=Decimal(amount),
            currency=currency,
            actor=alice,
        )

    # Then the error is on that field only, and neither a line nor a revision was saved
    assert list(errors_of(error)) == [key]
    assert not FinancialPlanLine.objects.filter(version=version).exists()
    assert not Measure.objects.get(pk=draft.measures["1.1.1"].pk).specific_objectives.exists()
    assert version_of(draft).revision == version.revision


def test_it_names_the_programme_and_both_currencies_in_a_currency_error(
    draft: StrategyBuilder, alice: User, programmes: Programmes
) -> None:
    # Given a draft
    # When PLN is planned on the CZK programme IROP (in English)
    with override("en"), pytest.raises(ValidationError) as error:
        actions.set_plan_amount(
            version_of(draft),
            measure=draft.measures["1.1.1"],
            specific_objective=programmes.irop_mobility,
            source=Source.EU,
            amount=Decimal("100.00"),
            currency="PLN",
            actor=alice,
        )

    # Then the message says what is expected
    assert errors_of(error) == {"currency": ["The programme IROP is planned in CZK, not in PLN."]}


def test_it_accepts_zero_and_two_decimals(
    draft: StrategyBuilder, alice: User, programmes: Programmes
) -> None:
    # Given a draft
    # When zero and then 0.01 are planned
    for amount in ("0", "0.01"):
        line = actions.set_plan_amount(
            version_of(draft),
            measure=draft.measures["1.1.1"],
            specific_objective=programmes.irop_mobility,
            source=Source.EU,
            amount=Decimal(amount),
            currency="CZK",
            actor=alice,
        )

    # Then the one line keeps the last amount
    assert FinancialPlanLine.objects.get(pk=line.pk).amount == Decimal("0.01")


def test_it_refuses_money_from_someone_without_the_amend_permission(
    draft: StrategyBuilder, charlie: User, mallory: User, programmes: Programmes
) -> None:
    # Given a draft of Olomouc
    # When an applicant of Olomouc or the manager of Opole plans money
    # Then they are refused and nothing is saved
    for intruder in (charlie, mallory):
        with pytest.raises(PermissionDenied):
            actions.set_plan_amount(
                version_of(draft),
                measure=draft.measures["1.1.1"],
                specific_objective=programmes.irop_mobility,
                source=Source.EU,
                amount=Decimal("1.00"),
                currency="CZK",
                actor=intruder,
            )
    assert not FinancialPlanLine.objects.exists()


# ---- codes ------------------------------------------------------------------------------------


def test_it_refuses_a_measure_code_outside_its_specific_goal(
    draft: StrategyBuilder, alice: User
) -> None:
    # Given specific goal 1.1
    # When measure 2.1.1 is added under it
    with override("en"), pytest.raises(ValidationError) as error:
        actions.save_measure(
            version_of(draft),
            specific_goal=draft.specific_goals["1.1"],
            code="2.1.1",
            name={"cs": "Jinde"},
            actor=alice,
        )

    # Then the code is refused: it must start with 1.1.
    messages = errors_of(error)
    assert list(messages) == ["code"]
    assert "must be 1.1.N" in messages["code"][0]
    assert not Measure.objects.filter(code="2.1.1").exists()


@pytest.mark.parametrize("code", ["1.1", "1.1.", "1.1.1.1", "1.1.x-y", "1.1.1234567", " "])
def test_it_refuses_a_measure_code_that_is_not_one_segment_below_its_parent(
    code: str, draft: StrategyBuilder, alice: User
) -> None:
    # Given specific goal 1.1
    # When a measure code with no, two or an invalid segment is used
    with pytest.raises(ValidationError) as error:
        actions.save_measure(
            version_of(draft),
            specific_goal=draft.specific_goals["1.1"],
            code=code,
            name={"cs": "Špatně"},
            actor=alice,
        )

    # Then the code is refused
    assert list(errors_of(error)) == ["code"]
    assert Measure.objects.count() == 1


def test_it_refuses_a_duplicate_measure_code(draft: StrategyBuilder, alice: User) -> None:
    # Given measure 1.1.1
    # When another measure 1.1.1 is added
    with override("en"), pytest.raises(ValidationError) as error:
        actions.save_measure(
            version_of(draft),
            specific_goal=draft.specific_goals["1.1"],
            code=" 1.1.1 ",
            name={"cs": "Znovu"},
            actor=alice,
        )

    # Then the code is refused as used
    assert errors_of(error) == {"code": ["The code 1.1.1 is already used in this version."]}
    assert Measure.objects.filter(code="1.1.1").count() == 1


def test_it_lets_a_measure_keep_its_own_code_when_renamed(
    draft: StrategyBuilder, alice: User
) -> None:
    # Given measure 1.1.1
    measure = draft.measures["1.1.1"]

    # When it is saved again with its own code and a new name
    actions.save_measure(
        version_of(draft),
        specific_goal=draft.specific_goals["1.1"],
        code="1.1.1",
        name={"cs": "Nové jméno"},
        measure=measure,
        actor=alice,
    )

    # Then the name changes and the code stays
    assert Measure.objects.get(pk=measure.pk).name == {"cs": "Nové jméno"}


@pytest.mark.parametrize("code", ["1.1", "", "1 1", "A-1", "1234567"])
def test_it_refuses_a_goal_code_that_is_not_one_segment(
    code: str, draft: StrategyBuilder, alice: User
) -> None:
    # Given a draft with goal 1
    # When a goal with a code of several or no valid segments is added
    with pytest.raises(ValidationError) as error:
        actions.add_goal(version_of(draft), code, {"cs": "Cíl"}, actor=alice)

    # Then the code is refused
    assert list(errors_of(error)) == ["code"]
    assert Goal.objects.count() == 1


def test_it_refuses_a_duplicate_goal_and_a_specific_goal_outside_its_goal(
    draft: StrategyBuilder, alice: User
) -> None:
    # Given goal 1
    version = version_of(draft)

    # When goal 1 is added again, and specific goal 2.1 is added under goal 1
    with pytest.raises(ValidationError) as duplicate:
        actions.add_goal(version, "1", {"cs": "Znovu"}, actor=alice)
    with pytest.raises(ValidationError) as outside:
        actions.add_specific_goal(version, draft.goals["1"], "2.1", {"cs": "Jinde"}, actor=alice)

    # Then both are refused on the code
    assert list(errors_of(duplicate)) == ["code"]
    assert list(errors_of(outside)) == ["code"]
    assert SpecificGoal.objects.count() == 1


def test_it_names_the_largest_amount_when_an_amount_is_too_large(
    draft: StrategyBuilder, alice: User, programmes: Programmes
) -> None:
    # Given a draft
    # When ten trillion is planned (in English)
    with override("en"), pytest.raises(ValidationError) as error:
        actions.set_plan_amount(
            version_of(draft),
            measure=draft.measures["1.1.1"],
            specific_objective=programmes.irop_mobility,
            source=Source.EU,
            amount=Decimal("10000000000000.00"),
            currency="CZK",
            actor=alice,
        )

    # Then the message gives the largest amount the plan can hold
    assert errors_of(error) == {"amount": ["The amount is too large: at most 9999999999999.99."]}


def test_it_stores_and_reads_back_the_largest_amount_to_the_cent(
    draft: StrategyBuilder, alice: User, programmes: Programmes
) -> None:
    # Given a draft
    # When the largest accepted amount is planned
    line = actions.set_plan_amount(
        version_of(draft),
        measure=draft.measures["1.1.1"],
        specific_objective=programmes.irop_mobility,
        source=Source.EU,
        amount=Decimal("9999999999999.99"),
        currency="CZK",
        actor=alice,
    )

    # Then the database gives it back exactly (SQLite keeps 15 significant digits)
    line.refresh_from_db()
    assert line.amount == Decimal("9999999999999.99")


def test_it_refuses_an_indicator_code_that_exists_in_another_case(
    olomouc: Agglomeration, alice: User, cycling_km: IndicatorCode
) -> None:
    # Given the national indicator T-CYKLO
    # When Alice adds " t-cyklo " to the codebook (in English)
    with override("en"), pytest.raises(ValidationError) as error:
        actions.add_indicator_code(
            agglomeration=olomouc,
            code=" t-cyklo ",
            kind=IndicatorKind.OUTPUT,
            name={"cs": "Cyklostezky znovu"},
            unit={"cs": "km"},
            direction=Direction.INCREASE,
            actor=alice,
        )

    # Then the code is refused as existing and the codebook keeps the one entry
    assert errors_of(error) == {"code": ["The indicator code T-CYKLO already exists."]}
    assert IndicatorCode.objects.filter(code__iexact="t-cyklo").count() == 1


# ---- indicators -------------------------------------------------------------------------------


def set_indicator(
    builder: StrategyBuilder, actor: User, indicator: IndicatorCode, **values: Any
) -> MeasureIndicator:
    return actions.set_measure_indicator(
        version_of(builder),
        measure=builder.measures["1.1.1"],
        indicator=indicator,
        baseline=Decimal(values["baseline"]),
        milestone_2024=None if values.get("milestone") is None else Decimal(values["milestone"]),
        target_2029=Decimal(values["target"]),
        actor=actor,
    )


@pytest.mark.parametrize(
    ("indicator_name", "values", "keys"),
    [
        ("cycling_km", {"baseline": "10", "target": "9.999"}, ["target_2029"]),
        ("emissions", {"baseline": "1000", "target": "1000.001"}, ["target_2029"]),
        ("cycling_km", {"baseline": "0", "milestone": "12", "target": "10"}, ["milestone_2024"]),
        ("cycling_km", {"baseline": "5", "milestone": "4", "target": "10"}, ["milestone_2024"]),
        (
            "emissions",
            {"baseline": "1000", "milestone": "700", "target": "800"},
            ["milestone_2024"],
        ),
        (
            "cycling_km",
            {"baseline": "10", "milestone": "11", "target": "5"},
            ["target_2029", "milestone_2024"],
        ),
    ],
)
def test_it_refuses_indicator_values_that_move_the_wrong_way(
    indicator_name: str,
    values: dict[str, str],
    keys: list[str],
    draft: StrategyBuilder,
    alice: User,
    request: pytest.FixtureRequest,
) -> None:
    # Given an indicator that should grow (T-CYKLO) or fall (T-EMISE)
    indicator: IndicatorCode = request.getfixturevalue(indicator_name)

    # When its target moves against its direction, or its milestone lies outside
    # baseline..target
    with pytest.raises(ValidationError) as error:
        set_indicator(draft, alice, indicator, **values)

    # Then the error is on those fields and nothing is saved
    assert sorted(errors_of(error)) == sorted(keys)
    assert not MeasureIndicator.objects.exists()


@pytest.mark.parametrize(
    ("indicator_name", "values"),
    [
        ("cycling_km", {"baseline": "0", "milestone": "0", "target": "10"}),
        ("cycling_km", {"baseline": "10", "milestone": "10", "target": "10"}),
        ("emissions", {"baseline": "1000", "milestone": "800", "target": "800"}),
        ("emissions", {"baseline": "1000", "target": "0"}),
    ],
)
def test_it_accepts_indicator_values_that_move_the_right_way(
    indicator_name: str,
    values: dict[str, str],
    draft: StrategyBuilder,
    alice: User,
    request: pytest.FixtureRequest,
) -> None:
    # Given an indicator that should grow or fall
    indicator: IndicatorCode = request.getfixturevalue(indicator_name)

    # When the values move its way, milestone included at either end
    row = set_indicator(draft, alice, indicator, **values)

    # Then they are saved
    assert MeasureIndicator.objects.get(pk=row.pk).target_2029 == Decimal(values["target"])


# ---- the language of errors -------------------------------------------------------------------


@pytest.mark.parametrize(("language", "translated"), [("cs", True), ("pl", True), ("en", False)])
def test_it_gives_errors_in_the_language_of_the_user(
    language: str,
    translated: bool,
    draft: StrategyBuilder,
    alice: User,
    programmes: Programmes,
    cycling_km: IndicatorCode,
) -> None:
    # Given a user working in Czech, Polish or English
    version = version_of(draft)
    with override(language):
        # When they enter a negative amount, a code outside the tree and a falling target
        with pytest.raises(ValidationError) as amount:
            actions.set_plan_amount(
                version,
                measure=draft.measures["1.1.1"],
                specific_objective=programmes.irop_mobility,
                source=Source.EU,
                amount=Decimal("-1.00"),
                currency="CZK",
                actor=alice,
            )
        with pytest.raises(ValidationError) as code:
            actions.save_measure(
                version,
                specific_goal=draft.specific_goals["1.1"],
                code="2.1.1",
                name={"cs": "Jinde"},
                actor=alice,
            )
        with pytest.raises(ValidationError) as target:
            set_indicator(draft, alice, cycling_km, baseline="10", target="5")

        # Then each message is the translation of its English text in that language ...
        assert errors_of(amount) == {"amount": [gettext("The amount cannot be negative.")]}
        # ... which the shipped catalogues already hold for Czech and Polish
        assert (errors_of(amount)["amount"] != ["The amount cannot be negative."]) == translated
        assert errors_of(code) == {
            "code": [
                gettext(
                    "The code must be %(prefix)sN: the parent's code %(parent)s followed by "
                    "one segment."
                )
                % {"prefix": "1.1.", "parent": "1.1"}
            ]
        }
        assert errors_of(target) == {
            "target_2029": [
                gettext(
                    "The indicator %(code)s should grow: the target cannot be below the "
                    "baseline %(baseline)s."
                )
                % {"code": "T-CYKLO", "baseline": Decimal("10")}
            ]
        }
