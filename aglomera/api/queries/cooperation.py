"""The read side of the staff API of cooperation: the same queries as the office's cooperation
pages (aglomera/cooperation/queries), in a fixed number of queries per request (pinned in
tests/api/test_cooperation.py).

Every read starts from the agglomeration of the URL: a partnership, an exchange or an idea of a
partnership it is not a member of is a 404, and the library is exactly `visible_cards` (its own
cards, its partners' public ones and those a partner shares with a partnership of both).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from aglomera.agglomerations.models import Agglomeration
from aglomera.cooperation import queries as cooperation
from aglomera.cooperation.models import (
    CooperationProject,
    Exchange,
    JointIdea,
    JointIdeaComment,
    JointIdeaSide,
    Partnership,
    PartnershipMember,
    ProjectBudget,
)
from aglomera.core.actors import Actor
from aglomera.core.collation import sort_key
from aglomera.core.tenant import in_tenant


@dataclass(frozen=True)
class PartnershipData:
    partnership: Partnership
    members: list[PartnershipMember]  # by name
    projects: list[CooperationProject]  # each with its budgets (`budgets.all()`), never summed


def list_partnerships(agglomeration: Agglomeration) -> list[Partnership]:
    """The agglomeration's partnerships, as its cooperation page lists them (2 queries)."""
    return [row.partnership for row in cooperation.list_partnerships(agglomeration)]


def with_projects(partnerships: Sequence[Partnership]) -> list[PartnershipData]:
    """The partnerships (their members prefetched) with their projects and each partner's
    budgets (2 queries, none without partnerships)."""
    if not partnerships:
        return []
    budgets = ProjectBudget.objects.select_related("agglomeration").order_by(
        "agglomeration__slug", "basis"
    )
    projects: dict[int, list[CooperationProject]] = {}
    for project in (
        CooperationProject.objects.filter(partnership__in=[p.pk for p in partnerships])
        .prefetch_related(Prefetch("budgets", queryset=budgets))
        .order_by("pk")  # in the order they were recorded, as the partnership page
    ):
        projects.setdefault(project.partnership_id, []).append(project)
    return [
        PartnershipData(
            partnership,
            sorted(
                partnership.members.all(),
                key=lambda member: sort_key(str(member.agglomeration.name)),
            ),
            projects.get(partnership.pk, []),
        )
        for partnership in partnerships
    ]


def partnership_exchanges(agglomeration: Agglomeration, pk: int) -> list[Exchange]:
    """The exchanges of a partnership of the agglomeration, newest first, as its page lists them
    (404 unless the agglomeration is a member)."""
    return cooperation.get_partnership(agglomeration, pk).exchanges


@dataclass(frozen=True)
class IdeaData:
    idea: JointIdea
    sides: list[JointIdeaSide]  # the reader's own first, then by name; never added up
    comments: list[JointIdeaComment]  # oldest first


def _ordered(sides: list[JointIdeaSide], agglomeration: Agglomeration) -> list[JointIdeaSide]:
    """As the idea's page: the reader's own side first, then the others by name."""
    return sorted(
        sides,
        key=lambda side: (
            side.agglomeration_id != agglomeration.pk,
            sort_key(str(side.agglomeration.name)),
        ),
    )


def list_ideas(agglomeration: Agglomeration) -> QuerySet[JointIdea]:
    """The joint ideas of every partnership of the agglomeration, the latest changed first (lazy:
    the API takes one page of it)."""
    return in_tenant(JointIdea, agglomeration).order_by("-updated_at", "-pk")


def with_sides(agglomeration: Agglomeration, ideas: Sequence[JointIdea]) -> list[IdeaData]:
    """The ideas with their sides (the measure of each) and comments (2 queries, none without
    ideas)."""
    sides = JointIdeaSide.objects.select_related("agglomeration", "measure")
    comments = JointIdeaComment.objects.select_related("author", "agglomeration").order_by(
        "created_at", "pk"
    )
    prefetch_related_objects(
        list(ideas), Prefetch("sides", queryset=sides), Prefetch("comments", queryset=comments)
    )
    return [
        IdeaData(idea, _ordered(list(idea.sides.all()), agglomeration), list(idea.comments.all()))
        for idea in ideas
    ]


def get_idea(agglomeration: Agglomeration, pk: int, actor: Actor) -> IdeaData:
    """One idea as its page shows it: its sides and comments (`idea_page`; 404 unless the
    agglomeration is a member of its partnership)."""
    page = cooperation.idea_page(agglomeration, pk, actor)
    return IdeaData(page.idea, page.sides, page.comments)
