"""Run from cron, e.g. every 15 minutes: `*/15 * * * * manage.py send_reminders`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tasks import TaskResultStatus

from aglomera.notifications.tasks import parse_moment, send_deadline_reminders


class Command(BaseCommand):
    help = "Send the reminders before call deadlines and per rollam voting windows close."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", default="", help="Pretend it is this ISO date-time (for testing)."
        )

    def handle(self, *args: Any, **options: Any) -> str:
        now = options["now"] or None
        try:
            parse_moment(now)
        except ValueError as error:
            raise CommandError(str(error)) from error
        result = send_deadline_reminders.enqueue(now=now)
        counts = result.return_value if result.status == TaskResultStatus.SUCCESSFUL else None
        if counts is not None:
            return (
                f"Reminders sent: {counts['calls']} before call deadlines, "
                f"{counts['voting']} before voting closes."
            )
        if result.status == TaskResultStatus.FAILED:
            raise CommandError("Sending the reminders failed; see the log.")
        return f"Reminders queued as task {result.id}."
