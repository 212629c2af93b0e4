"""Votes: a member (or their alternate) online, or the manager for the room."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from aglomera.accounts.permissions import require_perm as _require
from aglomera.committee.actions.audit import audit
from aglomera.committee.actions.meetings import lock_meeting
from aglomera.committee.calculations import voting
from aglomera.committee.models import (
    AgendaItem,
    Attendance,
    CommitteeMember,
    ItemStatus,
    Meeting,
    MeetingForm,
    MeetingStatus,
    Vote,
    VoteChoice,
)
from aglomera.committee.queries import counting
from aglomera.core import once
from aglomera.core.actors import Actor


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _lock_open_item(item: AgendaItem) -> tuple[Meeting, AgendaItem]:
    """Lock the meeting, then the item; both must be open for votes."""
    meeting = lock_meeting(item.meeting)
    locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if locked.status != ItemStatus.PENDING:
        raise ValidationError(
            _("This item is already %(status)s; the vote was not recorded.")
            % {"status": locked.get_status_display().lower()},
            code="decided",
        )
    if meeting.status != MeetingStatus.VOTING:
        raise ValidationError(
            _("Voting on this meeting is not open (it is: %(status)s).")
            % {"status": meeting.get_status_display()},
            code="not_open",
        )
    locked.meeting = meeting
    return meeting, locked


def _check_voter(item: AgendaItem, member: CommitteeMember) -> None:
    """An active member of the committee who is not recused from the whole item (on a call item:
    from every one of its intentions)."""
    if member.committee_id != item.meeting.committee_id or not member.active:
        raise ValidationError(_("Only active members of this committee vote."), code="not_member")
    fetched = counting.with_recusals(AgendaItem.objects.filter(pk=item.pk)).get()
    whole, parts = counting.questions(fetched)
    facts = voting.MemberFacts(member.pk, member.organisation_id)
    questions = [question.also(whole) for question in parts.values()] or [whole]
    if not all(voting.is_recused(facts, q.concerned, q.declared) for q in questions):
        return
    if all(voting.is_recused(facts, q.concerned) for q in questions):
        raise ValidationError(
            _(
                "%(member)s cannot vote on this item: the organisation they represent "
                "(%(organisation)s) is concerned by it (conflict of interest)."
            )
            % {"member": member.user, "organisation": member.organisation},
            code="recused",
        )
    raise ValidationError(
        _(
            "%(member)s cannot vote on this item: they are recused from all of it "
            "(a declared conflict of interest)."
        )
        % {"member": member.user},
        code="recused",
    )


def _store_vote(item: AgendaItem, member: CommitteeMember, choice: str, cast_by: Actor) -> Vote:
    if choice not in VoteChoice.values:
        raise ValidationError({"choice": _("Vote for, against or abstain.")})
    try:
        with transaction.atomic():
            return Vote.objects.create(item=item, member=member, choice=choice, cast_by=cast_by)
    except IntegrityError as exc:  # the one-vote-per-member constraint
        existing = Vote.objects.select_related("cast_by").get(item=item, member=member)
        raise ValidationError(
            _("A vote for %(member)s on this item is already recorded (cast by %(by)s).")
            % {"member": member.user, "by": existing.cast_by or "—"},
            code="already_voted",
        ) from exc


@transaction.atomic
def cast_vote(
    item: AgendaItem,
    member: CommitteeMember,
    choice: str,
    *,
    actor: Actor,
    now: datetime | None = None,
    form_token: UUID | None = None,
) -> Vote:
    """A member (or their alternate, for them) votes on an item while the voting is open.

    The confirmation sent twice (a double click, a browser that retries) gives back the vote
    the first one cast instead of a refusal."""
    _require(actor, "committee.vote", item)
    earlier = once.claim(form_token, actor=actor, model=Vote)
    if earlier is not None:
        return earlier
    meeting, item = _lock_open_item(item)
    member = CommitteeMember.objects.select_related("user", "organisation").get(pk=member.pk)
    if actor.pk not in (member.user_id, member.alternate_id):
        raise ValidationError(
            _("You can vote only for yourself or for the member whose alternate you are."),
            code="not_yours",
        )
    moment = now or timezone.now()
    closes = meeting.voting_closes_at
    if meeting.form == MeetingForm.PER_ROLLAM and not (
        closes is not None and meeting.starts_at <= moment < closes
    ):
        raise ValidationError(
            _("The written vote is open from %(opens)s to %(closes)s; your vote was not recorded.")
            % {"opens": _when(meeting.starts_at), "closes": _when(closes or meeting.starts_at)},
            code="outside_window",
        )
    _check_voter(item, member)
    vote = _store_vote(item, member, choice, actor)
    audit(
        "vote.cast",
        vote,
        meeting.committee.agglomeration_id,
        actor,
        after={"item": item.pk, "member": member.pk, "choice": choice},
    )
    once.bind(form_token, vote)
    return vote


@transaction.atomic
def record_room_votes(item: AgendaItem, choices: Mapping[int, str], *, actor: Actor) -> list[Vote]:
    """In person: the manager records how the members in the room voted (member id -> vote)."""
    _require(actor, "committee.manage", item)
    meeting, item = _lock_open_item(item)
    if meeting.form != MeetingForm.IN_PERSON:
        raise ValidationError(
            _("Votes of the room are recorded only at meetings in person."), code="per_rollam"
        )
    present = set(
        Attendance.objects.filter(meeting=meeting, present=True).values_list("member_id", flat=True)
    )
    members = {
        m.pk: m
        for m in CommitteeMember.objects.filter(pk__in=choices).select_related(
            "user", "organisation"
        )
    }
    votes = []
    for member_id, choice in choices.items():
        member = members.get(member_id)
        if member is None:
            raise ValidationError(_("Record votes of committee members only."), code="bad")
        if member_id not in present:
            raise ValidationError(
                _("%(member)s is not recorded as present.") % {"member": member.user},
                code="absent",
            )
        _check_voter(item, member)
        votes.append(_store_vote(item, member, choice, actor))
    audit(
        "vote.recorded",
        item,
        meeting.committee.agglomeration_id,
        actor,
        after={str(k): v for k, v in choices.items()},
    )
    return votes
