"""Attachments of project intentions: checked by size and by content, stored outside the web root.

The type of a file is decided by its bytes, never by its name: a PDF starts with `%PDF-`, PNG and
JPEG with their signatures, and DOCX / XLSX / ODT / ODS are zip archives that must contain the
parts of their format. An executable or an HTML page renamed to `.pdf` is refused. The name's
extension must also fit the detected type, so that a downloaded file never opens as something
else on the user's computer. Then the whole file must be what it claims (content_checks.py:
strict PDF, decodable pictures, sane office packages; no polyglots, no zip bombs), and with
settings.CLAMD_ADDRESS set clamd scans it; while clamd is unreachable, uploads are refused.

Files go to the private storage that every app server and worker shares
(aglomera/core/private_files.py; never under MEDIA_URL) under a random name; the original name,
the detected content type, the size and the SHA-256 are recorded on the Attachment, and files
are only ever served by the permission-checked download view.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from aglomera.core import clamd, private_files
from aglomera.intentions import content_checks

logger = logging.getLogger(__name__)


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

# What a file may hide besides the document it claims to be (content_checks.Hidden).
_HIDDEN = {
    "html": gettext_noop("a web page or a script"),
    "program": gettext_noop("a program"),
    "zip": gettext_noop("a ZIP archive"),
    "pdf": gettext_noop("a PDF document"),
    "trailing": gettext_noop("data after the end of the document"),
    "macros": gettext_noop("macros"),
}


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed the checks: what it is and its fingerprint."""

    file: Any
    original_name: str
    file_type: FileType
    size: int
    sha256: str


def allowed_extensions() -> list[str]:
    return [ext for key in settings.UPLOAD_ALLOWED_TYPES for ext in FILE_TYPES[key].extensions]


def _identify(handle: IO[bytes]) -> str | None:
    """The type key the content claims, or None when it is none of the known formats; a hostile
    archive raises ContentRefusedError. check_upload then checks the whole file."""
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
        try:
            found = content_checks.zip_type(handle)
        finally:
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
    try:
        key = _identify(upload)
    except content_checks.ContentRefusedError as refused:
        raise _refusal(refused, name, PurePath(name).suffix.lstrip(".").upper()) from refused
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
    try:
        content_checks.check_content(upload, key)
    except content_checks.ContentRefusedError as refused:
        raise _refusal(refused, name, key.upper()) from refused
    _scan_for_viruses(upload, name)
    return CheckedFile(upload, name, file_type, size, _digest(upload))


def _refusal(refused: content_checks.ContentRefusedError, name: str, kind: str) -> ValidationError:
    """The applicant's message for a file whose content is not what it claims."""
    logger.warning("Attachment %r refused: %s", name, refused)
    if refused.problem == "too_much":
        limit = content_checks.ATTACHMENT_ZIP_LIMITS.max_total_bytes
        return ValidationError(
            _(
                "The file %(name)s was refused because it would unpack to more than %(limit)s "
                "or into too many parts, which is how harmful files overload servers. Save it "
                "again in the program that created it, or split it into smaller files."
            )
            % {"name": name, "limit": filesizeformat(limit)},
            code="file_unpacks_too_much",
        )
    if refused.problem == "hidden" and refused.what is not None:
        return ValidationError(
            _(
                "The file %(name)s was refused: besides the %(kind)s document it contains "
                "%(what)s, which is how harmful files are disguised. Save or export the "
                "document again and upload the new file."
            )
            % {"name": name, "kind": kind, "what": _(_HIDDEN[refused.what])},
            code="file_hidden_content",
        )
    if refused.problem == "password":
        return ValidationError(
            _(
                "The file %(name)s is protected by a password, so its content cannot be "
                "checked. Upload it without the password."
            )
            % {"name": name},
            code="file_password",
        )
    if refused.problem == "pixels":
        return ValidationError(
            _(
                "The picture %(name)s has too many pixels (at most %(limit)s million are "
                "accepted). Reduce its resolution and upload it again."
            )
            % {"name": name, "limit": content_checks.IMAGE_MAX_PIXELS // 1_000_000},
            code="file_too_many_pixels",
        )
    return ValidationError(
        _(
            "The file %(name)s is damaged or is not a genuine %(kind)s file. Open it in the "
            "program that created it, save it again and upload the new file."
        )
        % {"name": name, "kind": kind or "?"},
        code="file_damaged",
    )


def _scan_for_viruses(upload: Any, name: str) -> None:
    """The optional scan by clamd (settings.CLAMD_ADDRESS); fails closed when clamd is down."""
    address = settings.CLAMD_ADDRESS
    if not address:
        return
    try:
        verdict = clamd.scan(upload.chunks(), address=address, timeout=settings.CLAMD_TIMEOUT)
    except clamd.ScanUnavailableError as exc:
        logger.error("The virus scan is unavailable, attachment %r refused: %s", name, exc)
        raise ValidationError(
            _(
                "The file %(name)s could not be checked for viruses because the virus scanner "
                "is not available at the moment, so it was not accepted. Please try again "
                "later; if this keeps happening, tell the administrator."
            )
            % {"name": name},
            code="virus_scan_unavailable",
        ) from exc
    finally:
        upload.seek(0)
    if verdict.infected:
        logger.warning("The virus scan found %s in attachment %r", verdict.signature, name)
        raise ValidationError(
            _("The virus scanner found %(virus)s in the file %(name)s, so it was refused.")
            % {"virus": verdict.signature, "name": name},
            code="file_virus",
        )


def store(checked: CheckedFile) -> str:
    """Save the file under a random name in the private storage; return the stored name."""
    today = timezone.now()
    name = f"attachments/{today:%Y/%m}/{secrets.token_hex(16)}{checked.file_type.extensions[0]}"
    return private_files.save(name, checked.file)


def open_stored(name: str) -> IO[bytes]:
    return private_files.open_file(name)


def delete_stored(name: str) -> None:
    private_files.delete(name)
