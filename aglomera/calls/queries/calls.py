"""The read side of calls: the list with demand against allocation, one call with its history.

Every function runs a fixed number of queries whatever the number of calls and intentions: the
intention aggregates come from one annotated query, never from a query per call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from aglomera.accounts.models import User
from aglomera.agglomerations.models import Agglomeration
from aglomera.calls.models import Call, CallModification, CallSchedule, CallStatus
from aglomera.core.actors import Actor
from aglomera.core.models import StatusChange
from aglomera.core.money import ZERO
from aglomera.core.tenant import in_tenant, zone_of
from aglomera.core.zones import zone_name
from aglomera.intentions.models import IntentionStatus
from aglomera.strategy.models import Measure

# Intentions that count as demand on a call: everything submitted at least once and not withdrawn.
DEMAND_STATUSES = [
    status
    for status in IntentionStatus
    if status not in (IntentionStatus.DRAFT, IntentionStatus.WITHDRAWN)
]
PUBLIC_STATUSES = (CallStatus.ANNOUNCED, CallStatus.CLOSED)
PERCENT = Decimal("0.1")

STATE_LABELS: dict[str, Promise] = {
    CallStatus.PLANNED: _("planned"),
    "upcoming": _("announced, not open yet"),
    "open": _("open for intentions"),
    "deadline_passed": _("deadline passed"),
    CallStatus.CLOSED: _("closed"),
    CallStatus.CANCELLED: _("cancelled"),
}


def format_moment(moment: datetime, zone: str) -> str:
    """A moment in the agglomeration's time zone, localized: "30. 5. 2025 12:00 (pražský čas)"."""
    local = timezone.localtime(moment, timezone=zone_of(zone))
    return f"{date_format(local, 'SHORT_DATETIME_FORMAT')} ({zone_name(zone)})"


def is_open(call: Call, now: datetime) -> bool:
    """Whether intentions can be submitted to the call at this moment."""
    return call.is_open_at(now)


def call_state(call: Call, now: datetime) -> str:
    """The status refined by the clock: an announced call is upcoming, open or past its deadline."""
    if call.status != CallStatus.ANNOUNCED:
        return str(call.status)
    if now < call.opens_at:
        return "upcoming"
    if now < call.closes_at:
        return "open"
    return "deadline_passed"


# The public phase of a call: how the portal sections its calls and the API names them.
PHASE_OPEN = "open"
PHASE_PLANNED = "planned"
PHASE_CLOSED = "closed"
PHASES = (PHASE_OPEN, PHASE_PLANNED, PHASE_CLOSED)
_PHASE_OF_STATE = {
    "open": PHASE_OPEN,
    CallStatus.PLANNED: PHASE_PLANNED,
    "upcoming": PHASE_PLANNED,  # announced, not open yet: in the calendar of planned calls
    "deadline_passed": PHASE_CLOSED,
    CallStatus.CLOSED: PHASE_CLOSED,
}


def public_phase(call: Call, now: datetime) -> str:
    """open between the opening and the deadline; planned before it opens (a planned call, or
    an announced one not open yet); closed after the deadline. A cancelled call is never public
    and reads as closed."""
    return _PHASE_OF_STATE.get(call_state(call, now), PHASE_CLOSED)


def visible_calls(agglomeration: Agglomeration, actor: Actor) -> QuerySet[Call]:
    """Applicants and partners see announced and closed calls; staff also planned and cancelled."""
    calls = in_tenant(Call, agglomeration)
    if not actor.has_perm("calls.view_planned", agglomeration):
        calls = calls.filter(status__in=PUBLIC_STATUSES)
    return calls


def _with_demand(calls: QuerySet[Call]) -> QuerySet[Call]:
    demand = Q(intentions__status__in=DEMAND_STATUSES)
    return calls.annotate(
        demand_count=Count("intentions", filter=demand),
        demand_eu=Sum("intentions__requested_eu", filter=demand),
        demand_national=Sum("intentions__requested_national", filter=demand),
    )


@dataclass
class CallRow:
    call: Call
    state: str
    submitted: int
    requested: Decimal
    measure_name: Any = ""

    @property
    def state_label(self) -> Promise:
        return STATE_LABELS[self.state]

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    @property
    def percent(self) -> Decimal | None:
        """Requested support as % of the allocation (over 100 = oversubscribed)."""
        if not self.call.allocation:
            return None
        allocation = Decimal(self.call.allocation)
        return (self.requested * 100 / allocation).quantize(PERCENT)

    @property
    def oversubscribed(self) -> bool:
        return self.requested > Decimal(self.call.allocation)


def _row(call: Any, now: datetime, measure_names: dict[tuple[int, str], Any]) -> CallRow:
    requested = (call.demand_eu or ZERO) + (call.demand_national or ZERO)
    return CallRow(
        call=call,
        state=call_state(call, now),
        submitted=call.demand_count,
        requested=requested,
        measure_name=measure_names.get((call.strategy.current_version_id, call.measure_code), ""),
    )


def _measure_names(calls: list[Call]) -> dict[tuple[int, str], Any]:
    """Names of the calls' measures in the current version of their strategy (one query)."""
    versions = {c.strategy.current_version_id for c in calls if c.strategy.current_version_id}
    if not versions:
        return {}
    return {
        (version_id, code): name
        for version_id, code, name in Measure.objects.filter(
            version_id__in=versions, code__in={c.measure_code for c in calls}
        ).values_list("version_id", "code", "name")
    }


def list_calls(
    agglomeration: Agglomeration,
    actor: Actor,
    now: datetime,
    *,
    schedule: CallSchedule | None = None,
) -> list[CallRow]:
    """The calls the actor may see, newest first, each with its demand (two queries)."""
    calls = visible_calls(agglomeration, actor).select_related(
        "strategy", "schedule", "specific_objective__programme"
    )
    if schedule is not None:
        calls = calls.filter(schedule=schedule)
    loaded = list(_with_demand(calls).order_by("-opens_at", "number"))
    names = _measure_names(loaded)
    return [_row(call, now, names) for call in loaded]


@dataclass
class HistoryRow:
    """One line of a call's history: a status change or a modification."""

    when: datetime
    actor: User | None  # who took the step (None once the account is gone)
    kind: str
    label: Any
    reason: str
    before: Any = None
    after: Any = None


@dataclass
class CallDetail:
    row: CallRow
    measure: Measure | None
    history: list[HistoryRow] = field(default_factory=list)

    @property
    def call(self) -> Call:
        return self.row.call


def _value(kind: str, raw: Any) -> Any:
    if kind == "allocation":
        return Decimal(str(raw))
    if kind == "deadline":
        return parse_datetime(str(raw))
    return raw


def _history(call: Call) -> list[HistoryRow]:
    changes = StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(Call), object_id=call.pk
    ).select_related("actor")
    rows = [
        HistoryRow(
            when=change.created_at,
            actor=change.actor,
            kind="status",
            label=change.new_label,
            reason=change.reason,
        )
        for change in changes
    ]
    modification: CallModification
    for modification in call.modifications.all():
        key = "allocation" if modification.kind == "allocation" else "closes_at"
        rows.append(
            HistoryRow(
                when=modification.created_at,
                actor=modification.actor,
                kind=str(modification.kind),
                label=modification.get_kind_display(),
                reason=modification.reason,
                before=_value(modification.kind, modification.before.get(key)),
                after=_value(modification.kind, modification.after.get(key)),
            )
        )
    return sorted(rows, key=lambda row: row.when)


def get_call(agglomeration: Agglomeration, pk: int, actor: Actor, now: datetime) -> CallDetail:
    """One call with everything its page shows; 404 when the actor may not see it."""
    calls = (
        _with_demand(visible_calls(agglomeration, actor))
        .select_related("strategy", "schedule", "specific_objective__programme", "agglomeration")
        .prefetch_related(
            "criteria",
            "checklist",
            "attachment_kinds",
            "territory",
            Prefetch("modifications", queryset=CallModification.objects.select_related("actor")),
        )
    )
    call = get_object_or_404(calls, pk=pk)
    measure = (
        Measure.objects.filter(version_id=call.strategy.current_version_id, code=call.measure_code)
        .select_related("specific_goal")
        .first()
    )
    row = _row(
        call, now, {} if measure is None else {(measure.version_id, measure.code): measure.name}
    )
    return CallDetail(row=row, measure=measure, history=_history(call))
