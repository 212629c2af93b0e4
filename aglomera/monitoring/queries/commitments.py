"""Reads for the programme tranches: per programme and fund, the yearly EU commitment tranches,
the pre-financing received and the decommitments the managing authority reported, as the
office keeps them (`ProgrammeFinancing`).

The pages list the programmes and funds that the agglomeration's current strategy (the newest
programming period with an approved version) plans EU money from, with that EU allocation,
plus any programme and fund of the same period that already has data, so that no data in use
is hidden. A fixed number of queries whatever the size. Early warning
(aglomera/monitoring/calculations/early_warning.py) reads the data itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from aglomera.agglomerations.models import Agglomeration
from aglomera.core.money import ZERO
from aglomera.monitoring.calculations.early_warning import PERIOD_YEARS
from aglomera.monitoring.models import (
    ProgrammeFinancing,
    ProgrammeYear,
    RegionCategory,
    ReportedDecommitment,
)
from aglomera.monitoring.queries.strategies import current_strategy, current_strategy_value
from aglomera.strategy.models import FinancialPlanLine, Fund, Programme, Source, Strategy

Key = tuple[int, str]  # programme id, fund


@dataclass
class FinancingRow:
    """One programme and fund: the strategy's EU allocation and what the office entered."""

    programme: Programme
    fund: str
    allocation: Decimal = ZERO  # the current strategy's EU money from the programme and fund
    planned: bool = False  # the current strategy plans EU money from it
    financing: ProgrammeFinancing | None = None  # None: no data entered
    tranches: dict[int, Decimal] = field(default_factory=dict)
    pre_financing: dict[int, Decimal] = field(default_factory=dict)
    decommitments: list[ReportedDecommitment] = field(default_factory=list)

    @property
    def years(self) -> tuple[int, ...]:
        return PERIOD_YEARS[self.programme.period]

    @property
    def fund_label(self) -> str:
        return str(Fund(self.fund).label) if self.fund in Fund.values else self.fund

    @property
    def region_category_label(self) -> str:
        category = self.financing.region_category if self.financing is not None else ""
        return str(RegionCategory(category).label) if category else ""

    @property
    def shares_only(self) -> bool:
        return self.financing is not None and self.financing.shares_only

    @property
    def total(self) -> Decimal:
        return sum(self.tranches.values(), ZERO)

    @property
    def pre_financing_total(self) -> Decimal:
        return sum(self.pre_financing.values(), ZERO)

    @property
    def decommitted_total(self) -> Decimal:
        return sum((item.amount for item in self.decommitments), ZERO)

    @property
    def first_tranche_year(self) -> int | None:
        return next((year for year in sorted(self.tranches) if self.tranches[year] > 0), None)


@dataclass
class CommitmentsPage:
    strategy: Strategy | None
    years: tuple[int, ...]  # the years of the strategy's period
    rows: list[FinancingRow]  # by programme code and fund


def _planned(strategy: Strategy) -> dict[Key, Decimal]:
    """EU money of the strategy's current version per programme and fund (1 query)."""
    sums = (
        FinancialPlanLine.objects.filter(version_id=strategy.current_version_id, source=Source.EU)
        .values("specific_objective__programme_id", "specific_objective__fund")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {
        (item["specific_objective__programme_id"], item["specific_objective__fund"]): item["total"]
        for item in sums
    }


def _page(agglomeration: Agglomeration, programme: Programme | None) -> CommitmentsPage:
    strategy = current_strategy(agglomeration)
    if strategy is None:
        return CommitmentsPage(None, (), [])
    planned = _planned(strategy)
    headers = ProgrammeFinancing.objects.filter(
        agglomeration=agglomeration, programme__period=strategy.period
    )
    if programme is not None:
        headers = headers.filter(programme=programme)
        planned = {key: total for key, total in planned.items() if key[0] == programme.pk}
    entered = {(item.programme_id, item.fund): item for item in headers}
    keys = set(planned) | set(entered)
    programmes = {p.pk: p for p in Programme.objects.filter(pk__in={key[0] for key in keys})}
    rows = {
        key: FinancingRow(
            programmes[key[0]],
            key[1],
            allocation=planned.get(key, ZERO),
            planned=key in planned,
            financing=entered.get(key),
        )
        for key in keys
    }
    by_id = {item.pk: rows[key] for key, item in entered.items()}
    for item in ProgrammeYear.objects.filter(financing__in=list(entered.values())).order_by("year"):
        by_id[item.financing_id].tranches[item.year] = item.tranche
        by_id[item.financing_id].pre_financing[item.year] = item.pre_financing
    for reported in ReportedDecommitment.objects.filter(financing__in=list(entered.values())):
        by_id[reported.financing_id].decommitments.append(reported)
    ordered = sorted(rows.values(), key=lambda row: (row.programme.code, row.fund))
    return CommitmentsPage(strategy, PERIOD_YEARS[strategy.period], ordered)


def commitments_page(agglomeration: Agglomeration) -> CommitmentsPage:
    """Every programme and fund with its allocation and data (6 queries: strategy, plan,
    financing, programmes, years, decommitments)."""
    return _page(agglomeration, None)


def programme_page(agglomeration: Agglomeration, programme: Programme) -> CommitmentsPage:
    """The funds of one programme (6 queries, as `commitments_page`)."""
    return _page(agglomeration, programme)


def offered_funds(agglomeration: Agglomeration, programme: Programme) -> set[str]:
    """The funds of `programme` the agglomeration keeps tranches for: those its current
    strategy plans EU money from and those of that period with data already; empty when the
    programme is not the agglomeration's (2 queries)."""
    planned = FinancialPlanLine.objects.filter(
        version_id=current_strategy_value(agglomeration, "current_version_id"),
        source=Source.EU,
        specific_objective__programme=programme,
    ).values_list("specific_objective__fund", flat=True)
    entered = ProgrammeFinancing.objects.filter(
        agglomeration=agglomeration,
        programme=programme,
        programme__period=current_strategy_value(agglomeration, "period"),
    ).values_list("fund", flat=True)
    return set(planned) | set(entered)
