"""Write the list of operations of CPR 2021/1060 Art. 49(3), for cron publishing or a check by hand.

    manage.py export_art49 --agglomeration olomouc --format csv|xlsx|json \
        [--as-of 2025-06-30] [--output FILE]

The file is the one the web's report gives (`aglomera.monitoring.reports.art49`, written by
`aglomera.core.exports`), as of the day given (today by default). With --output the file is
written atomically: a temporary file in the same folder, renamed over FILE only when complete,
so a web server publishing FILE never serves half a list; a one-line summary goes to stdout.
Without --output the file goes to stdout (CSV and JSON as UTF-8; XLSX only when stdout is not a
terminal, e.g. redirected to a file or a pipe) and the summary to stderr.
"""

from __future__ import annotations

import os
import secrets
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_date

from aglomera.agglomerations.models import Agglomeration
from aglomera.monitoring.reports import art49

FILE_MODE = 0o666  # less the umask, as for any file the user creates


class Command(BaseCommand):
    help = "Write the Art. 49(3) list of operations of an agglomeration as CSV, XLSX or JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agglomeration", required=True, help="The agglomeration's slug.")
        parser.add_argument(
            "--format", required=True, choices=art49.FORMATS, help="csv | xlsx | json"
        )
        parser.add_argument(
            "--as-of", default="", help="The day the list is stated as of, YYYY-MM-DD (today)."
        )
        parser.add_argument(
            "--output", default="", help="Write to this file (atomically) instead of stdout."
        )

    def handle(self, *args: Any, **options: Any) -> str:
        slug = options["agglomeration"]
        agglomeration = Agglomeration.objects.filter(slug=slug).first()
        if agglomeration is None:
            raise CommandError(f"No agglomeration with the slug {slug!r}.")
        fmt: str = options["format"]
        as_of = _as_of(options["as_of"])
        output = Path(options["output"]) if options["output"] else None
        if output is None and fmt == "xlsx" and self.stdout.isatty():
            raise CommandError(
                "An XLSX file is binary: write it with --output FILE or redirect stdout to a file."
            )
        if output is not None:
            _check_target(output)
        rows = art49.build_art49_rows(agglomeration, as_of, language=agglomeration.language)
        data = art49.art49_files(agglomeration, as_of, [fmt], rows=rows)[fmt]
        summary = (
            f"Art. 49(3) list of {slug} as of {as_of.isoformat()}: {len(rows)} operations, {fmt}"
        )
        if output is None:
            self._to_stdout(data)
            self.stderr.write(f"{summary}.")
            return ""
        _write_atomically(output, data)
        return f"{summary}, written to {output}."

    def _to_stdout(self, data: bytes) -> None:
        self.stdout.flush()
        buffer = getattr(self.stdout, "buffer", None)
        if buffer is not None:
            buffer.write(data)
            buffer.flush()
        else:  # a text-only stream (e.g. io.StringIO): CSV and JSON are UTF-8 text
            self.stdout.write(data.decode("utf-8"), ending="")


def _as_of(raw: str) -> date:
    if not raw:
        return timezone.localdate()
    try:
        parsed = parse_date(raw)
    except ValueError:  # well-formed but impossible, e.g. 2025-02-30
        parsed = None
    if parsed is None:
        raise CommandError(f"--as-of must be a real date, YYYY-MM-DD (got {raw!r}).")
    return parsed


def _check_target(output: Path) -> None:
    if output.is_dir():
        raise CommandError(f"--output {output} is a folder; give a file name.")
    if not output.parent.is_dir():
        raise CommandError(f"The folder {output.parent} does not exist.")


def _write_atomically(output: Path, data: bytes) -> None:
    """A temporary file beside `output`, flushed to disk, then renamed over it."""
    temporary = output.with_name(f".{output.name}.{secrets.token_hex(6)}.part")
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.replace(output)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise CommandError(f"Could not write {output}: {error.strerror or error}.") from error
