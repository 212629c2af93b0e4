"""The content of the strategy fulfilment report (zpráva o plnění strategie) for a period.

The office writes the narrative (introduction, progress summary, problems and measures taken,
outlook) in its language when it requests the report; the system fills the tables:

- the financial plan against the money funnel per measure (calculations/funnel.py): the EU
  allocation of the strategy's current version, and the EU support in the pipeline, endorsed
  by the steering committee, applied for at the managing authority, contracted and paid, as of
  the last day of the period. Each intention counts in the one stage it had on that day;
- the calls whose application window overlaps the period;
- the steering committee's resolutions of the period;
- the indicators against their milestone and target (calculations/indicators.py);

and the chart of the money table.

The document is written in the agglomeration's language. `fulfilment_content` reads everything
with a fixed number of queries; the two renderers (fulfilment_docx.py, fulfilment_pdf.py) only
lay it out, every text first made `printable` (invisible control characters, which python-docx
refuses, dropped).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count
from django.utils import formats, translation
from django.utils.translation import gettext as _

from aglomera.agglomerations.models import Agglomeration
from aglomera.calls.models import Call
from aglomera.committee.models import Resolution
from aglomera.core.i18n import as_i18n
from aglomera.core.money import ZERO
from aglomera.core.text import without_control_characters
from aglomera.monitoring.calculations.funnel import (
    ALLOCATION,
    APPLIED,
    CONTRACTED,
    ENDORSED,
    PAID,
    PIPELINE,
    STAGE_LABELS,
    FunnelFilters,
    money_funnel,
)
from aglomera.monitoring.calculations.indicators import indicator_progress
from aglomera.strategy.models import Measure, Strategy

# The stages of the money funnel shown in the report (paid is a part of contracted).
REPORTED_STAGES = (ALLOCATION, PIPELINE, ENDORSED, APPLIED, CONTRACTED, PAID)
CHARTED_STAGES = (ALLOCATION, PIPELINE, ENDORSED, APPLIED, CONTRACTED)
NARRATIVE_FIELDS = ("introduction", "progress", "problems", "outlook")


class NoStrategy(Exception):  # noqa: N818 - reads as the domain rule it is
    """The agglomeration has no strategy with an approved version to report on."""


def narrative_headings() -> dict[str, str]:
    """The headings of the office's narrative sections (also the request form's labels)."""
    return {
        "introduction": _("Introduction"),
        "progress": _("Summary of progress"),
        "problems": _("Problems and measures taken"),
        "outlook": _("Outlook for the next period"),
    }


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[str]]
    widths: tuple[int, ...]
    empty: str
    numeric_from: int = 99  # columns from this index on are right-aligned numbers


@dataclass
class MoneyRow:
    measure: str
    name: str
    currency: str
    amounts: dict[str, Decimal] = field(
        default_factory=lambda: dict.fromkeys(REPORTED_STAGES, ZERO)
    )


@dataclass
class Chart:
    title: str
    series: list[str]
    currency: str
    bars: list[tuple[str, list[Decimal]]]
    note: str


@dataclass
class FulfilmentContent:
    language: str
    title: str
    office: str
    agglomeration: str
    strategy: str
    period: str
    facts: list[tuple[str, str]]
    sections: list[tuple[str, str]]
    tables: list[Table]
    chart: Chart
    money: list[MoneyRow] = field(default_factory=list)


def pick_strategy(agglomeration: Agglomeration, period_start: date) -> Strategy:
    """The strategy whose programming period covers the report's start (n+3 included)."""
    strategies = list(
        Strategy.objects.filter(agglomeration=agglomeration, current_version__isnull=False)
        .select_related("current_version")
        .order_by("-period")
    )
    if not strategies:
        raise NoStrategy(_("The agglomeration has no approved strategy to report on."))
    for strategy in strategies:
        first, last = (int(part) for part in strategy.period.split("-"))
        if first <= period_start.year <= last + 3:
            return strategy
    return strategies[0]


def _end_of(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)


def money_rows(strategy: Strategy, *, as_of: date, language: str) -> list[MoneyRow]:
    """The money funnel (calculations/funnel.py) on `as_of`, summed per measure."""
    funnel = money_funnel(strategy, FunnelFilters(as_of=as_of))
    names = {
        measure.code: as_i18n(measure.name).localized(language)
        for measure in Measure.objects.filter(version_id=strategy.current_version_id)
    }
    rows: dict[tuple[str, str], MoneyRow] = {}
    for line in funnel.rows:
        key = (line.measure_code, line.currency)
        row = rows.setdefault(
            key, MoneyRow(line.measure_code, names.get(line.measure_code, ""), line.currency)
        )
        for stage in REPORTED_STAGES:
            row.amounts[stage] += line.amounts[stage]
    return sorted(rows.values(), key=lambda line: (line.measure, line.currency))


def format_money(value: Decimal) -> str:
    """An amount as the report writes it (in the active language)."""
    return formats.number_format(value, 2, use_l10n=True, force_grouping=True)


def _number(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return formats.number_format(value.normalize(), use_l10n=True, force_grouping=True)


def _day(value: date | datetime) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _money_table(lines: list[MoneyRow]) -> Table:
    totals: dict[str, MoneyRow] = {}
    for line in lines:
        total = totals.setdefault(line.currency, MoneyRow("", _("Total"), line.currency))
        for stage in REPORTED_STAGES:
            total.amounts[stage] += line.amounts[stage]
    body = [
        [
            f"{line.measure} {line.name}".strip(),
            line.currency,
            *(format_money(line.amounts[stage]) for stage in REPORTED_STAGES),
        ]
        for line in [*lines, *totals.values()]
    ]
    return Table(
        title=_("Financial plan and money funnel per measure (EU support)"),
        headers=[
            _("Measure"),
            _("Currency"),
            *(str(STAGE_LABELS[stage]) for stage in REPORTED_STAGES),
        ],
        rows=body,
        widths=(60, 14, 24, 24, 24, 24, 24, 24),
        empty=_("The strategy has no financial plan yet."),
        numeric_from=2,
    )


def _calls_table(
    agglomeration: Agglomeration, strategy: Strategy, start: datetime, end: datetime, language: str
) -> Table:
    calls = (
        Call.objects.filter(strategy=strategy, opens_at__lt=end, closes_at__gte=start)
        .select_related("specific_objective__programme")
        .annotate(intention_count=Count("intentions"))
        .order_by("opens_at", "number")
    )
    zone = ZoneInfo(agglomeration.time_zone)
    return Table(
        title=_("Calls in the period"),
        headers=[
            _("Call"),
            _("Measure"),
            _("Open from"),
            _("Deadline"),
            _("Allocation"),
            _("Status"),
            _("Intentions"),
        ],
        rows=[
            [
                f"{call.number} {as_i18n(call.name).localized(language)}".strip(),
                call.measure_code,
                _day(call.opens_at.astimezone(zone)),
                _day(call.closes_at.astimezone(zone)),
                f"{format_money(call.allocation)} {call.specific_objective.programme.currency}",
                str(call.get_status_display()),
                str(call.intention_count),
            ]
            for call in calls
        ],
        widths=(54, 16, 20, 20, 30, 20, 10),
        empty=_("No call was open in the period."),
        numeric_from=6,
    )


def _resolutions_table(
    agglomeration: Agglomeration, start: datetime, end: datetime, language: str
) -> Table:
    resolutions = (
        Resolution.objects.filter(
            committee__agglomeration=agglomeration, decided_at__gte=start, decided_at__lt=end
        )
        .select_related("item")
        .order_by("decided_at", "id")
    )
    zone = ZoneInfo(agglomeration.time_zone)
    return Table(
        title=_("Resolutions of the steering committee in the period"),
        headers=[_("Resolution"), _("Date"), _("Subject"), _("Adopted"), _("For / against")],
        rows=[
            [
                resolution.number,
                _day(resolution.decided_at.astimezone(zone)),
                as_i18n(resolution.item.title).localized(language),
                _("yes") if resolution.adopted else _("no"),
                f"{resolution.votes_for} / {resolution.votes_against}",
            ]
            for resolution in resolutions
        ],
        widths=(22, 22, 92, 18, 16),
        empty=_("The steering committee adopted no resolution in the period."),
    )


def _indicators_table(strategy: Strategy, as_of: date, language: str) -> Table:
    progress = indicator_progress(strategy, as_of=as_of)
    rows: list[list[str]] = []
    for goal in progress.goals:
        for node in goal.measures:
            for line in node.rows:
                indicator = line.indicator
                percent = line.committed_percent
                rows.append(
                    [
                        node.measure.code,
                        f"{indicator.code} {as_i18n(indicator.name).localized(language)}",
                        as_i18n(indicator.unit).localized(language),
                        _number(line.baseline),
                        _number(line.milestone_2024),
                        _number(line.target_2029),
                        _number(line.committed),
                        _number(line.achieved),
                        f"{_number(percent)} %" if percent is not None else "—",
                    ]
                )
    return Table(
        title=_("Indicators against milestones and targets"),
        headers=[
            _("Measure"),
            _("Indicator"),
            _("Unit"),
            _("Baseline"),
            _("Milestone 2024"),
            _("Target 2029"),
            _("Committed"),
            _("Achieved"),
            _("Committed share of the target"),
        ],
        rows=rows,
        widths=(14, 50, 16, 16, 16, 16, 16, 16, 20),
        empty=_("The strategy sets no indicators."),
        numeric_from=3,
    )


def fulfilment_content(
    agglomeration: Agglomeration,
    period_start: date,
    period_end: date,
    narrative: dict[str, str],
    *,
    generated_on: date,
) -> FulfilmentContent:
    """Everything the report says, in the agglomeration's language (fixed number of queries)."""
    language = agglomeration.language
    zone = ZoneInfo(agglomeration.time_zone)
    start = datetime.combine(period_start, time.min, tzinfo=zone)
    end = _end_of(period_end, zone)
    with translation.override(language):
        strategy = pick_strategy(agglomeration, period_start)
        version = strategy.current_version
        lines = money_rows(strategy, as_of=period_end, language=language)
        period = f"{_day(period_start)} – {_day(period_end)}"
        headings = narrative_headings()
        sections = [
            (headings[name], (narrative.get(name) or "").strip() or "—")
            for name in NARRATIVE_FIELDS
        ]
        tables = [
            _money_table(lines),
            _calls_table(agglomeration, strategy, start, end, language),
            _resolutions_table(agglomeration, start, end, language),
            _indicators_table(strategy, period_end, language),
        ]
        main = agglomeration.currency
        chart = Chart(
            title=_("Allocation and pipeline per measure (EU support, %(currency)s)")
            % {"currency": main},
            series=[str(STAGE_LABELS[stage]) for stage in CHARTED_STAGES],
            currency=main,
            bars=[
                (line.measure, [line.amounts[stage] for stage in CHARTED_STAGES])
                for line in lines
                if line.currency == main
            ],
            note=_("States of project intentions as of %(day)s.") % {"day": _day(period_end)},
        )
        return FulfilmentContent(
            language=language,
            title=_("Report on the fulfilment of the integrated strategy"),
            office=as_i18n(agglomeration.office_name).localized(language),
            agglomeration=as_i18n(agglomeration.name).localized(language),
            strategy=as_i18n(strategy.name).localized(language),
            period=period,
            facts=[
                (_("Agglomeration"), as_i18n(agglomeration.name).localized(language)),
                (_("Strategy office"), as_i18n(agglomeration.office_name).localized(language)),
                (_("Strategy"), as_i18n(strategy.name).localized(language)),
                (
                    _("Version of the strategy"),
                    str(version.number) if version and version.number else "—",
                ),
                (_("Reporting period"), period),
                (_("Generated on"), _day(generated_on)),
            ],
            sections=sections,
            tables=tables,
            chart=chart,
            money=lines,
        )


def printable(content: FulfilmentContent) -> FulfilmentContent:
    """The content with every text as a document can hold it (`without_control_characters`):
    python-docx refuses what XML 1.0 cannot hold, and a narrative stored before such characters
    were refused, or a name typed elsewhere, must not make the report fail."""
    cleaned = _printable(content)
    assert isinstance(cleaned, FulfilmentContent)  # noqa: S101 - narrows the type for mypy
    return cleaned


def _printable(value: object) -> object:
    if isinstance(value, str):
        return without_control_characters(value)
    if isinstance(value, list):
        return [_printable(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_printable(item) for item in value)
    if isinstance(value, dict):
        return {key: _printable(item) for key, item in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _printable(getattr(value, f.name)) for f in fields(value) if f.init}
        return replace(value, **changes)
    return value
