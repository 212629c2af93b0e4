"""The read side of what the list of operations (CPR 2021/1060 Art. 49(3)) publishes of an
intention: its purpose and achievements as published, their fallbacks, and its contractors.

Each function runs a fixed number of queries whatever the amount of data (pinned in tests).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from aglomera.intentions.models import (
    Contractor,
    IntentionIndicator,
    IntentionStatus,
    ProjectIntention,
)
from aglomera.monitoring.reports import art49

S = IntentionStatus
# From the legal act on, an operation is selected for support and the list publishes it.
PUBLISHED_FROM = (
    S.LEGAL_ACT,
    S.IN_IMPLEMENTATION,
    S.PHYSICALLY_COMPLETED,
    S.FINANCIALLY_CLOSED,
    S.SUSTAINABILITY,
)


def contractors_of(intention: ProjectIntention) -> QuerySet[Contractor]:
    """The intention's contractors, for `get_in_tenant` (one query)."""
    return Contractor.objects.filter(intention=intention).select_related(
        "intention__call__agglomeration"
    )


@dataclass(frozen=True)
class ContractorLine:
    contractor: Contractor
    identifier: str  # as the list writes it, e.g. "IČO 00301825"


@dataclass
class PublicationPage:
    intention: ProjectIntention
    contractors: list[ContractorLine]
    indicators: list[IntentionIndicator]

    @property
    def selected(self) -> bool:
        """Whether the list of operations publishes the intention (from its legal act on)."""
        return self.intention.status in PUBLISHED_FROM


def get_publication_page(intention: ProjectIntention) -> PublicationPage:
    """The contractors and the committed indicators (the achievements' fallback): two queries."""
    contractors = list(
        Contractor.objects.filter(intention=intention)
        .select_related("added_by")
        .order_by("name", "id")
    )
    lines = []
    for contractor in contractors:
        contractor.intention = intention
        shown = art49.identifier(contractor.country, contractor.identifier)
        lines.append(ContractorLine(contractor, shown))
    indicators = list(
        IntentionIndicator.objects.filter(intention=intention)
        .select_related("indicator")
        .order_by("indicator__code")
    )
    return PublicationPage(intention, lines, indicators)
