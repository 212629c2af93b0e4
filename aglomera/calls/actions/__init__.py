"""Every write to calls and their yearly schedule, by area. Views, the API and commands call
these; the names are re-exported here for callers that import the package."""

from __future__ import annotations

from aglomera.calls.actions.calls import CallFields, change_call_status, create_call, update_call
from aglomera.calls.actions.modifications import modify_call
from aglomera.calls.actions.parts import (
    add_attachment_kind,
    add_checklist_item,
    add_criterion,
    remove_call_part,
)
from aglomera.calls.actions.schedules import approve_schedule, create_schedule

__all__ = [
    "CallFields",
    "add_attachment_kind",
    "add_checklist_item",
    "add_criterion",
    "approve_schedule",
    "change_call_status",
    "create_call",
    "create_schedule",
    "modify_call",
    "remove_call_part",
    "update_call",
]
