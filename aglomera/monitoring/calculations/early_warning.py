"""Early warning: the EU decommitment rule at the programme's level, the strategy's contribution
to it, payment forecasts and unspent allocation.

The rule (CPR 2021/1060 Art. 105-107; method of the Commission's explanatory note
CPRE_24-0005-01 "N+3 decommitment in 2021-2027 under Articles 105-107", 31 May 2024)
--------------------------------------------------------------------------------------------
Decommitment is decided **per programme, fund and category of region**, never per ITI or per
measure. The programme's EU money is committed in yearly tranches (its financial table). The
tranche of year N must be covered, by 31 December of N+3, by the **initial pre-financing** the
programme received (Art. 90) plus the **EU share of the payment applications** submitted to the
Commission (Art. 91); the 2027 tranche by 31 December 2029 (N+2). Art. 106 lists the
exceptions, Art. 107 the procedure; the managing authority tells the office what the Commission
decommitted.

The test is cumulative. At the deadline of tranche N the amount at risk is

    max(0, tranches of the years up to N
           - pre-financing received by the deadline
           - claims (EU share of payment applications) submitted by the deadline
           - what earlier deadlines already decommitted)

Most programmes have **no 2021 tranche**: they were adopted in 2022, and the 2021 allocations of
shared management not used in 2021 were moved to 2022-2025 (Council Regulation (EU, Euratom)
2020/2093 laying down the MFF 2021-2027, Art. 7, applied in the 2022 technical adjustment of the
MFF). A year without a tranche has no deadline, so their first deadline was 31 December 2025
(the 2022 tranche). Pre-financing (CPR 2021/1060 Art. 90): yearly instalments 2021-2026, each
a percentage of the support from the Funds in the decision approving the programme (0.5 % a year
as adopted; Regulation (EU) 2022/2039, FAST-CARE, added 0.5 points in 2022 and 2023 for the
ERDF, the ESF+ and the Cohesion Fund; a programme adopted late receives the earlier instalments
in its year of adoption). The product stores the **amounts** the programme received per year
(`ProgrammeYear`), as the office enters them, not the rates.

What the office knows, and what it is shown
-------------------------------------------
The office keeps, per programme and fund, the tranches, the pre-financing and the reported
decommitments (`ProgrammeFinancing`, page *Programme tranches*). It does not know the claims of
the whole programme, only its own projects'. So the page shows:

* **Programme level**: the tranches, the pre-financing, and per deadline the N+3 target (what
  the programme's claims must reach: cumulative tranches - pre-financing - earlier reported
  decommitments); the decommitments the managing authority reported. Only these are "lost" /
  "decommitted".
* **The strategy's contribution to the programme's risk**: the strategy takes its **pro-rata
  share** of every tranche, of the pre-financing and of reported decommitments: its EU allocation
  in the programme and fund (financial plan lines with source "EU" of the current version)
  divided by the programme's tranches in total (assumption: the strategy is committed, and its
  pre-financing received, in proportion to its share of the programme). Against it count its
  projects' claims: Payment rows of kind "certified" dated on or before the as-of date (the EU
  share included in payment applications), and, for deadlines still open, rows of kind
  "forecast" dated after the as-of date (the schedules entered with `set_payment_forecast`;
  forecasts dated on or before the as-of date are stale and ignored); a claim counts with the
  full EU amount of the row (assumption). The same test runs for the
  strategy as a whole (its measures pooled, as the programme pools every project) and for each
  measure. What is missing is a **contribution to the programme's risk**, never a loss: other
  projects of the programme may cover it.

Amounts are EU money in the programme currency, rounded half up to the cent when a share is
taken (tranche x allocation / programme total). No EUR conversion: each test stays in one
programme. A programme and fund without tranche data is listed as such; nothing is guessed (no
even spread) and nothing is shown at risk for it.

Each euro once. For a deadline still open, what an earlier open deadline is projected to miss
counts as decommitted there (the Commission would decommit it), so later deadlines do not count
it again. For a deadline passed, only a **reported** decommitment counts (scaled to the share);
without one the programme met its target, the tranche stays committed and the strategy's
uncovered share carries into the next deadline (shown as "not covered at the deadline", not as a
loss). The page's total at risk adds the open deadlines only.

Worked example (``tests/test_early_warning.py``, ``test_the_worked_example_of_the_note``):
tranches 0 / 100 / 120 / 125 / 130 / 135 / 90 (2021-2027), pre-financing received 10.50 (2022),
7.00 (2023), 3.50 (2024, 2025, 2026), claims 20 (2023), 30 (2024), 25 (2025), as of 1 June 2026.
2021 has no tranche and no deadline. The 2022 tranche (31 Dec 2025, passed): 100 - (10.50 + 7 +
3.50 + 3.50) - (20 + 30 + 25) = 100 - 24.50 - 75 = 0.50 short; the managing authority reported
0.50 decommitted. The 2023 tranche (31 Dec 2026, open): 220 - 28 (all pre-financing) - 75 - 0.50
= 116.50 at risk unless claims come. See the tests for more (no 2021 tranche, reported
decommitment shown as lost, the pro-rata contribution, missing data).

Unspent allocation (absorption capacity) per measure and programme: EU allocation minus the EU
support of contracted projects (legal act or later) minus that of the pipeline (submitted and
not yet contracted, not withdrawn, refused or non-compliant).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, Sum
from django.db.models.functions import ExtractYear
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from aglomera.core.i18n import I18nText
from aglomera.core.money import CENT, ZERO
from aglomera.intentions.models import IntentionStatus, ProjectIntention
from aglomera.monitoring.models import (
    Payment,
    PaymentKind,
    ProgrammeYear,
    RegionCategory,
    ReportedDecommitment,
)
from aglomera.strategy.models import FinancialPlanLine, Measure, Period, Source, Strategy

S = IntentionStatus

PERIOD_YEARS: dict[str, tuple[int, ...]] = {
    Period.P2014: tuple(range(2014, 2021)),
    Period.P2021: tuple(range(2021, 2028)),
    Period.P2028: tuple(range(2028, 2035)),
}
# The period whose last commitment year gets N+2 instead of N+3 (CPR 2021/1060 Art. 105).
SHORTENED_LAST_YEAR: dict[str, int] = {Period.P2021: 2027}

CONTRACTED = (
    S.LEGAL_ACT,
    S.IN_IMPLEMENTATION,
    S.PHYSICALLY_COMPLETED,
    S.FINANCIALLY_CLOSED,
    S.SUSTAINABILITY,
)
PIPELINE = (
    S.SUBMITTED,
    S.RETURNED,
    S.FORMAL_CHECK_PASSED,
    S.RECOMMENDED,
    S.NOT_RECOMMENDED,
    S.COMPLIANT,
    S.DEFERRED,
    S.STATEMENT_ISSUED,
    S.APPLICATION_FILED,
)

Amounts = Mapping[int, Decimal]
NOTHING: Amounts = {}


# --- the rule (pure calculations) -----------------------------------------------------------


def deadline_for(year: int, period: str) -> date:
    """31 December of N+3; N+2 for the last commitment year of 2021-2027.

    >>> deadline_for(2022, "2021-2027"), deadline_for(2026, "2021-2027")
    (datetime.date(2025, 12, 31), datetime.date(2029, 12, 31))
    >>> deadline_for(2027, "2021-2027")
    datetime.date(2029, 12, 31)
    """
    years = 2 if SHORTENED_LAST_YEAR.get(period) == year else 3
    return date(year + years, 12, 31)


def _upto(amounts: Amounts, year: int) -> Decimal:
    return sum((amount for y, amount in amounts.items() if y <= year), ZERO)


@dataclass(frozen=True)
class DeadlineCheck:
    """The test of one tranche at its deadline (see the module docstring for the rule)."""

    year: int
    tranche: Decimal  # this year's tranche
    deadline: date
    tranches: Decimal  # the tranches of the years up to this one
    pre_financing: Decimal  # pre-financing received by the deadline
    decommitted_before: Decimal  # what earlier deadlines decommitted (or are projected to)
    claimed: Decimal  # claims submitted by the deadline (passed) or to date (open)
    forecast: Decimal  # claims forecast after the as-of date up to the deadline (open only)
    shortfall: Decimal  # what the claims miss, never negative
    passed: bool
    reported: Decimal = ZERO  # decommitment reported by the managing authority for this tranche

    @property
    def target(self) -> Decimal:
        """What the claims must reach by the deadline (the N+3 target), never negative."""
        return max(ZERO, self.tranches - self.pre_financing - self.decommitted_before)

    @property
    def covered(self) -> Decimal:
        return self.claimed + self.forecast

    @property
    def decommitted(self) -> bool:
        return self.reported > 0

    @property
    def at_risk(self) -> Decimal:
        """Open deadline: what is at risk; a passed deadline risks nothing any more."""
        return ZERO if self.passed else self.shortfall


def check_deadlines(
    tranches: Amounts,
    *,
    period: str,
    as_of: date,
    pre_financing: Amounts = NOTHING,
    claimed_by_year: Amounts = NOTHING,
    forecast_by_year: Amounts = NOTHING,
    decommitted: Amounts = NOTHING,
    project: bool = True,
) -> list[DeadlineCheck]:
    """Test every tranche above zero at its deadline, cumulatively (the note's method).

    `pre_financing`: received per calendar year; `claimed_by_year`: claims dated on or before
    `as_of`, per calendar year; `forecast_by_year`: claims forecast after `as_of`;
    `decommitted`: reported decommitments per tranche year. Deadlines are 31 December, so a
    year's total is either wholly before a deadline or wholly after it. `project`: count what
    an open deadline misses as decommitted at the later deadlines (each euro once); off for the
    programme's own targets, whose claims the office does not know.

    >>> checks = check_deadlines(
    ...     {2021: Decimal(0), 2022: Decimal(100), 2023: Decimal(100)}, period="2021-2027",
    ...     as_of=date(2026, 6, 1), pre_financing={2022: Decimal(3)},
    ...     claimed_by_year={2025: Decimal(90)}, forecast_by_year={2026: Decimal(50)})
    >>> [(c.year, c.target, c.covered, c.shortfall, c.passed) for c in checks]
    [(2022, Decimal('97.00'), Decimal('90.00'), Decimal('7.00'), True), \
(2023, Decimal('197.00'), Decimal('140.00'), Decimal('57.00'), False)]
    """
    claimed_to_date = sum(claimed_by_year.values(), ZERO)
    checks: list[DeadlineCheck] = []
    committed = ZERO
    gone = ZERO  # decommitted (reported) or projected to be, at earlier deadlines
    for year in sorted(tranches):
        tranche = Decimal(tranches[year])
        committed += tranche
        if tranche <= 0:
            continue
        deadline = deadline_for(year, period)
        passed = deadline < as_of
        received = _upto(pre_financing, deadline.year)
        if passed:
            claimed, forecast = _upto(claimed_by_year, deadline.year), ZERO
        else:
            claimed, forecast = claimed_to_date, _upto(forecast_by_year, deadline.year)
        shortfall = max(ZERO, committed - received - claimed - forecast - gone)
        reported = Decimal(decommitted.get(year, ZERO))
        checks.append(
            DeadlineCheck(
                year,
                tranche,
                deadline,
                committed,
                received,
                gone,
                claimed,
                forecast,
                shortfall,
                passed,
                reported,
            )
        )
        if reported > 0:
            gone += reported
        elif project and not passed:
            gone += shortfall
    return checks


def share_of(amounts: Amounts, part: Decimal, whole: Decimal) -> dict[int, Decimal]:
    """Each amount x part / whole, rounded half up to the cent (the pro-rata share).

    >>> share_of({2022: Decimal("100.00"), 2023: Decimal("50.00")}, Decimal(1), Decimal(3))
    {2022: Decimal('33.33'), 2023: Decimal('16.67')}
    """
    return {
        year: (Decimal(amount) * part / whole).quantize(CENT, rounding=ROUND_HALF_UP)
        for year, amount in sorted(amounts.items())
    }


def _money(amount: Decimal, currency: str) -> str:
    return f"{number_format(amount, 2, use_l10n=True, force_grouping=True)} {currency}"


def _day(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def risk_reason(check: DeadlineCheck, currency: str) -> str:
    """Why a share of a tranche is not covered, in words for the list."""
    values = {
        "year": check.year,
        "deadline": _day(check.deadline),
        "target": _money(check.target, currency),
        "claimed": _money(check.claimed, currency),
        "forecast": _money(check.forecast, currency),
    }
    if check.passed:
        return (
            _(
                "By %(deadline)s the claims had to reach %(target)s (the share of the tranches "
                "up to %(year)s, less pre-financing and earlier decommitments); %(claimed)s was "
                "claimed. The managing authority reported no decommitment: other projects of "
                "the programme covered it, and the share stays due at the next deadline."
            )
            % values
        )
    if not check.forecast:
        return (
            _(
                "By %(deadline)s the claims must reach %(target)s (the share of the tranches up "
                "to %(year)s, less pre-financing and earlier decommitments); %(claimed)s is "
                "claimed to date and no claim is forecast before the deadline."
            )
            % values
        )
    return (
        _(
            "By %(deadline)s the claims must reach %(target)s (the share of the tranches up to "
            "%(year)s, less pre-financing and earlier decommitments); %(claimed)s claimed to "
            "date and %(forecast)s forecast before the deadline do not cover it."
        )
        % values
    )


# --- the page (queries) ---------------------------------------------------------------------


class RiskState:
    """What a row of the risk list says (values of `RiskRow.state`)."""

    AT_RISK = "at_risk"  # an open deadline: contribution to the programme's risk
    NOT_COVERED = "not_covered"  # a passed deadline, no decommitment reported
    DECOMMITTED = "decommitted"  # reported by the managing authority


@dataclass
class RiskRow:
    measure_code: str  # "" for a decommitment of the programme
    measure_name: I18nText
    programme: str
    fund: str
    region_category: str
    currency: str
    year: int
    amount: Decimal
    deadline: date
    state: str
    reason: str

    @property
    def decommitted(self) -> bool:
        return self.state == RiskState.DECOMMITTED


@dataclass
class AbsorptionRow:
    measure_code: str
    measure_name: I18nText
    programme: str
    currency: str
    allocation: Decimal = ZERO
    contracted: Decimal = ZERO
    pipeline: Decimal = ZERO

    @property
    def unspent(self) -> Decimal:
        """Allocation not yet taken by projects; negative when the pipeline oversubscribes."""
        return self.allocation - self.contracted - self.pipeline


@dataclass(frozen=True)
class Decommitment:
    """A decommitment the managing authority reported (dated on or before the as-of date)."""

    tranche_year: int
    amount: Decimal
    decided_on: date
    reference: str


@dataclass
class Financing:
    """A programme's money in one fund as the office entered it (`ProgrammeFinancing`)."""

    region_category: str
    shares_only: bool
    tranches: dict[int, Decimal] = field(default_factory=dict)
    pre_financing: dict[int, Decimal] = field(default_factory=dict)
    decommitments: list[Decommitment] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum(self.tranches.values(), ZERO)

    @property
    def decommitted(self) -> dict[int, Decimal]:
        totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
        for item in self.decommitments:
            totals[item.tranche_year] += item.amount
        return dict(totals)

    @property
    def region_category_label(self) -> str:
        if not self.region_category:
            return str(_("category of region not stated"))
        return str(RegionCategory(self.region_category).label)


@dataclass
class Contribution:
    """A share of a programme's tranches (the strategy's or a measure's), tested at each
    deadline against the claims of its projects."""

    allocation: Decimal
    checks: list[DeadlineCheck]

    @property
    def at_risk(self) -> Decimal:
        """Open deadlines only; each euro once (see the module docstring)."""
        return sum((check.at_risk for check in self.checks), ZERO)


@dataclass
class MeasureContribution:
    measure_code: str
    measure_name: I18nText
    contribution: Contribution


@dataclass
class ProgrammeRisk:
    """One programme and fund the strategy draws EU money from, tested at its deadlines."""

    programme_id: int
    programme: str
    fund: str
    currency: str
    allocation: Decimal = ZERO  # the strategy's EU allocation in this programme and fund
    financing: Financing | None = None  # None: the office entered no tranche data
    targets: list[DeadlineCheck] = field(default_factory=list)  # programme level, no claims
    contribution: Contribution | None = None  # the strategy's, its measures pooled
    measures: list[MeasureContribution] = field(default_factory=list)

    @property
    def share(self) -> Decimal | None:
        """The strategy's share of the programme's tranches, in percent (4 decimals); None
        without amounts (no data, or yearly shares only)."""
        if self.financing is None or self.financing.shares_only:
            return None
        return (self.allocation * 100 / self.financing.total).quantize(Decimal("0.0001"))

    @property
    def oversized(self) -> bool:
        """The strategy plans more than the tranches hold: the data need a look."""
        return self.financing is not None and self.allocation > self.financing.total

    @property
    def deadlines(self) -> list[tuple[DeadlineCheck, DeadlineCheck | None]]:
        """Each programme deadline with the strategy's test of it (None: its share of the
        tranche rounds to nothing)."""
        mine = (
            {check.year: check for check in self.contribution.checks} if self.contribution else {}
        )
        return [(target, mine.get(target.year)) for target in self.targets]

    def decommitted_share(self, amount: Decimal) -> Decimal:
        """The strategy's pro-rata share of a reported decommitment."""
        assert self.financing is not None  # noqa: S101 - only asked for financing entered
        return share_of({0: amount}, self.allocation, self.financing.total)[0]


@dataclass
class EarlyWarning:
    strategy: Strategy
    as_of: date
    programmes: list[ProgrammeRisk]  # by programme code and fund
    risks: list[RiskRow]
    absorption: list[AbsorptionRow]

    @property
    def missing(self) -> list[ProgrammeRisk]:
        """Programmes and funds without tranche data: nothing can be said about them."""
        return [item for item in self.programmes if item.financing is None]

    @property
    def at_risk_by_currency(self) -> dict[str, Decimal]:
        """The strategy's contribution to its programmes' risk at open deadlines."""
        totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for item in self.programmes:
            if item.contribution is not None:
                totals[item.currency] += item.contribution.at_risk
        return {currency: total for currency, total in sorted(totals.items()) if total}

    @property
    def decommitted_by_currency(self) -> dict[str, Decimal]:
        """What the managing authorities reported decommitted from the programmes."""
        totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for risk in self.risks:
            if risk.decommitted:
                totals[risk.currency] += risk.amount
        return dict(sorted(totals.items()))

    @property
    def unspent(self) -> list[AbsorptionRow]:
        return [row for row in self.absorption if row.unspent > 0]


Key = tuple[int, str]  # programme id, fund


def get_early_warning(strategy: Strategy, *, as_of: date) -> EarlyWarning:
    """The decommitment test of a strategy's programmes, its contribution to their risk, the
    risk list and absorption, from the strategy's current version.

    Six queries whatever the size: measures, EU plan lines, intentions' support by state,
    payments summed per measure, programme, fund, kind and year, the agglomeration's programme
    years and its reported decommitments.
    """
    version_id = strategy.current_version_id
    names: dict[str, I18nText] = dict(
        Measure.objects.filter(version_id=version_id).values_list("code", "name")
    )
    programmes: dict[int, tuple[str, str]] = {}  # id -> code, currency
    risks: dict[Key, ProgrammeRisk] = {}
    allocations: dict[Key, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    absorption: dict[tuple[str, int], AbsorptionRow] = {}

    def absorption_row(code: str, programme_id: int) -> AbsorptionRow:
        key = (code, programme_id)
        if key not in absorption:
            programme, currency = programmes[programme_id]
            absorption[key] = AbsorptionRow(
                code, names.get(code) or I18nText(), programme, currency
            )
        return absorption[key]

    lines = FinancialPlanLine.objects.filter(version_id=version_id, source=Source.EU).values_list(
        "measure__code",
        "specific_objective__programme_id",
        "specific_objective__programme__code",
        "specific_objective__programme__currency",
        "specific_objective__fund",
        "amount",
    )
    for code, programme_id, programme, currency, fund, amount in lines:
        programmes[programme_id] = (programme, currency)
        absorption_row(code, programme_id).allocation += amount
        key = (programme_id, fund)
        if key not in risks:
            risks[key] = ProgrammeRisk(programme_id, programme, fund, currency)
        risks[key].allocation += amount
        allocations[key][code] += amount

    _absorb(strategy, programmes, absorption_row)
    claimed, forecast = _claims(strategy, as_of)
    financing = _financing(strategy, set(risks), as_of)

    rows: list[RiskRow] = []
    for key, item in risks.items():
        entered = financing.get(key)
        if entered is None or not entered.total:
            continue
        item.financing = entered
        _test(item, strategy.period, as_of, allocations[key], claimed, forecast, names)
        rows.extend(_risk_rows(item, strategy.period))
    rows.sort(key=lambda r: (r.deadline, r.measure_code, r.programme, r.fund, r.year))
    ordered = sorted(risks.values(), key=lambda item: (item.programme, item.fund))
    absorbed = [
        absorption[key] for key in sorted(absorption, key=lambda k: (k[0], programmes[k[1]][0]))
    ]
    return EarlyWarning(strategy, as_of, ordered, rows, absorbed)


def _test(
    item: ProgrammeRisk,
    period: str,
    as_of: date,
    allocations: Mapping[str, Decimal],
    claimed: Mapping[tuple[str, int, str], dict[int, Decimal]],
    forecast: Mapping[tuple[str, int, str], dict[int, Decimal]],
    names: Mapping[str, I18nText],
) -> None:
    """The programme's targets, the strategy's pooled contribution and each measure's."""
    entered = item.financing
    assert entered is not None  # noqa: S101 - called for programmes with data only
    decommitted = entered.decommitted
    item.targets = check_deadlines(
        entered.tranches,
        period=period,
        as_of=as_of,
        pre_financing=entered.pre_financing,
        decommitted=decommitted,
        project=False,
    )

    def contribution(allocation: Decimal, claims: Amounts, forecasts: Amounts) -> Contribution:
        return Contribution(
            allocation,
            check_deadlines(
                share_of(entered.tranches, allocation, entered.total),
                period=period,
                as_of=as_of,
                pre_financing=share_of(entered.pre_financing, allocation, entered.total),
                claimed_by_year=claims,
                forecast_by_year=forecasts,
                decommitted=share_of(decommitted, allocation, entered.total),
            ),
        )

    pooled_claims: dict[int, Decimal] = defaultdict(lambda: ZERO)
    pooled_forecast: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for code in sorted(allocations):
        key = (code, item.programme_id, item.fund)
        claims, forecasts = claimed.get(key, {}), forecast.get(key, {})
        for year, amount in claims.items():
            pooled_claims[year] += amount
        for year, amount in forecasts.items():
            pooled_forecast[year] += amount
        item.measures.append(
            MeasureContribution(
                code,
                names.get(code) or I18nText(),
                contribution(allocations[code], claims, forecasts),
            )
        )
    item.contribution = contribution(item.allocation, pooled_claims, pooled_forecast)


def _risk_rows(item: ProgrammeRisk, period: str) -> Iterable[RiskRow]:
    """The list: each measure's uncovered share per deadline, and the reported decommitments."""
    entered = item.financing
    assert entered is not None  # noqa: S101 - called for programmes with data only
    category, currency = entered.region_category_label, item.currency
    for measure in item.measures:
        for check in measure.contribution.checks:
            if not check.shortfall or check.decommitted:
                continue
            yield RiskRow(
                measure.measure_code,
                measure.measure_name,
                item.programme,
                item.fund,
                category,
                currency,
                check.year,
                check.shortfall,
                check.deadline,
                RiskState.NOT_COVERED if check.passed else RiskState.AT_RISK,
                risk_reason(check, currency),
            )
    for reported in entered.decommitments:
        values = {
            "day": _day(reported.decided_on),
            "reference": reported.reference,
            "share": _money(item.decommitted_share(reported.amount), currency),
        }
        yield RiskRow(
            "",
            I18nText(),
            item.programme,
            item.fund,
            category,
            currency,
            reported.tranche_year,
            reported.amount,
            deadline_for(reported.tranche_year, period),
            RiskState.DECOMMITTED,
            _(
                "Reported by the managing authority on %(day)s (%(reference)s). The strategy's "
                "pro-rata share: %(share)s."
            )
            % values,
        )


def _absorb(strategy: Strategy, programmes: dict[int, tuple[str, str]], row: Any) -> None:
    """Contracted and pipeline EU support per measure and programme (1 query)."""
    support = (
        ProjectIntention.objects.filter(call__strategy=strategy, status__in=CONTRACTED + PIPELINE)
        .values(
            "measure_code",
            "status",
            "call__specific_objective__programme_id",
            "call__specific_objective__programme__code",
            "call__specific_objective__programme__currency",
        )
        .annotate(total=Sum("requested_eu"))
        .order_by()
    )
    for item in support:
        programme_id = item["call__specific_objective__programme_id"]
        programmes[programme_id] = (
            item["call__specific_objective__programme__code"],
            item["call__specific_objective__programme__currency"],
        )
        absorption = row(item["measure_code"], programme_id)
        if item["status"] in CONTRACTED:
            absorption.contracted += item["total"]
        else:
            absorption.pipeline += item["total"]


ClaimKey = tuple[str, int, str]  # measure code, programme id, fund


def _claims(
    strategy: Strategy, as_of: date
) -> tuple[dict[ClaimKey, dict[int, Decimal]], dict[ClaimKey, dict[int, Decimal]]]:
    """Certified amounts dated up to `as_of` and forecast amounts dated after it, per measure,
    programme, fund and year (1 query)."""
    rows = (
        Payment.objects.filter(intention__call__strategy=strategy)
        .filter(
            Q(kind=PaymentKind.CERTIFIED, on__lte=as_of)
            | Q(kind=PaymentKind.FORECAST, on__gt=as_of)
        )
        .annotate(year=ExtractYear("on"))
        .values(
            "intention__measure_code",
            "intention__call__specific_objective__programme_id",
            "intention__call__specific_objective__fund",
            "kind",
            "year",
        )
        .annotate(total=Sum("amount"))
        .order_by()
    )
    claimed: dict[ClaimKey, dict[int, Decimal]] = defaultdict(dict)
    forecast: dict[ClaimKey, dict[int, Decimal]] = defaultdict(dict)
    for item in rows:
        key = (
            item["intention__measure_code"],
            item["intention__call__specific_objective__programme_id"],
            item["intention__call__specific_objective__fund"],
        )
        target = claimed if item["kind"] == PaymentKind.CERTIFIED else forecast
        target[key][item["year"]] = item["total"]
    return claimed, forecast


def _financing(strategy: Strategy, keys: set[Key], as_of: date) -> dict[Key, Financing]:
    """The agglomeration's tranches, pre-financing and reported decommitments (dated on or
    before `as_of`) of the programmes and funds in `keys` (2 queries)."""
    found: dict[Key, Financing] = {}
    years = (
        ProgrammeYear.objects.filter(
            financing__agglomeration_id=strategy.agglomeration_id,
            financing__programme__period=strategy.period,
        )
        .values_list(
            "financing__programme_id",
            "financing__fund",
            "financing__region_category",
            "financing__shares_only",
            "year",
            "tranche",
            "pre_financing",
        )
        .order_by("year")
    )
    for programme_id, fund, category, shares_only, year, tranche, pre_financing in years:
        key = (programme_id, fund)
        if key not in keys:
            continue
        if key not in found:
            found[key] = Financing(category, shares_only)
        found[key].tranches[year] = tranche
        if pre_financing:
            found[key].pre_financing[year] = pre_financing
    reported = ReportedDecommitment.objects.filter(
        financing__agglomeration_id=strategy.agglomeration_id,
        financing__programme__period=strategy.period,
        decided_on__lte=as_of,
    ).values_list(
        "financing__programme_id",
        "financing__fund",
        "tranche_year",
        "amount",
        "decided_on",
        "reference",
    )
    for programme_id, fund, year, amount, decided_on, reference in reported:
        if (programme_id, fund) in found:
            found[(programme_id, fund)].decommitments.append(
                Decommitment(year, amount, decided_on, reference)
            )
    return found
