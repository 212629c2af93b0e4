"""Why an import refused its file or a row is stored as a code with its parameters and written in
the reader's language when shown (issue 11, point 7): a manager who imports in Polish and a
colleague who reads in Czech reads Czech."""

from __future__ import annotations

import importlib
import pickle
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aglomera.accounts.models import Role
from aglomera.core.amounts import format_quantity
from aglomera.core.texts import TEXTS, render
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring import texts
from aglomera.monitoring.importing.layouts import FIELDS
from aglomera.monitoring.importing.normalize import BadValue
from aglomera.monitoring.importing.parsing import FileRefused
from aglomera.monitoring.models import ImportJob, ImportStatus
from aglomera.monitoring.tests.import_helpers import (
    FIRST,
    cz_2014_csv,
    cz_row,
    import_file,
    manager,
    write,
)

SECOND = "CZ.06.2.56/0.0/0.0/16_043/0000002"

# Parameters of every code, as an import stores them.
SAMPLES: dict[str, dict[str, Any]] = {
    texts.UNEXPECTED: {},
    texts.ROWS_REFUSED: {"count": 12345, "total": 23456},
    texts.TOO_LARGE: {"mib": 1024},
    texts.FILE_GONE: {},
    texts.EMPTY: {},
    texts.PDF: {},
    texts.ENCRYPTED_XLSX: {"name": "seznam.xlsx"},
    texts.NAMED_BUT_XLS: {"name": "seznam.csv"},
    texts.ZIP_NOT_SPREADSHEET: {},
    texts.NAMED_BUT_ODS: {"name": "seznam.xlsx"},
    texts.NAMED_BUT_XLSX: {"name": "seznam.ods"},
    texts.NOT_XLSX: {"name": "seznam.xlsx"},
    texts.NOT_ODS: {"name": "seznam.ods"},
    texts.BINARY: {},
    texts.DUPLICATE_COLUMNS: {"row": 1, "names": ["Žadatel", "Příspěvek EU"]},
    texts.MISSING_COLUMNS: {"row": 1, "columns": [["Příspěvek EU", "eu_contribution"]]},
    texts.UNKNOWN_ENCODING: {"encoding": "klingon"},
    texts.WRONG_ENCODING: {"encoding": "utf-8", "line": 3},
    texts.UTF8_NOT_CP1250: {"encoding": "cp1250"},
    texts.HEADER_TOO_LONG: {"row": 1, "limit": 3000, "column": 2},
    texts.HEADER_CONTROL: {"row": 1, "column": 2},
    texts.CSV_UNREADABLE: {"line": 4, "error": "unexpected end of data"},
    texts.LINE_TOO_WIDE: {"line": 4, "columns": 20000, "limit": 10000},
    texts.TOO_MANY_CELLS: {"limit": 100000100},
    texts.XLS_UNREADABLE: {},
    texts.ODS_UNREADABLE: {},
    texts.XLSX_DAMAGED: {},
    texts.TEXT_TOO_LONG: {"limit": 52428800},
    texts.ODS_UNPACKS_TOO_MUCH: {"mib": 2048},
    texts.XLSX_UNPACKS_TOO_MUCH: {"mib": 2048},
    texts.SHEET_TOO_WIDE: {"column": "XFD", "cell": "XFD2", "limit": 16384},
    texts.SHEET_TOO_LARGE: {
        "cell": "IV65536",
        "rows": 65536,
        "columns": 256,
        "cells": 16777216,
        "limit": 10000000,
    },
    texts.NO_ROWS: {},
    texts.CONTROL_CHARACTER: {"code": "U+0000"},
    texts.TOO_LONG: {"limit": 1000},
    texts.MISSING: {},
    texts.DUPLICATE_NUMBER: {"number": FIRST, "row": 2},
    texts.NOT_AMOUNT: {},
    texts.AMBIGUOUS_AMOUNT: {"value": "1.234", "mark": "."},
    texts.MISPLACED_SEPARATORS: {},
    texts.NEGATIVE: {},
    texts.AMOUNT_TOO_LARGE: {},
    texts.UNREAL_DATE: {"value": "31. 2. 2024"},
    texts.NOT_DATE: {},
    texts.AMBIGUOUS_DATE: {"value": "05/06/2024"},
    texts.NOT_DATE_TEXT: {"value": "včera"},
    texts.BAD_ICO: {"value": "123456789"},
    texts.NUMBER_MISSING: {},
    texts.NOT_REGISTRATION_NUMBER: {"value": "CZ.1/2", "country": "CZ"},
    texts.NOT_NUTS3: {"value": "X"},
}
IMPORT_CODES = sorted(
    code for code in TEXTS if code.startswith(("monitoring.import_file_", "monitoring.import_row_"))
)


def test_every_code_has_a_sample_here() -> None:
    render(texts.EMPTY, {})  # every app's texts are declared
    assert sorted(SAMPLES) == IMPORT_CODES


@pytest.mark.parametrize("language", ["en", "cs", "pl"])
@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_every_code_reads_as_a_sentence_never_as_a_code(code: str, language: str) -> None:
    with translation.override(language):
        shown = texts.import_text(code, SAMPLES[code])
        row = texts.row_text(code, SAMPLES[code])
        rendered = render(code, SAMPLES[code])
    assert shown == row == rendered
    assert shown.strip() and "monitoring." not in shown and "%(" not in shown


@pytest.mark.parametrize("language", ["en", "cs", "pl"])
def test_counts_and_limits_read_in_the_readers_number_format(language: str) -> None:
    with translation.override(language):
        shown = texts.import_text(texts.ROWS_REFUSED, {"count": 12345, "total": 23456})
        cells = texts.import_text(texts.TOO_MANY_CELLS, {"limit": 100000100})
        grouped = format_quantity(Decimal(12345)), format_quantity(Decimal(100000100))
    assert grouped[0] in shown and grouped[1] in cells
    assert "12345" not in shown  # grouped as the language groups thousands
    if language == "en":
        assert shown.startswith("12,345 of 23,456 rows are refused")


def test_a_missing_column_is_named_in_the_readers_language() -> None:
    params = {"row": 1, "columns": [["Příspěvek EU", "eu_contribution"], ["X", "gone_field"]]}
    with translation.override("cs"):
        shown = texts.import_text(texts.MISSING_COLUMNS, params)
        label = str(FIELDS["eu_contribution"].label)
    assert f"„Příspěvek EU“ ({label})" in shown  # Czech quotation marks
    assert "„X“ (gone_field)" in shown  # a field this version no longer has: its name


@pytest.mark.parametrize(
    ("code", "params"),
    [
        ("monitoring.import_file_from_a_later_version", {}),
        (texts.TOO_MANY_CELLS, {}),  # parameters that do not fit the code
        (texts.TOO_MANY_CELLS, {"limit": "many"}),
        (texts.TOO_MANY_CELLS, ["not", "a", "mapping"]),
        ("", {}),
    ],
)
def test_an_unknown_code_reads_as_a_generic_sentence(code: str, params: Any) -> None:
    with translation.override("en"):
        shown = texts.import_text(code, params)
        row = texts.row_text(code, params)
    assert shown == (
        "The import was refused for a reason this version of Aglomera cannot describe."
    )
    assert row == "The value was refused for a reason this version of Aglomera cannot describe."


def test_refusals_carry_their_code_and_read_in_the_active_language() -> None:
    refused = FileRefused(texts.TOO_MANY_CELLS, limit=1000)
    value = BadValue(texts.NOT_NUTS3, value="X")
    assert (refused.code, refused.params) == (texts.TOO_MANY_CELLS, {"limit": 1000})
    assert (value.code, value.params) == (texts.NOT_NUTS3, {"value": "X"})
    with translation.override("en"):
        assert str(refused) == refused.message
        assert "more than 1,000 cells" in refused.message
        assert str(value) == "“X” is not a NUTS 3 code (e.g. CZ071)."
    with translation.override("cs"):
        assert str(FileRefused(texts.EMPTY)) == "Soubor je prázdný."


def _polish_import(world: PipelineWorld, tmp_path: Path, content: str) -> ImportJob:
    path = write(tmp_path, "lista.csv", content)
    with translation.override("pl"):
        return import_file(world.agglomeration, path, actor=manager(world))


def test_an_import_run_in_polish_reads_in_czech_and_in_english(
    world: PipelineWorld, tmp_path: Path
) -> None:
    # Given a list with a row without a name, imported by a manager whose page is in Polish
    job = _polish_import(world, tmp_path, cz_2014_csv(cz_row(), cz_row(SECOND, name="")))
    # Then what is stored is codes and parameters, no sentence in any language
    assert job.status == ImportStatus.FAILED
    job.refresh_from_db()
    assert (job.error, job.error_code) == ("", texts.ROWS_REFUSED)
    assert job.error_params == {"count": 1, "total": 2}
    assert job.refused == [
        {
            "row": 3,
            "column": "Název projektu CZ",
            "field": "name",
            "code": texts.MISSING,
            "params": {},
        }
    ]
    # And each reader reads it in their own language
    with translation.override("cs"):
        assert job.failure_message.startswith("Odmítnuto 1 z 2 řádků")
        assert job.refused_rows == [
            {
                "row": 3,
                "column": "Název projektu CZ",
                "reason": "Tato hodnota chybí.",
                "code": texts.MISSING,
            }
        ]
    with translation.override("en"):
        assert job.failure_message.startswith("1 of 2 rows are refused; nothing was imported.")
        assert job.refused_rows[0]["reason"] == "This value is missing."
    with translation.override("pl"):
        assert job.failure_message.startswith("Odrzucono 1 z 2 wierszy")
        assert job.refused_rows[0]["reason"] == "Brak tej wartości."


def test_a_file_refused_in_polish_reads_in_czech(world: PipelineWorld, tmp_path: Path) -> None:
    job = _polish_import(world, tmp_path, "")
    assert (job.error, job.error_code, job.error_params) == ("", texts.EMPTY, {})
    with translation.override("cs"):
        assert job.failure_message == "Soubor je prázdný."
    with translation.override("en"):
        assert job.failure_message == "The file is empty."


def test_a_row_whose_column_the_file_lacks_names_its_field_in_the_readers_language(
    world: PipelineWorld,
) -> None:
    job = ImportJob(
        refused=[
            {"row": 3, "column": "", "field": "registration_number", "code": texts.MISSING},
            {"row": 4, "column": "", "field": "", "code": texts.MISSING, "params": {}},
        ]
    )
    with translation.override("cs"):
        rows = job.refused_rows
    assert [row["column"] for row in rows] == ["registrační číslo", ""]


def test_the_result_page_reads_a_polish_import_in_czech(
    world: PipelineWorld, tmp_path: Path
) -> None:
    job = _polish_import(world, tmp_path, cz_2014_csv(cz_row(), cz_row(SECOND, name="")))
    client = Client()
    client.force_login(world.user(Role.AUDITOR))
    address = reverse(
        "monitoring:import_result", kwargs={"slug": world.agglomeration.slug, "pk": job.pk}
    )
    page = client.get(address.replace("/en/", "/cs/"), HTTP_ACCEPT_LANGUAGE="cs")
    content = page.content.decode()
    assert page.status_code == 200
    assert "Odmítnuto 1 z 2 řádků" in content
    assert "Tato hodnota chybí." in content
    assert "Odrzucono" not in content and "Brak tej" not in content
    assert "monitoring.import" not in content


def test_an_import_from_before_codes_reads_as_it_was_stored(world: PipelineWorld) -> None:
    job = ImportJob(
        error="Odrzucono 1 z 2 wierszy.",
        refused=[{"row": 3, "column": "Název", "reason": "Brak tej wartości."}, "junk"],
    )
    with translation.override("cs"):
        assert job.failure_message == "Odrzucono 1 z 2 wierszy."
        assert job.refused_rows == [
            {"row": 3, "column": "Název", "reason": "Brak tej wartości.", "code": ""}
        ]
    assert ImportJob(refused={"not": "a list"}).refused_rows == []


def test_a_job_whose_worker_stopped_says_so() -> None:
    job = ImportJob(lease_expired=True, error_code=texts.EMPTY)
    with translation.override("en"):
        assert job.failure_message.startswith("The background worker stopped")


def test_the_migration_turns_the_sentences_it_knows_into_codes(
    world: PipelineWorld, tmp_path: Path
) -> None:
    # Given imports from before codes: sentences in the language of the moment they ran
    migration = importlib.import_module("aglomera.monitoring.migrations.0016_import_error_codes")
    template = _polish_import(world, tmp_path, "")
    known = ImportJob.objects.get(pk=template.pk)

    def old(error: str, refused: list[Any]) -> ImportJob:
        known.pk = None
        known.error, known.error_code, known.refused = error, "", refused
        known.save()
        return ImportJob.objects.get(pk=known.pk)

    czech = old("Soubor je prázdný.", [])
    rows = old(
        "Odrzucono 2 z 3 wierszy; nic nie zaimportowano.",
        [
            {"row": 2, "column": "Název", "reason": "Brak tej wartości."},
            {"row": 3, "column": "CZV", "reason": "“1.234” is ambiguous: …"},
            {"row": 4, "column": "X", "field": "name", "code": texts.MISSING, "params": {}},
            "junk",
        ],
    )
    free = old("Something nobody wrote in this version.", [])
    # When the migration runs
    migration.forwards(apps, None)
    # Then the sentences without parameters are codes, read in the reader's language
    czech.refresh_from_db()
    rows.refresh_from_db()
    free.refresh_from_db()
    assert (czech.error, czech.error_code) == ("", texts.EMPTY)
    with translation.override("en"):
        assert czech.failure_message == "The file is empty."
        assert [r["reason"] for r in rows.refused_rows] == [
            "This value is missing.",
            "“1.234” is ambiguous: …",
            "This value is missing.",
        ]
    assert rows.refused[0] == {
        "row": 2,
        "column": "Název",
        "field": "",
        "code": texts.MISSING,
        "params": {},
    }
    # And the others stay as they were, shown as they are
    assert rows.error == "Odrzucono 2 z 3 wierszy; nic nie zaimportowano."
    assert (free.error, free.error_code) == ("Something nobody wrote in this version.", "")
    assert free.failure_message == "Something nobody wrote in this version."


def test_refusals_survive_pickling() -> None:
    # A task runner may store the exception of a failed task.
    refused = pickle.loads(pickle.dumps(FileRefused(texts.TOO_MANY_CELLS, limit=1000)))  # noqa: S301
    value = pickle.loads(pickle.dumps(BadValue(texts.NOT_NUTS3, value="X")))  # noqa: S301
    assert (refused.code, refused.params) == (texts.TOO_MANY_CELLS, {"limit": 1000})
    assert (value.code, value.params) == (texts.NOT_NUTS3, {"value": "X"})
