"""Attachments are checked by size and by content (not by name) and stored privately."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from aglomera.intentions import uploads
from aglomera.intentions.tests import samples

# Genuine documents: attachments are checked as whole files (test_upload_attacks.py).
PDF = samples.pdf()
PNG = samples.png()
JPEG = samples.jpeg()
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = samples.docx()
XLSX = samples.xlsx()
ODT = samples.odf("odt")
ODS = samples.odf("ods")


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("zamer.pdf", PDF, "application/pdf"),
        (
            "rozpocet.docx",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "rozpocet.xlsx",
            XLSX,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("popis.odt", ODT, "application/vnd.oasis.opendocument.text"),
        ("tabulka.ods", ODS, "application/vnd.oasis.opendocument.spreadsheet"),
        ("mapa.png", PNG, "image/png"),
        ("foto.JPG", JPEG, "image/jpeg"),
    ],
)
def test_it_accepts_the_allowed_types_by_their_content(
    name: str, content: bytes, content_type: str
) -> None:
    # Given a real document of an allowed type
    # When it is checked
    checked = uploads.check_upload(upload(name, content))
    # Then its type comes from the content and its fingerprint is recorded
    assert checked.file_type.content_type == content_type
    assert checked.size == len(content)
    assert len(checked.sha256) == 64
    assert checked.original_name == name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.pdf", EXE, "is not an allowed document"),
        ("page.pdf", HTML, "is not an allowed document"),
        ("archive.docx", zipped({"readme.txt": b"hi"}), "is not an allowed document"),
        ("broken.docx", b"PK\x03\x04garbage", "is not an allowed document"),
        ("odd.odt", zipped({"mimetype": b"application/x-unknown"}), "is not an allowed document"),
        ("pptx.docx", zipped({"[Content_Types].xml": b"<T/>"}), "is not an allowed document"),
        ("empty.pdf", b"", "is empty"),
        ("zamer.docx", PDF, "give it the extension .pdf"),
        ("zamer", PDF, "give it the extension .pdf"),
    ],
)
def test_it_refuses_what_the_content_does_not_allow(
    name: str, content: bytes, message: str
) -> None:
    # Given a file whose content is not what an applicant may upload under that name
    # When it is checked
    with pytest.raises(ValidationError) as refused:
        uploads.check_upload(upload(name, content))
    # Then the message says why
    assert message in " ".join(refused.value.messages)


def test_it_refuses_a_file_over_the_size_limit(settings: Any) -> None:
    # Given a limit of 1 KB
    settings.UPLOAD_MAX_BYTES = 1024
    # When a 2 KB PDF is checked
    with pytest.raises(ValidationError) as refused:
        uploads.check_upload(upload("big.pdf", PDF + b"0" * 2048))
    # Then it is refused with the limit shown
    assert "too large" in refused.value.messages[0]
    assert "1.0\xa0KB" in refused.value.messages[0]  # English, the language of the test


def test_it_refuses_a_type_the_settings_do_not_allow(settings: Any) -> None:
    # Given an installation that accepts only PDF
    settings.UPLOAD_ALLOWED_TYPES = ["pdf"]
    # When a PNG is checked
    with pytest.raises(ValidationError) as refused:
        uploads.check_upload(upload("mapa.png", PNG))
    # Then it is refused and the message lists what is allowed
    assert ".pdf" in refused.value.messages[0]
    assert uploads.allowed_extensions() == [".pdf"]


def test_it_stores_under_a_random_name_outside_the_web_root(private_root: Path) -> None:
    # Given a checked PDF
    checked = uploads.check_upload(upload("../../etc/zamer.pdf", PDF))
    # When it is stored twice
    first, second = uploads.store(checked), uploads.store(checked)
    # Then both land in the private root under different random names, without the original name
    assert first != second
    assert "zamer" not in first
    assert checked.original_name == "zamer.pdf"
    assert (private_root / first).read_bytes() == PDF
    with uploads.open_stored(first) as handle:
        assert handle.read() == PDF
    uploads.delete_stored(first)
    assert not (private_root / first).exists()
