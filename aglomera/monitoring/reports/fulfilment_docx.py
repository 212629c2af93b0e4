"""The strategy fulfilment report as DOCX (python-docx), laid out from its content."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _

from aglomera.monitoring.reports.chart_image import bar_chart_png
from aglomera.monitoring.reports.fulfilment_content import (
    Chart,
    FulfilmentContent,
    Table,
    format_money,
    printable,
)


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
        picture = bar_chart_png(chart.series, chart.bars, format_money)
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
