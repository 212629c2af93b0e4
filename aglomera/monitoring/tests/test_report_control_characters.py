"""Invisible control characters in a fulfilment report's narrative (issue 8).

python-docx refuses every character XML 1.0 cannot hold ("All strings must be XML compatible"),
so a narrative with Word's manual line break (U+000B) or a unit separator (U+001F) pasted in
made the report end failed. The request form now refuses such text next to its field, and the
writers drop the characters from text stored before, so old data cannot break a report either.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from aglomera.accounts.models import Role
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring import report_tasks
from aglomera.monitoring.actions.reports import request_report
from aglomera.monitoring.models import GeneratedReport, GeneratedReportKind, ImportStatus
from aglomera.monitoring.reports import storage

K = GeneratedReportKind
Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]
FORM = {
    "kind": K.FULFILMENT,
    "period_start": "2025-01-01",
    "period_end": "2025-06-30",
    "introduction": "",
    "progress": "",
    "problems": "",
    "outlook": "",
}


@pytest.fixture
def world(db: None, pipeline_world: PipelineWorld) -> PipelineWorld:
    return copy.deepcopy(pipeline_world)


def request_page(world: PipelineWorld) -> tuple[Client, str]:
    client = Client()
    client.force_login(world.user(Role.MANAGER))
    return client, reverse("monitoring:reports_new", args=[world.agglomeration.slug])


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        (
            "introduction",
            "Úvod zprávy\x0bdruhý řádek",
            "The text contains an invisible control character (U+000B) after “Úvod zprávy”, "
            "probably pasted in from another program. Delete it and send the form again.",
        ),
        (
            "introduction",
            "Úvod\x1fzprávy",
            "The text contains an invisible control character (U+001F) after “Úvod”",
        ),
        ("progress", "Výzva 2\x0cbyla vyhlášena", "control character (U+000C) after “Výzva 2”"),
        ("problems", "Zpoždění\x7f", "control character (U+007F) after “Zpoždění”"),
        (
            "outlook",
            "\x01V roce 2026 vyhlásíme výzvy",
            "The text starts with an invisible control character (U+0001), probably pasted in "
            "from another program. Delete it and send the form again.",
        ),
        (
            "outlook",
            "V roce 2026 vyhlásíme výzvy na cyklostezky a chodníky\x1e.",
            "(U+001E) after “…výzvy na cyklostezky a chodníky”",
        ),
    ],
)
def test_a_narrative_with_a_control_character_is_refused_at_its_field(
    world: PipelineWorld,
    django_capture_on_commit_callbacks: Capture,
    field: str,
    text: str,
    message: str,
) -> None:
    # Given the manager on the request form
    client, url = request_page(world)
    # When they request a fulfilment report whose narrative has an invisible control character
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**FORM, field: text})
    # Then the form comes back with the reason at that field, and no report was queued
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert set(errors) == {field}
    assert message in " ".join(errors[field])
    assert not GeneratedReport.objects.exists()


def test_the_same_text_without_the_character_is_generated(
    world: PipelineWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    # Given the refused text with the character deleted, and a line break instead
    client, url = request_page(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**FORM, "introduction": "Úvod zprávy\r\ndruhý řádek"})
    # Then the report is generated
    assert response.status_code == 302
    report = GeneratedReport.objects.get()
    assert report.status == ImportStatus.SUCCEEDED
    assert set(report.files) == {"docx", "pdf"}


def test_a_narrative_stored_with_control_characters_still_makes_a_report(
    world: PipelineWorld,
) -> None:
    # Given a fulfilment report queued before such characters were refused: its narrative holds
    # a vertical tab, a form feed, a unit separator, U+0001 and DEL (PostgreSQL stores no NUL)
    report = request_report(
        world.agglomeration,
        kind=K.FULFILMENT,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 6, 30),
        actor=world.user(Role.MANAGER),
    )
    GeneratedReport.objects.filter(pk=report.pk).update(
        narrative={
            "introduction": "Úvod zprávy\x0bdruhý řádek\x0ctřetí",
            "progress": "Výzva\x1f 2\x01 byla vyhlášena\x7f",
        }
    )
    # When the background task generates it
    assert report_tasks.generate_report.call(report.pk) == ImportStatus.SUCCEEDED
    # Then the DOCX holds the text, line breaks for the vertical tab and the form feed and the
    # other characters dropped, and so does the PDF
    report.refresh_from_db()
    handle = storage.open_file(report, "docx")
    assert handle is not None
    with handle:
        document = Document(io.BytesIO(handle.read()))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert "Úvod zprávy\ndruhý řádek\ntřetí" in paragraphs
    assert "Výzva 2 byla vyhlášena" in paragraphs
    handle = storage.open_file(report, "pdf")
    assert handle is not None
    with handle:
        text = "\n".join(page.extract_text() for page in PdfReader(handle).pages)
    assert "Výzva 2 byla vyhlášena" in text
    assert "druhý řádek" in text
