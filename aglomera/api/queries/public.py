"""The read side of the public API: only what the portal may publish, in a fixed number of
queries per request (pinned in tests/api/test_public.py).

Projects are the intentions from the legal act on (`PUBLISHED_FROM`, the operations selected for
support that CPR 2021/1060 Art. 49(3) lists), with the Art. 49(3) items only
(aglomera/monitoring/reports/art49.py). A beneficiary who is a natural person is never named and
never located: no name, no municipality, and a municipality filter never finds their project.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import cast

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from aglomera.agglomerations.models import Agglomeration, Municipality, OrganisationKind
from aglomera.calls.models import Call, CallStatus
from aglomera.committee.models import ItemStatus, Meeting, MeetingStatus, Resolution
from aglomera.intentions.models import ProjectIntention
from aglomera.intentions.queries.publication import PUBLISHED_FROM
from aglomera.monitoring.calculations.funnel import Funnel, FunnelFilters, money_funnel
from aglomera.monitoring.queries.dashboard import default_strategy
from aglomera.strategy.models import (
    Goal,
    Measure,
    MeasureIndicator,
    SpecificGoal,
    Strategy,
    StrategyVersion,
)

PUBLIC_CALL_STATES = (CallStatus.PLANNED, CallStatus.ANNOUNCED, CallStatus.CLOSED)
HUNDRED = Decimal("100")


def _pk(value: object) -> int:
    """A primary key from a URL: anything that is no database id is a 404 (not a 500)."""
    try:
        pk = int(str(value))
    except ValueError as exc:
        raise Http404 from exc
    if not 0 < pk < 2**63:
        raise Http404
    return pk


def list_agglomerations() -> QuerySet[Agglomeration]:
    return Agglomeration.objects.order_by("slug")


def get_agglomeration(slug: str) -> Agglomeration:
    """One query; 404 for an unknown slug."""
    agglomeration = Agglomeration.objects.filter(slug=slug).first()
    if agglomeration is None:
        raise Http404
    return agglomeration


# ---- strategy ---------------------------------------------------------------------------------


@dataclass
class MeasureNode:
    measure: Measure
    indicators: list[MeasureIndicator] = field(default_factory=list)


@dataclass
class SpecificGoalNode:
    specific_goal: SpecificGoal
    measures: list[MeasureNode] = field(default_factory=list)


@dataclass
class GoalNode:
    goal: Goal
    specific_goals: list[SpecificGoalNode] = field(default_factory=list)


@dataclass
class StrategyTree:
    strategy: Strategy
    version: int | None
    goals: list[GoalNode]


def get_strategy_tree(agglomeration: Agglomeration) -> StrategyTree | None:
    """The current version of the newest approved strategy as one tree (5 queries)."""
    strategies = list(
        Strategy.objects.filter(agglomeration=agglomeration)
        .exclude(current_version=None)
        .select_related("current_version")
    )
    strategy = default_strategy(strategies)
    if strategy is None:
        return None
    version = cast(StrategyVersion, strategy.current_version)  # approved: it has one
    goals = {g.pk: GoalNode(g) for g in Goal.objects.filter(version=version).order_by("code")}
    specific = {}
    for specific_goal in SpecificGoal.objects.filter(version=version).order_by("code"):
        specific[specific_goal.pk] = node = SpecificGoalNode(specific_goal)
        goals[specific_goal.goal_id].specific_goals.append(node)
    measures = {}
    for measure in Measure.objects.filter(version=version).order_by("code"):
        measures[measure.pk] = measure_node = MeasureNode(measure)
        specific[measure.specific_goal_id].measures.append(measure_node)
    for line in (
        MeasureIndicator.objects.filter(version=version)
        .select_related("indicator")
        .order_by("indicator__code", "id")
    ):
        measures[line.measure_id].indicators.append(line)
    return StrategyTree(strategy, version.number, list(goals.values()))


# ---- calls ------------------------------------------------------------------------------------


def list_public_calls(agglomeration: Agglomeration, status: str = "") -> QuerySet[Call]:
    calls = Call.objects.filter(agglomeration=agglomeration, status__in=PUBLIC_CALL_STATES)
    if status:
        calls = calls.filter(status=status)
    return calls.select_related("specific_objective__programme").order_by("-opens_at", "number")


def get_public_call(agglomeration: Agglomeration, pk: object) -> Call:
    call = list_public_calls(agglomeration).filter(pk=_pk(pk)).first()
    if call is None:
        raise Http404
    return call


# ---- projects (Art. 49(3)) --------------------------------------------------------------------


def _public_projects(agglomeration: Agglomeration) -> QuerySet[ProjectIntention]:
    return (
        ProjectIntention.objects.filter(
            call__agglomeration=agglomeration, status__in=PUBLISHED_FROM
        )
        .select_related("call__specific_objective__programme", "applicant")
        .prefetch_related(
            Prefetch("municipalities", queryset=Municipality.objects.order_by("name", "id"))
        )
        .order_by("-start_date", "id")
    )


def is_person(intention: ProjectIntention) -> bool:
    return bool(intention.applicant.kind == OrganisationKind.PERSON)


def cofinancing_rate(intention: ProjectIntention) -> Decimal | None:
    """The Union co-financing rate in % (Art. 49(3)(k)): requested EU over eligible cost."""
    if not intention.eligible_cost:
        return None
    rate = Decimal(intention.requested_eu) * HUNDRED / Decimal(intention.eligible_cost)
    return rate.quantize(Decimal("0.01"), ROUND_HALF_UP)


def folded(text: str) -> str:
    """Lower case without diacritics: "Náměstí" and "namesti" match."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _haystack(intention: ProjectIntention) -> str:
    parts: list[str] = [intention.registration_number, *intention.name.values()]
    if not is_person(intention):
        parts.append(intention.applicant.name)
        parts.extend(place.name for place in intention.municipalities.all())
    return folded(" ".join(parts))


def _measure_matches(code: str, wanted: str) -> bool:
    """`2.1` finds the measures 2.1.1, 2.1.2 ... as well as a measure coded 2.1."""
    return code == wanted or code.startswith(f"{wanted}.")


def list_public_projects(
    agglomeration: Agglomeration,
    *,
    measure: str = "",
    municipality: int | None = None,
    q: str = "",
) -> list[ProjectIntention]:
    """Two queries (intentions, their municipalities), filtered here."""
    projects: Iterable[ProjectIntention] = _public_projects(agglomeration)
    if measure:
        projects = [p for p in projects if _measure_matches(p.measure_code, measure.strip())]
    if municipality is not None:
        projects = [
            p
            for p in projects
            if not is_person(p) and any(m.pk == municipality for m in p.municipalities.all())
        ]
    words = folded(q).split()
    if words:
        projects = [p for p in projects if all(word in _haystack(p) for word in words)]
    return list(projects)


def get_public_project(agglomeration: Agglomeration, pk: object) -> ProjectIntention:
    project = _public_projects(agglomeration).filter(pk=_pk(pk)).first()
    if project is None:
        raise Http404
    return project


# ---- steering committee -----------------------------------------------------------------------


def list_public_meetings(agglomeration: Agglomeration) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(committee__agglomeration=agglomeration)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-starts_at", "-id")
    )


def list_public_resolutions(
    agglomeration: Agglomeration, meeting: int | None = None
) -> QuerySet[Resolution]:
    """The decided items' resolutions, newest first."""
    resolutions = Resolution.objects.filter(
        committee__agglomeration=agglomeration, item__status=ItemStatus.DECIDED
    )
    if meeting is not None:
        resolutions = resolutions.filter(item__meeting_id=meeting)
    return resolutions.select_related("item__meeting").order_by("-decided_at", "-id")


def get_public_resolution(agglomeration: Agglomeration, pk: object) -> Resolution:
    resolution = list_public_resolutions(agglomeration).filter(pk=_pk(pk)).first()
    if resolution is None:
        raise Http404
    return resolution


# ---- money ------------------------------------------------------------------------------------


@dataclass
class PublicFunnel:
    strategy: Strategy | None
    funnel: Funnel | None
    as_of: date


def get_public_funnel(agglomeration: Agglomeration, as_of: date) -> PublicFunnel:
    """The money funnel of the newest approved strategy on `as_of` (at most 9 queries)."""
    strategies = list(
        Strategy.objects.filter(agglomeration=agglomeration).exclude(current_version=None)
    )
    strategy = default_strategy(strategies)
    if strategy is None:
        return PublicFunnel(None, None, as_of)
    strategy.agglomeration = agglomeration
    funnel = money_funnel(strategy, FunnelFilters(as_of=as_of), agglomeration=agglomeration)
    return PublicFunnel(strategy, funnel, as_of)
