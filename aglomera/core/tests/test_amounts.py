"""Amounts are typed and shown the way the product shows them in each language (issue 11)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from aglomera.core.amounts import format_amount, parse_amount
from aglomera.core.fields import AmountField

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize("language", ["cs", "pl"])
@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("9 200 000,00", Decimal("9200000.00")),
        (f"9{NBSP}200{NBSP}000,00", Decimal("9200000.00")),
        (f"9{NNBSP}200{NNBSP}000,5", Decimal("9200000.5")),
        ("9200000,50", Decimal("9200000.50")),
        ("9200000.50", Decimal("9200000.50")),  # a point before cents cannot mean anything else
        ("9.200.000,50", Decimal("9200000.50")),
        ("  42 ", Decimal("42")),
        ("0,01", Decimal("0.01")),
        ("", None),
    ],
)
def test_czech_and_polish_amounts(language: str, typed: str, value: Decimal | None) -> None:
    assert parse_amount(typed, language) == value


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1,250,000.50", Decimal("1250000.50")),
        ("1250000.50", Decimal("1250000.50")),
        ("1 250 000.50", Decimal("1250000.50")),
        (f"1{NBSP}250{NBSP}000", Decimal("1250000")),
        ("1,250", Decimal("1250")),
    ],
)
def test_english_amounts(typed: str, value: Decimal) -> None:
    assert parse_amount(typed, "en") == value


@pytest.mark.parametrize("language", ["cs", "pl", "en"])
@pytest.mark.parametrize(
    "typed", ["1.2.3", "abc", "1 2,3,4", "1 25", "12 3456", "1e10", "5²", "١٢", "NaN", "1,,5"]
)
def test_what_is_not_an_amount_is_refused(language: str, typed: str) -> None:
    with pytest.raises(ValueError):
        parse_amount(typed, language)


@pytest.mark.parametrize("language", ["cs", "pl"])
def test_an_ambiguous_point_is_refused_rather_than_guessed(language: str) -> None:
    # "1.250" is 1250 to some and 1.25 to others
    with pytest.raises(ValueError):
        parse_amount("1.250", language)


def test_english_refuses_a_decimal_comma() -> None:
    with pytest.raises(ValueError):
        parse_amount("9 200 000,00", "en")


@pytest.mark.parametrize(
    ("language", "shown"),
    [("cs", f"9{NBSP}200{NBSP}000,00"), ("pl", "9 200 000,00"), ("en", "9,200,000.00")],
)
def test_what_is_shown_can_be_typed_back(language: str, shown: str) -> None:
    with translation.override(language):
        formatted = format_amount(Decimal("9200000"))
        assert formatted.replace(NBSP, " ") == shown.replace(NBSP, " ")
        assert parse_amount(formatted) == Decimal("9200000")


class MoneyForm(forms.Form):
    amount = AmountField(label="Amount")
    fee = AmountField(label="Fee", min_value=Decimal("0.01"), required=False)


@pytest.mark.parametrize(
    ("language", "shown"),
    [("cs", "9 200 000,00"), ("pl", "9 200 000,00"), ("en", "9,200,000.00")],
)
def test_the_field_shows_its_value_in_the_local_format_as_text(language: str, shown: str) -> None:
    with translation.override(language):
        html = str(MoneyForm(initial={"amount": Decimal("9200000")})["amount"])
    assert 'type="text"' in html and 'inputmode="decimal"' in html
    assert f'value="{shown}"' in html.replace(NBSP, " ")


@pytest.mark.parametrize(
    ("language", "typed"),
    [("cs", "9 200 000,00"), ("pl", f"9{NBSP}200{NBSP}000,00"), ("en", "9,200,000.00")],
)
def test_the_field_reads_the_local_format(language: str, typed: str) -> None:
    with translation.override(language):
        form = MoneyForm({"amount": typed, "fee": ""})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal("9200000.00")


@pytest.mark.parametrize(
    ("language", "typed", "number"),
    [
        ("cs", {"amount": "abc"}, "1 250 000,50"),
        ("pl", {"amount": "1.2.3"}, "1 250 000,50"),
        ("en", {"amount": "1 2,3,4"}, "1,250,000.50"),
        ("cs", {"amount": "1", "fee": "0"}, "0,01"),
        ("pl", {"amount": "1", "fee": "0,001"}, "0,01"),
        ("en", {"amount": "1", "fee": "0"}, "0.01"),
    ],
)
def test_messages_show_numbers_in_the_users_format(
    language: str, typed: dict[str, str], number: str
) -> None:
    with translation.override(language):
        form = MoneyForm(typed)
        assert not form.is_valid()
        messages = [str(m).replace(NBSP, " ") for ms in form.errors.values() for m in ms]
        # what was typed stays in the input
        assert f'value="{typed["amount"]}"' in str(form["amount"])
    assert len(messages) == 1 and number in messages[0], messages


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({"amount": "abc"}, "Enter an amount, for example 1,250,000.50."),
        ({"amount": "-1"}, "The amount cannot be negative."),
        ({"amount": "1.555"}, "Enter the amount to the cent (at most two decimal places)."),
        ({"amount": "1", "fee": "0"}, "Enter at least 0.01."),
        ({"amount": "9" * 20}, "The amount is too large."),
    ],
)
def test_the_messages(typed: dict[str, str], message: str) -> None:
    with translation.override("en"):
        form = MoneyForm(typed)
        assert not form.is_valid()
        assert [m for ms in form.errors.values() for m in ms] == [message]
