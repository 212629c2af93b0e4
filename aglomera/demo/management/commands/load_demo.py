from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from aglomera.demo import monitoring
from aglomera.demo.loader import load_demo, logins_table
from aglomera.demo.pipeline import totals_line
from aglomera.portal.actions.projects import rebuild_public_projects


class Command(BaseCommand):
    help = (
        "Load the demo data set (Olomouc and Opole agglomerations, users, programmes, "
        "strategies, calls, project intentions, steering committees and meetings, payments, "
        "progress reports, imported operations and generated reports). Safe to run again: "
        "existing data is left unchanged."
    )

    def handle(self, *args: Any, **options: Any) -> str:
        if settings.APP_ENV == "production":
            raise CommandError(
                "load_demo refuses to run with APP_ENV=production: it creates the superuser "
                "'admin' and dozens of users with the published password demo12345."
            )
        report = load_demo()
        if report.skipped:
            self.stdout.write("Existing strategies left unchanged: " + ", ".join(report.skipped))
        self.stdout.write(logins_table(report))
        self.stdout.write(totals_line())
        self.stdout.write(monitoring.totals_line())
        # The portal's projects, map and search read their projection (portal/actions/projects.py).
        self.stdout.write(f"Public projects on the portals: {rebuild_public_projects()}")
        return report.summary()
