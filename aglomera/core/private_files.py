"""Private files: attachments, imported lists and generated reports, in ONE storage.

Every app server and every background worker reads and writes these files through Django's
storage API, `storages["private"]` (settings.STORAGES), never through a local path, so that a
file uploaded to one machine is there for the worker on another and for a download served by a
third. The storage is a shared filesystem path by default (FileSystemStorage at
PRIVATE_MEDIA_ROOT, files 0600 in directories 0700; on several machines an NFS mount) or an
S3-compatible bucket (PRIVATE_STORAGE=s3, django-storages); see README "Deploying".

Names are relative to the storage (`attachments/2025/05/<random>.pdf`, `imports/<random>.csv`,
`reports/<agglomeration id>/<report>-<kind>.pdf`). Writes save a complete file, so a name the
database records always refers to a whole file. Code that needs a local path (the spreadsheet
reader) gets a temporary copy with `local_copy()`.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, cast

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

STORAGE = "private"
CHUNK = 1024 * 1024

# Relative names made of safe parts only: no absolute path, no "..", no backslash, no NUL.
_PART = r"[A-Za-z0-9_][A-Za-z0-9_.-]*"
_SAFE_NAME = re.compile(rf"{_PART}(?:/{_PART})*")


class FileTooLargeError(Exception):
    """The stored file is larger than the caller allows."""


def storage() -> Storage:
    """The one private storage of this installation (settings.STORAGES["private"])."""
    return storages[STORAGE]


class _FieldStorage(LazyObject):
    """storages["private"] for model FileFields, which keep one storage object for good: looked
    up on first use and again after the STORAGES setting changes (as in tests)."""

    _wrapped: object

    def _setup(self) -> None:
        self._wrapped = storages[STORAGE]


_field_storage = _FieldStorage()


def field_storage() -> Storage:
    """The `storage` of model FileFields holding private files (a callable, for migrations)."""
    return cast(Storage, _field_storage)


@receiver(setting_changed)
def _storages_changed(*, setting: str, **kwargs: Any) -> None:
    if setting == "STORAGES":
        _field_storage._wrapped = empty


def check_name(name: str) -> str:
    """The name itself, or FileNotFoundError when it is not a plain relative name of ours."""
    if not isinstance(name, str) or ".." in name or not _SAFE_NAME.fullmatch(name):
        raise FileNotFoundError(f"Not a private file name: {name!r}")
    return name


def save(name: str, content: Any) -> str:
    """Store a complete file (bytes, or a Django File / upload) under `name`, or under a free
    variant of it when the name is taken; the name it is stored under."""
    if isinstance(content, bytes):
        content = ContentFile(content)
    else:
        content.seek(0)
    return str(storage().save(check_name(name), content))


def open_file(name: str) -> IO[bytes]:
    """The stored file, open for reading (FileNotFoundError when it is not there)."""
    handle: IO[bytes] = storage().open(check_name(name), "rb")
    return handle


def exists(name: str) -> bool:
    try:
        return bool(storage().exists(check_name(name)))
    except FileNotFoundError:  # not a name of ours
        return False


def delete(name: str) -> None:
    """Remove the file; nothing happens when it is already gone or the name is empty."""
    if name:
        storage().delete(check_name(name))


@contextmanager
def local_copy(name: str, *, max_bytes: int, suffix: str = "") -> Iterator[Path]:
    """A temporary local copy of the stored file (for readers that need a path), deleted
    afterwards. FileNotFoundError when the file is gone, FileTooLargeError above `max_bytes`."""
    descriptor, temporary = tempfile.mkstemp(prefix="aglomera-", suffix=suffix)
    path = Path(temporary)
    try:
        with os.fdopen(descriptor, "wb") as output, open_file(name) as source:
            copied = 0
            while chunk := source.read(CHUNK):
                copied += len(chunk)
                if copied > max_bytes:
                    raise FileTooLargeError(name)
                output.write(chunk)
        yield path
    finally:
        path.unlink(missing_ok=True)
