"""How values of real lists are read: amounts, dates, IČO, registration numbers, NUTS 3."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from aglomera.monitoring.importing import normalize
from aglomera.monitoring.importing.normalize import BadValue

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1234567.89", "1234567.89"),
        ("1234567,89", "1234567.89"),
        (f"1{NBSP}234{NBSP}567,89", "1234567.89"),
        ("1 234 567,89", "1234567.89"),
        ("1\u202f234,5", "1234.50"),
        ("1.234.567,89", "1234567.89"),
        ("1,234,567.89", "1234567.89"),
        ("1,234,567", "1234567.00"),
        ("1.234.567", "1234567.00"),
        ("1.36916176E7", "13691617.60"),
        ("1,5e3", "1500.00"),
        ("0,125", "0.13"),
        ("12 345 Kč", "12345.00"),
        ("", None),
        ("  ", None),
        (None, None),
        (176681518, "176681518.00"),
        (150179290.3, "150179290.30"),
        (Decimal("10.005"), "10.01"),
    ],
)
def test_it_reads_amounts_as_real_files_write_them(raw: Any, expected: str | None) -> None:
    # Given an amount cell as a managing authority writes it
    # When it is read
    # Then it is the amount in the programme currency, to the cent; a blank cell is unknown
    assert normalize.parse_amount(raw) == (None if expected is None else Decimal(expected))


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("12,500", "ambiguous"),
        ("1.234", "ambiguous"),
        ("abc", "not an amount"),
        ("1.2.3", "separators are misplaced"),
        ("1,23,4.5", "separators are misplaced"),
        ("1.234,5x", "not an amount"),
        ("-5", "must not be negative"),
        ("1e20", "too large"),
        (float("nan"), "not an amount"),
        (True, "not an amount"),
        ("1,2.3,4", "not an amount"),
        ("1..2", "not an amount"),
    ],
)
def test_it_refuses_amounts_it_cannot_read_unambiguously(raw: Any, message: str) -> None:
    # Given an amount that is not one, or could be read two ways
    # When it is read
    # Then the reason says why
    with pytest.raises(BadValue, match=message):
        normalize.parse_amount(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-05-31", date(2024, 5, 31)),
        ("2024-05-31 00:00:00", date(2024, 5, 31)),
        ("31.05.2024", date(2024, 5, 31)),
        ("31. 5. 2024", date(2024, 5, 31)),
        ("31.5.2024 10:00", date(2024, 5, 31)),
        ("13/06/2024", date(2024, 6, 13)),
        ("6/13/2024", date(2024, 6, 13)),
        ("06/06/2024", date(2024, 6, 6)),
        (datetime(2024, 5, 31, 12, 0), date(2024, 5, 31)),  # noqa: DTZ001 - as openpyxl reads it
        (date(2024, 5, 31), date(2024, 5, 31)),
        (45443, date(2024, 5, 31)),
        (45443.0, date(2024, 5, 31)),
        ("45443", date(2024, 5, 31)),
        ("", None),
        (None, None),
    ],
)
def test_it_reads_dates_in_several_formats(raw: Any, expected: date | None) -> None:
    # Given a date as Czech lists, ISO exports and Excel write it
    # When it is read
    # Then it is that day
    assert normalize.parse_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("05/06/2024", "ambiguous"),
        ("31.02.2024", "not a real date"),
        ("2024-13-01", "not a real date"),
        ("yesterday", "not a date"),
        (0, "not a date"),
        (True, "not a date"),
    ],
)
def test_it_refuses_dates_it_cannot_read_unambiguously(raw: Any, message: str) -> None:
    with pytest.raises(BadValue, match=message):
        normalize.parse_date(raw)


def test_it_puts_back_the_leading_zeros_of_an_ico() -> None:
    # Given IČO as a spreadsheet keeps them: numbers without their leading zeros
    # Then they are 8 digits again
    assert normalize.parse_ico(301825) == "00301825"
    assert normalize.parse_ico(301825.0) == "00301825"
    assert normalize.parse_ico(" 61989592 ") == "61989592"
    assert normalize.parse_ico(None) == ""
    with pytest.raises(BadValue, match="at most 8 digits"):
        normalize.parse_ico("123456789")
    with pytest.raises(BadValue, match="at most 8 digits"):
        normalize.parse_ico("CZ00301825")


@pytest.mark.parametrize(
    "number",
    [
        "CZ.06.02.01/00/22_012/0001234",
        "CZ.04.1.40/0.0/0.0/16_019/0000068",
        "CZ.11.5.125/0.0/0.0/15_007/0000015",
        " cz.06.02.01/00/22_012/0001234 ",
    ],
)
def test_it_accepts_czech_registration_numbers(number: str) -> None:
    assert normalize.parse_registration_number(number, "CZ").startswith("CZ.")


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("CZ.06.02.01/00/22_012/123", "is not a registration number"),
        ("06.02.01/00/22_012/0001234", "is not a registration number"),
        ("", "missing"),
    ],
)
def test_it_refuses_registration_numbers_in_a_wrong_format(number: str, message: str) -> None:
    with pytest.raises(BadValue, match=message):
        normalize.parse_registration_number(number, "CZ")


def test_it_knows_polish_registration_numbers() -> None:
    assert normalize.parse_registration_number("RPOP.03.01.00-16-0010/16", "PL")
    with pytest.raises(BadValue):
        normalize.parse_registration_number("CZ.06.02.01/00/22_012/0001234", "PL")


def test_it_reads_nuts3_codes_and_text() -> None:
    assert normalize.parse_nuts3(" cz071 ") == "CZ071"
    assert normalize.parse_nuts3("") == ""
    with pytest.raises(BadValue, match="NUTS 3"):
        normalize.parse_nuts3("Olomoucký kraj")
    assert normalize.clean_text(f"Projekt v{NBSP}plné  realizaci ") == "Projekt v plné realizaci"
    assert normalize.clean_text(6.0) == "6"
    assert normalize.clean_text(None) == ""
