"""The read side of cooperation (the office's pages)."""

from __future__ import annotations

from aglomera.cooperation.queries.cooperation import (
    PartnershipPage,
    PartnershipRow,
    ProjectRow,
    exchange_as_of,
    exchange_missing,
    get_exchange,
    get_partnership,
    list_partnerships,
    member_agglomerations,
    missing_languages,
    partnership_of,
)

__all__ = [
    "PartnershipPage",
    "PartnershipRow",
    "ProjectRow",
    "exchange_as_of",
    "exchange_missing",
    "get_exchange",
    "get_partnership",
    "list_partnerships",
    "member_agglomerations",
    "missing_languages",
    "partnership_of",
]
