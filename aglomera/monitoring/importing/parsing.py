"""Reading a list file into numbered rows; whole files that cannot be a list are refused.

The type is decided by the bytes, never by the name alone: an XLSX is a zip archive with
`xl/workbook.xml`; a CSV is text without NUL bytes that decodes in the layout's encoding. A PDF
named `.xlsx`, a workbook named `.csv`, binary garbage, an empty file, a wrong encoding, missing
or duplicate columns: each raises `FileRefused` with a message for the user, before anything is
written.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from aglomera.monitoring.importing.layouts import FIELDS, Layout, header_key

SNIFF_BYTES = 8192
DELIMITERS = (";", ",", "\t")


class FileRefused(Exception):  # noqa: N818 - reads as what happened to the file
    """The whole file is refused; nothing is written."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    headers: list[str]
    columns: dict[str, int]  # field -> index of its column
    rows: Iterator[tuple[int, list[Any]]]  # (row number as the user sees it, cells)
    rows_estimate: int


def detect_kind(path: Path, file_name: str) -> str:
    """`xlsx` or `csv`, decided by content and checked against the name's extension."""
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head.strip(b"\xef\xbb\xbf \t\r\n"):
        raise FileRefused(_("The file is empty."))
    suffix = Path(file_name).suffix.lower()
    if head.startswith(b"%PDF"):
        raise FileRefused(_("This is a PDF document, not a list of operations."))
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefused(
            _("This is an old Excel 97-2003 (.xls) file; save it as .xlsx or .csv and upload it.")
        )
    if head.startswith(b"PK\x03\x04"):
        if not _is_workbook(path):
            raise FileRefused(_("This is a zip archive, but not an Excel workbook (.xlsx)."))
        if suffix not in ("", ".xlsx", ".xlsm"):
            raise FileRefused(
                _("The file is named %(name)s, but it is an Excel workbook.") % {"name": file_name}
            )
        return "xlsx"
    if suffix in (".xlsx", ".xlsm", ".xls"):
        raise FileRefused(
            _("The file is named %(name)s, but it is not an Excel workbook.") % {"name": file_name}
        )
    if b"\x00" in head:
        raise FileRefused(_("This is a binary file, not a CSV list."))
    return "csv"


def _is_workbook(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def open_table(path: Path, file_name: str, layout: Layout) -> Table:
    kind = detect_kind(path, file_name)
    if kind == "xlsx":
        headers, rows, estimate = _xlsx_rows(path, layout)
    else:
        headers, rows, estimate = _csv_rows(path, layout)
    return Table(headers, resolve_columns(headers, layout), rows, estimate)


def read_headers(path: Path, file_name: str, layout: Layout) -> list[str]:
    """The file's non-empty headers, for the column-mapping step."""
    kind = detect_kind(path, file_name)
    reader = _xlsx_rows if kind == "xlsx" else _csv_rows
    headers, _rows, _estimate = reader(path, layout)
    return [h for h in headers if h]


def resolve_columns(headers: list[str], layout: Layout) -> dict[str, int]:
    """Field -> column index; refuses duplicate headers and missing required columns."""
    seen: dict[str, int] = {}
    duplicates: list[str] = []
    for index, header in enumerate(headers):
        key = header_key(header)
        if not key:
            continue
        if key in seen and header not in duplicates:
            duplicates.append(header)
        seen.setdefault(key, index)
    if duplicates:
        raise FileRefused(
            _("These columns appear more than once in the header (row %(row)s): %(names)s.")
            % {"row": layout.header_row, "names": ", ".join(duplicates)}
        )
    columns: dict[str, int] = {}
    missing: list[str] = []
    for name, accepted in layout.columns.items():
        found = next((seen[header_key(h)] for h in accepted if header_key(h) in seen), None)
        if found is not None:
            columns[name] = found
        elif name in layout.required:
            missing.append(f"“{accepted[0]}” ({FIELDS[name].label})")
    if missing:
        raise FileRefused(
            _("The header (row %(row)s) lacks these columns: %(names)s.")
            % {"row": layout.header_row, "names": "; ".join(missing)}
        )
    return columns


def _decode(data: bytes, layout: Layout) -> str:
    encoding = layout.encoding
    if encoding.replace("-", "").lower().startswith(("cp1250", "windows1250")):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if not data.isascii():
                raise FileRefused(
                    _(
                        "The file is in UTF-8, but this list is expected in %(encoding)s "
                        "(Windows-1250). Choose the right source or save the file in %(encoding)s."
                    )
                    % {"encoding": encoding}
                )
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FileRefused(
            _(
                "The file is not in the %(encoding)s encoding this list expects "
                "(the first bad byte is on line %(line)s)."
            )
            % {"encoding": encoding.removesuffix("-sig"), "line": line}
        ) from None
    except LookupError:
        raise FileRefused(_("Unknown encoding %(encoding)s.") % {"encoding": encoding}) from None


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(path: Path, layout: Layout) -> tuple[list[str], Iterator[tuple[int, list[Any]]], int]:
    text = _decode(path.read_bytes(), layout).removeprefix("\ufeff")
    if not text.strip():
        raise FileRefused(_("The file is empty."))
    lines = text.splitlines()
    header_line = lines[layout.header_row - 1] if len(lines) >= layout.header_row else ""
    delimiter = layout.delimiter or _sniff_delimiter(header_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: list[str] = []
    try:
        for _index in range(layout.header_row):
            headers = next(reader, [])
        for _index in range(layout.data_row - layout.header_row - 1):
            next(reader, None)
    except csv.Error as error:
        raise FileRefused(
            _("The file is not a readable CSV (line %(line)s): %(error)s")
            % {"line": reader.line_num, "error": error}
        ) from None
    estimate = max(len(lines) - layout.data_row + 1, 0)
    return [str(h).strip() for h in headers], _csv_records(reader), estimate


def _csv_records(reader: Any) -> Iterator[tuple[int, list[Any]]]:
    start = reader.line_num + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise FileRefused(
                _("The file is not a readable CSV (line %(line)s): %(error)s")
                % {"line": reader.line_num, "error": error}
            ) from None
        yield start, record
        start = reader.line_num + 1


def _xlsx_rows(
    path: Path, layout: Layout
) -> tuple[list[str], Iterator[tuple[int, list[Any]]], int]:
    # calamine (Rust) reads a sheet about ten times faster than openpyxl; it returns the cached
    # values of formulas, "" for empty cells, floats for numbers and dates as date/datetime.
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        # Absolute layout: row 1 is the sheet's first row even when it is empty.
        table = sheet.to_python(skip_empty_area=False)
    except Exception:  # calamine raises several kinds on a broken workbook
        raise FileRefused(_("The Excel workbook cannot be read; it may be damaged.")) from None
    headers = list(table[layout.header_row - 1]) if len(table) >= layout.header_row else []
    if not any(h not in (None, "") for h in headers) and layout.header_row == 1:
        raise FileRefused(_("The file is empty."))
    while headers and headers[-1] in (None, ""):
        headers.pop()
    first = layout.data_row
    records = ((number, row) for number, row in enumerate(table[first - 1 :], start=first))
    return (
        [str(h).strip() if h is not None else "" for h in headers],
        records,
        max(len(table) - first + 1, 0),
    )
