"""With CLAMD_ADDRESS set, every attachment is scanned by clamd before it is kept; a virus is
refused, and so is every upload while clamd cannot be reached (fail closed). The clamd here is a
fake one in a thread on 127.0.0.1 (aglomera/core/tests/fake_clamd.py)."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from aglomera.accounts.models import Role
from aglomera.core.tests.fake_clamd import EICAR, OK, closed_port, fake_clamd
from aglomera.intentions.models import Attachment
from aglomera.intentions.tests import samples
from aglomera.intentions.tests.builders import PipelineWorld

pytestmark = pytest.mark.django_db

PDF = samples.pdf()


@pytest.fixture
def attach(db: None) -> Any:
    """Post a file to the attachment form of an applicant's draft; return the response."""
    world = PipelineWorld.create()
    intention = world.draft()
    client = Client()
    client.force_login(world.user(Role.APPLICANT))
    add = reverse(
        "intentions:attachment_add", kwargs={"slug": world.agglomeration.slug, "pk": intention.pk}
    )

    def post(name: str, content: bytes) -> Any:
        return client.post(add, {"file": SimpleUploadedFile(name, content)})

    return post


def errors(response: Any) -> str:
    return " ".join(response.context["attachment_form"].errors["file"])


def test_a_clean_file_is_scanned_and_kept(settings: Any, attach: Any) -> None:
    # Given a clamd that finds nothing
    with fake_clamd(OK) as clamd:
        settings.CLAMD_ADDRESS = clamd.address
        # When the applicant attaches a PDF
        response = attach("zamer.pdf", PDF)
    # Then clamd received the whole file and the file is attached
    assert response.status_code == 302
    assert clamd.streams and all(stream == PDF for stream in clamd.streams)
    assert Attachment.objects.get().original_name == "zamer.pdf"


def test_a_file_with_a_virus_is_refused(
    settings: Any, attach: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # Given a clamd that finds the EICAR test signature
    with fake_clamd(EICAR) as clamd:
        settings.CLAMD_ADDRESS = clamd.address
        # When the applicant attaches a (structurally genuine) PDF
        response = attach("zamer.pdf", PDF)
    # Then it is refused with the name of what was found, and nothing is kept
    assert response.status_code == 422
    assert (
        "The virus scanner found Eicar-Test-Signature in the file zamer.pdf, so it was refused."
        in errors(response)
    )
    assert not Attachment.objects.exists()
    assert "Eicar-Test-Signature" in caplog.text


def test_every_upload_is_refused_while_clamd_is_unreachable(
    settings: Any, attach: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # Given a configured clamd that does not listen
    settings.CLAMD_ADDRESS = f"tcp://127.0.0.1:{closed_port()}"
    # When the applicant attaches a genuine PDF
    with caplog.at_level(logging.ERROR, logger="aglomera.intentions.uploads"):
        response = attach("zamer.pdf", PDF)
    # Then it is refused, the applicant is told the scan is unavailable, and the error is logged
    assert response.status_code == 422
    assert "could not be checked for viruses because the virus scanner is not available" in (
        errors(response)
    )
    assert not Attachment.objects.exists()
    assert any(
        record.levelno == logging.ERROR and "virus scan is unavailable" in record.getMessage()
        for record in caplog.records
    )


def test_an_upload_is_refused_when_clamd_does_not_answer_in_time(
    settings: Any, attach: Any
) -> None:
    with fake_clamd(None) as clamd:
        settings.CLAMD_ADDRESS = clamd.address
        settings.CLAMD_TIMEOUT = 0.2
        response = attach("zamer.pdf", PDF)
    assert response.status_code == 422
    assert "virus scanner is not available" in errors(response)


def test_without_clamd_address_nothing_is_scanned(settings: Any, attach: Any) -> None:
    settings.CLAMD_ADDRESS = ""
    assert attach("zamer.pdf", PDF).status_code == 302
