"""The strategy fulfilment report as PDF (fpdf2), laid out from its content; the money table is
drawn as a bar chart with fpdf2's own shapes."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from aglomera.core.money import ZERO
from aglomera.intentions.documents import font_path
from aglomera.monitoring.reports.chart_image import COLOURS
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
            pdf.cell(value_width, bar, format_money(value))
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
