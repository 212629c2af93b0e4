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
    ConflictDeclaration,
    DecisionKind,
    ItemProposal,
    ItemStatus,
    MajorityRule,
    Meeting,
    MeetingForm,
    MeetingStatus,
    ProposalOutcome,
    Resolution,
    SteeringCommittee,
    Vote,
)
from aglomera.committee.queries import counting
from aglomera.committee.queries.members import list_members
from aglomera.core.actors import Actor
from aglomera.intentions.models import ChangeRequest, ProjectIntention
from aglomera.strategy.models import StrategyVersion


def list_meetings(committee: SteeringCommittee) -> list[Meeting]:
    return list(
        Meeting.objects.filter(committee=committee)
        .annotate(item_count=Count("items"))
        .order_by("-starts_at", "-id")
    )


@dataclass
class Recusal:
    """Why a member is recused: they represent a concerned organisation (the applicant or a
    partner), or they declared a conflict of interest."""

    member: CommitteeMember
    organisation: Organisation | None = None
    declaration: ConflictDeclaration | None = None


@dataclass
class Ballot:
    """A member the viewer may vote for on one item, and how that stands."""

    member: CommitteeMember
    vote: Vote | None
    recused: bool  # from the whole item
    as_alternate: bool
    # on a call item: the intentions their vote does not count for
    recused_from: list[ProjectIntention] = field(default_factory=list)


@dataclass
class ProposalRow:
    """One intention of a call item: its proposal, partners, who is recused from it and, once
    decided, its own outcome."""

    proposal: ItemProposal
    partners: list[Organisation]
    recused: list[Recusal]
    outcome: ProposalOutcome | None


@dataclass
class ItemRow:
    item: AgendaItem
    target_label: str
    proposals: list[ItemProposal]
    concerned: list[Organisation]
    votes: list[Vote]
    recused: list[Recusal]  # from the whole item
    result: voting.Result
    majority: str  # the statute's rule for the item's kind (MajorityRule)
    parts: list[ProposalRow] = field(default_factory=list)
    declarations: list[ConflictDeclaration] = field(default_factory=list)
    ballots: list[Ballot] = field(default_factory=list)

    @property
    def tally(self) -> voting.Tally:
        return self.result.tally

    @property
    def majority_label(self) -> str:
        return str(MajorityRule(self.majority).label)

    @property
    def resolution(self) -> Resolution | None:
        return getattr(self.item, "resolution", None)

    @property
    def is_pending(self) -> bool:
        return self.item.status == ItemStatus.PENDING

    @property
    def everyone_voted(self) -> bool:
        return self.result.everyone_voted


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

    @property
    def active_members(self) -> list[CommitteeMember]:
        return [m for m in self.members if m.active]

    def _present(self, member: CommitteeMember) -> bool:
        row = self.attendance.get(member.pk)
        return row is not None and row.present


def _recusals(
    recused: frozenset[int],
    question: voting.Question,
    members: list[CommitteeMember],
    declarations: list[ConflictDeclaration],
) -> list[Recusal]:
    """The members recused from a question, each with the reason (a concerned organisation
    first, else their declaration on it, else on the whole item)."""
    found = []
    for member in members:
        if member.pk not in recused:
            continue
        if member.organisation_id in question.concerned:
            found.append(Recusal(member, organisation=member.organisation))
            continue
        mine = [d for d in declarations if d.member_id == member.pk]
        found.append(Recusal(member, declaration=mine[0] if mine else None))
    return found


def _item_row(
    item: AgendaItem,
    label: str,
    members: list[CommitteeMember],
    mine: list[CommitteeMember],
    viewer_id: int | None,
    present: set[int],
    committee: SteeringCommittee,
    majority: voting.Majority,
) -> ItemRow:
    by_id = {m.pk: m for m in members}
    active = [m for m in members if m.active]
    votes = list(item.votes.all())
    for vote in votes:
        vote.member = by_id[vote.member_id]
    whole, questions = counting.questions(item)
    result = voting.decide(
        counting.member_facts(active),
        whole,
        questions,
        {v.member_id: v.choice for v in votes},
        present,
        committee.quorum,
        majority,
    )
    declarations = list(item.conflicts.all())
    for declaration in declarations:
        declaration.member = by_id[declaration.member_id]
    proposals = list(item.proposals.all())
    counted = {part.key: part for part in result.parts}
    parts = []
    for proposal in proposals:
        question = questions[proposal.pk].also(whole)
        on_it = [d for d in declarations if d.intention_id in (None, proposal.intention_id)]
        on_it.sort(key=lambda d: d.intention_id is None)  # the one on the intention first
        parts.append(
            ProposalRow(
                proposal=proposal,
                partners=list(proposal.intention.partners.all()),
                recused=_recusals(counted[proposal.pk].recused, question, active, on_it),
                outcome=getattr(proposal, "outcome", None),
            )
        )
    whole_declarations = [d for d in declarations if d.intention_id is None]
    # On a call item, a member is recused from it all through an organisation concerned by
    # every one of its intentions (the applicant of all, or partner in all).
    shared = [q.concerned for q in questions.values()]
    whole_reasons = voting.Question(
        whole.concerned.union(frozenset.intersection(*shared) if shared else frozenset()),
        whole.declared,
    )
    by_vote = {v.member_id: v for v in votes}
    return ItemRow(
        item=item,
        target_label=label,
        proposals=proposals,
        concerned=list(item.concerned_organisations.all()),
        votes=votes,
        recused=_recusals(result.recused, whole_reasons, active, whole_declarations),
        result=result,
        majority=majority.rule,
        parts=parts,
        declarations=declarations,
        ballots=[
            Ballot(
                member=m,
                vote=by_vote.get(m.pk),
                recused=m.pk in result.recused,
                as_alternate=m.user_id != viewer_id,
                recused_from=[
                    row.proposal.intention
                    for row in parts
                    if any(r.member.pk == m.pk for r in row.recused)
                ],
            )
            for m in mine
        ],
    )


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
    """The agenda with proposals, recusals, votes, live counts, resolutions and the viewer's
    ballots."""
    committee = meeting.committee
    members = list_members(committee)
    attendance = {a.member_id: a for a in Attendance.objects.filter(meeting=meeting)}
    items = list(
        counting.with_recusals(
            AgendaItem.objects.filter(meeting=meeting)
            .exclude(status=ItemStatus.WITHDRAWN)
            .select_related("resolution")
        )
        .prefetch_related(
            Prefetch("votes", Vote.objects.select_related("cast_by").order_by("cast_at", "id"))
        )
        .order_by("order")
    )
    labels = _target_labels(items)
    rules = counting.majorities(committee)
    present = (
        {k for k, a in attendance.items() if a.present}
        if meeting.form == MeetingForm.IN_PERSON
        else set()
    )
    viewer_id = getattr(viewer, "pk", None)
    mine = [m for m in members if m.active and viewer_id in (m.user_id, m.alternate_id)]
    rows = [
        _item_row(
            item,
            labels.get(item.pk, ""),
            members,
            mine,
            viewer_id,
            present,
            committee,
            rules[item.kind],
        )
        for item in items
    ]
    moment = now or timezone.now()
    closes = meeting.voting_closes_at
    window_open = meeting.status == MeetingStatus.VOTING and (
        meeting.form == MeetingForm.IN_PERSON
        or (closes is not None and meeting.starts_at <= moment < closes)
    )
    return MeetingPage(meeting, committee, members, attendance, rows, window_open)
