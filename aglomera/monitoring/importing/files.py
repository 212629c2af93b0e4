"""The uploaded lists in the private storage that every server and worker shares."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from django.conf import settings

from aglomera.core import private_files
from aglomera.monitoring import texts
from aglomera.monitoring.importing import layouts, parsing
from aglomera.monitoring.models import ImportJob

IMPORTS = "imports"  # folder of the uploaded lists in the private storage


def import_file_name(job: ImportJob) -> str:
    """The name of the job's list in the private storage (shared by every server and worker)."""
    return f"{IMPORTS}/{job.stored_file}"


def too_large() -> parsing.FileRefused:
    """The refusal of a file larger than an import may be."""
    return parsing.FileRefused(texts.TOO_LARGE, mib=settings.IMPORT_MAX_BYTES // (1024 * 1024))


@contextmanager
def local_import_file(job: ImportJob) -> Iterator[Path]:
    """A temporary local copy of the job's list, for the readers that need a path; deleted
    afterwards. FileRefused when it is gone from the storage or larger than an import may be."""
    with ExitStack() as stack:
        try:
            path = stack.enter_context(
                private_files.local_copy(
                    import_file_name(job),
                    max_bytes=settings.IMPORT_MAX_BYTES,
                    suffix=Path(job.stored_file).suffix,
                )
            )
        except FileNotFoundError as exc:
            raise parsing.FileRefused(texts.FILE_GONE) from exc
        except private_files.FileTooLargeError as exc:
            raise too_large() from exc
        yield path


def file_headers(job: ImportJob) -> list[str]:
    """The headers of the job's file (FileRefused when it cannot be read at all)."""
    base = layouts.custom_layout({}, encoding=job.source.encoding, delimiter=job.source.delimiter)
    with local_import_file(job) as path:
        return parsing.read_headers(path, job.file_name, base)
