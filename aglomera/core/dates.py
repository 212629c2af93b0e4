"""Calendar arithmetic shared by the apps."""

from __future__ import annotations

import calendar
from datetime import date

from django.utils import formats


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day
    (31 January + 1 month = 28 or 29 February; 29 February + 24 months = 28 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def show_date(day: date) -> str:
    """A day in the reader's short date format, for messages (never ISO on a Czech page)."""
    return str(formats.date_format(day, "SHORT_DATE_FORMAT"))
