"""Background generation of reports (django-tasks; see aglomera/notifications/tasks.py).

`generate_report(report_id)` takes a queued GeneratedReport through running to succeeded (files
in the private storage, reports/) or failed (the reason kept on the report), each step
through the GENERATED_REPORT workflow in the name of the person who asked for it. Running it again on a
report that is no longer queued changes nothing. The running attempt holds a lease that a
heartbeat renews (leases.py); an attempt that lost it (expired, the report started again) stops
without writing.
"""

from __future__ import annotations

import logging
from datetime import date

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from aglomera.core.actors import Actor
from aglomera.core.transitions import TransitionNotAllowed
from aglomera.monitoring.actions.publication import record_art49_publication
from aglomera.monitoring.leases import Heartbeat, LeaseLost
from aglomera.monitoring.models import GeneratedReport, GeneratedReportKind, ImportStatus
from aglomera.monitoring.reports import art49, calendar, fulfilment, fulfilment_content, storage
from aglomera.monitoring.transitions import GENERATED_REPORT

logger = logging.getLogger(__name__)


def render_report(report: GeneratedReport, *, today: date) -> dict[str, bytes]:
    """The files of a report: format -> content."""
    agglomeration = report.agglomeration
    if report.kind == GeneratedReportKind.FULFILMENT:
        assert report.period_start and report.period_end  # noqa: S101 - checked on request
        return fulfilment.fulfilment_files(
            agglomeration,
            report.period_start,
            report.period_end,
            {key: str(value) for key, value in (report.narrative or {}).items()},
            generated_on=today,
        )
    if report.kind == GeneratedReportKind.OPERATIONS:
        return art49.art49_files(agglomeration, report.period_end or today)
    return calendar.calendar_files(agglomeration, report.period_start or today)


def _reason(exc: Exception) -> str:
    if isinstance(exc, (fulfilment_content.NoStrategy, ImproperlyConfigured)):
        return str(exc)
    return _("The report could not be generated; the error was logged for the administrators.")


@task()
def generate_report(report_id: int) -> str:
    """Generate one queued report; its final status."""
    report = (
        GeneratedReport.objects.select_related("agglomeration", "created_by")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        return "missing"
    if report.status != ImportStatus.QUEUED or report.created_by is None:
        return str(report.status)
    actor = report.created_by
    try:
        running = GENERATED_REPORT.step(report, ImportStatus.RUNNING, actor=actor)
    except TransitionNotAllowed:
        logger.warning("Report %s: its requester may no longer generate it", report_id)
        return str(report.status)
    running.agglomeration = report.agglomeration
    try:
        with Heartbeat(running, running.attempt) as heartbeat:
            return _generate(running, actor=actor, heartbeat=heartbeat)
    except LeaseLost:
        # The lease expired while rendering (the job failed, or runs again): write nothing more.
        logger.warning(
            "Report %s: attempt %s lost its lease and stopped", report_id, running.attempt
        )
        return str(GeneratedReport.objects.get(pk=report_id).status)


def _generate(running: GeneratedReport, *, actor: Actor, heartbeat: Heartbeat) -> str:
    """Render and store the files of the running attempt; each step names the attempt, so that
    one which lost its lease meanwhile raises LeaseLost instead of writing."""
    attempt = running.attempt
    try:
        files = render_report(running, today=timezone.localdate())
        if heartbeat.lost.is_set():
            raise LeaseLost(running, attempt)
        stored = storage.store_files(running, files)
    except LeaseLost:
        raise
    except Exception as exc:
        logger.exception("Report %s could not be generated", running.pk)
        GENERATED_REPORT.step(
            running,
            ImportStatus.FAILED,
            actor=actor,
            reason=type(exc).__name__,
            values={"error": _reason(exc), "finished_at": timezone.now()},
            expected_revision=attempt,
        )
        storage.remove_files(running, list(storage.MIME_TYPES))
        return str(ImportStatus.FAILED)
    GENERATED_REPORT.step(
        running,
        ImportStatus.SUCCEEDED,
        actor=actor,
        values={"files": stored, "finished_at": timezone.now()},
        expected_revision=attempt,
    )
    if running.kind == GeneratedReportKind.OPERATIONS:
        today = timezone.localdate()
        rows = art49.build_art49_rows(running.agglomeration, running.period_end or today)
        record_art49_publication(
            running.agglomeration, art49.published_intentions(rows), on=today, actor=actor
        )
    return str(ImportStatus.SUCCEEDED)
