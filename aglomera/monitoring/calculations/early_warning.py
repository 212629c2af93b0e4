"""Early warning: the EU decommitment rule, payment forecasts and unspent allocation.

The rule implemented (CPR 2021/1060 Art. 105, as domain.md section 6 states it)
--------------------------------------------------------------------------------
EU money committed to a programme in year N must be claimed (certified to the Commission) by
31 December of year N+3. The commitment of the last year of the 2021-2027 period (2027) must be
claimed by the end of N+2 (31 December 2029). Other periods use N+3 for every year.

Assumptions, stated because the data do not say more:

* **Yearly commitments.** The commitment of a measure in a programme is its EU allocation in the
  financial plan of the strategy's current version (lines with source "EU" of the programme's
  specific objectives), spread over the period's years by the programme's **commitment
  profile**: the share in percent of the programme's EU money committed in each year (the
  yearly tranches of the programme's financial table), which the office enters per
  agglomeration and programme (`CommitmentProfile`, page *Commitment profiles*). Year N's
  commitment is allocation x share_N / 100, rounded down to the cent; the rounding remainder
  goes to the last year with a share above zero. The profile is assumed to be the same for
  every measure of the programme (the financial table is per programme, not per measure). A
  programme without a profile is spread evenly over the period's years (2021-2027: seven equal
  parts, to the cent; the rounding remainder goes to the last year), and the page says which
  spread each programme uses.
* **Claims.** Payment rows of kind "certified" count as claimed on their date when that date is
  on or before the as-of date. Rows of kind "forecast" dated after the as-of date are the
  expected claims (the schedule entered with `set_payment_forecast`); forecasts dated on or
  before the as-of date are stale and ignored. All amounts are the EU contribution in the
  programme currency; no EUR conversion is needed because every row stays in one programme.
* **Cumulative, each euro lost once.** The test at each deadline is cumulative: everything
  committed up to year N, minus what earlier deadlines already lost (or are projected to lose),
  must be covered by the claims by the deadline. What is missing is attributed to year N but
  never more than year N's own commitment, so a shortfall is never counted twice.
* **At risk vs lost.** For a deadline on or after the as-of date the amount at risk is
  `due - (certified to date + forecast certified before the deadline)`, never negative. For a
  deadline already passed only what was certified by the deadline counts, and the shortfall is
  reported as lost (decommitted).

Worked example (measure 2.1.1 in IROP, EU allocation 7,000,000.00 CZK, as of 1 June 2025):
commitments are 1,000,000.00 per year 2021-2027; deadlines 2021 -> 31 Dec 2024, 2022 -> 2025,
..., 2026 -> 2029 and 2027 -> 2029 (N+2). With 600,000.00 certified in 2024 the 2021 check
(deadline passed) loses 400,000.00. The 2022 check then needs 2,000,000.00 - 400,000.00 =
1,600,000.00 by 31 Dec 2025: with 600,000.00 certified to date and 500,000.00 forecast in
2025, 500,000.00 is at risk. With an IROP commitment profile of 0/10/20/20/20/15/15 % instead
(0.00, 700,000.00, 1,400,000.00 x 3, 1,050,000.00 x 2), the same payments lose nothing: 2021
commits nothing and the 1,100,000.00 certified or forecast covers the 700,000.00 due by the end
of 2025; the first shortfall is 1,000,000.00 of the 2023 commitment, at risk by 31 Dec 2026
(`test_the_worked_example_with_a_commitment_profile`). See `tests/test_early_warning.py` for
these and more.

Unspent allocation (absorption capacity) per measure and programme: EU allocation minus the EU
support of contracted projects (legal act or later) minus that of the pipeline (submitted and
not yet contracted, not withdrawn, refused or non-compliant).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.db.models import Q, Sum
from django.db.models.functions import ExtractYear
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from aglomera.core.i18n import I18nText
from aglomera.core.money import CENT, ZERO
from aglomera.intentions.models import IntentionStatus, ProjectIntention
from aglomera.monitoring.models import CommitmentProfile, Payment, PaymentKind
from aglomera.strategy.models import FinancialPlanLine, Measure, Period, Source, Strategy

S = IntentionStatus

PERIOD_YEARS: dict[str, tuple[int, ...]] = {
    Period.P2014: tuple(range(2014, 2021)),
    Period.P2021: tuple(range(2021, 2028)),
    Period.P2028: tuple(range(2028, 2035)),
}
# The period whose last commitment year gets N+2 instead of N+3.
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


# --- the rule (pure calculations) -----------------------------------------------------------


def deadline_for(year: int, period: str) -> date:
    """31 December of N+3; N+2 for the last commitment year of 2021-2027.

    >>> deadline_for(2021, "2021-2027"), deadline_for(2026, "2021-2027")
    (datetime.date(2024, 12, 31), datetime.date(2029, 12, 31))
    >>> deadline_for(2027, "2021-2027")
    datetime.date(2029, 12, 31)
    """
    years = 2 if SHORTENED_LAST_YEAR.get(period) == year else 3
    return date(year + years, 12, 31)


def spread_evenly(total: Decimal, years: Iterable[int]) -> dict[int, Decimal]:
    """Equal parts to the cent (rounded down); the remainder goes to the last year.

    >>> spread_evenly(Decimal("100.00"), [2021, 2022, 2023])
    {2021: Decimal('33.33'), 2022: Decimal('33.33'), 2023: Decimal('33.34')}
    """
    ordered = sorted(years)
    part = (total / len(ordered)).quantize(CENT, rounding=ROUND_DOWN)
    result = {year: part for year in ordered}
    result[ordered[-1]] = total - part * (len(ordered) - 1)
    return result


def spread_by_shares(total: Decimal, shares: Mapping[int, Decimal]) -> dict[int, Decimal]:
    """Each year's share in percent of the total, rounded down to the cent; the remainder goes
    to the last year with a share above zero (as `spread_evenly` gives it to the last year).

    >>> spread_by_shares(Decimal("100.01"), {2021: Decimal(0), 2022: Decimal(50),
    ...                                      2023: Decimal(50), 2024: Decimal(0)})
    {2021: Decimal('0.00'), 2022: Decimal('50.00'), 2023: Decimal('50.01'), 2024: Decimal('0.00')}
    """
    ordered = sorted(shares)
    result = {
        year: (total * Decimal(shares[year]) / 100).quantize(CENT, rounding=ROUND_DOWN)
        for year in ordered
    }
    last = max(year for year in ordered if shares[year] > 0)
    result[last] += total - sum(result.values(), ZERO)
    return result


def commitment_schedule(
    total: Decimal,
    period: str,
    per_year: Mapping[int, Decimal] | None = None,
    *,
    shares: Mapping[int, Decimal] | None = None,
) -> dict[int, Decimal]:
    """Commitments per year: the per-year plan when there is one, else the total spread by the
    programme's commitment profile (shares in percent), else an even spread.

    >>> commitment_schedule(Decimal("10.00"), "2021-2027", shares={2021: Decimal(30),
    ...                     2022: Decimal(70)})
    {2021: Decimal('3.00'), 2022: Decimal('7.00')}
    """
    if per_year:
        return {year: Decimal(per_year[year]) for year in sorted(per_year)}
    if shares and any(share > 0 for share in shares.values()):
        return spread_by_shares(total, shares)
    return spread_evenly(total, PERIOD_YEARS[period])


@dataclass(frozen=True)
class DeadlineCheck:
    """The test of one commitment year at its deadline."""

    year: int
    commitment: Decimal
    deadline: date
    due: Decimal  # committed up to this year, minus what earlier deadlines lose
    certified: Decimal  # certified by the deadline (passed) or to date (open)
    forecast: Decimal  # forecast certified after the as-of date up to the deadline
    shortfall: Decimal  # this year's money lost (passed) or at risk (open), never negative
    passed: bool

    @property
    def covered(self) -> Decimal:
        return self.certified + self.forecast


def check_decommitment(
    commitments: Mapping[int, Decimal],
    *,
    period: str,
    as_of: date,
    certified_by_year: Mapping[int, Decimal],
    forecast_by_year: Mapping[int, Decimal],
) -> list[DeadlineCheck]:
    """Test every commitment year at its deadline (see the module docstring for the rule).

    `certified_by_year` holds certified amounts dated on or before `as_of`, per calendar year;
    `forecast_by_year` forecast amounts dated after `as_of`. Deadlines are 31 December, so a
    year's total is either wholly before a deadline or wholly after it.

    >>> checks = check_decommitment(
    ...     {2021: Decimal(100), 2022: Decimal(100)}, period="2014-2020", as_of=date(2025, 6, 1),
    ...     certified_by_year={2024: Decimal(60)}, forecast_by_year={2025: Decimal(50)})
    >>> [(c.year, c.due, c.covered, c.shortfall, c.passed) for c in checks]
    [(2021, Decimal('100.00'), Decimal('60.00'), Decimal('40.00'), True), \
(2022, Decimal('160.00'), Decimal('110.00'), Decimal('50.00'), False)]
    """
    certified_to_date = sum(certified_by_year.values(), ZERO)
    checks: list[DeadlineCheck] = []
    committed = ZERO
    lost = ZERO
    for year in sorted(commitments):
        commitment = Decimal(commitments[year])
        committed += commitment
        deadline = deadline_for(year, period)
        passed = deadline < as_of
        if passed:
            certified = sum(
                (amount for y, amount in certified_by_year.items() if y <= deadline.year), ZERO
            )
            forecast = ZERO
        else:
            certified = certified_to_date
            forecast = sum(
                (amount for y, amount in forecast_by_year.items() if y <= deadline.year), ZERO
            )
        due = committed - lost
        shortfall = min(commitment, max(ZERO, due - certified - forecast))
        lost += shortfall
        checks.append(
            DeadlineCheck(year, commitment, deadline, due, certified, forecast, shortfall, passed)
        )
    return checks


def _money(amount: Decimal, currency: str) -> str:
    return f"{number_format(amount, 2, use_l10n=True, force_grouping=True)} {currency}"


def risk_reason(check: DeadlineCheck, currency: str) -> str:
    """Why a year's money is lost or at risk, in words for the list."""
    values = {
        "year": check.year,
        "deadline": check.deadline.isoformat(),
        "due": _money(check.due, currency),
        "certified": _money(check.certified, currency),
        "forecast": _money(check.forecast, currency),
    }
    if check.passed:
        return (
            _(
                "The deadline %(deadline)s for the %(year)s commitment has passed: %(due)s was "
                "due and only %(certified)s was certified by then."
            )
            % values
        )
    if not check.forecast:
        return (
            _(
                "%(due)s must be certified by %(deadline)s; %(certified)s is certified to date "
                "and no payment is forecast before the deadline."
            )
            % values
        )
    return (
        _(
            "%(due)s must be certified by %(deadline)s; %(certified)s certified to date and "
            "%(forecast)s forecast before the deadline do not cover it."
        )
        % values
    )


# --- the page (queries) ---------------------------------------------------------------------


@dataclass
class RiskRow:
    measure_code: str
    measure_name: I18nText
    programme: str
    currency: str
    year: int
    amount: Decimal
    deadline: date
    lost: bool  # the deadline has passed: the money is decommitted, not only at risk
    reason: str


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


@dataclass
class MeasureProgramme:
    """One measure's money in one programme: its yearly checks and absorption."""

    absorption: AbsorptionRow
    checks: list[DeadlineCheck] = field(default_factory=list)


@dataclass
class ProgrammeSpread:
    """How the EU money of one programme of the strategy is spread over the years."""

    programme_id: int
    programme: str
    shares: dict[int, Decimal] = field(default_factory=dict)  # the profile; empty: evenly

    @property
    def profiled(self) -> bool:
        """True when the office entered a commitment profile ("as entered"), else even."""
        return bool(self.shares)


@dataclass
class EarlyWarning:
    strategy: Strategy
    as_of: date
    rows: list[MeasureProgramme]
    risks: list[RiskRow]
    spreads: list[ProgrammeSpread] = field(default_factory=list)  # per programme, by code

    @property
    def at_risk_by_currency(self) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for risk in self.risks:
            if not risk.lost:
                totals[risk.currency] += risk.amount
        return dict(sorted(totals.items()))

    @property
    def lost_by_currency(self) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for risk in self.risks:
            if risk.lost:
                totals[risk.currency] += risk.amount
        return dict(sorted(totals.items()))

    @property
    def unspent(self) -> list[AbsorptionRow]:
        return [row.absorption for row in self.rows if row.absorption.unspent > 0]


def get_early_warning(strategy: Strategy, *, as_of: date) -> EarlyWarning:
    """Decommitment checks, the at-risk list and absorption of a strategy's current version.

    Five queries whatever the size: measures, EU plan lines, intentions' support by state,
    payments summed per measure, programme, kind, year and side of the as-of date, and the
    agglomeration's commitment profiles of the period's programmes.
    """
    version_id = strategy.current_version_id
    names: dict[str, I18nText] = dict(
        Measure.objects.filter(version_id=version_id).values_list("code", "name")
    )
    keyed: dict[tuple[str, int], MeasureProgramme] = {}
    programmes: dict[int, tuple[str, str]] = {}

    def row(code: str, programme_id: int) -> MeasureProgramme:
        key = (code, programme_id)
        if key not in keyed:
            programme, currency = programmes[programme_id]
            name = names.get(code) or I18nText()
            keyed[key] = MeasureProgramme(AbsorptionRow(code, name, programme, currency))
        return keyed[key]

    lines = FinancialPlanLine.objects.filter(version_id=version_id, source=Source.EU).values_list(
        "measure__code",
        "specific_objective__programme_id",
        "specific_objective__programme__code",
        "specific_objective__programme__currency",
        "amount",
    )
    for code, programme_id, programme, currency, amount in lines:
        programmes[programme_id] = (programme, currency)
        row(code, programme_id).absorption.allocation += amount
    spreads = {
        programme_id: ProgrammeSpread(programme_id, programmes[programme_id][0])
        for programme_id in programmes
    }
    profiles = CommitmentProfile.objects.filter(
        agglomeration_id=strategy.agglomeration_id, programme__period=strategy.period
    ).values_list("programme_id", "year", "share")
    for programme_id, year, share in profiles:
        if programme_id in spreads:
            spreads[programme_id].shares[year] = share

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
        absorption = row(item["measure_code"], programme_id).absorption
        if item["status"] in CONTRACTED:
            absorption.contracted += item["total"]
        else:
            absorption.pipeline += item["total"]

    certified: dict[tuple[str, int], dict[int, Decimal]] = defaultdict(dict)
    forecast: dict[tuple[str, int], dict[int, Decimal]] = defaultdict(dict)
    for item in _payment_sums(strategy, as_of):
        key = (
            item["intention__measure_code"],
            item["intention__call__specific_objective__programme_id"],
        )
        target = certified if item["kind"] == PaymentKind.CERTIFIED else forecast
        target[key][item["year"]] = item["total"]

    risks: list[RiskRow] = []
    for key in sorted(keyed, key=lambda k: (k[0], programmes[k[1]][0])):
        item_row = keyed[key]
        absorption = item_row.absorption
        if not absorption.allocation:
            continue
        commitments = commitment_schedule(
            absorption.allocation, strategy.period, shares=spreads[key[1]].shares
        )
        item_row.checks = check_decommitment(
            commitments,
            period=strategy.period,
            as_of=as_of,
            certified_by_year=certified.get(key, {}),
            forecast_by_year=forecast.get(key, {}),
        )
        for check in item_row.checks:
            if check.shortfall > 0:
                risks.append(
                    RiskRow(
                        absorption.measure_code,
                        absorption.measure_name,
                        absorption.programme,
                        absorption.currency,
                        check.year,
                        check.shortfall,
                        check.deadline,
                        check.passed,
                        risk_reason(check, absorption.currency),
                    )
                )
    risks.sort(key=lambda r: (r.deadline, r.measure_code, r.programme, r.year))
    rows = [keyed[key] for key in sorted(keyed, key=lambda k: (k[0], programmes[k[1]][0]))]
    ordered = sorted(spreads.values(), key=lambda spread: spread.programme)
    return EarlyWarning(strategy, as_of, rows, risks, ordered)


def _payment_sums(strategy: Strategy, as_of: date) -> list[dict[str, Any]]:
    """Certified amounts dated up to `as_of` and forecast amounts dated after it, per year."""
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
            "kind",
            "year",
        )
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return list(rows)
