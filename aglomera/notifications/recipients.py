"""Who hears about a workflow step: one function per workflow name, in one table.

    RECIPIENTS["intentions.intention"](status_change) -> Notice | None

A workflow missing from the table (e.g. "calls.call": calls reach applicants through the portal)
notifies nobody; a function returns None for the steps of its workflow that concern no one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Model

from aglomera.accounts.models import Membership, Role, User
from aglomera.agglomerations.models import Agglomeration
from aglomera.committee.models import CommitteeMember, Meeting, MeetingStatus
from aglomera.committee.transitions import MEETING
from aglomera.cooperation.models import JointIdea, PartnershipMember
from aglomera.cooperation.transitions import JOINT_IDEA
from aglomera.core.models import StatusChange
from aglomera.intentions.models import ChangeRequest, ChangeStatus, ProjectIntention
from aglomera.intentions.transitions import CHANGE_REQUEST, INTENTION


@dataclass(frozen=True)
class Notice:
    """The e-mail template to use, about which object, in which agglomeration, to whom."""

    template: str
    agglomeration: Agglomeration
    target: Model
    recipients: list[User]
    # A recipient's own agglomeration where it is not `agglomeration` (a joint item of a
    # partnership): its language for who has chosen none, its time zone, its links.
    homes: Mapping[int, Agglomeration] = field(default_factory=dict)

    def home_of(self, user: User) -> Agglomeration:
        return self.homes.get(user.pk, self.agglomeration)


def reachable(*groups: Iterable[User | None]) -> list[User]:
    """Active users with an e-mail address, each once, in a stable order."""
    people = {
        user.pk: user
        for group in groups
        for user in group
        if user is not None and user.is_active and user.email
    }
    return [people[pk] for pk in sorted(people)]


def organisation_applicants(agglomeration_id: int, organisation_ids: Iterable[int]) -> list[User]:
    """The users holding the applicant role for one of these organisations."""
    return list(
        User.objects.filter(
            memberships__agglomeration_id=agglomeration_id,
            memberships__role=Role.APPLICANT,
            memberships__organisation_id__in=list(organisation_ids),
        ).distinct()
    )


def intention_notice(change: StatusChange) -> Notice | None:
    """Every step of an intention: its applicant organisation's members and its creator."""
    intention = (
        ProjectIntention.objects.select_related("call__agglomeration", "created_by")
        .filter(pk=change.object_id)
        .first()
    )
    if intention is None:
        return None
    agglomeration = intention.call.agglomeration
    people = reachable(
        organisation_applicants(agglomeration.pk, [intention.applicant_id]),
        [intention.created_by],
    )
    return Notice("status_change", agglomeration, intention, people)


# A change request concerns the applicant once it is decided (or referred to the committee).
CHANGE_DECISIONS = frozenset(
    {ChangeStatus.APPROVED, ChangeStatus.REJECTED, ChangeStatus.WITH_COMMITTEE}
)


def change_request_notice(change: StatusChange) -> Notice | None:
    if change.new_status not in CHANGE_DECISIONS:
        return None
    request = (
        ChangeRequest.objects.select_related("intention__call__agglomeration", "requested_by")
        .filter(pk=change.object_id)
        .first()
    )
    if request is None:
        return None
    agglomeration = request.intention.call.agglomeration
    people = reachable(
        organisation_applicants(agglomeration.pk, [request.intention.applicant_id]),
        [request.requested_by],
    )
    return Notice("status_change", agglomeration, request, people)


def meeting_notice(change: StatusChange) -> Notice | None:
    """Voting opens: every active member of the committee and their alternates."""
    if change.new_status != MeetingStatus.VOTING:
        return None
    meeting = (
        Meeting.objects.select_related("committee__agglomeration")
        .filter(pk=change.object_id)
        .first()
    )
    if meeting is None:
        return None
    members = list(
        CommitteeMember.objects.filter(committee_id=meeting.committee_id, active=True)
        .select_related("user", "alternate")
        .order_by("pk")
    )
    people = reachable(
        [member.user for member in members], [member.alternate for member in members]
    )
    return Notice("voting_open", meeting.committee.agglomeration, meeting, people)


PARTNERSHIP_OFFICE = (Role.MANAGER, Role.COORDINATOR)


def partnership_offices(
    partnership_id: int, *, besides: int | None
) -> list[tuple[User, Agglomeration]]:
    """The manager and coordinators of every member of the partnership, except the user
    `besides` (who acted), each with their own member agglomeration (the first by slug when
    they hold the role in two), by user id; only people e-mail reaches."""
    members = list(
        PartnershipMember.objects.filter(partnership_id=partnership_id)
        .select_related("agglomeration")
        .order_by("agglomeration__slug")
    )
    agglomerations = {member.agglomeration_id: member.agglomeration for member in members}
    homes: dict[int, Agglomeration] = {}
    people: dict[int, User] = {}
    memberships = (
        Membership.objects.filter(
            agglomeration_id__in=list(agglomerations), role__in=PARTNERSHIP_OFFICE
        )
        .select_related("user")
        .order_by("agglomeration__slug", "user_id")
    )
    for membership in memberships:
        if membership.user_id == besides:
            continue
        people[membership.user_id] = membership.user
        homes.setdefault(membership.user_id, agglomerations[membership.agglomeration_id])
    return [(user, homes[user.pk]) for user in reachable(people.values())]


def joint_idea_notice(change: StatusChange) -> Notice | None:
    """Every step of a joint idea: the offices of both sides (but the actor), each reading it
    in their own language and on their own agglomeration's pages."""
    idea = JointIdea.objects.filter(pk=change.object_id).first()
    if idea is None:
        return None
    offices = partnership_offices(idea.partnership_id, besides=change.actor_id)
    if not offices:
        return None
    homes = {user.pk: home for user, home in offices}
    return Notice("status_change", offices[0][1], idea, [user for user, _ in offices], homes)


RECIPIENTS: dict[str, Callable[[StatusChange], Notice | None]] = {
    JOINT_IDEA.name: joint_idea_notice,
    INTENTION.name: intention_notice,
    CHANGE_REQUEST.name: change_request_notice,
    MEETING.name: meeting_notice,
}


def notice_for(change: StatusChange) -> Notice | None:
    decide = RECIPIENTS.get(change.workflow)
    return decide(change) if decide is not None else None
