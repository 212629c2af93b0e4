"""Values as managing authorities write them, turned into ours, or a clear reason why not.

Every function takes the raw cell (a string from a CSV, or whatever calamine read: str, int,
float, datetime, None) and returns the clean value or raises `BadValue` with a message that
the row report shows next to the row number and the column. A value quoted in a message is cut
to `SHOWN_LENGTH` characters and stripped of control characters (a cell may hold megabytes, and
the report is stored as JSON, which PostgreSQL refuses with a NUL in it).
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from aglomera.monitoring import texts

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# money_field: 16 digits, 2 of them decimal places.
MAX_AMOUNT = Decimal("100000000000000")

# Spaces of every kind used as thousands separators (real Czech files use NBSP).
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f']+")
_CURRENCY = re.compile(r"(?i)(kč|czk|pln|zł|eur|€)$")
_PLAIN = re.compile(r"[+-]?\d+(?:\.\d+)?")
_SIMPLE = re.compile(r"\d{1,13}(?:\.\d{1,2})?")  # 1234567 or 1234567.8(9): no doubt possible
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:X\d{3})+")

# Registration numbers at Czech managing authorities (MS2021+ and MS2014+). Real MS2014+ lists
# also have a 3-digit third part (Interreg: CZ.11.5.125/0.0/0.0/15_007/0000015) and X for
# "not applicable" (OP 30: CZ.30.X.0/0.0/0.0/15_002/0000002).
REGISTRATION_NUMBER_CZ_2021 = re.compile(r"CZ\.\d{2}\.\d{2}\.\d{2}/\d{2}/\d{2}_\d{3}/\d{7}")
REGISTRATION_NUMBER_CZ_2014 = re.compile(
    r"CZ\.\d{1,2}\.[\dX]{1,2}\.[\dX]{1,3}/\d\.\d/\d\.\d/\d{2}_\d{3}/\d{7}"
)
REGISTRATION_NUMBER_CZ = (REGISTRATION_NUMBER_CZ_2021, REGISTRATION_NUMBER_CZ_2014)
# Polish 2014-2020 programmes: the regional ones (RPO + region, e.g. RPOP.03.01.00-16-0010/16)
# and the national POIS, POIR, POWR, POPW, POPC; the 2021-2027 ones are named FE... (FEOP).
_PL_2014_PROGRAMME = re.compile(r"(RPO[A-Z]{2}|POIS|POIR|POWR|POPW|POPC)\.")
REGISTRATION_NUMBER_PL = (
    re.compile(r"[A-Z]{4,6}\.\d{2}\.\d{2}(?:\.\d{2})?-(?:[A-Z]{2}\.\d{2}|\d{2})-\d{4}/\d{2}"),
)
REGISTRATION_EXAMPLES = {
    "CZ": "CZ.06.02.01/00/22_012/0001234, CZ.04.1.40/0.0/0.0/16_019/0000068",
    "PL": "FEOP.02.01-IZ.00-0001/23, RPOP.03.01.00-16-0010/16",
}

# Excel's day 0 in the 1900 date system (with its 29 Feb 1900 bug, serials from 61 on).
_EXCEL_EPOCH = date(1899, 12, 30)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DOTTED = re.compile(r"(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_SERIAL = re.compile(r"\d{5}(?:\.0+)?")


# Characters no text of ours may carry (aglomera.core.text): every character XML 1.0 cannot hold,
# so the C0 control characters other than tab, line feed and carriage return (which clean_text
# turns into spaces), and DEL. PostgreSQL cannot store NUL at all, and the XLSX and DOCX reports
# cannot hold any of them.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
SHOWN_LENGTH = 80


class BadValue(ValueError):  # noqa: N818 - reads as what the cell holds
    """The cell cannot be read: why, as a code of aglomera/monitoring/texts.py with its
    parameters (the row report stores them); `str()` is the sentence in the active language."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)  # pickled as (code,) and its __dict__, params included
        self.code = code
        self.params = params

    def __str__(self) -> str:
        return texts.row_text(self.code, self.params)


def shown(value: Any) -> str:
    """A value as a message quotes it: at most SHOWN_LENGTH characters, nothing unprintable."""
    text = _UNPRINTABLE.sub("\ufffd", str(value))
    return text if len(text) <= SHOWN_LENGTH else f"{text[: SHOWN_LENGTH - 1]}…"


def clean_text(value: Any) -> str:
    """Text with non-breaking spaces made ordinary and the ends trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())  # str.split() also splits at NBSP


def _from_number(value: int | float) -> Decimal:
    if isinstance(value, float):
        if not math.isfinite(value):
            raise BadValue(texts.NOT_AMOUNT)
        return Decimal(repr(value))
    return Decimal(value)


def _from_text(text: str) -> Decimal:
    text = _CURRENCY.sub("", _SPACES.sub("", text))
    if _SCIENTIFIC.fullmatch(text):
        return Decimal(text.replace(",", "."))
    if _PLAIN.fullmatch(text):
        return _unambiguous(text, ".")
    if "," in text and "." not in text:
        if text.count(",") == 1:
            return _unambiguous(text.replace(",", "."), ",")
        return _grouped(text, ",", "")
    if "," in text and "." in text:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        whole, _mark, fraction = text.rpartition(decimal_mark)
        if not fraction.isdigit():
            raise BadValue(texts.NOT_AMOUNT)
        return _grouped(whole, thousands, fraction)
    if text.count(".") > 1:
        return _grouped(text, ".", "")
    raise BadValue(texts.NOT_AMOUNT)


def _unambiguous(text: str, mark: str) -> Decimal:
    """`1.234` or `1,234` may be a thousand or one: refused rather than guessed."""
    whole, _dot, fraction = text.lstrip("+-").partition(".")
    if len(fraction) == 3 and 1 <= len(whole) <= 3 and not whole.startswith("0"):
        raise BadValue(texts.AMBIGUOUS_AMOUNT, value=shown(text.replace(".", mark)), mark=mark)
    if not _PLAIN.fullmatch(text):
        raise BadValue(texts.NOT_AMOUNT)
    return Decimal(text)


def _grouped(whole: str, thousands: str, fraction: str) -> Decimal:
    if not _GROUPED.fullmatch(whole.replace(thousands, "X")):
        raise BadValue(texts.MISPLACED_SEPARATORS)
    return Decimal(whole.replace(thousands, "") + ("." + fraction if fraction else ""))


def parse_amount(value: Any) -> Decimal | None:
    """An amount in the list's currency, rounded half-up to the cent; a blank cell is unknown
    (None), never zero.

    Accepts `1234567.89`, `1 234 567,89` (spaces or NBSP as thousands separators),
    `1.234.567,89`, `1,234,567.89` and `1.36916176E7`. A lone separator followed by exactly
    three digits (`1.234`) is ambiguous and refused.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str) and _SIMPLE.fullmatch(value):  # the common case, fast
        return Decimal(value).quantize(CENT)
    if isinstance(value, bool):
        raise BadValue(texts.NOT_AMOUNT)
    try:
        if isinstance(value, int | float | Decimal):
            amount = value if isinstance(value, Decimal) else _from_number(value)
        else:
            amount = _from_text(str(value).strip())
        amount = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise BadValue(texts.NOT_AMOUNT) from None
    if amount < 0:
        raise BadValue(texts.NEGATIVE)
    if amount >= MAX_AMOUNT:
        raise BadValue(texts.AMOUNT_TOO_LARGE)
    return amount


def _make_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise BadValue(texts.UNREAL_DATE, value=f"{day}. {month}. {year}") from None


def _from_serial(serial: float) -> date:
    if not 1 <= serial < 2958466:
        raise BadValue(texts.NOT_DATE)
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def parse_date(value: Any) -> date | None:
    """A date from `2024-05-31`, `31.05.2024`, `31. 5. 2024`, an Excel date or serial number.

    `05/06/2024` is refused as ambiguous (5 June or 6 May?) unless one part is above 12.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise BadValue(texts.NOT_DATE)
    if isinstance(value, int | float):
        return _from_serial(float(value))
    return _date_from_text(str(value).strip())


def _date_from_text(text: str) -> date:
    if match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DOTTED.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _SLASHED.fullmatch(text):
        first, second, year = (int(part) for part in match.groups())
        if first != second and first <= 12 and second <= 12:
            raise BadValue(texts.AMBIGUOUS_DATE, value=shown(text))
        day, month = (second, first) if second > 12 else (first, second)
    elif _SERIAL.fullmatch(text):
        return _from_serial(float(text))
    else:
        raise BadValue(texts.NOT_DATE_TEXT, value=shown(text))
    return _make_date(year, month, day)


def parse_ico(value: Any) -> str:
    """A Czech IČO with the leading zeros a spreadsheet dropped put back (zfill 8)."""
    text = clean_text(value).replace(" ", "")
    if not text:
        return ""
    if not text.isdigit() or len(text) > 8:
        raise BadValue(texts.BAD_ICO, value=shown(text))
    return text.zfill(8)


def normalize_registration_number(value: Any) -> str:
    return "".join(clean_text(value).split()).upper()


def parse_registration_number(value: Any, country: str) -> str:
    """The number in its normal form; BadValue unless it has a format of the country."""
    number = normalize_registration_number(value)
    if not number:
        raise BadValue(texts.NUMBER_MISSING)
    patterns = REGISTRATION_NUMBER_CZ if country == "CZ" else REGISTRATION_NUMBER_PL
    if any(pattern.fullmatch(number) for pattern in patterns):
        return number
    raise BadValue(texts.NOT_REGISTRATION_NUMBER, value=shown(number), country=country)


def is_2014_2020_number(number: str) -> bool:
    """Whether a registration number in its normal form is of a 2014-2020 operation."""
    return bool(REGISTRATION_NUMBER_CZ_2014.fullmatch(number) or _PL_2014_PROGRAMME.match(number))


def parse_nuts3(value: Any) -> str:
    text = clean_text(value).replace(" ", "").upper()
    if text and not re.fullmatch(r"[A-Z]{2}[0-9A-Z]{3}", text):
        raise BadValue(texts.NOT_NUTS3, value=shown(text))
    return text
