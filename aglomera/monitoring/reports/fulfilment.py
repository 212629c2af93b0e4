"""The strategy fulfilment report as its files: the content (fulfilment_content.py) laid out as
DOCX (fulfilment_docx.py) and PDF (fulfilment_pdf.py)."""

from __future__ import annotations

from datetime import date

from django.utils import translation

from aglomera.agglomerations.models import Agglomeration
from aglomera.monitoring.reports.fulfilment_content import fulfilment_content
from aglomera.monitoring.reports.fulfilment_docx import fulfilment_docx
from aglomera.monitoring.reports.fulfilment_pdf import fulfilment_pdf


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
