"""The real lists of operations import whole, and their totals survive.

Every real layout is tested in every clone from slices of the real lists, committed under
data/real_slices/ (made by its make_slices.py: the header, a few dozen real rows and the Czech
list's blank row, legend and empty styled rows, in the original encoding and line endings;
provenance in DATA_SOURCES.md). The whole lists are third-party files kept outside the
repository (settings.SHARED_DATA_DIR, the steering repo's shared/data/real): their tests skip
where that folder is absent, and fail instead when REQUIRE_SHARED_DATA=1 (CI sets it).
"""

from __future__ import annotations

import csv
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.conf import settings
from django.db.models import Sum

from aglomera.accounts.models import Role
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.models import ImportStatus, Operation, SourceLayout
from aglomera.monitoring.tests.import_helpers import every_row_is_ours, import_file
from aglomera.strategy.tests.builders import make_opole, make_user

CZ = "cz_list_of_operations_2014-2020_2016-08"
PL_ERDF = "pl_mapadotacji_ERDF_2014-2020_cp1250"
PL_ESF = "pl_mapadotacji_ESF_2014-2020_cp1250"
PL_CF = "pl_mapadotacji_CF_2014-2020_cp1250"
SLICES = Path(__file__).resolve().parent / "data" / "real_slices"
CENT = Decimal("0.01")


def whole(name: str) -> Path:
    """A whole real list from SHARED_DATA_DIR: skipped where it is absent, unless required."""
    directory = Path(settings.SHARED_DATA_DIR) / "operations"
    if not directory.is_dir():
        reason = f"the real lists are not here: {directory} does not exist (SHARED_DATA_DIR)"
        if os.environ.get("REQUIRE_SHARED_DATA") == "1":
            pytest.fail(f"{reason}, and REQUIRE_SHARED_DATA=1 requires them.")
        pytest.skip(f"{reason}; their committed slices are tested instead.")
    return directory / name


def real_list(kind: str, name: str) -> Path:
    return SLICES / name.replace(".", "_slice.", 1) if kind == "slice" else whole(name)


def _amount(value: Any) -> Decimal:
    if value in (None, ""):
        return Decimal("0")
    return Decimal(str(value)).quantize(CENT)


def _file_totals(data: list[list[Any]], eligible: int, eu: int) -> tuple[int, Decimal, Decimal]:
    return (
        len(data),
        sum((_amount(r[eligible]) for r in data), Decimal("0")),
        sum((_amount(r[eu]) for r in data), Decimal("0")),
    )


def _db_totals(basis: str = "eligible_cost") -> tuple[int, Decimal, Decimal]:
    """Operations, and the sums of the basis the list's first amount column is on and of the
    EU contribution."""
    sums = Operation.objects.aggregate(e=Sum(basis), u=Sum("eu_contribution"))
    return (
        Operation.objects.count(),
        Decimal(sums["e"]).quantize(CENT),  # SQLite sums decimals as floats
        Decimal(sums["u"]).quantize(CENT),
    )


def _czech_rows(path: Path) -> list[list[Any]]:
    """The rows below the header, read independently of the import (csv / openpyxl)."""
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.reader(handle))[1:]
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    return [list(r) for r in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)]


@pytest.mark.parametrize(
    ("kind", "name", "rows_below_header", "operations"),
    [
        # the whole list: 1,787 rows after the header, of which 1,772 are operations, then a
        # blank row, a legend of programme codes (9 rows) and 5 empty styled rows
        ("whole", f"{CZ}.csv", 1787, 1772),
        ("whole", f"{CZ}.xlsx", 1787, 1772),
        # the slice: 40 of those operations and the same 15 rows after them
        ("slice", f"{CZ}.csv", 55, 40),
        ("slice", f"{CZ}.xlsx", 55, 40),
    ],
)
def test_the_real_czech_list_imports_with_the_files_totals(
    world: PipelineWorld, kind: str, name: str, rows_below_header: int, operations: int
) -> None:
    # Given the real CZ 2014-2020 list (or its slice), with its legend below the data
    path = real_list(kind, name)
    rows = _czech_rows(path)
    assert len(rows) == rows_below_header
    expected = _file_totals([r for r in rows if str(r[0] or "").startswith("CZ.")], 8, 9)
    assert expected[0] == operations
    # When it is imported
    job = import_file(world.agglomeration, path, actor=world.user(Role.MANAGER))
    # Then it lands whole and the totals are the file's
    assert job.status == ImportStatus.SUCCEEDED, (job.failure_message, job.refused_rows[:5])
    assert job.rows_total == job.created == operations
    assert _db_totals() == expected


@pytest.mark.parametrize(
    ("kind", "name", "operations"),
    [
        ("whole", f"{PL_ERDF}.csv", 749),
        ("whole", f"{PL_ESF}.csv", 2437),
        ("whole", f"{PL_CF}.csv", 125),
        ("slice", f"{PL_ERDF}.csv", 31),
        ("slice", f"{PL_ESF}.csv", 34),
        ("slice", f"{PL_CF}.csv", 33),
    ],
)
def test_the_real_polish_lists_import_with_the_files_totals(
    db: None, kind: str, name: str, operations: int
) -> None:
    # Given a real mapadotacji list in cp1250 (or its slice)
    path = real_list(kind, name)
    with path.open(encoding="cp1250", newline="") as handle:
        rows: list[list[Any]] = list(csv.reader(handle, delimiter=";"))[1:]
    expected = _file_totals([r for r in rows if any(r)], 2, 3)
    opole = every_row_is_ours(make_opole())
    boss = make_user("opole-boss", (opole, Role.MANAGER))
    # When it is imported
    job = import_file(opole, path, actor=boss, layout=SourceLayout.PL, source_name="ERDF")
    # Then it lands whole and the totals are the file's: "Wartość projektu" is total cost
    assert job.status == ImportStatus.SUCCEEDED, (job.failure_message, job.refused_rows[:5])
    assert job.created == expected[0] == operations
    assert _db_totals("total_cost") == expected
    assert not Operation.objects.filter(eligible_cost__isnull=False).exists()


@pytest.mark.parametrize("name", [f"{CZ}.csv", f"{PL_ERDF}.csv", f"{PL_ESF}.csv", f"{PL_CF}.csv"])
def test_each_csv_slice_is_lines_of_its_real_list_byte_for_byte(name: str) -> None:
    # The slice keeps the list's encoding, line endings and missing final newline
    original = whole(name).read_bytes().splitlines(keepends=True)
    sliced = real_list("slice", name).read_bytes().splitlines(keepends=True)
    assert sliced[0] == original[0]  # the header
    assert sliced[-1] == original[-1]  # how the file ends
    position = 0
    for line in sliced:  # every line is the list's, in the list's order
        position = original.index(line, position) + 1


def test_the_whole_lists_are_required_when_ci_says_so(
    monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Path
) -> None:
    settings.SHARED_DATA_DIR = tmp_path / "absent"
    monkeypatch.setenv("REQUIRE_SHARED_DATA", "1")
    with pytest.raises(pytest.fail.Exception, match="REQUIRE_SHARED_DATA=1 requires them"):
        whole(f"{CZ}.csv")
    monkeypatch.delenv("REQUIRE_SHARED_DATA")
    with pytest.raises(pytest.skip.Exception, match="committed slices are tested instead"):
        whole(f"{CZ}.csv")


@pytest.mark.parametrize(("kind", "operations"), [("whole", 1772), ("slice", 40)])
def test_the_national_list_stays_outside_an_agglomeration_it_does_not_concern(
    bare_world: PipelineWorld, kind: str, operations: int
) -> None:
    # Given the Czech national list of August 2016 and Olomouc, none of whose intentions, calls
    # or rules concerns any of its operations (issue 10, point 4: it once stored all 1,772)
    path = real_list(kind, f"{CZ}.csv")
    rows = _czech_rows(path)
    expected = _file_totals([r for r in rows if str(r[0] or "").startswith("CZ.")], 8, 9)
    # When it is imported
    job = import_file(bare_world.agglomeration, path, actor=bare_world.user(Role.MANAGER))
    # Then nothing is stored, and every operation is counted outside with the file's totals
    assert job.status == ImportStatus.SUCCEEDED, job.failure_message
    assert (job.created, job.outside) == (0, operations)
    assert not Operation.objects.exists()
    outside = job.scope["outside"]["totals"]
    assert Decimal(outside["eligible_cost"]["sum"]) == expected[1]
    assert Decimal(outside["eu_contribution"]["sum"]) == expected[2]
