"""`manage.py export_art49`: the web's Art. 49(3) list on the command line, written atomically."""

from __future__ import annotations

import csv
import io
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from openpyxl import load_workbook

from aglomera.intentions.models import IntentionStatus
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.reports import art49
from aglomera.monitoring.tests.builders import operation_outside_iti

BENEFICIARY = "=1+1 beneficiary"
BENEFICIARY_NAME = "Beneficiary name [Art. 49(3)(a)]"


@pytest.fixture
def world(db: None) -> PipelineWorld:
    """An intention with a legal act, of an applicant with a hostile name, and an imported
    operation selected for support."""
    world = PipelineWorld.create()
    world.applicant_org.name = BENEFICIARY
    world.applicant_org.save(update_fields=["name"])
    intention = world.draft(name="Cyklostezka", registration_number="CZ.A/1")
    world.walk(intention, IntentionStatus.LEGAL_ACT)
    operation_outside_iti(
        world.agglomeration,
        eligible_cost=Decimal("-1500.00"),
        total_cost=Decimal("-1500.00"),
        eu_contribution=Decimal("0"),
        state_code="PP30",
    )
    return world


def run(*args: str, stdout: Any = None, **options: Any) -> tuple[Any, str]:
    out = stdout if stdout is not None else io.StringIO()
    err = io.StringIO()
    call_command("export_art49", *args, stdout=out, stderr=err, **options)
    return out, err.getvalue()


def test_it_writes_the_csv_to_stdout_as_the_web_does(world: PipelineWorld) -> None:
    # When the list is exported as CSV without --output
    out, err = run(agglomeration="olomouc", format="csv")
    # Then stdout carries exactly the file of the web's report, and the summary goes to stderr
    today = timezone.localdate()
    assert out.getvalue().encode("utf-8") == art49.art49_files(world.agglomeration, today)["csv"]
    assert err.strip() == f"Art. 49(3) list of olomouc as of {today}: 2 operations, csv."
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [row[BENEFICIARY_NAME] for row in rows] == ["Obec Bystročice", "'=1+1 beneficiary"]


def test_it_writes_the_json_to_stdout(world: PipelineWorld) -> None:
    out, _err = run(agglomeration="olomouc", format="json")
    assert '"beneficiary": "=1+1 beneficiary"' in out.getvalue()


def test_it_writes_an_xlsx_that_opens_to_a_file(world: PipelineWorld, tmp_path: Path) -> None:
    # Given an older file at the target
    target = tmp_path / "operations.xlsx"
    target.write_bytes(b"yesterday's list")
    # When the list is exported as XLSX to that file
    out, _err = run(agglomeration="olomouc", format="xlsx", output=str(target))
    # Then the file is replaced whole, nothing else is left in the folder
    assert [p.name for p in tmp_path.iterdir()] == ["operations.xlsx"]
    assert out.getvalue().strip().endswith(f"2 operations, xlsx, written to {target}.")
    # And the workbook opens, with the hostile name as text and the amount as a number
    sheet = load_workbook(target).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(2, values_only=True)]
    assert rows[0]["Total cost of the operation [Art. 49(3)(h)]"] == -1500
    assert rows[1][BENEFICIARY_NAME] == BENEFICIARY
    # And the file is readable as any file the user creates (the umask applies)
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_it_writes_xlsx_bytes_to_a_redirected_stdout(world: PipelineWorld) -> None:
    # Given stdout redirected to a file or a pipe (a binary buffer under the text stream)
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    # When the XLSX goes to stdout
    run(agglomeration="olomouc", format="xlsx", stdout=stream)
    # Then the bytes are the workbook itself
    data = stream.buffer.getvalue()
    assert data.startswith(b"PK")
    assert load_workbook(io.BytesIO(data)).active["A1"].value.startswith("Unique code")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_it_refuses_to_write_an_xlsx_to_a_terminal(world: PipelineWorld) -> None:
    terminal = Terminal()
    with pytest.raises(CommandError, match="XLSX file is binary: write it with --output"):
        run(agglomeration="olomouc", format="xlsx", stdout=terminal)
    assert terminal.getvalue() == ""


def test_the_list_is_stated_as_of_the_day_given(world: PipelineWorld) -> None:
    # Before the application was filed (today), the list holds the imported operation only
    out, err = run(agglomeration="olomouc", format="csv", as_of="2020-01-01")
    assert len(list(csv.DictReader(io.StringIO(out.getvalue())))) == 1
    assert "as of 2020-01-01: 1 operations" in err


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"agglomeration": "atlantis", "format": "csv"}, "No agglomeration with the slug"),
        ({"agglomeration": "olomouc", "format": "csv", "as_of": "2025-02-30"}, "real date"),
        ({"agglomeration": "olomouc", "format": "csv", "as_of": "yesterday"}, "YYYY-MM-DD"),
        ({"agglomeration": "olomouc", "format": "pdf"}, "invalid choice: 'pdf'"),
        ({"agglomeration": "olomouc", "format": "csv", "output": "/nonexistent/x.csv"}, "folder"),
    ],
)
def test_bad_input_gives_a_clear_error(
    world: PipelineWorld, options: dict[str, str], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        run(**options)


def test_a_folder_is_not_a_file_name(world: PipelineWorld, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="is a folder; give a file name"):
        run(agglomeration="olomouc", format="csv", output=str(tmp_path))


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    world: PipelineWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a published file, and a disk that fails while the new one is written
    target = tmp_path / "operations.csv"
    target.write_bytes(b"yesterday's list")

    def full_disk(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    # When the list is exported over it
    with pytest.raises(CommandError, match=r"Could not write .*No space left on device"):
        run(agglomeration="olomouc", format="csv", output=str(target))
    # Then the published file is untouched and no temporary file is left
    assert target.read_bytes() == b"yesterday's list"
    assert [p.name for p in tmp_path.iterdir()] == ["operations.csv"]
