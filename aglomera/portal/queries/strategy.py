"""The portal's strategy progress: the tree of the agglomeration's strategy (its current
approved version), and a page per goal and per measure with the money funnel, the indicators
against their targets and the measure's public projects.

Money is the funnel of the monitoring dashboard (monitoring/calculations/funnel.py, whose rules
the page states): EU support on every stage, in the programme's currency, as of today in the
agglomeration's time zone. An amount the managing authority's data does not give is *unknown*:
the page says how many projects it misses, and shows "unknown" where nothing is known, never 0.

Projects are public from the legal act on (intentions/queries/publication.py PUBLISHED_FROM),
as the list of operations of CPR 2021/1060 Art. 49(3) publishes them; a beneficiary who is a
natural person is not named here.

Each function runs a fixed number of queries (pinned in tests).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.http import Http404
from django.utils import timezone

from aglomera.agglomerations.models import Agglomeration, OrganisationKind
from aglomera.core.collation import collated
from aglomera.core.money import ZERO
from aglomera.core.tenant import zone_of
from aglomera.intentions.models import ProjectIntention
from aglomera.intentions.queries.publication import PUBLISHED_FROM
from aglomera.monitoring.calculations.funnel import (
    ALLOCATION,
    APPLIED,
    CERTIFIED,
    CONTRACTED,
    ENDORSED,
    PAID,
    PIPELINE,
    STAGE_LABELS,
    FunnelFilters,
    FunnelRow,
    money_funnel,
)
from aglomera.monitoring.calculations.indicators import IndicatorRow, indicator_progress
from aglomera.monitoring.queries.dashboard import default_strategy
from aglomera.strategy.models import Goal, Measure, SpecificGoal, Strategy

PORTAL_STAGES = (ALLOCATION, PIPELINE, ENDORSED, APPLIED, CONTRACTED, PAID, CERTIFIED)
MAY_BE_UNKNOWN = (CONTRACTED, PAID, CERTIFIED)


def public_strategy(agglomeration: Agglomeration) -> Strategy | None:
    """The strategy the portal shows: the newest period with an approved version (one query)."""
    strategy = default_strategy(
        list(Strategy.objects.filter(agglomeration=agglomeration).exclude(current_version=None))
    )
    if strategy is not None:
        strategy.agglomeration = agglomeration
    return strategy


def today(agglomeration: Agglomeration) -> date:
    return timezone.localdate(timezone=zone_of(agglomeration.time_zone))


# ---- the tree ---------------------------------------------------------------------------------


@dataclass
class SpecificGoalNode:
    specific_goal: SpecificGoal
    measures: list[Measure] = field(default_factory=list)


@dataclass
class GoalNode:
    goal: Goal
    specific_goals: list[SpecificGoalNode] = field(default_factory=list)


@dataclass(frozen=True)
class StrategyTree:
    strategy: Strategy
    goals: list[GoalNode]


def _tree(strategy: Strategy, goal: Goal | None = None) -> list[GoalNode]:
    """Goals, specific goals and measures of the current version, by code (three queries)."""
    version_id = strategy.current_version_id
    goals = Goal.objects.filter(version_id=version_id).order_by("code")
    specific = SpecificGoal.objects.filter(version_id=version_id).order_by("code")
    measures = Measure.objects.filter(version_id=version_id).order_by("code")
    if goal is not None:
        goals = goals.filter(pk=goal.pk)
        specific = specific.filter(goal=goal)
        measures = measures.filter(specific_goal__goal=goal)
    nodes = {g.pk: GoalNode(g) for g in goals}
    specific_nodes: dict[int, SpecificGoalNode] = {}
    for sg in specific:
        specific_nodes[sg.pk] = SpecificGoalNode(sg)
        nodes[sg.goal_id].specific_goals.append(specific_nodes[sg.pk])
    for measure in measures:
        specific_nodes[measure.specific_goal_id].measures.append(measure)
    return list(nodes.values())


def strategy_tree(agglomeration: Agglomeration) -> StrategyTree | None:
    """The strategy and its tree (four queries); None before a version is approved."""
    strategy = public_strategy(agglomeration)
    if strategy is None:
        return None
    return StrategyTree(strategy, _tree(strategy))


# ---- money ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MoneyFigure:
    stage: str
    label: str
    amount: Decimal
    unknown: int  # projects whose amount is unknown, not in `amount`
    count: int | None  # projects in the stage (None: allocation, paid, certified)
    all_unknown: bool  # no project's amount is known: the page says "unknown", not 0


@dataclass(frozen=True)
class Money:
    """The funnel of some rows in one currency."""

    currency: str
    figures: list[MoneyFigure]


def _money(rows: list[FunnelRow]) -> list[Money]:
    """The rows summed per currency (an unknown amount adds nothing and is counted)."""
    by_currency: dict[str, list[FunnelRow]] = {}
    for row in rows:
        by_currency.setdefault(row.currency, []).append(row)
    found = []
    for currency in sorted(by_currency):
        group = by_currency[currency]
        figures = []
        contracted = sum(row.counts[CONTRACTED] for row in group)
        for stage in PORTAL_STAGES:
            counts = [row.counts[stage] for row in group if stage in row.counts]
            unknown = sum(row.unknown.get(stage, 0) for row in group)
            figures.append(
                MoneyFigure(
                    stage,
                    str(STAGE_LABELS[stage]),
                    sum((row.amounts[stage] for row in group), ZERO),
                    unknown,
                    sum(counts) if counts else None,
                    # paid and certified are parts of the contracted projects' money
                    all_unknown=unknown > 0 and unknown == contracted,
                )
            )
        found.append(Money(currency, figures))
    return found


# ---- a goal and a measure ---------------------------------------------------------------------


@dataclass(frozen=True)
class PublicProject:
    intention: ProjectIntention
    beneficiary: str  # "" for a natural person

    @property
    def currency(self) -> str:
        return self.intention.call.specific_objective.programme.currency


@dataclass(frozen=True)
class GoalPage:
    strategy: Strategy
    goal: Goal
    tree: GoalNode
    money: list[Money]
    indicators: list[IndicatorRow]
    not_combined: list[str]
    as_of: date


@dataclass(frozen=True)
class MeasurePage:
    strategy: Strategy
    measure: Measure
    money: list[Money]
    indicators: list[IndicatorRow]
    projects: list[PublicProject]
    as_of: date


def _strategy_or_404(agglomeration: Agglomeration) -> Strategy:
    strategy = public_strategy(agglomeration)
    if strategy is None:
        raise Http404
    return strategy


def goal_page(agglomeration: Agglomeration, code: str) -> GoalPage:
    """A goal: its measures, money and indicators rolled up (20 queries); 404 if unknown."""
    strategy = _strategy_or_404(agglomeration)
    goal = Goal.objects.filter(version_id=strategy.current_version_id, code=code).first()
    if goal is None:
        raise Http404
    (node,) = _tree(strategy, goal)
    codes = {m.code for sg in node.specific_goals for m in sg.measures}
    as_of = today(agglomeration)
    funnel = money_funnel(strategy, FunnelFilters(as_of=as_of), agglomeration=agglomeration)
    progress = next(g for g in indicator_progress(strategy).goals if g.goal.pk == goal.pk)
    return GoalPage(
        strategy,
        goal,
        node,
        _money([row for row in funnel.rows if row.measure_code in codes]),
        progress.rows,
        [indicator.code for indicator in progress.not_combined],
        as_of,
    )


def measure_projects(strategy: Strategy, code: str) -> list[PublicProject]:
    """The measure's projects from their legal act on, by name (one query)."""
    intentions = (
        ProjectIntention.objects.filter(
            call__strategy=strategy, measure_code=code, status__in=PUBLISHED_FROM
        )
        .select_related("applicant", "call__specific_objective__programme")
        .order_by("pk")
    )
    projects = [
        PublicProject(
            intention,
            "" if intention.applicant.kind == OrganisationKind.PERSON else intention.applicant.name,
        )
        for intention in intentions
    ]
    return collated(projects, key=lambda project: str(project.intention.name))


def measure_page(agglomeration: Agglomeration, code: str) -> MeasurePage:
    """A measure: money, indicators and public projects (17 queries); 404 if unknown."""
    strategy = _strategy_or_404(agglomeration)
    measure = (
        Measure.objects.filter(version_id=strategy.current_version_id, code=code)
        .select_related("specific_goal__goal")
        .first()
    )
    if measure is None:
        raise Http404
    as_of = today(agglomeration)
    funnel = money_funnel(
        strategy, FunnelFilters(as_of=as_of, measure_code=code), agglomeration=agglomeration
    )
    rows = next(
        node.rows
        for goal in indicator_progress(strategy).goals
        for node in goal.measures
        if node.measure.pk == measure.pk
    )
    return MeasurePage(
        strategy,
        measure,
        _money(funnel.rows),
        rows,
        measure_projects(strategy, code),
        as_of,
    )
