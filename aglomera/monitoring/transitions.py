"""Workflows of monitoring: imports, generated reports and beneficiaries' progress reports.

import / generated report:  queued ──▶ running ──▶ succeeded | failed
                            running ──lease expired (by the system)──▶ failed
                            failed after its lease expired ──start again──▶ queued
progress report:            draft ──submit──▶ submitted ──approve──▶ approved
                                                 └──return──▶ returned ──submit──▶ submitted

A job taken to running starts its next attempt, which holds a lease (leases.py). A worker names
its attempt on every later step (`expected_revision=attempt`): when that attempt no longer
holds the job (the lease expired and the job failed, or it runs again as a newer attempt) the
step raises LeaseLost and writes nothing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from aglomera.core.transitions import Step, Workflow
from aglomera.monitoring.leases import LeaseLost, lease_duration
from aglomera.monitoring.models import (
    REPORT_STATUS_LABELS,
    GeneratedReport,
    ImportJob,
    ImportStatus,
    LeasedJob,
    ProgressReport,
    ReportStatus,
)

J = ImportStatus

JOB_TRANSITIONS: dict[tuple[ImportStatus, ImportStatus], str] = {
    (J.QUEUED, J.RUNNING): "monitoring.import",
    (J.QUEUED, J.FAILED): "monitoring.import",
    (J.RUNNING, J.SUCCEEDED): "monitoring.import",
    (J.RUNNING, J.FAILED): "monitoring.import",
    # start again, only after the worker stopped (lease expired; checked by actions.jobs)
    (J.FAILED, J.QUEUED): "monitoring.import",
}

REPORT_TRANSITIONS: dict[tuple[ImportStatus, ImportStatus], str] = {
    step: "monitoring.report" for step in JOB_TRANSITIONS
}

# The one step the system takes by itself, in nobody's name but recorded with the job's
# requester: a running job whose worker's lease expired fails.
SYSTEM_STEPS = frozenset({(J.RUNNING, J.FAILED)})


def _start_attempt(step: Step[LeasedJob]) -> list[str]:
    """Running starts the next attempt and its lease."""
    job = step.obj
    job.attempt += 1
    job.heartbeat_at = step.now
    job.lease_expires_at = step.now + lease_duration()
    job.lease_expired = False
    return ["attempt", "heartbeat_at", "lease_expires_at", "lease_expired"]


def _lease_lost(job: LeasedJob, attempt: int) -> None:
    raise LeaseLost(job, attempt)


IMPORT_JOB: Workflow[ImportJob, ImportStatus] = Workflow(
    name="monitoring.import",
    model=ImportJob,
    statuses=ImportStatus,
    table=JOB_TRANSITIONS,
    agglomeration_id=lambda job: job.agglomeration_id,
    effects={J.RUNNING: [_start_attempt]},
    revision_field="running_attempt",
    stale=_lease_lost,
    system_steps=SYSTEM_STEPS,
)

GENERATED_REPORT: Workflow[GeneratedReport, ImportStatus] = Workflow(
    name="monitoring.report",
    model=GeneratedReport,
    statuses=ImportStatus,
    labels=REPORT_STATUS_LABELS,
    table=REPORT_TRANSITIONS,
    agglomeration_id=lambda report: report.agglomeration_id,
    effects={J.RUNNING: [_start_attempt]},
    revision_field="running_attempt",
    stale=_lease_lost,
    system_steps=SYSTEM_STEPS,
)

R = ReportStatus

PROGRESS_TRANSITIONS: dict[tuple[ReportStatus, ReportStatus], str] = {
    (R.DRAFT, R.SUBMITTED): "monitoring.report_progress",
    (R.RETURNED, R.SUBMITTED): "monitoring.report_progress",
    (R.SUBMITTED, R.APPROVED): "monitoring.approve_progress",
    (R.SUBMITTED, R.RETURNED): "monitoring.approve_progress",
}


def _says_what_to_correct(step: Step[ProgressReport]) -> None:
    if not step.reason.strip():
        raise ValidationError(
            {"reason": _("Tell the beneficiary what to correct before returning the report.")}
        )


def _refresh_summary(step: Step[ProgressReport]) -> None:
    """The achieved values in the monitoring summary follow the reports' history."""
    # the summary's actions read this module's workflows: imported when used
    from aglomera.monitoring.actions.summary import refresh_achieved_summary

    refresh_achieved_summary([step.obj.intention_id])


PROGRESS_REPORT: Workflow[ProgressReport, ReportStatus] = Workflow(
    name="monitoring.progress_report",
    model=ProgressReport,
    statuses=ReportStatus,
    table=PROGRESS_TRANSITIONS,
    agglomeration_id=lambda report: report.agglomeration_id,
    guards={R.RETURNED: [_says_what_to_correct]},
    recorded=(_refresh_summary,),
)

PROGRESS_WORKFLOW = PROGRESS_REPORT.name
allowed_progress_transitions = PROGRESS_REPORT.allowed
transition_progress = PROGRESS_REPORT.step
