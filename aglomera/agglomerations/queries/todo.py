"""What waits for a person: the to-do list of each of their roles, in each of their agglomerations.

`todo_for(user, agglomerations)` gives, per agglomeration, the items sorted by deadline (items
without one last). Each role contributes its own kinds of items (applicant: drafts and returned
intentions; coordinator: formal checks and recommendations; working group: the reviews assigned
to them and not yet submitted, due by the assignment's date; committee: open votes and coming
meetings; manager: decisions, imports waiting for a column mapping, finished reports, early
warning and the Art. 49(3) list).

One query per kind of item across all the agglomerations, so the number of queries does not
grow with the data; only early warning runs its own calculation (aglomera/monitoring/
calculations/early_warning.py, seven queries) once per agglomeration the person manages.
Texts are built in the active language when the page is rendered, never stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aglomera.accounts.models import Role
from aglomera.accounts.permissions import organisations_by_agglomeration, roles_by_agglomeration
from aglomera.agglomerations.models import Agglomeration
from aglomera.calls.models import CallStatus
from aglomera.committee.models import (
    AgendaItem,
    CommitteeMember,
    ItemStatus,
    Meeting,
    MeetingStatus,
    Vote,
)
from aglomera.committee.queries import counting
from aglomera.core.dates import add_months
from aglomera.core.templatetags.aglomera import money
from aglomera.core.tenant import zone_of
from aglomera.intentions.models import (
    ChangeRequest,
    ChangeStatus,
    IntentionStatus,
    ProjectIntention,
    Review,
    ReviewAssignment,
)
from aglomera.monitoring.calculations.early_warning import RiskState, get_early_warning
from aglomera.monitoring.models import (
    GeneratedReport,
    GeneratedReportKind,
    ImportJob,
    ImportStatus,
    SourceLayout,
)
from aglomera.monitoring.queries.imports import needs_mapping
from aglomera.monitoring.queries.reports import REFRESH_MONTHS, ListFreshness
from aglomera.monitoring.queries.strategies import current_strategy

S = IntentionStatus
# A finished report stays on its requester's list for a week.
REPORT_NOTICE = timedelta(days=7)


class Kind:
    """The kinds of items (values of `TodoItem.kind`)."""

    DRAFT = "draft"
    RETURNED = "returned"
    FORMAL_CHECK = "formal_check"
    RECOMMENDATION = "recommendation"
    REVIEW = "review"
    VOTE = "vote"
    MEETING = "meeting"
    DECISION = "decision"
    CHANGE_REQUEST = "change_request"
    STATEMENT = "statement"
    IMPORT_MAPPING = "import_mapping"
    REPORT_READY = "report_ready"
    REPORT_FAILED = "report_failed"
    EARLY_WARNING = "early_warning"
    ART49 = "art49"


def kind_label(kind: str) -> str:
    """What the page calls a kind of item, in the reader's language."""
    labels = {
        Kind.DRAFT: _("Draft to submit"),
        Kind.RETURNED: _("Returned for completion"),
        Kind.FORMAL_CHECK: _("Formal check"),
        Kind.RECOMMENDATION: _("Recommendation"),
        Kind.REVIEW: _("Review"),
        Kind.VOTE: _("Vote"),
        Kind.MEETING: _("Meeting"),
        Kind.DECISION: _("Decision of the committee"),
        Kind.CHANGE_REQUEST: _("Change request"),
        Kind.STATEMENT: _("Compliance statement"),
        Kind.IMPORT_MAPPING: _("Import waits for a mapping"),
        Kind.REPORT_READY: _("Report ready"),
        Kind.REPORT_FAILED: _("Report failed"),
        Kind.EARLY_WARNING: _("Early warning"),
        Kind.ART49: _("List of operations (Art. 49)"),
    }
    return labels[kind]


@dataclass(frozen=True)
class TodoItem:
    agglomeration_id: int
    kind: str
    title: str
    link: str
    deadline: date | datetime | None
    overdue: bool
    detail: str = ""

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def has_time(self) -> bool:
        return isinstance(self.deadline, datetime)


@dataclass
class _Scope:
    """Who asks, where, with which roles, and what time it is there."""

    user: Any
    agglomerations: dict[int, Agglomeration]
    roles: dict[int, frozenset[Role]]
    organisations: dict[int, frozenset[int]]
    now: datetime
    items: list[TodoItem] = field(default_factory=list)

    def where(self, role: Role) -> list[int]:
        return [pk for pk in self.agglomerations if role in self.roles.get(pk, frozenset())]

    def slug(self, agglomeration_id: int) -> str:
        return self.agglomerations[agglomeration_id].slug

    def zone(self, agglomeration_id: int) -> ZoneInfo:
        return zone_of(self.agglomerations[agglomeration_id].time_zone)

    def add(
        self,
        agglomeration_id: int,
        kind: str,
        title: str,
        link: str,
        deadline: date | datetime | None = None,
        detail: str = "",
    ) -> None:
        self.items.append(
            TodoItem(
                agglomeration_id,
                kind,
                title,
                link,
                deadline,
                self._overdue(agglomeration_id, deadline),
                detail,
            )
        )

    def _overdue(self, agglomeration_id: int, deadline: date | datetime | None) -> bool:
        if deadline is None:
            return False
        if isinstance(deadline, datetime):
            return deadline < self.now
        return deadline < timezone.localtime(self.now, self.zone(agglomeration_id)).date()

    def sort_key(self, item: TodoItem) -> tuple[bool, datetime, str]:
        deadline = item.deadline
        if isinstance(deadline, datetime):
            moment = deadline
        elif isinstance(deadline, date):  # a day's deadline runs to its end
            moment = datetime.combine(deadline, time.max, tzinfo=self.zone(item.agglomeration_id))
        else:
            moment = self.now
        return (deadline is None, moment, item.title)


def todo_for(
    user: Any, agglomerations: Sequence[Agglomeration], *, now: datetime | None = None
) -> dict[int, list[TodoItem]]:
    """Agglomeration id -> what waits for the user there, the nearest deadline first."""
    scope = _Scope(
        user,
        {a.pk: a for a in agglomerations},
        roles_by_agglomeration(user),
        organisations_by_agglomeration(user),
        now or timezone.now(),
    )
    _applicant(scope)
    _coordinator(scope)
    _working_group(scope)
    _committee(scope)
    _manager(scope)
    result: dict[int, list[TodoItem]] = {a.pk: [] for a in agglomerations}
    for item in sorted(scope.items, key=scope.sort_key):
        result[item.agglomeration_id].append(item)
    return result


def _intention_link(scope: _Scope, name: str, intention: ProjectIntention) -> str:
    return reverse(name, args=[scope.slug(intention.call.agglomeration_id), intention.pk])


def _call_detail(intention: ProjectIntention) -> str:
    return _("Call %(number)s") % {"number": intention.call.number}


# ---- applicant ---------------------------------------------------------------------------------


def _applicant(scope: _Scope) -> None:
    """Drafts (until the call's deadline) and returned intentions of the user's organisations."""
    where = scope.where(Role.APPLICANT)
    if not where:
        return
    own = Q(pk__in=[])
    for agglomeration_id in where:
        organisations = scope.organisations.get(agglomeration_id, frozenset())
        own |= Q(call__agglomeration_id=agglomeration_id, applicant_id__in=organisations)
    intentions = (
        ProjectIntention.objects.filter(own)
        .filter(
            Q(status=S.RETURNED)
            | Q(status=S.DRAFT, call__status__in=[CallStatus.PLANNED, CallStatus.ANNOUNCED])
        )
        .select_related("call")
        .order_by("pk")
    )
    for intention in intentions:
        draft = intention.status == S.DRAFT
        scope.add(
            intention.call.agglomeration_id,
            Kind.DRAFT if draft else Kind.RETURNED,
            str(intention.name),
            _intention_link(scope, "intentions:detail", intention),
            intention.call.closes_at if draft else None,
            _call_detail(intention),
        )


# ---- coordinator and working group -------------------------------------------------------------


def _coordinator(scope: _Scope) -> None:
    """Intentions waiting for the formal check, and for the recommendation after it."""
    where = scope.where(Role.COORDINATOR)
    if not where:
        return
    intentions = (
        ProjectIntention.objects.filter(
            call__agglomeration_id__in=where, status__in=[S.SUBMITTED, S.FORMAL_CHECK_PASSED]
        )
        .select_related("call")
        .order_by("pk")
    )
    for intention in intentions:
        submitted = intention.status == S.SUBMITTED
        scope.add(
            intention.call.agglomeration_id,
            Kind.FORMAL_CHECK if submitted else Kind.RECOMMENDATION,
            str(intention.name),
            _intention_link(scope, "intentions:evaluation_intention", intention),
            None,
            _call_detail(intention),
        )


def _working_group(scope: _Scope) -> None:
    """The reviews the user is assigned of intentions after the formal check, not yet submitted
    (a declared conflict of interest is a submitted review too); the deadline is the due date."""
    where = scope.where(Role.WORKING_GROUP)
    if not where:
        return
    reviewed = Review.objects.filter(
        intention_id=OuterRef("intention_id"), reviewer=scope.user, submitted_at__isnull=False
    )
    assignments = (
        ReviewAssignment.objects.filter(
            reviewer=scope.user,
            intention__call__agglomeration_id__in=where,
            intention__status=S.FORMAL_CHECK_PASSED,
        )
        .exclude(Exists(reviewed))
        .select_related("intention__call")
        .order_by("due_on", "intention_id")
    )
    for assignment in assignments:
        intention = assignment.intention
        scope.add(
            intention.call.agglomeration_id,
            Kind.REVIEW,
            str(intention.name),
            _intention_link(scope, "intentions:evaluation_review", intention),
            assignment.due_on,
            _call_detail(intention),
        )


# ---- steering committee ------------------------------------------------------------------------


def _meeting_title(meeting: Meeting) -> str:
    return _("Meeting %(number)s/%(period)s") % {
        "number": meeting.number,
        "period": meeting.period,
    }


def _meeting_link(scope: _Scope, agglomeration_id: int, meeting_id: int) -> str:
    return reverse("committee:meeting", args=[scope.slug(agglomeration_id), meeting_id])


def _pending_items_by_meeting(items: Iterable[AgendaItem]) -> dict[int, list[AgendaItem]]:
    grouped: dict[int, list[AgendaItem]] = {}
    for item in items:
        grouped.setdefault(item.meeting_id, []).append(item)
    return grouped


def _pending_meetings(
    scope: _Scope,
    where: list[int],
    kind: str,
    detail: Callable[[int], str],
    *conditions: Exists,
) -> None:
    """One item per meeting whose voting is open and which has pending agenda items (those that
    meet `conditions`), closing when the voting closes; `detail` says how many, given the count."""
    items = (
        AgendaItem.objects.filter(
            meeting__committee__agglomeration_id__in=where,
            meeting__status=MeetingStatus.VOTING,
            status=ItemStatus.PENDING,
        )
        .filter(*conditions)
        .select_related("meeting__committee")
        .order_by("meeting_id", "order")
    )
    for group in _pending_items_by_meeting(items).values():
        meeting = group[0].meeting
        agglomeration_id = meeting.committee.agglomeration_id
        scope.add(
            agglomeration_id,
            kind,
            _meeting_title(meeting),
            _meeting_link(scope, agglomeration_id, meeting.pk),
            meeting.voting_closes_at,
            detail(len(group)) % {"count": len(group)},
        )


def _committee(scope: _Scope) -> None:
    """Open votes the user (or the member they stand in for) has not cast and is not recused from
    (conflict of interest), and meetings to come."""
    where = scope.where(Role.COMMITTEE)
    if not where:
        return
    unvoted_seat = (
        CommitteeMember.objects.filter(committee_id=OuterRef("meeting__committee_id"), active=True)
        .filter(Q(user=scope.user) | Q(alternate=scope.user))
        .exclude(
            Exists(Vote.objects.filter(member_id=OuterRef("pk"), item_id=OuterRef(OuterRef("pk"))))
        )
        .exclude(counting.recused_seat())
    )
    _pending_meetings(
        scope,
        where,
        Kind.VOTE,
        lambda count: ngettext("%(count)d item to vote on", "%(count)d items to vote on", count),
        Exists(unvoted_seat),
    )
    meetings = Meeting.objects.filter(
        committee__agglomeration_id__in=where,
        status=MeetingStatus.PLANNED,
        starts_at__gte=scope.now,
    ).select_related("committee")
    for meeting in meetings.order_by("starts_at"):
        agglomeration_id = meeting.committee.agglomeration_id
        scope.add(
            agglomeration_id,
            Kind.MEETING,
            _meeting_title(meeting),
            _meeting_link(scope, agglomeration_id, meeting.pk),
            meeting.starts_at,
            meeting.place or meeting.get_form_display(),
        )


# ---- strategy manager --------------------------------------------------------------------------


def _manager(scope: _Scope) -> None:
    where = scope.where(Role.MANAGER)
    if not where:
        return
    _decisions(scope, where)
    _imports(scope, where)
    _reports(scope, where)
    _art49(scope, where)
    _early_warning(scope, where)


def _decisions(scope: _Scope, where: list[int]) -> None:
    """Change requests to decide, compliant intentions waiting for their statement, and the
    committee's items waiting for the decision of a meeting whose voting is open."""
    changes = (
        ChangeRequest.objects.filter(
            intention__call__agglomeration_id__in=where, status=ChangeStatus.SUBMITTED
        )
        .select_related("intention__call")
        .order_by("pk")
    )
    for change in changes:
        agglomeration_id = change.intention.call.agglomeration_id
        scope.add(
            agglomeration_id,
            Kind.CHANGE_REQUEST,
            str(change.intention.name),
            reverse("intentions:change", args=[scope.slug(agglomeration_id), change.pk]),
            None,
            _call_detail(change.intention),
        )
    compliant = (
        ProjectIntention.objects.filter(call__agglomeration_id__in=where, status=S.COMPLIANT)
        .select_related("call")
        .order_by("pk")
    )
    for intention in compliant:
        scope.add(
            intention.call.agglomeration_id,
            Kind.STATEMENT,
            str(intention.name),
            _intention_link(scope, "intentions:statements", intention),
            None,
            _call_detail(intention),
        )
    _pending_meetings(
        scope,
        where,
        Kind.DECISION,
        lambda count: ngettext(
            "%(count)d item waits for the decision", "%(count)d items wait for the decision", count
        ),
    )


def _imports(scope: _Scope, where: list[int]) -> None:
    """Queued imports of a custom list whose saved mapping does not fit the file."""
    jobs = ImportJob.objects.filter(
        agglomeration_id__in=where, status=ImportStatus.QUEUED, source__layout=SourceLayout.CUSTOM
    ).select_related("source")
    for job in jobs.order_by("created_at", "pk"):
        if not needs_mapping(job):
            continue
        scope.add(
            job.agglomeration_id,
            Kind.IMPORT_MAPPING,
            job.file_name,
            reverse("monitoring:import_mapping", args=[scope.slug(job.agglomeration_id), job.pk]),
            None,
            job.source.name,
        )


def _reports(scope: _Scope, where: list[int]) -> None:
    """Reports the user asked for that finished (or failed) in the last week."""
    reports = GeneratedReport.objects.filter(
        agglomeration_id__in=where,
        created_by=scope.user,
        status__in=[ImportStatus.SUCCEEDED, ImportStatus.FAILED],
        finished_at__gte=scope.now - REPORT_NOTICE,
    ).order_by("-finished_at", "-pk")
    for report in reports:
        failed = report.status == ImportStatus.FAILED
        scope.add(
            report.agglomeration_id,
            Kind.REPORT_FAILED if failed else Kind.REPORT_READY,
            str(report.get_kind_display()),
            reverse("monitoring:reports", args=[scope.slug(report.agglomeration_id)]),
        )


def _art49(scope: _Scope, where: list[int]) -> None:
    """The list of operations is due again four months after the newest one (CPR Art. 49(3));
    the item appears two weeks before."""
    newest = dict(
        GeneratedReport.objects.filter(
            agglomeration_id__in=where,
            kind=GeneratedReportKind.OPERATIONS,
            status=ImportStatus.SUCCEEDED,
            finished_at__isnull=False,
        )
        .values("agglomeration_id")
        .annotate(last=Max("finished_at"))
        .values_list("agglomeration_id", "last")
    )
    for agglomeration_id, finished in newest.items():
        zone = scope.zone(agglomeration_id)
        generated_on = timezone.localtime(finished, zone).date()
        freshness = ListFreshness(
            generated_on,
            add_months(generated_on, REFRESH_MONTHS),
            timezone.localtime(scope.now, zone).date(),
        )
        if freshness.state not in ("overdue", "due_soon"):
            continue
        scope.add(
            agglomeration_id,
            Kind.ART49,
            _("Publish an updated list of operations"),
            reverse("monitoring:reports", args=[scope.slug(agglomeration_id)]),
            freshness.due,
        )


def _early_warning(scope: _Scope, where: list[int]) -> None:
    """Money of the current strategy at risk of decommitment at an open deadline."""
    for agglomeration_id in where:
        agglomeration = scope.agglomerations[agglomeration_id]
        strategy = current_strategy(agglomeration)
        if strategy is None:
            continue
        today = timezone.localtime(scope.now, scope.zone(agglomeration_id)).date()
        warning = get_early_warning(strategy, as_of=today)
        at_risk = warning.at_risk_by_currency
        if not at_risk:
            continue
        deadlines = [row.deadline for row in warning.risks if row.state == RiskState.AT_RISK]
        scope.add(
            agglomeration_id,
            Kind.EARLY_WARNING,
            _("Money at risk of decommitment"),
            reverse("monitoring:warnings", args=[agglomeration.slug]),
            min(deadlines) if deadlines else None,
            ", ".join(f"{money(amount)} {currency}" for currency, amount in at_risk.items()),
        )
