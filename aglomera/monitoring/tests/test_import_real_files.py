"""The real lists in shared/data/real/operations import whole, and their totals survive.

The files are third-party data kept outside the repository (settings.SHARED_DATA_DIR). A
missing directory fails these tests, unless ALLOW_MISSING_SHARED_DATA=1 says it may be absent.
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
from aglomera.monitoring.tests.import_helpers import import_file
from aglomera.strategy.tests.builders import make_opole, make_user

CZ_CSV = "cz_list_of_operations_2014-2020_2016-08.csv"
CZ_XLSX = "cz_list_of_operations_2014-2020_2016-08.xlsx"
PL_ERDF = "pl_mapadotacji_ERDF_2014-2020_cp1250.csv"
CENT = Decimal("0.01")


def real(name: str) -> Path:
    directory = Path(settings.SHARED_DATA_DIR) / "operations"
    if not directory.is_dir():
        if os.environ.get("ALLOW_MISSING_SHARED_DATA") == "1":
            pytest.skip(f"shared data missing at {directory} (ALLOW_MISSING_SHARED_DATA=1)")
        pytest.fail(
            f"The real lists of operations are missing: {directory} does not exist. Set "
            "SHARED_DATA_DIR to shared/data/real, or ALLOW_MISSING_SHARED_DATA=1 to skip."
        )
    return directory / name


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


def _db_totals() -> tuple[int, Decimal, Decimal]:
    sums = Operation.objects.aggregate(e=Sum("eligible_cost"), u=Sum("eu_contribution"))
    return (
        Operation.objects.count(),
        Decimal(sums["e"]).quantize(CENT),  # SQLite sums decimals as floats
        Decimal(sums["u"]).quantize(CENT),
    )


@pytest.mark.parametrize("name", [CZ_CSV, CZ_XLSX])
def test_the_real_czech_list_imports_with_the_files_totals(db: None, name: str) -> None:
    # Given the real CZ 2014-2020 list: 1,787 rows after the header, of which 1,772 are
    # operations, then a blank row, a legend of programme codes (9 rows) and 5 blank rows
    path = real(name)
    if name.endswith(".csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            rows: list[list[Any]] = list(csv.reader(handle))[1:]
    else:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        rows = [list(r) for r in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert len(rows) == 1787
    operations = [r for r in rows if str(r[0] or "").startswith("CZ.")]
    expected = _file_totals(operations, 8, 9)
    world = PipelineWorld.create()
    # When it is imported
    job = import_file(world.agglomeration, path, actor=world.user(Role.MANAGER))
    # Then it lands whole and the totals are the file's
    assert job.status == ImportStatus.SUCCEEDED, (job.error, job.refused[:5])
    assert job.rows_total == job.created == expected[0] == 1772
    assert _db_totals() == expected


def test_the_real_polish_erdf_list_imports_with_the_files_totals(db: None) -> None:
    # Given the real mapadotacji ERDF list in cp1250
    path = real(PL_ERDF)
    with path.open(encoding="cp1250", newline="") as handle:
        rows: list[list[Any]] = list(csv.reader(handle, delimiter=";"))[1:]
    expected = _file_totals([r for r in rows if any(r)], 2, 3)
    opole = make_opole()
    boss = make_user("opole-boss", (opole, Role.MANAGER))
    # When it is imported
    job = import_file(opole, path, actor=boss, layout=SourceLayout.PL, source_name="ERDF")
    # Then it lands whole and the totals are the file's
    assert job.status == ImportStatus.SUCCEEDED, (job.error, job.refused[:5])
    assert job.created == expected[0] == 749
    assert _db_totals() == expected
