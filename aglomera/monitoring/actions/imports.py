"""Importing managing-authority lists of operations, and linking operations to intentions.

    job = start_import(agglomeration, uploaded, source_name=..., layout=..., as_of=..., actor=u)
    # -> the file is stored, an ImportJob is queued and `tasks.run_import` is enqueued on commit
    run_import(job, actor=u)   # (the task, or the command line) validates, then writes or refuses

An import lands whole or not at all: the rows are validated first (outside any transaction, so
that the progress written every ~1000 rows is visible to the job page), and only a file whose
every row is good is written, in one transaction with set-based SQL (importing/merge.py).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import tempfile
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aglomera.accounts.permissions import require_perm as _require
from aglomera.agglomerations.models import Agglomeration
from aglomera.core import once, private_files
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.core.dates import years_error
from aglomera.core.money import Currency
from aglomera.core.texts import Generated
from aglomera.intentions.models import ProjectIntention
from aglomera.monitoring import texts
from aglomera.monitoring.actions.list_states import follow_list_states
from aglomera.monitoring.actions.summary import refresh_intention_summary
from aglomera.monitoring.importing import layouts, merge, parsing, runner
from aglomera.monitoring.importing.files import (
    IMPORTS,
    import_file_name,
    local_import_file,
    too_large,
)
from aglomera.monitoring.importing.layouts import layout_of
from aglomera.monitoring.leases import Heartbeat, LeaseLost, renew
from aglomera.monitoring.models import (
    ImportJob,
    ImportStatus,
    Operation,
    OperationSnapshot,
    OperationSource,
    SourceLayout,
)
from aglomera.monitoring.queries.imports import mapping_headers, needs_mapping
from aglomera.monitoring.transitions import IMPORT_JOB
from aglomera.strategy.models import Strategy

logger = logging.getLogger(__name__)

IMPORT_PERMISSION = "monitoring.import"
ENCODINGS = ("utf-8-sig", "cp1250", "iso-8859-2")
ALLOWED_SUFFIXES = (".csv", ".txt", ".xlsx", ".xls", ".ods")


def _store(uploaded: File[Any], file_name: str) -> tuple[str, str, int]:
    """Save the upload whole under a random name in the private storage that every server and
    worker shares; (stored name, relative to imports/, sha256, size).

    The bytes are counted and fingerprinted into a local temporary file first, so that an
    oversize file is refused before anything is stored and the storage gets one complete file.
    """
    suffix = Path(file_name).suffix.lower()
    stored = f"{timezone.now():%Y%m%d}-{secrets.token_hex(12)}{suffix}"
    digest = hashlib.sha256()
    size = 0
    with tempfile.TemporaryFile() as spool:
        for chunk in uploaded.chunks():
            size += len(chunk)
            if size > settings.IMPORT_MAX_BYTES:
                raise ValidationError({"file": too_large().message})
            digest.update(chunk)
            spool.write(chunk)
        saved = private_files.save(f"{IMPORTS}/{stored}", File(spool, name=stored))
    return saved.removeprefix(f"{IMPORTS}/"), digest.hexdigest(), size


def _source(
    agglomeration: Agglomeration,
    name: str,
    layout: str,
    encoding: str,
    delimiter: str,
    currency: str = "",
) -> OperationSource:
    source, created = OperationSource.objects.select_for_update().get_or_create(
        agglomeration=agglomeration,
        name=name,
        defaults={
            "layout": layout,
            "encoding": encoding,
            "delimiter": delimiter,
            "currency": currency,
        },
    )
    if not created and currency and source.currency != currency:
        source.currency = currency
        source.save(update_fields=["currency"])
    if not created and (source.layout, source.encoding, source.delimiter) != (
        layout,
        encoding or source.encoding,
        delimiter or source.delimiter,
    ):
        source.layout = layout
        source.encoding = encoding or source.encoding
        source.delimiter = delimiter or source.delimiter
        source.save(update_fields=["layout", "encoding", "delimiter"])
    return source


def _check_start(
    file_name: str, source_name: str, layout: str, encoding: str, delimiter: str
) -> None:
    errors: dict[str, str] = {}
    if Path(file_name).suffix.lower() not in ALLOWED_SUFFIXES:
        errors["file"] = _("Upload the list as .xlsx, .xls, .ods or .csv.")
    if not source_name.strip():
        errors["source_name"] = _("Name the source of the list, e.g. “ŘO IROP”.")
    if layout not in SourceLayout.values:
        errors["layout"] = _("Choose a layout.")
    if encoding and encoding not in ENCODINGS:
        errors["encoding"] = _("Choose one of the offered encodings.")
    if delimiter and delimiter not in parsing.DELIMITERS:
        errors["delimiter"] = _("Choose one of the offered delimiters.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def start_import(
    agglomeration: Agglomeration,
    uploaded: File[Any],
    *,
    file_name: str,
    source_name: str,
    layout: str,
    as_of: date,
    dry_run: bool = False,
    encoding: str = "",
    delimiter: str = "",
    currency: str = "",
    enqueue: bool = True,
    actor: Actor,
    form_token: UUID | None = None,
) -> ImportJob:
    """Store the upload and queue its import; the task starts when this transaction commits.

    A custom source without a usable column mapping waits for `map_columns` instead. The
    command line passes `enqueue=False` and runs the import itself. The same upload form sent
    again returns the job its first submission queued (nothing is stored twice).
    """
    _require(actor, IMPORT_PERMISSION, agglomeration)
    earlier = once.claim(form_token, actor=actor, model=ImportJob)
    if earlier is not None:
        return earlier
    _check_start(file_name, source_name, layout, encoding, delimiter)
    if problem := years_error(as_of):
        raise ValidationError({"as_of": problem})
    if currency and currency not in Currency.values:
        raise ValidationError({"currency": _("Choose one of the offered currencies.")})
    source = _source(agglomeration, source_name.strip(), layout, encoding, delimiter, currency)
    stored, sha256, size = _store(uploaded, file_name)
    job = ImportJob.objects.create(
        agglomeration=agglomeration,
        source=source,
        file_name=Path(file_name).name[:255],
        stored_file=stored,
        sha256=sha256,
        as_of=as_of,
        dry_run=dry_run,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    once.bind(form_token, job)
    record(
        "monitoring.import.queued",
        actor=actor,
        target=job,
        agglomeration_id=agglomeration.pk,
        after={
            "file": job.file_name,
            "size": size,
            "sha256": sha256,
            "source": source.name,
            "currency": source.currency or agglomeration.currency,
        },
    )
    if enqueue and not needs_mapping(job):
        _enqueue(job)
    return job


def _enqueue(job: ImportJob) -> None:
    from aglomera.monitoring.tasks import run_import as run_import_task

    job_id = job.pk
    transaction.on_commit(lambda: run_import_task.enqueue(job_id))


@transaction.atomic
def map_columns(job: ImportJob, mapping: Mapping[str, str], *, actor: Actor) -> ImportJob:
    """Save the column mapping on the job's (custom) source and start the import."""
    job = ImportJob.objects.select_for_update().select_related("source").get(pk=job.pk)
    _require(actor, IMPORT_PERMISSION, job)
    waiting = mapping_headers(job)
    if waiting is None:
        raise ValidationError(_("This import does not wait for a column mapping."), code="mapped")
    headers = set(waiting)
    clean = {name: header for name, header in mapping.items() if name in layouts.FIELDS and header}
    errors: dict[str, str] = {}
    for name in layouts.CUSTOM_REQUIRED:
        if name not in clean:
            errors[name] = _("Choose the column that holds this value.")
    if not any(name in clean for name in layouts.AMOUNTS):
        errors["eligible_cost"] = _(
            "Choose the column of at least one amount, e.g. the total eligible expenditure or "
            "the EU contribution."
        )
    for name, header in clean.items():
        if header not in headers:
            errors[name] = _("The file has no column “%(header)s”.") % {"header": header}
    used: dict[str, str] = {}
    for name, header in clean.items():
        if header in used and name not in errors:
            errors[name] = _("This column is already chosen for %(field)s.") % {
                "field": layouts.FIELDS[used[header]].label
            }
        used.setdefault(header, name)
    if errors:
        raise ValidationError(errors)
    source = OperationSource.objects.select_for_update().get(pk=job.source_id)
    before = dict(source.column_mapping)
    source.column_mapping = clean
    source.save(update_fields=["column_mapping"])
    record(
        "monitoring.source.mapped",
        actor=actor,
        target=source,
        agglomeration_id=job.agglomeration_id,
        before=before,
        after=clean,
    )
    job.source = source
    _enqueue(job)
    return job


def _finish(
    job: ImportJob, to: str, *, actor: Actor, reason: str | Generated, **fields: Any
) -> ImportJob:
    """The run's last step, only while its attempt still holds the job (else LeaseLost)."""
    fields["finished_at"] = timezone.now()
    return IMPORT_JOB.step(
        job, to, actor=actor, reason=reason, values=fields, expected_revision=job.attempt
    )


Progress = Callable[[int, int], None]


def run_import(job: ImportJob, *, actor: Actor, progress: Progress | None = None) -> ImportJob:
    """Validate the job's file and land it whole, or refuse it with the reasons.

    Deliberately not one atomic block: the job turns RUNNING and reports its progress in their
    own short transactions (the job page polls them); the rows are then written in ONE
    transaction together with the step to SUCCEEDED, or not at all.

    Running starts an attempt with a lease (leases.py), renewed at every progress point and by
    a heartbeat. When the attempt lost the job (its lease expired and it was marked failed, or
    it runs again) the run stops without writing and returns the job as it now is.
    """
    job = ImportJob.objects.select_related("source", "agglomeration").get(pk=job.pk)
    _require(actor, IMPORT_PERMISSION, job)
    job = IMPORT_JOB.step(job, ImportStatus.RUNNING, actor=actor)
    try:
        with Heartbeat(job, job.attempt):
            finished = _run_or_fail(job, actor=actor, progress=progress)
    except LeaseLost:
        logger.warning("Import %s: attempt %s lost its lease and stopped", job.pk, job.attempt)
        return ImportJob.objects.get(pk=job.pk)
    _discard_file(finished)
    return finished


def _run_or_fail(job: ImportJob, *, actor: Actor, progress: Progress | None) -> ImportJob:
    try:
        return _run(job, actor=actor, progress=progress)
    except LeaseLost:
        raise
    except Exception:
        logger.exception("Import %s failed unexpectedly", job.pk)
        return _finish(
            job,
            ImportStatus.FAILED,
            actor=actor,
            reason=Generated(texts.IMPORT_ERROR),
            error_code=texts.UNEXPECTED,
        )


def _discard_file(job: ImportJob) -> None:
    """The result is recorded: the storage drops the list (the job keeps its name and SHA-256).
    Only a finished run discards it; a job that never finished keeps its file to run again."""
    try:
        private_files.delete(import_file_name(job))
    except OSError:
        logger.exception("Import %s: its file could not be deleted from the storage", job.pk)


def _run(job: ImportJob, *, actor: Actor, progress: Progress | None) -> ImportJob:
    agglomeration = job.agglomeration
    source = job.source

    def report(done: int, total: int) -> None:
        # The progress renews the lease of this attempt, and stops a run that lost it.
        if not renew(job, job.attempt, rows_done=done, rows_total=max(total, done)):
            raise LeaseLost(job, job.attempt)
        if progress is not None:
            progress(done, max(total, done))

    try:
        with local_import_file(job) as path:
            validated = runner.validate(
                path,
                job.file_name,
                layout_of(source),
                country=agglomeration.country,
                progress=report,
            )
    except parsing.FileRefused as refused:
        return _finish(
            job,
            ImportStatus.FAILED,
            actor=actor,
            reason=Generated(texts.IMPORT_REFUSED),
            error_code=refused.code,
            error_params=refused.params,
        )
    counts = {"rows_total": validated.rows_read, "rows_done": validated.rows_read}
    if validated.refused_count:
        return _finish(
            job,
            ImportStatus.FAILED,
            actor=actor,
            reason=Generated(texts.IMPORT_REFUSED),
            refused=[r.as_dict() for r in validated.refused],
            error_code=texts.ROWS_REFUSED,
            error_params={"count": validated.refused_count, "total": validated.rows_read},
            **counts,
        )
    with transaction.atomic():
        # One import per agglomeration at a time: two lists may carry the same operation. NO KEY
        # UPDATE does not block rows that merely refer to the agglomeration meanwhile.
        Agglomeration.objects.select_for_update(no_key=True).filter(pk=agglomeration.pk).first()
        links = _summary_links(job)
        merged = merge.merge(
            job,
            validated,
            currency=source.currency or agglomeration.currency,
            as_of=job.as_of,
            dry_run=job.dry_run,
        )
        counts |= {
            "created": merged.created,
            "updated": merged.updated,
            "unchanged": merged.unchanged,
            "outside": merged.outside,
            "removed": merged.removed,
        }
        if not job.dry_run:
            _refresh_summary(job, links)
            followed = follow_list_states(job, actor=actor)
            record(
                "monitoring.import.written",
                actor=actor,
                target=job,
                agglomeration_id=agglomeration.pk,
                after={
                    **counts,
                    "snapshots": merged.snapshots,
                    "as_of": str(job.as_of),
                    "intentions_moved": followed.moved,
                    "intention_steps": followed.steps,
                    "intentions_left_behind": followed.left,
                },
            )
        return _finish(
            job,
            ImportStatus.SUCCEEDED,
            actor=actor,
            reason=Generated(texts.DRY_RUN) if job.dry_run else "",
            scope=merged.scope.as_dict(),
            **counts,
        )


def _summary_links(job: ImportJob) -> set[tuple[int, int]] | None:
    """The agglomeration's links of operations to intentions before an import, when one of its
    strategies keeps a monitoring summary (None otherwise: nothing to refresh)."""
    if (
        job.dry_run
        or not Strategy.objects.filter(
            agglomeration_id=job.agglomeration_id, summary_built_at__isnull=False
        ).exists()
    ):
        return None
    return set(
        Operation.objects.filter(agglomeration_id=job.agglomeration_id)
        .exclude(intention=None)
        .values_list("pk", "intention_id")
    )


def _refresh_summary(job: ImportJob, before: set[tuple[int, int]] | None) -> None:
    """Refresh the summary of the intentions whose operations the import changed (a snapshot of
    this list) or linked elsewhere."""
    if before is None:
        return
    after = set(
        Operation.objects.filter(agglomeration_id=job.agglomeration_id)
        .exclude(intention=None)
        .values_list("pk", "intention_id")
    )
    changed = {intention for _pk, intention in before ^ after}
    changed.update(
        OperationSnapshot.objects.filter(job=job)
        .exclude(operation__intention=None)
        .values_list("operation__intention_id", flat=True)
    )
    refresh_intention_summary(changed)


@transaction.atomic
def link_operation(operation: Operation, intention: ProjectIntention, *, actor: Actor) -> Operation:
    """Staff link an operation the import could not match to the intention it funds."""
    _require(actor, IMPORT_PERMISSION, operation)
    operation = Operation.objects.select_for_update().get(pk=operation.pk)
    intention = ProjectIntention.objects.select_related("call").get(pk=intention.pk)
    if intention.agglomeration_id != operation.agglomeration_id:
        raise ValidationError({"intention": _("Choose an intention of this agglomeration.")})
    before = {"intention": operation.intention_id}
    if operation.intention_id != intention.pk:
        operation.intention = intention
        operation.save(update_fields=["intention"])
        refresh_intention_summary(
            [pk for pk in (before["intention"], intention.pk) if pk is not None]
        )
        record(
            "monitoring.operation.linked",
            actor=actor,
            target=operation,
            agglomeration_id=operation.agglomeration_id,
            before=before,
            after={"intention": intention.pk},
        )
    return operation
