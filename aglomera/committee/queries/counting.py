"""What counting an item needs from the database: the members, who is recused from the item and
from each of its intentions, the votes, who is in the room, and the statute's majority for the
item's kind. The arithmetic is `calculations.voting`."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from aglomera.committee.calculations import voting
from aglomera.committee.models import (
    AgendaItem,
    Attendance,
    CommitteeMember,
    ConflictDeclaration,
    DecisionKind,
    ItemProposal,
    Meeting,
    MeetingForm,
    SteeringCommittee,
    Vote,
)
from aglomera.intentions.models import ProjectIntention


def with_recusals(items: QuerySet[AgendaItem]) -> QuerySet[AgendaItem]:
    """The items with what `questions` reads (and the meeting page shows), in a fixed number of
    queries."""
    return items.prefetch_related(
        "concerned_organisations",
        Prefetch(
            "conflicts",
            ConflictDeclaration.objects.select_related("declared_by", "intention").order_by(
                "declared_at", "id"
            ),
        ),
        Prefetch(
            "proposals",
            ItemProposal.objects.select_related("intention__applicant", "outcome")
            .prefetch_related("intention__partners")
            .order_by("id"),
        ),
    )


def questions(item: AgendaItem) -> tuple[voting.Question, dict[int, voting.Question]]:
    """An item fetched `with_recusals`: the recusals of the whole item, and on a call item those
    of each intention (by proposal id): its applicant, its partners and the declarations."""
    conflicts = list(item.conflicts.all())
    whole = voting.Question(
        concerned=frozenset(o.pk for o in item.concerned_organisations.all()),
        declared=frozenset(c.member_id for c in conflicts if c.intention_id is None),
    )
    if item.kind != DecisionKind.CALL_INTENTIONS:
        return whole, {}
    parts = {}
    for proposal in item.proposals.all():
        intention = proposal.intention
        parts[proposal.pk] = voting.Question(
            concerned=frozenset(
                {intention.applicant_id, *(o.pk for o in intention.partners.all())}
            ),
            declared=frozenset(c.member_id for c in conflicts if c.intention_id == intention.pk),
        )
    # Each intention carries its own organisations; the item's are the ones they all share.
    return voting.Question(declared=whole.declared), parts


def recused_seat() -> Q:
    """The condition on a `CommitteeMember` queryset nested in an `AgendaItem` queryset (the item
    is `OuterRef("pk")`) that holds when the member is recused from the whole item: in SQL, what
    `questions` and `voting.decide` say in Python (a list asks it of many items in one query).

    Not a call item: the member represents a concerned organisation. Any item: the member declared
    a conflict of interest on the whole of it. A call item with intentions: each intention
    concerns the member's organisation (its applicant or a partner) or has their declaration.
    """
    item = OuterRef(OuterRef("pk"))  # from inside a subquery on the member
    concerned = AgendaItem.concerned_organisations.through.objects.filter(
        agendaitem_id=item, organisation_id=OuterRef("organisation_id")
    ).exclude(agendaitem__kind=DecisionKind.CALL_INTENTIONS)
    declared = ConflictDeclaration.objects.filter(
        item_id=item, member_id=OuterRef("pk"), intention__isnull=True
    )
    proposals = ItemProposal.objects.filter(item_id=item, item__kind=DecisionKind.CALL_INTENTIONS)
    member = OuterRef(OuterRef("pk"))  # from inside a subquery on a proposal
    organisation = OuterRef(OuterRef("organisation_id"))
    # Exists, never a comparison with the member's organisation, which may be NULL.
    free = (
        proposals.exclude(
            Exists(
                ProjectIntention.objects.filter(
                    pk=OuterRef("intention_id"), applicant_id=organisation
                )
            )
        )
        .exclude(
            Exists(
                ProjectIntention.partners.through.objects.filter(
                    projectintention_id=OuterRef("intention_id"), organisation_id=organisation
                )
            )
        )
        .exclude(
            Exists(
                ConflictDeclaration.objects.filter(
                    item_id=OuterRef("item_id"),
                    intention_id=OuterRef("intention_id"),
                    member_id=member,
                )
            )
        )
    )
    return Q(Exists(concerned)) | Q(Exists(declared)) | (Q(Exists(proposals)) & ~Q(Exists(free)))


def member_facts(members: Iterable[CommitteeMember]) -> list[voting.MemberFacts]:
    return [voting.MemberFacts(m.pk, m.organisation_id, m.is_chair) for m in members if m.active]


def active_members(committee_id: int) -> list[voting.MemberFacts]:
    return [
        voting.MemberFacts(pk, organisation, chair)
        for pk, organisation, chair in CommitteeMember.objects.filter(
            committee_id=committee_id, active=True
        ).values_list("pk", "organisation_id", "is_chair")
    ]


def majorities(committee: SteeringCommittee) -> dict[str, voting.Majority]:
    """The statute's majority for every kind of item (the committee's, unless set per kind)."""
    own = dict(committee.majorities.values_list("kind", "rule"))
    return {
        kind: voting.Majority(own.get(kind, committee.majority), committee.casting_vote)
        for kind in DecisionKind.values
    }


def present_members(meeting: Meeting) -> set[int]:
    """Members in the room (themselves or by their alternate); nobody at a written vote."""
    if meeting.form != MeetingForm.IN_PERSON:
        return set()
    return set(
        Attendance.objects.filter(meeting=meeting, present=True).values_list("member_id", flat=True)
    )


def count_item(item: AgendaItem, meeting: Meeting, committee: SteeringCommittee) -> voting.Result:
    """One item counted now, by the statute of its committee."""
    fetched = with_recusals(AgendaItem.objects.filter(pk=item.pk)).get()
    whole, parts = questions(fetched)
    return voting.decide(
        active_members(committee.pk),
        whole,
        parts,
        dict(Vote.objects.filter(item=item).values_list("member_id", "choice")),
        present_members(meeting),
        committee.quorum,
        majorities(committee)[item.kind],
    )


def pending_results(meeting: Meeting, items: QuerySet[AgendaItem]) -> list[voting.Result]:
    """Several items of a meeting counted at once (a fixed number of queries)."""
    committee = meeting.committee
    members = active_members(committee.pk)
    rules = majorities(committee)
    present = present_members(meeting)
    votes: dict[int, dict[int, str]] = {}
    for item_id, member_id, choice in Vote.objects.filter(item__in=items).values_list(
        "item_id", "member_id", "choice"
    ):
        votes.setdefault(item_id, {})[member_id] = choice
    results = []
    for item in with_recusals(items):
        whole, parts = questions(item)
        results.append(
            voting.decide(
                members,
                whole,
                parts,
                votes.get(item.pk, {}),
                present,
                committee.quorum,
                rules[item.kind],
            )
        )
    return results
