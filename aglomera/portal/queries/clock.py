"""When the portal's pages change by the clock alone, with nobody writing anything: a scheduled
news item goes public at its `publish_at`, a call opens and closes, and the figures "as of
today" move on at midnight in each agglomeration's time zone."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Min, Q
from django.utils import timezone

from aglomera.agglomerations.models import Agglomeration
from aglomera.calls.models import Call
from aglomera.core.tenant import zone_of
from aglomera.news.models import NewsItem, NewsStatus


def next_clock_change(now: datetime) -> datetime:
    """The first moment after `now` at which some public page shows something else (3 queries)."""
    moments = [_next_midnight(now, zone) for zone in _zones()]
    moments.append(
        NewsItem.objects.filter(status=NewsStatus.SCHEDULED, publish_at__gt=now).aggregate(
            first=Min("publish_at")
        )["first"]
    )
    calls = Call.objects.aggregate(
        opens=Min("opens_at", filter=Q(opens_at__gt=now)),
        closes=Min("closes_at", filter=Q(closes_at__gt=now)),
    )
    moments.extend(calls.values())
    return min(moment for moment in moments if moment is not None)


def _zones() -> set[str]:
    zones = set(Agglomeration.objects.values_list("time_zone", flat=True).distinct())
    return zones or {"UTC"}


def _next_midnight(now: datetime, zone_name: str) -> datetime:
    zone = zone_of(zone_name)
    tomorrow = timezone.localdate(now, timezone=zone) + timedelta(days=1)
    return datetime(tomorrow.year, tomorrow.month, tomorrow.day, tzinfo=zone)
