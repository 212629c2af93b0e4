"""The strategy fulfilment report as DOCX (python-docx), laid out from its content on A4
landscape pages; the chart is a picture (chart_image.py) sized to fit one page with its
legend."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _

from aglomera.monitoring.reports.chart_image import PAGE_BOX, bar_chart_png
from aglomera.monitoring.reports.fulfilment_content import (
    Chart,
    FulfilmentContent,
    Table,
    format_money,
    printable,
)

# A4 landscape with the PDF's 15 mm margins.
PAGE_MM = (297, 210)
MARGIN_MM = 15


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
            if table.numeric_from <= index < table.numeric_to:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in grid.rows:
        for cell in row.cells:
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(9)
    for note in table.notes:
        paragraph = document.add_paragraph(note)
        for run in paragraph.runs:
            run.font.size = Pt(8)


def _docx_chart(document: Any, chart: Chart) -> None:
    """The chart on a page of its own: its heading, the picture (bars and legend) no larger
    than PAGE_BOX, the note."""
    from docx.shared import Mm

    heading = document.add_heading(chart.title, level=1)
    heading.paragraph_format.page_break_before = True
    heading.paragraph_format.keep_with_next = True
    if chart.bars:
        from PIL import Image

        picture = bar_chart_png(chart.series, chart.bars, format_money)
        with Image.open(io.BytesIO(picture)) as image:
            pixels = image.size
        box_width, box_height = PAGE_BOX
        width = min(box_width, box_height * pixels[0] / pixels[1])
        document.add_picture(io.BytesIO(picture), width=Mm(width))
        document.paragraphs[-1].paragraph_format.keep_with_next = True
    else:
        document.add_paragraph(_("Nothing to draw."))
    document.add_paragraph(chart.note)


def fulfilment_docx(content: FulfilmentContent) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    content = printable(content)
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))
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
