"""The strategies monitoring reports on: those with an approved version."""

from __future__ import annotations

from django.db.models import QuerySet, Subquery

from aglomera.agglomerations.models import Agglomeration
from aglomera.strategy.models import Strategy


def strategies_with_versions(agglomeration: Agglomeration) -> QuerySet[Strategy]:
    """Strategies that have an approved version, the newest period first."""
    return Strategy.objects.filter(
        agglomeration=agglomeration, current_version__isnull=False
    ).order_by("-period")


def current_strategy(agglomeration: Agglomeration) -> Strategy | None:
    """The newest programming period with an approved version (1 query)."""
    return strategies_with_versions(agglomeration).first()


def current_strategy_value(agglomeration: Agglomeration, field: str) -> Subquery:
    """A field of the current strategy (e.g. its current version's id), inside another query."""
    return Subquery(strategies_with_versions(agglomeration).values(field)[:1])
