"""Import a list of operations from the command line, with a progress bar on stderr.

    manage.py import_operations LIST.xlsx --agglomeration olomouc --layout cz_2014 \
        [--source "ŘO IROP"] [--as-of 2024-05-31] [--dry-run] [--user NAME]

The import runs in this process (no worker needed) through the same actions as the web upload;
it acts as --user (default: the agglomeration's first strategy manager). A refused import exits
non-zero and prints every refused row.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_date

from aglomera.accounts.models import Membership, Role, User
from aglomera.agglomerations.models import Agglomeration
from aglomera.monitoring.actions import imports
from aglomera.monitoring.models import ImportJob, ImportStatus, OperationSource, SourceLayout
from aglomera.monitoring.queries.imports import needs_mapping

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Import a managing authority's list of operations (CSV, XLSX, XLS or ODS) into an "
        "agglomeration."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The list: .csv, .xlsx, .xls or .ods.")
        parser.add_argument("--agglomeration", required=True, help="The agglomeration's slug.")
        parser.add_argument(
            "--layout",
            choices=SourceLayout.values,
            default="",
            help="cz_2014 | cz_2021 | pl | custom (the source's saved mapping). "
            "Default: the source's layout, else cz_2014.",
        )
        parser.add_argument(
            "--source", default="", help="Name of the source (default: the layout's name)."
        )
        parser.add_argument("--as-of", default="", help="Date of the data, YYYY-MM-DD (today).")
        parser.add_argument("--dry-run", action="store_true", help="Validate and report only.")
        parser.add_argument("--user", default="", help="Act as this user (a manager by default).")

    def handle(self, *args: Any, **options: Any) -> str:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        agglomeration = Agglomeration.objects.filter(slug=options["agglomeration"]).first()
        if agglomeration is None:
            raise CommandError(f"No agglomeration {options['agglomeration']!r}.")
        actor = self._actor(agglomeration, options["user"])
        as_of = timezone.localdate()
        if options["as_of"]:
            try:
                parsed = parse_date(options["as_of"])
            except ValueError:
                parsed = None
            if parsed is None:
                raise CommandError("--as-of must be a date, YYYY-MM-DD.")
            as_of = parsed
        source_name, layout = self._source(agglomeration, options["source"], options["layout"])
        try:
            with path.open("rb") as handle:
                job = imports.start_import(
                    agglomeration,
                    File(handle, name=path.name),
                    file_name=path.name,
                    source_name=source_name,
                    layout=layout,
                    as_of=as_of,
                    dry_run=options["dry_run"],
                    actor=actor,
                    enqueue=False,
                )
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(_messages(error)) from error
        if needs_mapping(job):
            raise CommandError(
                f"The source {source_name!r} has no column mapping that fits this file; "
                "map the columns once in the web upload."
            )
        job = imports.run_import(job, actor=actor, progress=self._progress)
        self.stderr.write("")
        return self._summary(job)

    def _actor(self, agglomeration: Agglomeration, username: str) -> User:
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"No active user {username!r}.")
            return user
        membership = (
            Membership.objects.filter(
                agglomeration=agglomeration, role=Role.MANAGER, user__is_active=True
            )
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if membership is None:
            raise CommandError("The agglomeration has no strategy manager; pass --user.")
        return membership.user

    def _source(self, agglomeration: Agglomeration, name: str, layout: str) -> tuple[str, str]:
        existing = (
            OperationSource.objects.filter(agglomeration=agglomeration, name=name).first()
            if name
            else None
        )
        layout = layout or (existing.layout if existing else SourceLayout.CZ_2014)
        return name or str(SourceLayout(layout).label), layout

    def _progress(self, done: int, total: int) -> None:
        share = done / total if total else 1.0
        filled = int(BAR_WIDTH * min(share, 1.0))
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stderr.write(f"\r[{bar}] {done}/{total} rows", ending="")
        if hasattr(sys.stderr, "flush"):
            sys.stderr.flush()

    def _summary(self, job: ImportJob) -> str:
        if job.status != ImportStatus.SUCCEEDED:
            lines = [f"Import refused: {job.failure_message}"]
            lines += [f"  row {r['row']}, {r['column']}: {r['reason']}" for r in job.refused_rows]
            raise CommandError("\n".join(lines))
        prefix = "Dry run (nothing written)" if job.dry_run else "Imported"
        return (
            f"{prefix}: {job.rows_total} rows, {job.created} created, {job.updated} updated, "
            f"{job.unchanged} unchanged (job {job.pk}, as of {job.as_of})."
        )


def _messages(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, PermissionDenied):
        return "This user may not import operations into this agglomeration."
    if hasattr(error, "error_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
    return " ".join(error.messages)
