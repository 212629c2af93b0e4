"""The statement as PDF and DOCX: the evidence number, the outcome and Czech/Polish letters."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from docx import Document
from pypdf import PdfReader

from aglomera.accounts.models import Role
from aglomera.committee.models import Resolution
from aglomera.core.tenant import get_in_tenant
from aglomera.intentions import documents
from aglomera.intentions.actions.statements import issue_statement
from aglomera.intentions.models import (
    ComplianceStatement,
    IntentionStatus,
    StatementOutcome,
    StatementType,
)
from aglomera.intentions.queries.statements import statements
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.strategy.tests.builders import make_opole

S = IntentionStatus


def _statement(world: PipelineWorld, name: str, status: str = S.COMPLIANT) -> ComplianceStatement:
    outcome: dict[str, str] = {
        S.COMPLIANT: StatementOutcome.COMPLIANT,
        S.DEFERRED: StatementOutcome.DEFERRED,
    }
    statement = issue_statement(
        world.intention(status=status, name=name),
        statement_type=StatementType.INITIAL,
        outcome=outcome[status],
        actor=world.user(Role.MANAGER),
        issued_on=date(2025, 6, 20),
    )
    return get_in_tenant(statements(), world.agglomeration, pk=statement.pk)


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.django_db
def test_it_renders_a_czech_statement_as_pdf_with_the_evidence_number() -> None:
    # Given a statement of a Czech agglomeration
    world = PipelineWorld.create()
    statement = _statement(world, "Rekonstrukce mateřské školy Žižkova – čtvrť Řepčín")
    # When it is rendered as PDF
    data = documents.statement_pdf(statement)
    # Then it is a PDF that shows the evidence number and the Czech letters
    assert data.startswith(b"%PDF")
    text = _pdf_text(data)
    assert "OLOMOUC/2025/0001" in text
    assert "mateřské školy Žižkova – čtvrť Řepčín" in text
    assert "Statutární město Přerov" in text
    assert "IČO 00301825" in text
    assert documents.statement_content(statement).language == "cs"


@pytest.mark.django_db
def test_it_writes_a_polish_statement_in_polish_with_polish_letters() -> None:
    # Given a statement of a Polish agglomeration
    world = PipelineWorld.create(make_opole())
    statement = _statement(world, "Przebudowa ulicy Łąkowej – ścieżka rowerowa, żółć", S.DEFERRED)
    # When it is rendered (uncompressed, so the stream can be read as is)
    data = documents.statement_pdf(statement, compress=False)
    # Then the letters ą ę ł survive and the document language is Polish
    text = _pdf_text(data)
    assert "OPOLE/2025/0001" in text
    assert "Łąkowej – ścieżka rowerowa, żółć" in text
    content = documents.statement_content(statement)
    assert content.language == "pl"
    assert b"/Lang (pl)" in data


@pytest.mark.django_db
def test_the_statement_names_the_strategy_and_the_measure_not_only_its_code() -> None:
    # Given a statement of an intention under measure 2.1.1 of the Olomouc strategy
    world = PipelineWorld.create()
    world.strategy.name = {"cs": "Strategie ITI Olomoucké aglomerace 2021+", "en": "ITI strategy"}
    world.strategy.save(update_fields=["name"])
    statement = _statement(world, "Mateřská škola Slavonín")
    # When it is rendered
    rows = dict(documents.statement_content(statement).rows)
    text = _pdf_text(documents.statement_pdf(statement, compress=False))
    # Then the measure has its name, and the strategy is named, in the statement's language
    assert rows["Opatření strategie"] == "2.1.1 Kapacity mateřských škol"
    assert rows["Strategie"] == "Strategie ITI Olomoucké aglomerace 2021+"
    assert "2.1.1 Kapacity mateřských škol" in text
    assert "Strategie ITI Olomoucké aglomerace 2021+" in text


@pytest.mark.django_db
def test_it_renders_an_editable_docx_with_a_table_of_the_statement() -> None:
    # Given a statement
    world = PipelineWorld.create()
    statement = _statement(world, "Mateřská škola Holice")
    # When it is rendered as DOCX
    data = documents.statement_docx(statement)
    # Then python-docx opens it and its table holds the evidence number and the outcome
    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "OLOMOUC/2025/0001" in cells
    with translation.override("cs"):
        outcome = str(statement.get_outcome_display())
    assert outcome in cells
    assert "Mateřská škola Holice" in cells
    content = documents.statement_content(statement)
    assert any(content.title == p.text for p in document.paragraphs)


@pytest.mark.django_db
def test_it_names_the_resolution_and_the_change_request_when_there_are_any() -> None:
    # Given a statement (the resolution and change request are shown when present)
    world = PipelineWorld.create()
    statement = _statement(world, "Mateřská škola Bystrovany")
    statement.resolution = Resolution(number="12/2025")  # shown by number only
    statement.change_request_id = 41
    # When its content is put together
    rows = dict(documents.statement_content(statement).rows)
    # Then both appear
    assert "12/2025" in rows.values()
    assert any("41" in value for value in rows.values())


def test_it_explains_a_missing_font(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Given a machine without the DejaVu fonts
    monkeypatch.setattr(documents, "FONT_DIRS", (tmp_path,))
    # When the font is looked up
    with pytest.raises(ImproperlyConfigured, match="fonts-dejavu-core"):
        documents.font_path()


def test_it_finds_the_bold_font_too() -> None:
    assert documents.font_path("B").name == "DejaVuSans-Bold.ttf"


@pytest.mark.django_db
def test_a_name_with_a_pasted_control_character_still_makes_both_documents() -> None:
    # Given an intention whose name carries Word's line break (U+000B) and a stray U+001F
    world = PipelineWorld.create()
    statement = _statement(world, "Mateřská škola\x0bHolice\x1f")
    # When the statement is rendered (python-docx refuses such characters outright)
    data = documents.statement_docx(statement)
    documents.statement_pdf(statement)
    # Then the DOCX opens with the name on two lines and the stray character dropped
    cells = [c.text for t in Document(io.BytesIO(data)).tables for r in t.rows for c in r.cells]
    assert "Mateřská škola\nHolice" in cells
