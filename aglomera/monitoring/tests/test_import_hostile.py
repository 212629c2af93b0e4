"""Hostile lists are refused with a message, and the process that reads them survives.

Every hostile file is generated here. The workbook reader (calamine) builds the first sheet as
one block from A1 to its last cell: before the guard in importing/parsing.py, a 2 KB workbook
with a header and one cell at XFD1048576 asked for 550 GB and aborted the process (SIGABRT),
whether the command line, a web worker or the background worker read it.
"""

from __future__ import annotations

import io
import os
import random
import re
import subprocess
import sys
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from aglomera.accounts.models import Role
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.importing.layouts import custom_layout
from aglomera.monitoring.importing.parsing import FileRefused, open_table, read_headers
from aglomera.monitoring.models import ImportJob, ImportStatus, Operation, SourceLayout
from aglomera.monitoring.tests.import_helpers import (
    CZ_2014_HEADER,
    cz_2014_csv,
    cz_row,
    import_file,
    write,
)

ROOT = Path(__file__).resolve().parents[3]
HEADER = CZ_2014_HEADER.split(",")
FAR_CELL = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
TOO_WIDE = "reaches column XFD (cell XFD1048576)"
TOO_MANY_CELLS = "one import may hold at most"
UNPACKS = "would unpack to more than"
DAMAGED = "cannot be read; it may be damaged"


def manager(world: PipelineWorld) -> Any:
    return world.user(Role.MANAGER)


# --- generated workbooks ----------------------------------------------------------------------


def _text_cell(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_row(headers: list[str] = HEADER) -> str:
    cells = "".join(_text_cell(f"{chr(65 + i)}1", h) for i, h in enumerate(headers))
    return f'<row r="1">{cells}</row>'


def data_row(number: int, values: list[str]) -> str:
    cells = "".join(_text_cell(f"{chr(65 + i)}{number}", v) for i, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


ROW = [
    "CZ.06.2.56/0.0/0.0/16_043/0001234",
    "Cyklostezka",
    "Statutární město Přerov",
    "PP37",
    "Stav",
    "06_16_043",
    "Výzva",
    "06",
    "1000000",
    "850000",
]


def workbook(
    rows: str,
    *,
    dimension: str = "A1:J2",
    sheet_part: str = "xl/worksheets/data.xml",
    decoy: str = "",
    huge_part: int = 0,
    encoding: str = "UTF-8",
    shared_strings: list[str] | None = None,
    noise: int = 0,
) -> bytes:
    """A minimal XLSX (a few KB) whose first sheet holds `rows` (sheetData XML).

    The first sheet is found through xl/workbook.xml and its relationships, under a name that
    is not sheet1.xml; `decoy` puts a harmless sheet1.xml beside it. `huge_part` adds a part of
    that many zero bytes (a zip bomb: it packs into about a thousandth of that).
    """
    sheet = (
        f'<?xml version="1.0" encoding="{encoding}" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    )
    target = sheet_part.removeprefix("xl/")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Export" sheetId="1" r:id="rId7"/>'
            '<sheet name="Other" sheetId="2" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships/worksheet" Target="{target}"/></Relationships>',
        )
        archive.writestr(sheet_part, sheet.encode(encoding.lower()))
        if sheet_part != "xl/worksheets/sheet1.xml":
            archive.writestr(
                "xl/worksheets/sheet1.xml",
                sheet.replace(rows, decoy or header_row()),
            )
        if shared_strings is not None:
            items = "".join(f"<si><t>{text}</t></si>" for text in shared_strings)
            archive.writestr(
                "xl/sharedStrings.xml",
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                f"{items}</sst>",
            )
        if noise:  # incompressible bytes, so that the archive's packing ratio looks ordinary
            archive.writestr("xl/media/image1.png", random.Random(7).randbytes(noise))  # noqa: S311 - test bytes
        if huge_part:
            with archive.open("xl/media/padding.bin", "w") as part:
                block = bytes(1024 * 1024)
                for _index in range(huge_part // len(block)):
                    part.write(block)
    return out.getvalue()


def hostile_workbook() -> bytes:
    """A header and one cell at XFD1048576, its dimension telling the truth."""
    return workbook(header_row() + FAR_CELL, dimension="A1:XFD1048576")


def run_command(path: Path, world: PipelineWorld, **options: Any) -> str:
    out = io.StringIO()
    call_command(
        "import_operations",
        str(path),
        agglomeration=world.agglomeration.slug,
        stdout=out,
        stderr=io.StringIO(),
        **options,
    )
    return out.getvalue()


def client_for(world: PipelineWorld) -> Client:
    client = Client()
    client.force_login(manager(world))
    return client


def url(name: str, world: PipelineWorld, **kwargs: Any) -> str:
    return reverse(f"monitoring:{name}", kwargs={"slug": world.agglomeration.slug, **kwargs})


def upload(world: PipelineWorld, content: bytes, layout: str, callbacks: Any) -> ImportJob:
    """Upload on the web page; the background task runs when the upload commits."""
    client = client_for(world)
    with callbacks(execute=True):
        response = client.post(
            url("import_list", world),
            {
                "file": SimpleUploadedFile("seznam.xlsx", content),
                "layout": layout,
                "source_name": "ŘO IROP",
                "as_of": "2024-05-31",
            },
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("import_job", world, pk=job.pk)
    return job


# --- item 1: a workbook that would take the process down --------------------------------------


def test_the_hostile_workbook_is_a_few_kilobytes() -> None:
    assert len(hostile_workbook()) < 5 * 1024


def test_the_command_line_refuses_a_workbook_reaching_xfd1048576(
    world: PipelineWorld, tmp_path: Path
) -> None:
    # Given a 2 KB workbook with a header and one cell at XFD1048576
    path = write(tmp_path, "seznam.xlsx", hostile_workbook())
    # When it is imported from the command line
    with pytest.raises(CommandError) as caught:
        run_command(path, world)
    # Then the command ends with the reason (this process is still here to see it)
    message = str(caught.value)
    assert message.startswith("Import refused: The first sheet of the workbook reaches column")
    assert TOO_WIDE in message
    assert "at most 500 columns" in message
    job = ImportJob.objects.get()
    assert (job.status, job.created) == (ImportStatus.FAILED, 0)
    assert not Operation.objects.exists()


def test_the_web_upload_and_its_job_refuse_the_hostile_workbook(
    world: PipelineWorld, django_capture_on_commit_callbacks: Any
) -> None:
    # When the manager uploads it on the web (the background task runs after the upload)
    job = upload(
        world, hostile_workbook(), SourceLayout.CZ_2014, django_capture_on_commit_callbacks
    )
    # Then the job is refused with the reason, and the result page says so
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert TOO_WIDE in job.failure_message
    page = client_for(world).get(url("import_job", world, pk=job.pk), follow=True)
    assert page.status_code == 200
    assert TOO_WIDE in page.content.decode()
    assert not Operation.objects.exists()


def test_a_custom_layout_reads_no_headers_from_the_hostile_workbook(
    world: PipelineWorld, django_capture_on_commit_callbacks: Any
) -> None:
    # Given a custom source: the upload request itself reads the file's headers for the mapping
    job = upload(world, hostile_workbook(), SourceLayout.CUSTOM, django_capture_on_commit_callbacks)
    # Then the request survived, asks for no mapping of an unreadable file, and the job refuses it
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert TOO_WIDE in job.failure_message
    mapping = client_for(world).get(url("import_mapping", world, pk=job.pk))
    assert mapping["Location"] == url("import_job", world, pk=job.pk)


def test_a_custom_layout_offers_the_headers_of_a_workbook_within_the_limits(
    world: PipelineWorld, django_capture_on_commit_callbacks: Any
) -> None:
    content = workbook(header_row() + data_row(2, ROW))
    job = upload(world, content, SourceLayout.CUSTOM, django_capture_on_commit_callbacks)
    page = client_for(world).get(url("import_mapping", world, pk=job.pk))
    assert page.status_code == 200
    assert '<option value="Příspěvek EU">Příspěvek EU</option>' in page.content.decode()


def test_reading_the_headers_in_a_fresh_process_ends_normally(tmp_path: Path) -> None:
    # Given the hostile workbook, read by the custom layout's header step in a real process
    path = write(tmp_path, "seznam.xlsx", hostile_workbook())
    code = (
        "import django; django.setup()\n"
        "from pathlib import Path\n"
        "from django.utils import translation; translation.activate('en')\n"
        "from aglomera.monitoring.importing import layouts, parsing\n"
        "try:\n"
        f"    parsing.read_headers(Path({str(path)!r}), 'seznam.xlsx', layouts.custom_layout({{}}))\n"
        "except parsing.FileRefused as refused:\n"
        "    print(refused.message)\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "APP_ENV": "test"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    # Then it exits normally (no SIGABRT) with the refusal
    assert result.returncode == 0, result.stderr[-2000:]
    assert TOO_WIDE in result.stdout


def test_a_dimension_that_lies_does_not_hide_the_far_cell(
    world: PipelineWorld, tmp_path: Path
) -> None:
    # Given a workbook declaring A1:B2 while a cell sits at XFD1048576
    content = workbook(header_row() + FAR_CELL, dimension="A1:B2")
    job = import_file(world.agglomeration, write(tmp_path, "l.xlsx", content), actor=manager(world))
    # Then the cell itself is found and the file refused
    assert job.status == ImportStatus.FAILED
    assert TOO_WIDE in job.failure_message


def test_a_dimension_declaring_the_whole_sheet_is_refused(
    world: PipelineWorld, tmp_path: Path
) -> None:
    content = workbook(header_row() + data_row(2, ROW), dimension="A1:XFD1048576")
    job = import_file(world.agglomeration, write(tmp_path, "l.xlsx", content), actor=manager(world))
    assert job.status == ImportStatus.FAILED
    assert TOO_WIDE in job.failure_message


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        # cells without a reference follow the row and the cell before them, as calamine does
        ('<row r="1048576"><c><v>1</v></c><c><v>2</v></c></row>', "reaches cell J1048576"),
        (f'<row r="2">{"<c><v>1</v></c>" * 501}</row>', "reaches column SG (cell SG2)"),
        # a namespace prefix on the cell
        ('<row r="3"><x:c xmlns:x="urn:x" r="XFD3"><x:v>1</x:v></x:c></row>', "cell XFD3"),
        # the reference after another attribute that holds a ">"
        ('<row r="3"><c t="n" x="a>b" r="XFD3"><v>1</v></c></row>', "cell XFD3"),
        # lower-case letters
        ('<row r="3"><c r="xfd3"><v>1</v></c></row>', "cell XFD3"),
        # an empty cell counts: it is part of the sheet's used area
        ('<row r="1048576"><c r="XFD1048576" s="1"/></row>', "cell XFD1048576"),
        # a second reference (calamine takes the last one): not XML, refused
        ('<row r="5"><c r="A5" r="XFD5"><v>1</v></c></row>', DAMAGED),
    ],
)
def test_cells_written_any_way_are_placed_where_the_reader_puts_them(
    world: PipelineWorld, tmp_path: Path, rows: str, message: str
) -> None:
    content = workbook(header_row() + rows, dimension="A1:J1")
    job = import_file(world.agglomeration, write(tmp_path, "l.xlsx", content), actor=manager(world))
    assert job.status == ImportStatus.FAILED
    assert message in job.failure_message, job.failure_message


def test_cells_without_references_inside_the_limits_import(
    world: PipelineWorld, tmp_path: Path
) -> None:
    # Given a sheet whose writer leaves out every reference (the XML parser places the cells)
    plain = "".join(f"<c t='inlineStr'><is><t>{v}</t></is></c>" for v in ROW)
    heads = "".join(f"<c t='inlineStr'><is><t>{h}</t></is></c>" for h in HEADER)
    content = workbook(f"<row>{heads}</row><row>{plain}</row>")
    job = import_file(world.agglomeration, write(tmp_path, "l.xlsx", content), actor=manager(world))
    assert job.status == ImportStatus.SUCCEEDED, job.failure_message
    assert Operation.objects.get().name == "Cyklostezka"


def test_a_sheet_in_utf16_is_measured_too(world: PipelineWorld, tmp_path: Path) -> None:
    content = workbook(header_row() + FAR_CELL, encoding="UTF-16")
    job = import_file(world.agglomeration, write(tmp_path, "l.xlsx", content), actor=manager(world))
    assert job.status == ImportStatus.FAILED
    assert TOO_WIDE in job.failure_message


def test_the_first_sheet_is_found_through_the_workbook_not_by_its_file_name(
    world: PipelineWorld, tmp_path: Path
) -> None:
    # Given a harmless sheet1.xml, while the workbook's first sheet is another part
    content = workbook(header_row() + FAR_CELL, sheet_part="xl/worksheets/export.xml")
    job = import_file(world.agglomeration, write(tmp_path, "l.xlsx", content), actor=manager(world))
    # Then the first sheet is measured
    assert job.status == ImportStatus.FAILED
    assert TOO_WIDE in job.failure_message


def test_rows_by_columns_are_capped_by_the_setting(
    world: PipelineWorld, tmp_path: Path, settings: Any
) -> None:
    # Given a limit of 30 cells: a header and two rows of ten columns fit
    settings.IMPORT_MAX_CELLS = 30
    second = ["CZ.06.2.56/0.0/0.0/16_043/0001235", *ROW[1:]]
    fits = workbook(header_row() + data_row(2, ROW) + data_row(3, second))
    ok = import_file(world.agglomeration, write(tmp_path, "a.xlsx", fits), actor=manager(world))
    assert ok.status == ImportStatus.SUCCEEDED, ok.failure_message
    # When a third row makes it 40 cells
    rows = header_row() + "".join(data_row(n, ROW) for n in (2, 3, 4))
    job = import_file(
        world.agglomeration, write(tmp_path, "b.xlsx", workbook(rows)), actor=manager(world)
    )
    # Then it is refused for its size
    assert job.status == ImportStatus.FAILED
    assert "reaches cell J4: 4 rows by 10 columns, 40 cells" in job.failure_message
    assert TOO_MANY_CELLS in job.failure_message


def test_the_default_limits_take_a_national_list() -> None:
    from django.conf import settings

    # 100,000 rows of the 2021-2027 list (48 columns) with room to spare, and 16,384 columns
    # (the most Excel has) refused
    assert settings.IMPORT_MAX_CELLS >= 100_000 * 60
    assert 60 <= settings.IMPORT_MAX_COLUMNS < 16_384


def test_a_zip_bomb_is_refused_before_it_is_unpacked(world: PipelineWorld, tmp_path: Path) -> None:
    # Given a workbook whose 60 MiB part packs into about 60 KB
    content = workbook(header_row() + data_row(2, ROW), huge_part=60 * 1024 * 1024)
    assert len(content) < 200 * 1024
    job = import_file(world.agglomeration, write(tmp_path, "l.xlsx", content), actor=manager(world))
    assert job.status == ImportStatus.FAILED
    assert UNPACKS in job.failure_message


def test_a_workbook_larger_unpacked_than_its_cells_allow_is_refused(
    world: PipelineWorld, tmp_path: Path, settings: Any
) -> None:
    # Given a limit of 1,000 cells: the parts may unpack to 16 MiB (the floor), not 18
    settings.IMPORT_MAX_CELLS = 1000
    noise = random.Random(8).randbytes(9 * 1024 * 1024).hex()  # noqa: S311 - packs to half
    content = workbook(header_row() + data_row(2, ROW), decoy=f"{header_row()}<!--{noise}-->")
    job = import_file(world.agglomeration, write(tmp_path, "l.xlsx", content), actor=manager(world))
    assert job.status == ImportStatus.FAILED
    assert f"{UNPACKS} 16 MiB" in job.failure_message


def declared_size(content: bytes, name: bytes, size: int) -> bytes:
    """The archive with another uncompressed size written for `name` (local and central)."""
    data = bytearray(content)
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = data.find(signature)
        while start >= 0:
            if data[start + name_at : start + name_at + len(name)] == name:
                data[start + size_at : start + size_at + 4] = size.to_bytes(4, "little")
            start = data.find(signature, start + 4)
    return bytes(data)


def test_a_part_that_lies_about_its_size_is_refused(world: PipelineWorld, tmp_path: Path) -> None:
    # Given a workbook whose sheet declares 10 bytes and unpacks to more
    content = declared_size(
        workbook(header_row() + data_row(2, ROW)), b"xl/worksheets/data.xml", 10
    )
    job = import_file(world.agglomeration, write(tmp_path, "l.xlsx", content), actor=manager(world))
    assert job.status == ImportStatus.FAILED
    assert DAMAGED in job.failure_message


def test_a_workbook_with_a_document_type_declaration_is_refused(
    world: PipelineWorld, tmp_path: Path
) -> None:
    # Given entities in the workbook part (a "billion laughs" would expand them)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook(header_row()))) as source,
        zipfile.ZipFile(out, "w") as archive,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/workbook.xml":
                data = b'<!DOCTYPE w [<!ENTITY a "aaaa">]>' + data.split(b"?>", 1)[1]
            archive.writestr(info, data)
    job = import_file(
        world.agglomeration, write(tmp_path, "l.xlsx", out.getvalue()), actor=manager(world)
    )
    assert job.status == ImportStatus.FAILED
    assert DAMAGED in job.failure_message


# --- the same limits for CSV ------------------------------------------------------------------


def test_a_csv_line_with_too_many_columns_is_refused(world: PipelineWorld, tmp_path: Path) -> None:
    content = cz_2014_csv(cz_row(), cz_row() + "," * 600)
    job = import_file(world.agglomeration, write(tmp_path, "l.csv", content), actor=manager(world))
    assert job.status == ImportStatus.FAILED
    assert (
        "Line 3 has 610 columns, but a list of operations may have at most 500"
        in job.failure_message
    )


def test_a_csv_header_with_too_many_columns_is_refused(
    world: PipelineWorld, tmp_path: Path
) -> None:
    content = cz_2014_csv(cz_row()).replace("Příspěvek EU", "Příspěvek EU" + ",x" * 500)
    job = import_file(world.agglomeration, write(tmp_path, "l.csv", content), actor=manager(world))
    assert job.status == ImportStatus.FAILED
    assert "Line 1 has 510 columns" in job.failure_message


def test_a_csv_with_more_cells_than_allowed_is_refused(
    world: PipelineWorld, tmp_path: Path, settings: Any
) -> None:
    settings.IMPORT_MAX_CELLS = 25
    rows = [cz_row(f"CZ.06.2.56/0.0/0.0/16_043/{n:07d}") for n in (1, 2)]
    job = import_file(
        world.agglomeration, write(tmp_path, "l.csv", cz_2014_csv(*rows)), actor=manager(world)
    )
    assert job.status == ImportStatus.FAILED
    assert "more than 25 cells" in job.failure_message


def test_a_field_of_megabytes_refuses_its_row_not_the_process(
    world: PipelineWorld, tmp_path: Path
) -> None:
    # Given a 3 MB project name and a 3 MB registration number (the csv module's limit is 128 KB)
    big = "x" * (3 * 1024 * 1024)
    content = cz_2014_csv(
        cz_row(name=big), cz_row("CZ.06.2.56/0.0/0.0/16_043/0000002"), cz_row(f"CZ{big}")
    )
    job = import_file(world.agglomeration, write(tmp_path, "l.csv", content), actor=manager(world))
    # Then those rows are refused, and the report quotes at most a short piece of the value
    assert job.status == ImportStatus.FAILED
    assert job.refused[0] == {
        "row": 2,
        "column": "Název projektu CZ",
        "field": "name",
        "code": "monitoring.import_row_too_long",
        "params": {"limit": 1000},
    }
    assert job.refused_rows[0]["reason"] == "Longer than 1,000 characters."
    assert (job.refused_rows[1]["row"], job.refused_rows[1]["column"]) == (
        4,
        "Registrační číslo projektu",
    )
    assert len(job.refused_rows[1]["reason"]) < 300
    assert "2 of 3 rows are refused" in job.failure_message


# --- item 5: NUL and other control characters, refused on both databases ------------------------


def _padded_csv(bad: str) -> str:
    """A hundred good rows first: a NUL within the first 8 KB makes the whole file "binary"."""
    rows = [cz_row(f"CZ.06.2.56/0.0/0.0/16_043/{n:07d}") for n in range(1, 101)]
    return cz_2014_csv(*rows, bad)


@pytest.mark.parametrize(
    ("row", "column", "code"),
    [
        (
            cz_row("CZ.06.2.56/0.0/0.0/16_043/0009999", name="Cyklo\x00stezka"),
            "Název projektu CZ",
            "U+0000",
        ),
        (cz_row("CZ.06.2.56/0.0/0.0/16_043/00099\x0099"), "Registrační číslo projektu", "U+0000"),
        (cz_row("CZ.06.2.56/0.0/0.0/16_043/0009999", state="PP\x0737"), "Kód stavu", "U+0007"),
        (
            cz_row("CZ.06.2.56/0.0/0.0/16_043/0009999", eligible="10\x0000"),
            "CZV projektu",
            "U+0000",
        ),
        # every character XML 1.0 cannot hold, also those str.split() takes for whitespace
        (
            cz_row("CZ.06.2.56/0.0/0.0/16_043/0009999", name="Cyklo\x0bstezka"),
            "Název projektu CZ",
            "U+000B",
        ),
        (
            cz_row("CZ.06.2.56/0.0/0.0/16_043/0009999", name="Cyklo\x0cstezka"),
            "Název projektu CZ",
            "U+000C",
        ),
        (cz_row("CZ.06.2.56/0.0/0.0/16_043/0009999", state="PP\x1c37"), "Kód stavu", "U+001C"),
        (
            cz_row("CZ.06.2.56/0.0/0.0/16_043/0009999", name="Cyklo\x1fstezka"),
            "Název projektu CZ",
            "U+001F",
        ),
        (
            cz_row("CZ.06.2.56/0.0/0.0/16_043/0009999", name="Cyklo\x7fstezka"),
            "Název projektu CZ",
            "U+007F",
        ),
    ],
)
def test_a_control_character_in_a_csv_cell_refuses_its_row(
    world: PipelineWorld, tmp_path: Path, row: str, column: str, code: str
) -> None:
    # Given a CSV whose 102nd line carries a NUL (or a bell, a vertical tab, a unit separator...)
    # in a mapped column
    path = write(tmp_path, "l.csv", _padded_csv(row))
    # When it is imported (PostgreSQL cannot store a NUL; SQLite could)
    job = import_file(world.agglomeration, path, actor=manager(world))
    # Then the row is refused with its number, column and reason, on either database
    assert job.status == ImportStatus.FAILED
    assert job.refused_rows == [
        {
            "row": 102,
            "column": column,
            "code": "monitoring.import_row_control_character",
            "reason": f"The text contains an invisible control character ({code}) that cannot "
            "be stored. Remove it from the cell and upload the file again.",
        }
    ]
    assert "1 of 101 rows are refused" in job.failure_message
    assert not Operation.objects.exists()


def test_a_nul_in_a_short_csv_refuses_its_row_not_the_file(
    world: PipelineWorld, tmp_path: Path
) -> None:
    # Given a short list whose second line has a NUL in the name (within the first bytes read)
    bad = cz_row("CZ.06.2.56/0.0/0.0/16_043/0009999", name="Cyklo\x00stezka")
    path = write(tmp_path, "l.csv", cz_2014_csv(cz_row("CZ.06.2.56/0.0/0.0/16_043/0000001"), bad))
    # When it is imported
    job = import_file(world.agglomeration, path, actor=manager(world))
    # Then the file is read as a list and only that row is refused, with its row and column
    assert job.status == ImportStatus.FAILED
    assert [(r["row"], r["column"]) for r in job.refused_rows] == [(3, "Název projektu CZ")]
    assert not Operation.objects.exists()


def test_a_binary_file_named_csv_is_still_refused_whole(
    world: PipelineWorld, tmp_path: Path
) -> None:
    # Given a program renamed to .csv (control bytes everywhere)
    path = tmp_path / "l.csv"
    path.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" * 64)
    # When it is imported, the whole file is refused as binary
    job = import_file(world.agglomeration, path, actor=manager(world))
    assert job.status == ImportStatus.FAILED
    assert job.failure_message == "This is a binary file, not a CSV list."


def test_a_control_character_in_a_workbook_cell_refuses_its_row(
    world: PipelineWorld, tmp_path: Path
) -> None:
    # Given a workbook cell with an escaped NUL (_x0000_) and one with a character reference
    rows = (
        header_row()
        + data_row(2, [ROW[0], "Cyklo_x0000_stezka", *ROW[2:]])
        + data_row(3, ["CZ.06.2.56/0.0/0.0/16_043/0000003", ROW[1], "Obec&#1;", *ROW[3:]])
        + data_row(4, ["CZ.06.2.56/0.0/0.0/16_043/0000004", "Unit_x001F_separator", *ROW[2:]])
    )
    job = import_file(
        world.agglomeration, write(tmp_path, "l.xlsx", workbook(rows)), actor=manager(world)
    )
    assert job.status == ImportStatus.FAILED
    assert [(r["row"], r["column"], r["reason"][:56]) for r in job.refused_rows] == [
        (2, "Název projektu CZ", "The text contains an invisible control character (U+0000"),
        (3, "Žadatel", "The text contains an invisible control character (U+0001"),
        (4, "Název projektu CZ", "The text contains an invisible control character (U+001F"),
    ]
    assert "3 of 3 rows are refused" in job.failure_message


def test_a_control_character_in_the_header_refuses_the_file(
    world: PipelineWorld, tmp_path: Path
) -> None:
    headers = [*HEADER[:2], "Žadatel_x0000_", *HEADER[3:]]
    content = workbook(header_row(headers) + data_row(2, ROW))
    job = import_file(world.agglomeration, write(tmp_path, "l.xlsx", content), actor=manager(world))
    assert job.status == ImportStatus.FAILED
    assert job.failure_message == (
        "The header (row 1) contains an invisible control character in column 3. Remove it "
        "and upload the file again."
    )


# --- shared strings: a short sheet that names one long text in every cell ----------------------

TEXT_TOO_LONG = "The text in the cells of this workbook adds up to more than"


def _shared_cells(count: int, *, cell: str = '<c r="A{n}" t="s"><v>0</v></c>') -> str:
    return "".join(f'<row r="{n}">{cell.format(n=n)}</row>' for n in range(2, count + 2))


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="A{n}" t="s"><v>0</v></c>',  # as Excel writes it: the fast scan counts it
        '<c t="s"><v>0</v></c>',  # no reference: the XML parser places and counts it
        '<c r="A{n}" t="s"><v >0</v></c>',  # written otherwise: the parser counts it too
    ],
)
def test_one_long_shared_string_named_by_many_cells_is_refused(
    world: PipelineWorld, tmp_path: Path, cell: str
) -> None:
    # Given a 50 KB workbook: one shared string of a million characters named by 1,500 cells
    # (calamine would copy it into each: gigabytes), its packing ratio made ordinary by noise
    content = workbook(
        header_row() + _shared_cells(1500, cell=cell),
        shared_strings=["A" * 1_040_000],
        noise=40_000,
    )
    assert len(content) < 60_000
    path = write(tmp_path, "seznam.xlsx", content)
    # When it is imported, or its headers are read for a column mapping
    job = import_file(world.agglomeration, path, actor=manager(world))
    with pytest.raises(FileRefused) as refused:
        read_headers(path, "seznam.xlsx", custom_layout({}))
    # Then both refuse it before calamine reads it, saying why
    assert job.status == ImportStatus.FAILED
    assert TEXT_TOO_LONG in job.failure_message
    assert TEXT_TOO_LONG in refused.value.message


def test_the_text_budget_is_exact(world: PipelineWorld, tmp_path: Path, settings: Any) -> None:
    # Given a text budget of 1,000 characters besides the header's inline text (charged by its
    # bytes) and a shared string of 10
    header_text = re.findall(rb"<is>(.*?)</is>", header_row().encode())
    settings.IMPORT_MAX_BYTES = 1000 + sum(map(len, header_text))
    rows = header_row() + _shared_cells(100)
    within = write(tmp_path, "a.xlsx", workbook(rows, shared_strings=["B" * 10]))
    beyond = write(
        tmp_path, "b.xlsx", workbook(rows + _shared_cells(101)[-40:], shared_strings=["B" * 10])
    )
    # When the headers are read: 100 cells x 10 characters fit, one cell more does not
    assert read_headers(within, "a.xlsx", custom_layout({}))[0] == HEADER[0]
    with pytest.raises(FileRefused, match=TEXT_TOO_LONG):
        read_headers(beyond, "b.xlsx", custom_layout({}))


def test_a_cell_naming_a_shared_string_that_is_not_there_is_damaged(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "c.xlsx",
        workbook(
            header_row() + '<row r="2"><c r="A2" t="s"><v>5</v></c></row>', shared_strings=["x"]
        ),
    )
    with pytest.raises(FileRefused, match=DAMAGED):
        read_headers(path, "c.xlsx", custom_layout({}))


def test_a_header_name_of_a_megabyte_is_refused(world: PipelineWorld, tmp_path: Path) -> None:
    # Given a CSV whose header has a column name of a megabyte (served dozens of times by the
    # mapping page)
    path = write(tmp_path, "l.csv", CZ_2014_HEADER + "," + "H" * 1_000_000 + "\n" + "x\n")
    # When its headers are read, it is refused with the column
    with pytest.raises(FileRefused, match="more than 300 characters in column 11"):
        read_headers(path, "l.csv", custom_layout({}))


def test_a_csv_is_read_as_a_stream(tmp_path: Path) -> None:
    # Given a list of 300,000 short lines (900 KB; held whole with a list of its lines, as
    # before, it took over 15 MB)
    path = tmp_path / "l.csv"
    path.write_bytes(CZ_2014_HEADER.encode() + b"\n" + b"ab\n" * 300_000)
    # When all its records are read
    tracemalloc.start()
    try:
        table = open_table(path, "l.csv", custom_layout({}))
        count = sum(1 for _record in table.rows)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # Then memory stays a small fraction of the file (it held the whole text, and a list of
    # every line, before)
    assert count == 300_000
    assert peak < 1024 * 1024


def _bypass_cells(count: int, template: str) -> str:
    return "".join(f'<row r="{n}">{template.format(n=n)}</row>' for n in range(2, count + 2))


@pytest.mark.parametrize(
    "cells",
    [
        # a formula before the value, beside a cell whose t="s" follows a line break: the counts
        # of tags and values agreed while the long string went uncharged
        '<c r="A{n}" t="s"><f>B{n}</f><v>0</v></c><c r="B{n}"\nt="s"><v>1</v></c>',
        # single quotes send the sheet to the parser, whose formula text was read as the number
        "<c r='A{n}' t='s'><f>1</f><v>0</v></c>",
        # two values in one cell
        '<c r="A{n}" t="s"><v>1</v><v>0</v></c>',
    ],
)
def test_shared_string_cells_written_oddly_are_still_charged(tmp_path: Path, cells: str) -> None:
    # Given 300 cells naming a string of a million characters, written to slip past the count
    content = workbook(
        header_row() + _bypass_cells(300, cells),
        shared_strings=["A" * 1_000_000, "x"],
        noise=40_000,
    )
    path = write(tmp_path, "seznam.xlsx", content)
    # When its headers are read, it is refused before calamine copies the string
    with pytest.raises(FileRefused, match=TEXT_TOO_LONG):
        read_headers(path, "seznam.xlsx", custom_layout({}))


def test_inline_text_is_charged_too(tmp_path: Path, settings: Any) -> None:
    # Given a budget of 100,000 characters and 300 inline strings of 1,000 characters
    settings.IMPORT_MAX_BYTES = 100_000
    rows = _bypass_cells(300, '<c r="A{n}" t="inlineStr"><is><t>' + "B" * 1000 + "</t></is></c>")
    path = write(tmp_path, "seznam.xlsx", workbook(header_row() + rows))
    # Then it is refused, on the fast scan and on the parser's path (cells without references)
    with pytest.raises(FileRefused, match=TEXT_TOO_LONG):
        read_headers(path, "seznam.xlsx", custom_layout({}))
    rows = _bypass_cells(300, '<c t="inlineStr"><is><t>' + "B" * 1000 + "</t></is></c>")
    path = write(tmp_path, "bez-odkazu.xlsx", workbook(header_row() + rows))
    with pytest.raises(FileRefused, match=TEXT_TOO_LONG):
        read_headers(path, "bez-odkazu.xlsx", custom_layout({}))


def test_a_table_of_more_shared_strings_than_cells_is_refused(
    tmp_path: Path, settings: Any
) -> None:
    # Given a cell limit of 1,000 and a shared-string table of 1,001 empty strings
    settings.IMPORT_MAX_CELLS = 1000
    path = write(
        tmp_path,
        "seznam.xlsx",
        workbook(header_row(), shared_strings=[""] * 1001),
    )
    # Then it is refused before the table is kept (a table of empty entries tied up a request)
    with pytest.raises(FileRefused, match="more than 1"):
        read_headers(path, "seznam.xlsx", custom_layout({}))
