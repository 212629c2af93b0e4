"""Lists as legacy Excel 97-2003 (.xls) and LibreOffice (.ods) files: read like XLSX, held to
the same limits before calamine opens them.

Every file is written here: ODS by hand (the zip with its `mimetype` first and stored, then the
manifest and content.xml), XLS with xlwt, from the cells calamine reads out of the XLSX
fixtures.
"""

from __future__ import annotations

import functools
import io
import struct
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pytest
import python_calamine
import xlwt  # type: ignore[import-untyped]  # no stubs published
from django.test import Client
from django.urls import reverse

from aglomera.accounts.models import Role
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.importing.layouts import custom_layout
from aglomera.monitoring.importing.parsing import open_table
from aglomera.monitoring.models import ImportJob, ImportStatus, Operation, SourceLayout
from aglomera.monitoring.tests.import_helpers import fixture, import_file, manager, write

TOO_MANY_CELLS = "one import may hold at most"
MORE_CELLS_THAN_A_FILE = "more than one import may hold"
UNPACKS = "would unpack to more than"
UNREADABLE = "cannot be read; it may be damaged or password-protected"
MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
    '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
    "{encryption}</manifest:file-entry></manifest:manifest>"
)
CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    "<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
    "</office:document-content>"
)
# LibreOffice fills every sheet to column AMJ (1,024) and row 1,048,576 with repeated empty
# cells and rows; calamine builds none of them, and neither may the measure count them.
FILLER_COLUMNS = 1024
FILLER_ROW = (
    '<table:table-row table:number-rows-repeated="1048000">'
    f'<table:table-cell table:number-columns-repeated="{FILLER_COLUMNS}"/></table:table-row>'
)
MOMENT = datetime(2024, 3, 1, 10, 20)  # noqa: DTZ001 - a cell's time has no zone
READER = python_calamine.CalamineWorkbook  # the real one, whatever a test puts in its place
LISTS = [
    pytest.param("cz_2014.xlsx", SourceLayout.CZ_2014, id="cz_2014"),
    pytest.param("cz_2021.xlsx", SourceLayout.CZ_2021, id="cz_2021_title_block"),
]


@pytest.fixture
def calamine_opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The files calamine was asked to open (none may be: the measure refuses them first)."""
    opened: list[str] = []

    class Unopened:
        @staticmethod
        def from_path(path: str, *_args: Any) -> None:
            opened.append(path)
            raise AssertionError("calamine opened a file the measure should have refused")

    monkeypatch.setattr(python_calamine, "CalamineWorkbook", Unopened)
    yield opened


# --- files written on the fly -----------------------------------------------------------------


@functools.cache
def cells_of(xlsx: str) -> list[list[Any]]:
    """The first sheet of an XLSX fixture as calamine reads it (from A1)."""
    workbook = READER.from_path(str(fixture(xlsx)))
    return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)


def ods_cell(value: Any) -> str:
    if value == "":
        return "<table:table-cell/>"
    if isinstance(value, str):
        text = escape(value)
        return f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'
    if isinstance(value, datetime | date):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    return (
        f'<table:table-cell office:value-type="float" office:value="{value!r}">'
        f"<text:p>{value}</text:p></table:table-cell>"
    )


def ods_row(values: list[Any]) -> str:
    filler = FILLER_COLUMNS - len(values)
    cells = "".join(map(ods_cell, values))
    return (
        f"<table:table-row>{cells}"
        f'<table:table-cell table:number-columns-repeated="{filler}"/></table:table-row>'
    )


def ods_table(rows: str, name: str = "List") -> str:
    return f"<table:table table:name={quoteattr(name)}>{rows}</table:table>"


def ods_bytes(
    tables: str,
    *,
    mimetype: bytes = MIMETYPE,
    encrypted: bool = False,
    extra: tuple[str, bytes] | None = None,
) -> bytes:
    manifest = MANIFEST.format(
        mimetype=mimetype.decode(),
        encryption="<manifest:encryption-data/>" if encrypted else "",
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype, zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", CONTENT.format(tables=tables))
        if extra is not None:
            archive.writestr(*extra)
    return out.getvalue()


def ods_of(rows: list[list[Any]]) -> bytes:
    return ods_bytes(ods_table("".join(map(ods_row, rows)) + FILLER_ROW))


def xls_of(rows: list[list[Any]], *, far_cell: bool = False) -> bytes:
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("List")
    day = xlwt.easyxf(num_format_str="D.M.YYYY")
    moment = xlwt.easyxf(num_format_str="D.M.YYYY H:MM")
    for number, values in enumerate(rows):
        for column, value in enumerate(values):
            if isinstance(value, datetime):
                sheet.write(number, column, value, moment)
            elif isinstance(value, date):
                sheet.write(number, column, value, day)
            elif value != "":
                sheet.write(number, column, value)
    if far_cell:
        sheet.write(65535, 255, 1)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xls_in_mini_stream(rows: list[list[Any]]) -> bytes:
    """The rows as an XLS whose Workbook stream, shorter than 4,096 bytes, sits in the compound
    file's mini stream (xlwt pads it out of there; other writers do not)."""
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("List")
    for number, values in enumerate(rows):
        for column, value in enumerate(values):
            if value != "":
                sheet.write(number, column, value)
    stream = workbook.get_biff_data()
    assert len(stream) < 4096
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    mini = stream + bytes(-len(stream) % 512)
    minis, sectors = -(-len(stream) // 64), len(mini) // 512
    # sector 0: the FAT; 1: the directory; 2: the mini FAT; 3 on: the mini stream
    fat = [fat_sector, end, end, *range(4, 3 + sectors), end]
    mini_fat = [*range(1, minis), end]

    def entry(name: str, kind: int, start: int, size: int) -> bytes:
        encoded = name.encode("utf-16-le") + b"\0\0"
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB3I", len(encoded), kind, 1, free, free, free)
            + bytes(36)
            + struct.pack("<3I", start, size, 0)
        )

    directory = entry("Root Entry", 5, 3, len(stream)) + entry("Workbook", 2, 0, len(stream))
    header = struct.pack(
        "<8s16s6H6I4I",
        bytes.fromhex("d0cf11e0a1b11ae1"),
        bytes(16),
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        0,
        0,
        0,
        1,
        1,
        0,
        4096,
        2,
        1,
        end,
        0,
    ) + struct.pack("<109I", 0, *[free] * 108)
    return b"".join(
        (
            header,
            struct.pack(f"<{len(fat)}I", *fat).ljust(512, b"\xff"),
            directory.ljust(512, b"\0"),
            struct.pack(f"<{len(mini_fat)}I", *mini_fat).ljust(512, b"\xff"),
            mini,
        )
    )


def operations() -> list[dict[str, Any]]:
    return [dict(row) for row in Operation.objects.order_by("registration_number").values()]


# --- genuine files import as their XLSX -------------------------------------------------------


@pytest.mark.parametrize(("xlsx", "layout"), LISTS)
@pytest.mark.parametrize("kind", ["ods", "xls"])
def test_a_genuine_file_imports_the_same_operations_as_its_xlsx(
    world: PipelineWorld, tmp_path: Path, kind: str, xlsx: str, layout: str
) -> None:
    # Given a list imported from its XLSX
    first = import_file(world.agglomeration, fixture(xlsx), actor=manager(world), layout=layout)
    assert first.status == ImportStatus.SUCCEEDED, first.failure_message
    imported = operations()
    # When the same cells come again as ODS or XLS (the 2021 list with its title block)
    content = ods_of(cells_of(xlsx)) if kind == "ods" else xls_of(cells_of(xlsx))
    path = write(tmp_path, f"list.{kind}", content)
    again = import_file(world.agglomeration, path, actor=manager(world), layout=layout)
    # Then every row is read and every operation, amount and date is as the XLSX gave it
    assert again.status == ImportStatus.SUCCEEDED, again.failure_message
    assert (again.rows_total, again.created, again.updated) == (first.rows_total, 0, 0)
    assert again.unchanged == first.created > 0
    assert operations() == imported


def test_a_small_xls_in_the_mini_stream_imports_too(world: PipelineWorld, tmp_path: Path) -> None:
    content = xls_in_mini_stream(cells_of("cz_2014.xlsx"))
    job = import_file(world.agglomeration, write(tmp_path, "l.xls", content), actor=manager(world))
    assert job.status == ImportStatus.SUCCEEDED, job.failure_message
    assert job.created == 3


@pytest.mark.parametrize("kind", ["ods", "xls"])
def test_numbers_dates_and_empty_cells_come_out_as_from_xlsx(tmp_path: Path, kind: str) -> None:
    rows: list[list[Any]] = [
        ["Number", "Whole", "Day", "Moment", "Empty", "Text"],
        [1234.5, 7.0, date(2024, 3, 1), MOMENT, "", "CZ.06"],
    ]
    content = ods_of(rows) if kind == "ods" else xls_of(rows)
    table = open_table(write(tmp_path, f"l.{kind}", content), f"l.{kind}", custom_layout({}))
    number, cells = next(table.rows)
    assert number == 2
    assert cells == [1234.5, 7.0, date(2024, 3, 1), MOMENT, "", "CZ.06"]
    assert type(cells[1]) is float  # the XLS reader's integers are floats, as from XLSX


@pytest.mark.parametrize("kind", ["ods", "xls"])
def test_a_file_without_an_extension_is_read_by_the_reader_of_its_content(
    tmp_path: Path, kind: str
) -> None:
    rows = cells_of("cz_2014.xlsx")
    content = ods_of(rows) if kind == "ods" else xls_of(rows)
    table = open_table(write(tmp_path, "seznam", content), "seznam", custom_layout({}))
    assert table.headers == rows[0]
    assert [cells for _number, cells in table.rows] == rows[1:]


def test_libreoffice_filler_to_the_last_row_and_column_is_not_counted(
    world: PipelineWorld, tmp_path: Path, settings: Any
) -> None:
    # Given a tight limit, and an ODS whose rows run on empty to column AMJ and row 1,048,576
    settings.IMPORT_MAX_CELLS = 100
    content = ods_of(cells_of("cz_2014.xlsx"))
    # Then only the cells with values count, and the list imports
    job = import_file(world.agglomeration, write(tmp_path, "l.ods", content), actor=manager(world))
    assert job.status == ImportStatus.SUCCEEDED, job.failure_message
    assert job.created == 3


def test_the_upload_page_offers_ods_and_xls(world: PipelineWorld) -> None:
    client = Client()
    client.force_login(world.user(Role.MANAGER))
    page = client.get(
        reverse("monitoring:import_list", kwargs={"slug": world.agglomeration.slug})
    ).content.decode()
    assert 'accept=".xlsx,.xls,.ods,.csv,.txt,' in page
    assert "XLSX, XLS, ODS or CSV" in page


# --- hostile ODS --------------------------------------------------------------------------------


def _refused(world: PipelineWorld, tmp_path: Path, name: str, content: bytes) -> ImportJob:
    job = import_file(world.agglomeration, write(tmp_path, name, content), actor=manager(world))
    assert job.status == ImportStatus.FAILED
    assert not Operation.objects.exists()
    return job


def _header_row() -> str:
    return ods_row(cells_of("cz_2014.xlsx")[0])


def test_an_ods_of_repeated_cells_is_refused_before_calamine_reads_it(
    world: PipelineWorld, tmp_path: Path, calamine_opened: list[str]
) -> None:
    # Given a 1 KB ODS declaring a row of 100 numbers repeated a million times
    value = '<table:table-cell table:number-columns-repeated="100" office:value-type="float" office:value="1"/>'
    bomb = f'<table:table-row table:number-rows-repeated="1000000">{value}</table:table-row>'
    content = ods_bytes(ods_table(_header_row() + bomb))
    assert len(content) < 4096
    # Then it is refused for its cells, nothing is written and calamine never opened it
    job = _refused(world, tmp_path, "l.ods", content)
    assert TOO_MANY_CELLS in job.failure_message
    assert "100,000,100 cells" in job.failure_message
    assert calamine_opened == []


def test_a_repeated_value_beyond_the_last_column_allowed_is_refused(
    world: PipelineWorld, tmp_path: Path, calamine_opened: list[str]
) -> None:
    far = '<table:table-cell table:number-columns-repeated="16383"/><table:table-cell office:value-type="float" office:value="1"/>'
    content = ods_bytes(ods_table(_header_row() + f"<table:table-row>{far}</table:table-row>"))
    job = _refused(world, tmp_path, "l.ods", content)
    assert "reaches column XFD (cell XFD2)" in job.failure_message
    assert calamine_opened == []


def test_a_large_second_table_is_refused_too(
    world: PipelineWorld, tmp_path: Path, calamine_opened: list[str]
) -> None:
    # calamine builds every table of an ODS when it opens it, not only the one imported
    value = '<table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="1"/>'
    second = f'<table:table-row table:number-rows-repeated="20000">{value}</table:table-row>'
    content = ods_bytes(ods_table(_header_row()) + ods_table(second, "Other"))
    job = _refused(world, tmp_path, "l.ods", content)
    assert MORE_CELLS_THAN_A_FILE in job.failure_message
    assert calamine_opened == []


def test_a_run_of_a_billion_spaces_is_charged_to_the_text_budget(
    world: PipelineWorld, tmp_path: Path, calamine_opened: list[str]
) -> None:
    spaces = '<table:table-cell office:value-type="string"><text:p>a<text:s text:c="1000000000"/></text:p></table:table-cell>'
    content = ods_bytes(ods_table(_header_row() + f"<table:table-row>{spaces}</table:table-row>"))
    job = _refused(world, tmp_path, "l.ods", content)
    assert "The text in the cells of this workbook adds up to more than" in job.failure_message
    assert calamine_opened == []


def test_an_ods_zip_bomb_is_refused_before_it_is_unpacked(
    world: PipelineWorld, tmp_path: Path
) -> None:
    # Given an ODS with a 60 MiB entry that packs into about 60 KB
    content = ods_of(cells_of("cz_2014.xlsx"))
    bomb = ods_bytes(
        ods_table("".join(map(ods_row, cells_of("cz_2014.xlsx")))),
        extra=("Thumbnails/huge.png", bytes(60 * 1024 * 1024)),
    )
    assert len(bomb) < len(content) + 200 * 1024
    job = _refused(world, tmp_path, "l.ods", bomb)
    assert f"This OpenDocument spreadsheet {UNPACKS}" in job.failure_message


def test_an_encrypted_ods_is_refused_with_a_sentence(world: PipelineWorld, tmp_path: Path) -> None:
    content = ods_bytes(ods_table(_header_row()), encrypted=True)
    job = _refused(world, tmp_path, "l.ods", content)
    assert f"The OpenDocument spreadsheet (.ods) {UNREADABLE}." in job.failure_message


def test_damaged_ods_xml_is_refused(world: PipelineWorld, tmp_path: Path) -> None:
    content = ods_bytes(ods_table(_header_row() + "<table:table-row><table:table-cell>"))
    job = _refused(world, tmp_path, "l.ods", content)
    assert UNREADABLE in job.failure_message


# --- hostile XLS --------------------------------------------------------------------------------


def _dimensions(content: bytes, first_row: int, row_after: int) -> bytes:
    """The workbook with its sheet's DIMENSIONS record declaring other rows."""
    data = bytearray(content)
    at = data.find(b"\x00\x02\x0e\x00")  # DIMENSIONS, 14 bytes
    assert at > 0
    data[at + 4 : at + 12] = struct.pack("<II", first_row, row_after)
    return bytes(data)


def test_dimensions_whose_last_row_is_before_the_first_are_refused_not_aborted(
    world: PipelineWorld, tmp_path: Path, calamine_opened: list[str]
) -> None:
    # Given an XLS whose DIMENSIONS reads rows 100 to 49: calamine reserved 1.7 TB for it
    content = _dimensions(xls_of(cells_of("cz_2014.xlsx")), 100, 50)
    job = _refused(world, tmp_path, "l.xls", content)
    assert f"The Excel 97-2003 workbook (.xls) {UNREADABLE}." in job.failure_message
    assert calamine_opened == []


def test_an_xls_declaring_too_many_cells_is_refused(
    world: PipelineWorld, tmp_path: Path, calamine_opened: list[str]
) -> None:
    content = _dimensions(xls_of(cells_of("cz_2014.xlsx")), 0, 2_000_000)
    job = _refused(world, tmp_path, "l.xls", content)
    assert TOO_MANY_CELLS in job.failure_message
    assert calamine_opened == []


def test_an_xls_with_a_cell_at_iv65536_is_refused_for_its_cells(
    world: PipelineWorld, tmp_path: Path, calamine_opened: list[str]
) -> None:
    content = xls_of(cells_of("cz_2014.xlsx"), far_cell=True)
    assert len(content) < 16 * 1024
    job = _refused(world, tmp_path, "l.xls", content)
    assert "reaches cell IV65536: 65,536 rows by 256 columns" in job.failure_message
    assert calamine_opened == []


def test_a_damaged_xls_is_refused_with_a_sentence(world: PipelineWorld, tmp_path: Path) -> None:
    content = xls_of(cells_of("cz_2014.xlsx"))
    truncated = _refused(world, tmp_path, "l.xls", content[: len(content) // 2])
    assert UNREADABLE in truncated.failure_message
    zeroed = content[:512] + bytes(len(content) - 512)
    assert UNREADABLE in _refused(world, tmp_path, "z.xls", zeroed).failure_message


def test_a_password_protected_xls_is_refused_with_a_sentence(
    world: PipelineWorld, tmp_path: Path
) -> None:
    # Given a workbook whose globals carry FILEPASS (the record in place of its CODEPAGE)
    data = bytearray(xls_of(cells_of("cz_2014.xlsx")))
    at = data.find(b"\x42\x00\x02\x00")
    assert at > 0
    data[at : at + 2] = b"\x2f\x00"
    job = _refused(world, tmp_path, "l.xls", bytes(data))
    assert UNREADABLE in job.failure_message


# --- names that lie -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "message"),
    [
        ("list.xlsx", "ods", "The file is named list.xlsx, but it is an OpenDocument spreadsheet"),
        ("list.csv", "ods", "The file is named list.csv, but it is an OpenDocument spreadsheet"),
        ("list.csv", "xls", "The file is named list.csv, but it is an Excel 97-2003 workbook"),
        ("list.ods", "xls", "The file is named list.ods, but it is an Excel 97-2003 workbook"),
        ("list.xlsx", "xls", "The file list.xlsx is not a plain Excel workbook: it is password"),
        ("list.xls", "xlsx", "The file is named list.xls, but it is an Excel workbook."),
        ("list.ods", "pdf", "This is a PDF document"),
        ("list.ods", "text", "The file is named list.ods, but it is not an OpenDocument"),
        ("list.xls", "text", "The file is named list.xls, but it is not an Excel workbook"),
        ("list.ods", "other_zip", "not an Excel workbook (.xlsx) or an OpenDocument"),
    ],
)
def test_a_file_whose_name_lies_is_refused_with_a_sentence(
    world: PipelineWorld, tmp_path: Path, name: str, kind: str, message: str
) -> None:
    rows = cells_of("cz_2014.xlsx")
    makers: dict[str, Callable[[], bytes]] = {
        "ods": lambda: ods_of(rows),
        "xls": lambda: xls_of(rows),
        "xlsx": lambda: fixture("cz_2014.xlsx").read_bytes(),
        "pdf": lambda: b"%PDF-1.7\n1 0 obj\n",
        "text": lambda: b"Registracni cislo;Nazev\n",
        "other_zip": lambda: ods_bytes("", mimetype=b"application/vnd.oasis.opendocument.text"),
    }
    content = makers[kind]()
    job = _refused(world, tmp_path, name, content)
    assert message in job.failure_message, job.failure_message
