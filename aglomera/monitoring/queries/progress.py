"""The read side of progress reports: a project's reports, one report's page, the queue.

Each function runs a fixed number of queries whatever the number of reports or values.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet

from aglomera.agglomerations.models import Agglomeration
from aglomera.core.actors import Actor
from aglomera.core.models import StatusChange
from aglomera.intentions.models import IntentionIndicator, ProjectIntention
from aglomera.monitoring.models import ProgressReport, ProgressValue, ReportStatus
from aglomera.monitoring.transitions import allowed_progress_transitions


def committed_indicators(intention: ProjectIntention) -> list[IntentionIndicator]:
    return list(
        IntentionIndicator.objects.filter(intention=intention)
        .select_related("indicator")
        .order_by("indicator__code")
    )


def _values() -> Prefetch:  # type: ignore[type-arg]
    return Prefetch(
        "values",
        queryset=ProgressValue.objects.select_related("indicator").order_by("indicator__code"),
    )


def list_progress_reports(intention: ProjectIntention) -> list[ProgressReport]:
    """The intention's reports, the latest period first, with their values (two queries)."""
    reports = list(
        ProgressReport.objects.filter(intention=intention)
        .prefetch_related(_values())
        .order_by("-period_end")
    )
    for report in reports:
        report.intention = intention
    return reports


def progress_reports() -> QuerySet[ProgressReport]:
    """Reports with their project as the report's page shows it."""
    return ProgressReport.objects.select_related(
        "intention__call__agglomeration",
        "intention__call__specific_objective__programme",
        "intention__applicant",
    )


@dataclass
class ReportPage:
    report: ProgressReport
    values: list[ProgressValue]
    history: list[StatusChange]
    allowed: list[ReportStatus]
    return_reason: str


def get_report_page(report: ProgressReport, actor: Actor) -> ReportPage:
    """Values, history and the steps the actor may take (three queries)."""
    values = list(
        ProgressValue.objects.filter(report=report)
        .select_related("indicator")
        .order_by("indicator__code")
    )
    history = list(
        StatusChange.objects.filter(
            content_type=ContentType.objects.get_for_model(ProgressReport), object_id=report.pk
        )
        .select_related("actor")
        .order_by("created_at", "id")
    )
    returns = [step.reason for step in history if step.new_status == ReportStatus.RETURNED]
    return ReportPage(
        report,
        values,
        history,
        allowed_progress_transitions(report, actor),
        returns[-1] if returns and report.status == ReportStatus.RETURNED else "",
    )


def list_submitted_reports(agglomeration: Agglomeration) -> list[ProgressReport]:
    """Reports waiting for a coordinator, the oldest period first (two queries)."""
    return list(
        ProgressReport.objects.filter(
            intention__call__agglomeration=agglomeration, status=ReportStatus.SUBMITTED
        )
        .select_related("intention__applicant", "intention__call")
        .prefetch_related(_values())
        .order_by("period_end", "id")
    )
