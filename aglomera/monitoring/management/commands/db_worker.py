"""`manage.py db_worker`: django-tasks-db's worker, which also expires stale jobs.

The same command and options as django_tasks_db's (this app comes first in INSTALLED_APPS, so
its command wins). Before the worker takes its first task it marks failed the imports and
reports whose worker's lease expired (e.g. this very worker was killed in the middle of one and
has just been restarted), and then does so again every half lease, from a thread with its own
database connection, for as long as it runs.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from aglomera.monitoring.actions.jobs import expire_stale_jobs

logger = logging.getLogger(__name__)


def _expire() -> None:
    try:
        expired = expire_stale_jobs()
    except DatabaseError:  # the next round tries again; the worker itself goes on
        logger.exception("Stale jobs could not be expired")
    else:
        if expired:
            logger.warning("%s job(s) whose worker stopped marked failed", expired)


def _sweep(stop: threading.Event, interval: float) -> None:
    try:
        while not stop.wait(interval):
            close_old_connections()
            _expire()
    finally:
        connections.close_all()


class Command(db_worker.Command):
    help = (
        "Run a database background worker; it also marks failed the imports and reports whose "
        "worker stopped (lease expired)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reload"] and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # The reloading parent only restarts the real worker, its child, which sweeps.
            super().handle(*args, **options)
            return
        _expire()
        stop = threading.Event()
        sweeper = threading.Thread(
            target=_sweep,
            args=(stop, settings.JOB_LEASE_SECONDS / 2),
            name="expire-stale-jobs",
            daemon=True,
        )
        sweeper.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
            sweeper.join()
