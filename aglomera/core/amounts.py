"""Amounts as people type and read them in their language (Czech and Polish "9 200 000,00",
English "9,200,000.00"): one parser for typed input and one formatter for every message and
input value, so what the product shows can be typed back.

(Cells of imported spreadsheets have their own reader, monitoring.importing.normalize: a file
is not in the reader's language.)
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import get_language

from aglomera.core.money import MONEY_PLACES

# Thousands separators people type or copy from a page: space, no-break space (what the product
# shows), narrow no-break space (what Czech typography and some spreadsheets use), thin space.
_SPACES = ("\u00a0", "\u202f", "\u2009")
_DIGITS = re.compile(r"\d+")
EXAMPLE = Decimal("1250000.50")


def uses_decimal_comma(language: str | None = None) -> bool:
    """Czech and Polish write 1 250 000,50; English 1,250,000.50."""
    return not (language or get_language() or "").startswith("en")


def _grouped(integer: str, separators: str) -> str | None:
    """The digits of an integer part written without separators or grouped by three with one
    of `separators` used throughout (1 250 000, 1.250.000); None when it is neither."""
    if _DIGITS.fullmatch(integer):
        return integer
    used = {ch for ch in integer if not ch.isdigit()}
    if len(used) != 1 or not used <= set(separators):
        return None
    (separator,) = used
    first, *rest = integer.split(separator)
    if not (first.isdigit() and len(first) <= 3 and first.isascii()):
        return None
    if not all(len(group) == 3 and _DIGITS.fullmatch(group) for group in rest):
        return None
    return first + "".join(rest)


def _split(text: str, comma: bool) -> tuple[str, str, str] | None:
    """(integer part, fraction, separators allowed in the integer part), or None."""
    if comma:
        if "," in text:
            integer, _sep, fraction = text.rpartition(",")
            return None if "," in integer else (integer, fraction, " .")
        if text.count(".") == 1:
            integer, fraction = text.split(".")
            # "1.250" reads 1250 to some and 1.25 to others: refused rather than guessed
            return None if len(fraction) == 3 else (integer, fraction, " ")
        return text, "", " ."
    if "." in text:
        integer, _sep, fraction = text.rpartition(".")
        return None if "." in integer else (integer, fraction, " ,")
    return text, "", " ,"


def parse_amount(raw: object, language: str | None = None) -> Decimal | None:
    """A number typed in the language's format; None when empty; ValueError when unreadable.

    cs, pl: "9 200 000,00", "9200000,5", "9200000.50" (a point before one or two digits is
    unambiguous), "9.200.000,00"; en: "9,200,000.00", "9 200 000.00", "9200000.5".
    """
    text = str(raw if raw is not None else "").strip()
    for space in _SPACES:
        text = text.replace(space, " ")
    if not text:
        return None
    negative = text[0] in "-\u2212"
    if negative:
        text = text[1:].strip()
    parts = _split(text, uses_decimal_comma(language))
    if parts is None:
        raise ValueError(raw)
    integer, fraction, separators = parts
    digits = _grouped(integer, separators) if integer else ("0" if fraction else None)
    if digits is None or (fraction and not (_DIGITS.fullmatch(fraction) and fraction.isascii())):
        raise ValueError(raw)
    if not digits.isascii():
        raise ValueError(raw)
    try:
        value = Decimal(f"{'-' if negative else ''}{digits}{'.' if fraction else ''}{fraction}")
    except InvalidOperation as exc:  # pragma: no cover - the text is digits only by now
        raise ValueError(raw) from exc
    return value


def parse_amount_leniently(raw: object) -> Decimal | None:
    """`parse_amount` in the active language, else in the other convention when that reads it
    (an action also serves callers without a language: commands, imports, other pages)."""
    try:
        return parse_amount(raw)
    except ValueError:
        return parse_amount(raw, "en" if uses_decimal_comma() else "cs")


def format_amount(value: Decimal | int | None, places: int = MONEY_PLACES) -> str:
    """An amount as the product shows it in the active language (grouped, local separators)."""
    if value is None:
        return ""
    return str(number_format(Decimal(value), places, use_l10n=True, force_grouping=True))


def quantity_places(value: Decimal | int) -> int:
    """The decimal places `value` needs: none for 1000.000, one for 1000.500."""
    exponent = Decimal(value).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def format_quantity(value: Decimal | int | None) -> str:
    """A quantity (an indicator's value) as shown in the active language: grouped, local
    separators, no trailing zeros ("1 000 000 000", "1 000,5")."""
    if value is None:
        return ""
    places = quantity_places(value)
    return format_amount(Decimal(value).quantize(Decimal(1).scaleb(-places)), places)


__all__ = [
    "EXAMPLE",
    "format_amount",
    "format_quantity",
    "parse_amount",
    "parse_amount_leniently",
    "uses_decimal_comma",
]
