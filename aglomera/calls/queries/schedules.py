"""The yearly schedules of calls with the number of their calls and their allocation."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from aglomera.agglomerations.models import Agglomeration
from aglomera.calls.models import CallSchedule, CallStatus
from aglomera.calls.queries.calls import CallRow
from aglomera.core.money import ZERO
from aglomera.core.tenant import in_tenant


@dataclass
class ScheduleRow:
    schedule: CallSchedule
    calls: int
    allocation: Decimal


def list_schedules(agglomeration: Agglomeration) -> list[ScheduleRow]:
    """The yearly schedules with the number of calls and their allocation (one query)."""
    live = Q(calls__status__in=[s for s in CallStatus if s != CallStatus.CANCELLED])
    schedules = (
        in_tenant(CallSchedule, agglomeration)
        .annotate(
            call_count=Count("calls", filter=live), total=Sum("calls__allocation", filter=live)
        )
        .order_by("-year")
    )
    return [ScheduleRow(s, s.call_count, s.total or ZERO) for s in schedules]


def total_allocation(rows: list[CallRow]) -> Decimal:
    """The allocation of the listed calls that are not cancelled."""
    return sum(
        (row.call.allocation for row in rows if row.call.status != CallStatus.CANCELLED), ZERO
    )
