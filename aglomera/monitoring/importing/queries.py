"""The read side of imports: jobs, their results, unmatched operations, operations as of a day.

Each function runs a fixed number of queries, whatever the size of the data.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from aglomera.agglomerations.models import Agglomeration
from aglomera.core import private_files
from aglomera.intentions.models import ProjectIntention
from aglomera.monitoring.importing import layouts, parsing
from aglomera.monitoring.models import (
    ImportJob,
    ImportStatus,
    Operation,
    OperationSnapshot,
    OperationSource,
    SourceLayout,
)

UNMATCHED_PER_PAGE = 50
RECENT_JOBS = 20
IMPORTS = "imports"  # folder of the uploaded lists in the private storage


def import_file_name(job: ImportJob) -> str:
    """The name of the job's list in the private storage (shared by every server and worker)."""
    return f"{IMPORTS}/{job.stored_file}"


def too_large_message() -> str:
    return _("The file is larger than %(mib)s MiB.") % {
        "mib": settings.IMPORT_MAX_BYTES // (1024 * 1024)
    }


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
            raise parsing.FileRefused(
                _("The uploaded file is no longer stored; upload it again.")
            ) from exc
        except private_files.FileTooLargeError as exc:
            raise parsing.FileRefused(too_large_message()) from exc
        yield path


def layout_of(source: OperationSource) -> layouts.Layout:
    return layouts.layout_for(
        source.layout,
        source.column_mapping,
        encoding=source.encoding,
        delimiter=source.delimiter,
    )


def file_headers(job: ImportJob) -> list[str]:
    """The headers of the job's file (FileRefused when it cannot be read at all)."""
    base = layouts.custom_layout({}, encoding=job.source.encoding, delimiter=job.source.delimiter)
    with local_import_file(job) as path:
        return parsing.read_headers(path, job.file_name, base)


def mapping_headers(job: ImportJob) -> list[str] | None:
    """The file's headers when the job is a queued custom import whose source's mapping does
    not fit them (it waits for a mapping); None otherwise. One read of the file.

    A file that cannot be read at all does not wait for a mapping: the import refuses it.
    """
    source = job.source
    if source.layout != SourceLayout.CUSTOM or job.status != ImportStatus.QUEUED:
        return None
    try:
        headers = file_headers(job)
    except parsing.FileRefused:
        return None
    if not all(name in source.column_mapping for name in layouts.CUSTOM_REQUIRED):
        return headers
    try:
        parsing.resolve_columns(headers, layout_of(source))
    except parsing.FileRefused:
        return headers
    return None


def needs_mapping(job: ImportJob) -> bool:
    """A queued custom import whose source's mapping does not fit the file's headers."""
    return mapping_headers(job) is not None


def operations_as_of(agglomeration: Agglomeration | int, day: date) -> list[OperationSnapshot]:
    """The latest snapshot of each operation on or before `day` (one query).

    Operations first imported after `day` are absent; each snapshot carries its operation.
    """
    agglomeration_id = agglomeration if isinstance(agglomeration, int) else agglomeration.pk
    latest = (
        OperationSnapshot.objects.filter(operation=OuterRef("pk"), as_of__lte=day)
        .order_by("-as_of", "-id")
        .values("id")[:1]
    )
    ids = Operation.objects.filter(agglomeration_id=agglomeration_id).annotate(
        snapshot_id=Subquery(latest)
    )
    return list(
        OperationSnapshot.objects.filter(id__in=ids.values("snapshot_id"))
        .select_related("operation")
        .order_by("operation__registration_number")
    )


def list_import_jobs(agglomeration: Agglomeration) -> list[ImportJob]:
    """The latest imports with their sources (one query)."""
    return list(
        ImportJob.objects.filter(agglomeration=agglomeration)
        .select_related("source", "created_by")
        .order_by("-created_at", "-id")[:RECENT_JOBS]
    )


def list_sources(agglomeration: Agglomeration) -> list[OperationSource]:
    return list(OperationSource.objects.filter(agglomeration=agglomeration).order_by("name"))


def get_import_job(agglomeration: Agglomeration, pk: int) -> ImportJob | None:
    return (
        ImportJob.objects.filter(agglomeration=agglomeration, pk=pk)
        .select_related("source", "created_by", "agglomeration")
        .first()
    )


@dataclass
class ImportResult:
    job: ImportJob
    finished: bool
    unmatched: Page[Any] | None
    unmatched_count: int
    intentions: list[ProjectIntention]


def get_import_result(job: ImportJob, *, page: int | str = 1) -> ImportResult:
    """Counts and refused rows (on the job), and the operations still without an intention.

    Three queries: the unmatched count, one page of them, and the intentions to link to.
    """
    finished = job.status in (ImportStatus.SUCCEEDED, ImportStatus.FAILED)
    if not finished or job.dry_run or job.status == ImportStatus.FAILED:
        return ImportResult(job, finished, None, 0, [])
    unmatched = Operation.objects.filter(
        agglomeration_id=job.agglomeration_id, intention__isnull=True
    ).order_by("registration_number")
    paginator = Paginator(
        unmatched.only("registration_number", "name", "beneficiary"), UNMATCHED_PER_PAGE
    )
    page_obj = paginator.get_page(page)
    intentions = linkable_intentions(job.agglomeration_id) if paginator.count else []
    return ImportResult(job, finished, page_obj, paginator.count, intentions)


def linkable_intentions(agglomeration: Agglomeration | int) -> list[ProjectIntention]:
    """Intentions of the agglomeration that no operation is linked to yet (one query)."""
    agglomeration_id = agglomeration if isinstance(agglomeration, int) else agglomeration.pk
    return list(
        ProjectIntention.objects.filter(call__agglomeration_id=agglomeration_id)
        .exclude(operations__isnull=False)
        .only("name", "registration_number")
        .order_by("pk")
    )
