from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aglomera.agglomerations.models import Agglomeration
from aglomera.portal.actions.projects import rebuild_public_projects


class Command(BaseCommand):
    help = "Rebuild the portal's projection of public projects (all or one agglomeration's)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agglomeration", help="slug of one agglomeration")

    def handle(self, *args: Any, **options: Any) -> str:
        agglomeration = None
        if options["agglomeration"]:
            agglomeration = Agglomeration.objects.filter(slug=options["agglomeration"]).first()
            if agglomeration is None:
                raise CommandError(f"No agglomeration {options['agglomeration']!r}.")
        count = rebuild_public_projects(agglomeration)
        return f"{count} public projects."
