"""`manage.py import_operations`: a progress bar on stderr, a one-line summary, non-zero on refusal."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from aglomera.accounts.models import Membership, Role
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.models import ImportJob, Operation, OperationSource, SourceLayout
from aglomera.monitoring.tests.import_helpers import cz_2014_csv, cz_row, fixture, write


def run(*args: str, **options: Any) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_operations", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_it_imports_a_list_and_prints_a_summary(world: PipelineWorld, tmp_path: Path) -> None:
    # Given a list of 1,500 rows
    rows = [cz_row(f"CZ.06.2.56/0.0/0.0/16_043/{n:07d}") for n in range(1500)]
    path = write(tmp_path, "list.csv", cz_2014_csv(*rows))
    # When it is imported from the command line
    out, err = run(str(path), agglomeration=world.agglomeration.slug, as_of="2024-05-31")
    # Then a one-line summary goes to stdout and the progress bar to stderr
    assert out.strip() == (
        f"Imported: 1500 rows, 1500 created, 0 updated, 0 unchanged "
        f"(job {ImportJob.objects.get().pk}, as of 2024-05-31)."
    )
    assert "[####################----------] 1000/1500 rows" in err
    assert "1500/1500 rows" in err
    job = ImportJob.objects.get()
    assert job.created_by == world.user(Role.MANAGER)  # the first manager acts by default
    assert job.source.name == str(SourceLayout.CZ_2014.label)


def test_a_dry_run_writes_nothing(world: PipelineWorld) -> None:
    out, _err = run(
        str(fixture("cz_2014.csv")),
        agglomeration=world.agglomeration.slug,
        dry_run=True,
        user=world.user(Role.COORDINATOR).username,
    )
    assert out.startswith("Dry run (nothing written): 3 rows, 3 created")
    assert not Operation.objects.exists()


def test_a_refused_import_exits_non_zero_with_the_refused_rows(
    world: PipelineWorld, tmp_path: Path
) -> None:
    path = write(tmp_path, "bad.csv", cz_2014_csv(cz_row(), cz_row("CZ.1/2", name="X")))
    with pytest.raises(CommandError) as caught:
        run(str(path), agglomeration=world.agglomeration.slug)
    message = str(caught.value)
    assert message.startswith("Import refused: 1 of 2 rows are refused")
    assert "row 3, Registrační číslo projektu: “CZ.1/2” is not a registration number" in message
    assert not Operation.objects.exists()


@pytest.mark.parametrize(
    ("args", "options", "message"),
    [
        (["/nonexistent.csv"], {"agglomeration": "x"}, "No such file"),
        ([], {"agglomeration": "nowhere"}, "No agglomeration"),
        ([], {"as_of": "31.05.2024"}, "--as-of must be a date"),
        ([], {"as_of": "2024-02-31"}, "--as-of must be a date"),
        ([], {"user": "ghost"}, "No active user"),
        ([], {"user": "USER:auditor"}, "may not import"),
        ([], {"layout": SourceLayout.CUSTOM}, "no column mapping"),
    ],
)
def test_it_explains_what_is_wrong_with_the_command(
    world: PipelineWorld, args: list[str], options: dict[str, str], message: str
) -> None:
    options = {"agglomeration": world.agglomeration.slug, **options}
    if options.get("user", "").startswith("USER:"):
        options["user"] = world.user(Role(options["user"][5:])).username
    with pytest.raises(CommandError, match=message):
        run(*(args or [str(fixture("cz_2014.csv"))]), **options)


def test_it_needs_a_manager_when_no_user_is_named(world: PipelineWorld) -> None:
    Membership.objects.filter(role=Role.MANAGER).delete()
    with pytest.raises(CommandError, match="no strategy manager"):
        run(str(fixture("cz_2014.csv")), agglomeration=world.agglomeration.slug)


def test_it_reuses_the_layout_and_mapping_of_a_named_source(world: PipelineWorld) -> None:
    # Given a custom source whose mapping was saved (in the web upload)
    OperationSource.objects.create(
        agglomeration=world.agglomeration,
        name="Krajský seznam",
        layout=SourceLayout.CUSTOM,
        column_mapping={
            "registration_number": "Registrační číslo projektu",
            "name": "Název projektu CZ",
            "beneficiary": "Žadatel",
            "eligible_cost": "CZV projektu",
        },
    )
    # When a list is imported under that source without a layout
    out, _err = run(
        str(fixture("cz_2014.csv")), agglomeration=world.agglomeration.slug, source="Krajský seznam"
    )
    # Then the saved mapping reads it, and the EU contribution it lacks is unknown, not 0
    assert "3 created" in out
    assert Operation.objects.get(name="Mateřská škola Hodolany").eu_contribution is None
