"""Widgets shared by every form of the product.

`DateInput` is the one widget of every date field: `<input type=date>` accepts only
YYYY-MM-DD as its value (HTML, "valid date string"), whatever the page's language, so the value
is never formatted with the locale's display format (a Czech "01.01.2026" leaves it empty).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

DATE_VALUE_FORMAT = "%Y-%m-%d"


def input_date(value: Any) -> str:
    """The value an `<input type=date>` needs: ISO for a date, what was typed for a string."""
    if value is None:
        return ""
    if isinstance(value, date):
        # isoformat, not strftime: it keeps four digits for years before 1000 (0001-01-01).
        return value.isoformat()[:10]
    return str(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format=DATE_VALUE_FORMAT)

    def format_value(self, value: Any) -> str | None:
        text = input_date(value)
        return text or None


__all__ = ["DATE_VALUE_FORMAT", "DateInput", "input_date"]
