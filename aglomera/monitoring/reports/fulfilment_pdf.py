"""The strategy fulfilment report as PDF (fpdf2), laid out from its content; the money table is
drawn as a bar chart with fpdf2's own shapes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from aglomera.core.money import ZERO
from aglomera.intentions.documents import font_path
from aglomera.monitoring.reports.chart_image import COLOURS, BarLayout, bar_layout, legend_rows
from aglomera.monitoring.reports.fulfilment_content import (
    Chart,
    FulfilmentContent,
    Table,
    format_money,
    printable,
)


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
        "RIGHT" if table.numeric_from <= index < table.numeric_to else "LEFT"
        for index in range(len(table.headers))
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
    if table.notes:
        pdf.ln(1)
        pdf.set_font("DejaVu", "", 7)
        for note in table.notes:
            pdf.multi_cell(0, 3.5, note, new_x="LMARGIN")
    pdf.ln(5)


# The chart's measures in mm: a bar's natural thickness, the least one its amount (6 pt) can be
# written beside, the label and amount columns.
BAR = 3.2
TEXT_BAR = 2.2
LABEL_WIDTH = 22.0
VALUE_WIDTH = 32.0
PT = 0.3528  # mm in a point


def _text_height(pdf: Any, text: str) -> float:
    """The height a note of the chart takes (4 mm lines over the page's width)."""
    height = pdf.multi_cell(0, 4, text, dry_run=True, output="HEIGHT")
    assert isinstance(height, int | float)  # noqa: S101 - narrows the type for mypy
    return float(height)


def _legend_width(pdf: Any, name: str) -> float:
    """A legend item's width: swatch, name and the gap to the next."""
    return 5 + float(pdf.get_string_width(name)) + 7


def _pdf_legend(pdf: Any, chart: Chart, legend: list[list[int]], y: float) -> float:
    """The legend from `y` on, as many items a row as fit; returns where it ends."""
    pdf.set_font("DejaVu", "", 8)
    for row in legend:
        x = pdf.l_margin
        for index in row:
            name = chart.series[index]
            pdf.set_fill_color(*COLOURS[index % len(COLOURS)])
            pdf.rect(x, y + 0.5, 4, 3, style="F")
            pdf.set_xy(x + 5, y)
            pdf.cell(pdf.get_string_width(name) + 2, 4, name)
            x += _legend_width(pdf, name)
        y += 5
    return y


def _pdf_bars(pdf: Any, chart: Chart, layout: BarLayout, top: float) -> float:
    """One group of bars per measure from `top` on; returns where they end."""
    left = pdf.l_margin
    width = pdf.epw - LABEL_WIDTH - VALUE_WIDTH
    group = layout.group_height(len(chart.series))
    label_size = min(8.0, group * 0.8 / PT)
    value_size = min(6.0, layout.bar / PT)
    largest = max((max(values) for _label, values in chart.bars), default=ZERO) or Decimal(1)
    for label, values in chart.bars:
        pdf.set_font("DejaVu", "", label_size)
        pdf.set_xy(left, top)
        pdf.cell(LABEL_WIDTH, group - layout.gap, label)
        for index, (value, colour) in enumerate(zip(values, COLOURS, strict=False)):
            length = float(value / largest) * width
            y = top + index * layout.bar
            pdf.set_fill_color(*colour)
            if length > 0:
                pdf.rect(left + LABEL_WIDTH, y, length, layout.bar * 0.88, style="F")
            if layout.values:
                pdf.set_font("DejaVu", "", value_size)
                pdf.set_xy(left + LABEL_WIDTH + length + 1, y)
                pdf.cell(VALUE_WIDTH, layout.bar, format_money(value))
        top += group
    return top


def _pdf_chart(pdf: Any, chart: Chart) -> None:
    """Grouped horizontal bars, one group per measure, drawn with rectangles on a page of their
    own, the legend below them and the note under it: all sized to fit that one page."""
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(0, 7, chart.title, new_x="LMARGIN")
    pdf.set_font("DejaVu", "", 8)
    if not chart.bars:
        pdf.multi_cell(0, 5, _("Nothing to draw."), new_x="LMARGIN")
        pdf.multi_cell(0, 4, chart.note, new_x="LMARGIN")
        return
    legend = legend_rows(chart.series, pdf.epw, lambda name: _legend_width(pdf, name))
    series = len(chart.series)
    # below the bars: 2 mm, the legend's rows of 5 mm, 2 mm, the notes and 2 mm to spare
    room = pdf.h - pdf.b_margin - (pdf.get_y() + 2) - (5.0 * len(legend) + 6)
    # the notes, with the one on left out amounts (room only grows when it is not needed)
    notes = [chart.note, _("The bars are too many to write their amounts: see the money table.")]
    room -= sum((_text_height(pdf, note) for note in notes), 0.0)
    layout = bar_layout(len(chart.bars), series, room, largest=BAR, text=TEXT_BAR)
    if layout.values:
        notes.pop()
    auto_break, break_margin = pdf.auto_page_break, pdf.b_margin
    pdf.set_auto_page_break(auto=False)
    bottom = _pdf_bars(pdf, chart, layout, pdf.get_y() + 2)
    end = _pdf_legend(pdf, chart, legend, bottom + 2)
    pdf.set_font("DejaVu", "", 8)
    pdf.set_xy(pdf.l_margin, end + 2)
    for note in notes:
        pdf.multi_cell(0, 4, note, new_x="LMARGIN")
    pdf.set_auto_page_break(auto=auto_break, margin=break_margin)


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
