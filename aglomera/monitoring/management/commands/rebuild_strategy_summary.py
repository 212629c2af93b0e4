"""`manage.py rebuild_strategy_summary [--agglomeration SLUG]`: rebuild the monitoring summary
(monitoring.IntentionStageSpan) of every approved strategy, or of one agglomeration's, from
their whole history, and mark them built: from then on the money funnel reads the summary and
the writes that change it keep it current (actions/summary.py). Run it after changing an
agglomeration's time zone, or any time: it is idempotent. Prints a one-line summary.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aglomera.agglomerations.models import Agglomeration
from aglomera.monitoring.actions.summary import rebuild_summaries
from aglomera.strategy.models import Strategy


class Command(BaseCommand):
    help = "Rebuild the monitoring summary (stage spans) of the strategies."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agglomeration", default="", help="Only this agglomeration (slug).")

    def handle(self, *args: Any, **options: Any) -> str:
        strategies = Strategy.objects.exclude(current_version=None).order_by("pk")
        slug = options["agglomeration"]
        if slug:
            if not Agglomeration.objects.filter(slug=slug).exists():
                raise CommandError(f"No agglomeration {slug!r}.")
            strategies = strategies.filter(agglomeration__slug=slug)
        return rebuild_summaries(strategies).summary()
