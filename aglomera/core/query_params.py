"""Ids, numbers and dates read from the query string, never trusted.

A query parameter is whatever was typed into the address bar: `?programme=9223372036854775808`
(past the database's 64-bit integers, which SQLite refuses with OverflowError in a join), `²`
(a digit to `str.isdigit`, not to `int`), `1e5`, a NUL byte, a megabyte of text, `2024-13-45`.
Views read them through `IdField` (in a filter form), `query_int` and `query_date`, which accept
a plain integer in range or a real date in range and give None for anything else: the view then
ignores the filter, reports it on the form (422), or answers that nothing was found (404). Never
a server error, on SQLite or PostgreSQL.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy

from aglomera.core.dates import EARLIEST, LATEST

MAX_ID = 2**63 - 1  # the largest 64-bit database integer (a BigAutoField's range)
MAX_LENGTH = 32  # no number or ISO date of ours is longer; anything longer is refused unread


class IdField(forms.IntegerField):
    """The id of something listed in a filter: an integer from 1 to the database's maximum.
    Anything else is "not one of the listed options" (a number out of range means nothing to
    the person who followed a broken link)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        message = gettext_lazy("Choose one of the listed options.")
        kwargs["error_messages"] = {
            "invalid": message,
            "min_value": message,
            "max_value": message,
            **kwargs.get("error_messages", {}),
        }
        super().__init__(**kwargs)


def query_int(
    params: QueryDict, name: str, *, min_value: int = 1, max_value: int = MAX_ID
) -> int | None:
    """`params[name]` as an integer in [min_value, max_value], else None (missing or malformed)."""
    raw = params.get(name, "")
    if not raw or len(raw) > MAX_LENGTH:
        return None
    field = forms.IntegerField(min_value=min_value, max_value=max_value)
    try:
        value: int = field.clean(raw)
    except ValidationError:
        return None
    return value


def query_date(
    params: QueryDict, name: str, *, earliest: date = EARLIEST, latest: date = LATEST
) -> date | None:
    """`params[name]` as an ISO date (YYYY-MM-DD) from `earliest` to `latest`, else None."""
    raw = params.get(name, "")
    if not raw or len(raw) > MAX_LENGTH:
        return None
    try:
        value = parse_date(raw.strip())
    except ValueError:  # well-formed but impossible, e.g. 2024-13-45
        return None
    if value is None or not earliest <= value <= latest:
        return None
    return value
