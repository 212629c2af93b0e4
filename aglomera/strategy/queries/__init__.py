"""The read side of the strategy, by area; the names are re-exported here for callers that
import the package."""

from __future__ import annotations

from aglomera.strategy.queries.office_roles import OfficeRoleRow, list_office_roles, office_role_for
from aglomera.strategy.queries.rates import eur_equivalent, latest_rates, rates_on
from aglomera.strategy.queries.strategies import list_strategies_for
from aglomera.strategy.queries.tree import (
    GoalNode,
    MeasureNode,
    Money,
    ProgrammeRow,
    SpecificGoalNode,
    StrategyTree,
    Totals,
    get_strategy_tree,
)
from aglomera.strategy.queries.versions import (
    IndicatorChange,
    MoneyChange,
    StructureChange,
    VersionDiff,
    diff_versions,
    get_status_changes,
    get_version_history,
)

__all__ = [
    "GoalNode",
    "IndicatorChange",
    "MeasureNode",
    "Money",
    "MoneyChange",
    "OfficeRoleRow",
    "ProgrammeRow",
    "SpecificGoalNode",
    "StrategyTree",
    "StructureChange",
    "Totals",
    "VersionDiff",
    "diff_versions",
    "eur_equivalent",
    "get_status_changes",
    "get_strategy_tree",
    "get_version_history",
    "latest_rates",
    "list_office_roles",
    "list_strategies_for",
    "office_role_for",
    "rates_on",
]
