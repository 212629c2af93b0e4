"""Dates as precise as the sources give them, in the reader's language."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import translation

from aglomera.cooperation.templatetags.cooperation import date_tag, partial_date, rate_percent


def test_a_date_is_shown_to_its_precision() -> None:
    day = date(2016, 9, 1)
    with translation.override("en"):
        assert partial_date(day, "day") == "2016-09-01"
        assert partial_date(day, "month") == "September 2016"
        assert partial_date(date(2017, 1, 1), "year") == "2017"
        assert partial_date(None, "month") == "—"


def test_a_month_only_date_in_czech_and_polish_names_the_month() -> None:
    with translation.override("cs"):
        assert partial_date(date(2016, 9, 1), "month") == "září 2016"
    with translation.override("pl"):
        assert partial_date(date(2016, 9, 1), "month") == "wrzesień 2016"  # lower case


def test_a_day_in_czech_and_polish_is_numeric() -> None:
    day = date(2026, 12, 6)
    with translation.override("cs"):
        assert partial_date(day, "day") == "6. 12. 2026"
    with translation.override("pl"):
        assert partial_date(day, "day") == "06.12.2026"


def test_a_date_tag_keeps_the_date_on_one_line_with_its_precision() -> None:
    with translation.override("cs"):
        assert date_tag(date(2026, 12, 6)) == (
            '<time class="date" datetime="2026-12-06">6. 12. 2026</time>'
        )
        assert date_tag(date(2016, 9, 1), "month") == (
            '<time class="date" datetime="2016-09">září 2016</time>'
        )
        assert date_tag(date(2017, 1, 1), "year") == (
            '<time class="date" datetime="2017">2017</time>'
        )
        assert date_tag(None) == "—"


def test_a_rate_in_percent() -> None:
    with translation.override("en"):
        assert rate_percent(Decimal("0.8500")) == "85"
        assert rate_percent(Decimal("0.855")) == "85.5"
