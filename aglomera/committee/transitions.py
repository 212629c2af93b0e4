"""The workflows of a committee meeting and of its agenda items.

    planned ──open voting──▶ voting ──close──▶ closed
       └──cancel──▶ cancelled

    agenda item: pending ──decide──▶ decided      (with its numbered resolution)
                 pending ──withdraw──▶ withdrawn

In-person meetings open voting when they start; per rollam meetings open their window and
close at `voting_closes_at` (the reminder task and the manager close it). Opening needs an
agenda with at least one pending item, and a per rollam window that has not ended yet
(`now` is injectable).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aglomera.committee.models import AgendaItem, ItemStatus, Meeting, MeetingForm, MeetingStatus
from aglomera.core.workflow import (
    TransitionNotAllowed,
    allowed_targets,
    check_transition,
    log_transition,
)

S = MeetingStatus

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.PLANNED, S.VOTING): "committee.manage",
    (S.PLANNED, S.CANCELLED): "committee.manage",
    (S.VOTING, S.CLOSED): "committee.manage",
}

WORKFLOW = "committee.meeting"


def allowed_transitions(meeting: Meeting, actor: Any) -> list[str]:
    return allowed_targets(TRANSITIONS, meeting.status, actor, meeting)


def _check_can_open(meeting: Meeting, now: datetime) -> None:
    if not meeting.items.filter(status=ItemStatus.PENDING).exists():
        raise ValidationError(
            _("Put at least one item on the agenda before opening the voting."), code="no_agenda"
        )
    closes = meeting.voting_closes_at
    if meeting.form == MeetingForm.PER_ROLLAM and closes is not None and now >= closes:
        raise ValidationError(
            _("The voting window ended on %(closes)s; plan a new meeting with a new window.")
            % {"closes": timezone.localtime(closes).strftime("%Y-%m-%d %H:%M")},
            code="window_over",
        )


@transaction.atomic
def transition(
    meeting: Meeting, to: str, *, actor: Any, reason: str = "", now: datetime | None = None
) -> Meeting:
    obj = Meeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)
    old = obj.status
    check_transition(TRANSITIONS, old, to, actor, obj)
    if to == S.VOTING:
        _check_can_open(obj, now or timezone.now())
    obj.status = to
    obj.save(update_fields=["status"])
    log_transition(
        WORKFLOW,
        obj,
        old,
        to,
        actor=actor,
        reason=reason,
        agglomeration_id=obj.committee.agglomeration_id,
    )
    return obj


IS = ItemStatus

ITEM_TRANSITIONS: dict[tuple[str, str], str] = {
    (IS.PENDING, IS.DECIDED): "committee.manage",
    (IS.PENDING, IS.WITHDRAWN): "committee.manage",
}

ITEM_WORKFLOW = "committee.item"


@transaction.atomic
def transition_item(item: AgendaItem, to: str, *, actor: Any, reason: str = "") -> AgendaItem:
    """Decide or withdraw an agenda item (the decision itself is `actions.decide_item`)."""
    obj = (
        AgendaItem.objects.select_for_update().select_related("meeting__committee").get(pk=item.pk)
    )
    old = obj.status
    check_transition(ITEM_TRANSITIONS, old, to, actor, obj)
    obj.status = to
    obj.save(update_fields=["status"])
    log_transition(
        ITEM_WORKFLOW,
        obj,
        old,
        to,
        actor=actor,
        reason=reason,
        agglomeration_id=obj.meeting.committee.agglomeration_id,
    )
    return obj


__all__ = [
    "ITEM_TRANSITIONS",
    "TRANSITIONS",
    "TransitionNotAllowed",
    "allowed_transitions",
    "transition",
    "transition_item",
]
