"""The dates a programming period allows (issue 11, point 3)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.utils import formats, translation

from aglomera.strategy.eligibility import (
    call_window_errors,
    eligibility,
    programming_period,
    project_date_errors,
)


def test_the_windows_of_the_periods() -> None:
    # CPR 2021/1060 Art. 63(2) and CPR 1303/2013 Art. 65(2)
    assert (eligibility("2021-2027").start, eligibility("2021-2027").end) == (
        date(2021, 1, 1),
        date(2029, 12, 31),
    )
    assert eligibility("2014-2020").end == date(2023, 12, 31)
    assert programming_period("2021-2027").end == date(2027, 12, 31)
    assert date(2029, 12, 31) in eligibility("2021-2027")
    assert date(2030, 1, 1) not in eligibility("2021-2027")


def test_a_project_inside_the_eligibility_has_no_error() -> None:
    assert project_date_errors("2021-2027", date(2021, 1, 1), date(2029, 12, 31)) == {}
    assert project_date_errors("2021-2027", None, None) == {}


@pytest.mark.parametrize("language", ["cs", "pl", "en"])
def test_the_message_names_the_range_in_the_readers_format(language: str) -> None:
    with translation.override(language):
        errors = project_date_errors("2021-2027", date(1, 1, 1), date(9999, 12, 31))
        first = formats.date_format(date(2021, 1, 1), "SHORT_DATE_FORMAT")
        last = formats.date_format(date(2029, 12, 31), "SHORT_DATE_FORMAT")
        window = call_window_errors(
            "2021-2027",
            datetime(1900, 1, 1, tzinfo=UTC),
            datetime(9999, 12, 30, tzinfo=UTC),
            "Europe/Prague",
        )
        period_end = formats.date_format(date(2027, 12, 31), "SHORT_DATE_FORMAT")
    assert set(errors) == {"start_date", "end_date"}
    assert first in errors["start_date"] and last in errors["end_date"]
    assert set(window) == {"opens_at", "closes_at"} and period_end in window["closes_at"]
    assert "2021-01-01" not in errors["start_date"] or language == "en"


def test_a_call_inside_the_period_has_no_error() -> None:
    opens = datetime(2021, 1, 1, 0, 0, tzinfo=UTC)  # 1:00 in Prague
    closes = datetime(2027, 12, 31, 12, 0, tzinfo=UTC)
    assert call_window_errors("2021-2027", opens, closes, "Europe/Prague") == {}
    late = datetime(2027, 12, 31, 23, 30, tzinfo=UTC)  # already 2028 in Prague
    assert set(call_window_errors("2021-2027", opens, late, "Europe/Prague")) == {"closes_at"}
