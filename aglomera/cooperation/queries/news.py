"""An exchange's news on the members' portals: the items made from it with their state, and the
preview of what publishing it would make (aglomera/cooperation/actions/news.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aglomera.agglomerations.models import Agglomeration
from aglomera.cooperation.actions.news import exchange_news_texts, portal_members
from aglomera.cooperation.models import Exchange
from aglomera.core.collation import sort_key
from aglomera.core.i18n import language_codes
from aglomera.news.models import NewsItem, NewsStatus
from aglomera.news.queries import is_public


@dataclass(frozen=True)
class ExchangeNewsRow:
    item: NewsItem
    public: bool  # on the portal now

    @property
    def waiting(self) -> bool:
        """A draft: on a partner's portal, it waits for that partner's manager."""
        return self.item.status == NewsStatus.DRAFT


def exchange_news(
    exchange: Exchange, agglomeration: Agglomeration, now: datetime
) -> list[ExchangeNewsRow]:
    """The items made from the exchange, the viewing agglomeration's portal first, then by the
    portal's name (1 query)."""
    items = NewsItem.objects.filter(exchange=exchange).select_related("agglomeration")
    ordered = sorted(
        items,
        key=lambda item: (
            item.agglomeration_id != agglomeration.pk,
            sort_key(str(item.agglomeration.name)),
        ),
    )
    return [ExchangeNewsRow(item, is_public(item, now)) for item in ordered]


@dataclass(frozen=True)
class LanguageVersion:
    code: str
    title: str
    lead: str
    body: str


@dataclass(frozen=True)
class PortalPreview:
    agglomeration: Agglomeration
    versions: list[LanguageVersion]  # the portal's own language first
    existing: NewsItem | None  # made by an earlier publication: nothing new is made
    publishes: bool  # the user is its manager: published at once (else a draft waits)


def publish_preview(
    exchange: Exchange, agglomeration: Agglomeration, user: Any
) -> list[PortalPreview]:
    """What publishing the exchange as news would make on each member's portal, the acting
    agglomeration's first (2 queries; the exchange's host and partnership loaded)."""
    texts = exchange_news_texts(exchange)
    existing = {item.agglomeration_id: item for item in NewsItem.objects.filter(exchange=exchange)}
    previews = []
    for member in portal_members(exchange, agglomeration):
        order = dict.fromkeys([member.language, *language_codes()])
        versions = [
            LanguageVersion(
                code,
                texts["title"][code],
                texts["lead"][code],
                texts["body"].get(code, ""),
            )
            for code in order
            if code in texts["title"]
        ]
        previews.append(
            PortalPreview(
                member,
                versions,
                existing.get(member.pk),
                bool(user.has_perm("news.publish", member)),
            )
        )
    return previews
