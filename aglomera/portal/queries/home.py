"""What a portal's home page and the portal index show (a fixed number of queries)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from aglomera.agglomerations.models import Agglomeration
from aglomera.calls.models import Call, CallStatus
from aglomera.monitoring.calculations.funnel import (
    ALLOCATION,
    CONTRACTED,
    ENDORSED,
    PAID,
    STAGE_LABELS,
    FunnelFilters,
    money_funnel,
)
from aglomera.monitoring.queries.dashboard import default_strategy
from aglomera.news.models import NewsItem
from aglomera.portal.queries.news import latest_news
from aglomera.strategy.models import Strategy

COMING_CALL_STATES = (CallStatus.PLANNED, CallStatus.ANNOUNCED)


GLANCE_STAGES = (ALLOCATION, ENDORSED, CONTRACTED, PAID)


@dataclass(frozen=True)
class Figure:
    label: str
    amount: Decimal
    unknown: int  # projects whose amount is unknown, not in `amount`


@dataclass(frozen=True)
class Glance:
    """Money at a glance in one currency: EU support per stage (funnel.py gives the rules)."""

    currency: str
    figures: list[Figure]


@dataclass(frozen=True)
class PortalHome:
    agglomeration: Agglomeration
    strategy: Strategy | None
    glance: list[Glance]
    calls: list[Call]
    as_of: date
    news: list[NewsItem] = field(default_factory=list)  # the latest public items


def portal_home(agglomeration: Agglomeration) -> PortalHome:
    strategies = list(
        Strategy.objects.filter(agglomeration=agglomeration).exclude(current_version=None)
    )
    strategy = default_strategy(strategies)
    as_of = timezone.localdate()
    glance = []
    if strategy is not None:
        strategy.agglomeration = agglomeration
        funnel = money_funnel(strategy, FunnelFilters(as_of=as_of), agglomeration=agglomeration)
        glance = [
            Glance(
                totals.currency,
                [
                    Figure(
                        str(STAGE_LABELS[stage]),
                        totals.amounts[stage],
                        totals.unknown.get(stage, 0),
                    )
                    for stage in GLANCE_STAGES
                ],
            )
            for totals in funnel.totals
        ]
    calls = list(
        Call.objects.filter(
            agglomeration=agglomeration,
            status__in=COMING_CALL_STATES,
            closes_at__gt=timezone.now(),
        )
        .select_related("specific_objective__programme")
        .order_by("opens_at", "number")[:6]
    )
    news = latest_news(agglomeration, timezone.now())
    return PortalHome(agglomeration, strategy, glance, calls, as_of, news=news)


def portal_index() -> list[Agglomeration]:
    return list(Agglomeration.objects.order_by("slug"))
