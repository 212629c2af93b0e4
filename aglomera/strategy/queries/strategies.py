"""The strategies of agglomerations."""

from __future__ import annotations

from django.db.models import QuerySet

from aglomera.strategy.models import Strategy


def list_strategies_for(agglomeration_ids: list[int]) -> QuerySet[Strategy]:
    return (
        Strategy.objects.filter(agglomeration_id__in=agglomeration_ids)
        .select_related("agglomeration", "current_version")
        .order_by("agglomeration__slug", "-period")
    )
