"""Background jobs whose worker stopped: expire them, and start them again.

    expire_stale_jobs()                    # cron (`manage.py expire_stale_jobs`), the worker, pages
    start_import_again(job, actor=user)    # the requester or a manager, on the result page
    start_report_again(report, actor=user) # ... on the list of reports

A running import or report holds a lease that its worker renews (aglomera/monitoring/leases.py).
When the lease has run out, the worker is gone (killed, out of memory, the machine restarted):
the job is marked failed in the name of the system, with the reason "lease expired" in its
status history and a message for the user, and its task in django-tasks-db is marked failed
too. Such a job, and only such a job, can be started again: its file is kept for that.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from aglomera.accounts.models import Role
from aglomera.accounts.permissions import roles_in
from aglomera.agglomerations.models import Agglomeration
from aglomera.core.actors import Actor
from aglomera.core.transitions import Workflow
from aglomera.monitoring.models import GeneratedReport, ImportJob, ImportStatus, LeasedJob
from aglomera.monitoring.report_tasks import generate_report
from aglomera.monitoring.tasks import run_import
from aglomera.monitoring.transitions import GENERATED_REPORT, IMPORT_JOB

EXPIRED_REASON = "lease expired"
AGAIN_REASON = "started again"
IMPORT_PERMISSION = "monitoring.import"
REPORT_PERMISSION = "monitoring.report"


@dataclass(frozen=True)
class _Kind:
    """What differs between an import and a report: the permission of its first start, its
    workflow, its task and the result fields a new start clears (fresh values each time)."""

    perm: str
    workflow: Workflow[Any, ImportStatus]
    task: Any
    cleared: Callable[[], dict[str, Any]]


_IMPORT = _Kind(
    IMPORT_PERMISSION, IMPORT_JOB, run_import, lambda: {"rows_done": 0, "rows_total": 0}
)
_REPORT = _Kind(REPORT_PERMISSION, GENERATED_REPORT, generate_report, lambda: {"files": {}})


def _kind(job: LeasedJob) -> _Kind:
    return _IMPORT if isinstance(job, ImportJob) else _REPORT


class WorkerStopped(Exception):  # noqa: N818 - the name the task result shows
    """Recorded on the django-tasks-db result of a job whose worker stopped."""


def _fail_task_results(job: LeasedJob, message: str) -> None:
    """The worker died inside the task, so django-tasks-db still shows it running."""
    running = DBTaskResult.objects.select_for_update().filter(
        status=TaskResultStatus.RUNNING,
        task_path=_kind(job).task.module_path,
        args_kwargs__args=[job.pk],
    )
    for result in running:
        result.set_failed(WorkerStopped(message))


def _expire(job: LeasedJob, now: datetime) -> None:
    message = job.lease_message
    fields = {"error": message, "lease_expired": True, "finished_at": now}
    _kind(job).workflow.step(
        job,
        ImportStatus.FAILED,
        actor=job.created_by,
        reason=EXPIRED_REASON,
        system=True,
        values=fields,
    )
    _fail_task_results(job, message)


def _stale(agglomeration: Agglomeration | None, now: datetime) -> list[QuerySet[Any]]:
    """Running imports and reports whose lease expired before `now`."""
    where: dict[str, Any] = {"status": ImportStatus.RUNNING, "lease_expires_at__lt": now}
    if agglomeration is not None:
        where["agglomeration"] = agglomeration
    return [ImportJob.objects.filter(**where), GeneratedReport.objects.filter(**where)]


def expire_stale_jobs(
    *, agglomeration: Agglomeration | None = None, now: datetime | None = None
) -> int:
    """Mark failed every running import and report whose lease expired before `now` (of one
    agglomeration, or all); how many. Jobs that another transaction holds locked at this moment
    (their worker is writing its result) are left to it.

    Pages call this on every view, so it first only looks (no transaction, no lock)."""
    now = now or timezone.now()
    stale = _stale(agglomeration, now)
    if not any(jobs.exists() for jobs in stale):
        return 0
    return _expire_all(stale, now)


@transaction.atomic
def _expire_all(stale: list[QuerySet[Any]], now: datetime) -> int:
    expired = 0
    for jobs in stale:
        locked = jobs.select_for_update(skip_locked=True, of=("self",)).select_related("created_by")
        for job in locked.order_by("pk"):
            _expire(job, now)
            expired += 1
    return expired


def _may_start_again(job: LeasedJob, actor: Actor, perm: str) -> bool:
    """Like the first start (the same permission), and only the requester or a manager."""
    if not actor.has_perm(perm, job):
        return False
    return bool(
        job.created_by_id == actor.pk or Role.MANAGER in roles_in(actor, job.agglomeration_id)
    )


def can_start_again(job: LeasedJob, actor: Actor) -> bool:
    """Whether the page offers "Start again" to the actor."""
    return bool(
        job.status == ImportStatus.FAILED
        and job.lease_expired
        and _may_start_again(job, actor, _kind(job).perm)
    )


def _check_again(job: LeasedJob, actor: Actor, perm: str) -> None:
    if not _may_start_again(job, actor, perm):
        raise PermissionDenied
    if job.status != ImportStatus.FAILED or not job.lease_expired:
        raise ValidationError(
            _("Only a job whose background worker stopped can be started again."),
            code="not_stopped",
        )


AGAIN_FIELDS: dict[str, Any] = {"error": "", "lease_expired": False, "finished_at": None}


Job = TypeVar("Job", bound=LeasedJob)


def _start_again(job: Job, actor: Actor) -> Job:
    """Lock the job, check that it may start again (with the permission of its first start),
    take it back to queued with its result cleared and enqueue its task once this commits."""
    kind = _kind(job)
    locked = type(job).objects.select_for_update().get(pk=job.pk)
    _check_again(locked, actor, kind.perm)
    queued: Job = kind.workflow.step(
        locked,
        ImportStatus.QUEUED,
        actor=actor,
        reason=AGAIN_REASON,
        values={**AGAIN_FIELDS, **kind.cleared()},
    )
    transaction.on_commit(partial(kind.task.enqueue, queued.pk))
    return queued


@transaction.atomic
def start_import_again(job: ImportJob, *, actor: Actor) -> ImportJob:
    """Queue again an import whose worker stopped; it reads its stored file from the start."""
    return _start_again(job, actor)


@transaction.atomic
def start_report_again(report: GeneratedReport, *, actor: Actor) -> GeneratedReport:
    """Queue again a report whose worker stopped."""
    return _start_again(report, actor)
