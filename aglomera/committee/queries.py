"""The read side of the steering committee. Each function runs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from aglomera.agglomerations.models import Agglomeration, Organisation
from aglomera.calls.models import Call
from aglomera.committee import voting
from aglomera.committee.models import (
    AgendaItem,
    Attendance,
    CommitteeMember,
    DecisionKind,
    ItemProposal,
    ItemStatus,
    Meeting,
    MeetingForm,
    MeetingStatus,
    Resolution,
    SteeringCommittee,
    Vote,
)
from aglomera.intentions.models import (
    ChangeRequest,
    ChangeStatus,
    IntentionStatus,
    ProjectIntention,
)
from aglomera.strategy.models import StrategyVersion, VersionStatus


def get_committee(agglomeration: Agglomeration) -> SteeringCommittee | None:
    return SteeringCommittee.objects.filter(agglomeration=agglomeration).first()


def list_members(committee: SteeringCommittee) -> list[CommitteeMember]:
    return list(
        CommitteeMember.objects.filter(committee=committee)
        .select_related("user", "alternate", "organisation")
        .order_by("-active", "-is_chair", "user__last_name", "user__username")
    )


def list_meetings(committee: SteeringCommittee) -> list[Meeting]:
    return list(
        Meeting.objects.filter(committee=committee)
        .annotate(item_count=Count("items"))
        .order_by("-starts_at", "-id")
    )


def list_resolutions(agglomeration: Agglomeration) -> list[Resolution]:
    return list(
        Resolution.objects.filter(committee__agglomeration=agglomeration)
        .select_related("item__meeting")
        .order_by("-year", "-sequence")
    )


# Intentions a call item can carry: those waiting for the committee's decision.
AWAITING_DECISION = (
    IntentionStatus.RECOMMENDED,
    IntentionStatus.NOT_RECOMMENDED,
    IntentionStatus.DEFERRED,
)
# Meetings whose pending items still hold their targets (a cancelled meeting releases them).
OPEN_MEETINGS = (MeetingStatus.PLANNED, MeetingStatus.VOTING, MeetingStatus.CLOSED)


def candidate_intentions(call: Call) -> list[ProjectIntention]:
    """Intentions of the call waiting for a decision and not on any pending agenda item."""
    taken = ItemProposal.objects.filter(
        item__status=ItemStatus.PENDING, item__meeting__status__in=OPEN_MEETINGS
    ).values("intention_id")
    return list(
        ProjectIntention.objects.filter(call=call, status__in=AWAITING_DECISION)
        .exclude(pk__in=taken)
        .select_related("applicant")
        .order_by("id")
    )


def get_proposal_rows(item: AgendaItem) -> list[tuple[ProjectIntention, str]]:
    """The intentions on a call item with their proposed decision, then the other candidates."""
    rows = [
        (p.intention, p.decision)
        for p in item.proposals.select_related("intention__applicant").order_by("id")
    ]
    call = Call(pk=item.object_id)
    return rows + [(i, "") for i in candidate_intentions(call)]


def calls_with_intentions_awaiting(agglomeration: Agglomeration) -> QuerySet[Call]:
    return (
        Call.objects.filter(agglomeration=agglomeration, intentions__status__in=AWAITING_DECISION)
        .distinct()
        .order_by("number")
    )


def change_requests_with_committee(agglomeration: Agglomeration) -> QuerySet[ChangeRequest]:
    return ChangeRequest.objects.filter(
        intention__call__agglomeration=agglomeration, status=ChangeStatus.WITH_COMMITTEE
    ).select_related("intention")


def submitted_amendments(agglomeration: Agglomeration) -> QuerySet[StrategyVersion]:
    return StrategyVersion.objects.filter(
        strategy__agglomeration=agglomeration, status=VersionStatus.SUBMITTED
    ).select_related("strategy")


@dataclass
class Ballot:
    """A member the viewer may vote for on one item, and how that stands."""

    member: CommitteeMember
    vote: Vote | None
    recused: bool
    as_alternate: bool


@dataclass
class ItemRow:
    item: AgendaItem
    target_label: str
    proposals: list[ItemProposal]
    concerned: list[Organisation]
    votes: list[Vote]
    recused_members: list[CommitteeMember]
    tally: voting.Tally
    outcome: voting.Outcome
    ballots: list[Ballot] = field(default_factory=list)

    @property
    def resolution(self) -> Resolution | None:
        return getattr(self.item, "resolution", None)

    @property
    def is_pending(self) -> bool:
        return self.item.status == ItemStatus.PENDING

    @property
    def everyone_voted(self) -> bool:
        return self.tally.votes_cast >= self.tally.eligible


@dataclass
class MeetingPage:
    meeting: Meeting
    committee: SteeringCommittee
    members: list[CommitteeMember]
    attendance: dict[int, Attendance]
    items: list[ItemRow]
    window_open: bool

    @property
    def present(self) -> list[CommitteeMember]:
        return [m for m in self.members if self._present(m)]

    def _present(self, member: CommitteeMember) -> bool:
        row = self.attendance.get(member.pk)
        return row is not None and row.present


def _target_labels(items: list[AgendaItem]) -> dict[int, str]:
    """One query per kind of target present on the agenda (at most three)."""
    ids: dict[str, set[int]] = {}
    for item in items:
        if item.object_id is not None:
            ids.setdefault(item.kind, set()).add(item.object_id)
    labels: dict[tuple[str, int], str] = {}
    if DecisionKind.CALL_INTENTIONS in ids:
        for call in Call.objects.filter(pk__in=ids[DecisionKind.CALL_INTENTIONS]):
            labels[DecisionKind.CALL_INTENTIONS, call.pk] = f"{call.number} {call.name}"
    if DecisionKind.CHANGE_REQUEST in ids:
        for change in ChangeRequest.objects.filter(
            pk__in=ids[DecisionKind.CHANGE_REQUEST]
        ).select_related("intention"):
            labels[DecisionKind.CHANGE_REQUEST, change.pk] = str(change)
    if DecisionKind.STRATEGY_AMENDMENT in ids:
        for version in StrategyVersion.objects.filter(
            pk__in=ids[DecisionKind.STRATEGY_AMENDMENT]
        ).select_related("strategy"):
            labels[DecisionKind.STRATEGY_AMENDMENT, version.pk] = str(version)
    return {
        item.pk: labels.get((item.kind, item.object_id or 0), "")
        for item in items
        if item.object_id is not None
    }


def get_meeting_page(
    meeting: Meeting, viewer: Any = None, *, now: datetime | None = None
) -> MeetingPage:
    """The agenda with proposals, votes, live counts, resolutions and the viewer's ballots."""
    committee = meeting.committee
    members = list_members(committee)
    by_id = {m.pk: m for m in members}
    attendance = {a.member_id: a for a in Attendance.objects.filter(meeting=meeting)}
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .exclude(status=ItemStatus.WITHDRAWN)
        .select_related("resolution")
        .prefetch_related(
            "concerned_organisations",
            Prefetch(
                "proposals",
                ItemProposal.objects.select_related("intention__applicant").order_by("id"),
            ),
            Prefetch("votes", Vote.objects.select_related("cast_by").order_by("cast_at", "id")),
        )
        .order_by("order")
    )
    labels = _target_labels(items)
    active = [voting.MemberFacts(m.pk, m.organisation_id) for m in members if m.active]
    present = {k for k, a in attendance.items() if a.present}
    viewer_id = getattr(viewer, "pk", None)
    mine = [m for m in members if m.active and viewer_id in (m.user_id, m.alternate_id)]
    rows = []
    for item in items:
        concerned = list(item.concerned_organisations.all())
        concerned_ids = {o.pk for o in concerned}
        votes = list(item.votes.all())
        for vote in votes:
            vote.member = by_id[vote.member_id]
        chosen = {v.member_id: v.choice for v in votes}
        tally = voting.count(active, concerned_ids, chosen, present)
        by_member = {v.member_id: v for v in votes}
        rows.append(
            ItemRow(
                item=item,
                target_label=labels.get(item.pk, ""),
                proposals=list(item.proposals.all()),
                concerned=concerned,
                votes=votes,
                recused_members=[
                    m
                    for m in members
                    if m.active
                    and voting.is_recused(
                        voting.MemberFacts(m.pk, m.organisation_id), concerned_ids
                    )
                ],
                tally=tally,
                outcome=voting.evaluate(tally, committee.quorum, committee.majority),
                ballots=[
                    Ballot(
                        member=m,
                        vote=by_member.get(m.pk),
                        recused=voting.is_recused(
                            voting.MemberFacts(m.pk, m.organisation_id), concerned_ids
                        ),
                        as_alternate=m.user_id != viewer_id,
                    )
                    for m in mine
                ],
            )
        )
    moment = now or timezone.now()
    closes = meeting.voting_closes_at
    window_open = meeting.status == MeetingStatus.VOTING and (
        meeting.form == MeetingForm.IN_PERSON
        or (closes is not None and meeting.starts_at <= moment < closes)
    )
    return MeetingPage(meeting, committee, members, attendance, rows, window_open)
