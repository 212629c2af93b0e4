"""The money of the fulfilment report, all from the money funnel (calculations/funnel.py) on the
period's last day:

- the funnel per measure and per programme and specific objective: allocation, in pipeline,
  endorsed, applied, contracted, paid and certified, every cell EU support, in the programme's
  currency with its EUR figure on the row below (the funnel's EUR: the stages at the rate of
  the period's last month, paid and certified month by month); a paid or certified amount
  nobody reported is unknown ("—", or the known part marked "*"), never 0; the months without
  an exchange rate are listed;
- the list of projects: the intentions the funnel counts on that day (in the pipeline,
  endorsed, applied for or contracted then), with their registration number, state on that
  day, requested and contracted EU support, so that the list adds up to the funnel's cells;
- the chart's bars: allocation to contracted per measure in the agglomeration's currency.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from aglomera.core.i18n import as_i18n
from aglomera.core.money import ZERO
from aglomera.intentions.models import IntentionStatus, ProjectIntention
from aglomera.monitoring.calculations.funnel import (
    ALLOCATION,
    APPLIED,
    CERTIFIED,
    CONTRACTED,
    ENDORSED,
    PAID,
    PIPELINE,
    STAGE_LABELS,
    SUBSTAGES,
    CurrencyTotals,
    Funnel,
    FunnelFilters,
    FunnelRow,
    MonthlyRates,
    intention_money,
    money_funnel,
)
from aglomera.monitoring.reports.fulfilment_tables import (
    UNKNOWN,
    Chart,
    Table,
    format_day,
    format_money,
)
from aglomera.strategy.funds import fund_abbreviation
from aglomera.strategy.models import Measure, SpecificObjective, Strategy

# The stages of the money funnel shown in the report (paid and certified are parts of
# contracted); the chart draws the stages up to contracted.
REPORTED_STAGES = (ALLOCATION, PIPELINE, ENDORSED, APPLIED, CONTRACTED, PAID, CERTIFIED)
CHARTED_STAGES = (ALLOCATION, PIPELINE, ENDORSED, APPLIED, CONTRACTED)
PARTLY_UNKNOWN = "*"
DERIVED = "†"


@dataclass
class MoneyLine:
    """Funnel rows summed under one label and currency (a measure, a programme's objective)."""

    key: tuple[str, ...]
    label: str
    currency: str
    amounts: dict[str, Decimal] = field(
        default_factory=lambda: dict.fromkeys(REPORTED_STAGES, ZERO)
    )
    eur: dict[str, Decimal | None] = field(
        default_factory=lambda: dict.fromkeys(REPORTED_STAGES, ZERO)
    )
    contracted: int = 0  # intentions in the contracted stage
    unknown: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SUBSTAGES, 0))
    derived: int = 0  # intentions whose paid EU amount is derived
    eur_only: bool = False  # a total over currencies: it exists in EUR only

    def add(self, row: FunnelRow | CurrencyTotals | MoneyLine) -> None:
        for stage in REPORTED_STAGES:
            if not self.eur_only:  # no sum of two currencies
                self.amounts[stage] += row.amounts[stage]
            converted = row.eur.get(stage)
            total = self.eur[stage]
            self.eur[stage] = None if total is None or converted is None else total + converted
        if isinstance(row, MoneyLine):
            self.contracted += row.contracted
            self.derived += row.derived
        else:
            self.contracted += row.counts[CONTRACTED]
            self.derived += row.derived[PAID]
        for stage in SUBSTAGES:
            self.unknown[stage] += row.unknown[stage]

    def cell(self, stage: str, *, in_eur: bool = False) -> str:
        """The amount as the table writes it: unknown as "—" (every contracted intention's
        amount unknown, or no rate for the EUR figure), a sum of only the known amounts marked
        "*", one with a derived EU share marked "†"."""
        unknown = self.unknown.get(stage, 0)
        if unknown and unknown >= self.contracted:
            return UNKNOWN
        value = self.eur[stage] if in_eur else self.amounts[stage]
        if value is None:
            return UNKNOWN
        marks = PARTLY_UNKNOWN if unknown else ""
        if stage == PAID and self.derived:
            marks += DERIVED
        return f"{format_money(value)} {marks}".strip()

    def rows(self) -> list[list[str]]:
        """Its row in its currency and, unless that is EUR, the EUR figures below it."""
        if self.eur_only:
            return [[self.label, "EUR", *(self.cell(s, in_eur=True) for s in REPORTED_STAGES)]]
        rows = [[self.label, self.currency, *(self.cell(s) for s in REPORTED_STAGES)]]
        if self.currency != "EUR":
            rows.append(["", "EUR", *(self.cell(s, in_eur=True) for s in REPORTED_STAGES)])
        return rows


@dataclass
class ReportMoney:
    """What the report takes from the funnel on the period's last day."""

    funnel: Funnel
    measures: list[MoneyLine]
    objectives: list[MoneyLine]
    totals: list[MoneyLine]  # per currency, then every currency in EUR when they mix


def report_money(strategy: Strategy, *, as_of: date, language: str) -> ReportMoney:
    """The funnel on `as_of` summed per measure and per programme and specific objective
    (the funnel's 8 queries, measures and objectives: 10 queries)."""
    funnel = money_funnel(strategy, FunnelFilters(as_of=as_of))
    measure_names = {
        measure.code: as_i18n(measure.name).localized(language)
        for measure in Measure.objects.filter(version_id=strategy.current_version_id)
    }
    objective_names = {
        (objective.programme.code, objective.code): as_i18n(objective.name).localized(language)
        for objective in SpecificObjective.objects.filter(
            programme__period=strategy.period,
            programme__code__in={row.programme_code for row in funnel.rows},
        ).select_related("programme")
    }
    measures: dict[tuple[str, ...], MoneyLine] = {}
    objectives: dict[tuple[str, ...], MoneyLine] = {}
    for row in funnel.rows:
        name = measure_names.get(row.measure_code, "")
        key: tuple[str, ...] = (row.measure_code, row.currency)
        label = f"{row.measure_code} {name}".strip()
        measures.setdefault(key, MoneyLine(key, label, row.currency)).add(row)
        key = (row.programme_code, row.objective_code, row.fund, row.currency)
        name = objective_names.get((row.programme_code, row.objective_code), "")
        label = f"{row.programme_code} {row.objective_code} {name}".strip()
        objectives.setdefault(key, MoneyLine(key, label, row.currency)).add(row)
    totals: list[MoneyLine] = []
    for currency_total in funnel.totals:
        line = MoneyLine((currency_total.currency,), _("Total"), currency_total.currency)
        line.add(currency_total)
        totals.append(line)
    if len(totals) > 1:
        every = MoneyLine(("EUR",), _("Total in EUR"), "EUR", eur_only=True)
        for line in totals:
            every.add(line)
        totals.append(every)
    return ReportMoney(
        funnel,
        sorted(measures.values(), key=lambda line: line.key),
        sorted(objectives.values(), key=lambda line: line.key),
        totals,
    )


def _money_notes(money: ReportMoney) -> list[str]:
    """What every money table says under it: the basis, the EUR rule, the unknowns."""
    funnel = money.funnel
    notes = [
        _(
            "Basis: EU support in every column, as of %(day)s. Allocation: the EU lines of the "
            "strategy's financial plan; in pipeline, endorsed and applied: the EU support the "
            "intentions request; contracted: the EU contribution in the legal acts; paid: the EU "
            "share of the claims in payment applications; certified: the EU money certified to "
            "the Commission. Each intention counts in the one stage it had that day; paid and "
            "certified are parts of contracted."
        )
        % {"day": format_day(funnel.as_of)},
        _(
            "The EUR row under each amount: the stages at the Commission's monthly accounting "
            "rate of %(month)s, paid and certified money month by month at the rate of the "
            "month it was claimed or certified in."
        )
        % {"month": f"{funnel.as_of:%m/%Y}"},
    ]
    if funnel.missing_rates:
        notes.append(
            _(
                "No exchange rate for %(months)s: the EUR figures that need one are shown as "
                "“—” (no other month's rate is used instead)."
            )
            % {"months": ", ".join(funnel.missing_rate_ranges)}
        )
    unknown = funnel.unknown
    if unknown[PAID] or unknown[CERTIFIED]:
        notes.append(
            _(
                "Unknown amounts are not counted as zero. The paid EU amount of %(paid)s and the "
                "certified EU amount of %(certified)s contracted intentions are not known (the "
                "managing authority's list does not give them and no payment was recorded): "
                "“—” where no amount of the row is known, “*” where the cell sums only the "
                "known ones."
            )
            % {"paid": unknown[PAID], "certified": unknown[CERTIFIED]}
        )
    if funnel.derived[PAID]:
        notes.append(
            _(
                "“†”: the paid EU amount of %(count)s intentions is derived from their claims "
                "in total eligible expenditure with the operation's co-financing rate."
            )
            % {"count": funnel.derived[PAID]}
        )
    return notes


def _stage_headers() -> list[str]:
    return [str(STAGE_LABELS[stage]) for stage in REPORTED_STAGES]


def measure_table(money: ReportMoney) -> Table:
    """The financial plan against the funnel per measure (EU support, with EUR)."""
    rows = [row for line in [*money.measures, *money.totals] for row in line.rows()]
    return Table(
        title=_("Financial plan and money funnel per measure (EU support, %(currencies)s)")
        % {"currencies": _currencies(money)},
        headers=[_("Measure"), _("Currency"), *_stage_headers()],
        rows=rows,
        widths=(52, 12, 23, 23, 23, 23, 23, 23, 23),
        empty=_("The strategy has no financial plan yet."),
        numeric_from=2,
        notes=_money_notes(money) if rows else [],
    )


def objective_table(money: ReportMoney) -> Table:
    """The same funnel per programme and specific objective (and fund)."""
    rows: list[list[str]] = []
    for line in [*money.objectives, *money.totals]:
        fund = line.key[2] if len(line.key) == 4 else ""
        for row in line.rows():
            rows.append([row[0], fund_abbreviation(fund) if row[0] else "", *row[1:]])
    return Table(
        title=_("Money funnel per programme and specific objective (EU support, %(currencies)s)")
        % {"currencies": _currencies(money)},
        headers=[
            _("Programme and specific objective"),
            _("Fund"),
            _("Currency"),
            *_stage_headers(),
        ],
        rows=rows,
        widths=(46, 10, 12, 23, 23, 23, 23, 23, 23, 23),
        empty=_("The strategy draws no money from a programme yet."),
        numeric_from=3,
        notes=[_money_notes(money)[0]] if rows else [],
    )


def _currencies(money: ReportMoney) -> str:
    currencies = [line.currency for line in money.totals if not line.eur_only]
    if any(currency != "EUR" for currency in currencies):
        currencies.append("EUR")
    return ", ".join(dict.fromkeys(currencies)) or "EUR"


# ---- the list of projects ------------------------------------------------------------------


def projects_table(strategy: Strategy, *, as_of: date, language: str) -> Table:
    """The intentions counted in the funnel on `as_of` (7 queries)."""
    counted = intention_money(strategy, FunnelFilters(as_of=as_of))
    details = {
        intention.pk: intention
        for intention in ProjectIntention.objects.filter(
            pk__in=[item.intention_id for item in counted]
        ).select_related("applicant")
    }
    rates = MonthlyRates.load(strategy.agglomeration_id, as_of)

    def amount(value: Decimal | None, currency: str) -> str:
        if value is None:
            return ""
        text = f"{format_money(value)} {currency}"
        if currency == "EUR":
            return text
        eur = rates.convert(value, currency, as_of)
        return f"{text}\n{UNKNOWN if eur is None else format_money(eur)} EUR"

    lines: list[tuple[tuple[str, str, str], list[str]]] = []
    for item in counted:
        intention = details[item.intention_id]
        name = as_i18n(intention.name).localized(language)
        lines.append(
            (
                (intention.measure_code, intention.registration_number or "~", name),
                [
                    intention.registration_number or UNKNOWN,
                    name,
                    intention.applicant.name,
                    intention.measure_code,
                    str(IntentionStatus(item.status).label),
                    amount(item.requested_eu, item.currency),
                    amount(item.contracted_eu, item.currency),
                ],
            )
        )
    notes = [
        _(
            "The project intentions counted in the money funnel on %(day)s: in the pipeline, "
            "endorsed, applied for or contracted on that day, with their state on that day "
            "(drafts, withdrawn, non-compliant and rejected intentions are not listed). "
            "Registration number: at the managing authority, “—” before the application. "
            "Requested: the EU support the intention asks for; contracted: the EU contribution "
            "in the legal act as the managing authority's list reports it, otherwise the "
            "requested EU support; empty before the legal act. EUR at the rate of %(month)s."
        )
        % {"day": format_day(as_of), "month": f"{as_of:%m/%Y}"}
    ]
    if rates.missing:
        notes.append(
            _("No exchange rate for %(months)s: the EUR figures are shown as “—”.")
            % {"months": ", ".join(sorted(str(missing) for missing in rates.missing))}
        )
    return Table(
        title=_("Projects (EU support)"),
        headers=[
            _("Registration number"),
            _("Project"),
            _("Applicant"),
            _("Measure"),
            _("State"),
            _("Requested EU support"),
            _("Contracted EU support"),
        ],
        rows=[row for _key, row in sorted(lines, key=lambda line: line[0])],
        widths=(40, 62, 44, 14, 43, 32, 32),
        empty=_("No project intention was in the pipeline or further on %(day)s.")
        % {"day": format_day(as_of)},
        numeric_from=5,
        notes=notes if lines else [],
    )


# ---- the chart -----------------------------------------------------------------------------


def money_chart(money: ReportMoney, currency: str) -> Chart:
    """Allocation to contracted per measure in the agglomeration's currency."""
    return Chart(
        title=_("Allocation and pipeline per measure (EU support, %(currency)s)")
        % {"currency": currency},
        series=[str(STAGE_LABELS[stage]) for stage in CHARTED_STAGES],
        currency=currency,
        bars=[
            (line.key[0], [line.amounts[stage] for stage in CHARTED_STAGES])
            for line in money.measures
            if line.currency == currency
        ],
        note=_("States of project intentions as of %(day)s.")
        % {"day": format_day(money.funnel.as_of)},
    )
