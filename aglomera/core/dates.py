"""Calendar arithmetic shared by the apps, and the years a date of ours may have.

A date a person types (a report's period, an approval, a meeting) lies between 1 January 2000
and 31 December 2100 unless a narrower rule applies (a programming period, the eligibility of
expenditure: aglomera/strategy/eligibility.py). That catches the typed "0202" or "20226" before
it is stored or reaches a calculation. Forms check it with `validate_years` and actions with
`date_errors`; the messages name the range in the reader's date format.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

EARLIEST = date(2000, 1, 1)  # programming periods from 2000 on
LATEST = date(2100, 12, 31)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day
    (31 January + 1 month = 28 or 29 February; 29 February + 24 months = 28 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def show_date(day: date) -> str:
    """A day in the reader's short date format, for messages (never ISO on a Czech page)."""
    return str(formats.date_format(day, "SHORT_DATE_FORMAT"))


def _day(value: date) -> date:
    """The calendar day of a date, or of a moment in the current time zone."""
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def years_error(value: date | None) -> str:
    """Why a day is refused ("" when it lies from 2000 to 2100, or is missing)."""
    if value is None or EARLIEST <= _day(value) <= LATEST:
        return ""
    return _("Enter a date between %(start)s and %(end)s.") % {
        "start": show_date(EARLIEST),
        "end": show_date(LATEST),
    }


def validate_years(value: date | None) -> None:
    """A form field's validator: the day lies from 2000 to 2100."""
    message = years_error(value)
    if message:
        raise ValidationError(message, code="out_of_range")


def date_errors(
    values: Mapping[str, date | None], *, order: tuple[str, str] | None = None
) -> dict[str, str]:
    """Field -> why its day is refused: outside 2000..2100, or (`order`: the start and end
    fields) an end before the start."""
    errors = {name: message for name, value in values.items() if (message := years_error(value))}
    if order is not None:
        start, end = values.get(order[0]), values.get(order[1])
        if start is None or end is None or order[1] in errors:
            return errors
        if _day(end) < _day(start):
            errors[order[1]] = _(
                "The end cannot be before the start: enter %(start)s or a later day."
            ) % {"start": show_date(_day(start))}
    return errors
