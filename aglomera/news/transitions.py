"""The workflow of a news item: the one table, its guards and the one way through it.

draft ──schedule──▶ scheduled ──publish now──▶ published ──withdraw──▶ withdrawn
  │                    │  └──back to draft──▶ draft                        │
  └────publish now─────┼──────────────────────▶ published                  │
                       └──withdraw──▶ withdrawn ──back to draft──▶ draft ◀─┘

A scheduled item is public from its `publish_at` on (the portal's query asks the time), so no
job has to flip it at that moment. Publishing now sets `publish_at` to the moment of the step.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from aglomera.core.transitions import Step, Workflow
from aglomera.news.models import NewsItem, NewsStatus

S = NewsStatus

TRANSITIONS: dict[tuple[NewsStatus, NewsStatus], str] = {
    (S.DRAFT, S.SCHEDULED): "news.publish",
    (S.DRAFT, S.PUBLISHED): "news.publish",
    (S.SCHEDULED, S.PUBLISHED): "news.publish",
    (S.SCHEDULED, S.DRAFT): "news.publish",
    (S.SCHEDULED, S.WITHDRAWN): "news.publish",
    (S.PUBLISHED, S.WITHDRAWN): "news.publish",
    (S.WITHDRAWN, S.DRAFT): "news.publish",
}


def _in_the_future(step: Step[NewsItem]) -> None:
    moment = step.data.get("publish_at")
    if moment is None:
        raise ValidationError(
            {"publish_at": ValidationError(_("Choose when the news item is published."), "no_date")}
        )
    if moment <= step.now:
        message = _("Choose a moment in the future, or publish the news item now.")
        raise ValidationError({"publish_at": ValidationError(message, "date_passed")})


def _scheduled_for(step: Step[NewsItem]) -> Iterable[str]:
    step.obj.publish_at = step.data["publish_at"]
    return ["publish_at"]


def _now(step: Step[NewsItem]) -> Iterable[str]:
    step.obj.publish_at = step.now
    return ["publish_at"]


NEWS = Workflow(
    name="news.item",
    model=NewsItem,
    statuses=NewsStatus,
    table=TRANSITIONS,
    agglomeration_id=lambda item: item.agglomeration_id,
    guards={S.SCHEDULED: [_in_the_future]},
    effects={S.SCHEDULED: [_scheduled_for], S.PUBLISHED: [_now]},
    touch=("updated_at",),
)

WORKFLOW = NEWS.name
allowed_transitions = NEWS.allowed
transition = NEWS.step
