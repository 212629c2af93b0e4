"""Run from cron, e.g. daily: `0 3 * * * manage.py prune_submission_tokens`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from aglomera.core import once


class Command(BaseCommand):
    help = "Delete the one-time tokens of creation forms older than a day (or --hours)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--hours", type=int, default=24, help="Keep tokens younger than this (default 24)."
        )

    def handle(self, *args: Any, **options: Any) -> str:
        hours = max(int(options["hours"]), 1)
        deleted = once.prune(older_than=timedelta(hours=hours))
        return f"Submission tokens deleted: {deleted}."
