"""Writing the monitoring summary (calculations/summary.py): rebuilt for a whole strategy by
`manage.py rebuild_strategy_summary` (and at the end of load_demo and the bench data), and
refreshed for the intentions a write changes, in the same transaction as that write:

* a step of an intention's workflow (intentions/transitions.py, once the step is recorded);
* an import of a list of operations (the intentions of the operations it changed or linked);
* staff linking an operation to an intention (its old and new intention);
* a step of a progress report's workflow (monitoring/transitions.py): the achieved values of its
  intention (`IndicatorAchievedSpan`). Creating or editing a report needs none: its values and
  period can change only while it is a draft or returned, and an approved report stays
  approved, so a report that was ever approved never changes.

The requested EU support, measure, call and committed indicator values of an intention are read
from the intention when the funnel and the indicators sum, so editing them changes no span. Only strategies whose summary has been built are
kept (`Strategy.summary_built_at`); the funnel replays the history of the others. Changing an
agglomeration's time zone moves the days of its steps: rebuild its strategies then.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.intentions.models import IntentionStatus, ProjectIntention
from aglomera.monitoring.calculations.funnel import _load_tracks
from aglomera.monitoring.calculations.summary import achieved_spans, intention_spans, load_reports
from aglomera.monitoring.models import IndicatorAchievedSpan, IntentionStageSpan
from aglomera.strategy.models import Strategy

BATCH = 2000


@dataclass(frozen=True)
class Rebuilt:
    strategies: int
    intentions: int
    spans: int
    achieved_spans: int = 0

    def summary(self) -> str:
        return (
            f"Rebuilt the monitoring summary of {self.strategies} strategies: "
            f"{self.intentions} intentions, {self.spans} spans, "
            f"{self.achieved_spans} achieved value spans."
        )


def _write(intentions: QuerySet[ProjectIntention], time_zone: str) -> tuple[int, int]:
    """Replace the spans of these intentions; (intentions, spans written)."""
    IntentionStageSpan.objects.filter(intention__in=intentions.values("pk")).delete()
    tracks, _objectives = _load_tracks(
        intentions.exclude(status=IntentionStatus.DRAFT), None, time_zone
    )
    strategies = dict(intentions.values_list("pk", "call__strategy_id"))
    spans = [
        span for pk, track in tracks.items() for span in intention_spans(pk, strategies[pk], track)
    ]
    IntentionStageSpan.objects.bulk_create(spans, batch_size=BATCH)
    return len(tracks), len(spans)


def _write_achieved(intentions: QuerySet[ProjectIntention], time_zone: str) -> int:
    """Replace the achieved value spans of these intentions; the spans written."""
    IndicatorAchievedSpan.objects.filter(intention__in=intentions.values("pk")).delete()
    reports = load_reports(intentions, time_zone)
    strategies = dict(intentions.values_list("pk", "call__strategy_id"))
    spans = [
        span
        for pk, tracks in reports.items()
        for span in achieved_spans(pk, strategies[pk], tracks)
    ]
    IndicatorAchievedSpan.objects.bulk_create(spans, batch_size=BATCH)
    return len(spans)


@transaction.atomic
def rebuild_strategy_summary(strategy: Strategy, *, actor: Actor | None = None) -> Rebuilt:
    """Build the summary of one strategy from its whole history and mark it built."""
    locked = (
        Strategy.objects.select_for_update(of=("self",))
        .select_related("agglomeration")
        .get(pk=strategy.pk)
    )
    of_strategy = ProjectIntention.objects.filter(call__strategy=locked)
    intentions, spans = _write(of_strategy, locked.agglomeration.time_zone)
    achieved = _write_achieved(of_strategy, locked.agglomeration.time_zone)
    locked.summary_built_at = timezone.now()
    locked.save(update_fields=["summary_built_at"])
    strategy.summary_built_at = locked.summary_built_at
    record(
        "monitoring.summary.rebuilt",
        actor=actor,
        target=locked,
        agglomeration_id=locked.agglomeration_id,
        after={"intentions": intentions, "spans": spans, "achieved_spans": achieved},
    )
    return Rebuilt(1, intentions, spans, achieved)


def rebuild_summaries(strategies: Iterable[Strategy], *, actor: Actor | None = None) -> Rebuilt:
    """Rebuild several strategies, each in its own transaction."""
    done = [rebuild_strategy_summary(strategy, actor=actor) for strategy in strategies]
    return Rebuilt(
        len(done),
        sum(r.intentions for r in done),
        sum(r.spans for r in done),
        sum(r.achieved_spans for r in done),
    )


def _built(intention_ids: Iterable[int]) -> dict[str, list[int]]:
    """These intentions where their strategy's summary is built, per time zone (one query)."""
    by_zone: dict[str, list[int]] = defaultdict(list)
    for pk, time_zone in ProjectIntention.objects.filter(
        pk__in=set(intention_ids), call__strategy__summary_built_at__isnull=False
    ).values_list("pk", "call__agglomeration__time_zone"):
        by_zone[time_zone].append(pk)
    return by_zone


def refresh_intention_summary(intention_ids: Iterable[int]) -> int:
    """Rewrite the spans of these intentions where their strategy's summary is built (one query
    when none is); call inside the transaction of the write. Returns the spans written."""
    return sum(
        _write(ProjectIntention.objects.filter(pk__in=ids), time_zone)[1]
        for time_zone, ids in sorted(_built(intention_ids).items())
    )


def refresh_achieved_summary(intention_ids: Iterable[int]) -> int:
    """Rewrite the achieved value spans of these intentions where their strategy's summary is
    built (one query when none is); call inside the transaction of the write (a step of a
    progress report). Returns the spans written."""
    return sum(
        _write_achieved(ProjectIntention.objects.filter(pk__in=ids), time_zone)
        for time_zone, ids in sorted(_built(intention_ids).items())
    )
