"""The comparison of a partnership's strategies: each member's strategy side by side in EUR at
the exchange rate of a chosen day, on one money basis (docs/cooperation.md, "Comparison").

The figures are the monitoring dashboard's: each side's money funnel (`money_funnel`, which
reads the strategy's monitoring summary) and its indicators (`indicator_progress`), on the
as-of day. Nothing is replayed or recomputed here except the conversion and the grouping.

The rules:

* **Which strategy** of each member is compared is decided by `compared_strategies` alone.
* **One basis.** The dashboard's summary holds EU support only (allocation = the EU plan lines,
  endorsed = requested EU support, contracted = the EU contribution, paid = the EU share of the
  claims), so that is the one basis offered (`BASES`). A basis the summary does not hold is
  refused, never approximated from another.
* **Whose rate.** Each side is converted with its **own office's** exchange-rate table (it
  states its own figures), at the rate of the as-of day's month as the dashboard uses it: the
  latest rate valid from a day of that month, on or before the day. A month without its own
  rate is never given an older one: that side's EUR figures are unknown and the page says so.
  Every figure of a side, paid money too, is converted at this one rate, so that the shares
  and the per-capita figures of a side rest on one rate (the dashboard converts paid money
  month by month instead; the amounts in the programme currency are the dashboard's).
* **Per capita**: EUR divided by the population of the member municipalities (counties left
  out: their population contains their municipalities'); when a municipality's population is
  unknown, no per-capita figure is given.

Queries: 6, plus each side's funnel and indicators (monitoring/calculations), whatever the
size of the strategies.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, Sum
from django.utils.translation import gettext_lazy as _

from aglomera.agglomerations.models import Agglomeration, Municipality, MunicipalityKind
from aglomera.cooperation.models import Partnership, ShareKind
from aglomera.cooperation.queries.sharing import shared_strategies_filter
from aglomera.core.collation import sort_key
from aglomera.core.money import ZERO
from aglomera.monitoring.calculations.funnel import (
    ALLOCATION,
    CONTRACTED,
    ENDORSED,
    PAID,
    Funnel,
    FunnelFilters,
    money_funnel,
)
from aglomera.monitoring.calculations.indicators import IndicatorRow, indicator_progress
from aglomera.monitoring.models import InterventionFieldMapping
from aglomera.monitoring.queries.dashboard import default_strategy
from aglomera.strategy.models import ExchangeRate, IndicatorCodeSource, Strategy
from aglomera.strategy.queries.rates import eur_equivalent

BASIS_EU = "eu"
# The money bases the dashboard's summary holds (funnel.py: "One basis: EU money").
BASES: dict[str, Any] = {BASIS_EU: _("EU support (the Union contribution)")}

STAGES: tuple[str, ...] = (ALLOCATION, ENDORSED, CONTRACTED, PAID)

# CPR 2021/1060 Art. 5(1); the specific objectives of the ERDF/CF (RSO x.y) and ESF+ (ESO x.y)
# regulations carry the policy objective as their first number.
POLICY_OBJECTIVES: dict[str, Any] = {
    "1": _("PO 1 A more competitive and smarter Europe"),
    "2": _("PO 2 A greener, low-carbon and resilient Europe"),
    "3": _("PO 3 A more connected Europe"),
    "4": _("PO 4 A more social and inclusive Europe"),
    "5": _("PO 5 A Europe closer to citizens"),
}
_POLICY_OBJECTIVE = re.compile(r"^\s*[RE]SO\s*([1-5])\.", re.IGNORECASE)
UNKNOWN = ""  # the group of rows whose policy objective or theme is not known
HUNDRED = Decimal(100)


def policy_objective(objective_code: str) -> str:
    """The policy objective of a programme specific objective written as the regulations do
    ("RSO 2.8" -> "2"); "" when the code does not name one (a programme's own numbering,
    e.g. FEO's "Działanie 2.8", or a 2014-2020 "SC 1.1")."""
    found = _POLICY_OBJECTIVE.match(objective_code)
    return found.group(1) if found else UNKNOWN


def compared_strategies(
    partnership: Partnership, members: list[Agglomeration], reader: Agglomeration | None = None
) -> tuple[dict[int, Strategy | None], set[int]]:
    """Which strategy of each member the comparison shows, by member id, and the members whose
    figures `reader` may not see (1 query).

    Each member's current strategy, as the dashboard chooses it (`default_strategy`: the newest
    period with an approved version). For a `reader`, its own strategy always counts, another
    member's only when that member shares the strategy's dashboard with `partnership`
    (`queries/sharing.py`); a member with an approved strategy that it does not share is
    returned in the second set, its strategy as None (the page says it shares none). Without a reader (the demo's and the
    tests' own checks) nothing is withheld."""
    rows = (
        Strategy.objects.filter(agglomeration__in=[member.pk for member in members])
        .exclude(current_version=None)
        .annotate(
            shared=ExpressionWrapper(
                shared_strategies_filter(partnership, ShareKind.DASHBOARD),
                output_field=BooleanField(),
            )
        )
    )
    found: dict[int, list[Strategy]] = defaultdict(list)
    held_back: set[int] = set()
    for approved in rows:
        if reader is None or approved.agglomeration_id == reader.pk or approved.shared:
            found[approved.agglomeration_id].append(approved)
        else:
            held_back.add(approved.agglomeration_id)
    chosen: dict[int, Strategy | None] = {}
    withheld: set[int] = set()
    for member in members:
        strategy = default_strategy(found[member.pk])
        if strategy is not None:
            strategy.agglomeration = member
        elif member.pk in held_back:
            withheld.add(member.pk)
        chosen[member.pk] = strategy
    return chosen, withheld


@dataclass(frozen=True)
class Population:
    total: int  # of the municipalities whose population is known (counties left out)
    municipalities: int
    unknown: int  # municipalities without a population

    @property
    def known(self) -> bool:
        return self.municipalities > 0 and self.unknown == 0 and self.total > 0


@dataclass
class Side:
    """One member: its strategy, the rates of its currencies and its figures in EUR."""

    agglomeration: Agglomeration
    strategy: Strategy | None
    population: Population
    funnel: Funnel | None = None
    withheld: bool = False  # a partner that shares no strategy's dashboard with the partnership
    # currency -> the office's rate on the day (None: no rate for that day's month)
    rates: dict[str, ExchangeRate | None] = field(default_factory=dict)
    native: dict[str, dict[str, Decimal]] = field(default_factory=dict)  # currency -> stage
    eur: dict[str, Decimal | None] = field(default_factory=dict)  # stage -> EUR
    paid_unknown: int = 0  # contracted intentions whose paid amount is unknown
    indicators: dict[str, IndicatorRow] = field(default_factory=dict)  # EU common code -> row

    @property
    def missing_rates(self) -> list[str]:
        return [currency for currency, rate in self.rates.items() if rate is None]

    @property
    def known_rates(self) -> list[ExchangeRate]:
        return [rate for rate in self.rates.values() if rate is not None]

    @property
    def per_capita(self) -> dict[str, Decimal | None]:
        if not self.population.known:
            return dict.fromkeys(STAGES)
        return {
            stage: None
            if amount is None
            else (amount / self.population.total).quantize(Decimal("0.01"))
            for stage, amount in self.eur.items()
        }


@dataclass
class GroupCell:
    eur: Decimal | None
    share: Decimal | None  # percent of the side's total of the stage


@dataclass
class GroupRow:
    key: str
    label: str
    cells: list[list[GroupCell]]  # per side, per stage (STAGES)
    compared: list[list[GroupCell]]  # the cells of the sides with a strategy


@dataclass
class IndicatorMatch:
    code: str
    name: str
    unit: str
    rows: list[IndicatorRow | None]  # per side


@dataclass
class Comparison:
    partnership: Partnership
    as_of: date
    basis: str
    sides: list[Side]
    objectives: list[GroupRow]
    themes: list[GroupRow]
    indicators: list[IndicatorMatch]

    @property
    def basis_label(self) -> Any:
        return BASES[self.basis]

    @property
    def compared(self) -> list[Side]:
        return [side for side in self.sides if side.strategy is not None]


def _rates(members: list[Agglomeration], as_of: date) -> dict[tuple[int, str], ExchangeRate]:
    """Each office's rate per currency for the as-of day's month (1 query): the latest valid
    from a day of the month on or before the day (the dashboard's `MonthlyRates`)."""
    found: dict[tuple[int, str], ExchangeRate] = {}
    for rate in ExchangeRate.objects.filter(
        agglomeration__in=[member.pk for member in members],
        valid_from__lte=as_of,
        valid_from__gte=as_of.replace(day=1),
    ).order_by("valid_from", "id"):
        found[(rate.agglomeration_id, rate.currency)] = rate
    return found


def _populations(members: list[Agglomeration]) -> dict[int, Population]:
    """The population of each member's municipalities, counties left out (1 query)."""
    counted = ~Q(kind=MunicipalityKind.POWIAT)
    found = {
        row["agglomeration_id"]: Population(row["total"] or 0, row["n"], row["unknown"])
        for row in Municipality.objects.filter(agglomeration__in=[m.pk for m in members])
        .filter(counted)
        .order_by()
        .values("agglomeration_id")
        .annotate(
            total=Sum("population"),
            n=Count("pk"),
            unknown=Count("pk", filter=Q(population=None)),
        )
    }
    return {member.pk: found.get(member.pk, Population(0, 0, 0)) for member in members}


def _themes(members: list[Agglomeration]) -> dict[tuple[int, str, str, str], tuple[str, str]]:
    """The type of intervention each office publishes per programme specific objective
    (CPR Annex I, Table 1): (member, period, programme, objective) -> (code, name) (1 query)."""
    return {
        (
            mapping.agglomeration_id,
            mapping.specific_objective.programme.period,
            mapping.specific_objective.programme.code,
            mapping.specific_objective.code,
        ): (mapping.code.code, str(mapping.code.name))
        for mapping in InterventionFieldMapping.objects.filter(
            agglomeration__in=[m.pk for m in members]
        ).select_related("specific_objective__programme", "code")
    }


def _convert(side: Side, funnel: Funnel, rates: dict[tuple[int, str], ExchangeRate]) -> None:
    """The side's totals per currency at its office's rate, and their sum in EUR."""
    side.eur = dict.fromkeys(STAGES, ZERO)
    for total in funnel.totals:
        rate = rates.get((side.agglomeration.pk, total.currency))
        if total.currency != "EUR":
            side.rates[total.currency] = rate
        side.native[total.currency] = {stage: total.amounts[stage] for stage in STAGES}
        side.paid_unknown += total.unknown[PAID]
        for stage in STAGES:
            side.eur[stage] = _add(
                side.eur[stage], _eur(total.amounts[stage], total.currency, rate)
            )


def _eur(amount: Decimal, currency: str, rate: ExchangeRate | None) -> Decimal | None:
    return eur_equivalent(amount, currency, {currency: rate} if rate is not None else {})


def _add(total: Decimal | None, amount: Decimal | None) -> Decimal | None:
    return None if total is None or amount is None else total + amount


def _share(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if part is None or not whole:
        return None
    return (part * HUNDRED / whole).quantize(Decimal("0.1"))


def _groups(
    sides: list[Side],
    rates: dict[tuple[int, str], ExchangeRate],
    key_of: Any,
    labels: dict[str, str],
    unknown_label: str,
) -> list[GroupRow]:
    """EUR per group and stage for each side, and its share of the side's total."""
    sums: dict[str, list[dict[str, Decimal | None]]] = {}
    for index, side in enumerate(sides):
        if side.funnel is None:
            continue
        for row in side.funnel.rows:
            key = key_of(side, row)
            per_side = sums.setdefault(key, [{} for _side in sides])
            rate = rates.get((side.agglomeration.pk, row.currency))
            for stage in STAGES:
                converted = _eur(row.amounts[stage], row.currency, rate)
                per_side[index][stage] = _add(per_side[index].get(stage, ZERO), converted)
    found: list[GroupRow] = []
    for key, per_side in sums.items():
        cells = [
            [_cell(per_side[index], side, stage) for stage in STAGES]
            for index, side in enumerate(sides)
        ]
        label = labels.get(key, unknown_label) if key else unknown_label
        compared = [cells[index] for index, side in enumerate(sides) if side.strategy is not None]
        found.append(GroupRow(key, label, cells, compared))
    return sorted(found, key=lambda group: (group.key == UNKNOWN, group.key))


def _cell(sums: dict[str, Decimal | None], side: Side, stage: str) -> GroupCell:
    """A side without money in the group has nothing there: zero when its EUR figures are
    known, unknown otherwise (and without a strategy)."""
    total = side.eur.get(stage)
    amount = sums.get(stage, ZERO if total is not None else None)
    return GroupCell(amount, _share(amount, total))


def _matched_indicators(sides: list[Side]) -> list[IndicatorMatch]:
    """The EU common indicators that every compared side's strategy uses, by code."""
    compared = [side for side in sides if side.strategy is not None]
    if len(compared) < 2:
        return []
    common = set.intersection(*(set(side.indicators) for side in compared))
    found: list[IndicatorMatch] = []
    for code in sorted(common):
        indicator = compared[0].indicators[code].indicator
        found.append(
            IndicatorMatch(
                code,
                str(indicator.name),
                str(indicator.unit),
                [side.indicators.get(code) for side in sides],
            )
        )
    return found


def get_comparison(
    partnership: Partnership,
    *,
    as_of: date,
    basis: str = BASIS_EU,
    reader: Agglomeration | None = None,
) -> Comparison:
    """The partnership's strategies side by side on `as_of` (5 queries here, plus each
    strategy's funnel and indicators as the dashboard reads them); for `reader`, a partner's
    figures only when shared (`compared_strategies`)."""
    if basis not in BASES:
        raise ValueError(f"unknown money basis {basis!r}")
    members = sorted(
        (member.agglomeration for member in partnership.members.select_related("agglomeration")),
        key=lambda agglomeration: sort_key(str(agglomeration.name)),
    )
    strategies, withheld = compared_strategies(partnership, members, reader)
    rates = _rates(members, as_of)
    populations = _populations(members)
    themes = _themes(members)
    sides: list[Side] = []
    for member in members:
        strategy = strategies.get(member.pk)
        side = Side(member, strategy, populations[member.pk], withheld=member.pk in withheld)
        if strategy is not None:
            side.funnel = money_funnel(strategy, FunnelFilters(as_of=as_of), agglomeration=member)
            _convert(side, side.funnel, rates)
            progress = indicator_progress(strategy, as_of=as_of)
            side.indicators = {
                row.indicator.code: row
                for row in progress.rows
                if row.indicator.source == IndicatorCodeSource.EU
            }
        sides.append(side)
    by_strategy = {side.agglomeration.pk: side.strategy for side in sides}

    def objective_key(side: Side, row: Any) -> str:
        return policy_objective(row.objective_code)

    def theme_key(side: Side, row: Any) -> str:
        strategy = by_strategy[side.agglomeration.pk]
        period = strategy.period if strategy is not None else ""
        found = themes.get((side.agglomeration.pk, period, row.programme_code, row.objective_code))
        return found[0] if found else UNKNOWN

    theme_labels = {code: f"{code} {name}".strip() for code, name in themes.values()}
    return Comparison(
        partnership,
        as_of,
        basis,
        sides,
        _groups(
            sides,
            rates,
            objective_key,
            {key: str(label) for key, label in POLICY_OBJECTIVES.items()},
            str(_("Policy objective not named by the programme's objective code")),
        ),
        _groups(
            sides,
            rates,
            theme_key,
            theme_labels,
            str(_("Type of intervention not recorded")),
        ),
        _matched_indicators(sides),
    )
