"""Every write of the steering committee, by area: members, meetings, agenda, voting, declared
conflicts of interest and resolutions.

Lock order (to avoid deadlocks between concurrent actions): committee, then meeting, then
agenda item. Casting a vote and deciding an item both lock the meeting row first, so a vote
arriving while an item is decided is either counted in the resolution or refused with a
message, never lost.

The names below are re-exported for the callers outside the app (the demo, other apps' tests);
code of the app imports the area module.
"""

from __future__ import annotations

from aglomera.committee.actions.agenda import (
    TARGET_FIELD,
    add_agenda_item,
    set_item_proposals,
    withdraw_item,
)
from aglomera.committee.actions.conflicts import declare_conflict
from aglomera.committee.actions.meetings import (
    MAX_WINDOW_DAYS,
    Presence,
    plan_meeting,
    record_attendance,
)
from aglomera.committee.actions.members import add_member, ensure_committee, update_member
from aglomera.committee.actions.resolutions import decide_item
from aglomera.committee.actions.voting import cast_vote, record_room_votes

__all__ = [
    "MAX_WINDOW_DAYS",
    "TARGET_FIELD",
    "Presence",
    "add_agenda_item",
    "add_member",
    "cast_vote",
    "decide_item",
    "declare_conflict",
    "ensure_committee",
    "plan_meeting",
    "record_attendance",
    "record_room_votes",
    "set_item_proposals",
    "update_member",
    "withdraw_item",
]
