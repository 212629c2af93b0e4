"""Workflows of monitoring: imports, generated reports and beneficiaries' progress reports.

import / generated report:  queued ──▶ running ──▶ succeeded | failed
progress report:            draft ──submit──▶ submitted ──approve──▶ approved
                                                 └──return──▶ returned ──submit──▶ submitted
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from aglomera.core.workflow import allowed_targets, check_transition, log_transition
from aglomera.monitoring.models import (
    GeneratedReport,
    ImportJob,
    ImportStatus,
    ProgressReport,
    ReportStatus,
)

J = ImportStatus

JOB_TRANSITIONS: dict[tuple[str, str], str] = {
    (J.QUEUED, J.RUNNING): "monitoring.import",
    (J.QUEUED, J.FAILED): "monitoring.import",
    (J.RUNNING, J.SUCCEEDED): "monitoring.import",
    (J.RUNNING, J.FAILED): "monitoring.import",
}

REPORT_TRANSITIONS: dict[tuple[str, str], str] = {
    (old, new): "monitoring.report" for (old, new) in JOB_TRANSITIONS
}

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
    fields: dict[str, Any] | None = None,
) -> Any:
    locked = model.objects.select_for_update().get(pk=obj.pk)
    old = locked.status
    check_transition(table, old, to, actor, locked)
    locked.status = to
    for name, value in (fields or {}).items():
        setattr(locked, name, value)
    locked.save(update_fields=["status", *(fields or {})])
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


@transaction.atomic
def transition_job(
    job: ImportJob, to: str, *, actor: Any, reason: str = "", fields: dict[str, Any] | None = None
) -> ImportJob:
    """`fields` are saved with the step (e.g. counts and finish time of a finished import)."""
    result: ImportJob = _step(
        ImportJob,
        JOB_TRANSITIONS,
        "monitoring.import",
        job,
        to,
        actor=actor,
        reason=reason,
        fields=fields,
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
) -> GeneratedReport:
    result: GeneratedReport = _step(
        GeneratedReport,
        REPORT_TRANSITIONS,
        "monitoring.report",
        report,
        to,
        actor=actor,
        reason=reason,
        fields=fields,
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
