from __future__ import annotations

from django import template

from aglomera.strategy.funds import fund_abbreviation as _abbreviation

register = template.Library()


@register.filter
def fund_abbreviation(code: str) -> str:
    """{{ row.fund|fund_abbreviation }}: EFRR in Czech, ERDF in English."""
    return _abbreviation(code)
