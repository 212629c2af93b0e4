"""Small but genuine files of every attachment type, and the raw material of hostile ones.

Uploads are checked as whole documents (aglomera/intentions/content_checks.py), so tests upload
real files: a PDF with a page and a correct cross-reference table, a DOCX written by
python-docx, an XLSX by openpyxl, ODT/ODS packages laid out as the ODF standard says, and PNG
and JPEG pictures drawn by Pillow. Nothing here is committed as a file; everything is built in
memory when a test asks.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

from docx import Document
from openpyxl import Workbook
from PIL import Image

from aglomera.intentions.content_checks import ODF_MIMETYPES


def pdf(*, pages: int = 1, after_header: bytes = b"", after_end: bytes = b"") -> bytes:
    """A PDF with `pages` empty A4 pages, laid out by hand with exact offsets, so that a test
    can put anything between the header and the first object (`after_header`) and still get a
    file a strict parser opens, or add bytes after `%%EOF` (`after_end`)."""
    kids = " ".join(f"{3 + n} 0 R" for n in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        *[b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>"] * pages,
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + after_header)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out) + after_end


def startxref(document: bytes) -> bytes:
    """The `startxref ... %%EOF` tail of a PDF, to repeat after appended data."""
    return document[document.rindex(b"startxref") :]


def docx(text: str = "Studie proveditelnosti") -> bytes:
    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Položka", "Částka"])
    sheet.append(["Stavba", 1_000_000])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


MANIFEST = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
    b' manifest:version="1.3">'
    b'<manifest:file-entry manifest:full-path="/" manifest:media-type="%s"/>'
    b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    b"</manifest:manifest>"
)
CONTENT = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    b' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
    b"<office:body><office:text><text:p>Popis projektu</text:p></office:text></office:body>"
    b"</office:document-content>"
)


def odf_entries(key: str) -> dict[str, bytes]:
    """The parts of a minimal ODT ("odt") or ODS ("ods"), mimetype first."""
    mimetype = ODF_MIMETYPES[key]
    return {
        "mimetype": mimetype,
        "META-INF/manifest.xml": MANIFEST % mimetype,
        "content.xml": CONTENT,
    }


def odf(key: str) -> bytes:
    return zipped(odf_entries(key))


def zipped(entries: dict[str, bytes], *, stored: tuple[str, ...] = ("mimetype",)) -> bytes:
    """A zip archive of the entries in order; those named in `stored` are not compressed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            method = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return buffer.getvalue()


def replace_entries(document: bytes, changes: Mapping[str, bytes | None]) -> bytes:
    """The same archive with some entries replaced or added (bytes) or left out (None)."""
    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    for name, data in changes.items():
        if data is None:
            entries.pop(name, None)
        else:
            entries[name] = data
    return zipped(entries)


def png(size: tuple[int, int] = (8, 6)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 110, 60)).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg(size: tuple[int, int] = (16, 12)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, "JPEG")
    return buffer.getvalue()
