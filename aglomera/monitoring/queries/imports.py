"""The read side of imports: jobs, their results, unmatched operations, operations as of a day.

Each function runs a fixed number of queries, whatever the size of the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, QuerySet, Subquery

from aglomera.agglomerations.models import Agglomeration
from aglomera.calls.models import Call
from aglomera.intentions.models import ProjectIntention
from aglomera.monitoring.importing import files, layouts, parsing
from aglomera.monitoring.models import (
    ImportJob,
    ImportStatus,
    Operation,
    OperationSnapshot,
    OperationSource,
    ScopeRule,
    SourceLayout,
)

UNMATCHED_PER_PAGE = 50
RECENT_JOBS = 20


def mapping_headers(job: ImportJob) -> list[str] | None:
    """The file's headers when the job is a queued custom import whose source's mapping does
    not fit them (it waits for a mapping); None otherwise. One read of the file.

    A file that cannot be read at all does not wait for a mapping: the import refuses it.
    """
    source = job.source
    if source.layout != SourceLayout.CUSTOM or job.status != ImportStatus.QUEUED:
        return None
    try:
        headers = files.file_headers(job)
    except parsing.FileRefused:
        return None
    if not all(name in source.column_mapping for name in layouts.CUSTOM_REQUIRED):
        return headers
    try:
        parsing.resolve_columns(headers, layouts.layout_of(source))
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


def import_jobs() -> QuerySet[ImportJob]:
    """Jobs with what their pages show: the source, the requester and the agglomeration."""
    return ImportJob.objects.select_related("source", "created_by", "agglomeration")


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


def scope_rules(agglomeration: Agglomeration) -> QuerySet[ScopeRule]:
    """The office's rules of what is ours, with their sources (one query)."""
    return ScopeRule.objects.filter(agglomeration=agglomeration).select_related("source")


def managing_authority_calls(agglomeration: Agglomeration) -> list[tuple[str, str]]:
    """(call number, managing-authority call) of the calls that name one (one query): their
    operations are always the agglomeration's."""
    return list(
        Call.objects.filter(agglomeration=agglomeration)
        .exclude(managing_authority_call="")
        .order_by("number")
        .values_list("number", "managing_authority_call")
    )


@dataclass(frozen=True)
class ScopeLine:
    """One money basis of an import: the sum of the known amounts and how many rows knew it,
    inside and outside the agglomeration (None: the list has no such column)."""

    label: str
    inside: Decimal | None
    inside_known: int
    outside: Decimal | None
    outside_known: int


@dataclass(frozen=True)
class ScopeTable:
    inside_rows: int
    outside_rows: int
    removed: int
    currency: str
    lines: list[ScopeLine]


def scope_table(job: ImportJob) -> ScopeTable | None:
    """What the import found inside and outside the agglomeration, per money basis (no query:
    the job carries it)."""
    if not job.scope:
        return None
    inside, outside = job.scope.get("inside", {}), job.scope.get("outside", {})
    lines = []
    for name in layouts.AMOUNTS:
        if name not in inside.get("totals", {}) and name not in outside.get("totals", {}):
            continue
        within = inside.get("totals", {}).get(name, {})
        beyond = outside.get("totals", {}).get(name, {})
        lines.append(
            ScopeLine(
                str(layouts.FIELDS[name].label),
                _decimal(within.get("sum")),
                int(within.get("known", 0)),
                _decimal(beyond.get("sum")),
                int(beyond.get("known", 0)),
            )
        )
    currency = job.source.currency or job.agglomeration.currency
    return ScopeTable(
        int(inside.get("rows", 0)), int(outside.get("rows", 0)), job.removed, currency, lines
    )


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))
