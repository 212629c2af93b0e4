"""Reads for the commitment profiles: the share of a programme's EU money committed in each year.

The page lists the programmes that the agglomeration's current strategy (the newest programming
period with an approved version) plans EU money from, with that EU allocation, plus any
programme of the same period that the agglomeration has already given a profile, so that no
profile in use is hidden. Fixed number of queries (four), whatever the size of the strategy.
Early warning (aglomera/monitoring/calculations/early_warning.py) reads the profiles itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from aglomera.agglomerations.models import Agglomeration
from aglomera.core.money import ZERO
from aglomera.monitoring.calculations.early_warning import PERIOD_YEARS, commitment_schedule
from aglomera.monitoring.models import CommitmentProfile
from aglomera.monitoring.queries.strategies import current_strategy, current_strategy_value
from aglomera.strategy.models import FinancialPlanLine, Programme, Source, Strategy


@dataclass
class ProfileRow:
    programme: Programme
    allocation: Decimal = ZERO  # the current strategy's EU money from the programme
    planned: bool = False  # the current strategy plans EU money from the programme
    shares: dict[int, Decimal] = field(default_factory=dict)  # as entered; empty: even spread

    @property
    def years(self) -> tuple[int, ...]:
        return PERIOD_YEARS[self.programme.period]

    @property
    def profiled(self) -> bool:
        return bool(self.shares)

    @property
    def commitments(self) -> dict[int, Decimal]:
        """The allocation committed per year: by the profile, else evenly (as early warning)."""
        return commitment_schedule(self.allocation, self.programme.period, shares=self.shares)


@dataclass
class CommitmentsPage:
    strategy: Strategy | None
    years: tuple[int, ...]  # the years of the strategy's period (the columns)
    rows: list[ProfileRow]


def _planned(strategy: Strategy | None) -> dict[int, Decimal]:
    """EU money of the strategy's current version per programme id (1 query)."""
    if strategy is None:
        return {}
    sums = (
        FinancialPlanLine.objects.filter(version_id=strategy.current_version_id, source=Source.EU)
        .values("specific_objective__programme_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {item["specific_objective__programme_id"]: item["total"] for item in sums}


def _profiles(
    agglomeration: Agglomeration, strategy: Strategy | None
) -> dict[int, dict[int, Decimal]]:
    """The agglomeration's shares per programme of the strategy's period (1 query)."""
    if strategy is None:
        return {}
    profiles: dict[int, dict[int, Decimal]] = {}
    rows = CommitmentProfile.objects.filter(
        agglomeration=agglomeration, programme__period=strategy.period
    ).values_list("programme_id", "year", "share")
    for programme_id, year, share in rows:
        profiles.setdefault(programme_id, {})[year] = share
    return profiles


def commitments_page(agglomeration: Agglomeration) -> CommitmentsPage:
    """Programmes with their EU allocation and profile (4 queries: strategy, plan, profiles,
    programmes)."""
    strategy = current_strategy(agglomeration)
    planned = _planned(strategy)
    profiles = _profiles(agglomeration, strategy)
    ids = set(planned) | set(profiles)
    programmes = Programme.objects.filter(pk__in=ids).order_by("code")
    rows = [
        ProfileRow(
            programme,
            allocation=planned.get(programme.pk, ZERO),
            planned=programme.pk in planned,
            shares=dict(sorted(profiles.get(programme.pk, {}).items())),
        )
        for programme in programmes
    ]
    years = PERIOD_YEARS[strategy.period] if strategy is not None else ()
    return CommitmentsPage(strategy, years, rows)


def profile_programmes(agglomeration: Agglomeration) -> QuerySet[Programme]:
    """Programmes the agglomeration may give a profile: those its current strategy plans EU
    money from and those of that period it has given one already (the choices of the form;
    read when used)."""
    planned = FinancialPlanLine.objects.filter(
        version_id=current_strategy_value(agglomeration, "current_version_id"), source=Source.EU
    ).values("specific_objective__programme_id")
    profiled = CommitmentProfile.objects.filter(
        agglomeration=agglomeration,
        programme__period=current_strategy_value(agglomeration, "period"),
    ).values("programme_id")
    return Programme.objects.filter(Q(pk__in=planned) | Q(pk__in=profiled))


def programme_ids(agglomeration: Agglomeration) -> set[int]:
    """The ids of `profile_programmes` (1 query)."""
    return set(profile_programmes(agglomeration).values_list("pk", flat=True))
