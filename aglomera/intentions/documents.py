"""The compliance statement as documents: a PDF to download and an editable DOCX.

Both carry the same content (`statement_content`), written in the agglomeration's language
(Czech for a Czech agglomeration, Polish for a Polish one). The PDF embeds DejaVu Sans, a
Unicode TrueType font, so that č ř ž ą ę ł print; it comes from the operating system's
fonts-dejavu-core package (Debian: /usr/share/fonts/truetype/dejavu/).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import formats, translation
from django.utils.translation import gettext as _

from aglomera.core.text import without_control_characters
from aglomera.intentions.models import ComplianceStatement, ProjectIntention
from aglomera.strategy.models import Measure

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
)
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
LANGUAGE_OF_COUNTRY = {"CZ": "cs", "PL": "pl"}


@dataclass(frozen=True)
class StatementContent:
    office: str
    agglomeration: str
    title: str
    subtitle: str
    rows: list[tuple[str, str]]
    place_and_date: str
    signature: str
    language: str


def statement_language(statement: ComplianceStatement) -> str:
    country = statement.intention.call.agglomeration.country
    return LANGUAGE_OF_COUNTRY.get(country, settings.LANGUAGE_CODE)


def _money(value: Decimal, currency: str) -> str:
    amount = formats.number_format(value, 2, use_l10n=True, force_grouping=True)
    return f"{amount} {currency}"


def _measure(intention: ProjectIntention) -> str:
    """The measure's code and name in the strategy's current version (the code alone when the
    version has no such measure any more); in the active language."""
    measure = (
        Measure.objects.filter(
            version_id=intention.call.strategy.current_version_id, code=intention.measure_code
        )
        .only("code", "name")
        .first()
    )
    return f"{measure.code} {measure.name}" if measure else intention.measure_code


def statement_content(statement: ComplianceStatement) -> StatementContent:
    """What the statement says, in the agglomeration's language."""
    intention = statement.intention
    call = intention.call
    agglomeration = call.agglomeration
    language = statement_language(statement)
    with translation.override(language):
        issued = formats.date_format(statement.issued_on, "DATE_FORMAT")
        applicant = intention.applicant
        rows = [
            (_("Evidence number"), statement.evidence_number),
            (_("Date of issue"), issued),
            (_("Type of statement"), str(statement.get_statement_type_display())),
            (_("Project intention"), str(intention.name)),
            (_("Applicant"), applicant.name),
            (_("Identification number"), applicant.identifier),
            (_("Call"), f"{call.number} {call.name}".strip()),
            (_("Strategy"), str(call.strategy.name)),
            (_("Measure of the strategy"), _measure(intention)),
            (
                _("Requested support"),
                _money(intention.requested_support, agglomeration.currency),
            ),
            (_("Outcome"), str(statement.get_outcome_display())),
            (
                _("Resolution of the steering committee"),
                statement.resolution.number if statement.resolution else "—",
            ),
        ]
        if statement.change_request_id:
            rows.append(
                (_("Change request"), _("no. %(number)s") % {"number": statement.change_request_id})
            )
        clean = without_control_characters  # pasted user text must not break the documents
        rows = [(label, clean(value)) for label, value in rows]
        return StatementContent(
            office=clean(str(agglomeration.office_name)),
            agglomeration=clean(str(agglomeration.name)),
            title=_(
                "Statement of the steering committee on compliance with the integrated strategy"
            ),
            subtitle=_("The steering committee states that the project intention is: %(outcome)s.")
            % {"outcome": statement.get_outcome_display()},
            rows=rows,
            place_and_date=_("Issued on %(date)s") % {"date": issued},
            signature=_("Signature of the strategy manager on behalf of the steering committee"),
            language=language,
        )


def font_path(style: str = "") -> Path:
    """The DejaVu Sans file for a style ("" or "B"); a clear error when it is not installed."""
    name = FONT_FILES[style]
    for directory in FONT_DIRS:
        candidate = directory / name
        if candidate.is_file():
            return candidate
    raise ImproperlyConfigured(
        f"The font {name} is missing: install the fonts-dejavu-core package "
        f"(looked in {', '.join(str(d) for d in FONT_DIRS)})."
    )


def statement_pdf(statement: ComplianceStatement, *, compress: bool = True) -> bytes:
    from fpdf import FPDF

    content = statement_content(statement)
    pdf = FPDF(format="A4")
    pdf.set_compression(compress)
    for style in FONT_FILES:
        pdf.add_font("DejaVu", style, str(font_path(style)))
    pdf.set_title(content.title)
    pdf.set_lang(content.language)
    pdf.set_creator("Aglomera")
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 5, f"{content.office}\n{content.agglomeration}", new_x="LMARGIN")
    pdf.ln(8)
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(0, 7, content.title, align="C", new_x="LMARGIN")
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 5, content.subtitle, new_x="LMARGIN")
    pdf.ln(4)
    with pdf.table(col_widths=(60, 110), first_row_as_headings=False, line_height=6) as table:
        for label, value in content.rows:
            row = table.row()
            row.cell(label)
            row.cell(value)
    pdf.ln(12)
    pdf.multi_cell(0, 5, content.place_and_date, new_x="LMARGIN")
    pdf.ln(16)
    pdf.cell(0, 5, "." * 60, new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 5, content.signature, new_x="LMARGIN")
    return bytes(pdf.output())


def statement_docx(statement: ComplianceStatement) -> bytes:
    from docx import Document

    content = statement_content(statement)
    document = Document()
    document.core_properties.title = content.title
    document.core_properties.language = content.language
    document.add_paragraph(content.office)
    document.add_paragraph(content.agglomeration)
    document.add_heading(content.title, level=1)
    document.add_paragraph(content.subtitle)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in content.rows:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = value
    document.add_paragraph("")
    document.add_paragraph(content.place_and_date)
    document.add_paragraph("\n\n" + "." * 60)
    document.add_paragraph(content.signature)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
