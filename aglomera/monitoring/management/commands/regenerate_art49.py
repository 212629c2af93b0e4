"""Run from cron once a day: `30 2 * * * manage.py regenerate_art49`.

Queues a new list of operations (CPR 2021/1060 Art. 49(3)) for every agglomeration whose
schedule is on (the reports page) and whose newest generated list is as old as the schedule's
interval, in the name of the schedule's owner; never a second one while one is queued or
running, so running it again (or on two machines at once) is harmless. The lists are generated
by `manage.py db_worker` (TASKS_BACKEND=database) or at once (immediate backend). Every generated
list is kept with its files. Prints a one-line summary.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aglomera.monitoring.actions.schedule import regenerate_due_lists
from aglomera.notifications.tasks import parse_moment


class Command(BaseCommand):
    help = "Queue the lists of operations (Art. 49(3)) that their schedule says are due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", default="", help="Pretend it is this ISO date-time (for testing)."
        )

    def handle(self, *args: Any, **options: Any) -> str:
        try:
            now = parse_moment(options["now"] or None)
        except ValueError as error:
            raise CommandError(str(error)) from error
        return regenerate_due_lists(now=now).summary()
