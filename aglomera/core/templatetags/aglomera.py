from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.formats import number_format

from aglomera.core import states, widgets

register = template.Library()


@register.filter
def input_date(value: Any) -> str:
    """The value of a hand-written `<input type=date>`: YYYY-MM-DD in every language."""
    return widgets.input_date(value)


@register.filter
def money(value: Decimal | None) -> str:
    """An amount with two decimals and locale-aware grouping; an em dash when unknown."""
    if value is None:
        return "—"
    return str(intcomma(number_format(value, 2, use_l10n=True, force_grouping=True)))


@register.filter
def quantity(value: Decimal | int | None) -> str:
    """A measured value without trailing zeros (12.500 -> 12,5), grouped by the locale."""
    if value is None:
        return "—"
    number = Decimal(value).normalize()
    exponent = number.as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return str(number_format(number, places, use_l10n=True, force_grouping=True))


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key)


@register.simple_tag(takes_context=True)
def has_perm(context: template.Context, perm: str, obj: Any) -> bool:
    user = context["request"].user
    return bool(user.has_perm(perm, obj))


@register.filter
def state_label(code: str, workflow: str) -> str:
    """A status code as its label in the reader's language: {{ code|state_label:"calls.call" }}.
    Pages never print a status code itself."""
    return states.state_label(workflow, str(code))
