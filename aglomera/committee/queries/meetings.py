"""Meetings: the list, and the meeting page (agenda, votes, live counts, ballots)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Prefetch
from django.utils import timezone

from aglomera.agglomerations.models import Organisation
from aglomera.calls.models import Call
from aglomera.committee.calculations import voting
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
from aglomera.committee.queries.members import list_members
from aglomera.core.actors import Actor
from aglomera.intentions.models import ChangeRequest
from aglomera.strategy.models import StrategyVersion


def list_meetings(committee: SteeringCommittee) -> list[Meeting]:
    return list(
        Meeting.objects.filter(committee=committee)
        .annotate(item_count=Count("items"))
        .order_by("-starts_at", "-id")
    )


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
    meeting: Meeting, viewer: Actor | None = None, *, now: datetime | None = None
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
