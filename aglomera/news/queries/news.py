"""The office's side of news: the list with what each item lacks, and one item to edit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count

from aglomera.agglomerations.models import Agglomeration
from aglomera.core.i18n import I18nText, language_codes
from aglomera.core.tenant import get_in_tenant
from aglomera.news.models import PUBLIC_STATUSES, NewsItem, NewsStatus


def missing_languages(item: NewsItem) -> list[str]:
    """The languages in which the title or the lead is missing, or the text while another
    language has one: the marker of a missing translation."""
    texts: list[I18nText] = [item.title, item.lead]
    if item.body:
        texts.append(item.body)
    return [code for code in language_codes() if any(not text.get(code) for text in texts)]


def is_public(item: NewsItem, now: datetime) -> bool:
    return item.status in PUBLIC_STATUSES and item.publish_at is not None and item.publish_at <= now


@dataclass(frozen=True)
class NewsRow:
    item: NewsItem
    photos: int
    missing: list[str]
    public: bool


def list_news(agglomeration: Agglomeration, now: datetime) -> list[NewsRow]:
    """Every item of the agglomeration, drafts first, then by date of publication (1 query)."""
    items = (
        NewsItem.objects.filter(agglomeration=agglomeration)
        .annotate(photo_count=Count("photos"))
        .order_by("-created_at", "-pk")
    )
    rows = [
        NewsRow(item, item.photo_count, missing_languages(item), is_public(item, now))
        for item in items
    ]
    drafts = [row for row in rows if row.item.status == NewsStatus.DRAFT]
    return drafts + [row for row in rows if row.item.status != NewsStatus.DRAFT]


def get_item(agglomeration: Agglomeration, pk: int) -> NewsItem:
    """One item of the agglomeration with its photos and tags (404 for another's)."""
    queryset = NewsItem.objects.select_related(
        "agglomeration", "meeting", "exchange"
    ).prefetch_related("photos", "tags")
    return get_in_tenant(queryset, agglomeration, pk=pk)
