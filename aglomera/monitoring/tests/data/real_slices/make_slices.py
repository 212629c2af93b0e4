"""Writes the slices of the real lists of operations that the import tests read in every clone.

    python aglomera/monitoring/tests/data/real_slices/make_slices.py [SHARED_OPERATIONS_DIR]

The whole lists are third-party files kept outside the repository (shared/data/real/operations,
provenance in its README.md and in DATA_SOURCES.md). A slice keeps the header, a few dozen rows
chosen by the rules below and, for the Czech list, the blank row, legend and empty styled rows
that end it. CSV slices are the original lines, byte for byte (encoding, CRLF or LF, the missing
newline at the end of the Polish files); the XLSX slice is the original workbook with the other
rows deleted (openpyxl), so its header, styles, number types and trailer stay real.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = HERE.parents[5] / "shared" / "data" / "real" / "operations"
CZ = "cz_list_of_operations_2014-2020_2016-08"
PL = (
    "pl_mapadotacji_ERDF_2014-2020_cp1250",
    "pl_mapadotacji_ESF_2014-2020_cp1250",
    "pl_mapadotacji_CF_2014-2020_cp1250",
)
FIRST_ROWS = 25


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def _records(lines: list[bytes], encoding: str, delimiter: str) -> list[list[str]]:
    """The CSV records, checked to be one per line (so that lines can be cut as they are)."""
    records = [next(csv.reader([line.decode(encoding)], delimiter=delimiter)) for line in lines]
    assert len(records) == len(list(csv.reader(_text(lines, encoding), delimiter=delimiter)))
    return records


def _text(lines: list[bytes], encoding: str) -> list[str]:
    return b"".join(lines).decode(encoding).splitlines(keepends=True)


def _first(records: list[list[str]], test: Callable[[list[str]], bool], count: int) -> list[int]:
    """The indexes of the first `count` records (after the header) that pass `test`."""
    return [i for i, r in enumerate(records) if i and test(r)][:count]


def czech_rows(records: list[list[str]]) -> list[int]:
    """Line indexes (0 = header): the first rows, the first row of each state and programme,
    rows with quotes, decimals, an X in the number (OP 30) and Interreg numbers, and everything
    after the last operation (blank row, legend of programme codes, empty styled rows)."""
    operations = [i for i, r in enumerate(records) if r[0].startswith("CZ.")]
    keep = {0, *operations[:FIRST_ROWS]}
    for column in (3, 7):  # Kód stavu, Operační program
        seen: set[str] = set()
        for i in operations:
            if records[i][column] not in seen:
                seen.add(records[i][column])
                keep.add(i)
    keep.update(_first(records, lambda r: '"' in "".join(r), 3))
    keep.update(_first(records, lambda r: r[0].startswith("CZ.") and "." in r[8], 3))
    keep.update(_first(records, lambda r: ".X." in r[0], 2))
    keep.update(_first(records, lambda r: r[0].startswith("CZ.11."), 2))
    keep.update(range(operations[-1] + 1, len(records)))
    return sorted(keep)


def polish_rows(records: list[list[str]]) -> list[int]:
    """The header, the first rows, titles with quotation marks and titles cut at about 255
    characters, and the last row (the file ends without a newline)."""
    keep = {0, *range(1, FIRST_ROWS + 1), len(records) - 1}
    keep.update(_first(records, lambda r: any(q in r[0] for q in '"„”'), 5))
    keep.update(_first(records, lambda r: len(r[0]) >= 250, 3))
    return sorted(keep)


def write_csv(source: Path, target: Path, rows: list[int]) -> None:
    lines = _lines(source)
    target.write_bytes(b"".join(lines[i] for i in rows))


def write_xlsx(source: Path, target: Path, rows: list[int]) -> None:
    workbook = openpyxl.load_workbook(source)
    sheet = workbook.worksheets[0]
    kept = {i + 1 for i in rows}  # sheet rows are 1-based
    for number in range(sheet.max_row, 0, -1):
        if number not in kept:
            sheet.delete_rows(number)
    last_operation = max(
        r for r in range(1, sheet.max_row + 1) if str(sheet.cell(r, 1).value).startswith("CZ.")
    )
    sheet.auto_filter.ref = f"A1:J{last_operation}"
    view = sheet.sheet_view
    view.topLeftCell = "A1"
    view.selection[0].activeCell = view.selection[0].sqref = "A1"
    workbook.save(target)


def main(shared: Path) -> None:
    lines = _lines(shared / f"{CZ}.csv")
    rows = czech_rows(_records(lines, "utf-8", ","))
    write_csv(shared / f"{CZ}.csv", HERE / f"{CZ}_slice.csv", rows)
    write_xlsx(shared / f"{CZ}.xlsx", HERE / f"{CZ}_slice.xlsx", rows)
    print(f"{CZ}: {len(rows)} of {len(lines)} lines")
    for name in PL:
        lines = _lines(shared / f"{name}.csv")
        rows = polish_rows(_records(lines, "cp1250", ";"))
        write_csv(shared / f"{name}.csv", HERE / f"{name}_slice.csv", rows)
        print(f"{name}: {len(rows)} of {len(lines)} lines")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SHARED)
