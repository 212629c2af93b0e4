"""Who hears about a workflow step: one function per workflow name, in one table.

    RECIPIENTS["intentions.intention"](status_change) -> Notice | None

A workflow missing from the table (e.g. "calls.call": calls reach applicants through the portal)
notifies nobody; a function returns None for the steps of its workflow that concern no one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Model

from aglomera.accounts.models import Role, User
from aglomera.agglomerations.models import Agglomeration
from aglomera.committee.models import CommitteeMember, Meeting, MeetingStatus
from aglomera.committee.transitions import MEETING
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


RECIPIENTS: dict[str, Callable[[StatusChange], Notice | None]] = {
    INTENTION.name: intention_notice,
    CHANGE_REQUEST.name: change_request_notice,
    MEETING.name: meeting_notice,
}


def notice_for(change: StatusChange) -> Notice | None:
    decide = RECIPIENTS.get(change.workflow)
    return decide(change) if decide is not None else None
