from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from aglomera.core import states, widgets
from aglomera.core.i18n import I18nText, Localized
from aglomera.core.zones import zone_name

register = template.Library()


@register.filter(name="zone_name")
def zone_name_filter(zone: str) -> str:
    """An agglomeration's time zone in the reader's words ("Prague time"), not its IANA id."""
    return zone_name(zone)


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


def _foreign_language(value: Any, language: str) -> str:
    """The language `value` is in when it is not the page's, else "". An `I18nText` or a
    `Localized` text knows its language; any other text is in `language` (the original
    language of names that are never translated: municipalities, organisations, people)."""
    if value is None:
        return ""
    if isinstance(value, I18nText):
        value = value.pick()
    if isinstance(value, Localized):
        language = value.language
    language = language.split("-")[0]
    page = (get_language() or "").split("-")[0]
    if not str(value) or not language or language == page:
        return ""
    return language


@register.filter
def lang_attr(value: Any, language: str = "") -> SafeString:
    """` lang="cs"` for an element showing `value` when it is not in the page's language:
    `<h1{{ call.name|lang_attr }}>`, `<td{{ org.name|lang_attr:request.portal.language }}>`."""
    code = _foreign_language(value, language)
    return format_html(' lang="{}"', code) if code else SafeString("")


@register.filter
def in_lang(value: Any, language: str = "") -> SafeString:
    """`value` escaped, inside `<span lang="cs">` when it is not in the page's language."""
    if value is None:
        return SafeString("")
    code = _foreign_language(value, language)
    text = value.pick() if isinstance(value, I18nText) else value
    if code:
        return format_html('<span lang="{}">{}</span>', code, text)
    return SafeString(conditional_escape(text))
