"""Every write to news, by area; the names are re-exported here for callers that import the
package."""

from __future__ import annotations

from aglomera.news.actions.meetings import news_from_meeting
from aglomera.news.actions.news import (
    NewsFields,
    add_photo,
    back_to_draft,
    create_news_item,
    create_tag,
    publish_now,
    remove_photo,
    schedule,
    update_news_item,
    withdraw,
)

__all__ = [
    "NewsFields",
    "add_photo",
    "back_to_draft",
    "create_news_item",
    "create_tag",
    "news_from_meeting",
    "publish_now",
    "remove_photo",
    "schedule",
    "update_news_item",
    "withdraw",
]
