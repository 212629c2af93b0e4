"""A unique violation becomes a clear form error (aglomera.core.unique), on both databases.

The rows here are written straight to the models, past the actions' own checks, which is what a
request that lost a race looks like to the database.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from aglomera.agglomerations.models import Agglomeration, Country, Organisation, OrganisationKind
from aglomera.core.unique import Unique, Violation, unique_errors, violation_of
from aglomera.strategy.models import IndicatorCode, Strategy
from aglomera.strategy.tests.builders import make_indicator, make_olomouc

pytestmark = pytest.mark.django_db

TAKEN = "This is taken."


def _organisation(agglomeration: Agglomeration, ico: str, country: str = Country.CZ) -> None:
    Organisation.objects.create(
        agglomeration=agglomeration,
        name="Obec",
        kind=OrganisationKind.MUNICIPALITY,
        country=country,
        ico=ico,
    )


def test_a_unique_field_taken_meanwhile_is_an_error_on_its_field() -> None:
    first = make_indicator("T-RACE")
    rule = Unique(IndicatorCode, "code", "code", TAKEN)
    with pytest.raises(ValidationError) as caught, unique_errors(rule):
        IndicatorCode.objects.create(
            code="T-RACE",
            kind=first.kind,
            source=first.source,
            name={"en": "Twice"},
            unit=first.unit,
            direction=first.direction,
        )
    assert caught.value.message_dict == {"code": [TAKEN]}
    assert caught.value.error_dict["code"][0].code == "unique"


def test_a_named_constraint_over_several_columns_is_recognised() -> None:
    olomouc = make_olomouc()
    Strategy.objects.create(agglomeration=olomouc, period="2021-2027", name={"en": "A"})
    rule = Unique(Strategy, "strategy_unique", "period", TAKEN)
    with pytest.raises(ValidationError) as caught, unique_errors(rule):
        Strategy.objects.create(agglomeration=olomouc, period="2021-2027", name={"en": "B"})
    assert caught.value.message_dict == {"period": [TAKEN]}


def test_a_conditional_constraint_is_recognised_and_the_transaction_goes_on() -> None:
    olomouc = make_olomouc()
    _organisation(olomouc, "00301825")
    rules = (
        Unique(Organisation, "organisation_regon_unique", "regon", "REGON"),
        Unique(Organisation, "organisation_ico_unique", None, TAKEN),
    )
    with transaction.atomic():
        with pytest.raises(ValidationError) as caught, unique_errors(*rules):
            _organisation(olomouc, "00301825")
        # The savepoint was rolled back: the outer transaction can still read and write
        _organisation(olomouc, "47998407")
    assert caught.value.messages == [TAKEN]
    assert not hasattr(caught.value, "error_dict")
    assert Organisation.objects.count() == 2


def test_a_violation_of_another_constraint_stays_an_integrity_error() -> None:
    olomouc = make_olomouc()
    _organisation(olomouc, "00301825")
    regon_only = Unique(Organisation, "organisation_regon_unique", "regon", TAKEN)
    with pytest.raises(IntegrityError), unique_errors(regon_only):
        _organisation(olomouc, "00301825")


def test_a_check_constraint_is_no_unique_violation() -> None:
    olomouc = make_olomouc()
    rule = Unique(Organisation, "organisation_ico_unique", "ico", TAKEN)
    with pytest.raises(IntegrityError), unique_errors(rule):
        _organisation(olomouc, "")  # a Czech organisation without its IČO


def test_a_rule_must_name_a_real_unique_constraint() -> None:
    with pytest.raises(LookupError):
        Unique(Strategy, "period", "period", TAKEN).matches(Violation("", "x", frozenset("y")))
    with pytest.raises(LookupError):
        Unique(Strategy, "name", "name", TAKEN).matches(Violation("", "x", frozenset("y")))


@pytest.mark.parametrize(
    "message",
    ["FOREIGN KEY constraint failed", "UNIQUE constraint failed: index 'by_expression'"],
)
def test_messages_that_name_no_columns_are_not_unique_violations(message: str) -> None:
    assert violation_of(IntegrityError(message)) is None
