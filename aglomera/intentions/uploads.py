"""Attachments of project intentions: checked by size and by content, stored outside the web root.

The type of a file is decided by its bytes, never by its name: a PDF starts with `%PDF-`, PNG and
JPEG with their signatures, and DOCX / XLSX / ODT / ODS are zip archives that must contain the
parts of their format. An executable or an HTML page renamed to `.pdf` is refused. The name's
extension must also fit the detected type, so that a downloaded file never opens as something
else on the user's computer.

Files go to the private storage that every app server and worker shares
(aglomera/core/private_files.py; never under MEDIA_URL) under a random name; the original name,
the detected content type, the size and the SHA-256 are recorded on the Attachment, and files
are only ever served by the permission-checked download view.
"""

from __future__ import annotations

import hashlib
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from aglomera.core import private_files


@dataclass(frozen=True)
class FileType:
    key: str
    content_type: str
    extensions: tuple[str, ...]


FILE_TYPES: dict[str, FileType] = {
    t.key: t
    for t in (
        FileType("pdf", "application/pdf", (".pdf",)),
        FileType(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            (".docx",),
        ),
        FileType(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            (".xlsx",),
        ),
        FileType("odt", "application/vnd.oasis.opendocument.text", (".odt",)),
        FileType("ods", "application/vnd.oasis.opendocument.spreadsheet", (".ods",)),
        FileType("png", "image/png", (".png",)),
        FileType("jpeg", "image/jpeg", (".jpg", ".jpeg")),
    )
}

_OOXML_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed the checks: what it is and its fingerprint."""

    file: Any
    original_name: str
    file_type: FileType
    size: int
    sha256: str


def storage() -> Storage:
    """The private storage that attachments share with every app server and worker."""
    return private_files.storage()


def allowed_extensions() -> list[str]:
    return [ext for key in settings.UPLOAD_ALLOWED_TYPES for ext in FILE_TYPES[key].extensions]


def _zip_type(handle: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                return _ODF_MIMETYPES.get(archive.read("mimetype").strip())
            if "[Content_Types].xml" in names:
                for key, part in _OOXML_PARTS.items():
                    if part in names:
                        return key
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError):
        return None
    return None


def detect_type(handle: IO[bytes]) -> str | None:
    """The type key of the content, or None when it is none of the known formats."""
    handle.seek(0)
    head = handle.read(8)
    handle.seek(0)
    found: str | None = None
    if head.startswith(b"%PDF-"):
        found = "pdf"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        found = "png"
    elif head.startswith(b"\xff\xd8\xff"):
        found = "jpeg"
    elif head.startswith(b"PK\x03\x04"):
        found = _zip_type(handle)
    handle.seek(0)
    return found


def _digest(upload: Any) -> str:
    sha = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        sha.update(chunk)
    upload.seek(0)
    return sha.hexdigest()


def check_upload(upload: Any) -> CheckedFile:
    """Refuse an empty, oversize or disallowed file with a message for the user."""
    name = PurePath(str(getattr(upload, "name", "") or "")).name[:255]
    size = int(getattr(upload, "size", 0) or 0)
    if size == 0:
        raise ValidationError(
            _("The file %(name)s is empty.") % {"name": name or "?"}, code="empty_file"
        )
    limit = int(settings.UPLOAD_MAX_BYTES)
    if size > limit:
        raise ValidationError(
            _("The file %(name)s is too large (%(size)s); the limit is %(limit)s.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )
    key = detect_type(upload)
    if key is None or key not in settings.UPLOAD_ALLOWED_TYPES:
        raise ValidationError(
            _(
                "The file %(name)s is not an allowed document: its content is not %(types)s "
                "(the type is checked by the content, not by the name)."
            )
            % {"name": name, "types": ", ".join(allowed_extensions())},
            code="file_type",
        )
    file_type = FILE_TYPES[key]
    if PurePath(name).suffix.lower() not in file_type.extensions:
        raise ValidationError(
            _("The file %(name)s contains %(kind)s; give it the extension %(extension)s.")
            % {
                "name": name,
                "kind": key.upper(),
                "extension": " / ".join(file_type.extensions),
            },
            code="file_extension",
        )
    return CheckedFile(upload, name, file_type, size, _digest(upload))


def store(checked: CheckedFile) -> str:
    """Save the file under a random name in the private storage; return the stored name."""
    today = timezone.now()
    name = f"attachments/{today:%Y/%m}/{secrets.token_hex(16)}{checked.file_type.extensions[0]}"
    return private_files.save(name, checked.file)


def open_stored(name: str) -> IO[bytes]:
    return private_files.open_file(name)


def delete_stored(name: str) -> None:
    private_files.delete(name)
