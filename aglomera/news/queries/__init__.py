"""The read side of news (the office's pages); the portal's reads are in
aglomera/portal/queries/news.py."""

from __future__ import annotations

from aglomera.news.queries.news import (
    NewsRow,
    get_item,
    is_public,
    list_news,
    missing_languages,
)

__all__ = ["NewsRow", "get_item", "is_public", "list_news", "missing_languages"]
