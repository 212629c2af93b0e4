"""Dates, times and numbers read the way each language writes them (issue 11, point 9)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

DAY = date(2026, 12, 6)
MOMENT = datetime(2026, 12, 6, 14, 5, tzinfo=ZoneInfo("Europe/Prague"))


def render(source: str, language: str, **context: object) -> str:
    with translation.override(language):
        return Template("{% load aglomera %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "short", "long"),
    [
        ("cs", "6. 12. 2026", "6. prosince 2026"),
        ("pl", "06.12.2026", "6 grudnia 2026"),
        ("en", "2026-12-06", "6 December 2026"),
    ],
)
def test_dates_in_each_language(language: str, short: str, long: str) -> None:
    assert render('{{ day|date:"SHORT_DATE_FORMAT" }}', language, day=DAY) == short
    assert render('{{ day|date:"DATE_FORMAT" }}', language, day=DAY) == long
    assert render("{{ day }}", language, day=DAY) == long


@pytest.mark.parametrize(
    ("language", "short", "long"),
    [
        ("cs", "6. 12. 2026 14:05", "6. prosince 2026 14:05"),
        ("pl", "06.12.2026 14:05", "6 grudnia 2026, 14:05"),
        ("en", "2026-12-06 14:05", "6 December 2026, 14:05"),
    ],
)
def test_times_in_24_hours(language: str, short: str, long: str) -> None:
    assert render('{{ at|date:"SHORT_DATETIME_FORMAT" }}', language, at=MOMENT) == short
    assert render('{{ at|date:"DATETIME_FORMAT" }}', language, at=MOMENT) == long
    assert render('{{ at|time:"TIME_FORMAT" }}', language, at=MOMENT) == "14:05"


def test_no_month_first_date_in_english() -> None:
    """07 December must never read as 12/07 (July)."""
    shown = render('{{ day|date:"SHORT_DATE_FORMAT" }}', "en", day=date(2026, 12, 7))
    assert shown == "2026-12-07"


@pytest.mark.parametrize(
    ("language", "money", "quantity"),
    [
        ("cs", "9\xa0200\xa0000,00", "1\xa0234,5"),
        ("pl", "9\xa0200\xa0000,00", "1\xa0234,5"),
        ("en", "9,200,000.00", "1,234.5"),
    ],
)
def test_numbers_with_local_separators(language: str, money: str, quantity: str) -> None:
    assert render("{{ v|money }}", language, v=Decimal("9200000")) == money
    assert render("{{ v|quantity }}", language, v=Decimal("1234.500")) == quantity
    assert render('{{ v|floatformat:"2" }}', language, v=Decimal("2")) == (
        "2.00" if language == "en" else "2,00"
    )


@pytest.mark.parametrize(
    ("language", "typed"),
    [
        ("cs", ["2026-12-06", "6. 12. 2026", "6.12.2026", "06.12.2026", "6.\xa012.\xa02026"]),
        ("pl", ["2026-12-06", "06.12.2026", "6.12.2026"]),
        ("en", ["2026-12-06", "6 December 2026", "06/12/2026", "6 Dec 2026"]),
    ],
)
def test_typed_dates_are_read_in_the_local_forms(language: str, typed: list[str]) -> None:
    with translation.override(language):
        for text in typed:
            assert forms.DateField().clean(text) == DAY, text


def test_english_slashes_are_day_first() -> None:
    with translation.override("en"):
        assert forms.DateField().clean("12/07/2026") == date(2026, 7, 12)
        with pytest.raises(forms.ValidationError):
            forms.DateField().clean("07/13/2026")  # no 13th month: month-first is refused
