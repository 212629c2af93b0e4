"""The dates a programming period allows: for calls, the period itself; for the projects it
funds, the eligibility of expenditure.

- 2021-2027: Regulation (EU) 2021/1060 (CPR), Art. 63(2): expenditure is eligible if incurred
  by a beneficiary and paid between 1 January 2021 and 31 December 2029.
- 2014-2020: Regulation (EU) No 1303/2013, Art. 65(2): between 1 January 2014 and
  31 December 2023.
- 2028-2034: no regulation adopted yet; the same "n+2" end as 2021-2027 is assumed
  (31 December 2036) until it is, so that a strategy for it can be prepared.

The messages name the allowed range in the reader's date format.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from aglomera.core.dates import show_date
from aglomera.strategy.models import Period


@dataclass(frozen=True)
class Window:
    """The first and last day allowed, both included."""

    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= _day(day) <= self.end

    def shown(self) -> dict[str, str]:
        return {"start": show(self.start), "end": show(self.end)}


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


show = show_date


def _years(period: str) -> tuple[int, int]:
    first, last = period.split("-")
    return int(first), int(last)


ELIGIBILITY_END: dict[str, date] = {
    Period.P2014: date(2023, 12, 31),
    Period.P2021: date(2029, 12, 31),
    Period.P2028: date(2036, 12, 31),
}


def programming_period(period: str) -> Window:
    """1 January of the first year to 31 December of the last (2021-2027: 2021-01-01..2027-12-31)."""
    first, last = _years(period)
    return Window(date(first, 1, 1), date(last, 12, 31))


def eligibility(period: str) -> Window:
    """When a project's expenditure may be incurred and paid (see the module's sources)."""
    first, last = _years(period)
    return Window(date(first, 1, 1), ELIGIBILITY_END.get(period, date(last + 2, 12, 31)))


def local_day(moment: datetime, zone: str) -> date:
    """The calendar day of a moment in the agglomeration's time zone."""
    return timezone.localtime(moment, ZoneInfo(zone)).date()


def call_window_errors(
    period: str, opens_at: datetime, closes_at: datetime, zone: str
) -> dict[str, str]:
    """A call opens and closes within its strategy's programming period."""
    window = programming_period(period)
    message = _(
        "A call of the %(period)s programming period opens and closes between %(start)s "
        "and %(end)s."
    )
    params = {"period": period.replace("-", "–"), **window.shown()}
    errors: dict[str, str] = {}
    if local_day(opens_at, zone) not in window:
        errors["opens_at"] = message % params
    if local_day(closes_at, zone) not in window:
        errors["closes_at"] = message % params
    return errors


def project_date_errors(period: str, start: date | None, end: date | None) -> dict[str, str]:
    """A project's dates lie within the eligibility of expenditure of its period."""
    window = eligibility(period)
    errors: dict[str, str] = {}
    if isinstance(start, date) and start < window.start:
        errors["start_date"] = _(
            "Expenditure is eligible from %(start)s (%(rule)s): the project cannot start earlier."
        ) % {"start": show(window.start), "rule": _rule(period)}
    if isinstance(end, date) and end > window.end:
        errors["end_date"] = _(
            "Expenditure is eligible until %(end)s (%(rule)s): the project must end by then."
        ) % {"end": show(window.end), "rule": _rule(period)}
    return errors


def report_period_error(period: str, end: date) -> str:
    """A project's progress is reported for a period that ends once its expenditure can be
    eligible ("" when it does)."""
    window = eligibility(period)
    if end >= window.start:
        return ""
    return _(
        "Expenditure is eligible from %(start)s (%(rule)s): a reported period cannot end earlier."
    ) % {"start": show(window.start), "rule": _rule(period)}


def limit_dates(form: Any, window: Window, fields: Iterable[str]) -> None:
    """Tell the browser's date picker the allowed range (the form and the action still check)."""
    for name in fields:
        form.fields[name].widget.attrs.update(
            {"min": window.start.isoformat(), "max": window.end.isoformat()}
        )


def _rule(period: str) -> str:
    if period == Period.P2014:
        return _("Regulation (EU) No 1303/2013, Article 65(2)")
    if period == Period.P2021:
        return _("Regulation (EU) 2021/1060, Article 63(2)")
    return _("the rules of the %(period)s programming period") % {
        "period": period.replace("-", "–")
    }


__all__ = [
    "ELIGIBILITY_END",
    "Window",
    "call_window_errors",
    "eligibility",
    "limit_dates",
    "local_day",
    "programming_period",
    "project_date_errors",
    "report_period_error",
    "show",
]
