"""Every write to cooperation, by area; the names are re-exported here for callers that import
the package."""

from __future__ import annotations

from aglomera.cooperation.actions.common import StaleEdit
from aglomera.cooperation.actions.exchanges import (
    ExchangeFields,
    create_exchange,
    snapshot,
    update_exchange,
)
from aglomera.cooperation.actions.partnerships import (
    PartnershipFields,
    ProjectFields,
    create_partnership,
    create_project,
    set_budget,
)

__all__ = [
    "ExchangeFields",
    "PartnershipFields",
    "ProjectFields",
    "StaleEdit",
    "create_exchange",
    "create_partnership",
    "create_project",
    "set_budget",
    "snapshot",
    "update_exchange",
]
