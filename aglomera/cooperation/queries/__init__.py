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
from aglomera.cooperation.queries.library import (
    LibraryPage,
    card_missing,
    get_card,
    intention_choices,
    list_library,
    own_card,
    public_card,
    public_cards,
    visible_cards,
)
from aglomera.cooperation.queries.news import (
    ExchangeNewsRow,
    PortalPreview,
    exchange_news,
    publish_preview,
)
from aglomera.cooperation.queries.sharing import (
    SharingPage,
    get_shared_strategy,
    is_shared,
    shared_strategies,
    shared_strategy_ids,
    sharing_page,
)

__all__ = [
    "ExchangeNewsRow",
    "LibraryPage",
    "PartnershipPage",
    "PartnershipRow",
    "PortalPreview",
    "ProjectRow",
    "SharingPage",
    "card_missing",
    "exchange_as_of",
    "exchange_missing",
    "exchange_news",
    "get_card",
    "get_exchange",
    "get_partnership",
    "get_shared_strategy",
    "intention_choices",
    "is_shared",
    "list_library",
    "list_partnerships",
    "member_agglomerations",
    "missing_languages",
    "own_card",
    "partnership_of",
    "public_card",
    "public_cards",
    "publish_preview",
    "shared_strategies",
    "shared_strategy_ids",
    "sharing_page",
    "visible_cards",
]
