"""The read side of generated reports: the history of an agglomeration and one report."""

from __future__ import annotations

from dataclasses import dataclass

from aglomera.agglomerations.models import Agglomeration
from aglomera.monitoring.models import GeneratedReport, GeneratedReportKind, ImportStatus

# The files each kind of report produces, in the order the page offers them.
FORMATS: dict[str, tuple[str, ...]] = {
    GeneratedReportKind.FULFILMENT: ("docx", "pdf"),
    GeneratedReportKind.OPERATIONS: ("csv", "xlsx", "json"),
    GeneratedReportKind.CALLS_CALENDAR: ("csv", "xlsx", "json"),
}
PENDING = (ImportStatus.QUEUED, ImportStatus.RUNNING)
HISTORY_LIMIT = 200


@dataclass(frozen=True)
class ReportLine:
    report: GeneratedReport
    formats: list[str]

    @property
    def pending(self) -> bool:
        return self.report.status in PENDING


def list_reports(agglomeration: Agglomeration, *, limit: int = HISTORY_LIMIT) -> list[ReportLine]:
    """The latest reports of the agglomeration, newest first, with their files (one query)."""
    reports = (
        GeneratedReport.objects.filter(agglomeration=agglomeration)
        .select_related("created_by", "agglomeration")
        .order_by("-created_at", "-id")[:limit]
    )
    return [
        ReportLine(
            report,
            [
                extension
                for extension in FORMATS.get(report.kind, ())
                if extension in (report.files or {})
            ],
        )
        for report in reports
    ]
