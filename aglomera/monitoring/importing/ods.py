"""An OpenDocument spreadsheet (.ods, LibreOffice) measured before calamine opens it.

calamine reads an ODS whole when it opens it: it parses content.xml and builds every table as
one block of cells, repeating each cell `table:number-columns-repeated` times and each row
`table:number-rows-repeated` times; the import then takes the first table from A1. A file of a
few hundred bytes can declare a row of a hundred values repeated a million times. So before
calamine sees the file:

- the zip is opened through SafeZip with the XLSX limits (entries, unpacked size proportional to
  the cell limit, compression ratio) and every entry is read through once, so that an entry
  whose size lies is refused here;
- a manifest that declares encryption refuses the file (calamine cannot read it either);
- content.xml is streamed once through expat (no DTD, no entities): each table reaches the last
  row and column that a cell with a value or a formula occupies once the repeats are counted,
  from A1. Empty cells after the last value of a row, and empty rows after the last row with a
  value, are not counted: LibreOffice fills every sheet so to column XFD and row 1,048,576, and
  calamine builds none of them (tested with python-calamine 0.9.1). Empty cells and rows
  *between* values are counted, since the block holds them. The first table is held to
  IMPORT_MAX_COLUMNS and IMPORT_MAX_CELLS as an XLSX first sheet, all tables together to
  IMPORT_MAX_CELLS;
- the text calamine copies into the cells (values, formulas, `text:s` runs of spaces), times
  the cells' repeats, is charged to the budget that holds an XLSX's shared strings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

from aglomera.core.safe_xml import XmlRefusedError, parse_xml
from aglomera.core.safe_zip import TOO_MUCH, SafeZip, ZipRefusedError
from aglomera.monitoring.importing.parsing import (
    CHUNK_BYTES,
    MAX_WORKBOOK_PART_BYTES,
    _check_extent,
    _Extent,
    _TextBudget,
    _zip_limits,
    too_many_cells,
    too_much,
    unreadable,
)

CONTENT = "content.xml"
MANIFEST = "META-INF/manifest.xml"
TABLE = "table:table"
ROW = "table:table-row"
CELLS = frozenset({"table:table-cell", "table:covered-table-cell"})
# The attributes that give a cell a value or a formula, whatever calamine then makes of it.
VALUE_ATTRIBUTES = frozenset(
    {
        "office:value-type",
        "office:value",
        "office:string-value",
        "office:date-value",
        "office:time-value",
        "office:boolean-value",
        "table:formula",
    }
)
_COUNT = re.compile(r"[0-9]{1,18}")


def check_spreadsheet(path: Path) -> None:
    """Refuse an ODS whose tables, once calamine has built them, are larger than an import may
    be; FileRefused. Nothing here allocates per cell."""
    try:
        with path.open("rb") as handle, SafeZip(handle, _zip_limits()) as archive:
            names = set(archive.names)
            if CONTENT not in names or MANIFEST not in names:  # calamine needs both
                raise unreadable("ods")
            if b"encryption-data" in archive.read(MANIFEST, MAX_WORKBOOK_PART_BYTES):
                raise unreadable("ods")
            measure(archive.chunks(CONTENT, CHUNK_BYTES))
            for info in archive.infos:
                if info.filename not in (CONTENT, MANIFEST):
                    for _chunk in archive.chunks(info, CHUNK_BYTES):
                        pass
    except ZipRefusedError as error:
        if error.reason in TOO_MUCH:
            raise too_much("ods") from None
        raise unreadable("ods") from None


def measure(chunks: Iterable[bytes]) -> None:
    """Stream content.xml and refuse it (FileRefused) as soon as a table grows too large."""
    tables = _Tables()
    try:
        parse_xml(chunks, tables.start, tables.end, tables.text)
    except XmlRefusedError:
        raise unreadable("ods") from None


def _count(attributes: dict[str, str], name: str) -> int:
    value = attributes.get(name)
    if value is None:
        return 1
    if not _COUNT.fullmatch(value):
        raise unreadable("ods")  # calamine refuses what is not a count
    return int(value)


class _Tables:
    """The expat handlers: where each table's last value lies, and the text of its cells."""

    def __init__(self) -> None:
        self.limit = int(settings.IMPORT_MAX_CELLS)
        self.budget = _TextBudget(())
        self.measured = 0  # cells of the tables already ended
        self.seen_first = False  # the first named table (the sheet the import reads) began
        self.depth = 0  # tables open outside any cell
        self.first = False  # the open table is the first sheet
        self.extent = _Extent()  # of the open table
        self.row_index = 0  # rows of the open table before the open row (repeats counted)
        self.in_row = False
        self.row_repeats = 1
        self.column = 0  # columns of the open row before the open cell
        self.row_end = 0  # the column after the open row's last value (0: none yet)
        self.row_text = 0
        self.cell_depth = 0  # > 0 inside a cell: its children are its text
        self.cell_repeats = 1
        self.cell_has_value = False
        self.cell_text = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if self.cell_depth:
            self.cell_depth += 1
            self.cell_has_value = True  # a paragraph, a run of spaces, a note: content
            self.cell_text += _count(attributes, "text:c") if name == "text:s" else 1
        elif name in CELLS and self.in_row:
            self.cell_depth = 1
            self.cell_repeats = _count(attributes, "table:number-columns-repeated")
            self.cell_has_value = not VALUE_ATTRIBUTES.isdisjoint(attributes)
            self.cell_text = sum(map(len, attributes.values()))
        elif name == ROW and self.depth and not self.in_row:
            self.in_row = True
            self.row_repeats = _count(attributes, "table:number-rows-repeated")
            self.column = self.row_end = self.row_text = 0
        elif name == TABLE:
            if not self.depth:
                self.first = not self.seen_first and "table:name" in attributes
                self.seen_first = self.seen_first or self.first
                self.extent = _Extent()
                self.row_index = 0
            self.depth += 1

    def text(self, data: str) -> None:
        if self.cell_depth:
            self.cell_has_value = True
            self.cell_text += len(data)

    def end(self, name: str) -> None:
        if self.cell_depth > 1:
            self.cell_depth -= 1
        elif self.cell_depth:
            self.cell_depth = 0
            if self.cell_has_value:
                self.row_end = self.column + self.cell_repeats
                self.row_text += self.cell_text * self.cell_repeats
            self.column += self.cell_repeats
        elif name == ROW and self.in_row:
            self.in_row = False
            if self.row_end:
                self._include(self.row_index + self.row_repeats, self.row_end)
                self.budget.add_text(self.row_text * self.row_repeats)
            self.row_index += self.row_repeats
        elif name == TABLE and self.depth:
            self.depth -= 1
            if not self.depth:
                self.measured += self.extent.rows * self.extent.columns

    def _include(self, rows: int, columns: int) -> None:
        extent = self.extent
        extent.rows, extent.columns = max(extent.rows, rows), max(extent.columns, columns)
        if self.first:
            _check_extent(extent)  # the first sheet, held as an XLSX first sheet
        if self.measured + extent.rows * extent.columns > self.limit:
            raise too_many_cells(self.limit)
