"""The building blocks of the fulfilment report's content: a table with its notes, the chart,
and how the report writes numbers, money and days (Django's l10n in the active language)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils import formats

UNKNOWN = "—"  # an amount nobody reported (never written as 0)


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[str]]
    widths: tuple[int, ...]
    empty: str
    numeric_from: int = 99  # columns from this index on are right-aligned numbers
    notes: list[str] = field(default_factory=list)  # said under the table (basis, unknowns)
    numeric_to: int = 99  # ... up to this index (exclusive)


@dataclass
class Chart:
    title: str
    series: list[str]
    currency: str
    bars: list[tuple[str, list[Decimal]]]
    note: str


def format_money(value: Decimal) -> str:
    """An amount as the report writes it (in the active language)."""
    return formats.number_format(value, 2, use_l10n=True, force_grouping=True)


def money_or_unknown(value: Decimal | None) -> str:
    return UNKNOWN if value is None else format_money(value)


def format_number(value: Decimal | None) -> str:
    if value is None:
        return UNKNOWN
    return formats.number_format(value.normalize(), use_l10n=True, force_grouping=True)


def format_day(value: date | datetime) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")
