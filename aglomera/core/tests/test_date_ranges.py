"""A date a person types lies between 2000 and 2100, and an end is not before its start; the
message names the range in the reader's date format (issue 11)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from aglomera.core.dates import EARLIEST, LATEST, date_errors, validate_years, years_error

RANGE = "Enter a date between 2000-01-01 and 2100-12-31."
SHOWN = {"cs": ("1. 1. 2000", "31. 12. 2100"), "pl": ("01.01.2000", "31.12.2100")}


@pytest.mark.parametrize("language", ["cs", "pl"])
def test_the_message_names_the_range_in_the_readers_format(language: str) -> None:
    with translation.override(language):
        message = years_error(date(1999, 12, 31))
    first, last = SHOWN[language]
    assert first in message and last in message, message
    assert "2000-01-01" not in message


@pytest.mark.parametrize(
    ("day", "refused"),
    [
        (EARLIEST, False),
        (LATEST, False),
        (date(1999, 12, 31), True),
        (date(2101, 1, 1), True),
        (date(1, 1, 1), True),
        (date(9999, 12, 31), True),
        (None, False),
        (datetime(2000, 1, 1, 0, 30, tzinfo=UTC), False),  # 1:30 in Prague
        (datetime(1999, 12, 31, 23, 30, tzinfo=UTC), False),  # already 2000 in Prague
        (datetime(2100, 12, 31, 23, 30, tzinfo=UTC), True),  # already 2101 in Prague
        (datetime(1999, 12, 31, 23, 30), True),  # noqa: DTZ001 - a naive moment is read as is
    ],
)
def test_the_years_from_2000_to_2100_pass(day: date | None, refused: bool) -> None:
    with translation.override("en"):
        assert bool(years_error(day)) is refused
        if refused:
            with pytest.raises(ValidationError) as error:
                validate_years(day)
            assert error.value.code == "out_of_range"
        else:
            validate_years(day)


def test_an_end_before_its_start_is_refused_on_the_end_naming_the_start() -> None:
    order = ("start", "end")
    with translation.override("cs"):
        errors = date_errors({"start": date(2025, 6, 1), "end": date(2025, 5, 31)}, order=order)
    assert set(errors) == {"end"}
    assert "1. 6. 2025" in errors["end"]
    with translation.override("en"):
        assert date_errors({"start": date(2025, 6, 1), "end": date(2025, 6, 1)}, order=order) == {}
        assert date_errors({"start": date(2025, 6, 1), "end": None}, order=order) == {}
        # a year out of range is said once, not as an order problem too
        far = date_errors({"start": date(2025, 6, 1), "end": date(1, 1, 1)}, order=order)
        assert far == {"end": RANGE}
        both = date_errors({"start": date(1, 1, 1), "end": date(9999, 1, 1)}, order=order)
        assert both == {"start": RANGE, "end": RANGE}
