"""Reading a list file into numbered rows; whole files that cannot be a list are refused.

The type is decided by the bytes, never by the name alone: an XLSX is a zip archive with
`xl/workbook.xml`; an ODS (LibreOffice) a zip archive whose `mimetype` entry says
`application/vnd.oasis.opendocument.spreadsheet`; an XLS (Excel 97-2003) an OLE2 compound file;
a CSV is text without NUL bytes that decodes in the layout's encoding. A PDF named `.xlsx`, a
workbook named `.csv`, binary garbage, an empty file, a wrong encoding, missing or duplicate
columns: each raises `FileRefused` with a message for the user, before anything is written.

Hostile files are refused before anything is allocated per cell. The workbook reader (calamine)
builds the first sheet as one dense block from A1 to its last cell, so a 5 KB workbook with a
header and one cell at XFD1048576 would ask for 17 billion cells (about 550 GB) and abort the
process. `_check_workbook` therefore opens the zip within bounds (`aglomera.core.safe_zip`: entry
count, declared and actual unpacked size, compression ratio), finds the first sheet as calamine
does (xl/workbook.xml and its relationships) and streams that sheet's XML once to find the last
row and column any cell occupies, its declared `<dimension>` included; more than
IMPORT_MAX_COLUMNS columns or IMPORT_MAX_CELLS cells (rows x columns from A1) is refused. ODS
and XLS files are measured the same way before calamine opens them (`importing/ods.py`,
`importing/xls.py`: calamine builds every sheet of those when it opens the file). CSV files are
held to the same two limits while they are read.
"""

from __future__ import annotations

import codecs
import csv
import re
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

from django.conf import settings

from aglomera.core.safe_xml import XmlRefusedError, parse_xml
from aglomera.core.safe_zip import TOO_MUCH, SafeZip, ZipLimits, ZipRefusedError
from aglomera.core.text import control_character
from aglomera.monitoring import texts
from aglomera.monitoring.importing.layouts import Layout, header_key

SNIFF_BYTES = 8192
TEXT_CHUNK_BYTES = 64 * 1024  # a CSV is checked this much at a time
# The longest column name a header may have (the real lists' longest is about 80 characters);
# the mapping page shows every name in every choice, so a name of a megabyte would be served
# dozens of times.
MAX_HEADER_CHARS = 300
DELIMITERS = (";", ",", "\t")
SPREADSHEET_KINDS = ("xlsx", "ods", "xls")  # the kinds calamine reads
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an Excel 97-2003 (.xls) workbook
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
MAX_MIMETYPE_BYTES = 256


class FileRefused(Exception):  # noqa: N818 - reads as what happened to the file
    """The whole file is refused; nothing is written. It carries the reason as a code of
    aglomera/monitoring/texts.py with its parameters (the job stores them); `message` is the
    sentence in the active language."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)  # pickled as (code,) and its __dict__, params included
        self.code = code
        self.params = params

    @property
    def message(self) -> str:
        return texts.import_text(self.code, self.params)

    def __str__(self) -> str:
        return self.message


@dataclass
class Table:
    headers: list[str]
    columns: dict[str, int]  # field -> index of its column
    rows: Iterator[tuple[int, list[Any]]]  # (row number as the user sees it, cells)
    rows_estimate: int


def detect_kind(path: Path, file_name: str) -> str:
    """`xlsx`, `ods`, `xls` or `csv`, decided by content and checked against the name's
    extension."""
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head.strip(b"\xef\xbb\xbf \t\r\n"):
        raise FileRefused(texts.EMPTY)
    suffix = Path(file_name).suffix.lower()
    if head.startswith(b"%PDF"):
        raise FileRefused(texts.PDF)
    if head.startswith(OLE2_SIGNATURE):
        if suffix in (".xlsx", ".xlsm"):  # Excel encrypts a workbook into such a file
            raise FileRefused(texts.ENCRYPTED_XLSX, name=file_name)
        if suffix not in ("", ".xls"):
            raise FileRefused(texts.NAMED_BUT_XLS, name=file_name)
        return "xls"
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(path, suffix)
        if kind is None:
            raise FileRefused(texts.ZIP_NOT_SPREADSHEET)
        if kind == "ods" and suffix not in ("", ".ods"):
            raise FileRefused(texts.NAMED_BUT_ODS, name=file_name)
        if kind == "xlsx" and suffix not in ("", ".xlsx", ".xlsm"):
            raise FileRefused(texts.NAMED_BUT_XLSX, name=file_name)
        return kind
    if suffix in (".xlsx", ".xlsm", ".xls"):
        raise FileRefused(texts.NOT_XLSX, name=file_name)
    if suffix == ".ods":
        raise FileRefused(texts.NOT_ODS, name=file_name)
    if _looks_binary(head):
        raise FileRefused(texts.BINARY)
    return "csv"


# C0 control bytes that text never carries (tab, line ends, form feed and SUB are allowed).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1A), *range(0x1B, 0x20)])


def _looks_binary(head: bytes) -> bool:
    """Binary when control bytes are common: about one byte in ten of random data or a program
    is one. A stray NUL in a cell of a real list is not: its row is refused with the column."""
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls * 64 > len(head)


def _zip_kind(path: Path, suffix: str) -> str | None:
    """`xlsx` or `ods` by the archive's entries (None for any other zip or none at all); a zip
    bomb is refused."""
    try:
        with path.open("rb") as handle, SafeZip(handle, _zip_limits()) as archive:
            if "xl/workbook.xml" in archive.names:
                return "xlsx"
            # The entry's content, as calamine checks it, not its presence alone.
            if (
                "mimetype" in archive.names
                and archive.read("mimetype", MAX_MIMETYPE_BYTES).rstrip() == ODS_MIMETYPE
            ):
                return "ods"
            return None
    except ZipRefusedError as error:
        if error.reason in TOO_MUCH:  # which kind it is cannot be known yet: the name guesses
            raise too_much(suffix.lstrip(".")) from None
        return None


def open_table(path: Path, file_name: str, layout: Layout) -> Table:
    kind = detect_kind(path, file_name)
    if kind in SPREADSHEET_KINDS:
        headers, rows, estimate = _spreadsheet_rows(path, kind, layout)
    else:
        headers, rows, estimate = _csv_rows(path, layout)
    return Table(headers, resolve_columns(headers, layout), rows, estimate)


def read_headers(path: Path, file_name: str, layout: Layout) -> list[str]:
    """The file's non-empty headers, for the column-mapping step."""
    kind = detect_kind(path, file_name)
    if kind in SPREADSHEET_KINDS:
        headers, _rows, _estimate = _spreadsheet_rows(path, kind, layout, header_only=True)
    else:
        headers, _rows, _estimate = _csv_rows(path, layout)
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
        raise FileRefused(texts.DUPLICATE_COLUMNS, row=layout.header_row, names=duplicates)
    columns: dict[str, int] = {}
    missing: list[tuple[str, str]] = []
    for name, accepted in layout.columns.items():
        found = next((seen[header_key(h)] for h in accepted if header_key(h) in seen), None)
        if found is not None:
            columns[name] = found
        elif name in layout.required:
            missing.append((accepted[0], name))
    if missing:
        raise FileRefused(texts.MISSING_COLUMNS, row=layout.header_row, columns=missing)
    return columns


@dataclass
class _TextScan:
    """What one streaming pass over a CSV's bytes learnt: its header lines and line count."""

    head: str  # the decoded text up to the header row (for the delimiter)
    lines: int


def _is_cp1250(encoding: str) -> bool:
    return encoding.replace("-", "").lower().startswith(("cp1250", "windows1250"))


def _scan_text(path: Path, layout: Layout) -> _TextScan:
    """Decode the whole file a chunk at a time (never all of it at once): a wrong or unknown
    encoding, UTF-8 where Windows-1250 is expected, or no text at all refuses the file."""
    encoding = layout.encoding
    try:
        decoder = codecs.getincrementaldecoder(encoding)("strict")
    except LookupError:
        raise FileRefused(texts.UNKNOWN_ENCODING, encoding=encoding) from None
    utf8 = codecs.getincrementaldecoder("utf-8")("strict") if _is_cp1250(encoding) else None
    is_utf8, ascii_only, has_text = utf8 is not None, True, False
    head: list[str] = []
    head_done = False
    lines = 0
    last = b"\n"
    with path.open("rb") as handle:
        while chunk := handle.read(TEXT_CHUNK_BYTES):
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as error:
                line = lines + chunk.count(b"\n", 0, max(error.start, 0)) + 1
                raise FileRefused(
                    texts.WRONG_ENCODING, encoding=encoding.removesuffix("-sig"), line=line
                ) from None
            if is_utf8 and utf8 is not None:
                try:
                    utf8.decode(chunk)
                except UnicodeDecodeError:
                    is_utf8 = False
            ascii_only = ascii_only and chunk.isascii()
            has_text = has_text or bool(text.replace("\ufeff", "").strip())
            if not head_done:
                head.append(text)
                joined = "".join(head)
                head_done = joined.count("\n") >= layout.header_row or len(joined) > CHUNK_BYTES
                if head_done:  # the lines up to the header, not the rest of the chunk
                    end = -1
                    for _line in range(layout.header_row):
                        end = joined.find("\n", end + 1)
                        if end < 0:
                            break
                    head = [joined[: end + 1] if end >= 0 else joined[:CHUNK_BYTES]]
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    if is_utf8 and not ascii_only:
        raise FileRefused(texts.UTF8_NOT_CP1250, encoding=encoding)
    if not has_text:
        raise FileRefused(texts.EMPTY)
    lines += last != b"\n"  # a last line without its line end
    return _TextScan("".join(head).removeprefix("\ufeff"), lines)


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _headers(cells: Iterable[Any], layout: Layout) -> list[str]:
    """The header row as text; a control character there (it would end up in the saved column
    mapping and the report) refuses the file."""
    headers = [str(h).strip() if h is not None else "" for h in cells]
    for index, header in enumerate(headers, start=1):
        if len(header) > MAX_HEADER_CHARS:
            raise FileRefused(
                texts.HEADER_TOO_LONG, row=layout.header_row, limit=MAX_HEADER_CHARS, column=index
            )
        if control_character(header):
            raise FileRefused(texts.HEADER_CONTROL, row=layout.header_row, column=index)
    return headers


def _csv_rows(path: Path, layout: Layout) -> tuple[list[str], Iterator[tuple[int, list[Any]]], int]:
    # The file is read twice as a stream: once to check its encoding and count its lines, then
    # record by record; neither holds the whole text, so memory does not grow with the file.
    scan = _scan_text(path, layout)
    # A field may be as long as the file (a long description, or a stray quote that runs on):
    # the row is then refused for its length, not the file for the csv module's 128 KiB limit.
    csv.field_size_limit(max(csv.field_size_limit(), path.stat().st_size + 1))
    head_lines = scan.head.splitlines()
    header_line = head_lines[layout.header_row - 1] if len(head_lines) >= layout.header_row else ""
    delimiter = layout.delimiter or _sniff_delimiter(header_line)
    limits = _CsvLimits()
    headers: list[str] = []
    with path.open(encoding=layout.encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            for index in range(layout.header_row):
                headers = limits.check(next(reader, []), reader.line_num)
                if index == 0 and headers:
                    headers[0] = headers[0].removeprefix("\ufeff")
            for _index in range(layout.data_row - layout.header_row - 1):
                limits.check(next(reader, []), reader.line_num)
        except csv.Error as error:
            raise FileRefused(
                texts.CSV_UNREADABLE, line=reader.line_num, error=str(error)
            ) from None
    estimate = max(scan.lines - layout.data_row + 1, 0)
    return _headers(headers, layout), _csv_records(path, layout, delimiter), estimate


class _CsvLimits:
    """Columns per record and cells in all, counted as the records are read."""

    def __init__(self) -> None:
        self.columns = settings.IMPORT_MAX_COLUMNS
        self.cells = settings.IMPORT_MAX_CELLS
        self.seen = 0

    def check(self, record: list[str], line: int) -> list[str]:
        width = len(record)
        if width > self.columns:
            raise FileRefused(texts.LINE_TOO_WIDE, line=line, columns=width, limit=self.columns)
        self.seen += width
        if self.seen > self.cells:
            raise too_many_cells(self.cells)
        return record


def _csv_records(path: Path, layout: Layout, delimiter: str) -> Iterator[tuple[int, list[Any]]]:
    """The data records, read from the file only when iterated (so an unused table holds no open
    file); the lines before the data were checked by `_csv_rows` and are skipped."""
    limits = _CsvLimits()
    with path.open(encoding=layout.encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            for _index in range(layout.data_row - 1):
                limits.check(next(reader, []), reader.line_num)
            start = reader.line_num + 1
            for record in reader:
                yield start, limits.check(record, reader.line_num)
                start = reader.line_num + 1
        except csv.Error as error:
            raise FileRefused(
                texts.CSV_UNREADABLE, line=reader.line_num, error=str(error)
            ) from None


def _spreadsheet_rows(
    path: Path, kind: str, layout: Layout, *, header_only: bool = False
) -> tuple[list[str], Iterator[tuple[int, list[Any]]], int]:
    # calamine (Rust) reads a sheet about ten times faster than openpyxl; it returns the cached
    # values of formulas, "" for empty cells, floats for numbers and dates as date/datetime.
    # It builds the whole sheet in memory first (for ODS and XLS every sheet, when the file is
    # opened): the kind's check bounds what that may cost before calamine sees the file.
    from python_calamine import CalamineWorkbook

    from aglomera.monitoring.importing import ods, xls

    checks: dict[str, Callable[[Path], None]] = {
        "xlsx": _check_workbook,
        "ods": ods.check_spreadsheet,
        "xls": xls.check_workbook,
    }
    checks[kind](path)
    try:
        with _named_as(path, kind) as readable:
            workbook = CalamineWorkbook.from_path(str(readable))
            sheet = workbook.get_sheet_by_index(0)
            # Absolute layout: row 1 is the sheet's first row even when it is empty.
            table = sheet.to_python(
                skip_empty_area=False, nrows=layout.header_row if header_only else None
            )
    except Exception:  # calamine raises several kinds on a broken workbook
        raise unreadable(kind) from None
    except BaseException as error:
        # A Rust panic on a malformed file reaches Python as pyo3's PanicException, which is
        # not an Exception; the file is damaged, the process is fine.
        if type(error).__name__ == "PanicException":
            raise unreadable(kind) from None
        raise
    headers = list(table[layout.header_row - 1]) if len(table) >= layout.header_row else []
    if not any(h not in (None, "") for h in headers) and layout.header_row == 1:
        raise FileRefused(texts.EMPTY)
    while headers and headers[-1] in (None, ""):
        headers.pop()
    first = layout.data_row
    rows: Iterable[list[Any]] = table[first - 1 :]
    if kind == "xls":
        headers, rows = _floats(headers), map(_floats, rows)
    records = ((number, row) for number, row in enumerate(rows, start=first))
    return _headers(headers, layout), records, max(len(table) - first + 1, 0)


def _floats(row: list[Any]) -> list[Any]:
    """The XLS reader gives whole numbers stored as integers (RK records) as int; the other
    kinds give every number as float, and the rest of the import need not know the kind."""
    return [float(value) if type(value) is int else value for value in row]


@contextmanager
def _named_as(path: Path, kind: str) -> Iterator[Path]:
    """The path under a name with the kind's extension: calamine picks its reader by the
    extension and tries every reader on a name without one, so it must read the file with the
    reader whose cost was measured."""
    if path.suffix == f".{kind}":  # calamine compares the extension as written
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="aglomera-") as folder:
        named = Path(folder) / f"list.{kind}"
        named.symlink_to(path.resolve())
        yield named


def unreadable(kind: str) -> FileRefused:
    """The refusal of a spreadsheet its reader cannot read."""
    if kind == "xls":
        return FileRefused(texts.XLS_UNREADABLE)
    if kind == "ods":
        return FileRefused(texts.ODS_UNREADABLE)
    return _damaged()


# --- the size of a workbook, measured before calamine reads it ------------------------------

MIB = 1024 * 1024
CHUNK_BYTES = MIB
# The unpacked parts of a workbook may take this many bytes per allowed cell (a cell of the
# sheet XML with a shared string takes 30-40 bytes, with the text inline 70-100).
UNPACKED_BYTES_PER_CELL = 100
MIN_UNPACKED_BYTES = 16 * MIB  # styles, themes and the like, whatever the cell limit
# Parts read whole to find the first sheet (xl/workbook.xml and its relationships).
MAX_WORKBOOK_PART_BYTES = 10 * MIB
EXCEL_MAX_COLUMN = 16384  # XFD
EXCEL_MAX_ROW = 1048576
_BIG = 10**9  # a row or column number beyond anything Excel writes (saturated)

_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
_ATTRS = rb"((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)"
_ATTR = re.compile(rb"([^\s=/>]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_SHEET = re.compile(rb"<" + _PREFIX + rb"sheet" + _ATTRS + rb"\s*/?>")
_RELATIONSHIP = re.compile(rb"<" + _PREFIX + rb"Relationship" + _ATTRS + rb"\s*/?>")
_DIMENSION = re.compile(rb"<" + _PREFIX + rb"dimension" + _ATTRS + rb"\s*/?>")
_SHEET_DATA = re.compile(rb"<" + _PREFIX + rb"sheetData[\s/>]")
# Every cell start: its reference when the tag is written as Excel, LibreOffice and most
# libraries write it (`<c r="B12" s="1" t="s">`: the reference first, no other attribute whose
# name starts with r, since calamine takes the last `r`), else two empty groups.
_CELL = re.compile(
    rb'<c(?:\s+r="([A-Za-z]+)([0-9]+)"(?:\s+[^\sr=/>][^\s=/>]*="[^"]*")*\s*/?>|[\s/>])'
)
_PREFIXED_CELL = re.compile(rb":c[\s/>]")
_NAME_CHAR = re.compile(rb"[\w.-]")
_NOT_ELEMENTS = re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.DOTALL)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_CELL_REFERENCE = re.compile(r"([A-Za-z]+)([0-9]+)")
_ROW_REFERENCE = re.compile(r"[A-Za-z]*([0-9]+)")


class _Irregular(Exception):  # noqa: N818 - control flow inside this module
    """The sheet is not written the common way: measure it with the XML parser instead."""


@dataclass
class _Extent:
    """The last row and column (1-based) any cell of the sheet occupies, counted from A1."""

    rows: int = 0
    columns: int = 0

    def include(self, row: int, column: int) -> None:
        if row > self.rows or column > self.columns:
            self.rows = max(self.rows, row)
            self.columns = max(self.columns, column)
            _check_extent(self)


# A shared-string cell as the fast path sees it (`<c r="B12" s="1" t="s"><v>42</v></c>`): the
# number of its string. calamine copies the string into every cell that names it, so a few
# bytes of sheet can stand for a long text many times over. Each match starts at one `t="s"`
# and `<` cannot stand in text, so a match is markup; a cell written any other way (a formula
# before the value, two values) leaves a `t="s"` unmatched and the parser measures the sheet.
_SHARED_VALUE = re.compile(rb't="s"[^>]*><v>([0-9]{1,10})</v></c>')


# Text that a cell holds itself: an inline string, or a value that is not a number (a formula's
# text result, an error). Its bytes are charged to the budget (never fewer than its characters).
_INLINE_TEXT = re.compile(rb"<is>(.*?)</is>", re.DOTALL)
_TEXT_VALUE = re.compile(rb"<v>([^<]*[^<0-9.eE+\-\s][^<]*)</v>")


class _TextBudget:
    """The characters the sheet's shared-string cells add up to once calamine has copied each
    string into its cells: no more than a CSV of IMPORT_MAX_BYTES could hold."""

    def __init__(self, lengths: Sequence[int]) -> None:
        self.lengths = lengths
        self.total = 0
        self.limit = int(settings.IMPORT_MAX_BYTES)

    def add(self, numbers: Iterable[int]) -> None:
        lengths = self.lengths
        try:
            self.add_text(sum(lengths[number] for number in numbers))
        except IndexError:
            raise _damaged() from None  # a cell names a string that is not there

    def add_text(self, characters: int) -> None:
        self.total += characters
        if self.total > self.limit:
            raise FileRefused(texts.TEXT_TOO_LONG, limit=self.limit)


def _shared_string_lengths(chunks: Iterable[bytes]) -> array[int]:
    """The length in characters of each shared string (xl/sharedStrings.xml), streamed."""
    lengths: array[int] = array("I")
    most = int(settings.IMPORT_MAX_CELLS)  # a sheet cannot name more strings than it has cells
    in_string = False
    in_text = 0
    current = 0

    def start(name: str, _attributes: dict[str, str]) -> None:
        nonlocal in_string, in_text, current
        local = name.rpartition(":")[2]
        if local == "si":
            in_string, current = True, 0
        elif local == "t" and in_string:
            in_text += 1

    def end(name: str) -> None:
        nonlocal in_string, in_text
        local = name.rpartition(":")[2]
        if local == "t" and in_text:
            in_text -= 1
        elif local == "si" and in_string:
            if len(lengths) >= most:
                raise too_many_cells(most)
            lengths.append(min(current, 0xFFFFFFFF))
            in_string = False

    def text(data: str) -> None:
        nonlocal current
        if in_text:
            current += len(data)

    _parse(chunks, start, end, text)
    return lengths


def _zip_limits() -> ZipLimits:
    return ZipLimits(
        max_entries=1000,
        max_total_bytes=_max_unpacked_bytes(),
        max_ratio=100,
        ratio_floor_bytes=MIB,
    )


def _max_unpacked_bytes() -> int:
    return max(int(settings.IMPORT_MAX_CELLS) * UNPACKED_BYTES_PER_CELL, MIN_UNPACKED_BYTES)


def too_much(kind: str = "xlsx") -> FileRefused:
    """The refusal of an archive that would unpack to more than an import may hold."""
    code = texts.ODS_UNPACKS_TOO_MUCH if kind == "ods" else texts.XLSX_UNPACKS_TOO_MUCH
    return FileRefused(code, mib=_max_unpacked_bytes() // MIB)


def too_many_cells(limit: int) -> FileRefused:
    return FileRefused(texts.TOO_MANY_CELLS, limit=limit)


def _check_workbook(path: Path) -> None:
    """Refuse a workbook whose first sheet, once unpacked, is larger than an import may be.

    Nothing here allocates per cell: the zip is read within bounds and the sheet XML is streamed
    a chunk at a time. Every part is read through once, so that a part whose unpacked size lies
    is refused here rather than by the reader's memory.
    """
    try:
        try:
            _read_workbook(path, _measure_common)
        except _Irregular:
            _read_workbook(path, _measure_with_parser)
    except ZipRefusedError as error:
        if error.reason in TOO_MUCH:
            raise too_much() from None
        raise _damaged() from None


def _read_workbook(path: Path, measure: Callable[[Iterable[bytes], _TextBudget], None]) -> None:
    with path.open("rb") as handle, SafeZip(handle, _zip_limits()) as archive:
        sheet = _first_sheet(archive)
        if sheet is None:  # calamine cannot find it either; let nobody guess
            raise _damaged()
        strings = _entry(archive, "xl/sharedStrings.xml")  # where calamine reads them
        lengths = _shared_string_lengths(archive.chunks(strings, CHUNK_BYTES)) if strings else []
        measure(archive.chunks(sheet, CHUNK_BYTES), _TextBudget(lengths))
        for info in archive.infos:
            if info.filename not in (sheet, strings):
                for _chunk in archive.chunks(info, CHUNK_BYTES):
                    pass


def _attributes(raw: bytes) -> dict[bytes, bytes]:
    """The attributes of a tag as written (no entity is expanded); a name given twice refuses
    the file (calamine would take the last, or join them)."""
    found: dict[bytes, bytes] = {}
    for name, double, single in _ATTR.findall(raw):
        if name in found:
            raise _damaged()
        found[name] = double or single
    return found


def _entry(archive: SafeZip, name: str) -> str | None:
    """The entry calamine opens for `name`: the first whose name equals it, ASCII case ignored."""
    wanted = name.translate(_ASCII_LOWER)
    return next(
        (i.filename for i in archive.infos if i.filename.translate(_ASCII_LOWER) == wanted), None
    )


def _part(archive: SafeZip, name: str) -> bytes | None:
    """A small XML part as its elements: comments, CDATA and processing instructions removed
    (they may hold text that looks like a tag); a document type declaration refuses it."""
    entry = _entry(archive, name)
    if entry is None:
        return None
    data = archive.read(entry, MAX_WORKBOOK_PART_BYTES)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise _damaged()
    return _NOT_ELEMENTS.sub(b"", data)


def _first_sheet(archive: SafeZip) -> str | None:
    """The name of the zip entry of the workbook's first sheet (the one the import reads)."""
    workbook = _part(archive, "xl/workbook.xml")
    relationships = _part(archive, "xl/_rels/workbook.xml.rels")
    if workbook is None or relationships is None:
        return None
    first = _SHEET.search(workbook)
    if first is None:
        return None
    attributes = _attributes(first.group(1))
    key = attributes.get(b"r:id", attributes.get(b"relationships:id"))
    targets = {}
    for match in _RELATIONSHIP.finditer(relationships):
        relationship = _attributes(match.group(1))
        targets[relationship.get(b"Id", b"")] = relationship.get(b"Target", b"")
    target = targets.get(key or b"", b"").decode("utf-8", "replace")
    if target.startswith("/xl/"):
        target = target[1:]
    elif not target.startswith("xl/"):
        target = f"xl/{target}"
    return _entry(archive, target)


def _segments(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The chunks cut after the last whole cell, so that no cell is split between two segments
    (a cell of a megabyte, with no cell end in a chunk: _Irregular, the parser measures it);
    before the cells, before a tag that straddles the chunk's end (a tag of interest is short)."""
    carry = b""
    for chunk in chunks:
        data = carry + chunk
        cell_end = data.rfind(b"</c>")
        if cell_end >= 0:
            carry = data[cell_end + 4 :]
            yield data[: cell_end + 4]
            continue
        if b"<c" in data.replace(b"<cols", b"").replace(b"<col ", b""):
            raise _Irregular
        cut = data.rfind(b"<", max(0, len(data) - 64))
        if cut < 0:
            carry = b""
            yield data
        else:
            carry = data[cut:]
            yield data[:cut]
    if carry:
        yield carry


def _charge_text(segment: bytes, budget: _TextBudget) -> None:
    """Charge the text the segment's whole cells hold to the budget; a shared-string cell not
    written the common way raises _Irregular."""
    # On this path every attribute is written name="value" (else _CELL sends the sheet to the
    # parser), so each shared-string cell says t="s" exactly; any other occurrence of those
    # bytes only makes the counts differ, and the parser measures the sheet.
    tags = segment.count(b't="s"')
    if tags:
        shared = _SHARED_VALUE.findall(segment)
        if len(shared) != tags:
            raise _Irregular  # a shared-string cell written otherwise: the parser counts it
        budget.add(map(int, shared))
    if b"<is>" in segment:
        budget.add_text(sum(map(len, _INLINE_TEXT.findall(segment))))
    if b't="str"' in segment or b't="e"' in segment:  # text results of formulas, errors
        budget.add_text(sum(map(len, _TEXT_VALUE.findall(segment))))


def _measure_common(chunks: Iterable[bytes], budget: _TextBudget) -> None:
    """The fast way, for sheets whose every cell starts `<c r="B12"`: regular expressions over
    the chunks, no Python work per cell. Anything else raises _Irregular."""
    extent = _Extent()
    before_data = True
    for segment in _segments(chunks):
        if b"\x00" in segment:
            raise _Irregular  # UTF-16 or UTF-32: the parser decodes it
        if before_data:
            _check_dimension(segment)
            before_data = _SHEET_DATA.search(segment) is None
        for match in _PREFIXED_CELL.finditer(segment):
            start = match.start()
            if start == 0 or _NAME_CHAR.fullmatch(segment[start - 1 : start]):
                raise _Irregular  # <x:c ...>: namespace prefixes are left to the XML parser
        _charge_text(segment, budget)
        references = _CELL.findall(segment)
        if not references:
            continue
        letters = set(map(itemgetter(0), references))
        if b"" in letters:
            raise _Irregular  # a cell without its reference first: its place needs the parser
        digits = set(map(itemgetter(1), references))
        longest = max(map(len, digits))
        row = max(map(int, digits)) if longest <= 9 else max(map(_row_number, digits))
        extent.include(row, max(map(_column_number, letters)))


def _measure_with_parser(  # noqa: PLR0915 - one parser's handlers share its state
    chunks: Iterable[bytes], budget: _TextBudget
) -> None:
    """The exact way, for sheets written otherwise: an XML parser places every cell as calamine
    does (a cell without `r` follows the previous one; a row without `r` follows the previous
    row). Slower, but only unusual writers need it. Malformed XML and any DTD are refused."""
    extent = _Extent()
    row_index = column_index = 0  # where the next cell goes, 0-based
    cell_depth = 0  # > 0 inside a cell: calamine reads its children as its value
    shared_cell = False  # the cell holds the number of a shared string
    in_value = False  # inside the cell's <v>
    holds_text = False  # an inline string, a formula's text or an error: not a number
    value: list[str] = []  # the text of a shared-string cell's <v>

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal row_index, column_index, cell_depth, shared_cell, in_value, holds_text
        if cell_depth:
            cell_depth += 1
            if cell_depth == 2 and name.rpartition(":")[2] == "v":
                in_value = True
                value.clear()
            return
        local = name.rpartition(":")[2]
        if local == "dimension":
            _check_dimension_value(attributes.get("ref", ""))
        elif local == "row" and "r" in attributes:
            found = _ROW_REFERENCE.fullmatch(attributes["r"])
            if found is None:
                raise _damaged()
            row_index = _row_number(found.group(1).encode()) - 1
        elif local == "c":
            reference = attributes.get("r")
            if reference is None:
                row, column = row_index + 1, column_index + 1
            else:
                found = _CELL_REFERENCE.fullmatch(reference)
                if found is None:
                    raise _damaged()
                column = _column_number(found.group(1).encode())
                row = _row_number(found.group(2).encode())
            extent.include(row, column)
            column_index = column
            cell_depth = 1
            shared_cell = attributes.get("t") == "s"
            holds_text = attributes.get("t", "n") not in ("n", "b", "d")
            value.clear()

    def text(data: str) -> None:
        if shared_cell:
            if in_value:
                value.append(data)
        elif cell_depth and (holds_text or len(data) > 32):  # text, or no number at all
            budget.add_text(len(data))

    def end(name: str) -> None:
        nonlocal row_index, column_index, cell_depth, in_value
        if in_value and cell_depth == 2:  # every <v> of a shared-string cell is charged
            in_value = False
            if shared_cell:
                number = "".join(value).strip()
                if not number.isdigit() or len(number) > 10:
                    raise _damaged()
                budget.add((int(number),))
        if cell_depth:
            cell_depth -= 1
        elif name.rpartition(":")[2] == "row":
            row_index += 1
            column_index = 0

    _parse(chunks, start, end, text)


def _parse(
    chunks: Iterable[bytes],
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None],
    text: Callable[[str], None],
) -> None:
    """Stream an XML part of the workbook; malformed XML or any declaration is damage."""
    try:
        parse_xml(chunks, start, end, text)
    except XmlRefusedError:
        raise _damaged() from None


def _damaged() -> FileRefused:
    return FileRefused(texts.XLSX_DAMAGED)


def _check_dimension(segment: bytes) -> None:
    """The size the sheet declares for itself (`<dimension ref="A1:J1788"/>`), if any."""
    found = _DIMENSION.search(segment)
    if found is not None:
        value = _attributes(found.group(1)).get(b"ref", b"")
        _check_dimension_value(value.decode("ascii", "replace"))


def _check_dimension_value(value: str) -> None:
    last = value.rpartition(":")[2]
    found = _CELL_REFERENCE.fullmatch(last)
    if found is not None:  # a malformed one is calamine's to refuse
        _check_extent(
            _Extent(_row_number(found.group(2).encode()), _column_number(found.group(1).encode()))
        )


def _column_number(letters: bytes) -> int:
    """B -> 2, AA -> 27, XFD -> 16384; saturated beyond three letters."""
    if len(letters) > 3:
        return _BIG
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _row_number(digits: bytes) -> int:
    significant = digits.lstrip(b"0")
    return int(significant) if 0 < len(significant) <= 9 else (_BIG if significant else 0)


def _column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _check_extent(extent: _Extent) -> None:
    columns, rows = extent.columns, extent.rows
    column_limit, cell_limit = settings.IMPORT_MAX_COLUMNS, settings.IMPORT_MAX_CELLS
    if columns <= column_limit and rows * columns <= cell_limit:
        return
    shown_columns, shown_rows = min(columns, EXCEL_MAX_COLUMN), min(rows, EXCEL_MAX_ROW)
    cell = f"{_column_letters(shown_columns)}{shown_rows}"
    if columns > column_limit:
        raise FileRefused(
            texts.SHEET_TOO_WIDE,
            column=_column_letters(shown_columns),
            cell=cell,
            limit=column_limit,
        )
    raise FileRefused(
        texts.SHEET_TOO_LARGE,
        cell=cell,
        rows=rows,
        columns=columns,
        cells=rows * columns,
        limit=cell_limit,
    )
