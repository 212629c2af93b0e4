"""Hostile attachments are refused: zip bombs, lying archives, polyglots and disguised files.

Every hostile file is built here, in memory, from the genuine samples (samples.py). A bomb is a
run of zeros written through zipfile a megabyte at a time: 200 MB unpacked from about 200 KB,
twice the 100 MB an attachment may unpack to, so the tests stay fast.
"""

from __future__ import annotations

import io
import random
import struct
import tracemalloc
import zipfile
import zlib
from datetime import UTC, datetime
from typing import Any

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from fpdf import FPDF
from PIL import Image
from PIL.PngImagePlugin import PngInfo
from pypdf.errors import DependencyError
from pypdf.xmp import XmpInformation

from aglomera.accounts.models import Role
from aglomera.demo.pipeline import DEMO_PDF
from aglomera.intentions import uploads
from aglomera.intentions.models import Attachment
from aglomera.intentions.tests import samples
from aglomera.intentions.tests.builders import PipelineWorld

MB = 1024 * 1024
# Checking a refused bomb may hold a few chunks and zipfile's buffers, never the 200 MB.
MEMORY_BOUND = 16 * MB
DOCUMENT = "word/document.xml"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def refusal(name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as refused:
        uploads.check_upload(upload(name, content))
    return " ".join(refused.value.messages)


def with_bomb(genuine: bytes, name: str, megabytes: int = 200) -> bytes:
    """The genuine archive with entry `name` replaced by `megabytes` MB of zeros."""
    source = zipfile.ZipFile(io.BytesIO(genuine))
    buffer = io.BytesIO()
    zeros = bytes(MB)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename != name:
                archive.writestr(info, source.read(info))
                continue
            with archive.open(name, "w") as entry:
                for _ in range(megabytes):
                    entry.write(zeros)
    return buffer.getvalue()


def declaring(document: bytes, name: str, size: int) -> bytes:
    """The same archive whose headers say entry `name` unpacks to `size` bytes."""
    data = bytearray(document)
    position = data.find(b"PK\x01\x02")
    while position >= 0:
        length = struct.unpack_from("<H", data, position + 28)[0]
        if data[position + 46 : position + 46 + length] == name.encode():
            struct.pack_into("<L", data, position + 24, size)
            local = struct.unpack_from("<L", data, position + 42)[0]
            struct.pack_into("<L", data, local + 22, size)
        position = data.find(b"PK\x01\x02", position + 4)
    return bytes(data)


def peak_of_check(name: str, content: bytes) -> tuple[str, int]:
    """The refusal message and the peak of Python allocations while checking."""
    attachment = upload(name, content)
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as refused:
            uploads.check_upload(attachment)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return " ".join(refused.value.messages), peak


def program() -> bytes:
    """The start of a Windows program: `MZ`, the PE offset at 0x3C, the `PE` signature."""
    header = bytearray(b"MZ" + bytes(126))
    struct.pack_into("<L", header, 0x3C, 0x80)
    return bytes(header) + b"PE\0\0" + bytes(20)


def zip_archive() -> bytes:
    return samples.zipped({"payload.html": b"<html><script>alert(1)</script></html>"})


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">L", len(data)) + kind + data + struct.pack(">L", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header claims width x height pixels."""
    header = struct.pack(">LLBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(bytes(64)))
        + png_chunk(b"IEND", b"")
    )


# --- Item 3: zip bombs --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "genuine", "entry"),
    [
        ("rozpocet.docx", samples.docx(), DOCUMENT),
        ("popis.odt", samples.odf("odt"), "content.xml"),
        ("tabulka.xlsx", samples.xlsx(), "xl/workbook.xml"),
    ],
)
def test_it_refuses_a_zip_bomb_within_bounded_memory(name: str, genuine: bytes, entry: str) -> None:
    # Given a document whose main part is 200 MB of zeros, packed into about 200 KB
    bomb = with_bomb(genuine, entry)
    assert len(bomb) < MB
    # When it is checked
    message, peak = peak_of_check(name, bomb)
    # Then it is refused as a bomb, and memory stayed far below what it unpacks to
    assert "would unpack to more than 100.0\xa0MB or into too many parts" in message
    assert peak < MEMORY_BOUND


def test_it_refuses_a_bomb_whose_headers_declare_a_small_size() -> None:
    # Given the DOCX bomb whose headers claim its main part is 1 KB
    bomb = declaring(with_bomb(samples.docx(), DOCUMENT), DOCUMENT, 1024)
    # When it is checked
    message, peak = peak_of_check("rozpocet.docx", bomb)
    # Then reading stops at the declared size, the file is refused, memory stayed small
    assert "is damaged or is not a genuine DOCX file" in message
    assert peak < MEMORY_BOUND


def test_it_refuses_a_document_of_too_many_parts() -> None:
    parts = {f"word/media/image{n}.png": b"x" for n in range(2_001)}
    document = samples.replace_entries(samples.docx(), parts)
    assert "too many parts" in refusal("rozpocet.docx", document)


@pytest.mark.parametrize("path", ["../../evil.xml", "/etc/cron.d/evil", "word\\..\\..\\evil"])
def test_it_refuses_a_document_with_a_path_outside_the_archive(path: str) -> None:
    document = samples.replace_entries(samples.docx(), {path: b"<a/>"})
    assert "is damaged or is not a genuine DOCX file" in refusal("rozpocet.docx", document)


# --- Item 4: PDF --------------------------------------------------------------------------

HTML = b"<html><body><script>document.location='https://evil.example/'</script></body></html>\n"


def test_a_pdf_polyglot_that_parses_is_refused() -> None:
    # Given the PDF of the report: `%PDF-1.4`, then a web page with a script and a program
    polyglot = samples.pdf(after_header=HTML + program())
    # ... which a strict PDF parser opens as a one-page document
    assert len(pypdf.PdfReader(io.BytesIO(polyglot), strict=True).pages) == 1
    # When it is checked, then it is refused and the message says what it hides
    message = refusal("zamer.pdf", polyglot)
    assert "besides the PDF document it contains a web page or a script" in message


@pytest.mark.parametrize(
    ("content", "hidden"),
    [
        (samples.pdf(after_header=program()), "a program"),
        (samples.pdf(after_header=b"%This program cannot be run in DOS mode.\n"), "a program"),
        (samples.pdf(after_end=zip_archive()), "data after the end of the document"),
        (samples.pdf(after_end=b"<p>trailing</p>"), "data after the end of the document"),
    ],
)
def test_it_refuses_a_pdf_hiding_another_format(content: bytes, hidden: str) -> None:
    assert f"besides the PDF document it contains {hidden}" in refusal("zamer.pdf", content)


def test_it_refuses_a_pdf_with_a_zip_appended_behind_a_repeated_end() -> None:
    # Given a PDF, then a ZIP archive, then the PDF's `startxref ... %%EOF` again
    document = samples.pdf()
    combined = document + zip_archive() + b"\n" + samples.startxref(document)
    # ... which opens both as a PDF and as a ZIP archive
    assert len(pypdf.PdfReader(io.BytesIO(combined), strict=True).pages) == 1
    assert zipfile.ZipFile(io.BytesIO(combined)).namelist() == ["payload.html"]
    # Then it is refused
    assert "it contains a ZIP archive" in refusal("zamer.pdf", combined)


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n%%EOF\n",
        b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
        samples.pdf(pages=0),
        samples.pdf()[:-200] + b"%%EOF\n",
        b"%PDF-1.4\n" + HTML,
    ],
    ids=["header-only", "no-xref", "no-pages", "truncated", "html"],
)
def test_it_refuses_what_only_starts_like_a_pdf(content: bytes) -> None:
    assert "is damaged or is not a genuine PDF file" in refusal("zamer.pdf", content)


def encrypted_pdf(user_password: str) -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt(user_password=user_password, owner_password="vlastnik", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_it_refuses_a_pdf_that_needs_a_password_and_accepts_one_that_only_restricts() -> None:
    assert "is protected by a password" in refusal("zamer.pdf", encrypted_pdf("tajne"))
    assert uploads.check_upload(upload("zamer.pdf", encrypted_pdf(""))).size > 0


def test_it_accepts_a_pdf_encrypted_with_a_cipher_pypdf_cannot_read_on_its_structure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given pypdf without the AES cipher (no cryptography library is installed)
    def no_cipher(*_args: Any) -> None:
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(pypdf.PdfReader, "decrypt", no_cipher)
    # Then an encrypted PDF passes on its structure, pages unread
    assert uploads.check_upload(upload("zamer.pdf", encrypted_pdf(""))).size > 0


def test_it_accepts_whitespace_after_the_end_of_a_pdf() -> None:
    assert uploads.check_upload(upload("zamer.pdf", samples.pdf(after_end=b"\r\n\x00\x00\n")))


# --- Item 4: pictures ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("mapa.png", samples.png() + zip_archive(), "data after the end of the document"),
        ("mapa.png", samples.png() + b"x", "data after the end of the document"),
        ("foto.jpg", samples.jpeg() + zip_archive(), "it contains a ZIP archive"),
        ("foto.jpg", samples.jpeg() + HTML, "it contains a web page or a script"),
        ("foto.jpg", samples.jpeg() + program(), "it contains a program"),
        ("foto.jpg", samples.jpeg() + samples.pdf(), "it contains a PDF document"),
    ],
)
def test_it_refuses_a_picture_hiding_another_format(
    name: str, content: bytes, message: str
) -> None:
    assert message in refusal(name, content)


def test_it_accepts_a_camera_trailer_after_the_end_of_a_jpeg() -> None:
    # Phones write their own data after the picture's end (e.g. Samsung's "SEFT" trailer)
    trailer = b"\x00\x00SEFH" + bytes(range(256)) * 4 + b"SEFT"
    assert uploads.check_upload(upload("foto.jpg", samples.jpeg() + trailer))


def corrupt(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("mapa.png", samples.png()[:-12], "PNG"),
        ("mapa.png", corrupt(samples.png(), 40), "PNG"),
        ("mapa.png", b"\x89PNG\r\n\x1a\n" + bytes(40), "PNG"),
        ("foto.jpg", samples.jpeg()[: len(samples.jpeg()) // 2], "JPEG"),
        ("foto.jpg", b"\xff\xd8\xff\xe0" + bytes(32), "JPEG"),
    ],
    ids=["png-no-end", "png-bad-checksum", "png-zeros", "jpeg-truncated", "jpeg-zeros"],
)
def test_it_refuses_a_picture_that_does_not_decode(name: str, content: bytes, kind: str) -> None:
    assert f"is damaged or is not a genuine {kind} file" in refusal(name, content)


def test_it_refuses_a_picture_of_too_many_pixels() -> None:
    # Given a 1 KB PNG that claims 9,000 x 9,000 pixels (81 million; the limit is 80)
    message = refusal("mapa.png", png_claiming(9_000, 9_000))
    assert "has too many pixels (at most 80 million are accepted)" in message
    # And one so large that Pillow itself calls it a decompression bomb
    assert "has too many pixels" in refusal("mapa.png", png_claiming(20_000, 20_000))


# --- Item 8: web content hidden in metadata and trailers ----------------------------------

SVG_TITLE = "<svg/onload=alert`1`>"
IMG_TITLE = "<img src=x onerror=alert`1`>"
OBJECT_TITLE = "<object data=javascript:alert`1`>"


def pdf_titled(title: str, *, raw: bool = True) -> bytes:
    """A well-formed PDF by pypdf whose document information /Title is `title`. pypdf escapes
    `<`, `=` and the like as `\\074`; `raw` writes the title's characters as they are, as other
    programs (and attackers) do, padding with spaces so every offset in the file stays right."""
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/Title": title, "/Producer": "pypdf"})
    buffer = io.BytesIO()
    writer.write(buffer)
    document = buffer.getvalue()
    if not raw:
        return document
    start = document.index(b"/Title (") + len(b"/Title ")
    end = document.index(b")\n", start) + 1
    literal = b"(" + title.encode("latin-1") + b")"
    assert len(literal) <= end - start
    return document[:start] + literal.ljust(end - start) + document[end:]


def png_with_text(key: str, text: str) -> bytes:
    """The genuine PNG with a tEXt chunk `key`: `text`, written by Pillow."""
    info = PngInfo()
    info.add_text(key, text)
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (30, 110, 60)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


@pytest.mark.parametrize("title", [SVG_TITLE, IMG_TITLE, OBJECT_TITLE])
def test_it_refuses_a_well_formed_pdf_whose_title_is_web_content(title: str) -> None:
    # Given a PDF whose /Title, written as a literal string `(...)`, is a tag that runs a script
    document = pdf_titled(title)
    assert b"/Title (" + title.encode() + b")" in document
    # ... which a strict parser opens as a one-page document with that title
    reader = pypdf.PdfReader(io.BytesIO(document), strict=True)
    assert (len(reader.pages), reader.metadata and reader.metadata.title) == (1, title)
    # When it is checked, then it is refused for the web content it carries
    message = refusal("zamer.pdf", document)
    assert "besides the PDF document it contains a web page or a script" in message


def test_it_refuses_a_png_whose_text_chunk_is_web_content() -> None:
    # Given a PNG with a tEXt chunk holding a script-running SVG tag, every checksum correct
    picture = png_with_text("Comment", "<svg onload=alert(1)>")
    with Image.open(io.BytesIO(picture)) as image:
        image.verify()
    with Image.open(io.BytesIO(picture)) as image:
        assert image.text == {"Comment": "<svg onload=alert(1)>"}  # type: ignore[attr-defined]
    # Then it is refused
    assert "besides the PNG document it contains a web page or a script" in refusal(
        "mapa.png", picture
    )


@pytest.mark.parametrize(
    "payload",
    [
        b"<svg/onload=alert(1)>",
        b"<SVG\n\tONLOAD = alert(1)>",
        b"<img/src/onerror=alert(1)>",
        b'<img src="x"onerror=alert(1)>',
        b"<details open ontoggle=alert(1)>",
        b"<custom-tag tabindex=1 autofocus onfocus=alert(1)>",
        b'<a href="JavaScript:alert(1)">click</a>',
        b"<a href=vbscript:msgbox(1)>click</a>",
        b"<embed src=//evil.example/x.swf>",
        b"<object data=//evil.example/>",
        b"<iframe/src=//evil.example/>",
        b"<frameset><frame src=//evil.example/>",
        b"<form action=//evil.example/login>",
        b'<meta http-equiv="refresh" content="0;url=//evil.example/">',
        b"<link rel=stylesheet href=//evil.example/x.css>",
        b"<base href=//evil.example/>",
        b"<style>@import '//evil.example/x.css'</style>",
        b"<math><mtext><table><mglyph><style><img src=x>",
    ],
)
def test_it_refuses_a_jpeg_followed_by_web_content(payload: bytes) -> None:
    # Given a genuine JPEG with web content after the end of the image (a "trailer")
    picture = samples.jpeg() + payload
    with Image.open(io.BytesIO(picture)) as image:
        image.load()
    # Then it is refused, whatever the case, spacing or `/` after the tag name
    assert "besides the JPEG document it contains a web page or a script" in refusal(
        "foto.jpg", picture
    )


def noise_pdf(seed: int) -> bytes:
    """An fpdf2 PDF with a title, a link, text with `<` and `>`, and two pictures of random
    pixels: a PNG one stored as a deflated stream and a JPEG one, megabytes of random bytes in
    which short tag-like fragments (`<a `, `<x on...`) turn up by chance."""
    noise = random.Random(seed)  # noqa: S311 - pixels, not secrets: the same file every run
    pdf = FPDF()
    pdf.set_title("Studie <proveditelnosti> > 5 mil. Kč")
    pdf.set_creation_date(datetime(2025, 1, 1, tzinfo=UTC))
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Costs < 5 million and > 1 million", link="https://example.org/on?x=1")
    pdf.image(Image.frombytes("RGB", (1024, 1024), noise.randbytes(3 * 1024 * 1024)), w=80)
    photo = io.BytesIO()
    Image.frombytes("RGB", (512, 512), noise.randbytes(3 * 512 * 512)).save(
        photo, "JPEG", quality=95
    )
    pdf.image(photo, w=80)
    return bytes(pdf.output())


def fpdf_plain() -> bytes:
    pdf = FPDF()
    pdf.set_title("Studie proveditelnosti")
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.cell(text="Aglomera - feasibility study")
    return bytes(pdf.output())


def pypdf_compressed() -> bytes:
    """A pypdf PDF whose content stream is compressed, with an XMP metadata packet."""
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/Title": "Studie proveditelnosti", "/Author": "Odbor <ITI>"})
    xmp = XmpInformation.create()
    xmp.dc_title = {"x-default": "Studie proveditelnosti"}
    xmp.dc_creator = ["Odbor ITI"]
    xmp.dc_format = "application/pdf"
    xmp.xmp_creator_tool = "Writer"
    xmp.xmp_create_date = datetime(2025, 1, 1, tzinfo=UTC)
    xmp.pdf_producer = "LibreOffice"
    xmp.xmpmm_document_id = "uuid:9f0b1c3e-online"
    writer.xmp_metadata = xmp
    for page in writer.pages:
        page.compress_content_streams()
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("studie.pdf", fpdf_plain),
        ("studie.pdf", lambda: noise_pdf(1)),
        ("studie.pdf", lambda: noise_pdf(2)),
        ("studie.pdf", pypdf_compressed),
        ("studie.pdf", lambda: DEMO_PDF),
        ("studie.pdf", lambda: pdf_titled("Náklady < 5 mil. Kč; online = ano", raw=False)),
        ("studie.pdf", lambda: pdf_titled("Costs <5 million> & online = yes")),
        ("mapa.png", lambda: png_with_text("Software", "Map <export> onboarding=yes")),
        ("foto.jpg", lambda: samples.jpeg() + b"<b>caption</b> <a href=https://example.org/>"),
    ],
    ids=[
        "fpdf2",
        "fpdf2-noise-1",
        "fpdf2-noise-2",
        "pypdf-xmp",
        "demo",
        "pypdf-title",
        "raw-title",
        "png-text",
        "jpeg-harmless-tags",
    ],
)
def test_genuine_files_with_tag_like_bytes_are_accepted(name: str, build: Any) -> None:
    # Given genuine documents with `<<` dictionaries, `<hex>` strings, compressed random pixels
    # and text with `<` and `>` in it, then none is taken for a web page
    content = build()
    assert uploads.check_upload(upload(name, content)).size == len(content)


# --- Item 4: office documents -------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&d;</w:document>
"""
MACRO_TYPE = b"application/vnd.ms-word.document.macroEnabled.main+xml"
MAIN_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"


def docx_declaring(content_type: bytes) -> bytes:
    document = samples.docx()
    types = zipfile.ZipFile(io.BytesIO(document)).read("[Content_Types].xml")
    assert MAIN_TYPE in types
    return samples.replace_entries(
        document, {"[Content_Types].xml": types.replace(MAIN_TYPE, content_type)}
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (docx_declaring(MACRO_TYPE), "besides the DOCX document it contains macros"),
        (
            samples.replace_entries(samples.docx(), {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}),
            "besides the DOCX document it contains macros",
        ),
        (
            samples.replace_entries(samples.docx(), {"word/embeddings/oleObject1.bin": program()}),
            "besides the DOCX document it contains a program",
        ),
        (docx_declaring(TEMPLATE_TYPE), "is damaged or is not a genuine DOCX file"),
        (
            samples.replace_entries(samples.docx(), {DOCUMENT: BILLION_LAUGHS}),
            "is damaged or is not a genuine DOCX file",
        ),
        (
            samples.replace_entries(samples.docx(), {"[Content_Types].xml": None}),
            "is not an allowed document",
        ),
        (
            samples.replace_entries(samples.docx(), {"word/styles.xml": b"<w:styles><oops>"}),
            "is damaged or is not a genuine DOCX file",
        ),
    ],
    ids=[
        "macro-type",
        "vba-project",
        "embedded-program",
        "template",
        "entities",
        "no-types",
        "xml",
    ],
)
def test_it_refuses_a_docx_that_is_not_a_plain_document(content: bytes, message: str) -> None:
    assert message in refusal("rozpocet.docx", content)


def odt_from(entries: dict[str, bytes], *, stored: tuple[str, ...] = ("mimetype",)) -> bytes:
    return samples.zipped(entries, stored=stored)


ODT = samples.odf_entries("odt")


@pytest.mark.parametrize(
    "content",
    [
        odt_from(ODT, stored=()),
        odt_from({"content.xml": ODT["content.xml"], **ODT}),
        odt_from({**ODT, "mimetype": ODT["mimetype"] + b"\n"}),
        odt_from({k: v for k, v in ODT.items() if k != "META-INF/manifest.xml"}),
        odt_from({k: v for k, v in ODT.items() if k != "content.xml"}),
    ],
    ids=[
        "mimetype-compressed",
        "mimetype-not-first",
        "mimetype-newline",
        "no-manifest",
        "no-content",
    ],
)
def test_it_refuses_an_odf_package_that_breaks_the_standard(content: bytes) -> None:
    assert "is damaged or is not a genuine ODT file" in refusal("popis.odt", content)


# --- Through the page ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_attachment_page_refuses_hostile_files_and_keeps_genuine_ones() -> None:
    # Given an applicant's draft
    world = PipelineWorld.create()
    intention = world.draft()
    client = Client()
    client.force_login(world.user(Role.APPLICANT))
    add = reverse(
        "intentions:attachment_add", kwargs={"slug": world.agglomeration.slug, "pk": intention.pk}
    )
    # When the applicant uploads the PDF polyglot, the DOCX bomb, then a genuine DOCX
    polyglot = client.post(add, {"file": upload("zamer.pdf", samples.pdf(after_header=HTML))})
    bomb = client.post(add, {"file": upload("rozpocet.docx", with_bomb(samples.docx(), DOCUMENT))})
    genuine = client.post(add, {"file": upload("rozpocet.docx", samples.docx())})
    # Then the hostile files are refused next to the field, and only the genuine one is kept
    assert polyglot.status_code == bomb.status_code == 422
    assert "contains a web page or a script" in " ".join(
        polyglot.context["attachment_form"].errors["file"]
    )
    assert "would unpack to more than" in " ".join(bomb.context["attachment_form"].errors["file"])
    assert genuine.status_code == 302
    assert [a.original_name for a in Attachment.objects.all()] == ["rozpocet.docx"]
