"""Run from cron every minute: `* * * * * manage.py expire_stale_jobs`.

Marks failed the imports and reports whose background worker stopped (its lease expired), so
that nobody waits for them for ever and they can be started again. `manage.py db_worker` does
the same when it starts and then periodically, and the job pages do it when they are shown.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from aglomera.monitoring.actions.jobs import expire_stale_jobs


class Command(BaseCommand):
    help = "Mark failed the imports and reports whose background worker stopped (lease expired)."

    def handle(self, *args: Any, **options: Any) -> str:
        expired = expire_stale_jobs()
        return f"Jobs whose worker stopped, now marked failed: {expired}."
