"""The committee of an agglomeration and its members."""

from __future__ import annotations

from aglomera.agglomerations.models import Agglomeration
from aglomera.committee.models import CommitteeMember, SteeringCommittee


def get_committee(agglomeration: Agglomeration) -> SteeringCommittee | None:
    return SteeringCommittee.objects.filter(agglomeration=agglomeration).first()


def list_members(committee: SteeringCommittee) -> list[CommitteeMember]:
    return list(
        CommitteeMember.objects.filter(committee=committee)
        .select_related("user", "alternate", "organisation")
        .order_by("-active", "-is_chair", "user__last_name", "user__username")
    )
