from __future__ import annotations

import re
from datetime import date

import pytest
from django import forms
from django.utils import translation

from aglomera.core.widgets import DateInput


class DayForm(forms.Form):
    day = forms.DateField(widget=DateInput)
    localized = forms.DateField(widget=DateInput, localize=True)


@pytest.mark.parametrize("language", ["cs", "pl", "en"])
def test_a_date_is_given_to_the_input_as_yyyy_mm_dd_in_every_language(language: str) -> None:
    with translation.override(language):
        html = str(DayForm(initial={"day": date(2026, 1, 1), "localized": date(2026, 12, 6)}))
    assert 'type="date" name="day" value="2026-01-01"' in html
    assert 'type="date" name="localized" value="2026-12-06"' in html


def test_what_was_typed_is_given_back_as_typed_and_early_years_keep_four_digits() -> None:
    with translation.override("cs"):
        typed = str(DayForm({"day": "1.2.x", "localized": ""})["day"])
        early = str(DayForm(initial={"day": date(1, 1, 1)})["day"])
    assert 'value="1.2.x"' in typed
    assert 'value="0001-01-01"' in early


@pytest.mark.parametrize("language", ["cs", "pl", "en"])
def test_an_iso_date_is_read_in_every_language(language: str) -> None:
    with translation.override(language):
        form = DayForm({"day": "2026-12-06", "localized": "2026-12-07"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data == {"day": date(2026, 12, 6), "localized": date(2026, 12, 7)}


def test_the_value_a_hand_written_input_needs() -> None:
    from aglomera.core.templatetags.aglomera import input_date

    assert input_date(date(2026, 1, 1)) == "2026-01-01"
    assert input_date("2026-01-0") == "2026-01-0"
    assert input_date(None) == ""
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", input_date(date(2029, 12, 31)))
