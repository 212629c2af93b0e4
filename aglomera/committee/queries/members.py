"""The committee of an agglomeration, its members, and who may become one."""

from __future__ import annotations

from django.db.models import QuerySet

from aglomera.accounts.models import Role, User
from aglomera.agglomerations.models import Agglomeration, Organisation
from aglomera.committee.models import CommitteeMember, KindMajority, SteeringCommittee
from aglomera.core.collation import sort_key
from aglomera.core.tenant import in_tenant


def get_committee(agglomeration: Agglomeration) -> SteeringCommittee | None:
    return in_tenant(SteeringCommittee, agglomeration).first()


def kind_majorities(committee: SteeringCommittee) -> list[KindMajority]:
    """The kinds of item whose majority the statute sets apart from the committee's."""
    return list(committee.majorities.order_by("kind"))


def list_members(committee: SteeringCommittee) -> list[CommitteeMember]:
    """Active members first, the chair first among them, then by surname in the reader's
    alphabet."""
    members = CommitteeMember.objects.filter(committee=committee).select_related(
        "user", "alternate", "organisation"
    )
    return sorted(
        members,
        key=lambda member: (
            not member.active,
            not member.is_chair,
            sort_key(member.user.last_name),
            sort_key(str(member.user)),
        ),
    )


def members_of(agglomeration: Agglomeration) -> QuerySet[CommitteeMember]:
    """Every member of the agglomeration's committee (for whom a ballot may be cast)."""
    return in_tenant(CommitteeMember, agglomeration)


def committee_people(agglomeration: Agglomeration) -> QuerySet[User]:
    """The people holding the steering-committee role in the agglomeration: members and
    alternates are chosen from them."""
    return (
        User.objects.filter(
            memberships__agglomeration=agglomeration, memberships__role=Role.COMMITTEE
        )
        .distinct()
        .order_by("last_name", "username")
    )


def organisations(agglomeration: Agglomeration) -> QuerySet[Organisation]:
    """The organisations a member may represent."""
    return Organisation.objects.filter(agglomeration=agglomeration)
