"""Workflows of monitoring: imports, generated reports and beneficiaries' progress reports.

import / generated report:  queued ──▶ running ──▶ succeeded | failed
                            running ──lease expired (by the system)──▶ failed
                            failed after its lease expired ──start again──▶ queued
progress report:            draft ──submit──▶ submitted ──approve──▶ approved
                                                 └──return──▶ returned ──submit──▶ submitted
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from aglomera.core.workflow import (
    TransitionNotAllowed,
    allowed_targets,
    check_transition,
    log_transition,
)
from aglomera.monitoring.leases import LeaseLost, lease_duration
from aglomera.monitoring.models import (
    GeneratedReport,
    ImportJob,
    ImportStatus,
    LeasedJob,
    ProgressReport,
    ReportStatus,
)

J = ImportStatus

JOB_TRANSITIONS: dict[tuple[str, str], str] = {
    (J.QUEUED, J.RUNNING): "monitoring.import",
    (J.QUEUED, J.FAILED): "monitoring.import",
    (J.RUNNING, J.SUCCEEDED): "monitoring.import",
    (J.RUNNING, J.FAILED): "monitoring.import",
    # start again, only after the worker stopped (lease expired; checked by actions.jobs)
    (J.FAILED, J.QUEUED): "monitoring.import",
}

REPORT_TRANSITIONS: dict[tuple[str, str], str] = {
    (old, new): "monitoring.report" for (old, new) in JOB_TRANSITIONS
}

# The one step the system takes by itself, in nobody's name but recorded with the job's
# requester: a running job whose worker's lease expired fails.
SYSTEM_STEPS = frozenset({(J.RUNNING, J.FAILED)})

R = ReportStatus
PROGRESS_WORKFLOW = "monitoring.progress_report"

PROGRESS_TRANSITIONS: dict[tuple[str, str], str] = {
    (R.DRAFT, R.SUBMITTED): "monitoring.report_progress",
    (R.RETURNED, R.SUBMITTED): "monitoring.report_progress",
    (R.SUBMITTED, R.APPROVED): "monitoring.approve_progress",
    (R.SUBMITTED, R.RETURNED): "monitoring.approve_progress",
}


def _step(
    model: Any,
    table: dict[tuple[str, str], str],
    workflow: str,
    obj: Any,
    to: str,
    *,
    actor: Any,
    reason: str,
) -> Any:
    locked = model.objects.select_for_update().get(pk=obj.pk)
    old = locked.status
    check_transition(table, old, to, actor, locked)
    return _save_step(workflow, locked, old, to, {}, actor=actor, reason=reason)


def _save_step(
    workflow: str,
    locked: Any,
    old: str,
    to: str,
    values: dict[str, Any],
    *,
    actor: Any,
    reason: str,
) -> Any:
    """Save the checked step of `locked` from `old` to `to` with the other field `values`, and
    record it in the status history."""
    locked.status = to
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save(update_fields=["status", *values])
    log_transition(
        workflow,
        locked,
        old,
        to,
        actor=actor,
        reason=reason,
        agglomeration_id=locked.agglomeration_id,
    )
    return locked


def _job_step(
    model: type[LeasedJob],
    table: dict[tuple[str, str], str],
    workflow: str,
    job: LeasedJob,
    to: str,
    *,
    actor: Any,
    reason: str,
    fields: dict[str, Any] | None,
    attempt: int | None,
    system: bool,
) -> Any:
    """A step of an import or a report. Taking it to running starts the next attempt and its
    lease; a worker names its `attempt` on every later step and gets `LeaseLost` (nothing is
    written) when that attempt no longer holds the job. `system` steps (SYSTEM_STEPS) check no
    one's permission."""
    locked = model.objects.select_for_update().get(pk=job.pk)
    old = locked.status
    if attempt is not None and (locked.attempt != attempt or old != J.RUNNING):
        raise LeaseLost(locked, attempt)
    if system:
        if (old, to) not in SYSTEM_STEPS:
            raise TransitionNotAllowed(old, to)
    else:
        check_transition(table, old, to, actor, locked)
    values = dict(fields or {})
    if to == J.RUNNING:
        now = timezone.now()
        values |= {
            "attempt": locked.attempt + 1,
            "heartbeat_at": now,
            "lease_expires_at": now + lease_duration(),
            "lease_expired": False,
        }
    return _save_step(workflow, locked, old, to, values, actor=actor, reason=reason)


@transaction.atomic
def transition_job(
    job: ImportJob,
    to: str,
    *,
    actor: Any,
    reason: str = "",
    fields: dict[str, Any] | None = None,
    attempt: int | None = None,
    system: bool = False,
) -> ImportJob:
    """`fields` are saved with the step (e.g. counts and finish time of a finished import);
    `attempt`: the worker's run, see `_job_step`."""
    result: ImportJob = _job_step(
        ImportJob,
        JOB_TRANSITIONS,
        "monitoring.import",
        job,
        to,
        actor=actor,
        reason=reason,
        fields=fields,
        attempt=attempt,
        system=system,
    )
    return result


@transaction.atomic
def transition_report(
    report: GeneratedReport,
    to: str,
    *,
    actor: Any,
    reason: str = "",
    fields: dict[str, Any] | None = None,
    attempt: int | None = None,
    system: bool = False,
) -> GeneratedReport:
    result: GeneratedReport = _job_step(
        GeneratedReport,
        REPORT_TRANSITIONS,
        "monitoring.report",
        report,
        to,
        actor=actor,
        reason=reason,
        fields=fields,
        attempt=attempt,
        system=system,
    )
    return result


def allowed_progress_transitions(report: ProgressReport, actor: Any) -> list[str]:
    return allowed_targets(PROGRESS_TRANSITIONS, report.status, actor, report)


@transaction.atomic
def transition_progress(
    report: ProgressReport, to: str, *, actor: Any, reason: str = ""
) -> ProgressReport:
    result: ProgressReport = _step(
        ProgressReport,
        PROGRESS_TRANSITIONS,
        PROGRESS_WORKFLOW,
        report,
        to,
        actor=actor,
        reason=reason,
    )
    return result
