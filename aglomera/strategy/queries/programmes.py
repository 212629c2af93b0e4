"""The programmes an agglomeration draws money from: those of its own country."""

from __future__ import annotations

from django.db.models import QuerySet

from aglomera.agglomerations.models import Agglomeration
from aglomera.strategy.models import SpecificObjective


def objectives_for(
    agglomeration: Agglomeration, *, period: str | None = None
) -> QuerySet[SpecificObjective]:
    """The programme specific objectives of the agglomeration's country (of one programming
    period when given): the only ones its strategy plans money from and its calls draw on."""
    objectives = SpecificObjective.objects.filter(programme__country=agglomeration.country)
    if period is not None:
        objectives = objectives.filter(programme__period=period)
    return objectives.select_related("programme")
