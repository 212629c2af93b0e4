"""Dates of the cooperation's history as precisely as the sources give them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import get_language

from aglomera.core.templatetags.aglomera import quantity

register = template.Library()


@register.filter
def partial_date(
    value: date | None, precision: str = "day", style: str = "SHORT_DATE_FORMAT"
) -> str:
    """A day in the numeric date format of the staff pages (cs "6. 12. 2026", pl "06.12.2026",
    en "2026-12-06"), a month-only date as "September 2016", a year-only date as "2017"; an em
    dash when unknown. Never a made-up day. Prose for the public (news) passes
    style="DATE_FORMAT" for the long form ("15. srpna 2021", "15 August 2021")."""
    if value is None:
        return "—"
    if precision == "year":
        return str(value.year)
    if precision == "month":
        month = str(formats.date_format(value, "YEAR_MONTH_FORMAT"))
        # Czech and Polish write month names in lower case ("wrzesień 2016"); Django's Polish
        # month names are capitalised.
        return month[:1].lower() + month[1:] if get_language() in {"cs", "pl"} else month
    return str(formats.date_format(value, style))


@register.filter
def date_tag(value: date | None, precision: str = "day") -> str:
    """`partial_date` in a <time> that does not wrap inside the date (a range wraps only at its
    dash), with the machine-readable date to its precision."""
    if value is None:
        return "—"
    iso = {"year": "%Y", "month": "%Y-%m"}.get(precision, "%Y-%m-%d")
    return format_html(
        '<time class="date" datetime="{}">{}</time>',
        value.strftime(iso),
        partial_date(value, precision),
    )


@register.filter
def rate_percent(value: Decimal) -> str:
    """A rate stored as a fraction (0.85) in percent for people ("85")."""
    return quantity(value * 100)
