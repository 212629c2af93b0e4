"""Open, machine-readable formats (CPR Art. 49(4)) of a list of rows: CSV, XLSX and JSON.

A list is a sequence of `Column`s and rows (dicts keyed by `Column.key`) holding plain values:
str, Decimal, date, datetime, int or None. Each writer formats them for its medium: CSV and JSON
carry ISO dates and amounts with a decimal point; XLSX keeps numbers and dates typed.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any


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


def plain(value: Any) -> str:
    """A value as text for CSV and JSON."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def to_csv(columns: Sequence[Column], rows: Sequence[Row]) -> bytes:
    """UTF-8, comma-separated, one header row, CRLF line ends (RFC 4180)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.header for column in columns])
    for row in rows:
        writer.writerow([plain(row.get(column.key)) for column in columns])
    return buffer.getvalue().encode("utf-8")


def _cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, (date, Decimal, int, float)):
        return value
    return str(value)


def to_xlsx(columns: Sequence[Column], rows: Sequence[Row], *, title: str) -> bytes:
    """One worksheet with a bold, frozen header row and an auto filter."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([column.header for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(row.get(column.key)) for column in columns])
    for index, column in enumerate(columns, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = min(60, max(12, len(column.header) // 2))
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, Decimal):
                cell.number_format = "#,##0.00"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
