"""Every write of the steering committee: members, meetings, agenda, votes and resolutions.

Lock order (to avoid deadlocks between concurrent actions): committee, then meeting, then
agenda item. Casting a vote and deciding an item both lock the meeting row first, so a vote
arriving while an item is decided is either counted in the resolution or refused with a
message, never lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, cast
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from aglomera.accounts.models import Membership, Role
from aglomera.accounts.permissions import require_perm as _require
from aglomera.agglomerations.models import Agglomeration, Organisation
from aglomera.calls.models import Call
from aglomera.committee import transitions, voting
from aglomera.committee.models import (
    AgendaItem,
    Attendance,
    CommitteeMember,
    DecisionKind,
    ItemProposal,
    ItemStatus,
    MajorityRule,
    Meeting,
    MeetingForm,
    MeetingStatus,
    ProposedDecision,
    Resolution,
    SteeringCommittee,
    Vote,
    VoteChoice,
)
from aglomera.committee.queries import OPEN_MEETINGS, candidate_intentions
from aglomera.core import once
from aglomera.core.audit import record
from aglomera.core.i18n import I18nText, as_i18n
from aglomera.intentions import transitions as intention_transitions
from aglomera.intentions.actions import changes as change_actions
from aglomera.intentions.actions import statements as statement_actions
from aglomera.intentions.models import (
    ChangeRequest,
    ChangeStatus,
    ComplianceStatement,
    IntentionStatus,
    ProjectIntention,
    StatementType,
)
from aglomera.strategy import transitions as strategy_transitions
from aglomera.strategy.models import Period, StrategyVersion, VersionStatus

DEFAULT_PROPOSAL: dict[str, str] = {
    IntentionStatus.RECOMMENDED: ProposedDecision.COMPLIANT,
    IntentionStatus.NOT_RECOMMENDED: ProposedDecision.NON_COMPLIANT_NEGATIVE,
    IntentionStatus.DEFERRED: ProposedDecision.DEFERRED,
}
# The form field that carries the target of each kind of item (ValidationError keys).
TARGET_FIELD: dict[str, str] = {
    DecisionKind.CALL_INTENTIONS: "call",
    DecisionKind.CHANGE_REQUEST: "change_request",
    DecisionKind.STRATEGY_AMENDMENT: "amendment",
}
MAX_WINDOW_DAYS = 60


class Presence:
    ABSENT = "absent"
    PRESENT = "present"
    ALTERNATE = "alternate"
    CHOICES = (ABSENT, PRESENT, ALTERNATE)


def _audit(code: str, target: Any, agglomeration_id: int, actor: Any, **values: Any) -> None:
    record(
        f"committee.{code}",
        actor=actor,
        target=target,
        agglomeration_id=agglomeration_id,
        before=values.get("before"),
        after=values.get("after"),
        reason=values.get("reason", ""),
    )


def _when(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


# --- the committee and its members -------------------------------------------------------


@transaction.atomic
def ensure_committee(
    agglomeration: Agglomeration,
    *,
    name: I18nText | dict[str, str] | None = None,
    quorum: Decimal | None = None,
    majority: str | None = None,
    actor: Any,
) -> SteeringCommittee:
    """Create the agglomeration's committee, or update its statute where values are given."""
    _require(actor, "committee.manage", agglomeration)
    if quorum is not None and not Decimal("0") <= quorum < Decimal("1"):
        raise ValidationError(
            {"quorum": _("The quorum is a share of the members from 0 up to (not including) 1.")}
        )
    if majority is not None and majority not in MajorityRule.values:
        raise ValidationError({"majority": _("Choose one of the majority rules.")})
    Agglomeration.objects.select_for_update().get(pk=agglomeration.pk)
    committee = SteeringCommittee.objects.filter(agglomeration=agglomeration).first()
    before: dict[str, Any] = {}
    if committee is None:
        committee = SteeringCommittee(
            agglomeration=agglomeration, name=as_i18n(name or {"en": "Steering committee"})
        )
    else:
        before = _statute(committee)
        if name:
            committee.name = as_i18n(name)
    if quorum is not None:
        committee.quorum = quorum
    if majority is not None:
        committee.majority = majority
    committee.save()
    _audit(
        "committee.saved",
        committee,
        agglomeration.pk,
        actor,
        before=before,
        after=_statute(committee),
    )
    return committee


def _statute(committee: SteeringCommittee) -> dict[str, Any]:
    return {
        "name": dict(committee.name),
        "quorum": str(committee.quorum),
        "majority": committee.majority,
    }


def _check_person(committee: SteeringCommittee, user: Any, field: str) -> None:
    if not Membership.objects.filter(
        user=user, agglomeration_id=committee.agglomeration_id, role=Role.COMMITTEE
    ).exists():
        raise ValidationError(
            {field: _("Give this person the steering-committee member role first.")}
        )


def _check_member_fields(
    committee: SteeringCommittee,
    user: Any,
    alternate: Any | None,
    organisation: Organisation | None,
) -> None:
    if alternate is not None:
        if alternate.pk == user.pk:
            raise ValidationError({"alternate": _("A member cannot be their own alternate.")})
        _check_person(committee, alternate, "alternate")
    if organisation is not None and organisation.agglomeration_id != committee.agglomeration_id:
        raise ValidationError({"organisation": _("Choose an organisation of this agglomeration.")})


def _member_values(member: CommitteeMember) -> dict[str, Any]:
    return {
        "user": member.user_id,
        "alternate": member.alternate_id,
        "organisation": member.organisation_id,
        "is_chair": member.is_chair,
        "active": member.active,
    }


def _only_chair(member: CommitteeMember) -> None:
    if member.is_chair:
        CommitteeMember.objects.filter(committee_id=member.committee_id, is_chair=True).exclude(
            pk=member.pk
        ).update(is_chair=False)


@transaction.atomic
def add_member(
    committee: SteeringCommittee,
    *,
    user: Any,
    alternate: Any | None = None,
    organisation: Organisation | None = None,
    is_chair: bool = False,
    actor: Any,
    form_token: UUID | None = None,
) -> CommitteeMember:
    _require(actor, "committee.manage", committee)
    earlier = once.claim(form_token, actor=actor, model=CommitteeMember)
    if earlier is not None:
        return earlier
    committee = SteeringCommittee.objects.select_for_update().get(pk=committee.pk)
    _check_person(committee, user, "user")
    _check_member_fields(committee, user, alternate, organisation)
    if CommitteeMember.objects.filter(committee=committee, user=user).exists():
        raise ValidationError({"user": _("This person is already a member of the committee.")})
    member = CommitteeMember.objects.create(
        committee=committee,
        user=user,
        alternate=alternate,
        organisation=organisation,
        is_chair=is_chair,
    )
    _only_chair(member)
    once.bind(form_token, member)
    _audit("member.added", member, committee.agglomeration_id, actor, after=_member_values(member))
    return member


@transaction.atomic
def update_member(
    member: CommitteeMember,
    *,
    alternate: Any | None,
    organisation: Organisation | None,
    is_chair: bool,
    active: bool,
    actor: Any,
) -> CommitteeMember:
    _require(actor, "committee.manage", member.committee)
    committee = SteeringCommittee.objects.select_for_update().get(pk=member.committee_id)
    member = CommitteeMember.objects.select_related("user").get(pk=member.pk)
    _check_member_fields(committee, member.user, alternate, organisation)
    before = _member_values(member)
    member.alternate = alternate
    member.organisation = organisation
    member.is_chair = is_chair and active
    member.active = active
    member.save()
    _only_chair(member)
    _audit(
        "member.updated",
        member,
        committee.agglomeration_id,
        actor,
        before=before,
        after=_member_values(member),
    )
    return member


# --- meetings and their agenda -------------------------------------------------------------


@transaction.atomic
def plan_meeting(
    committee: SteeringCommittee,
    *,
    period: str,
    form: str,
    starts_at: datetime,
    place: str = "",
    window_days: int | None = None,
    actor: Any,
    form_token: UUID | None = None,
) -> Meeting:
    """Plan a meeting, numbered per committee and programming period (1, 2, ...)."""
    _require(actor, "committee.manage", committee)
    earlier = once.claim(form_token, actor=actor, model=Meeting)
    if earlier is not None:
        return earlier
    if period not in Period.values:
        raise ValidationError({"period": _("Choose a programming period.")})
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
    _audit(
        "meeting.planned",
        meeting,
        committee.agglomeration_id,
        actor,
        after={"form": form, "starts_at": starts_at.isoformat(), "place": meeting.place},
    )
    return meeting


def _lock_meeting(meeting: Meeting) -> Meeting:
    # Only the meeting row: a FOR UPDATE over the join would also lock the committee, in an
    # order that deadlocks with decide_item (committee, then meeting).
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("committee")
        .get(pk=meeting.pk)
    )


def _lock_planned_meeting(meeting: Meeting) -> Meeting:
    locked = _lock_meeting(meeting)
    if locked.status != MeetingStatus.PLANNED:
        raise ValidationError(
            _("The agenda can be changed only while the meeting is planned (it is: %(status)s).")
            % {"status": locked.get_status_display()},
            code="agenda_frozen",
        )
    return locked


def _target_taken(kind: str, target: Any) -> bool:
    return AgendaItem.objects.filter(
        kind=kind,
        object_id=target.pk,
        status=ItemStatus.PENDING,
        meeting__status__in=OPEN_MEETINGS,
    ).exists()


def _check_target(committee: SteeringCommittee, kind: str, target: Any) -> list[int]:
    """Validate the target of a new item; return the concerned organisations."""
    if kind not in DecisionKind.values:
        raise ValidationError({"kind": _("Choose what the item decides on.")})
    if kind == DecisionKind.OTHER:
        return []
    field = TARGET_FIELD[kind]
    if target is None:
        raise ValidationError({field: _("Choose what this item decides on.")})
    if kind == DecisionKind.CALL_INTENTIONS:
        if not isinstance(target, Call) or target.agglomeration_id != committee.agglomeration_id:
            raise ValidationError({field: _("Choose a call of this agglomeration.")})
        if not candidate_intentions(target):
            raise ValidationError(
                {field: _("No project intention of this call is waiting for a decision.")}
            )
        return []
    if kind == DecisionKind.CHANGE_REQUEST:
        if (
            not isinstance(target, ChangeRequest)
            or target.intention.call.agglomeration_id != committee.agglomeration_id
            or target.status != ChangeStatus.WITH_COMMITTEE
        ):
            raise ValidationError(
                {field: _("Choose a change request referred to the steering committee.")}
            )
        if _target_taken(kind, target):
            raise ValidationError({field: _("This change request is already on an agenda.")})
        return [target.intention.applicant_id]
    if (
        not isinstance(target, StrategyVersion)
        or target.strategy.agglomeration_id != committee.agglomeration_id
        or target.status != VersionStatus.SUBMITTED
    ):
        raise ValidationError({field: _("Choose a submitted amendment of this strategy.")})
    if _target_taken(kind, target):
        raise ValidationError({field: _("This amendment is already on an agenda.")})
    return []


@transaction.atomic
def add_agenda_item(
    meeting: Meeting,
    *,
    title: I18nText | dict[str, str],
    kind: str,
    target: Any = None,
    proposal: str = "",
    actor: Any,
    form_token: UUID | None = None,
) -> AgendaItem:
    """Add an item; a call item proposes a decision for each intention waiting for one."""
    _require(actor, "committee.manage", meeting)
    earlier = once.claim(form_token, actor=actor, model=AgendaItem)
    if earlier is not None:
        return earlier
    meeting = _lock_planned_meeting(meeting)
    concerned = _check_target(meeting.committee, kind, target)
    last = AgendaItem.objects.filter(meeting=meeting).aggregate(n=Max("order"))["n"]
    item = AgendaItem(
        meeting=meeting,
        order=(last or 0) + 1,
        title=as_i18n(title),
        kind=kind,
        proposal=proposal.strip(),
        target=target if kind != DecisionKind.OTHER else None,
    )
    item.save()
    if kind == DecisionKind.CALL_INTENTIONS:
        intentions = candidate_intentions(target)
        ItemProposal.objects.bulk_create(
            ItemProposal(item=item, intention=i, decision=DEFAULT_PROPOSAL[i.status])
            for i in intentions
        )
        concerned = [i.applicant_id for i in intentions]
    item.concerned_organisations.set(set(concerned))
    once.bind(form_token, item)
    _audit(
        "item.added",
        item,
        meeting.committee.agglomeration_id,
        actor,
        after={"title": dict(item.title), "kind": kind, "target": item.object_id},
    )
    return item


@transaction.atomic
def set_item_proposals(
    item: AgendaItem, decisions: Mapping[int, str], *, actor: Any
) -> list[ItemProposal]:
    """Set the proposed decision per intention id; an empty decision takes it off the item."""
    _require(actor, "committee.manage", item)
    _lock_planned_meeting(item.meeting)
    item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    if item.kind != DecisionKind.CALL_INTENTIONS or item.status != ItemStatus.PENDING:
        raise ValidationError(
            _("Only a pending item about a call's intentions has proposals."), code="not_call"
        )
    current = {p.intention_id: p for p in item.proposals.select_related("intention")}
    call = Call(pk=item.object_id)
    allowed = set(current) | {i.pk for i in candidate_intentions(call)}
    before = {str(k): p.decision for k, p in current.items()}
    for intention_id, decision in decisions.items():
        if intention_id not in allowed:
            raise ValidationError(
                _("A project intention on the list is not waiting for a decision any more."),
                code="not_candidate",
            )
        if decision and decision not in ProposedDecision.values:
            raise ValidationError(_("Choose one of the proposed decisions."), code="decision")
    for intention_id, decision in decisions.items():
        proposal = current.get(intention_id)
        if not decision:
            if proposal is not None:
                proposal.delete()
                del current[intention_id]
        elif proposal is None:
            current[intention_id] = ItemProposal.objects.create(
                item=item, intention_id=intention_id, decision=decision
            )
        elif proposal.decision != decision:
            proposal.decision = decision
            proposal.save(update_fields=["decision"])
    if not current:
        raise ValidationError(
            _("Keep at least one project intention on the item, or withdraw the item."),
            code="empty",
        )
    applicants = ProjectIntention.objects.filter(pk__in=current).values_list(
        "applicant_id", flat=True
    )
    item.concerned_organisations.set(set(applicants))
    _audit(
        "item.proposals_set",
        item,
        item.agglomeration_id,
        actor,
        before=before,
        after={str(k): p.decision for k, p in current.items()},
    )
    return list(current.values())


@transaction.atomic
def withdraw_item(item: AgendaItem, *, actor: Any, reason: str = "") -> AgendaItem:
    _require(actor, "committee.manage", item)
    meeting = _lock_meeting(item.meeting)
    if meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.VOTING):
        raise ValidationError(
            _("Items can be withdrawn only before the voting closes."), code="closed"
        )
    try:
        return transitions.transition_item(item, ItemStatus.WITHDRAWN, actor=actor, reason=reason)
    except transitions.TransitionNotAllowed as exc:
        raise ValidationError(_("This item is already decided."), code="decided") from exc


@transaction.atomic
def record_attendance(
    meeting: Meeting, presence: Mapping[int, str], *, actor: Any
) -> list[Attendance]:
    """In-person meetings: who was present (`present`), sent the alternate, or was absent."""
    _require(actor, "committee.manage", meeting)
    meeting = _lock_meeting(meeting)
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
    _audit(
        "meeting.attendance",
        meeting,
        meeting.committee.agglomeration_id,
        actor,
        after={str(k): v for k, v in presence.items()},
    )
    return rows


# --- votes ---------------------------------------------------------------------------------


def _lock_open_item(item: AgendaItem) -> tuple[Meeting, AgendaItem]:
    """Lock the meeting, then the item; both must be open for votes."""
    meeting = _lock_meeting(item.meeting)
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
    if member.committee_id != item.meeting.committee_id or not member.active:
        raise ValidationError(_("Only active members of this committee vote."), code="not_member")
    concerned = set(item.concerned_organisations.values_list("pk", flat=True))
    if voting.is_recused(voting.MemberFacts(member.pk, member.organisation_id), concerned):
        raise ValidationError(
            _(
                "%(member)s cannot vote on this item: the organisation they represent "
                "(%(organisation)s) is concerned by it (conflict of interest)."
            )
            % {"member": member.user, "organisation": member.organisation},
            code="recused",
        )


def _store_vote(item: AgendaItem, member: CommitteeMember, choice: str, cast_by: Any) -> Vote:
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
    actor: Any,
    now: datetime | None = None,
) -> Vote:
    """A member (or their alternate, for them) votes on an item while the voting is open."""
    _require(actor, "committee.vote", item)
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
    _audit(
        "vote.cast",
        vote,
        meeting.committee.agglomeration_id,
        actor,
        after={"item": item.pk, "member": member.pk, "choice": choice},
    )
    return vote


@transaction.atomic
def record_room_votes(item: AgendaItem, choices: Mapping[int, str], *, actor: Any) -> list[Vote]:
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
    _audit(
        "vote.recorded",
        item,
        meeting.committee.agglomeration_id,
        actor,
        after={str(k): v for k, v in choices.items()},
    )
    return votes


# --- decisions -----------------------------------------------------------------------------


def tally_item(item: AgendaItem, meeting: Meeting) -> voting.Tally:
    members = [
        voting.MemberFacts(pk, org)
        for pk, org in CommitteeMember.objects.filter(
            committee_id=meeting.committee_id, active=True
        ).values_list("pk", "organisation_id")
    ]
    concerned = set(item.concerned_organisations.values_list("pk", flat=True))
    votes = dict(Vote.objects.filter(item=item).values_list("member_id", "choice"))
    present: set[int] = set()
    if meeting.form == MeetingForm.IN_PERSON:
        present = set(
            Attendance.objects.filter(meeting=meeting, present=True).values_list(
                "member_id", flat=True
            )
        )
    return voting.count(members, concerned, votes, present)


def _resolution_text(item: AgendaItem) -> str:
    lines = [item.proposal or str(item.title)]
    if item.kind == DecisionKind.CALL_INTENTIONS:
        for proposal in item.proposals.select_related("intention__applicant"):
            lines.append(
                f"- {proposal.intention.name} ({proposal.intention.applicant.name}): "
                f"{proposal.get_decision_display()}"
            )
    return "\n".join(lines)


def _issue_statement_for(
    intention: ProjectIntention, decision: str, resolution: Resolution, actor: Any
) -> None:
    """Every committee decision on an intention is answered by a numbered statement."""
    earlier = ComplianceStatement.objects.filter(intention=intention).exists()
    statement_actions.issue_statement(
        intention,
        statement_type=StatementType.UPDATED if earlier else StatementType.INITIAL,
        outcome=decision,
        resolution=resolution,
        actor=actor,
        issued_on=timezone.localtime(resolution.decided_at).date(),
    )


def _apply(item: AgendaItem, resolution: Resolution, actor: Any) -> dict[str, Any]:
    """Carry out an adopted resolution on its targets; report what could not be applied."""
    reason = _("Resolution %(number)s of the steering committee") % {"number": resolution.number}
    applied: list[int] = []
    skipped: list[int] = []
    if item.kind == DecisionKind.CALL_INTENTIONS:
        for proposal in item.proposals.select_related("intention"):
            intention = proposal.intention
            step = (intention.status, proposal.decision)
            if step in intention_transitions.TRANSITIONS:
                intention = intention_transitions.transition(
                    intention, proposal.decision, actor=actor, reason=reason
                )
                _issue_statement_for(intention, proposal.decision, resolution, actor)
                applied.append(intention.pk)
            elif intention.status != proposal.decision:  # e.g. withdrawn in the meantime
                skipped.append(intention.pk)
    elif item.kind == DecisionKind.CHANGE_REQUEST:
        change = ChangeRequest.objects.get(pk=cast(int, item.object_id))
        if change.status == ChangeStatus.WITH_COMMITTEE:
            # approve, apply the new values to the intention and issue the change statement
            change_actions.approve_change(change, actor=actor, resolution=resolution, reason=reason)
            applied.append(change.pk)
        else:
            skipped.append(change.pk)
    elif item.kind == DecisionKind.STRATEGY_AMENDMENT:
        version = StrategyVersion.objects.get(pk=cast(int, item.object_id))
        if version.status == VersionStatus.SUBMITTED:
            strategy_transitions.transition(
                version,
                VersionStatus.APPROVED,
                actor=actor,
                reason=reason,
                approval=strategy_transitions.Approval(
                    approved_on=timezone.localtime(resolution.decided_at).date(),
                    approved_by_body=item.meeting.committee.name.localized(
                        item.meeting.committee.agglomeration.language
                    ),
                    reference=resolution.number,
                ),
            )
            applied.append(version.pk)
        else:
            skipped.append(version.pk)
    return {"applied": applied, "skipped": skipped}


@transaction.atomic
def decide_item(
    item: AgendaItem, *, actor: Any, now: datetime | None = None, text: str = ""
) -> Resolution:
    """Count the votes, number the resolution and, if adopted, carry it out on its targets."""
    _require(actor, "committee.manage", item)
    committee = SteeringCommittee.objects.select_for_update().get(pk=item.meeting.committee_id)
    meeting = _lock_meeting(item.meeting)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    item.meeting = meeting
    if item.status != ItemStatus.PENDING:
        raise ValidationError(
            _("This item is already %(status)s.") % {"status": item.get_status_display().lower()},
            code="decided",
        )
    tally = tally_item(item, meeting)
    if meeting.status == MeetingStatus.VOTING:
        if tally.votes_cast < tally.eligible:
            raise ValidationError(
                _(
                    "Voting is still open and %(missing)s of %(eligible)s eligible members "
                    "have not voted yet. Close the voting first."
                )
                % {"missing": tally.eligible - tally.votes_cast, "eligible": tally.eligible},
                code="voting_open",
            )
    elif meeting.status != MeetingStatus.CLOSED:
        raise ValidationError(
            _("Items are decided after the voting (the meeting is: %(status)s).")
            % {"status": meeting.get_status_display()},
            code="not_voted",
        )
    outcome = voting.evaluate(tally, committee.quorum, committee.majority)
    moment = now or timezone.now()
    year = timezone.localtime(moment).year
    last = Resolution.objects.filter(committee=committee, year=year).aggregate(n=Max("sequence"))[
        "n"
    ]
    sequence = (last or 0) + 1
    resolution = Resolution.objects.create(
        committee=committee,
        item=item,
        year=year,
        sequence=sequence,
        number=f"{sequence}/{year}",
        adopted=outcome.adopted,
        votes_for=tally.yes,
        votes_against=tally.no,
        abstentions=tally.abstain,
        recused=tally.recused,
        quorate=outcome.quorate,
        text=text.strip() or _resolution_text(item),
        decided_at=moment,
    )
    transitions.transition_item(item, ItemStatus.DECIDED, actor=actor, reason=resolution.number)
    effects = _apply(item, resolution, actor) if outcome.adopted else {}
    _audit(
        "resolution.adopted" if outcome.adopted else "resolution.not_adopted",
        resolution,
        committee.agglomeration_id,
        actor,
        after={
            "number": resolution.number,
            "for": tally.yes,
            "against": tally.no,
            "abstained": tally.abstain,
            "recused": tally.recused,
            "quorate": outcome.quorate,
            **effects,
        },
    )
    return resolution
