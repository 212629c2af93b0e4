"""Leases of running background jobs (imports, generated reports): the worker's side.

A job taken to running holds a lease of JOB_LEASE_SECONDS for its attempt (set by the
IMPORT_JOB / GENERATED_REPORT workflows of transitions.py). While the worker works it renews the lease:
at every progress point of an import (`renew`) and, for the stretches without progress points
(reading a workbook, writing the rows, rendering a report), from a `Heartbeat` thread with its
own database connection, about every third of the lease. A renewal is a compare-and-set on the
job's attempt (UPDATE ... WHERE attempt = N AND status = 'running'): once the lease has expired
and the job was marked failed, or started again as attempt N + 1, it matches no row and the
worker knows that it lost the job (`LeaseLost`).

Expired leases are turned into failed jobs by `actions.jobs.expire_stale_jobs`.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from types import TracebackType

from django.conf import settings
from django.db import DatabaseError, connection, connections
from django.utils import timezone

from aglomera.monitoring.models import ImportStatus, LeasedJob

logger = logging.getLogger(__name__)


class LeaseLost(Exception):  # noqa: N818 - reads as what happened to the worker
    """The worker's lease on a job ended (it expired, or the job runs again as a newer attempt):
    the worker must stop without writing anything more."""

    def __init__(self, job: LeasedJob, attempt: int) -> None:
        self.job_id = job.pk
        self.attempt = attempt
        super().__init__(f"{type(job).__name__} {job.pk}: attempt {attempt} lost its lease")


def lease_duration() -> timedelta:
    return timedelta(seconds=settings.JOB_LEASE_SECONDS)


def renew(job: LeasedJob, attempt: int, **fields: object) -> bool:
    """Extend the lease of the job's running `attempt` (saving `fields` with it, e.g. progress);
    False when that attempt no longer holds the job."""
    now = timezone.now()
    renewed = (
        type(job)
        .objects.filter(pk=job.pk, attempt=attempt, status=ImportStatus.RUNNING)
        .update(heartbeat_at=now, lease_expires_at=now + lease_duration(), **fields)
    )
    return renewed == 1


class Heartbeat:
    """Renews a running job's lease from a thread while the `with` block works.

    Inside an outer transaction (a test, or an import run within another atomic block) the job's
    running state is not visible to another connection, so there is nothing to renew and no
    thread is started.
    """

    def __init__(self, job: LeasedJob, attempt: int) -> None:
        self.job = job
        self.attempt = attempt
        self.interval = max(settings.JOB_LEASE_SECONDS / 3, 0.1)
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Heartbeat:
        if not connection.in_atomic_block:
            self._thread = threading.Thread(
                target=self._beat, name=f"lease-{type(self.job).__name__}-{self.job.pk}"
            )
            self._thread.daemon = True
            self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _beat(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                try:
                    if not renew(self.job, self.attempt):
                        self.lost.set()
                        return
                except DatabaseError:  # e.g. SQLite busy while the rows are written: next beat
                    logger.warning(
                        "Lease of %s %s not renewed", type(self.job).__name__, self.job.pk
                    )
        finally:
            connections.close_all()
