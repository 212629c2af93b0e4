"""What the portal shows of news: only items scheduled or published whose moment of
publication has come, newest first (a fixed number of queries per page)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet

from aglomera.agglomerations.models import Agglomeration
from aglomera.news.models import PUBLIC_STATUSES, NewsItem, NewsPhoto, NewsTag

PER_PAGE = 10
FEED_SIZE = 20
PAGE = re.compile(r"[0-9]{1,6}")  # ASCII digits ("²" is a digit to str.isdigit); not longer


def public_news(agglomeration: Agglomeration, now: datetime) -> QuerySet[NewsItem]:
    return NewsItem.objects.filter(
        agglomeration=agglomeration, status__in=PUBLIC_STATUSES, publish_at__lte=now
    ).order_by("-publish_at", "-pk")


def _with_gallery(queryset: QuerySet[NewsItem]) -> QuerySet[NewsItem]:
    return queryset.prefetch_related(
        Prefetch("tags", queryset=NewsTag.objects.order_by("slug")),
        Prefetch("photos", queryset=NewsPhoto.objects.order_by("order", "pk")),
    )


@dataclass(frozen=True)
class NewsList:
    page: Page[Any]
    tags: list[NewsTag]
    tag: NewsTag | None


def page_number(raw: str | None) -> int:
    """A page number from the query string: anything but a short positive number is page 1."""
    text = (raw or "").strip()
    if not PAGE.fullmatch(text):
        return 1
    return max(int(text), 1)


def news_list(
    agglomeration: Agglomeration, now: datetime, *, tag: str | None, page: str | None
) -> NewsList:
    """One page of the public news, filtered by a tag's short name (an unknown tag is ignored).
    Queries: the tags, the count, the page, its tags and its photos (5; 4 on an empty list)."""
    # Only tags of published news: a tag made for a draft would announce it.
    tags = list(
        NewsTag.objects.filter(
            agglomeration=agglomeration, items__in=public_news(agglomeration, now)
        )
        .distinct()
        .order_by("slug")
    )
    chosen = next((t for t in tags if t.slug == (tag or "")), None)
    queryset = public_news(agglomeration, now)
    if chosen is not None:
        queryset = queryset.filter(tags=chosen)
    paginator = Paginator(_with_gallery(queryset), PER_PAGE)
    return NewsList(paginator.get_page(page_number(page)), tags, chosen)


def news_item(agglomeration: Agglomeration, pk: int, now: datetime) -> NewsItem | None:
    """A public item with its tags and photos (3 queries), or None."""
    return _with_gallery(public_news(agglomeration, now)).filter(pk=pk).first()


def latest_news(agglomeration: Agglomeration, now: datetime, limit: int = 3) -> list[NewsItem]:
    """The newest public items for the home page (1 query)."""
    return list(public_news(agglomeration, now)[:limit])


def feed_items(agglomeration: Agglomeration, now: datetime) -> list[NewsItem]:
    """The newest public items for the Atom feed, with their tags (2 queries)."""
    return list(
        public_news(agglomeration, now).prefetch_related(
            Prefetch("tags", queryset=NewsTag.objects.order_by("slug"))
        )[:FEED_SIZE]
    )


def public_photo(agglomeration: Agglomeration, pk: int, now: datetime) -> NewsPhoto | None:
    """A photo of a public item (1 query), or None."""
    return NewsPhoto.objects.filter(
        pk=pk,
        item__agglomeration=agglomeration,
        item__status__in=PUBLIC_STATUSES,
        item__publish_at__lte=now,
    ).first()
