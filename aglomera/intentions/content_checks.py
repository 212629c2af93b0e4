"""Is an uploaded file, as a whole, the document it claims to be?

`uploads.check_upload` first decides the claimed type from the first bytes (and, for zip
archives, the names of the parts). `check_content` then checks the whole file, so that a file
that starts like a PDF but is also a web page, a program or a ZIP archive (a "polyglot"), or an
archive that unpacks into gigabytes (a "zip bomb"), is refused. It raises
`ContentRefusedError`, whose `problem` (and `what`) `uploads.check_upload` turns into a message
for the applicant.

- **PDF**: pypdf opens it with strict parsing under tighter limits (`_PDF_CONFIGURATION`) and it has at
  least one page; the last `%%EOF` is followed by nothing but whitespace (an appended ZIP or any
  other trailing data is refused). An encrypted PDF opens with the empty user password or is
  refused as password-protected; one encrypted with AES, which pypdf cannot decrypt without a
  cryptography library (not installed), passes on its structure alone.
- **PNG**: the chunks run from the signature to `IEND` with nothing after it; Pillow reads the
  header and verifies every chunk's checksum. **JPEG**: Pillow decodes the whole image at 1/8
  scale (bounded memory). Data after a JPEG's end is accepted, since cameras write their own
  trailers there, but not if it is one of the formats below.
- PDF, PNG and JPEG must not contain, anywhere, web content (`_HTML_RULES`: a tag that runs, embeds
  or restyles content such as `<script`, `<svg`, `<object`, `<iframe`, `<meta`, `<style`; an
  event handler like `onerror=` inside any tag; a `javascript:` URL), a Windows program (`MZ`
  header with a `PE` signature, or the DOS stub text), a ZIP archive the standard library can
  open (its end record is at the end), or (images) a PDF header. The file is searched whole: it
  is at most UPLOAD_MAX_BYTES, already held in memory for the parsers.
- **DOCX / XLSX** and **ODT / ODS** are read with `aglomera.core.safe_zip` under
  `ATTACHMENT_ZIP_LIMITS` (entries, unpacked size, compression ratio, paths). OOXML: the content
  types part declares the main part (`word/document.xml` / `xl/workbook.xml`) with the content
  type of the format; macro-enabled documents (`vbaProject.bin`, a macro-enabled main part) are
  refused. ODF: the first entry is `mimetype`, stored uncompressed at the start of the file, with
  exactly the format's value, and `META-INF/manifest.xml` and `content.xml` exist. Every entry
  is then unpacked as a stream (counted against the limits, CRC checked), every `.xml` and
  `.rels` part is parsed by `aglomera.core.safe_xml` (no DTD, no entities), and no entry may be a
  Windows program.
- Pictures may have at most `IMAGE_MAX_PIXELS` pixels.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Literal

import pypdf
from PIL import Image
from pypdf.errors import DependencyError

from aglomera.core.safe_xml import XmlRefusedError, parse_xml
from aglomera.core.safe_zip import TOO_MUCH, SafeZip, ZipLimits, ZipRefusedError

Problem = Literal["damaged", "too_much", "hidden", "password", "pixels"]
Hidden = Literal["html", "program", "zip", "pdf", "trailing", "macros"]

# What an office document may unpack to. 100 MiB unpacked is far more than any attachment of
# 10 MiB (UPLOAD_MAX_BYTES) holds; a ratio over 100 does not happen in real documents.
ATTACHMENT_ZIP_LIMITS = ZipLimits(
    max_entries=2_000, max_total_bytes=100 * 1024 * 1024, max_ratio=100
)
# Below Pillow's own decompression-bomb warning (about 89 million); a 50-megapixel photo passes.
IMAGE_MAX_PIXELS = 80_000_000
# pypdf's work while opening a PDF: no external JBIG2 decoder, and decompressed object and xref
# streams (the only streams read here) bounded well below pypdf's defaults.
_PDF_CONFIGURATION = pypdf.Configuration(
    jbig2dec_binary=None,
    zlib_maximum_output_length=20 * 1024 * 1024,
    lzw_maximum_output_length=20 * 1024 * 1024,
    run_length_maximum_output_length=20 * 1024 * 1024,
    stream_decoding_work_maximum_length=50 * 1024 * 1024,
    page_tree_maximum_entries=50_000,
    page_tree_maximum_depth=50,
)
_PNG_MAX_CHUNKS = 100_000

_OOXML: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # key: (main part, its content type, macro-enabled content types of the same kind)
    "docx": (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        (
            "application/vnd.ms-word.document.macroenabled.main+xml",
            "application/vnd.ms-word.template.macroenabledtemplate.main+xml",
        ),
    ),
    "xlsx": (
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        (
            "application/vnd.ms-excel.sheet.macroenabled.main+xml",
            "application/vnd.ms-excel.template.macroenabled.main+xml",
        ),
    ),
}
ODF_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
_MIMETYPE_MAX = 256

# Web content a browser would run or load, were the file ever shown as a page. Each rule needs a
# whole tag-like shape, not a fragment: PDF syntax is full of `<<` dictionaries and `<hex>`
# strings, and compressed streams are random bytes in which 2-3 letters after a `<` turn up by
# chance (`<svg ` about once in 17 GB of random bytes, the longer shapes far less often). Every
# repetition is bounded, so a hostile file cannot make the search slow.
_HTML_RULES = (
    # Tags that run, embed or restyle content, or start a page
    re.compile(
        rb"<(?:script|iframe|frame|frameset|object|embed|applet|svg|math|form|meta|link|base"
        rb"|style|html|body)[\s/>]|<!doctype\s+html",
        re.IGNORECASE,
    ),
    # An event handler (`onload=`, `onerror=`, ...) inside any tag: `<img src=x onerror=...>`
    re.compile(
        rb"<[a-z][\w:-]{0,30}(?=[\s/])[^<>]{0,1000}?(?<=[\s/\"'])on[a-z]{3,30}\s{0,20}=",
        re.IGNORECASE,
    ),
    # A script URL, in a link or anywhere else: `<a href="javascript:...">`
    re.compile(rb"(?:java|vb)script\s{0,20}:", re.IGNORECASE),
)
_DOS_STUB = b"This program cannot be run in DOS mode"
_PE_OFFSET_FIELD = 0x3C
_PE_OFFSET_MAX = 4096
_WHITESPACE = b"\x00\t\n\x0c\r "
_ZIP_END = b"PK\x05\x06"
_ZIP_END_REACH = 0xFFFF + 22


class ContentRefusedError(Exception):
    """The file is refused: `problem` says why, `what` names hidden content."""

    def __init__(self, problem: Problem, what: Hidden | None = None, detail: str = "") -> None:
        super().__init__(f"{problem} {what or ''}: {detail}".strip())
        self.problem: Problem = problem
        self.what: Hidden | None = what


def check_content(handle: IO[bytes], key: str) -> None:
    """Check the whole file of type `key` (a key of uploads.FILE_TYPES)."""
    handle.seek(0)
    try:
        if key in _OOXML:
            _check_ooxml(handle, key)
        elif key in ODF_MIMETYPES:
            _check_odf(handle, key)
        else:
            data = handle.read()
            {"pdf": _check_pdf, "png": _check_png, "jpeg": _check_jpeg}[key](data)
            hidden = other_format(data, key)
            if hidden is not None:
                raise ContentRefusedError("hidden", hidden)
    finally:
        handle.seek(0)


def zip_type(handle: IO[bytes]) -> str | None:
    """The office format a zip archive claims by its parts, None when it claims none. A hostile
    archive (a bomb, unsafe paths) raises ContentRefusedError; a non-archive gives None."""
    try:
        with SafeZip(handle, ATTACHMENT_ZIP_LIMITS) as archive:
            names = set(archive.names)
            if "mimetype" in names:
                try:
                    value = archive.read("mimetype", _MIMETYPE_MAX).strip()
                except ZipRefusedError:
                    return None
                return next((k for k, v in ODF_MIMETYPES.items() if v == value), None)
            if "[Content_Types].xml" in names:
                return next((k for k, (part, *_) in _OOXML.items() if part in names), None)
            return None
    except ZipRefusedError as exc:
        if exc.reason == "not_a_zip":
            return None
        raise _zip_refusal(exc) from exc


def other_format(data: bytes, key: str) -> Hidden | None:
    """Another format hidden in a PDF or a picture, or None."""
    if any(rule.search(data) for rule in _HTML_RULES):
        return "html"
    if _DOS_STUB in data or any(_program_at(data, m.start()) for m in re.finditer(b"MZ", data)):
        return "program"
    if key != "pdf" and b"%PDF-" in data:
        return "pdf"
    if _ZIP_END in data[-_ZIP_END_REACH:] and _opens_as_zip(data):
        return "zip"
    return None


def _program_at(data: bytes, start: int) -> bool:
    """An `MZ` header at `start` whose PE offset field points at a `PE\\0\\0` signature."""
    field = data[start + _PE_OFFSET_FIELD : start + _PE_OFFSET_FIELD + 4]
    if data[start : start + 2] != b"MZ" or len(field) < 4:
        return False
    offset = int.from_bytes(field, "little")
    return 0 < offset < _PE_OFFSET_MAX and data[start + offset : start + offset + 4] == b"PE\0\0"


def _opens_as_zip(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)):
            return True
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError, IndexError):
        return False


# --- PDF ----------------------------------------------------------------------------------


def _check_pdf(data: bytes) -> None:
    end = data.rfind(b"%%EOF")
    if end < 0:
        raise ContentRefusedError("damaged", detail="no %%EOF")
    if data[end + len(b"%%EOF") :].strip(_WHITESPACE):
        raise ContentRefusedError("hidden", "trailing", "data after the last %%EOF")
    try:
        with pypdf.apply_configuration(_PDF_CONFIGURATION):
            reader = pypdf.PdfReader(io.BytesIO(data), strict=True)
            if reader.is_encrypted and not _decrypted(reader):
                return
            pages = len(reader.pages)
    except ContentRefusedError:
        raise
    except Exception as exc:  # pypdf raises many kinds on hostile input
        raise ContentRefusedError("damaged", detail=f"pypdf: {exc!r}") from exc
    if pages < 1:
        raise ContentRefusedError("damaged", detail="no pages")


def _decrypted(reader: pypdf.PdfReader) -> bool:
    """Decrypt with the empty user password; False when pypdf lacks the cipher (AES)."""
    try:
        result = reader.decrypt("")
    except DependencyError:
        return False
    if result == pypdf.PasswordType.NOT_DECRYPTED:
        raise ContentRefusedError("password")
    return True


# --- Pictures -----------------------------------------------------------------------------


def _check_png(data: bytes) -> None:
    position, end = 8, None
    for _ in range(_PNG_MAX_CHUNKS):
        if position + 12 > len(data):
            break
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        position += 12 + length
        if kind == b"IEND":
            end = position
            break
    if end is None or end > len(data):
        raise ContentRefusedError("damaged", detail="no IEND chunk")
    if end < len(data):
        raise ContentRefusedError("hidden", "trailing", "data after IEND")
    _check_picture(data, "PNG")


def _check_jpeg(data: bytes) -> None:
    _check_picture(data, "JPEG")


def _check_picture(data: bytes, kind: str) -> None:
    too_large = False
    try:
        with Image.open(io.BytesIO(data), formats=[kind]) as image:
            width, height = image.size
            if width * height > IMAGE_MAX_PIXELS:
                too_large = True
            elif kind == "PNG":
                image.verify()
            else:
                image.draft(None, (1, 1))  # decode at the smallest scale: bounded memory
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ContentRefusedError("pixels", detail=str(exc)) from exc
    except Exception as exc:  # Pillow raises many kinds on hostile input
        raise ContentRefusedError("damaged", detail=f"Pillow: {exc!r}") from exc
    if too_large:
        raise ContentRefusedError("pixels", detail=f"{width} x {height}")


# --- Office documents ---------------------------------------------------------------------


def _zip_refusal(exc: ZipRefusedError) -> ContentRefusedError:
    return ContentRefusedError("too_much" if exc.reason in TOO_MUCH else "damaged", detail=str(exc))


@contextmanager
def _archive(handle: IO[bytes]) -> Iterator[SafeZip]:
    try:
        with SafeZip(handle, ATTACHMENT_ZIP_LIMITS) as archive:
            yield archive
    except ZipRefusedError as exc:
        raise _zip_refusal(exc) from exc
    except XmlRefusedError as exc:
        raise ContentRefusedError("damaged", detail=f"XML: {exc}") from exc


def _check_ooxml(handle: IO[bytes], key: str) -> None:
    part, main_type, macro_types = _OOXML[key]
    with _archive(handle) as archive:
        if archive.info("[Content_Types].xml") is None or archive.info(part) is None:
            raise ContentRefusedError("damaged", detail="a required part is missing")
        if any(name.lower().endswith("vbaproject.bin") for name in archive.names):
            raise ContentRefusedError("hidden", "macros")
        overrides: dict[str, str] = {}
        defaults: dict[str, str] = {}

        def start(name: str, attributes: dict[str, str]) -> None:
            local = name.rpartition(":")[2]
            content_type = attributes.get("ContentType", "").strip().lower()
            if local == "Override":
                overrides[attributes.get("PartName", "").lower()] = content_type
            elif local == "Default":
                defaults[attributes.get("Extension", "").lower()] = content_type

        parse_xml(archive.chunks("[Content_Types].xml"), start)
        declared = overrides.get(f"/{part}", defaults.get("xml", ""))
        if declared in macro_types:
            raise ContentRefusedError("hidden", "macros")
        if declared != main_type:
            raise ContentRefusedError("damaged", detail=f"main part declared as {declared!r}")
        _read_everything(archive)


def _check_odf(handle: IO[bytes], key: str) -> None:
    with _archive(handle) as archive:
        infos = archive.infos
        first = infos[0] if infos else None
        if (
            first is None
            or first.filename != "mimetype"
            or first.header_offset != 0
            or first.compress_type != zipfile.ZIP_STORED
            or archive.read(first, _MIMETYPE_MAX) != ODF_MIMETYPES[key]
        ):
            raise ContentRefusedError("damaged", detail="no stored mimetype entry first")
        if archive.info("META-INF/manifest.xml") is None or archive.info("content.xml") is None:
            raise ContentRefusedError("damaged", detail="a required part is missing")
        _read_everything(archive)


def _read_everything(archive: SafeZip) -> None:
    """Unpack every entry as a stream: XML parts are parsed (LibreOffice writes some empty
    ones), nothing may be a program."""
    for info in archive.infos:
        if info.is_dir():
            continue
        chunks = archive.chunks(info)
        if info.file_size and info.filename.lower().endswith((".xml", ".rels")):
            parse_xml(chunks)
            continue
        for number, chunk in enumerate(chunks):
            if number == 0 and _program_at(chunk, 0):
                raise ContentRefusedError("hidden", "program", info.filename)
