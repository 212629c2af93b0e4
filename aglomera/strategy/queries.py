"""The read side: the strategy tree with money roll-ups, version history and diffs.

Every function runs a fixed number of queries whatever the size of the strategy; roll-ups are
summed in Python from one query of plan lines so that goal, strategy and programme totals are
built from the very same lines and add up to the cent.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from aglomera.core.i18n import I18nText
from aglomera.core.money import ZERO, to_eur
from aglomera.strategy.models import (
    ExchangeRate,
    FinancialPlanLine,
    Goal,
    IntegratedSolution,
    Measure,
    MeasureIndicator,
    OfficeRole,
    OfficeRoleKind,
    Programme,
    Source,
    SpecificGoal,
    SpecificObjective,
    Strategy,
    StrategyVersion,
)


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


def rates_on(agglomeration_id: int, day: date) -> dict[str, ExchangeRate]:
    """The exchange rate of an agglomeration in force on a day, per currency (one query)."""
    return _latest(ExchangeRate.objects.filter(agglomeration_id=agglomeration_id), day)


def _latest(rates: QuerySet[ExchangeRate], day: date) -> dict[str, ExchangeRate]:
    found: dict[str, ExchangeRate] = {}
    for rate in rates.filter(valid_from__lte=day).order_by("currency", "-valid_from"):
        found.setdefault(rate.currency, rate)
    return found


def eur_equivalent(
    amount: Decimal, currency: str, rates: dict[str, ExchangeRate]
) -> Decimal | None:
    if currency == "EUR":
        return amount
    rate = rates.get(currency)
    return to_eur(amount, rate.units_per_eur) if rate else None


def list_strategies_for(agglomeration_ids: list[int]) -> QuerySet[Strategy]:
    return (
        Strategy.objects.filter(agglomeration_id__in=agglomeration_ids)
        .select_related("agglomeration", "current_version")
        .order_by("agglomeration__slug", "-period")
    )


def get_strategy_tree(version: StrategyVersion, *, as_of: date) -> StrategyTree:
    """The whole tree of one version with money and indicators, in a fixed number of queries."""
    rates = _latest(
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


def get_version_history(strategy: Strategy) -> QuerySet[StrategyVersion]:
    return (
        StrategyVersion.objects.filter(strategy=strategy)
        .select_related("created_by", "base_version")
        .order_by("-number", "-id")
    )


# ---- diff ---------------------------------------------------------------------------------


@dataclass
class MoneyChange:
    measure_code: str
    measure_name: str
    objective: str
    source: str
    currency: str
    old: Decimal
    new: Decimal

    @property
    def delta(self) -> Decimal:
        return self.new - self.old


@dataclass
class IndicatorChange:
    measure_code: str
    indicator_code: str
    indicator_name: str
    field: str
    old: Decimal | None
    new: Decimal | None


@dataclass
class StructureChange:
    kind: str  # "added", "removed", "renamed"
    level: str  # "goal", "specific_goal", "measure"
    code: str
    old_name: str
    new_name: str


@dataclass
class VersionDiff:
    old: StrategyVersion
    new: StrategyVersion
    money: list[MoneyChange]
    indicators: list[IndicatorChange]
    structure: list[StructureChange]
    money_delta_by_currency: dict[str, Decimal]

    @property
    def is_empty(self) -> bool:
        return not (self.money or self.indicators or self.structure)


def _money_map(
    version: StrategyVersion,
) -> dict[tuple[str, str, str], tuple[FinancialPlanLine, str]]:
    rows = FinancialPlanLine.objects.filter(version=version).select_related(
        "measure", "specific_objective__programme"
    )
    return {
        (line.measure.code, str(line.specific_objective), line.source): (
            line,
            str(line.measure.name),
        )
        for line in rows
    }


def _named(model: type[Any], version: StrategyVersion) -> dict[str, I18nText]:
    """Names in every language: a change in any language is a rename, shown in the active one."""
    return {
        obj.code: obj.name for obj in model.objects.filter(version=version).only("code", "name")
    }


def diff_versions(old: StrategyVersion, new: StrategyVersion) -> VersionDiff:
    """What changed from `old` to `new`: money per line, indicator values, the tree."""
    old_money, new_money = _money_map(old), _money_map(new)
    money: list[MoneyChange] = []
    delta_by_currency: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for key in sorted(set(old_money) | set(new_money)):
        old_line = old_money.get(key)
        new_line = new_money.get(key)
        old_amount = old_line[0].amount if old_line else ZERO
        new_amount = new_line[0].amount if new_line else ZERO
        if old_amount == new_amount:
            continue
        line, name = new_line or old_line  # type: ignore[misc]
        currency = line.specific_objective.programme.currency
        money.append(
            MoneyChange(
                key[0], name, key[1], line.get_source_display(), currency, old_amount, new_amount
            )
        )
        delta_by_currency[currency] += new_amount - old_amount

    def indicator_map(version: StrategyVersion) -> dict[tuple[str, str], MeasureIndicator]:
        rows = MeasureIndicator.objects.filter(version=version).select_related(
            "measure", "indicator"
        )
        return {(r.measure.code, r.indicator.code): r for r in rows}

    old_ind, new_ind = indicator_map(old), indicator_map(new)
    indicators: list[IndicatorChange] = []
    for ind_key in sorted(set(old_ind) | set(new_ind)):
        before, after = old_ind.get(ind_key), new_ind.get(ind_key)
        ref = after or before
        assert ref is not None  # noqa: S101 - narrows the type; one side always exists
        for fname in ("baseline", "milestone_2024", "target_2029"):
            old_value = getattr(before, fname) if before else None
            new_value = getattr(after, fname) if after else None
            if old_value != new_value:
                indicators.append(
                    IndicatorChange(
                        ind_key[0], ind_key[1], str(ref.indicator.name), fname, old_value, new_value
                    )
                )

    structure: list[StructureChange] = []
    for level, model in (("goal", Goal), ("specific_goal", SpecificGoal), ("measure", Measure)):
        before_names, after_names = _named(model, old), _named(model, new)
        for code in sorted(set(before_names) | set(after_names)):
            if code not in after_names:
                structure.append(
                    StructureChange("removed", level, code, str(before_names[code]), "")
                )
            elif code not in before_names:
                structure.append(StructureChange("added", level, code, "", str(after_names[code])))
            elif before_names[code] != after_names[code]:
                structure.append(
                    StructureChange(
                        "renamed", level, code, str(before_names[code]), str(after_names[code])
                    )
                )

    return VersionDiff(old, new, money, indicators, structure, dict(delta_by_currency))


def get_status_changes(version: StrategyVersion) -> QuerySet[Any]:
    from django.contrib.contenttypes.models import ContentType

    from aglomera.core.models import StatusChange

    return StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(StrategyVersion), object_id=version.pk
    ).select_related("actor")


@dataclass
class OfficeRoleRow:
    specific_objective: SpecificObjective
    role: str
    configured: bool


def list_office_roles(agglomeration_id: int, country: str) -> list[OfficeRoleRow]:
    """Every programme objective of the country with the office's role (default: selects)."""
    configured = {
        row.specific_objective_id: row.role
        for row in OfficeRole.objects.filter(agglomeration_id=agglomeration_id)
    }
    objectives = SpecificObjective.objects.filter(programme__country=country).select_related(
        "programme"
    )
    return [
        OfficeRoleRow(obj, configured.get(obj.pk, OfficeRoleKind.SELECTS), obj.pk in configured)
        for obj in objectives.order_by("-programme__period", "programme__code", "code")
    ]


def office_role_for(agglomeration_id: int, specific_objective_id: int) -> str:
    role = (
        OfficeRole.objects.filter(
            agglomeration_id=agglomeration_id, specific_objective_id=specific_objective_id
        )
        .values_list("role", flat=True)
        .first()
    )
    return role or OfficeRoleKind.SELECTS
