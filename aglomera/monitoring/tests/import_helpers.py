"""Helpers of the import tests: the manager of the `world` (conftest.py), fixture paths,
running an import as the tasks would, lists written on the fly."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.files import File

from aglomera.accounts.models import Role, User
from aglomera.agglomerations.models import Agglomeration
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.actions import imports
from aglomera.monitoring.models import ImportJob, ScopeRule, SourceLayout

DATA = Path(__file__).resolve().parent / "data"
AS_OF = date(2024, 5, 31)
FIRST = "CZ.06.2.56/0.0/0.0/16_043/0001234"  # the first operation of data/cz_2014.csv


def every_row_is_ours(agglomeration: Agglomeration) -> Agglomeration:
    """The office's rule that keeps every row of every list (a rule with no condition)."""
    ScopeRule.objects.create(agglomeration=agglomeration, note="every row is ours")
    return agglomeration


def manager(world: PipelineWorld) -> User:
    return world.user(Role.MANAGER)


def fixture(name: str) -> Path:
    return DATA / name


def import_file(
    agglomeration: Agglomeration,
    path: Path,
    *,
    actor: Any,
    layout: str = SourceLayout.CZ_2014,
    source_name: str = "ŘO IROP",
    as_of: date = AS_OF,
    dry_run: bool = False,
    file_name: str | None = None,
    **kwargs: Any,
) -> ImportJob:
    """Upload and run an import in this process (start_import + run_import)."""
    with path.open("rb") as handle:
        job = imports.start_import(
            agglomeration,
            File(handle, name=path.name),
            file_name=file_name or path.name,
            source_name=source_name,
            layout=layout,
            as_of=as_of,
            dry_run=dry_run,
            enqueue=False,
            actor=actor,
            **kwargs,
        )
    return imports.run_import(job, actor=actor)


def write(tmp_path: Path, name: str, content: bytes | str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


CZ_2014_HEADER = (
    "Registrační číslo projektu,Název projektu CZ,Žadatel,Kód stavu,Název stavu,Číslo výzvy,"
    "Název výzvy,Operační program,CZV projektu,Příspěvek EU"
)


def cz_2014_csv(*rows: str) -> str:
    return "\n".join([CZ_2014_HEADER, *rows]) + "\n"


def cz_row(
    number: str = "CZ.06.2.56/0.0/0.0/16_043/0001234",
    *,
    name: str = "Cyklostezka",
    state: str = "PP37",
    eligible: str = "1000000",
    eu: str = "850000",
) -> str:
    return f'{number},{name},Statutární město Přerov,{state},Stav,06_16_043,Výzva,06,"{eligible}","{eu}"'
