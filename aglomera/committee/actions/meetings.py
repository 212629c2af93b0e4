"""Meetings: planning one, its steps (open the voting, close, cancel), its attendance, and the
locks of a meeting row."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from aglomera.accounts.permissions import require_perm as _require
from aglomera.committee.actions.audit import audit
from aglomera.committee.models import (
    Attendance,
    CommitteeMember,
    Meeting,
    MeetingForm,
    MeetingStatus,
    SteeringCommittee,
)
from aglomera.committee.transitions import MEETING
from aglomera.core import once
from aglomera.core.actors import Actor
from aglomera.core.dates import years_error
from aglomera.strategy.models import Period

MAX_WINDOW_DAYS = 60


class Presence:
    ABSENT = "absent"
    PRESENT = "present"
    ALTERNATE = "alternate"
    CHOICES = (ABSENT, PRESENT, ALTERNATE)


@transaction.atomic
def plan_meeting(
    committee: SteeringCommittee,
    *,
    period: str,
    form: str,
    starts_at: datetime,
    place: str = "",
    window_days: int | None = None,
    actor: Actor,
    form_token: UUID | None = None,
) -> Meeting:
    """Plan a meeting, numbered per committee and programming period (1, 2, ...)."""
    _require(actor, "committee.manage", committee)
    earlier = once.claim(form_token, actor=actor, model=Meeting)
    if earlier is not None:
        return earlier
    if period not in Period.values:
        raise ValidationError({"period": _("Choose a programming period.")})
    if problem := years_error(starts_at):
        raise ValidationError({"starts_at": problem})
    closes_at = None
    if form == MeetingForm.PER_ROLLAM:
        if window_days is None or not 1 <= window_days <= MAX_WINDOW_DAYS:
            raise ValidationError(
                {
                    "window_days": _("A written vote is open for 1 to %(days)s days; say how many.")
                    % {"days": MAX_WINDOW_DAYS}
                }
            )
        closes_at = starts_at + timedelta(days=window_days)
    elif form == MeetingForm.IN_PERSON:
        if not place.strip():
            raise ValidationError({"place": _("Say where the committee meets.")})
    else:
        raise ValidationError({"form": _("Choose how the committee meets.")})
    committee = SteeringCommittee.objects.select_for_update().get(pk=committee.pk)
    last = Meeting.objects.filter(committee=committee, period=period).aggregate(n=Max("number"))
    meeting = Meeting.objects.create(
        committee=committee,
        number=(last["n"] or 0) + 1,
        period=period,
        form=form,
        starts_at=starts_at,
        voting_closes_at=closes_at,
        place=place.strip(),
    )
    once.bind(form_token, meeting)
    audit(
        "meeting.planned",
        meeting,
        committee.agglomeration_id,
        actor,
        after={"form": form, "starts_at": starts_at.isoformat(), "place": meeting.place},
    )
    return meeting


def lock_meeting(meeting: Meeting) -> Meeting:
    # Only the meeting row: a FOR UPDATE over the join would also lock the committee, in an
    # order that deadlocks with decide_item (committee, then meeting).
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("committee")
        .get(pk=meeting.pk)
    )


def lock_planned_meeting(meeting: Meeting) -> Meeting:
    locked = lock_meeting(meeting)
    if locked.status != MeetingStatus.PLANNED:
        raise ValidationError(
            _("The agenda can be changed only while the meeting is planned (it is: %(status)s).")
            % {"status": locked.get_status_display()},
            code="agenda_frozen",
        )
    return locked


@transaction.atomic
def record_attendance(
    meeting: Meeting, presence: Mapping[int, str], *, actor: Actor
) -> list[Attendance]:
    """In-person meetings: who was present (`present`), sent the alternate, or was absent."""
    _require(actor, "committee.manage", meeting)
    meeting = lock_meeting(meeting)
    if meeting.form != MeetingForm.IN_PERSON:
        raise ValidationError(
            _("Attendance is recorded only for meetings in person."), code="per_rollam"
        )
    if meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.VOTING):
        raise ValidationError(_("The meeting is over; attendance is final."), code="closed")
    members = set(
        CommitteeMember.objects.filter(committee_id=meeting.committee_id).values_list(
            "pk", flat=True
        )
    )
    rows = []
    for member_id, value in presence.items():
        if member_id not in members or value not in Presence.CHOICES:
            raise ValidationError(_("Record attendance of committee members only."), code="bad")
        row, _created = Attendance.objects.update_or_create(
            meeting=meeting,
            member_id=member_id,
            defaults={
                "present": value != Presence.ABSENT,
                "by_alternate": value == Presence.ALTERNATE,
            },
        )
        rows.append(row)
    audit(
        "meeting.attendance",
        meeting,
        meeting.committee.agglomeration_id,
        actor,
        after={str(k): v for k, v in presence.items()},
    )
    return rows


def change_meeting_status(
    meeting: Meeting, to: str, *, actor: Actor, reason: str = "", now: datetime | None = None
) -> Meeting:
    """Open the voting, close it or cancel the meeting; the rules are `transitions.MEETING`."""
    return MEETING.step(meeting, to, actor=actor, reason=reason, now=now)
