"""The read side of generated reports: the history of an agglomeration and one report, and of
the list of operations (CPR 2021/1060 Art. 49(3)): its freshness against the four-month rule,
its schedule, what it lacks and when the beneficiaries were last asked for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aglomera.accounts.models import User
from aglomera.agglomerations.models import Agglomeration
from aglomera.core.dates import add_months
from aglomera.core.models import AuditEvent
from aglomera.monitoring.models import (
    GeneratedReport,
    GeneratedReportKind,
    ImportStatus,
    ListSchedule,
)
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
    """The latest `limit` reports of the agglomeration, newest first, with their files, and
    after them every older published list of operations: each version of the Art. 49(3) list
    stays in the history (one query; two when there are more than `limit` reports)."""
    every = (
        GeneratedReport.objects.filter(agglomeration=agglomeration)
        .select_related("created_by", "agglomeration")
        .order_by("-created_at", "-id")
    )
    reports = list(every[:limit])
    if len(reports) == limit and reports:
        oldest = reports[-1]
        reports += every.filter(
            Q(created_at__lt=oldest.created_at) | Q(created_at=oldest.created_at, id__lt=oldest.pk),
            kind=GeneratedReportKind.OPERATIONS,
            status=ImportStatus.SUCCEEDED,
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


@dataclass(frozen=True)
class Gaps:
    """What the list of operations would publish today without."""

    total: int  # operations the list would publish
    items: list[MissingItem]
    askable: int  # intentions whose beneficiary can be asked for a purpose or achievements


# What the beneficiary states on the intention's page "Published information" (Art. 49(3)(e)).
ASKED_ITEMS = ("purpose", "achievements")


def intentions_lacking_texts(rows: list[dict[str, Any]]) -> dict[int, list[str]]:
    """Intention id -> the items of ASKED_ITEMS its row lacks (rows of imported operations
    without an intention have nobody here to ask)."""
    lacking: dict[int, list[str]] = {}
    for row in rows:
        keys = [key for key in ASKED_ITEMS if row.get(key) in (None, "")]
        if keys and row.get("intention_id"):
            lacking[int(row["intention_id"])] = keys
    return lacking


def art49_gaps(agglomeration: Agglomeration, today: date) -> Gaps:
    """How many operations the list would publish today, the required items some of them
    lack, and how many intentions' beneficiaries could be asked (the list's own queries)."""
    rows = art49.build_art49_rows(agglomeration, today)
    missing = art49.missing_items(rows)
    points = dict(art49.REQUIRED)
    return Gaps(
        len(rows),
        [
            MissingItem(
                str(ITEM_LABELS[key]),
                gettext("Art. 49(3)(%(point)s)") % {"point": points[key]},
                codes,
            )
            for key, codes in missing.items()
        ],
        len(intentions_lacking_texts(rows)),
    )


DETAILS_REQUESTED = "monitoring.art49.details_requested"


@dataclass(frozen=True)
class DetailsRequest:
    """The office's last request to the beneficiaries for purposes and achievements."""

    at: datetime
    actor: User | None
    intentions: int
    recipients: int


def last_details_request(agglomeration: Agglomeration) -> DetailsRequest | None:
    """When the beneficiaries were last asked, by whom, how many (one query)."""
    event = (
        AuditEvent.objects.filter(agglomeration=agglomeration, code=DETAILS_REQUESTED)
        .select_related("actor")
        .order_by("-created_at", "-id")
        .first()
    )
    if event is None:
        return None
    after = event.after or {}
    return DetailsRequest(
        event.created_at,
        event.actor,
        len(after.get("intentions") or {}),
        len(after.get("recipients") or []),
    )


# --- the schedule ------------------------------------------------------------------------------


def due_on(generated_on: date, interval_days: int) -> date:
    """The day a list generated on `generated_on` is due to be generated again."""
    return generated_on + timedelta(days=interval_days)


@dataclass(frozen=True)
class ScheduleState:
    schedule: ListSchedule | None
    next_on: date | None  # the day the next list is due; None when not scheduled
    owner_may_request: bool  # False: scheduled lists are not generated until it is set again

    @property
    def enabled(self) -> bool:
        return self.schedule is not None and self.schedule.enabled


def list_schedule_state(agglomeration: Agglomeration, freshness: ListFreshness) -> ScheduleState:
    """The agglomeration's schedule and when it generates the next list (one query, and one
    for the owner's roles)."""
    schedule = (
        ListSchedule.objects.filter(agglomeration=agglomeration).select_related("set_by").first()
    )
    if schedule is None or not schedule.enabled:
        return ScheduleState(schedule, None, True)
    owner = schedule.set_by
    may = owner is not None and owner.has_perm("monitoring.report", agglomeration)
    if freshness.generated_on is None:
        return ScheduleState(schedule, freshness.today, may)
    next_on = max(due_on(freshness.generated_on, schedule.interval_days), freshness.today)
    return ScheduleState(schedule, next_on, may)
