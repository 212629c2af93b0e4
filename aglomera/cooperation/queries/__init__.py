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
from aglomera.cooperation.queries.news import (
    ExchangeNewsRow,
    PortalPreview,
    exchange_news,
    publish_preview,
)

__all__ = [
    "ExchangeNewsRow",
    "PartnershipPage",
    "PartnershipRow",
    "PortalPreview",
    "ProjectRow",
    "exchange_as_of",
    "exchange_missing",
    "exchange_news",
    "get_exchange",
    "get_partnership",
    "list_partnerships",
    "member_agglomerations",
    "missing_languages",
    "partnership_of",
    "publish_preview",
]
