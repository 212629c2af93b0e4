"""The read side of money: the funnel from allocation to certified, as of a date.

The funnel of a strategy (domain.md section 6), per measure x programme specific objective, in
the programme currency and in EUR:

    allocation -> in pipeline -> endorsed -> applied -> contracted  (paid, certified)

The rules, so that no crown is counted twice:

* **Allocation** is the EU money of the strategy's *current* version financial plan (lines with
  source "EU"), per measure x programme specific objective. Plan lines have no year, so the
  year filter does not narrow the allocation.
* **One stage per intention per date.** The status of an intention on a day D is the
  `new_status` of its latest `StatusChange` created on or before the end of D in the
  agglomeration's time zone (ties by id, so the last recorded step wins); an intention with no
  step by then is a draft and counts nowhere. Its stage follows from that status
  (`STAGE_OF_STATUS`): submitted / returned / formally checked / (not) recommended / deferred
  -> *in pipeline*; compliant, statement issued -> *endorsed*; application filed -> *applied*;
  legal act and every later state -> *contracted*. Drafts, withdrawn, non-compliant and
  rejected intentions count in no stage. So an intention that moved through the states over
  time is counted once, in the stage it had on D.
* **One basis: EU money.** Every stage is EU support (domain.md section 6, "Money basis"): the
  allocation is the EU plan lines, the pipeline, endorsed and applied stages count the
  requested EU support, contracted the EU contribution, paid the EU share of the claims. No
  cell ever adds total or eligible expenditure to EU money.
* **Amounts.** Pipeline, endorsed and applied count the requested EU support. Contracted
  counts the EU contribution of the intention's matched operations as the managing authority
  reported it on D (the latest `OperationSnapshot` dated on or before D; an operation never
  snapshotted counts with its current row); without operation data on D, or when a matched
  operation's list has no EU column, it counts the requested EU support.
* **Paid and certified** are sub-amounts of contracted (shown as their own columns, never
  added to the stages): for contracted intentions only, the EU share of the claims in payment
  applications (`Operation.paid_eu`: the list's EU column, or derived from the claims in total
  eligible expenditure with the operation's co-financing rate, importing/bases.py) and the EU
  money certified to the Commission, as the matched operations report them on D. Where a
  matched operation's list does not give them (unknown), the intention's own `Payment` rows
  of kind "paid" / "certified" dated on or before D stand in when it has any; otherwise the
  amount is **unknown**: it is not summed, and the cell says how many intentions are unknown
  (`FunnelRow.unknown`). Cells say how many paid amounts are derived (`FunnelRow.derived`).
* **Year** selects intentions by the year their call opened (the year the money was
  committed to projects).
* **EUR at the rate of the month.** Exchange rates are monthly (the Commission's monthly
  accounting rate, InforEuro: `ExchangeRate` rows valid from a day of the month; the latest of
  the month is the month's rate). The stages that stand on D (allocation to contracted) are
  converted at the rate of D's month. Paid and certified money is converted month by month:
  each month's increase at that month's rate (the rate of the month in which the money was
  claimed or certified, as the Commission's accounting does), rounded to the cent per month
  and row. A month without its own rate is never given an older one: the EUR figure is unknown
  (None) and the month is listed in `missing_rates` (currency and month). EUR totals are sums of
  the converted rows, so they add up.
* **Absorption over time** is the same rule evaluated at each month end up to D (cumulative
  contracted, paid and certified), so its last point equals the funnel on D.

Every function here runs a fixed number of queries whatever the amount of data: amounts are
summed in the database where the rule allows it (payments per intention and month) and the
stage arithmetic runs in Python over one query per table.
"""

from __future__ import annotations

import calendar
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, DateField, F, Min, Q, QuerySet, Sum
from django.db.models.functions import Cast, Coalesce, TruncDate, TruncMonth
from django.utils.translation import gettext_lazy as _

from aglomera.agglomerations.models import Agglomeration
from aglomera.core.i18n import as_i18n
from aglomera.core.models import StatusChange
from aglomera.core.money import ZERO
from aglomera.intentions.models import IntentionStatus, ProjectIntention
from aglomera.intentions.transitions import WORKFLOW as INTENTION_WORKFLOW
from aglomera.monitoring.models import (
    IntentionStageSpan,
    Operation,
    OperationSnapshot,
    Payment,
    PaymentKind,
)
from aglomera.strategy.models import (
    ExchangeRate,
    FinancialPlanLine,
    Measure,
    Source,
    Strategy,
)
from aglomera.strategy.queries import eur_equivalent

S = IntentionStatus

ALLOCATION = "allocation"
PIPELINE = "pipeline"
ENDORSED = "endorsed"
APPLIED = "applied"
CONTRACTED = "contracted"
PAID = "paid"
CERTIFIED = "certified"

STAGES: tuple[str, ...] = (ALLOCATION, PIPELINE, ENDORSED, APPLIED, CONTRACTED, PAID, CERTIFIED)
BUCKETS: tuple[str, ...] = (PIPELINE, ENDORSED, APPLIED, CONTRACTED)  # one per intention

STAGE_LABELS: dict[str, Any] = {
    ALLOCATION: _("Allocation"),
    PIPELINE: _("In pipeline"),
    ENDORSED: _("Endorsed"),
    APPLIED: _("Applied"),
    CONTRACTED: _("Contracted"),
    PAID: _("Paid"),
    CERTIFIED: _("Certified"),
}

STAGE_OF_STATUS: dict[str, str] = {
    S.SUBMITTED: PIPELINE,
    S.RETURNED: PIPELINE,
    S.FORMAL_CHECK_PASSED: PIPELINE,
    S.RECOMMENDED: PIPELINE,
    S.NOT_RECOMMENDED: PIPELINE,
    S.DEFERRED: PIPELINE,
    S.COMPLIANT: ENDORSED,
    S.STATEMENT_ISSUED: ENDORSED,
    S.APPLICATION_FILED: APPLIED,
    S.LEGAL_ACT: CONTRACTED,
    S.IN_IMPLEMENTATION: CONTRACTED,
    S.PHYSICALLY_COMPLETED: CONTRACTED,
    S.FINANCIALLY_CLOSED: CONTRACTED,
    S.SUSTAINABILITY: CONTRACTED,
}

Key = tuple[str, int]  # (measure code, programme specific objective id)
# EU contribution / requested, paid (EU), certified (EU); None is unknown
Triple = tuple[Decimal | None, Decimal | None, Decimal | None]
NOTHING: Triple = (ZERO, ZERO, ZERO)
# An operation's figures: EU contribution, paid (EU), certified (EU), paid derived
Figures = tuple[Decimal | None, Decimal | None, Decimal | None, bool]
SUBSTAGES = (PAID, CERTIFIED)  # converted month by month


@dataclass(frozen=True)
class MissingRate:
    """A month whose exchange rate is not in the agglomeration's table."""

    currency: str
    month: date

    def __str__(self) -> str:
        return f"{self.currency} {self.month:%m/%Y}"


@dataclass(frozen=True)
class FunnelFilters:
    as_of: date
    programme_id: int | None = None
    measure_code: str = ""
    fund: str = ""
    year: int | None = None


@dataclass
class StageCell:
    stage: str
    amount: Decimal
    eur: Decimal | None
    count: int | None  # intentions in the stage (None for allocation, paid, certified)
    unknown: int = 0  # intentions whose amount is unknown (not in `amount`)
    derived: int = 0  # intentions whose EU share of the claims is derived


@dataclass
class FunnelRow:
    measure_code: str
    measure_name: str
    programme_code: str
    objective_code: str
    fund: str
    currency: str
    amounts: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(STAGES, ZERO))
    eur: dict[str, Decimal | None] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BUCKETS, 0))
    unknown: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SUBSTAGES, 0))
    derived: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SUBSTAGES, 0))
    # month -> increase of (paid, certified) that month, for the conversion month by month
    monthly: dict[date, list[Decimal]] = field(default_factory=dict)

    @property
    def cells(self) -> list[StageCell]:
        return [
            StageCell(
                stage,
                self.amounts[stage],
                self.eur.get(stage),
                self.counts.get(stage),
                self.unknown.get(stage, 0),
                self.derived.get(stage, 0),
            )
            for stage in STAGES
        ]


@dataclass
class CurrencyTotals:
    currency: str
    amounts: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(STAGES, ZERO))
    eur: dict[str, Decimal | None] = field(default_factory=lambda: dict.fromkeys(STAGES, ZERO))
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BUCKETS, 0))
    unknown: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SUBSTAGES, 0))
    derived: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SUBSTAGES, 0))

    @property
    def cells(self) -> list[StageCell]:
        return [
            StageCell(
                stage,
                self.amounts[stage],
                self.eur[stage],
                self.counts.get(stage),
                self.unknown.get(stage, 0),
                self.derived.get(stage, 0),
            )
            for stage in STAGES
        ]


@dataclass
class AbsorptionPoint:
    """Cumulative amounts at the end of a month (or on the as-of day in its month)."""

    month: date
    allocation: Decimal | None
    contracted: Decimal | None
    paid: Decimal | None
    certified: Decimal | None


@dataclass
class Funnel:
    as_of: date
    rows: list[FunnelRow]
    totals: list[CurrencyTotals]
    eur: dict[str, Decimal | None]
    missing_rates: list[MissingRate]
    absorption: list[AbsorptionPoint]

    @property
    def missing_rate_ranges(self) -> list[str]:
        """The months without a rate, per currency as runs of consecutive months
        ("CZK 01/2022-03/2022")."""
        runs: list[str] = []
        start = end = None
        currency = ""
        for missing in [*self.missing_rates, None]:
            if (
                missing is not None
                and start is not None
                and end is not None
                and missing.currency == currency
                and missing.month == _next_month(end)
            ):
                end = missing.month
                continue
            if start is not None and end is not None:
                span = f"{start:%m/%Y}" if start == end else f"{start:%m/%Y}–{end:%m/%Y}"
                runs.append(f"{currency} {span}")
            if missing is not None:
                currency, start, end = missing.currency, missing.month, missing.month
        return runs

    @property
    def unknown(self) -> dict[str, int]:
        """Intentions whose paid / certified EU amount is unknown, over all rows."""
        return {s: sum(t.unknown[s] for t in self.totals) for s in SUBSTAGES}

    @property
    def derived(self) -> dict[str, int]:
        return {s: sum(t.derived[s] for t in self.totals) for s in SUBSTAGES}

    @property
    def display_currency(self) -> str:
        """The one currency of the rows, or EUR when they mix currencies (or have none)."""
        return self.totals[0].currency if len(self.totals) == 1 else "EUR"

    @property
    def display_amounts(self) -> dict[str, Decimal | None]:
        if len(self.totals) == 1:
            return dict(self.totals[0].amounts)
        return dict(self.eur)


# ---- one intention's history up to the as-of date ------------------------------------------


@dataclass
class _OperationTrack:
    current: Figures
    snapshot_days: list[date] = field(default_factory=list)
    snapshots: list[Figures] = field(default_factory=list)
    has_history: bool = False

    def on(self, day: date) -> Figures | None:
        if not self.has_history:
            return self.current
        index = bisect_right(self.snapshot_days, day)
        return self.snapshots[index - 1] if index else None


@dataclass
class _Track:
    key: Key
    requested_eu: Decimal
    change_days: list[date] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    operations: list[_OperationTrack] = field(default_factory=list)
    payment_months: dict[str, list[date]] = field(
        default_factory=lambda: {PaymentKind.PAID: [], PaymentKind.CERTIFIED: []}
    )
    payment_cumulative: dict[str, list[Decimal]] = field(
        default_factory=lambda: {PaymentKind.PAID: [], PaymentKind.CERTIFIED: []}
    )

    def status_on(self, day: date) -> str | None:
        """The status of the latest step by the end of `day` (None: still a draft)."""
        index = bisect_right(self.change_days, day)
        return self.statuses[index - 1] if index else None

    def stage_on(self, day: date) -> str | None:
        status = self.status_on(day)
        return None if status is None else STAGE_OF_STATUS.get(status)

    def _paid_on(self, kind: str, day: date) -> Decimal:
        index = bisect_right(self.payment_months[kind], day)
        return self.payment_cumulative[kind][index - 1] if index else ZERO

    def _claims(self, reported: Decimal | None, kind: str, day: date) -> Decimal | None:
        """The operations' EU amount when every one of them knows it; else the intention's own
        payment records when it has any; else unknown."""
        if reported is not None:
            return reported
        return self._paid_on(kind, day) if self.payment_months[kind] else None

    def contracted_on(self, day: date) -> tuple[Triple, bool]:
        """(EU contribution, paid, certified) on a day, zeros unless contracted then; and
        whether the paid amount is a derived EU share."""
        if self.stage_on(day) != CONTRACTED:
            return NOTHING, False
        reported = [values for op in self.operations if (values := op.on(day)) is not None]
        if reported:
            contracted = _known_sum(v[0] for v in reported)
            paid_eu = _known_sum(v[1] for v in reported)
            return (
                contracted if contracted is not None else self.requested_eu,
                self._claims(paid_eu, PaymentKind.PAID, day),
                self._claims(_known_sum(v[2] for v in reported), PaymentKind.CERTIFIED, day),
            ), paid_eu is not None and any(v[3] for v in reported)
        return (
            self.requested_eu,
            self._paid_on(PaymentKind.PAID, day),
            self._paid_on(PaymentKind.CERTIFIED, day),
        ), False

    def change_months(self) -> set[date]:
        months = {_month(day) for day in self.change_days}
        for op in self.operations:
            months.update(_month(day) for day in op.snapshot_days)
        for days in self.payment_months.values():
            months.update(days)
        return months


def _known_sum(values: Iterable[Decimal | None]) -> Decimal | None:
    """The sum when every value is known, else None (unknown is never summed as 0)."""
    total = ZERO
    for value in values:
        if value is None:
            return None
        total += value
    return total


def _month(day: date) -> date:
    return day.replace(day=1)


def _month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _next_month(month: date) -> date:
    return (month + timedelta(days=31)).replace(day=1)


def _end_of_day(day: date, time_zone: str) -> datetime:
    """The first instant after `day` in the agglomeration's time zone."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=ZoneInfo(time_zone))


# ---- queries ---------------------------------------------------------------------------------


def filtered_intentions(strategy: Strategy, filters: FunnelFilters) -> QuerySet[ProjectIntention]:
    """Intentions of the strategy's calls within the filters (drafts never counted: a draft is
    only ever the first state, so a draft today was a draft on every earlier day)."""
    qs = ProjectIntention.objects.filter(call__strategy=strategy).exclude(status=S.DRAFT)
    if filters.programme_id is not None:
        qs = qs.filter(call__specific_objective__programme_id=filters.programme_id)
    if filters.fund:
        qs = qs.filter(call__specific_objective__fund=filters.fund)
    if filters.measure_code:
        qs = qs.filter(measure_code=filters.measure_code)
    if filters.year is not None:
        qs = qs.filter(call__opens_at__year=filters.year)
    return qs


def _plan_lines(strategy: Strategy, filters: FunnelFilters) -> QuerySet[FinancialPlanLine]:
    qs = FinancialPlanLine.objects.filter(
        version_id=strategy.current_version_id, source=Source.EU
    ).select_related("measure", "specific_objective__programme")
    if filters.programme_id is not None:
        qs = qs.filter(specific_objective__programme_id=filters.programme_id)
    if filters.fund:
        qs = qs.filter(specific_objective__fund=filters.fund)
    if filters.measure_code:
        qs = qs.filter(measure__code=filters.measure_code)
    return qs.order_by("measure__code", "specific_objective__programme__code")


def _load_tracks(
    intentions: QuerySet[ProjectIntention], as_of: date | None, time_zone: str
) -> tuple[dict[int, _Track], dict[Key, tuple[str, str, str, str]]]:
    """Five queries: intentions, their status changes, operations, snapshots, payments.

    With `as_of` None the whole history is loaded and payments are summed per day, not per
    month (the monitoring summary, calculations/summary.py, builds its spans from that)."""
    ids = intentions.values("pk")
    until = {} if as_of is None else {"created_at__lt": _end_of_day(as_of, time_zone)}
    snapshots_until = {} if as_of is None else {"as_of__lte": as_of}
    paid_until = {} if as_of is None else {"on__lte": as_of}
    # DATE_TRUNC gives a timestamp on PostgreSQL; a date loads several times faster.
    period = F("on") if as_of is None else Cast(TruncMonth("on"), DateField())
    tracks: dict[int, _Track] = {}
    objectives: dict[Key, tuple[str, str, str, str]] = {}
    for (
        pk,
        code,
        objective_id,
        requested,
        programme,
        objective,
        fund,
        currency,
    ) in intentions.order_by().values_list(
        "pk",
        "measure_code",
        "call__specific_objective_id",
        "requested_eu",
        "call__specific_objective__programme__code",
        "call__specific_objective__code",
        "call__specific_objective__fund",
        "call__specific_objective__programme__currency",
    ):
        key = (code, objective_id)
        tracks[pk] = _Track(key, requested)
        objectives.setdefault(key, (programme, objective, fund, currency))

    # The day in the agglomeration's time zone comes from the database: a date is much cheaper
    # to load than a timestamp with its time zone (thousands of rows per strategy).
    changes = (
        StatusChange.objects.filter(
            workflow=INTENTION_WORKFLOW,
            object_id__in=ids,
            **until,
        )
        .annotate(day=TruncDate("created_at", tzinfo=ZoneInfo(time_zone)))
        .order_by("object_id", "created_at", "id")
    )
    for object_id, day, new_status in changes.values_list("object_id", "day", "new_status"):
        track = tracks[object_id]
        track.change_days.append(day)
        track.statuses.append(new_status)

    operations: dict[int, _OperationTrack] = {}
    for op_pk, intention_id, eu, paid, certified, derived, first_snapshot in (
        Operation.objects.filter(intention__in=ids)
        .annotate(first_snapshot=Min("snapshots__as_of"))
        .order_by("pk")
        .values_list(
            "pk",
            "intention_id",
            "eu_contribution",
            "paid_eu",
            "certified_eu",
            "paid_eu_derived",
            "first_snapshot",
        )
    ):
        op = _OperationTrack((eu, paid, certified, derived), has_history=first_snapshot is not None)
        operations[op_pk] = op
        tracks[intention_id].operations.append(op)
    for op_pk, as_of_day, eu, paid, certified, derived in (
        OperationSnapshot.objects.filter(operation__intention__in=ids, **snapshots_until)
        .order_by("operation_id", "as_of", "id")
        .values_list(
            "operation_id", "as_of", "eu_contribution", "paid_eu", "certified_eu", "paid_eu_derived"
        )
    ):
        op = operations[op_pk]
        op.snapshot_days.append(as_of_day)
        op.snapshots.append((eu, paid, certified, derived))

    payments = (
        Payment.objects.filter(
            intention__in=ids, kind__in=[PaymentKind.PAID, PaymentKind.CERTIFIED], **paid_until
        )
        .annotate(month=period)
        .values_list("intention_id", "kind", "month")
        .annotate(total=Sum("amount"))
        .order_by("intention_id", "kind", "month")
    )
    for intention_id, kind, month, total in payments:
        track = tracks[intention_id]
        running = track.payment_cumulative[kind]
        track.payment_months[kind].append(month)
        running.append((running[-1] if running else ZERO) + total)
    return tracks, objectives


def money_funnel(
    strategy: Strategy, filters: FunnelFilters, *, agglomeration: Agglomeration | None = None
) -> Funnel:
    """The funnel of a strategy on `filters.as_of` with its absorption over time (8 queries).

    It reads the strategy's monitoring summary (`IntentionStageSpan`) once it has been built
    (`Strategy.summary_built_at`, `manage.py rebuild_strategy_summary`); a strategy whose summary
    was never built is read by replaying its history. Both give the same funnel
    (test_summary_property.py)."""
    if strategy.summary_built_at is not None:
        return _summary_funnel(strategy, filters, agglomeration=agglomeration)
    return _replay_funnel(strategy, filters, agglomeration=agglomeration)


def _replay_funnel(
    strategy: Strategy, filters: FunnelFilters, *, agglomeration: Agglomeration | None = None
) -> Funnel:
    """The funnel by replaying every intention's history up to the as-of date (8 queries)."""
    agglomeration = agglomeration or strategy.agglomeration
    as_of = filters.as_of
    rates = MonthlyRates.load(agglomeration.pk, as_of)
    rows = _allocation_rows(strategy, filters)
    intentions = filtered_intentions(strategy, filters)
    tracks, objectives = _load_tracks(intentions, as_of, agglomeration.time_zone)
    measure_names = {
        code: str(as_i18n(name))
        for code, name in Measure.objects.filter(
            version_id=strategy.current_version_id
        ).values_list("code", "name")
    }
    for key, (programme, objective_code, fund, currency) in objectives.items():
        if key not in rows:
            rows[key] = FunnelRow(
                key[0], measure_names.get(key[0], ""), programme, objective_code, fund, currency
            )
    deltas: dict[str, dict[date, list[Decimal]]] = defaultdict(dict)
    first_month = _month(as_of)
    for track in tracks.values():
        row = rows[track.key]
        (on_day, derived), first = _absorb(track, as_of, deltas[row.currency], row.monthly)
        first_month = min(first_month, first)
        stage = track.stage_on(as_of)
        if stage is None:
            continue
        row.counts[stage] += 1
        if stage == CONTRACTED:
            for name, amount in zip((CONTRACTED, PAID, CERTIFIED), on_day, strict=True):
                if amount is None:
                    row.unknown[name] += 1
                else:
                    row.amounts[name] += amount
            if derived:
                row.derived[PAID] += 1
        else:
            row.amounts[stage] += track.requested_eu

    ordered = sorted(
        rows.values(), key=lambda r: (r.measure_code, r.programme_code, r.objective_code)
    )
    currency_totals, eur = _convert(ordered, rates)
    absorption = _absorption(currency_totals, deltas, first_month, as_of, rates)
    return Funnel(
        as_of=as_of,
        rows=ordered,
        totals=currency_totals,
        eur=eur,
        missing_rates=sorted(rates.missing, key=lambda m: (m.currency, m.month)),
        absorption=absorption,
    )


def _summary_funnel(
    strategy: Strategy, filters: FunnelFilters, *, agglomeration: Agglomeration | None = None
) -> Funnel:
    """The funnel read from the strategy's monitoring summary (8 queries): the spans covering the
    as-of day summed per measure x objective and stage, the months in which contracted, paid
    and certified money moved (spans starting and ending up to the day), and the first month
    it moved. The same rules as the replay: a span is one state of `_Track.contracted_on`."""
    agglomeration = agglomeration or strategy.agglomeration
    as_of = filters.as_of
    rates = MonthlyRates.load(agglomeration.pk, as_of)
    rows = _allocation_rows(strategy, filters)
    intentions = filtered_intentions(strategy, filters)
    measure_names = {
        code: str(as_i18n(name))
        for code, name in Measure.objects.filter(
            version_id=strategy.current_version_id
        ).values_list("code", "name")
    }
    for code, objective_id, programme, objective_code, fund, currency in (
        intentions.order_by()
        .values_list(
            "measure_code",
            "call__specific_objective_id",
            "call__specific_objective__programme__code",
            "call__specific_objective__code",
            "call__specific_objective__fund",
            "call__specific_objective__programme__currency",
        )
        .distinct()
    ):
        if (code, objective_id) not in rows:
            rows[(code, objective_id)] = FunnelRow(
                code, measure_names.get(code, ""), programme, objective_code, fund, currency
            )

    # The second condition is the same set; it lets the database reach the strategy's
    # intentions through its calls (an index) instead of reading every intention.
    if filters == FunnelFilters(as_of=as_of):
        # Every span of the strategy is of a non-draft. The second condition is the same set;
        # it lets the database reach the intentions through the calls' index.
        spans = IntentionStageSpan.objects.filter(
            strategy=strategy, intention__call__strategy=strategy
        )
    else:  # a few intentions: their spans through the intentions' index
        spans = IntentionStageSpan.objects.filter(intention__in=intentions.values("pk"))
    spans = spans.order_by()
    key = ("intention__measure_code", "intention__call__specific_objective_id")
    contracted = Coalesce("contracted_eu", "intention__requested_eu")
    unknown = {
        PAID: Q(paid_unknown=True) & (Q(paid_records_from=None) | Q(paid_records_from__gt=as_of)),
        CERTIFIED: Q(certified_unknown=True)
        & (Q(certified_records_from=None) | Q(certified_records_from__gt=as_of)),
    }
    on_day = spans.filter(Q(valid_to=None) | Q(valid_to__gt=as_of), valid_from__lte=as_of)
    for (
        code,
        objective_id,
        stage,
        count,
        requested,
        eu,
        paid,
        certified,
        *flags,
    ) in on_day.values_list(*key, "stage").annotate(
        n=Count("pk"),
        requested=Sum("intention__requested_eu"),
        eu=Sum(contracted),
        paid=Sum("paid_eu"),
        certified=Sum("certified_eu"),
        paid_unknown_n=Count("pk", filter=unknown[PAID]),
        certified_unknown_n=Count("pk", filter=unknown[CERTIFIED]),
        derived_n=Count("pk", filter=Q(paid_derived=True)),
    ):
        row = rows[(code, objective_id)]
        row.counts[stage] += count
        if stage != CONTRACTED:
            row.amounts[stage] += requested
            continue
        for name, amount in ((CONTRACTED, eu), (PAID, paid), (CERTIFIED, certified)):
            row.amounts[name] += amount
        row.unknown[PAID] += flags[0]
        row.unknown[CERTIFIED] += flags[1]
        row.derived[PAID] += flags[2]

    # How contracted, paid and certified money changed per month: + a span's amounts in the
    # month it starts, - in the month it ends (up to the as-of day).
    deltas: dict[str, dict[date, list[Decimal]]] = defaultdict(dict)
    moving = spans.filter(stage=CONTRACTED)
    for sign, bound in ((1, "valid_from"), (-1, "valid_to")):
        for code, objective_id, month, *amounts in (
            moving.filter(**{f"{bound}__lte": as_of})
            .annotate(month=Cast(TruncMonth(bound), DateField()))
            .values_list(*key, "month")
            .annotate(eu=Sum(contracted), paid=Sum("paid_eu"), certified=Sum("certified_eu"))
        ):
            row = rows[(code, objective_id)]
            slot = deltas[row.currency].setdefault(month, [ZERO, ZERO, ZERO])
            changes = row.monthly.setdefault(month, [ZERO, ZERO])
            for index, amount in enumerate(amounts):
                slot[index] += sign * amount
                if index:
                    changes[index - 1] += sign * amount
    # The first month whose end (or the as-of day) an intention spent contracted with money
    # other than nothing: the absorption starts there (`_absorb`).
    first = moving.filter(
        Q(moves=True)
        | (Q(contracted_eu=None) & ~Q(intention__requested_eu=0))
        | unknown[PAID]
        | unknown[CERTIFIED],
        Q(reaches_month_end=True) | Q(valid_to=None) | Q(valid_to__gt=as_of),
        valid_from__lte=as_of,
    ).aggregate(first=Min("valid_from"))["first"]
    first_month = _month(as_of) if first is None else min(_month(as_of), _month(first))

    ordered = sorted(
        rows.values(), key=lambda r: (r.measure_code, r.programme_code, r.objective_code)
    )
    currency_totals, eur = _convert(ordered, rates)
    absorption = _absorption(currency_totals, deltas, first_month, as_of, rates)
    return Funnel(
        as_of=as_of,
        rows=ordered,
        totals=currency_totals,
        eur=eur,
        missing_rates=sorted(rates.missing, key=lambda m: (m.currency, m.month)),
        absorption=absorption,
    )


@dataclass(frozen=True)
class IntentionMoney:
    """One intention as the funnel counts it on the as-of day (`intention_money`)."""

    intention_id: int
    status: str  # its status on the day (from the workflow history)
    stage: str  # the one stage it counts in
    currency: str  # the programme's
    requested_eu: Decimal
    contracted_eu: Decimal | None  # the contracted stage's amount; None unless contracted


def intention_money(
    strategy: Strategy, filters: FunnelFilters, *, agglomeration: Agglomeration | None = None
) -> list[IntentionMoney]:
    """The intentions that count in a stage of the funnel on `filters.as_of`, each with its
    status then and the amounts it adds (by intention id; 5 queries). Their requested EU
    support sums to the pipeline, endorsed and applied cells of `money_funnel` and their
    contracted EU support to its contracted cells: the same rules, intention by intention."""
    agglomeration = agglomeration or strategy.agglomeration
    as_of = filters.as_of
    tracks, objectives = _load_tracks(
        filtered_intentions(strategy, filters), as_of, agglomeration.time_zone
    )
    found: list[IntentionMoney] = []
    for pk, track in sorted(tracks.items()):
        status = track.status_on(as_of)
        stage = track.stage_on(as_of)
        if status is None or stage is None:
            continue
        contracted = track.contracted_on(as_of)[0][0] if stage == CONTRACTED else None
        currency = objectives[track.key][3]
        found.append(IntentionMoney(pk, status, stage, currency, track.requested_eu, contracted))
    return found


def _allocation_rows(strategy: Strategy, filters: FunnelFilters) -> dict[Key, FunnelRow]:
    """One row per EU plan line (unique per measure x objective x source)."""
    rows: dict[Key, FunnelRow] = {}
    for line in _plan_lines(strategy, filters):
        objective = line.specific_objective
        row = FunnelRow(
            line.measure.code,
            str(line.measure.name),
            objective.programme.code,
            objective.code,
            objective.fund,
            objective.programme.currency,
        )
        row.amounts[ALLOCATION] = line.amount
        rows[(line.measure.code, objective.pk)] = row
    return rows


def _absorb(
    track: _Track,
    as_of: date,
    series: dict[date, list[Decimal]],
    row_months: dict[date, list[Decimal]],
) -> tuple[tuple[Triple, bool], date]:
    """Add how the intention's contracted money changed in each month it moved (also when it
    was contracted then and withdrawn since) to its currency's series, and its paid and
    certified changes to its row's months; return its value on the as-of day (with whether the
    paid amount is derived) and the first month it changed. An unknown amount adds nothing."""
    before: tuple[Triple, bool] = (NOTHING, False)
    first = _month(as_of)
    for month in sorted(track.change_months()):
        now = track.contracted_on(min(_month_end(month), as_of))
        if now != before:
            first = min(first, month)
            slot = series.setdefault(month, [ZERO, ZERO, ZERO])
            for index in range(3):
                change = (now[0][index] or ZERO) - (before[0][index] or ZERO)
                slot[index] += change
                if index:
                    row_months.setdefault(month, [ZERO, ZERO])[index - 1] += change
            before = now
    # nothing changes after the last month that had a change: `before` is the as-of value
    return before, first


@dataclass
class MonthlyRates:
    """The agglomeration's exchange rates per currency and month (one query): the rate of a
    month is the latest row valid from a day of that month. No month borrows another's."""

    as_of: date
    by_month: dict[str, dict[date, ExchangeRate]]
    missing: set[MissingRate] = field(default_factory=set)

    @classmethod
    def load(cls, agglomeration_id: int, as_of: date) -> MonthlyRates:
        by_month: dict[str, dict[date, ExchangeRate]] = defaultdict(dict)
        for rate in ExchangeRate.objects.filter(
            agglomeration_id=agglomeration_id, valid_from__lte=as_of
        ).order_by("currency", "valid_from", "id"):
            by_month[rate.currency][_month(rate.valid_from)] = rate
        return cls(as_of, by_month)

    def of(self, currency: str, month: date) -> dict[str, ExchangeRate]:
        """The rates argument of `eur_equivalent` for one month; records a missing month."""
        rate = self.by_month.get(currency, {}).get(_month(month))
        if rate is None:
            if currency != "EUR":
                self.missing.add(MissingRate(currency, _month(month)))
            return {}
        return {currency: rate}

    def convert(self, amount: Decimal, currency: str, month: date) -> Decimal | None:
        return eur_equivalent(amount, currency, self.of(currency, month))

    def convert_monthly(self, row: FunnelRow, index: int) -> Decimal | None:
        """The sum of the row's monthly increases, each at its own month's rate."""
        total: Decimal | None = ZERO
        for month, changes in sorted(row.monthly.items()):
            if changes[index]:
                total = _add(total, self.convert(changes[index], row.currency, month))
        return total


def _convert(
    rows: list[FunnelRow], rates: MonthlyRates
) -> tuple[list[CurrencyTotals], dict[str, Decimal | None]]:
    """EUR per cell of each row; totals per currency and in EUR are sums of the rows."""
    totals: dict[str, CurrencyTotals] = {}
    eur: dict[str, Decimal | None] = dict.fromkeys(STAGES, ZERO)
    for row in rows:
        bucket = totals.setdefault(row.currency, CurrencyTotals(row.currency))
        for stage in STAGES:
            if stage in SUBSTAGES:
                converted = rates.convert_monthly(row, SUBSTAGES.index(stage))
            else:
                converted = rates.convert(row.amounts[stage], row.currency, rates.as_of)
            row.eur[stage] = converted
            bucket.amounts[stage] += row.amounts[stage]
            bucket.eur[stage] = _add(bucket.eur[stage], converted)
            eur[stage] = _add(eur[stage], converted)
        for stage in BUCKETS:
            bucket.counts[stage] += row.counts[stage]
        for stage in SUBSTAGES:
            bucket.unknown[stage] += row.unknown[stage]
            bucket.derived[stage] += row.derived[stage]
    return [totals[c] for c in sorted(totals)], eur


def _add(total: Decimal | None, amount: Decimal | None) -> Decimal | None:
    return None if total is None or amount is None else total + amount


def _absorption(
    totals: list[CurrencyTotals],
    deltas: dict[str, dict[date, list[Decimal]]],
    first_month: date,
    as_of: date,
    rates: MonthlyRates,
) -> list[AbsorptionPoint]:
    """Cumulative contracted, paid and certified per month in the display currency (in EUR
    when currencies mix: each month's cumulative figures at that month's rate)."""
    single = totals[0].currency if len(totals) == 1 else None
    running = {t.currency: [ZERO, ZERO, ZERO] for t in totals}
    points: list[AbsorptionPoint] = []
    month = first_month
    last = _month(as_of)
    while month <= last:
        for currency, values in running.items():
            change = deltas.get(currency, {}).get(month)
            if change:
                for index in range(3):
                    values[index] += change[index]
        if single is not None:
            allocation: Decimal | None = totals[0].amounts[ALLOCATION]
            figures: list[Decimal | None] = list(running[single])
        else:
            allocation = ZERO
            figures = [ZERO, ZERO, ZERO]
            for total in totals:
                allocation = _add(
                    allocation, rates.convert(total.amounts[ALLOCATION], total.currency, month)
                )
                for index in range(3):
                    figures[index] = _add(
                        figures[index],
                        rates.convert(running[total.currency][index], total.currency, month),
                    )
        points.append(AbsorptionPoint(month, allocation, *figures))
        month = _next_month(month)
    return points
