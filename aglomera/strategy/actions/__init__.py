"""Every write to the strategy backbone, by area. Views, commands and the demo loader call
these; the names are re-exported here for callers that import the package."""

from __future__ import annotations

from aglomera.strategy.actions.amendments import (
    StaleEdit,
    copy_tree,
    lock_editable_version,
    start_amendment,
)
from aglomera.strategy.actions.codes import add_indicator_code
from aglomera.strategy.actions.editing import (
    add_goal,
    add_specific_goal,
    move_allocation,
    save_integrated_solution,
    save_measure,
    set_measure_indicator,
    set_plan_amount,
)
from aglomera.strategy.actions.office_roles import set_office_role
from aglomera.strategy.actions.rates import set_exchange_rate
from aglomera.strategy.actions.strategies import create_strategy

__all__ = [
    "StaleEdit",
    "add_goal",
    "add_indicator_code",
    "add_specific_goal",
    "copy_tree",
    "create_strategy",
    "lock_editable_version",
    "move_allocation",
    "save_integrated_solution",
    "save_measure",
    "set_exchange_rate",
    "set_measure_indicator",
    "set_office_role",
    "set_plan_amount",
    "start_amendment",
]
