"""The workflows of a committee meeting and of its agenda items: the tables, their guards.

    planned ──open voting──▶ voting ──close──▶ closed
       └──cancel──▶ cancelled

    agenda item: pending ──decide──▶ decided      (with its numbered resolution)
                 pending ──withdraw──▶ withdrawn

In-person meetings open voting when they start; per rollam meetings open their window and
close at `voting_closes_at` (the reminder task and the manager close it). Opening needs an
agenda with at least one pending item, and a per rollam window that has not ended yet at the
step's `now`. Deciding an item is `actions.resolutions.decide_item`, which numbers the
resolution and then takes the step.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from aglomera.committee.models import (
    AgendaItem,
    ItemStatus,
    Meeting,
    MeetingForm,
    MeetingStatus,
)
from aglomera.committee.queries.counting import pending_results
from aglomera.core.transitions import Step, TransitionNotAllowed, Workflow

S = MeetingStatus

TRANSITIONS: dict[tuple[MeetingStatus, MeetingStatus], str] = {
    (S.PLANNED, S.VOTING): "committee.manage",
    (S.PLANNED, S.CANCELLED): "committee.manage",
    (S.VOTING, S.CLOSED): "committee.manage",
}


def _has_pending_items(step: Step[Meeting]) -> None:
    if not step.obj.items.filter(status=ItemStatus.PENDING).exists():
        raise ValidationError(
            _("Put at least one item on the agenda before opening the voting."), code="no_agenda"
        )


def _local(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _window_not_over(step: Step[Meeting]) -> None:
    meeting = step.obj
    closes = meeting.voting_closes_at
    if meeting.form == MeetingForm.PER_ROLLAM and closes is not None and step.now >= closes:
        raise ValidationError(
            _("The voting window ended on %(closes)s; plan a new meeting with a new window.")
            % {"closes": _local(closes)},
            code="window_over",
        )


def _everyone_voted(meeting: Meeting) -> bool:
    """Every active member who may vote on a pending item (is not recused from all of it) voted
    on it."""
    pending = meeting.items.filter(status=ItemStatus.PENDING)
    return all(result.everyone_voted for result in pending_results(meeting, pending))


def _closes_early_only_as_the_statute_allows(step: Step[Meeting]) -> None:
    """A written vote closes before its window ends only when every member has voted, or the
    statute allows it (SteeringCommittee.early_close), and always with the reason recorded."""
    meeting = step.obj
    closes = meeting.voting_closes_at
    if meeting.form != MeetingForm.PER_ROLLAM or closes is None or step.now >= closes:
        return
    if not (meeting.committee.early_close or _everyone_voted(meeting)):
        raise ValidationError(
            _(
                "The written vote is open until %(closes)s and not every member has voted; "
                "the statute does not allow closing it earlier."
            )
            % {"closes": _local(closes)},
            code="window_open",
        )
    if not step.reason.strip():
        raise ValidationError(
            _("Say why the written vote closes before its window ends."), code="reason"
        )


MEETING = Workflow(
    name="committee.meeting",
    model=Meeting,
    statuses=MeetingStatus,
    table=TRANSITIONS,
    agglomeration_id=lambda meeting: meeting.committee.agglomeration_id,
    guards={
        S.VOTING: [_has_pending_items, _window_not_over],
        S.CLOSED: [_closes_early_only_as_the_statute_allows],
    },
    lock_related=("committee",),
)

IS = ItemStatus

ITEM_TRANSITIONS: dict[tuple[ItemStatus, ItemStatus], str] = {
    (IS.PENDING, IS.DECIDED): "committee.manage",
    (IS.PENDING, IS.WITHDRAWN): "committee.manage",
}

AGENDA_ITEM = Workflow(
    name="committee.item",
    model=AgendaItem,
    statuses=ItemStatus,
    table=ITEM_TRANSITIONS,
    agglomeration_id=lambda item: item.meeting.committee.agglomeration_id,
    lock_related=("meeting__committee",),
)

# The names the rest of the project knows (history rows carry the workflow names).
WORKFLOW = MEETING.name
ITEM_WORKFLOW = AGENDA_ITEM.name
allowed_transitions = MEETING.allowed
transition = MEETING.step
transition_item = AGENDA_ITEM.step

__all__ = [
    "AGENDA_ITEM",
    "ITEM_TRANSITIONS",
    "ITEM_WORKFLOW",
    "MEETING",
    "TRANSITIONS",
    "WORKFLOW",
    "TransitionNotAllowed",
    "allowed_transitions",
    "transition",
    "transition_item",
]
