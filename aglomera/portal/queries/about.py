"""The portal's pages about the agglomeration: its documents, its member municipalities and the
dates of its accessibility statement.

Documents are what the product keeps as public records: the approved versions of the strategy
(with who approved them and the resolution), the calls with their terms, and the minutes of
the steering committee's closed meetings (the meeting pages: attendance and resolutions).

Each function runs a fixed number of queries (pinned in tests).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from aglomera.agglomerations.models import Agglomeration, Municipality
from aglomera.calls.models import Call
from aglomera.committee.models import Meeting, MeetingStatus
from aglomera.core.collation import collated
from aglomera.portal.queries.calls import public_calls
from aglomera.strategy.models import StrategyVersion, VersionStatus

# The accessibility statement (Czech act 99/2019 Sb., Polish act of 4 April 2019): when the
# portal was published, and when the statement was prepared by self-assessment (automated
# axe-core checks of every page type plus a manual keyboard and screen-reader review).
PORTAL_PUBLISHED_ON = date(2026, 12, 7)
STATEMENT_PREPARED_ON = date(2026, 12, 7)
STATEMENT_REVIEWED_ON = date(2026, 12, 7)


@dataclass(frozen=True)
class Documents:
    versions: list[StrategyVersion]
    calls: list[Call]
    minutes: list[Meeting]


def documents(agglomeration: Agglomeration) -> Documents:
    """Approved strategy versions, public calls and closed meetings, newest first (three
    queries)."""
    versions = list(
        StrategyVersion.objects.filter(
            strategy__agglomeration=agglomeration, status=VersionStatus.APPROVED
        )
        .select_related("strategy")
        .order_by("-strategy__period", "-number")
    )
    calls = list(public_calls(agglomeration).order_by("-opens_at", "number"))
    minutes = list(
        Meeting.objects.filter(
            committee__agglomeration=agglomeration, status=MeetingStatus.CLOSED
        ).order_by("-starts_at", "-number")
    )
    return Documents(versions, calls, minutes)


@dataclass(frozen=True)
class Municipalities:
    municipalities: list[Municipality]
    population: int  # of those whose population is known
    unknown_population: int

    @property
    def districts(self) -> bool:
        return any(m.district for m in self.municipalities)


def member_municipalities(agglomeration: Agglomeration) -> Municipalities:
    """The member municipalities in the reader's alphabet, with their population (one query)."""
    found = list(Municipality.objects.filter(agglomeration=agglomeration))
    for municipality in found:
        municipality.agglomeration = agglomeration  # kind_label reads its country
    known = [m.population for m in found if m.population is not None]
    return Municipalities(
        collated(found, key=lambda m: m.name), sum(known), len(found) - len(known)
    )
