"""Validate every row of a list: the clean rows, and every refused row with its reason.

`validate` reads the whole file in Python (no database work per row) and returns the clean rows
and every refused row with its number, column and reason. `merge.merge` then writes the clean
rows with set-based SQL.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from aglomera.core.text import control_character
from aglomera.monitoring import texts
from aglomera.monitoring.importing import normalize
from aglomera.monitoring.importing.bases import complete_eu_claims
from aglomera.monitoring.importing.layouts import FIELDS, MAX_LENGTHS, ROW_REQUIRED, Layout
from aglomera.monitoring.importing.parsing import FileRefused, open_table

PROGRESS_EVERY = 1000
# At most this many refused rows are kept in the report (the count is always exact).
MAX_REFUSED_LISTED = 1000


@dataclass
class Refusal:
    """A refused row: its number, the file's header of the column (blank when the file has no
    such column) and the field, and why as a code of aglomera/monitoring/texts.py with its
    parameters. The report stores this; the sentence is written when it is read."""

    row: int
    column: str
    field: str
    code: str
    params: dict[str, Any]

    @property
    def reason(self) -> str:
        return texts.row_text(self.code, self.params)

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "field": self.field,
            "code": self.code,
            "params": self.params,
        }


@dataclass
class Validated:
    rows: dict[str, dict[str, Any]]  # registration number (or synthetic key) -> field values
    fields: tuple[str, ...]  # fields the file provides
    refused: list[Refusal] = field(default_factory=list)
    refused_count: int = 0  # refused rows (a row may have several reasons)
    rows_read: int = 0


def synthetic_key(beneficiary: str, name: str) -> str:
    """A stable key for lists without a project number (Polish mapadotacji exports)."""
    digest = hashlib.sha256(f"{beneficiary.casefold()}\x1f{name.casefold()}".encode()).hexdigest()
    return f"PL-{digest[:20].upper()}"


def _cell(cells: list[Any], index: int) -> Any:
    return cells[index] if index < len(cells) else None


def _blank(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _is_trailer(cells: list[Any], column: int | None, prefix: str) -> bool:
    """A legend row below the data: its registration-number cell is not a number at all."""
    if not prefix or column is None:
        return False
    return not normalize.normalize_registration_number(_cell(cells, column)).startswith(prefix)


# field, column, parse, max length, and the values already parsed from text cells
Error = tuple[str, str, dict[str, Any]]  # field, code, parameters
Parser = tuple[str, int, Callable[[Any], Any], int, dict[str, Any]]


def _row_parsers(columns: dict[str, int], country: str) -> list[Parser]:
    """What to do with each mapped column, worked out once per file rather than per row."""
    parsers: list[Parser] = []
    for name, index in columns.items():
        spec = FIELDS[name]
        parse = partial(spec.parse, country=country) if spec.country_aware else spec.parse
        parsers.append((name, index, parse, MAX_LENGTHS.get(name, 0), {}))
    return parsers


def _parse_row(cells: list[Any], parsers: list[Parser]) -> tuple[dict[str, Any], list[Error]]:
    values: dict[str, Any] = {}
    errors: list[Error] = []
    width = len(cells)
    for name, index, parse, limit, seen in parsers:
        cell = cells[index] if index < width else None
        # States, calls, programmes and beneficiaries repeat: a text cell is parsed once per
        # file. Only text is remembered: True == 1.0 would mix a boolean cell with a number.
        if type(cell) is str:
            if cell in seen:
                values[name] = seen[cell]
                continue
            if code := control_character(cell):
                errors.append((name, texts.CONTROL_CHARACTER, {"code": code}))
                continue
        try:
            value = parse(cell)
        except normalize.BadValue as error:
            errors.append((name, error.code, error.params))
            continue
        if limit and len(value) > limit:
            errors.append((name, texts.TOO_LONG, {"limit": limit}))
            continue
        values[name] = value
        if type(cell) is str:
            seen[cell] = value
    for name in ROW_REQUIRED:
        if name in values and not values[name]:
            errors.append((name, texts.MISSING, {}))
    return values, errors


def validate(
    path: Path,
    file_name: str,
    layout: Layout,
    *,
    country: str,
    progress: Callable[[int, int], None] | None = None,
) -> Validated:
    """Every row parsed and checked; FileRefused when the file as a whole cannot be read."""
    table = open_table(path, file_name, layout)
    headers = table.headers
    result = Validated(rows={}, fields=tuple(table.columns))
    first_row: dict[str, int] = {}
    repeats: dict[str, int] = {}
    refused_rows: set[int] = set()

    def refuse(row: int, field_name: str, code: str, params: dict[str, Any]) -> None:
        refused_rows.add(row)  # rows are counted, not reasons
        result.refused_count = len(refused_rows)
        if len(result.refused) < MAX_REFUSED_LISTED:
            index = table.columns.get(field_name)
            column = headers[index] if index is not None else ""
            result.refused.append(Refusal(row, column, field_name, code, params))

    parsers = _row_parsers(table.columns, country)
    number_column = table.columns.get("registration_number")
    after_blank = False
    for number, cells in table.rows:
        if _blank(cells):
            after_blank = True
            continue
        if after_blank and _is_trailer(cells, number_column, layout.trailer_prefix):
            continue
        result.rows_read += 1
        if progress and result.rows_read % PROGRESS_EVERY == 0:
            progress(result.rows_read, table.rows_estimate)
        values, errors = _parse_row(cells, parsers)
        for field_name, code, params in errors:
            refuse(number, field_name, code, params)
        if errors:
            continue
        if layout.synthetic_key:
            key = synthetic_key(values["beneficiary"], values["name"])
            repeats[key] = repeats.get(key, 0) + 1
            if repeats[key] > 1:
                key = f"{key}#{repeats[key]}"
            values["registration_number"] = key
        key = values["registration_number"]
        if key in first_row:
            refuse(
                number,
                "registration_number",
                texts.DUPLICATE_NUMBER,
                {"number": key, "row": first_row[key]},
            )
            continue
        first_row[key] = number
        result.rows[key] = values
    if result.rows_read == 0:
        raise FileRefused(texts.NO_ROWS)
    result.fields = complete_eu_claims(result.rows, result.fields)
    if progress:
        progress(result.rows_read, result.rows_read)
    return result
