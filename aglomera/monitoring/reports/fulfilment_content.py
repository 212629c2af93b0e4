"""The content of the strategy fulfilment report (zpráva o plnění strategie) for a period.

The office writes the narrative (introduction, progress summary, problems and measures taken,
outlook) in its language when it requests the report; the system fills the tables, every one in
the report's language and number format:

- the financial plan against the money funnel per measure, and the same funnel per programme
  and specific objective (fulfilment_money.py, from calculations/funnel.py): allocation, in
  pipeline, endorsed, applied, contracted, paid and certified, all EU support as of the last day
  of the period, in the programme's currency with the EUR figures below; unknown paid or
  certified amounts are shown as unknown, never 0, and months without an exchange rate listed;
- the projects: the intentions the funnel counts on the period's last day, with registration
  number, applicant, measure, state on that day, requested and contracted EU support;
- the risk section from early warning (fulfilment_risk.py): the strategy's contribution to each
  programme's decommitment risk at the open deadlines, reported decommitments, programmes
  without tranche data;
- the calls whose application window overlaps the period;
- the steering committee's resolutions of the period;
- the amendments of the strategy approved in the period;
- the indicators against their milestone and target (calculations/indicators.py), a 2024
  milestone that the achieved value did not reach by the period's end flagged as missed;

and the chart of the money table, laid out to fit one page with its legend.

The document is written in the agglomeration's language. `fulfilment_content` reads everything
with a fixed number of queries; the two renderers (fulfilment_docx.py, fulfilment_pdf.py) only
lay it out, every text first made `printable` (invisible control characters, which python-docx
refuses, dropped).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count
from django.utils import translation
from django.utils.translation import gettext as _

from aglomera.agglomerations.models import Agglomeration
from aglomera.calls.models import Call
from aglomera.committee.models import Resolution
from aglomera.core.i18n import as_i18n
from aglomera.core.text import without_control_characters
from aglomera.monitoring.calculations.indicators import IndicatorRow, indicator_progress
from aglomera.monitoring.reports.fulfilment_money import (
    measure_table,
    money_chart,
    objective_table,
    projects_table,
    report_money,
)
from aglomera.monitoring.reports.fulfilment_risk import risk_table
from aglomera.monitoring.reports.fulfilment_tables import (
    Chart,
    Table,
    format_day,
    format_money,
    format_number,
)
from aglomera.strategy.models import Direction, Strategy, StrategyVersion, VersionStatus

NARRATIVE_FIELDS = ("introduction", "progress", "problems", "outlook")
# Output indicators' milestones are set for the end of 2024 (CPR 2021/1060 Art. 16(1)(b)).
MILESTONE_DAY = date(2024, 12, 31)

__all__ = [
    "NARRATIVE_FIELDS",
    "Chart",
    "FulfilmentContent",
    "NoStrategy",
    "Table",
    "format_money",
    "fulfilment_content",
    "narrative_headings",
    "pick_strategy",
    "printable",
]


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
                format_day(call.opens_at.astimezone(zone)),
                format_day(call.closes_at.astimezone(zone)),
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
                format_day(resolution.decided_at.astimezone(zone)),
                as_i18n(resolution.item.title).localized(language),
                _("yes") if resolution.adopted else _("no"),
                f"{resolution.votes_for} / {resolution.votes_against}",
            ]
            for resolution in resolutions
        ],
        widths=(22, 22, 92, 18, 16),
        empty=_("The steering committee adopted no resolution in the period."),
    )


def _amendments_table(strategy: Strategy, period_start: date, period_end: date) -> Table:
    """The amendments (versions after the first) approved from the period's first to its last
    day, by their day of approval (1 query)."""
    versions = StrategyVersion.objects.filter(
        strategy=strategy,
        status=VersionStatus.APPROVED,
        base_version__isnull=False,
        approved_on__gte=period_start,
        approved_on__lte=period_end,
    ).order_by("approved_on", "number")
    return Table(
        title=_("Amendments of the strategy approved in the period"),
        headers=[
            _("Version"),
            _("Approved on"),
            _("Approved by"),
            _("Resolution or reference"),
            _("Summary of the change"),
        ],
        rows=[
            [
                str(version.number or ""),
                format_day(version.approved_on) if version.approved_on else "",
                version.approved_by_body,
                version.approval_reference,
                version.title,
            ]
            for version in versions
        ],
        widths=(14, 22, 40, 40, 120),
        empty=_("No amendment of the strategy was approved in the period."),
    )


def milestone_missed(row: IndicatorRow, as_of: date) -> bool | None:
    """Whether the 2024 milestone is missed on `as_of`: None without a milestone or before its
    day (31 December 2024); otherwise the achieved value (approved progress reports) below it,
    or above it for an indicator that should fall."""
    if row.milestone_2024 is None or as_of < MILESTONE_DAY:
        return None
    if row.indicator.direction == Direction.DECREASE:
        return row.achieved > row.milestone_2024
    return row.achieved < row.milestone_2024


def _milestone_flag(row: IndicatorRow, as_of: date) -> str:
    if row.milestone_2024 is None:
        return ""
    missed = milestone_missed(row, as_of)
    if missed is None:
        return _("not yet due")
    if not missed:
        return _("reached")
    return "⚠ " + _("missed")


def _indicators_table(strategy: Strategy, as_of: date, language: str) -> Table:
    progress = indicator_progress(strategy, as_of=as_of)
    rows: list[list[str]] = []
    missed: list[str] = []
    for goal in progress.goals:
        for node in goal.measures:
            for line in node.rows:
                indicator = line.indicator
                percent = line.committed_percent
                name = f"{indicator.code} {as_i18n(indicator.name).localized(language)}"
                unit = as_i18n(indicator.unit).localized(language)
                rows.append(
                    [
                        node.measure.code,
                        name,
                        unit,
                        format_number(line.baseline),
                        format_number(line.milestone_2024),
                        format_number(line.target_2029),
                        format_number(line.committed),
                        format_number(line.achieved),
                        f"{format_number(percent)} %" if percent is not None else "—",
                        _milestone_flag(line, as_of),
                    ]
                )
                if milestone_missed(line, as_of):
                    missed.append(
                        _(
                            "%(measure)s %(indicator)s: milestone %(milestone)s, achieved %(achieved)s %(unit)s"
                        )
                        % {
                            "measure": node.measure.code,
                            "indicator": indicator.code,
                            "milestone": format_number(line.milestone_2024),
                            "achieved": format_number(line.achieved),
                            "unit": unit,
                        }
                    )
    notes = [
        _(
            "Milestone 2024: the value to reach by 31 December 2024 (CPR 2021/1060 Art. 16(1)(b)); "
            "reached when the achieved value (approved progress reports up to %(day)s) is at or "
            "above it, at or below it for an indicator that should fall."
        )
        % {"day": format_day(as_of)}
    ]
    if missed:
        notes.append(_("Milestones missed: %(indicators)s.") % {"indicators": "; ".join(missed)})
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
            _("Milestone 2024 reached"),
        ],
        rows=rows,
        widths=(14, 50, 16, 16, 16, 16, 16, 16, 20, 20),
        empty=_("The strategy sets no indicators."),
        numeric_from=3,
        numeric_to=9,
        notes=notes if rows else [],
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
        money = report_money(strategy, as_of=period_end, language=language)
        period = f"{format_day(period_start)} – {format_day(period_end)}"
        headings = narrative_headings()
        sections = [
            (headings[name], (narrative.get(name) or "").strip() or "—")
            for name in NARRATIVE_FIELDS
        ]
        tables = [
            measure_table(money),
            objective_table(money),
            projects_table(strategy, as_of=period_end, language=language),
            risk_table(strategy, as_of=period_end),
            _calls_table(agglomeration, strategy, start, end, language),
            _resolutions_table(agglomeration, start, end, language),
            _amendments_table(strategy, period_start, period_end),
            _indicators_table(strategy, period_end, language),
        ]
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
                (_("Generated on"), format_day(generated_on)),
            ],
            sections=sections,
            tables=tables,
            chart=money_chart(money, agglomeration.currency),
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
