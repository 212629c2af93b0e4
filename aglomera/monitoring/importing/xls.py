"""An Excel 97-2003 workbook (.xls: BIFF records in an OLE2 compound file) measured before
calamine opens it.

calamine reads an XLS whole when it opens it: it follows the compound file's sector chains to
the Workbook stream and builds every sheet as one block from its first cell to its last, each
sheet's formulas written out as text beside it. BIFF is not compressed, but a few bytes still
stand for much: a sheet's DIMENSIONS record makes calamine reserve rows x columns cells (40 bytes
each), so a 5 KB file declaring rows 100 to 49 asked for 1.7 TB and aborted the process; two
cells at A1 and IV65536 make a block of 16 million; a shared string of 32,000 characters is
copied into every cell that names it; a sector chain that loops never ends. So before calamine
sees the file, it is read here the way calamine reads it, within bounds:

- the compound file (header, DIFAT, FAT, directory, mini stream): every sector inside the file,
  every chain without a loop, every size calamine reserves memory for no larger than the file;
- the Workbook stream (else Book, as calamine looks for them): FILEPASS (encryption) refuses
  the file; the shared strings table gives the length of each string, and all the strings it
  counts must be there;
- each sheet's records, from its BOUNDSHEET offset to its EOF: its DIMENSIONS and every cell
  record place the sheet's last row and column from A1. The first sheet (the one imported) is
  held to IMPORT_MAX_COLUMNS and IMPORT_MAX_CELLS as an XLSX first sheet, all sheets together
  to IMPORT_MAX_CELLS; two sheets may not share records (calamine would read them twice);
- the text the cells receive, shared strings once per cell that names them and formulas as
  calamine writes them out, is charged to the budget that holds an XLSX's shared strings.

What is not measured here but cannot cost more than the file's own size (names, formats, a
record calamine cannot parse) is left to calamine, whose errors, panics included, refuse the
file as damaged.
"""

from __future__ import annotations

import mmap
import struct
from array import array
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings

from aglomera.monitoring.importing.parsing import (
    _check_extent,
    _Extent,
    _TextBudget,
    too_many_cells,
    unreadable,
)

ENDOFCHAIN = 0xFFFFFFFE
FREESECT = 0xFFFFFFFF
HEADER_BYTES = 512
HEADER_DIFAT = 109  # FAT sector numbers in the header
MINI_SECTOR = 64
MINI_STREAM_CUTOFF = 4096  # calamine reads a smaller stream from the mini stream
DIRECTORY_ENTRY = 128
STREAM_NAMES = ("Workbook", "Book")  # BIFF8, then BIFF5

# BIFF record types
EOF = 0x000A
CONTINUE = 0x003C
FILEPASS = 0x002F
SST = 0x00FC
BOUNDSHEET = 0x0085
DIMENSIONS = 0x0200
MULRK = 0x00BD
LABELSST = 0x00FD
STRING = 0x0207  # the text result of the formula before it
FORMULAS = frozenset({0x0006, 0x0206, 0x0406})
TEXT_CELLS = frozenset({0x0204, 0x0004, 0x00D6})  # LABEL (BIFF8, BIFF2), RSTRING
# Records that hold one cell at (row, column) in their first four bytes, in any BIFF version.
CELLS = frozenset({0x0203, 0x0205, 0x027E, LABELSST, 0x0002, 0x0003, 0x0005}) | (
    FORMULAS | TEXT_CELLS
)

# Formula tokens (ptg, class bits folded) as calamine writes them out: the bytes after the
# token's first byte, and the most characters it writes for them (a 3D reference or a name
# writes a sheet or name of up to 255 characters; a number up to about 330 digits).
_TOKENS: dict[int, tuple[int, int]] = {
    0x01: (4, 0),
    **dict.fromkeys(range(0x03, 0x12), (0, 2)),
    0x12: (0, 1),
    0x13: (0, 1),
    0x14: (0, 1),
    0x15: (0, 2),
    0x16: (0, 0),
    0x18: (5, 16),
    0x1C: (1, 13),
    0x1D: (1, 5),
    0x1E: (2, 5),
    0x1F: (8, 340),
    0x20: (7, 10),
    0x21: (2, 64),
    0x23: (4, 255),
    0x24: (4, 12),
    0x25: (8, 24),
    0x2A: (4, 5),
    0x2B: (8, 5),
    0x2C: (4, 12),
    0x2D: (8, 24),
    0x39: (6, 265),
    0x3A: (6, 269),
    0x3B: (10, 281),
    0x3C: (6, 262),
    0x3D: (10, 262),
}
# No token writes more than this many characters per byte (a run of 255 spaces in 4 bytes);
# the rest of a formula whose tokens are not known here is charged at this rate.
_MOST_PER_BYTE = 64
_FORMULA_MESSAGE = 128  # what calamine writes instead of a formula it cannot read


class _Damaged(Exception):  # noqa: N818 - control flow inside this module
    """The file is not what calamine can read: it is refused as damaged."""


def check_workbook(path: Path) -> None:
    """Refuse an XLS whose sheets, once calamine has built them, are larger than an import
    may be; FileRefused. Nothing here allocates per cell."""
    try:
        with (
            path.open("rb") as handle,
            mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data,
        ):
            stream = _CompoundFile(data).workbook_stream()
        _Workbook(stream).measure()
    except (_Damaged, struct.error, ValueError, IndexError):
        raise unreadable("xls") from None


def _u16(data: bytes | mmap.mmap, at: int) -> int:
    value: int = struct.unpack_from("<H", data, at)[0]
    return value


def _u32(data: bytes | mmap.mmap, at: int) -> int:
    value: int = struct.unpack_from("<I", data, at)[0]
    return value


class _CompoundFile:
    """The OLE2 compound file as calamine reads it (MS-CFB), each step checked."""

    def __init__(self, data: mmap.mmap) -> None:
        self.data = data
        size = len(data)
        if size < HEADER_BYTES:
            raise _Damaged
        shift = _u16(data, 30)
        if shift not in (9, 12) or _u16(data, 32) != 6:
            raise _Damaged
        self.sector_size = 1 << shift
        self.sectors = max(size // self.sector_size - 1, 0)  # whole sectors after the header
        self.per_sector = self.sector_size // 4
        directory_sectors, fat_sectors = _u32(data, 40), _u32(data, 44)
        self.first_directory = _u32(data, 48)
        self.first_mini_fat, mini_fat_sectors = _u32(data, 60), _u32(data, 64)
        first_difat, difat_sectors = _u32(data, 68), _u32(data, 72)
        # calamine reserves memory for these counts before it reads them.
        for count in (directory_sectors, fat_sectors, mini_fat_sectors, difat_sectors):
            if count > self.sectors:
                raise _Damaged
        self.fat = self._fat_sectors(first_difat)

    def _sector_at(self, sector: int) -> int:
        if sector >= self.sectors:
            raise _Damaged
        return (sector + 1) * self.sector_size

    def _fat_sectors(self, first_difat: int) -> list[int]:
        """The sectors of the FAT: the header's list, then the DIFAT chain's."""
        listed = [_u32(self.data, 76 + 4 * i) for i in range(HEADER_DIFAT)]
        sector, steps = first_difat, 0
        while sector not in (FREESECT, ENDOFCHAIN):
            steps += 1
            if steps > self.sectors:
                raise _Damaged  # a DIFAT chain that loops
            at = self._sector_at(sector)
            listed.extend(_u32(self.data, at + 4 * i) for i in range(self.per_sector - 1))
            sector = _u32(self.data, at + self.sector_size - 4)
        fat = [sector for sector in listed if sector != FREESECT]
        if len(fat) > self.sectors:
            raise _Damaged
        for sector in fat:
            self._sector_at(sector)
        return fat

    def _next(self, sector: int) -> int:
        index, entry = divmod(sector, self.per_sector)
        if index >= len(self.fat):
            raise _Damaged
        return _u32(self.data, self._sector_at(self.fat[index]) + 4 * entry)

    def _chain(self, first: int, next_of: Callable[[int], int], most: int) -> list[int]:
        """The sectors of a chain, in order; a chain longer than `most` loops. A chain that
        ends on a free sector is left for calamine to refuse (it costs nothing)."""
        chain: list[int] = []
        sector = first
        while sector not in (ENDOFCHAIN, FREESECT):
            if len(chain) >= most:
                raise _Damaged
            chain.append(sector)
            sector = next_of(sector)
        return chain

    def _read(self, first: int, size: int | None = None) -> bytes:
        """A stream of regular sectors; `size` bytes of it when given."""
        chain = self._chain(first, self._next, self.sectors)
        parts = []
        for sector in chain:
            at = self._sector_at(sector)
            parts.append(self.data[at : at + self.sector_size])
        stream = b"".join(parts)
        if size is None:
            return stream
        if len(stream) < size:
            raise _Damaged
        return stream[:size]

    def workbook_stream(self) -> bytes:
        directory = self._read(self.first_directory)
        entries = [
            directory[at : at + DIRECTORY_ENTRY]
            for at in range(0, len(directory) - DIRECTORY_ENTRY + 1, DIRECTORY_ENTRY)
        ]
        if not entries:
            raise _Damaged
        file_size = len(self.data)

        def start_and_size(entry: bytes) -> tuple[int, int]:
            size = _u32(entry, 120)
            if self.sector_size != 512:
                size |= _u32(entry, 124) << 32
            if size > file_size:  # calamine reserves it before reading
                raise _Damaged
            return _u32(entry, 116), size

        # calamine reads the mini stream (the root entry's) and the mini FAT, needed or not.
        mini_start, mini_size = start_and_size(entries[0])
        mini_stream = self._read(mini_start, mini_size)
        mini_fat = self._read(self.first_mini_fat)
        names = [entry[:64].decode("utf-16-le", "ignore").split("\x00")[0] for entry in entries]
        found = next((names.index(n) for n in STREAM_NAMES if n in names), None)
        if found is None:
            raise _Damaged
        first, size = start_and_size(entries[found])
        if size >= MINI_STREAM_CUTOFF:
            return self._read(first, size)

        def next_mini(sector: int) -> int:
            if 4 * sector + 4 > len(mini_fat):
                raise _Damaged
            return _u32(mini_fat, 4 * sector)

        chain = self._chain(first, next_mini, -(-len(mini_stream) // MINI_SECTOR))
        stream = b"".join(
            mini_stream[MINI_SECTOR * sector : MINI_SECTOR * (sector + 1)] for sector in chain
        )
        if len(stream) < size:
            raise _Damaged
        return stream[:size]


def _records(stream: bytes, start: int) -> Iterator[tuple[int, int, int, list[bytes]]]:
    """(type, offset of its data, length, the data of the CONTINUE records after it), as
    calamine's record iterator reads them, until the stream ends."""
    end = len(stream)
    at = start
    while at < end:
        if end - at < 4:
            raise _Damaged
        kind, length = struct.unpack_from("<HH", stream, at)
        data = at + 4
        at = data + length
        if at > end:
            raise _Damaged
        continues: list[bytes] = []
        while end - at > 4 and _u16(stream, at) == CONTINUE:
            more = _u16(stream, at + 2)
            if at + 4 + more > end:
                raise _Damaged
            continues.append(stream[at + 4 : at + 4 + more])
            at += 4 + more
        yield kind, data, length, continues


class _Workbook:
    """The Workbook stream's records, measured."""

    def __init__(self, stream: bytes) -> None:
        self.stream = stream
        self.limit = int(settings.IMPORT_MAX_CELLS)
        self.budget = _TextBudget(())
        self.strings: array[int] = array("I")
        self.measured = 0  # cells of the sheets already measured

    def measure(self) -> None:
        stream = self.stream
        sheets: list[int] = []
        for kind, at, length, continues in _records(stream, 0):
            if kind == FILEPASS:
                raise _Damaged  # encrypted: calamine reads no cell of it
            if kind == SST:
                self.strings = _string_lengths(stream[at : at + length], continues, self.limit)
            elif kind == BOUNDSHEET:
                if length < 6:
                    raise _Damaged
                sheets.append(_u32(stream, at))
            elif kind == EOF:
                break
        self.budget = _TextBudget(self.strings)
        scanned = 0
        for index, start in enumerate(sheets):
            if start > len(stream):
                raise _Damaged
            scanned += self._measure_sheet(start, first=index == 0)
            if scanned > len(stream):
                raise _Damaged  # sheets that share records

    def _measure_sheet(self, start: int, *, first: bool) -> int:
        """Place the sheet's cells; the bytes read for it."""
        stream, budget = self.stream, self.budget
        extent = _Extent()
        formula_cell = (0, 0)
        end = len(stream)

        def include(row: int, column: int) -> None:
            if row > extent.rows or column > extent.columns:
                extent.rows, extent.columns = max(extent.rows, row), max(extent.columns, column)
                if first:
                    _check_extent(extent)  # the imported sheet, held as an XLSX first sheet
                if self.measured + extent.rows * extent.columns > self.limit:
                    raise too_many_cells(self.limit)

        for kind, at, length, _continues in _records(stream, start):
            if kind in CELLS:
                if length < 4:
                    raise _Damaged
                row, column = struct.unpack_from("<HH", stream, at)
                include(row + 1, column + 1)
                if kind in FORMULAS:
                    formula_cell = (row, column)
                self._charge(kind, at, length)
            elif kind == STRING:
                include(formula_cell[0] + 1, formula_cell[1] + 1)
                budget.add_text(length)
            elif kind == MULRK:
                if length < 6:
                    raise _Damaged
                row, column = struct.unpack_from("<HH", stream, at)
                last = _u16(stream, at + length - 2)
                if last < column:
                    raise _Damaged
                include(row + 1, last + 1)
            elif kind == DIMENSIONS:
                include(*_declared_end(stream[at : at + length]))
            elif kind == EOF:
                end = at + length
                break
        self.measured += extent.rows * extent.columns
        return end - start

    def _charge(self, kind: int, at: int, length: int) -> None:
        """Charge the text a cell record gives its cell to the budget."""
        stream = self.stream
        if kind == LABELSST and length >= 10:
            number = _u32(stream, at + 6)
            if number < len(self.strings):  # calamine leaves the cell empty otherwise
                self.budget.add_text(self.strings[number])
        elif kind in TEXT_CELLS:
            self.budget.add_text(length)  # no more characters than bytes
        elif kind in FORMULAS:
            self.budget.add_text(_formula_text(stream[at + 20 : at + length]))


def _declared_end(record: bytes) -> tuple[int, int]:
    """The last row and column (1-based) a DIMENSIONS record declares, read as calamine reads
    it. calamine reserves (last - first + 1) rows by columns cells, in 32-bit arithmetic: a last
    before the first would ask for billions."""
    if len(record) == 14:
        first_row, row_after, first_column, column_after = struct.unpack_from("<IIHH", record)
    elif len(record) == 10:
        first_row, row_after, first_column, column_after = struct.unpack_from("<HHHH", record)
    else:
        raise _Damaged
    if row_after >= 1 and column_after >= 1:
        last_row, last_column = row_after - 1, column_after - 1
    else:
        last_row, last_column = first_row, first_column
    if last_row < first_row or last_column < first_column:
        raise _Damaged
    return last_row + 1, last_column + 1


def _formula_text(parsed: bytes) -> int:
    """The most characters calamine writes for a formula (CellParsedFormula: its length, then
    its tokens)."""
    if len(parsed) < 2:
        return _FORMULA_MESSAGE
    tokens = parsed[2 : 2 + _u16(parsed, 0)]
    at, text = 0, _FORMULA_MESSAGE
    while at < len(tokens):
        ptg = tokens[at]
        base = ptg if ptg < 0x20 else (ptg & 0x1F) | 0x20
        rest = tokens[at + 1 :]
        size, characters = _TOKENS.get(base, (-1, 0))
        if base == 0x17 and len(rest) >= 2 and not rest[1] & 1:  # a string, one byte a char
            size, characters = 2 + rest[0], 2 + rest[0]
        elif base == 0x19 and len(rest) >= 3:  # an attribute: a choice, spaces, a SUM
            size, characters = _attribute(rest)
        elif base == 0x22 and rest:  # a function of `rest[0]` arguments
            size, characters = 3, 64 + rest[0]
        if size < 0 or size > len(rest):  # unknown here: charged at the highest rate
            return text + _MOST_PER_BYTE * (len(tokens) - at)
        text += characters
        at += 1 + size
    return text


def _attribute(rest: bytes) -> tuple[int, int]:
    kind = rest[0]
    if kind == 0x04:  # a choice: skipped with its jump table
        return 3 + 2 * (_u16(rest, 1) + 1), 0
    if kind in (0x40, 0x41):  # a run of spaces or line ends
        return 3, max(rest[1], rest[2])
    if kind == 0x10:
        return 3, 5  # SUM( )
    if kind in (0x01, 0x02, 0x08, 0x20, 0x21):
        return 3, 0
    return -1, 0


def _string_lengths(record: bytes, continues: list[bytes], limit: int) -> array[int]:
    """The length in characters of each string of the shared strings table (SST), read as
    calamine reads them (MS-XLS XLUnicodeRichExtendedString, split over CONTINUE records)."""
    if len(record) < 8:
        raise _Damaged
    count = struct.unpack_from("<i", record, 4)[0]
    if count < 0:
        raise _Damaged
    if count > limit:  # calamine reserves room for them all; no sheet can show more
        raise too_many_cells(limit)
    parts = _Parts([record[8:], *continues])
    lengths: array[int] = array("I")
    for _index in range(count):
        if not parts.left():
            parts.next_part()
        characters, flags = parts.unpack("<HB")
        runs = parts.unpack("<H")[0] if flags & 0x08 else 0
        extra = parts.unpack("<i")[0] if flags & 0x04 else 0
        if extra < 0:
            raise _Damaged
        wide, left = bool(flags & 0x01), characters
        while left:
            taken = min(parts.left() // (2 if wide else 1), left)
            parts.skip_here(taken * (2 if wide else 1))
            left -= taken
            if left:  # the string goes on in the next CONTINUE, after its own flags byte
                parts.next_part()
                wide = bool(parts.unpack("<B")[0] & 0x01)
        parts.skip(4 * runs + extra)
        lengths.append(characters)
    return lengths


class _Parts:
    """A record's data and its CONTINUE records, read in order."""

    def __init__(self, parts: list[bytes]) -> None:
        self.parts = parts
        self.index = 0
        self.at = 0

    def left(self) -> int:
        return len(self.parts[self.index]) - self.at

    def next_part(self) -> None:
        if self.index + 1 >= len(self.parts):
            raise _Damaged
        self.index += 1
        self.at = 0

    def unpack(self, layout: str) -> tuple[int, ...]:
        size = struct.calcsize(layout)
        if self.left() < size:
            raise _Damaged
        values = struct.unpack_from(layout, self.parts[self.index], self.at)
        self.at += size
        return values

    def skip_here(self, size: int) -> None:
        self.at += size

    def skip(self, size: int) -> None:
        while size:
            if not self.left():
                self.next_part()
            taken = min(size, self.left())
            self.at += taken
            size -= taken
