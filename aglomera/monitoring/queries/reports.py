"""The read side of generated reports: the history of an agglomeration and one report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aglomera.agglomerations.models import Agglomeration
from aglomera.core.dates import add_months
from aglomera.monitoring.models import GeneratedReport, GeneratedReportKind, ImportStatus
from aglomera.monitoring.reports import art49

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


# CPR 2021/1060 Art. 49(3): the list of operations is updated at least every four months. The
# office is warned two weeks before the newest list gets that old.
REFRESH_MONTHS = 4
WARN_BEFORE = timedelta(days=14)


@dataclass(frozen=True)
class ListFreshness:
    """How old the newest generated Art. 49(3) list is, against the four-month rule."""

    generated_on: date | None
    due: date | None
    today: date

    @property
    def state(self) -> str:
        if self.generated_on is None or self.due is None:
            return "missing"
        if self.today > self.due:
            return "overdue"
        if self.today >= self.due - WARN_BEFORE:
            return "due_soon"
        return "fresh"


def art49_freshness(agglomeration: Agglomeration, today: date) -> ListFreshness:
    """The newest list of operations generated for the agglomeration (one query)."""
    finished = (
        GeneratedReport.objects.filter(
            agglomeration=agglomeration,
            kind=GeneratedReportKind.OPERATIONS,
            status=ImportStatus.SUCCEEDED,
            finished_at__isnull=False,
        )
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    if finished is None:
        return ListFreshness(None, None, today)
    generated_on = timezone.localdate(finished)
    return ListFreshness(generated_on, add_months(generated_on, REFRESH_MONTHS), today)


# What each required Art. 49(3) item is called on the page (the files keep the English headers).
ITEM_LABELS = {
    "purpose": _("purpose of the operation"),
    "achievements": _("expected or actual achievements"),
    "start_date": _("start date"),
    "end_date": _("date of completion"),
    "total_cost": _("total cost"),
    "fund": _("fund"),
    "specific_objective": _("specific objective"),
    "cofinancing_rate": _("Union co-financing rate"),
    "location": _("location"),
    "intervention_code": _("type of intervention"),
}
SHOWN_CODES = 10


@dataclass(frozen=True)
class MissingItem:
    label: str
    reference: str
    codes: list[str]

    @property
    def shown(self) -> list[str]:
        return self.codes[:SHOWN_CODES]

    @property
    def more(self) -> int:
        return max(len(self.codes) - SHOWN_CODES, 0)


def art49_gaps(agglomeration: Agglomeration, today: date) -> tuple[int, list[MissingItem]]:
    """How many operations the list would publish today, and the required items some of them
    lack (a fixed number of queries: the list's own)."""
    rows = art49.build_art49_rows(agglomeration, today)
    missing = art49.missing_items(rows)
    points = dict(art49.REQUIRED)
    return len(rows), [
        MissingItem(
            str(ITEM_LABELS[key]), gettext("Art. 49(3)(%(point)s)") % {"point": points[key]}, codes
        )
        for key, codes in missing.items()
    ]
