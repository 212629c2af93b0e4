"""The read side of calls, by area; the names are re-exported here for callers that import
the package."""

from __future__ import annotations

from aglomera.calls.queries.calls import (
    DEMAND_STATUSES,
    PUBLIC_STATUSES,
    STATE_LABELS,
    CallDetail,
    CallRow,
    HistoryRow,
    call_state,
    format_moment,
    get_call,
    is_open,
    list_calls,
    visible_calls,
)
from aglomera.calls.queries.schedules import ScheduleRow, list_schedules, total_allocation

__all__ = [
    "DEMAND_STATUSES",
    "PUBLIC_STATUSES",
    "STATE_LABELS",
    "CallDetail",
    "CallRow",
    "HistoryRow",
    "ScheduleRow",
    "call_state",
    "format_moment",
    "get_call",
    "is_open",
    "list_calls",
    "list_schedules",
    "total_allocation",
    "visible_calls",
]
