"""The one writer of the tables the product hands out: CSV, XLSX and JSON.

Every CSV and XLSX file the product writes (the Art. 49(3) list of operations, the calls
calendar, the early-warning and dashboard downloads, any later export) is written here, and
`tests/test_architecture.py` fails if another module of `aglomera/` calls `csv.writer` or creates
an openpyxl `Workbook`. Names and texts in these tables come from other people (imported lists,
applicants' forms), and a spreadsheet program runs a cell such as `=HYPERLINK(...)` or
`=cmd|' /C calc'!A0` as a formula (CSV or formula injection, OWASP). So:

- CSV: every cell is quoted and embedded quotes are doubled, so that a separator or a quote
  inside a text cannot start a new cell; a text that starts with `=`, `+`, `-`, `@`, a tab, a
  carriage return or a line feed gets a leading apostrophe `'`, which spreadsheet programs take
  as "this is text" (OWASP's advice). Typed values (Decimal, int, float, date, datetime) are
  written as they are: a negative amount stays `-1500.00`. Only text is neutralised.
- XLSX: text is always stored as a text cell, never as a formula or an error value, whatever it
  starts with; a text that starts with a formula character also carries Excel's "quote prefix"
  so that editing the cell keeps it text. Numbers and dates are typed cells. Characters that an
  XLSX file cannot hold (control characters other than tab and line ends) are replaced by
  U+FFFD, and a text is cut at Excel's limit of 32,767 characters. A moment with a time zone
  is written in local time (Excel has no time zones).
- JSON: every value as text, verbatim (no spreadsheet evaluates JSON; programs read it).

A table is either rows of cells (`csv_bytes`, `csv_response`, `xlsx_bytes`) or `Column`s with
rows keyed by `Column.key` (`to_csv`, `to_xlsx`, `to_json`, used by the published lists).
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

# OWASP, "CSV Injection": cells must not start with these.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
# What openpyxl refuses (it raises IllegalCharacterError): C0 controls but tab, LF and CR.
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
XLSX_MAX_TEXT = 32767
SHEET_TITLE_MAX = 31


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    reference: str = ""

    @property
    def header(self) -> str:
        """The column header: English, with the legal reference (e.g. "Fund [Art. 49(3)(i)]")."""
        return f"{self.title} [{self.reference}]" if self.reference else self.title


Row = Mapping[str, Any]


def _is_number(value: Any) -> bool:
    return isinstance(value, (Decimal, int, float)) and not isinstance(value, bool)


def _is_finite(value: Decimal | int | float) -> bool:
    if isinstance(value, Decimal):
        return value.is_finite()
    return math.isfinite(value)


def plain(value: Any) -> str:
    """A value as text for CSV and JSON: ISO dates, amounts with a decimal point."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def neutralise(text: str) -> str:
    """A text that a spreadsheet program would take for a formula, prefixed with `'`."""
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def csv_cell(value: Any) -> str:
    """One CSV cell: numbers and dates as they are, any text neutralised."""
    if (_is_number(value) and _is_finite(value)) or isinstance(value, date):
        return plain(value)
    return neutralise(plain(value))


def csv_bytes(rows: Iterable[Sequence[Any]], *, bom: bool = False) -> bytes:
    """UTF-8, comma-separated, every cell quoted, CRLF line ends (RFC 4180).

    `bom` starts the file with a byte-order mark, so that Excel reads Czech and Polish letters.
    """
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def csv_response(rows: Iterable[Sequence[Any]], *, filename: str) -> HttpResponse:
    """A CSV download (with a byte-order mark for Excel); the first row is the header."""
    return HttpResponse(
        csv_bytes(rows, bom=True),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def to_csv(columns: Sequence[Column], rows: Sequence[Row]) -> bytes:
    """One header row, then one row per dict (no byte-order mark: a published open format)."""
    return csv_bytes(
        [
            [column.header for column in columns],
            *([row.get(column.key) for column in columns] for row in rows),
        ]
    )


def _xlsx_text(value: Any) -> str:
    return XLSX_ILLEGAL.sub("\ufffd", str(value))[:XLSX_MAX_TEXT]


def _write_xlsx_cell(cell: Any, value: Any) -> None:
    """Numbers and dates typed; everything else a text cell, never a formula."""
    if value is None:
        return
    if isinstance(value, datetime):
        # Excel has no time zones: an aware moment is written in local time (TIME_ZONE).
        cell.value = timezone.localtime(value).replace(tzinfo=None) if value.tzinfo else value
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
    elif _is_number(value) and _is_finite(value):
        cell.value = value
        if isinstance(value, Decimal):
            cell.number_format = "#,##0.00"
    else:
        text = _xlsx_text(value)
        cell.value = text  # openpyxl marks a text starting with "=" as a formula ...
        cell.data_type = "s"  # ... and this makes it a text cell again, whatever it starts with
        if text.startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True  # Excel keeps it text even when the cell is edited


def xlsx_bytes(rows: Iterable[Sequence[Any]], *, title: str) -> bytes:
    """One worksheet; the first row is a bold, frozen header with an auto filter."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = title[:SHEET_TITLE_MAX]
    header_width: dict[int, int] = {}
    for row_number, values in enumerate(rows, start=1):
        for column_number, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_number, column=column_number)
            _write_xlsx_cell(cell, value)
            if row_number == 1:
                cell.font = Font(bold=True)
                header_width[column_number] = len(str(value or ""))
    for column_number, width in header_width.items():
        letter = get_column_letter(column_number)
        sheet.column_dimensions[letter].width = min(60, max(12, width // 2))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_xlsx(columns: Sequence[Column], rows: Sequence[Row], *, title: str) -> bytes:
    """One worksheet with the column headers, then one row per dict."""
    return xlsx_bytes(
        [
            [column.header for column in columns],
            *([row.get(column.key) for column in columns] for row in rows),
        ],
        title=title,
    )


def to_json(
    columns: Sequence[Column], rows: Sequence[Row], *, meta: Mapping[str, Any], key: str
) -> bytes:
    """{...meta, "columns": [{key, header, reference}], key: [{column key: text}]}."""
    document: dict[str, Any] = {
        **{name: plain(value) for name, value in meta.items()},
        "columns": [
            {"key": column.key, "header": column.header, "reference": column.reference}
            for column in columns
        ],
        key: [{column.key: plain(row.get(column.key)) for column in columns} for row in rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
