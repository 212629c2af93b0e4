"""The portal's calls: open, planned and closed calls of an agglomeration, and one call's page.

Public states only: a planned call is in the calendar of calls that CPR 2021/1060 Art. 49(2)
requires to be published (at least three months ahead: area, objective, eligible applicants,
total support, start and end date); announced and closed calls are public facts. A cancelled
call is not shown (it never opened, or was withdrawn: nobody can apply to it).

Each function runs a fixed number of queries (pinned in tests).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.dateparse import parse_datetime
from django.utils.functional import Promise

from aglomera.agglomerations.models import Agglomeration
from aglomera.calls.models import Call, CallModification, CallModificationKind, CallStatus
from aglomera.calls.queries.calls import (
    PHASE_OPEN,
    PHASE_PLANNED,
    STATE_LABELS,
    call_state,
    public_phase,
)
from aglomera.strategy.models import Measure

PUBLIC_CALL_STATES = (CallStatus.PLANNED, CallStatus.ANNOUNCED, CallStatus.CLOSED)


@dataclass(frozen=True)
class PublicCall:
    call: Call
    state: str
    measure_name: Any

    @property
    def state_label(self) -> Promise:
        return STATE_LABELS[self.state]


@dataclass
class PublicCalls:
    open: list[PublicCall] = field(default_factory=list)
    planned: list[PublicCall] = field(default_factory=list)
    closed: list[PublicCall] = field(default_factory=list)


def public_calls(agglomeration: Agglomeration) -> QuerySet[Call]:
    return Call.objects.filter(agglomeration=agglomeration, status__in=PUBLIC_CALL_STATES)


def _measure_names(calls: list[Call]) -> dict[tuple[int | None, str], Any]:
    """The calls' measures by name in the current version of their strategy (one query)."""
    if not calls:
        return {}
    return {
        (version_id, code): name
        for version_id, code, name in Measure.objects.filter(
            version_id__in={c.strategy.current_version_id for c in calls},
            code__in={c.measure_code for c in calls},
        ).values_list("version_id", "code", "name")
    }


def list_public_calls(agglomeration: Agglomeration, now: datetime) -> PublicCalls:
    """Open calls by deadline, planned ones by opening, closed ones newest first (two queries)."""
    calls = list(
        public_calls(agglomeration)
        .select_related("strategy", "specific_objective__programme")
        .order_by("opens_at", "number")
    )
    names = _measure_names(calls)
    found = PublicCalls()
    for call in calls:
        state = call_state(call, now)
        row = PublicCall(
            call, state, names.get((call.strategy.current_version_id, call.measure_code))
        )
        phase = public_phase(call, now)  # the API's `phase` of the call too
        if phase == PHASE_OPEN:
            found.open.append(row)
        elif phase == PHASE_PLANNED:
            found.planned.append(row)
        else:
            found.closed.append(row)
    found.open.sort(key=lambda row: (row.call.closes_at, row.call.number))
    found.closed.sort(key=lambda row: (row.call.closes_at, row.call.number), reverse=True)
    return found


@dataclass(frozen=True)
class CallChange:
    """A change of an announced call: when, what, and the new allocation or deadline."""

    when: datetime
    kind: str
    label: Any
    after: Decimal | datetime | None


def _change(modification: CallModification) -> CallChange:
    after: Decimal | datetime | None = None
    if modification.kind == CallModificationKind.ALLOCATION:
        raw = modification.after.get("allocation")
        after = None if raw is None else Decimal(str(raw))
    elif modification.kind == CallModificationKind.DEADLINE:
        after = parse_datetime(str(modification.after.get("closes_at", "")))
    return CallChange(
        modification.created_at, modification.kind, modification.get_kind_display(), after
    )


@dataclass(frozen=True)
class CallPage:
    row: PublicCall
    measure: Measure | None
    changes: list[CallChange]

    @property
    def call(self) -> Call:
        return self.row.call


def get_public_call(agglomeration: Agglomeration, pk: int, now: datetime) -> CallPage:
    """One public call with its criteria, required attachments, territory and changes
    (six queries); 404 for another agglomeration's call or a cancelled one."""
    call = (
        public_calls(agglomeration)
        .select_related("strategy", "schedule", "specific_objective__programme")
        .prefetch_related("criteria", "attachment_kinds", "territory", "modifications")
        .filter(pk=pk)
        .first()
    )
    if call is None:
        raise Http404
    measure = (
        Measure.objects.filter(version_id=call.strategy.current_version_id, code=call.measure_code)
        .select_related("specific_goal__goal")
        .first()
    )
    row = PublicCall(call, call_state(call, now), measure.name if measure else None)
    return CallPage(row, measure, [_change(m) for m in call.modifications.all()])
