"""The monitoring summary of a strategy: each intention's funnel state as spans of days.

The money funnel (funnel.py) counts an intention on a day D by its state then: its stage, and
when contracted its EU contribution, paid and certified money (`_Track.contracted_on`). That
state changes only on the days something happens to the intention: a step of its workflow
(the day in the agglomeration's time zone, the last step of a day wins), a snapshot of one of
its matched operations, one of its payment records. So the state is a step function of the
day, and the summary keeps its steps as `IntentionStageSpan` rows [valid_from, valid_to).
Days without a stage (draft, withdrawn, rejected) have no span.

The funnel on D is then a sum over the spans covering D; the absorption over time a sum of the
spans' amounts in the months they start and end. Two things of the replay depend on D itself
and are kept so that the reader can apply them for any D:

* A payment record counts from its own day here, and from the first of its month in the
  replay, but only those dated on or before D: the replay evaluates a day D or a month's end
  before D, where both give the same sum.
* Where the operations do not know the paid (certified) amount, the replay lets the
  intention's own records stand in when it has any dated on or before D, and says "unknown"
  otherwise. A span says the amount is not reported (`paid_unknown`) and from which day the
  intention has records (`paid_records_from`); its amount is the records' sum (zero before the
  first one).

Requested EU support (the amount of every stage before contracted, and of contracted without
operation data), the measure and the call are read from the intention when the funnel sums.

The indicators (indicators.py) read the same spans for an intention's status on D, and their
own `IndicatorAchievedSpan` rows for what a project has achieved: per indicator code, the value
of its approved report with the latest period ended by D, which changes only on the days a
report's status changes or its period ends (`achieved_spans`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.db.models.functions import TruncDate

from aglomera.core.models import StatusChange
from aglomera.core.money import ZERO
from aglomera.intentions.models import ProjectIntention
from aglomera.monitoring.calculations.funnel import (
    CONTRACTED,
    STAGE_OF_STATUS,
    _known_sum,
    _month_end,
    _Track,
)
from aglomera.monitoring.models import (
    IndicatorAchievedSpan,
    IntentionStageSpan,
    PaymentKind,
    ProgressReport,
    ProgressValue,
    ReportStatus,
)
from aglomera.monitoring.transitions import PROGRESS_WORKFLOW


@dataclass(frozen=True)
class SpanState:
    """An intention's state in the funnel, constant over a span of days."""

    status: str
    stage: str
    contracted_eu: Decimal | None = None  # None: the requested EU support
    paid_eu: Decimal = ZERO
    certified_eu: Decimal = ZERO
    paid_unknown: bool = False
    certified_unknown: bool = False
    paid_derived: bool = False


def state_on(track: _Track, day: date) -> SpanState | None:
    """The intention's state on a day (None: it counts in no stage then). `track` holds its
    whole history, payments per day (`_load_tracks` with no as-of date)."""
    status = track.status_on(day)
    stage = None if status is None else STAGE_OF_STATUS.get(status)
    if status is None or stage is None:
        return None
    if stage != CONTRACTED:
        return SpanState(status, stage)
    records = (track._paid_on(PaymentKind.PAID, day), track._paid_on(PaymentKind.CERTIFIED, day))
    reported = [values for op in track.operations if (values := op.on(day)) is not None]
    if not reported:
        return SpanState(status, stage, None, *records)
    paid = _known_sum(v[1] for v in reported)
    certified = _known_sum(v[2] for v in reported)
    return SpanState(
        status,
        stage,
        _known_sum(v[0] for v in reported),
        records[0] if paid is None else paid,
        records[1] if certified is None else certified,
        paid_unknown=paid is None,
        certified_unknown=certified is None,
        paid_derived=paid is not None and any(v[3] for v in reported),
    )


def event_days(track: _Track) -> list[date]:
    """The days on which the intention's state may change."""
    days = set(track.change_days)
    for op in track.operations:
        days.update(op.snapshot_days)
    for kind_days in track.payment_months.values():
        days.update(kind_days)
    return sorted(days)


def intention_spans(intention_id: int, strategy_id: int, track: _Track) -> list[IntentionStageSpan]:
    """The spans of one intention (unsaved), consecutive days of the same state merged."""
    records_from = {
        kind: (days[0] if days else None) for kind, days in track.payment_months.items()
    }
    spans: list[IntentionStageSpan] = []
    current: SpanState | None = None
    for day in event_days(track):
        state = state_on(track, day)
        if state == current:
            continue
        if spans and spans[-1].valid_to is None:
            _close(spans[-1], day)
        current = state
        if state is not None:
            spans.append(
                IntentionStageSpan(
                    intention_id=intention_id,
                    strategy_id=strategy_id,
                    valid_from=day,
                    valid_to=None,
                    reaches_month_end=True,
                    status=state.status,
                    stage=state.stage,
                    contracted_eu=state.contracted_eu,
                    paid_eu=state.paid_eu,
                    certified_eu=state.certified_eu,
                    paid_unknown=state.paid_unknown,
                    certified_unknown=state.certified_unknown,
                    paid_records_from=records_from[PaymentKind.PAID],
                    certified_records_from=records_from[PaymentKind.CERTIFIED],
                    paid_derived=state.paid_derived,
                    moves=_moves(state),
                )
            )
    return spans


def _close(span: IntentionStageSpan, day: date) -> None:
    span.valid_to = day
    span.reaches_month_end = day > _month_end(span.valid_from)


def _moves(state: SpanState) -> bool:
    """Contracted with an amount other than zero (the requested EU support, read when summed,
    and unknown amounts are judged by the reader)."""
    return state.stage == CONTRACTED and (
        state.paid_derived
        or state.paid_eu != ZERO
        or state.certified_eu != ZERO
        or (state.contracted_eu is not None and state.contracted_eu != ZERO)
    )


# ---- indicators ------------------------------------------------------------------------------


@dataclass
class ReportTrack:
    """One progress report of an intention, with its status history (days in the
    agglomeration's time zone, in the order recorded) and its values per indicator code id."""

    period_end: date
    status: str  # its present status
    change_days: list[date] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    values: dict[int, Decimal] = field(default_factory=dict)

    def approved_on(self, day: date) -> bool:
        """Approved by the end of `day` (the latest step by then; none: never submitted)."""
        index = bisect_right(self.change_days, day)
        return bool(index) and self.statuses[index - 1] == ReportStatus.APPROVED


def load_reports(
    intentions: QuerySet[ProjectIntention], time_zone: str
) -> dict[int, list[ReportTrack]]:
    """The progress reports of these intentions per intention, the latest period first (three
    queries: reports, their status changes, their values)."""
    reports: dict[int, ReportTrack] = {}
    by_intention: dict[int, list[ReportTrack]] = defaultdict(list)
    found = ProgressReport.objects.filter(intention__in=intentions.values("pk"))
    for pk, intention_id, period_end, status in found.order_by(
        "intention_id", "-period_end"
    ).values_list("pk", "intention_id", "period_end", "status"):
        reports[pk] = ReportTrack(period_end, status)
        by_intention[intention_id].append(reports[pk])
    changes = (
        StatusChange.objects.filter(workflow=PROGRESS_WORKFLOW, object_id__in=found.values("pk"))
        .annotate(day=TruncDate("created_at", tzinfo=ZoneInfo(time_zone)))
        .order_by("object_id", "created_at", "id")
    )
    for object_id, day, new_status in changes.values_list("object_id", "day", "new_status"):
        reports[object_id].change_days.append(day)
        reports[object_id].statuses.append(new_status)
    for report_id, indicator_id, achieved in (
        ProgressValue.objects.filter(report__in=found.values("pk"))
        .order_by()
        .values_list("report_id", "indicator_id", "achieved")
    ):
        reports[report_id].values[indicator_id] = achieved
    return dict(by_intention)


def _latest(reports: Iterable[ReportTrack]) -> dict[int, Decimal]:
    """Per indicator code, the value of the first report (the latest period) that has it."""
    values: dict[int, Decimal] = {}
    for report in reports:
        for indicator_id, achieved in report.values.items():
            values.setdefault(indicator_id, achieved)
    return values


def achieved_spans(
    intention_id: int, strategy_id: int, reports: list[ReportTrack]
) -> list[IndicatorAchievedSpan]:
    """The achieved values of one intention (unsaved): per indicator code, spans of days with
    one value (the approved report with the latest period ended by then, as
    `indicators._add_achieved`), then the `current` value by the reports' present status.
    `reports` come the latest period first."""

    def row(indicator_id: int, achieved: Decimal, **days: Any) -> IndicatorAchievedSpan:
        return IndicatorAchievedSpan(
            intention_id=intention_id,
            strategy_id=strategy_id,
            indicator_id=indicator_id,
            achieved=achieved,
            **days,
        )

    event_days = sorted(
        {report.period_end for report in reports}
        | {day for report in reports for day in report.change_days}
    )
    spans: list[IndicatorAchievedSpan] = []
    open_spans: dict[int, IndicatorAchievedSpan] = {}
    for day in event_days:
        values = _latest(r for r in reports if r.period_end <= day and r.approved_on(day))
        for indicator_id in set(open_spans) | set(values):
            span = open_spans.get(indicator_id)
            value = values.get(indicator_id)
            if span is not None and span.achieved == value:
                continue
            if span is not None:
                span.valid_to = day
                del open_spans[indicator_id]
            if value is not None:
                open_spans[indicator_id] = row(indicator_id, value, valid_from=day)
                spans.append(open_spans[indicator_id])
    now = _latest(r for r in reports if r.status == ReportStatus.APPROVED)
    spans.extend(row(pk, achieved, current=True) for pk, achieved in sorted(now.items()))
    return spans
