"""The strategy tree of one version with money roll-ups and indicators.

It runs a fixed number of queries whatever the size of the strategy; roll-ups are summed in
Python from one query of plan lines so that goal, strategy and programme totals are built from
the very same lines and add up to the cent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch

from aglomera.core.money import ZERO
from aglomera.strategy.models import (
    ExchangeRate,
    FinancialPlanLine,
    Goal,
    IntegratedSolution,
    Measure,
    MeasureIndicator,
    Programme,
    Source,
    SpecificGoal,
    StrategyVersion,
)
from aglomera.strategy.queries.rates import eur_equivalent, latest_rates


@dataclass
class Money:
    """Amounts by source in one currency, plus the EUR equivalent (None without a rate)."""

    currency: str
    eu: Decimal = ZERO
    national: Decimal = ZERO
    own: Decimal = ZERO
    eur: Decimal | None = ZERO

    @property
    def total(self) -> Decimal:
        return self.eu + self.national + self.own

    def add(self, source: str, amount: Decimal, eur: Decimal | None) -> None:
        if source == Source.EU:
            self.eu += amount
        elif source == Source.NATIONAL:
            self.national += amount
        else:
            self.own += amount
        self.eur = None if self.eur is None or eur is None else self.eur + eur


@dataclass
class Totals:
    """Money per currency; `eur` is the sum of every line's EUR equivalent."""

    by_currency: dict[str, Money] = field(default_factory=dict)

    def add(self, currency: str, source: str, amount: Decimal, eur: Decimal | None) -> None:
        self.by_currency.setdefault(currency, Money(currency)).add(source, amount, eur)

    @property
    def currencies(self) -> list[Money]:
        return [self.by_currency[c] for c in sorted(self.by_currency)]

    @property
    def eur(self) -> Decimal | None:
        total = ZERO
        for money in self.by_currency.values():
            if money.eur is None:
                return None
            total += money.eur
        return total


@dataclass
class MeasureNode:
    measure: Measure
    totals: Totals = field(default_factory=Totals)
    lines: list[FinancialPlanLine] = field(default_factory=list)
    indicators: list[MeasureIndicator] = field(default_factory=list)


@dataclass
class SpecificGoalNode:
    specific_goal: SpecificGoal
    measures: list[MeasureNode] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)


@dataclass
class GoalNode:
    goal: Goal
    specific_goals: list[SpecificGoalNode] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)


@dataclass
class ProgrammeRow:
    programme: Programme
    totals: Totals = field(default_factory=Totals)


@dataclass
class StrategyTree:
    version: StrategyVersion
    rates_on: date
    rates: dict[str, ExchangeRate]
    goals: list[GoalNode]
    totals: Totals
    programmes: list[ProgrammeRow]
    solutions: list[IntegratedSolution]
    missing_rates: list[str]

    @property
    def measure_count(self) -> int:
        return sum(len(sg.measures) for g in self.goals for sg in g.specific_goals)


def get_strategy_tree(version: StrategyVersion, *, as_of: date) -> StrategyTree:
    """The whole tree of one version with money and indicators, in a fixed number of queries."""
    rates = latest_rates(
        ExchangeRate.objects.filter(agglomeration__strategies=version.strategy_id), as_of
    )
    goals = list(Goal.objects.filter(version=version).order_by("code"))
    sgoals = list(SpecificGoal.objects.filter(version=version).order_by("code"))
    measures = list(
        Measure.objects.filter(version=version)
        .order_by("code")
        .prefetch_related("specific_objectives__programme")
    )
    lines = list(
        FinancialPlanLine.objects.filter(version=version)
        .select_related("specific_objective__programme")
        .order_by("specific_objective__programme__code", "specific_objective__code", "source")
    )
    indicators = list(
        MeasureIndicator.objects.filter(version=version)
        .select_related("indicator")
        .order_by("indicator__code")
    )
    solutions = list(
        IntegratedSolution.objects.filter(version=version).prefetch_related(
            Prefetch(
                "measures",
                queryset=Measure.objects.order_by("code").only("id", "code", "version_id"),
            )
        )
    )

    measure_nodes = {m.pk: MeasureNode(m) for m in measures}
    sgoal_nodes = {sg.pk: SpecificGoalNode(sg) for sg in sgoals}
    goal_nodes = {g.pk: GoalNode(g) for g in goals}
    for node in measure_nodes.values():
        sgoal_nodes[node.measure.specific_goal_id].measures.append(node)
    for sg_node in sgoal_nodes.values():
        goal_nodes[sg_node.specific_goal.goal_id].specific_goals.append(sg_node)

    totals = Totals()
    programmes: dict[int, ProgrammeRow] = {}
    missing: set[str] = set()
    for line in lines:
        programme = line.specific_objective.programme
        currency = programme.currency
        eur = eur_equivalent(line.amount, currency, rates)
        if eur is None:
            missing.add(currency)
        m_node = measure_nodes[line.measure_id]
        sg_node = sgoal_nodes[m_node.measure.specific_goal_id]
        g_node = goal_nodes[sg_node.specific_goal.goal_id]
        m_node.lines.append(line)
        for bucket in (m_node.totals, sg_node.totals, g_node.totals, totals):
            bucket.add(currency, line.source, line.amount, eur)
        programmes.setdefault(programme.pk, ProgrammeRow(programme)).totals.add(
            currency, line.source, line.amount, eur
        )
    for row in indicators:
        measure_nodes[row.measure_id].indicators.append(row)

    return StrategyTree(
        version=version,
        rates_on=as_of,
        rates=rates,
        goals=list(goal_nodes.values()),
        totals=totals,
        programmes=sorted(programmes.values(), key=lambda r: r.programme.code),
        solutions=solutions,
        missing_rates=sorted(missing),
    )
