"""The strategy fulfilment report (zpráva o plnění strategie) for a period, as DOCX and PDF.

The office writes the narrative (introduction, progress summary, problems and measures taken,
outlook) in its language when it requests the report; the system fills the tables:

- the financial plan against the money funnel per measure (`aglomera.monitoring.funnel`): the
  EU allocation of the strategy's current version, and the EU support in the pipeline, endorsed
  by the steering committee, applied for at the managing authority, contracted and paid, as of
  the last day of the period. Each intention counts in the one stage it had on that day;
- the calls whose application window overlaps the period;
- the steering committee's resolutions of the period;
- the indicators against their milestone and target (`aglomera.monitoring.indicators`);

and the PDF draws the money table as a bar chart with fpdf2's own shapes.

The document is written in the agglomeration's language. `fulfilment_content` reads everything
with a fixed number of queries; the two renderers only lay it out, every text first made
`printable` (invisible control characters, which python-docx refuses, dropped).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
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
from aglomera.intentions.documents import font_path
from aglomera.monitoring.funnel import (
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
from aglomera.monitoring.indicators import indicator_progress
from aglomera.monitoring.reports.chart_image import COLOURS, bar_chart_png
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
    """The money funnel (`aglomera.monitoring.funnel`) on `as_of`, summed per measure."""
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


def _money(value: Decimal) -> str:
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
            *(_money(line.amounts[stage]) for stage in REPORTED_STAGES),
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
                f"{_money(call.allocation)} {call.specific_objective.programme.currency}",
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


# ---- DOCX -------------------------------------------------------------------------------------


def _docx_table(document: Any, table: Table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document.add_heading(table.title, level=1)
    if not table.rows:
        document.add_paragraph(table.empty)
        return
    grid = document.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    for cell, header in zip(grid.rows[0].cells, table.headers, strict=True):
        cell.text = header
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in table.rows:
        cells = grid.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            cell.text = value
            if index >= table.numeric_from:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in grid.rows:
        for cell in row.cells:
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(9)


def _docx_chart(document: Any, chart: Chart) -> None:
    from docx.shared import Cm

    document.add_heading(chart.title, level=1)
    if chart.bars:
        picture = bar_chart_png(chart.series, chart.bars, _money)
        document.add_picture(io.BytesIO(picture), width=Cm(25))
    else:
        document.add_paragraph(_("Nothing to draw."))
    document.add_paragraph(chart.note)


def fulfilment_docx(content: FulfilmentContent) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT

    content = printable(content)
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.core_properties.title = content.title
    document.core_properties.language = content.language
    document.add_paragraph(content.office)
    document.add_heading(content.title, level=0)
    document.add_paragraph(f"{content.strategy} · {content.period}")
    facts = document.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    for label, value in content.facts:
        cells = facts.add_row().cells
        cells[0].text = label
        cells[1].text = value
    for heading, text in content.sections:
        document.add_heading(heading, level=1)
        for paragraph in text.split("\n\n"):
            document.add_paragraph(paragraph.strip())
    for table in content.tables:
        _docx_table(document, table)
    _docx_chart(document, content.chart)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---- PDF --------------------------------------------------------------------------------------


def _pdf_table(pdf: object, table: Table) -> None:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    assert isinstance(pdf, FPDF)  # noqa: S101 - narrows the type for mypy
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(0, 7, table.title, new_x="LMARGIN")
    pdf.ln(1)
    pdf.set_font("DejaVu", "", 8)
    if not table.rows:
        pdf.multi_cell(0, 5, table.empty, new_x="LMARGIN")
        pdf.ln(4)
        return
    aligns = tuple(
        "RIGHT" if index >= table.numeric_from else "LEFT" for index in range(len(table.headers))
    )
    with pdf.table(
        col_widths=table.widths,
        text_align=aligns,
        line_height=4.5,
        headings_style=FontFace(emphasis="BOLD", fill_color=(230, 236, 242)),
    ) as grid:
        heading = grid.row()
        for header in table.headers:
            heading.cell(header)
        for values in table.rows:
            line = grid.row()
            for value in values:
                line.cell(value)
    pdf.ln(5)


def _pdf_chart(pdf: object, chart: Chart) -> None:
    """Grouped horizontal bars, one group per measure, drawn with rectangles."""
    from fpdf import FPDF

    assert isinstance(pdf, FPDF)  # noqa: S101 - narrows the type for mypy
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(0, 7, chart.title, new_x="LMARGIN")
    pdf.set_font("DejaVu", "", 8)
    if not chart.bars:
        pdf.multi_cell(0, 5, _("Nothing to draw."), new_x="LMARGIN")
        return
    left = pdf.l_margin
    label_width = 22.0
    value_width = 32.0
    width = pdf.w - pdf.l_margin - pdf.r_margin - label_width - value_width
    bar = 3.2
    # legend
    x = left
    y = pdf.get_y() + 1
    for name, colour in zip(chart.series, COLOURS, strict=False):
        pdf.set_fill_color(*colour)
        pdf.rect(x, y, 4, 3, style="F")
        pdf.set_xy(x + 5, y - 0.5)
        pdf.cell(pdf.get_string_width(name) + 2, 4, name)
        x += pdf.get_string_width(name) + 12
    pdf.set_y(y + 6)
    largest = max((max(values) for _label, values in chart.bars), default=ZERO) or Decimal(1)
    for label, values in chart.bars:
        group = bar * len(values) + 3
        if pdf.get_y() + group > pdf.h - pdf.b_margin:
            pdf.add_page()
        top = pdf.get_y()
        pdf.set_xy(left, top + (group - 3) / 2 - 2)
        pdf.cell(label_width, 4, label)
        for index, (value, colour) in enumerate(zip(values, COLOURS, strict=False)):
            length = float(value / largest) * width
            pdf.set_fill_color(*colour)
            if length > 0:
                pdf.rect(left + label_width, top + index * bar, length, bar - 0.4, style="F")
            pdf.set_xy(left + label_width + length + 1, top + index * bar - 0.4)
            pdf.set_font("DejaVu", "", 6)
            pdf.cell(value_width, bar, _money(value))
            pdf.set_font("DejaVu", "", 8)
        pdf.set_y(top + group)
    pdf.set_draw_color(120, 120, 120)
    pdf.ln(2)
    pdf.multi_cell(0, 4, chart.note, new_x="LMARGIN")


def fulfilment_pdf(content: FulfilmentContent, *, compress: bool = True) -> bytes:
    from fpdf import FPDF

    content = printable(content)
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_compression(compress)
    for style in ("", "B"):
        pdf.add_font("DejaVu", style, str(font_path(style)))
    pdf.set_title(content.title)
    pdf.set_lang(content.language)
    pdf.set_creator("Aglomera")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 5, content.office, new_x="LMARGIN")
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 8, content.title, align="C", new_x="LMARGIN")
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(0, 6, f"{content.strategy}\n{content.period}", align="C", new_x="LMARGIN")
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 9)
    with pdf.table(col_widths=(60, 200), first_row_as_headings=False, line_height=5) as grid:
        for label, value in content.facts:
            line = grid.row()
            line.cell(label)
            line.cell(value)
    pdf.ln(4)
    for heading, text in content.sections:
        pdf.set_font("DejaVu", "B", 12)
        pdf.multi_cell(0, 7, heading, new_x="LMARGIN")
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(0, 5, text, new_x="LMARGIN")
        pdf.ln(3)
    for table in content.tables:
        _pdf_table(pdf, table)
    with translation.override(content.language):
        _pdf_chart(pdf, content.chart)
    return bytes(pdf.output())


def fulfilment_files(
    agglomeration: Agglomeration,
    period_start: date,
    period_end: date,
    narrative: dict[str, str],
    *,
    generated_on: date,
) -> dict[str, bytes]:
    content = fulfilment_content(
        agglomeration, period_start, period_end, narrative, generated_on=generated_on
    )
    with translation.override(content.language):
        return {"docx": fulfilment_docx(content), "pdf": fulfilment_pdf(content)}


__all__ = [
    "NARRATIVE_FIELDS",
    "FulfilmentContent",
    "NoStrategy",
    "Table",
    "fulfilment_content",
    "fulfilment_docx",
    "fulfilment_files",
    "fulfilment_pdf",
    "money_rows",
    "narrative_headings",
    "pick_strategy",
    "printable",
]
