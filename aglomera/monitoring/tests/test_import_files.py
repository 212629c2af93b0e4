"""Importing lists: the layouts, whole-file refusals, refused rows, re-imports, snapshots, links."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aglomera.accounts.models import Role
from aglomera.agglomerations.models import Agglomeration
from aglomera.core import private_files
from aglomera.core.models import AuditEvent
from aglomera.intentions.actions.statements import record_managing_authority
from aglomera.intentions.models import IntentionStatus
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.actions import imports
from aglomera.monitoring.importing import files, merge, runner
from aglomera.monitoring.models import (
    ImportJob,
    ImportStatus,
    Operation,
    OperationSnapshot,
    OperationSource,
    SourceLayout,
)
from aglomera.monitoring.queries import imports as queries
from aglomera.monitoring.tests.import_helpers import (
    AS_OF,
    FIRST,
    cz_2014_csv,
    cz_row,
    every_row_is_ours,
    fixture,
    import_file,
    manager,
    write,
)
from aglomera.strategy.tests.builders import make_opole, make_user


def refused(job: ImportJob) -> list[tuple[int, str, str]]:
    return [(r["row"], r["column"], r["reason"]) for r in job.refused_rows]


# --- layouts --------------------------------------------------------------------------------


def test_it_imports_the_czech_2014_csv_with_decimal_commas_and_nbsp(world: PipelineWorld) -> None:
    # Given the CZ 2014-2020 list as CSV, with NBSP thousands separators and decimal commas
    # When the manager imports it
    job = import_file(world.agglomeration, fixture("cz_2014.csv"), actor=manager(world))
    # Then every row is an operation with its amounts to the cent
    assert job.status == ImportStatus.SUCCEEDED, job.failure_message
    assert (job.rows_total, job.created, job.updated, job.unchanged) == (3, 3, 0, 0)
    first = Operation.objects.get(registration_number=FIRST)
    assert first.eligible_cost == Decimal("12345678.50")
    assert first.eu_contribution == Decimal("10493826.72")
    assert first.state_code == "PP37"
    assert first.state_name == "Projekt v plné (fyzické i finanční) realizaci"
    assert first.programme_code == "06"
    assert first.call_number == "06_16_043"
    assert first.currency == "CZK"
    assert Operation.objects.get(name="Záruky pro mladé v Olomouckém kraji").eligible_cost == (
        Decimal("1000000.00")
    )
    assert AuditEvent.objects.filter(code="monitoring.import.written").count() == 1


def test_it_imports_the_czech_2014_xlsx_like_its_csv(world: PipelineWorld) -> None:
    # Given the same list as XLSX (numbers stored as numbers)
    job = import_file(world.agglomeration, fixture("cz_2014.xlsx"), actor=manager(world))
    # Then it gives the same operations
    assert job.status == ImportStatus.SUCCEEDED, job.failure_message
    assert job.created == 3
    assert Operation.objects.get(registration_number=FIRST).eu_contribution == Decimal(
        "10493826.72"
    )


def test_it_imports_the_czech_2021_layout_below_its_title_block(world: PipelineWorld) -> None:
    # Given a 2021-2027 list: a title block, Czech header on row 4, English on row 5
    job = import_file(
        world.agglomeration,
        fixture("cz_2021.xlsx"),
        actor=manager(world),
        layout=SourceLayout.CZ_2021,
        source_name="MS2021+",
    )
    # Then the data rows from row 6 are operations with every mapped field
    assert job.status == ImportStatus.SUCCEEDED, job.failure_message
    assert job.created == 2
    op = Operation.objects.get(registration_number="CZ.06.02.01/00/22_012/0001234")
    assert op.beneficiary == "Statutární město Přerov"
    assert op.beneficiary_id == "00301825"  # leading zeros put back
    assert op.state_code == "PP41"
    assert op.nuts3 == "CZ071"
    assert op.programme_code == "06"
    assert op.eligible_cost == Decimal("20000000.00")
    assert op.eu_contribution == Decimal("17000000.00")
    # The claims are in total eligible expenditure; their EU share is derived with the
    # co-financing rate 17,000,000 / 20,000,000 = 85 %: 5,250,000.50 x 0.85 = 4,462,500.425
    assert (op.paid_eligible, op.paid_eu, op.paid_eu_derived) == (
        Decimal("5250000.50"),
        Decimal("4462500.43"),
        True,
    )
    assert op.contracted_on == date(2024, 5, 31)
    assert op.start_date == date(2024, 5, 31)
    other = Operation.objects.get(registration_number="CZ.06.04.01/00/23_034/0000077")
    assert (other.contracted_on, other.start_date) == (date(2024, 2, 15), date(2024, 3, 1))


def test_a_list_with_fewer_columns_keeps_what_it_does_not_carry(
    world: PipelineWorld, tmp_path: Path
) -> None:
    # Given an operation imported from the 2021-2027 list, with NUTS 3, dates and payments
    number = "CZ.06.02.01/00/22_012/0001234"
    import_file(
        world.agglomeration,
        fixture("cz_2021.xlsx"),
        actor=manager(world),
        layout=SourceLayout.CZ_2021,
        source_name="MS2021+",
    )
    # When a 2014-2020 style list (no NUTS 3, no dates, no payments) changes its state
    short = write(tmp_path, "short.csv", cz_2014_csv(cz_row(number, state="PP43")))
    job = import_file(world.agglomeration, short, actor=manager(world), as_of=date(2024, 9, 30))
    # Then the state changes with a snapshot and the columns it lacks keep their values
    assert (job.created, job.updated) == (0, 1)
    op = Operation.objects.get(registration_number=number)
    assert (op.state_code, op.nuts3, op.paid_eligible) == ("PP43", "CZ071", Decimal("5250000.50"))
    assert op.contracted_on == date(2024, 5, 31)
    latest = op.snapshots.order_by("as_of").last()
    assert latest is not None
    assert (latest.as_of, latest.state_code, latest.paid_eligible) == (
        date(2024, 9, 30),
        "PP43",
        Decimal("5250000.50"),
    )


def test_it_imports_a_polish_cp1250_list_with_synthetic_keys(db: None) -> None:
    # Given Opole and its mapadotacji list (cp1250, ';', no project number)
    opole = every_row_is_ours(make_opole())
    boss = make_user("opole-boss", (opole, Role.MANAGER))
    job = import_file(
        opole, fixture("pl.csv"), actor=boss, layout=SourceLayout.PL, source_name="mapadotacji"
    )
    # Then each row is an operation keyed by a hash of beneficiary and title, in PLN
    assert job.status == ImportStatus.SUCCEEDED, job.failure_message
    assert job.created == 3
    op = Operation.objects.get(beneficiary="MIASTO OPOLE")
    assert op.name == 'Termomodernizacja szkoły nr 5 w Opolu, etap "B"'
    assert op.registration_number == runner.synthetic_key("MIASTO OPOLE", op.name)
    assert op.registration_number.startswith("PL-")
    # "Wartość projektu" is the total value: total cost, and the eligible cost stays unknown
    assert (op.total_cost, op.eligible_cost, op.eu_contribution, op.currency) == (
        Decimal("1200000.50"),
        None,
        Decimal("1020000.43"),
        "PLN",
    )
    # And re-importing the file finds the same keys
    again = import_file(
        opole, fixture("pl.csv"), actor=boss, layout=SourceLayout.PL, source_name="mapadotacji"
    )
    assert (again.created, again.unchanged) == (0, 3)


def test_it_numbers_repeated_polish_rows_in_file_order(db: None, tmp_path: Path) -> None:
    opole = every_row_is_ours(make_opole())
    boss = make_user("opole-boss", (opole, Role.MANAGER))
    header = "Tytuł projektu;Nazwa beneficjenta;Wartość projektu;Dofinansowanie z EU"
    content = f"{header}\nSzkolenia;GMINA X;100.00;85.00\nSzkolenia;GMINA X;200.00;170.00\n"
    path = write(tmp_path, "pl.csv", content, encoding="cp1250")
    job = import_file(opole, path, actor=boss, layout=SourceLayout.PL)
    assert job.status == ImportStatus.SUCCEEDED, job.failure_message
    key = runner.synthetic_key("GMINA X", "Szkolenia")
    assert set(Operation.objects.values_list("registration_number", flat=True)) == {
        key,
        f"{key}#2",
    }


# --- whole files refused ---------------------------------------------------------------------


def _xlsx_bytes(rows: list[list[Any]]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "layout", "message"),
    [
        ("list.xlsx", b"%PDF-1.7\n1 0 obj\n", SourceLayout.CZ_2014, "PDF document"),
        ("list.csv", bytes(range(256)) * 4, SourceLayout.CZ_2014, "binary file"),
        ("list.csv", b"", SourceLayout.CZ_2014, "empty"),
        ("list.csv", b"\xef\xbb\xbf\n\n", SourceLayout.CZ_2014, "empty"),
        ("list.xlsx", b"just text", SourceLayout.CZ_2014, "not an Excel workbook"),
        ("list.csv", "PLACEHOLDER_XLSX", SourceLayout.CZ_2014, "it is an Excel workbook"),
        ("list.xlsx", "PLACEHOLDER_ZIP", SourceLayout.CZ_2014, "not an Excel workbook"),
        ("list.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", SourceLayout.CZ_2014, ".xls"),
        (
            "list.csv",
            cz_2014_csv(cz_row(name="Škola")).encode("cp1250"),
            SourceLayout.CZ_2014,
            "not in the utf-8 encoding",
        ),
        (
            "pl.csv",
            "Tytuł projektu;Nazwa beneficjenta;Wartość projektu;Dofinansowanie z EU\n"
            "Szkoła;GMINA;1.00;1.00\n".encode(),
            SourceLayout.PL,
            "The file is in UTF-8",
        ),
        (
            "list.csv",
            "Registrační číslo projektu,Název projektu CZ,Žadatel\nCZ.1,x,y\n".encode(),
            SourceLayout.CZ_2014,
            "lacks these columns: “Kód stavu”",
        ),
        (
            "list.csv",
            (cz_2014_csv(cz_row()).replace("Název stavu", "Kód stavu")).encode(),
            SourceLayout.CZ_2014,
            r"more than once in the header \(row 1\): Kód stavu",
        ),
        ("list.csv", cz_2014_csv().encode(), SourceLayout.CZ_2014, "no rows of data"),
        (
            "list.csv",
            (cz_2014_csv() + '"unterminated\n').encode(),
            SourceLayout.CZ_2014,
            "1 of 1 rows are refused",
        ),
        ("list.xlsx", "PLACEHOLDER_EMPTY_XLSX", SourceLayout.CZ_2014, "empty"),
        (
            "list.xlsx",
            "PLACEHOLDER_2014_AS_2021",
            SourceLayout.CZ_2021,
            r"header \(row 4\) lacks these columns",
        ),
    ],
)
def test_it_refuses_a_whole_file_that_cannot_be_a_list(
    world: PipelineWorld, tmp_path: Path, name: str, content: Any, layout: str, message: str
) -> None:
    # Given a file that is not what it claims, empty, wrongly encoded or with bad columns
    placeholders: dict[str, Callable[[], bytes]] = {
        "PLACEHOLDER_XLSX": lambda: _xlsx_bytes([["a"]]),
        "PLACEHOLDER_ZIP": _zip_bytes,
        "PLACEHOLDER_EMPTY_XLSX": lambda: _xlsx_bytes([]),
        "PLACEHOLDER_2014_AS_2021": lambda: fixture("cz_2014.xlsx").read_bytes(),
    }
    if isinstance(content, str):
        content = placeholders[content]()
    path = write(tmp_path, name, content)
    # When it is imported
    job = import_file(world.agglomeration, path, actor=manager(world), layout=layout)
    # Then it is refused whole, with a clear message, and nothing is written
    assert job.status == ImportStatus.FAILED
    assert job.finished_at is not None
    assert re.search(message, job.failure_message), job.failure_message
    assert not Operation.objects.exists()
    assert not OperationSnapshot.objects.exists()


def test_it_refuses_a_damaged_workbook(world: PipelineWorld, tmp_path: Path) -> None:
    # Given a zip that has a workbook part but garbage inside
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not-xml")
    path = write(tmp_path, "list.xlsx", out.getvalue())
    job = import_file(world.agglomeration, path, actor=manager(world))
    assert job.status == ImportStatus.FAILED
    assert "cannot be read" in job.failure_message


def test_it_refuses_a_file_that_is_gone(world: PipelineWorld) -> None:
    with fixture("cz_2014.csv").open("rb") as handle:
        job = imports.start_import(
            world.agglomeration,
            File(handle),
            file_name="cz_2014.csv",
            source_name="ŘO",
            layout=SourceLayout.CZ_2014,
            as_of=AS_OF,
            enqueue=False,
            actor=manager(world),
        )
    private_files.delete(files.import_file_name(job))
    job = imports.run_import(job, actor=manager(world))
    assert job.status == ImportStatus.FAILED
    assert "no longer stored" in job.failure_message


# --- refused rows: all or nothing -------------------------------------------------------------


def test_it_refuses_every_bad_row_and_writes_nothing(world: PipelineWorld, tmp_path: Path) -> None:
    # Given a list with good rows and bad ones
    content = cz_2014_csv(
        cz_row(),
        cz_row("CZ.06.02.01/00/22_012/12", name="Špatné číslo"),
        cz_row("CZ.02.1.01/0.0/0.0/16_019/0000068", eligible="12,500"),
        cz_row("CZ.02.1.01/0.0/0.0/16_019/0000069", eu="-1"),
        cz_row(FIRST, name="Znovu"),
        cz_row("CZ.02.1.01/0.0/0.0/16_019/0000070", name=""),
    )
    path = write(tmp_path, "list.csv", content)
    # When it is imported
    job = import_file(world.agglomeration, path, actor=manager(world))
    # Then nothing is written and every refused row is listed with its row, column and reason
    assert job.status == ImportStatus.FAILED
    assert not Operation.objects.exists()
    rows = refused(job)
    assert [(r, c) for r, c, _why in rows] == [
        (3, "Registrační číslo projektu"),
        (4, "CZV projektu"),
        (5, "Příspěvek EU"),
        (6, "Registrační číslo projektu"),
        (7, "Název projektu CZ"),
    ]
    assert "is not a registration number" in rows[0][2]
    assert "ambiguous" in rows[1][2]
    assert "already on row 2" in rows[3][2]
    assert "5 of 6 rows are refused" in job.failure_message
    assert (job.rows_total, job.created) == (6, 0)


def test_it_refuses_a_bad_date_with_its_row_and_column(
    world: PipelineWorld, tmp_path: Path
) -> None:
    # Given a 2021 list whose date is ambiguous on row 6
    workbook = openpyxl.load_workbook(fixture("cz_2021.xlsx"))
    sheet = workbook.active
    sheet.cell(row=6, column=15).value = "05/06/2024"
    sheet.cell(row=7, column=16).value = "31.02.2024"
    path = tmp_path / "list.xlsx"
    workbook.save(path)
    job = import_file(world.agglomeration, path, actor=manager(world), layout=SourceLayout.CZ_2021)
    assert job.status == ImportStatus.FAILED
    assert [(r, c) for r, c, _why in refused(job)] == [
        (6, "Datum podepsání právního aktu"),
        (7, "Skutečné datum zahájení fyzické realizace projektu"),
    ]
    assert not Operation.objects.exists()


def test_it_refuses_a_name_longer_than_the_field(world: PipelineWorld, tmp_path: Path) -> None:
    path = write(tmp_path, "list.csv", cz_2014_csv(cz_row(state="P" * 30)))
    job = import_file(world.agglomeration, path, actor=manager(world))
    assert refused(job)[0][:2] == (2, "Kód stavu")
    assert "Longer than 20" in refused(job)[0][2]


def test_a_dry_run_reports_without_writing(world: PipelineWorld) -> None:
    # Given a good list imported as a dry run
    job = import_file(
        world.agglomeration, fixture("cz_2014.csv"), actor=manager(world), dry_run=True
    )
    # Then it reports what it would create, and writes nothing
    assert job.status == ImportStatus.SUCCEEDED
    assert job.created == 3
    assert not Operation.objects.exists()
    assert not AuditEvent.objects.filter(code="monitoring.import.written").exists()


# --- re-imports, snapshots, as of ------------------------------------------------------------


def test_re_importing_the_same_file_changes_nothing(world: PipelineWorld) -> None:
    # Given an imported list
    import_file(world.agglomeration, fixture("cz_2014.csv"), actor=manager(world))
    snapshots = OperationSnapshot.objects.count()
    # When the same file (here as XLSX, same values) is imported again, even later
    job = import_file(
        world.agglomeration,
        fixture("cz_2014.xlsx"),
        actor=manager(world),
        as_of=date(2024, 6, 30),
    )
    # Then every row is unchanged and no snapshot is added
    assert (job.created, job.updated, job.unchanged) == (0, 0, 3)
    assert OperationSnapshot.objects.count() == snapshots == 3


def test_a_change_of_state_or_amount_writes_a_dated_snapshot(
    world: PipelineWorld, tmp_path: Path
) -> None:
    # Given an operation imported as of 31 May in state PP30
    agglomeration = world.agglomeration
    first = write(tmp_path, "may.csv", cz_2014_csv(cz_row(state="PP30", eligible="1000000")))
    import_file(agglomeration, first, actor=manager(world), as_of=date(2024, 5, 31))
    # When the June list shows it in PP37 with more money, and July renames it only
    june = write(tmp_path, "june.csv", cz_2014_csv(cz_row(state="PP37", eligible="1200000")))
    job = import_file(agglomeration, june, actor=manager(world), as_of=date(2024, 6, 30))
    july = write(
        tmp_path,
        "july.csv",
        cz_2014_csv(cz_row(state="PP37", eligible="1200000", name="Nový název")),
    )
    renamed = import_file(agglomeration, july, actor=manager(world), as_of=date(2024, 7, 31))
    # Then June wrote a snapshot and July (a new name only) updated without one
    assert (job.updated, renamed.updated) == (1, 1)
    assert list(OperationSnapshot.objects.values_list("as_of", "state_code", "eligible_cost")) == [
        (date(2024, 5, 31), "PP30", Decimal("1000000.00")),
        (date(2024, 6, 30), "PP37", Decimal("1200000.00")),
    ]
    # And the operations as of any day are reproduced from the snapshots
    assert queries.operations_as_of(agglomeration, date(2024, 5, 1)) == []
    may = queries.operations_as_of(agglomeration, date(2024, 6, 15))
    assert [(s.operation.registration_number, s.state_code) for s in may] == [(FIRST, "PP30")]
    assert [s.state_code for s in queries.operations_as_of(agglomeration.pk, date(2024, 8, 1))] == [
        "PP37"
    ]


def test_operations_as_of_runs_a_fixed_number_of_queries(
    world: PipelineWorld, tmp_path: Path
) -> None:
    agglomeration = world.agglomeration
    small = write(tmp_path, "small.csv", cz_2014_csv(cz_row()))
    import_file(agglomeration, small, actor=manager(world))
    with CaptureQueriesContext(connection) as few:
        queries.operations_as_of(agglomeration, AS_OF)
    rows = [cz_row(f"CZ.06.2.56/0.0/0.0/16_043/{n:07d}", state=f"PP{n % 5}") for n in range(40)]
    import_file(agglomeration, write(tmp_path, "big.csv", cz_2014_csv(*rows)), actor=manager(world))
    with CaptureQueriesContext(connection) as many:
        found = queries.operations_as_of(agglomeration, AS_OF)
    assert len(found) == 41
    assert len(few) == len(many) == 1


# --- matching and manual links --------------------------------------------------------------


def _filed(world: PipelineWorld, number: str) -> Any:
    intention = world.intention(status=IntentionStatus.STATEMENT_ISSUED)
    return record_managing_authority(
        intention,
        registration_number=number,
        ma_state_code="PP20",
        to=IntentionStatus.APPLICATION_FILED,
        actor=world.user(Role.COORDINATOR),
    )


def test_rows_match_intentions_by_registration_number(world: PipelineWorld) -> None:
    # Given an intention filed at the managing authority under the first row's number
    intention = _filed(world, FIRST)
    # When the list is imported
    job = import_file(world.agglomeration, fixture("cz_2014.csv"), actor=manager(world))
    # Then that operation is linked to it and the others wait for a manual link
    assert Operation.objects.get(registration_number=FIRST).intention_id == intention.pk
    result = queries.get_import_result(job)
    assert result.unmatched_count == 2
    assert result.unmatched is not None
    assert [op.registration_number for op in result.unmatched] == [
        "CZ.02.1.01/0.0/0.0/16_019/0000068",
        "CZ.03.1.48/0.0/0.0/15_004/0000004",
    ]
    assert intention not in result.intentions


def test_a_later_number_links_an_existing_operation(world: PipelineWorld) -> None:
    # Given an imported operation without an intention
    import_file(world.agglomeration, fixture("cz_2014.csv"), actor=manager(world))
    # When an intention gets its number and the list is imported again
    intention = _filed(world, FIRST)
    job = import_file(world.agglomeration, fixture("cz_2014.csv"), actor=manager(world))
    # Then the operation is linked (an update) without a new snapshot
    assert (job.updated, job.unchanged) == (1, 2)
    assert Operation.objects.get(registration_number=FIRST).intention_id == intention.pk
    assert OperationSnapshot.objects.count() == 3


def test_staff_link_an_unmatched_operation_by_hand(world: PipelineWorld) -> None:
    # Given an unmatched operation and an intention without a number
    import_file(world.agglomeration, fixture("cz_2014.csv"), actor=manager(world))
    operation = Operation.objects.get(registration_number=FIRST)
    intention = world.intention(status=IntentionStatus.STATEMENT_ISSUED)
    # When the coordinator links them
    imports.link_operation(operation, intention, actor=world.user(Role.COORDINATOR))
    # Then the link is kept, audited, and survives the next import
    operation.refresh_from_db()
    assert operation.intention_id == intention.pk
    assert AuditEvent.objects.filter(code="monitoring.operation.linked").count() == 1
    import_file(world.agglomeration, fixture("cz_2014.csv"), actor=manager(world))
    operation.refresh_from_db()
    assert operation.intention_id == intention.pk
    # And linking again to the same intention changes nothing
    imports.link_operation(operation, intention, actor=world.user(Role.COORDINATOR))
    assert AuditEvent.objects.filter(code="monitoring.operation.linked").count() == 1


def test_a_link_must_stay_within_the_agglomeration(world: PipelineWorld) -> None:
    import_file(world.agglomeration, fixture("cz_2014.csv"), actor=manager(world))
    operation = Operation.objects.get(registration_number=FIRST)
    other_world = PipelineWorld.create(agglomeration=_second_czech())
    foreign = other_world.intention()
    with pytest.raises(ValidationError) as caught:
        imports.link_operation(operation, foreign, actor=manager(world))
    assert "intention" in caught.value.message_dict


def _second_czech() -> Agglomeration:
    return Agglomeration.objects.create(
        slug="ostrava",
        name={"cs": "Ostravská aglomerace"},
        country="CZ",
        currency="CZK",
        office_name={"cs": "Ostrava"},
    )


@pytest.mark.parametrize("role", [Role.WORKING_GROUP, Role.COMMITTEE, Role.AUDITOR, Role.APPLICANT])
def test_only_staff_import_and_link(world: PipelineWorld, role: Role) -> None:
    # Given a member who is neither manager nor coordinator
    actor = world.user(role)
    # Then they may neither import nor link
    with pytest.raises(PermissionDenied):
        import_file(world.agglomeration, fixture("cz_2014.csv"), actor=actor)
    job = import_file(world.agglomeration, fixture("cz_2014.csv"), actor=manager(world))
    with pytest.raises(PermissionDenied):
        imports.run_import(job, actor=actor)
    operation = Operation.objects.get(registration_number=FIRST)
    with pytest.raises(PermissionDenied):
        imports.link_operation(operation, world.intention(), actor=actor)


def test_the_start_checks_its_input(world: PipelineWorld) -> None:
    with fixture("cz_2014.csv").open("rb") as handle, pytest.raises(ValidationError) as caught:
        imports.start_import(
            world.agglomeration,
            File(handle),
            file_name="list.pdf",
            source_name=" ",
            layout="nope",
            as_of=AS_OF,
            encoding="ebcdic",
            delimiter="|",
            actor=manager(world),
        )
    assert set(caught.value.message_dict) == {
        "file",
        "source_name",
        "layout",
        "encoding",
        "delimiter",
    }


def test_a_file_over_the_limit_is_refused_before_it_is_stored(
    world: PipelineWorld, settings: Any, private_root: Path
) -> None:
    settings.IMPORT_MAX_BYTES = 100
    with pytest.raises(ValidationError) as caught:
        import_file(world.agglomeration, fixture("cz_2014.csv"), actor=manager(world))
    assert "larger than" in caught.value.message_dict["file"][0]
    assert not ImportJob.objects.exists()
    assert not (private_root / "imports").exists()


def test_a_source_keeps_its_name_and_takes_the_latest_layout(world: PipelineWorld) -> None:
    import_file(world.agglomeration, fixture("cz_2014.csv"), actor=manager(world))
    import_file(
        world.agglomeration,
        fixture("cz_2021.xlsx"),
        actor=manager(world),
        layout=SourceLayout.CZ_2021,
    )
    assert list(OperationSource.objects.values_list("name", "layout")) == [
        ("ŘO IROP", SourceLayout.CZ_2021)
    ]


def test_an_unexpected_error_fails_the_job_and_writes_nothing(
    world: PipelineWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk on fire")

    # The last write step fails after the operations were inserted: all of it is undone.
    monkeypatch.setattr(merge._Merge, "write_snapshots", broken)
    job = import_file(world.agglomeration, fixture("cz_2014.csv"), actor=manager(world))
    assert job.status == ImportStatus.FAILED
    assert "unexpectedly" in job.failure_message
    assert not Operation.objects.exists()


def test_progress_is_written_outside_the_transaction_every_thousand_rows(
    world: PipelineWorld, tmp_path: Path
) -> None:
    rows = [cz_row(f"CZ.06.2.56/0.0/0.0/16_043/{n:07d}") for n in range(2100)]
    path = write(tmp_path, "big.csv", cz_2014_csv(*rows))
    seen: list[tuple[int, int]] = []
    with path.open("rb") as handle:
        job = imports.start_import(
            world.agglomeration,
            File(handle),
            file_name="big.csv",
            source_name="ŘO",
            layout=SourceLayout.CZ_2014,
            as_of=AS_OF,
            enqueue=False,
            actor=manager(world),
        )
    job = imports.run_import(
        job, actor=manager(world), progress=lambda done, total: seen.append((done, total))
    )
    assert seen[:2] == [(1000, 2100), (2000, 2100)]
    assert seen[-1] == (2100, 2100)
    assert (job.rows_done, job.rows_total, job.created) == (2100, 2100, 2100)


def test_a_legend_below_the_data_is_skipped_but_later_operations_are_not(
    world: PipelineWorld, tmp_path: Path
) -> None:
    # Given a list that ends, like the real one, with a blank row and a legend of OP codes,
    # and has one more operation after another blank row
    content = cz_2014_csv(
        cz_row(),
        ",,,,,,,,,",
        "Zkratka OP,číslo kódů operačního programu,,,,,,,,",
        "IROP,006,,,,,,,,",
        ",,,,,,,,,",
        cz_row("CZ.02.1.01/0.0/0.0/16_019/0000068"),
    )
    job = import_file(
        world.agglomeration, write(tmp_path, "list.csv", content), actor=manager(world)
    )
    # Then the legend is not read as operations, and the later operation is
    assert job.status == ImportStatus.SUCCEEDED, job.refused
    assert job.created == 2


def test_a_custom_mapping_is_checked_by_the_action(world: PipelineWorld) -> None:
    # Given a custom upload waiting for its mapping
    job = _custom_job(world)
    coordinator = world.user(Role.COORDINATOR)
    # When the mapping lacks required fields or names columns the file does not have
    with pytest.raises(ValidationError) as caught:
        imports.map_columns(
            job, {"name": "Název projektu CZ", "beneficiary": "Chybí"}, actor=coordinator
        )
    # Then each field says why
    assert set(caught.value.message_dict) == {"beneficiary", "eligible_cost"}
    # And a mapping of amounts alone lacks the name and the beneficiary
    with pytest.raises(ValidationError) as caught:
        imports.map_columns(job, {"eligible_cost": "CZV projektu"}, actor=coordinator)
    assert set(caught.value.message_dict) == {"name", "beneficiary"}
    # And only staff may map
    with pytest.raises(PermissionDenied):
        imports.map_columns(job, {}, actor=world.user(Role.AUDITOR))
    # And a complete mapping starts the import once
    mapping = {
        "name": "Název projektu CZ",
        "beneficiary": "Žadatel",
        "eligible_cost": "CZV projektu",
    }
    job = imports.map_columns(job, mapping, actor=coordinator)
    assert not queries.needs_mapping(job)
    with pytest.raises(ValidationError, match="does not wait"):
        imports.map_columns(job, mapping, actor=coordinator)
    # A list without registration numbers gets synthetic keys
    job = imports.run_import(job, actor=coordinator)
    assert job.status == ImportStatus.SUCCEEDED, job.refused
    assert all(
        op.startswith("PL-")
        for op in Operation.objects.values_list("registration_number", flat=True)
    )


def _custom_job(world: PipelineWorld, name: str = "Kraj") -> ImportJob:
    with fixture("cz_2014.csv").open("rb") as handle:
        return imports.start_import(
            world.agglomeration,
            File(handle),
            file_name="cz_2014.csv",
            source_name=name,
            layout=SourceLayout.CUSTOM,
            as_of=AS_OF,
            actor=manager(world),
        )


def test_a_saved_mapping_that_no_longer_fits_is_asked_again(world: PipelineWorld) -> None:
    OperationSource.objects.create(
        agglomeration=world.agglomeration,
        name="Kraj",
        layout=SourceLayout.CUSTOM,
        column_mapping={
            "name": "Project",
            "beneficiary": "Žadatel",
            "eligible_cost": "CZV projektu",
        },
    )
    job = _custom_job(world)
    assert job.status == ImportStatus.QUEUED
    assert queries.needs_mapping(job)


def test_the_task_runs_a_queued_import_once(
    world: PipelineWorld, django_capture_on_commit_callbacks: Any
) -> None:
    from aglomera.monitoring.tasks import run_import

    # Given an upload: the task runs when it commits
    with django_capture_on_commit_callbacks(execute=True), fixture("cz_2014.csv").open("rb") as f:
        job = imports.start_import(
            world.agglomeration,
            File(f),
            file_name="cz_2014.csv",
            source_name="ŘO",
            layout=SourceLayout.CZ_2014,
            as_of=AS_OF,
            actor=manager(world),
        )
    job.refresh_from_db()
    assert job.status == ImportStatus.SUCCEEDED
    # Then running it again (a repeated delivery) does nothing, nor for a missing job
    assert run_import.enqueue(job.pk).return_value == "skipped"
    assert run_import.enqueue(0).return_value == "skipped"
