"""The demo is loaded once for this module (it takes seconds): the first load and a second one
that changes nothing, inside a transaction rolled back after the last test; each test reads it
inside its own savepoint."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum
from django.test.utils import override_settings
from django.utils import timezone

from aglomera.accounts.models import Membership, Role, User
from aglomera.agglomerations.models import Agglomeration
from aglomera.agglomerations.queries.todo import Kind, todo_for
from aglomera.calls.models import Call, CallMode, CallStatus
from aglomera.committee.models import (
    CommitteeMember,
    DecisionKind,
    Meeting,
    MeetingForm,
    MeetingStatus,
    ProposalOutcome,
    Resolution,
    Vote,
)
from aglomera.committee.queries.agenda import OPEN_MEETINGS
from aglomera.cooperation.models import (
    ExchangePhoto,
    GoodPractice,
    JointIdea,
    Partnership,
    ProjectBudget,
    ShareKind,
)
from aglomera.cooperation.queries.comparison import get_comparison
from aglomera.cooperation.queries.sharing import shared_strategy_ids
from aglomera.core import private_files
from aglomera.core.models import AuditEvent, StatusChange
from aglomera.core.money import to_eur
from aglomera.intentions.models import (
    ChangeRequest,
    ChangeStatus,
    ComplianceStatement,
    Decider,
    IntentionStatus,
    ProjectIntention,
    ReturnComment,
    Review,
    ReviewAssignment,
)
from aglomera.intentions.queries.evaluation import rank_call
from aglomera.intentions.queries.submission import list_open_calls
from aglomera.intentions.transitions import WORKFLOW as INTENTION_WORKFLOW
from aglomera.monitoring.calculations.early_warning import get_early_warning
from aglomera.monitoring.calculations.funnel import CONTRACTED, PAID, FunnelFilters
from aglomera.monitoring.models import (
    ImportJob,
    ImportStatus,
    Operation,
    Payment,
    PaymentKind,
    ProgrammeYear,
    ProgressReport,
    ReportStatus,
)
from aglomera.monitoring.queries.dashboard import get_dashboard
from aglomera.monitoring.queries.imports import needs_mapping, operations_as_of
from aglomera.monitoring.queries.intervention import intervention_page
from aglomera.monitoring.queries.progress import list_submitted_reports
from aglomera.monitoring.queries.reports import list_reports
from aglomera.monitoring.reports.art49 import build_art49_rows
from aglomera.monitoring.reports.storage import REPORTS
from aglomera.news.models import NewsItem, NewsPhoto, NewsStatus
from aglomera.strategy.models import (
    FinancialPlanLine,
    IndicatorCode,
    IndicatorCodeSource,
    OfficeRole,
    OfficeRoleKind,
    Source,
    Strategy,
    VersionStatus,
)
from aglomera.strategy.queries import diff_versions, rates_on


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {
            "accounts",
            "agglomerations",
            "strategy",
            "core",
            "calls",
            "intentions",
            "committee",
            "notifications",
            "monitoring",
            "news",
            "cooperation",
        }
    }


def _private_storage(root: Path) -> dict[str, Any]:
    """The settings of the root conftest's `private_root`, for a folder of this module's own."""
    return {
        "PRIVATE_MEDIA_ROOT": root,
        "MEDIA_ROOT": root / "media",
        "STORAGES": {
            **django_settings.STORAGES,
            "default": {  # public media: the news photos
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": root / "media"},
            },
            "private": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {
                    "location": root,
                    "file_permissions_mode": 0o600,
                    "directory_permissions_mode": 0o700,
                },
            },
        },
    }


@dataclass(frozen=True)
class LoadedDemo:
    first_output: str
    first_counts: dict[str, int]
    second_output: str
    second_counts: dict[str, int]


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("demo") / "private"


@pytest.fixture(autouse=True)
def private_root(settings: Any, demo_files: Path) -> Path:
    """The tests of this module read the files the module's demo load wrote."""
    for name, value in _private_storage(demo_files).items():
        setattr(settings, name, value)
    return demo_files


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any, demo_files: Path) -> Iterator[LoadedDemo]:
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(**_private_storage(demo_files)):
            first, second = StringIO(), StringIO()
            call_command("load_demo", stdout=first)
            first_counts = _row_counts()
            call_command("load_demo", stdout=second)
        yield LoadedDemo(first.getvalue(), first_counts, second.getvalue(), _row_counts())
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_load_demo_is_complete_and_idempotent(demo: LoadedDemo) -> None:
    assert "olomouc-manager" in demo.first_output
    assert "demo12345" in demo.first_output

    assert demo.second_counts == demo.first_counts
    assert "nothing changed" in demo.second_output
    assert "Pipeline: 27 calls, 37 project intentions" in demo.second_output
    assert "4 matched and 3 unmatched operations" in demo.second_output

    # every role has a demo user in both agglomerations
    for slug in ("olomouc", "opole"):
        for role in Role:
            username = f"{slug}-{role.value}".replace("_", "-")
            assert Membership.objects.filter(
                user__username=username, agglomeration__slug=slug, role=role
            ).exists(), username

    # the published IROP 2021-2027 allocation is reproduced to the cent
    olomouc_2021 = Strategy.objects.get(agglomeration__slug="olomouc", period="2021-2027")
    irop_eu = FinancialPlanLine.objects.filter(
        version=olomouc_2021.current_version,
        specific_objective__programme__code="IROP",
        source=Source.EU,
    ).aggregate(total=Sum("amount"))["total"]
    assert irop_eu == Decimal("2016099590.00")
    assert olomouc_2021.versions.filter(status=VersionStatus.DRAFT).count() == 1

    # 2014-2020: version 1 and the real strategy change No. 7, both approved
    olomouc_2014 = Strategy.objects.get(agglomeration__slug="olomouc", period="2014-2020")
    approved = list(olomouc_2014.versions.filter(status=VersionStatus.APPROVED).order_by("number"))
    assert [v.number for v in approved] == [1, 2]
    assert olomouc_2014.current_version == approved[1]
    diff = diff_versions(approved[0], approved[1])
    deltas = {change.measure_code: change.delta for change in diff.money}
    assert deltas == {
        "1.1.1": Decimal("-24994324.00"),
        "1.1.2": Decimal("26182340.00"),
        "1.1.4": Decimal("-1188016.00"),
    }

    # Opole: planned in PLN, the EU lines reproduce the published EUR total at the stated rate
    opole = Strategy.objects.get(agglomeration__slug="opole", period="2021-2027")
    rates = rates_on(opole.agglomeration_id, date(2024, 1, 15))
    assert rates["PLN"].units_per_eur == Decimal("4.3372")
    eur = sum(
        to_eur(line.amount, rates["PLN"].units_per_eur)
        for line in FinancialPlanLine.objects.filter(
            version=opole.current_version, source=Source.EU
        )
    )
    assert eur == Decimal("88718560.00")

    # the EU code list came with the migration
    assert IndicatorCode.objects.filter(source=IndicatorCodeSource.EU, code="RCO74").exists()


S = IntentionStatus
# Every state of the pipeline the demo shows (compliant moves on to statement_issued at once).
DEMO_STATES: set[str] = {
    S.DRAFT,
    S.SUBMITTED,
    S.RETURNED,
    S.FORMAL_CHECK_PASSED,
    S.RECOMMENDED,
    S.NOT_RECOMMENDED,
    S.STATEMENT_ISSUED,
    S.NON_COMPLIANT_OVERSUBSCRIBED,
    S.NON_COMPLIANT_NEGATIVE,
    S.DEFERRED,
    S.APPLICATION_FILED,
    S.LEGAL_ACT,
    S.IN_IMPLEMENTATION,
    S.SUSTAINABILITY,
    S.WITHDRAWN,
}


@pytest.mark.django_db
def test_load_demo_pipeline(demo: LoadedDemo) -> None:
    now = timezone.now()
    olomouc = {"call__agglomeration__slug": "olomouc"}

    # every pipeline state is present in Olomouc
    states = set(ProjectIntention.objects.filter(**olomouc).values_list("status", flat=True))
    assert states >= DEMO_STATES, DEMO_STATES - states
    returned = ProjectIntention.objects.get(status=S.RETURNED)
    assert ReturnComment.objects.filter(intention=returned).exists()

    # 2021-2027 calls with real numbers and allocations; all closed but one, open now
    calls = Call.objects.filter(agglomeration__slug="olomouc", strategy__period="2021-2027")
    assert calls.get(number="1").allocation == Decimal("56269622.00")
    assert calls.get(number="2").allocation == Decimal("80348729.00")
    assert calls.get(number="9").attachment_kinds.filter(mandatory=True).exists()
    open_calls = list_open_calls(Agglomeration.objects.get(slug="olomouc"), now)
    assert [c.number for c in open_calls] == ["31"]
    assert open_calls[0].closes_at > now + timedelta(days=20)
    assert calls.filter(status=CallStatus.CLOSED).count() == calls.count() - 1

    # registration numbers: the real 2014-2020 one and invented MS2021+ ones
    tram = ProjectIntention.objects.get(registration_number="CZ.04.1.40/0.0/0.0/16_019/0000068")
    assert tram.status == S.SUSTAINABILITY
    assert ProjectIntention.objects.filter(
        status=S.APPLICATION_FILED, registration_number__startswith="CZ.06."
    ).exists()

    # statements carry evidence numbers; the committee's resolutions decided them
    statement = ComplianceStatement.objects.get(evidence_number="OLOMOUC/2017/0001")
    assert statement.resolution is not None
    assert statement.intention == tram
    assert ComplianceStatement.objects.filter(evidence_number__startswith="OLOMOUC/2023/").count()
    assert Resolution.objects.filter(committee__agglomeration__slug="olomouc").count() >= 20

    # reviews by the working group, one of them declaring a conflict of interest, each by a
    # member assigned to review the intention
    assert Review.objects.filter(conflict_of_interest=True).exists()
    assert Review.objects.filter(conflict_of_interest=False, scores__points__gt=0).exists()
    assigned = set(ReviewAssignment.objects.values_list("intention_id", "reviewer_id"))
    assert set(Review.objects.values_list("intention_id", "reviewer_id")) <= assigned

    # the oversubscribed heritage call ranks with a cut line and a reserve list
    heritage = calls.get(number="14")
    ranked = rank_call(heritage)
    assert ranked.ranking.oversubscribed
    assert ranked.ranking.cut_after == 3
    reserve = [row.candidate.item.status for row in ranked.ranking.reserve]
    assert reserve == [S.NON_COMPLIANT_OVERSUBSCRIBED, S.NON_COMPLIANT_OVERSUBSCRIBED]

    # the open written vote: window started yesterday and closes in five days; some members
    # voted, the demo committee member has not and may vote on the call item
    meeting = Meeting.objects.get(
        committee__agglomeration__slug="olomouc", status=MeetingStatus.VOTING
    )
    assert meeting.form == MeetingForm.PER_ROLLAM
    assert meeting.voting_closes_at is not None
    assert meeting.starts_at < now < meeting.voting_closes_at
    today = timezone.localtime(now, ZoneInfo("Europe/Prague")).date()
    assert timezone.localtime(meeting.starts_at, ZoneInfo("Europe/Prague")).date() == (
        today - timedelta(days=1)
    )
    assert timezone.localtime(meeting.voting_closes_at, ZoneInfo("Europe/Prague")).date() == (
        today + timedelta(days=5)
    )
    demo_member = CommitteeMember.objects.get(
        committee=meeting.committee, user__username="olomouc-committee"
    )
    item = meeting.items.get(kind=DecisionKind.CALL_INTENTIONS)
    assert item.proposals.count() == 3
    assert Vote.objects.filter(item__meeting=meeting).exists()
    assert not Vote.objects.filter(item__meeting=meeting, member=demo_member).exists()
    assert demo_member.organisation_id not in set(
        item.concerned_organisations.values_list("pk", flat=True)
    )
    assert Meeting.objects.filter(status__in=OPEN_MEETINGS).count() == Meeting.objects.count()
    # the statute's rules: the chair's casting vote, three fifths of all for an amendment; each
    # intention of a call item is counted on its own (its applicant's member recused from it)
    assert meeting.committee.casting_vote
    assert list(meeting.committee.majorities.values_list("kind", "rule")) == [
        ("strategy_amendment", "three_fifths_of_all")
    ]
    decided = ProposalOutcome.objects.filter(resolution__committee=meeting.committee)
    assert decided.exists()
    assert not decided.filter(adopted=False).exists()

    # change requests: one decided by the manager, one referred to the committee (on the vote)
    by_manager = ChangeRequest.objects.get(decider=Decider.MANAGER)
    assert by_manager.status == ChangeStatus.APPROVED
    assert by_manager.statements.exists()
    referred = ChangeRequest.objects.get(decider=Decider.COMMITTEE)
    assert referred.status == ChangeStatus.WITH_COMMITTEE
    assert meeting.items.filter(kind=DecisionKind.CHANGE_REQUEST, object_id=referred.pk).exists()

    # Opole: the office's roles, the non-competitive list and the managing authority's call
    roles = dict(
        OfficeRole.objects.filter(agglomeration__slug="opole").values_list(
            "specific_objective__code", "role"
        )
    )
    assert roles["Działanie 2.8"] == OfficeRoleKind.SELECTS
    assert roles["Działanie 2.1"] == OfficeRoleKind.ASSESSES_CONSISTENCY
    opole_calls = Call.objects.filter(agglomeration__slug="opole")
    assert {c.mode for c in opole_calls} == {CallMode.NON_COMPETITIVE, CallMode.MANAGING_AUTHORITY}
    assessed = ProjectIntention.objects.filter(call__mode=CallMode.MANAGING_AUTHORITY)
    assert Review.objects.filter(intention__in=assessed, scores__passed=True).exists()
    assert set(assessed.values_list("status", flat=True)) == {
        S.STATEMENT_ISSUED,
        S.NON_COMPLIANT_NEGATIVE,
        S.FORMAL_CHECK_PASSED,  # the second round's intention waits for the working group
        S.RECOMMENDED,  # ... and its other one for the committee's next meeting
    }
    assert Resolution.objects.filter(committee__agglomeration__slug="opole").count() == 2


@pytest.mark.django_db
def test_opole_has_work_in_preparation(demo: LoadedDemo) -> None:
    """What links the staff pages of things in preparation: a planned call, a meeting being
    prepared, an import waiting for its column mapping, an applicant with no organisation yet."""
    now = timezone.now()
    opole = Agglomeration.objects.get(slug="opole")
    zone = ZoneInfo(opole.time_zone)

    # a third round, created and not announced: it opens in 60 days and can still be edited
    planned = Call.objects.get(agglomeration=opole, status=CallStatus.PLANNED)
    assert planned.number == "FEOP.02.01-IZ.00-003/26"
    assert planned.opens_at > now and not planned.intentions.exists()
    newest = Call.objects.filter(agglomeration=opole).order_by("-opens_at").first()
    assert newest == planned  # first on the list of calls

    # the committee's next meeting in three weeks: planned, its call item proposes a decision
    # on the intention the working group recommended
    meeting = Meeting.objects.get(committee__agglomeration=opole, status=MeetingStatus.PLANNED)
    today = timezone.localtime(now, zone).date()
    assert timezone.localtime(meeting.starts_at, zone).date() == today + timedelta(days=21)
    assert (meeting.form, meeting.number) == (MeetingForm.IN_PERSON, 3)
    item = meeting.items.get(kind=DecisionKind.CALL_INTENTIONS)
    (proposal,) = item.proposals.select_related("intention")
    assert proposal.intention.status == S.RECOMMENDED
    assert proposal.decision == S.COMPLIANT
    latest = Meeting.objects.filter(committee__agglomeration=opole).order_by("-starts_at").first()
    assert latest == meeting  # first on the committee's page

    # the marshal's office's list in its own layout waits for the manager to map its columns
    job = ImportJob.objects.get(agglomeration=opole)
    assert job.status == ImportStatus.QUEUED and needs_mapping(job)
    manager = User.objects.get(username="opole-manager")
    todo = todo_for(manager, [opole])[opole.pk]
    assert [i.title for i in todo if i.kind == Kind.IMPORT_MAPPING] == [job.file_name]

    # an applicant who signed up without an organisation: to register it before filing
    newcomer = Membership.objects.get(user__username="opole-applicant-new", agglomeration=opole)
    assert (newcomer.role, newcomer.organisation) == (Role.APPLICANT, None)


@pytest.mark.django_db
def test_the_demo_working_group_finds_its_assigned_reviews_on_the_todo_list(
    demo: LoadedDemo,
) -> None:
    for slug in ("olomouc", "opole"):
        agglomeration = Agglomeration.objects.get(slug=slug)
        zone = ZoneInfo(agglomeration.time_zone)
        # The demo's working-group user: a review waiting, due a week after the load
        user = User.objects.get(username=f"{slug}-working-group")
        (item,) = [
            i for i in todo_for(user, [agglomeration])[agglomeration.pk] if i.kind == Kind.REVIEW
        ]
        assignment = ReviewAssignment.objects.get(
            reviewer=user, intention__status=S.FORMAL_CHECK_PASSED
        )
        assert item.title == str(assignment.intention.name)
        assert item.deadline == assignment.due_on
        asked = timezone.localtime(assignment.assigned_at, zone).date()
        assert (assignment.due_on - asked, item.overdue) == (timedelta(days=7), False)
        # A second member, asked the day after the check, is late by now
        late = User.objects.get(username=f"{slug}-working-group-2")
        (item,) = [
            i for i in todo_for(late, [agglomeration])[agglomeration.pk] if i.kind == Kind.REVIEW
        ]
        assert item.title == str(assignment.intention.name)
        assert item.overdue


@pytest.mark.django_db
def test_load_demo_monitoring(demo: LoadedDemo) -> None:
    olomouc = Agglomeration.objects.get(slug="olomouc")
    today = timezone.localdate()

    # the history carries the moments of the story: the Olomouc library was contracted in 2023
    library = ProjectIntention.objects.get(registration_number="CZ.06.04.06/00/22_031/0000417")
    legal_act = StatusChange.objects.get(
        workflow=INTENTION_WORKFLOW, object_id=library.pk, new_status=S.LEGAL_ACT
    )
    assert legal_act.created_at.year == 2023
    history = StatusChange.objects.filter(workflow=INTENTION_WORKFLOW, object_id=library.pk)
    moments = list(history.order_by("id").values_list("created_at", flat=True))
    assert moments == sorted(moments)

    # the dashboard: contracted and paid money, and an absorption curve that rises over time
    dashboard = get_dashboard(olomouc, strategy_id=None, filters=FunnelFilters(as_of=today))
    assert dashboard.strategy is not None and dashboard.strategy.period == "2021-2027"
    funnel = dashboard.funnel
    assert funnel is not None
    totals = funnel.totals[0].amounts
    assert totals[CONTRACTED] > 0
    assert totals[PAID] > 0
    contracted_curve = {point.contracted for point in funnel.absorption}
    assert len(contracted_curve) > 2
    assert funnel.absorption[0].month < date(2024, 1, 1)
    assert any(row.achieved > 0 for row in dashboard.indicators)

    # payments: paid and certified in the past, forecasts only in the future
    payments = Payment.objects.filter(intention__call__agglomeration=olomouc)
    assert payments.filter(kind=PaymentKind.PAID).exists()
    assert payments.filter(kind=PaymentKind.CERTIFIED).exists()
    assert not payments.exclude(kind=PaymentKind.FORECAST).filter(on__gt=today).exists()
    assert not payments.filter(kind=PaymentKind.FORECAST, on__lte=today).exists()
    assert Payment.objects.filter(intention__call__agglomeration__slug="opole").exists()

    # early warning: the programmes' tranches as each office keeps them (no 2021 tranche, moved
    # to 2022-2025), the strategy's contribution to their risk, no phantom loss (nothing is
    # decommitted unless the managing authority reported it, and none did), unspent allocation
    warning = get_early_warning(dashboard.strategy, as_of=today)
    assert warning.risks
    assert warning.decommitted_by_currency == {}
    assert not any(risk.decommitted for risk in warning.risks)
    assert warning.unspent
    entered = {(item.programme, item.fund) for item in warning.programmes if item.financing}
    assert entered == {("IROP", "ERDF"), ("OPD", "CF"), ("OPŽP", "ERDF")}
    assert {item.programme for item in warning.missing} == {"OP JAK", "OP TAK", "OPZ+"}
    irop = next(item for item in warning.programmes if item.programme == "IROP")
    assert irop.financing is not None and irop.financing.tranches[2021] == 0
    assert irop.targets[0].year == 2022
    assert irop.targets[0].deadline == date(2025, 12, 31)
    assert irop.share == Decimal("1.8001")  # 2,016,099,590 of 112,000,000,000 CZK
    assert ProgrammeYear.objects.filter(financing__shares_only=False).count() == 4 * 7
    opole_strategy = Strategy.objects.get(agglomeration__slug="opole", period="2021-2027")
    opole_warning = get_early_warning(opole_strategy, as_of=today)
    assert [
        (item.programme, item.fund, item.financing is not None) for item in opole_warning.programmes
    ] == [
        ("FEO 2021-2027", "ERDF", True),
        ("FEO 2021-2027", "ESF+", False),
    ]
    assert opole_warning.decommitted_by_currency == {}

    # two lists imported through the importer: matched and unmatched operations, as of two days
    jobs = ImportJob.objects.filter(agglomeration=olomouc).order_by("as_of")
    assert [job.status for job in jobs] == [ImportStatus.SUCCEEDED] * 2
    assert jobs[0].as_of < jobs[1].as_of
    operations = Operation.objects.filter(agglomeration=olomouc)
    assert operations.exclude(intention=None).count() >= 1
    assert operations.filter(intention=None).count() >= 1
    first = {s.operation_id: s for s in operations_as_of(olomouc, jobs[0].as_of)}
    second = {s.operation_id: s for s in operations_as_of(olomouc, jobs[1].as_of)}
    assert len(second) > len(first)
    assert any(
        (first[pk].paid_eu, first[pk].eu_contribution)
        != (second[pk].paid_eu, second[pk].eu_contribution)
        for pk in first
    )
    # the list covers the whole country: Praha and Brno are counted outside and never stored
    assert [job.outside for job in jobs] == [2, 2]
    assert not operations.exclude(nuts3="CZ071").exists()
    # the claims are in total eligible expenditure: their EU share is derived
    assert operations.filter(paid_eu_derived=True).exists()

    # progress reports: approved ones, one returned and one waiting in the coordinator's queue
    olomouc_reports = ProgressReport.objects.filter(intention__call__agglomeration=olomouc)
    assert olomouc_reports.filter(status=ReportStatus.APPROVED).count() >= 2
    assert olomouc_reports.filter(status=ReportStatus.RETURNED).count() == 1
    assert len(list_submitted_reports(olomouc)) == 1

    # the types of intervention: a code for every objective of both 2021-2027 strategies, and
    # the Art. 49 list carries it in the list's language (the Olomouc library: culture, IROP
    # RSO 4.6 -> 166, named in Czech)
    for agglomeration in Agglomeration.objects.all():
        page = intervention_page(agglomeration)
        assert page.rows and all(row.code and row.in_strategy for row in page.rows)
    published = {row["code"]: row for row in build_art49_rows(olomouc, today)}
    library_row = published["CZ.06.04.06/00/22_031/0000417"]
    assert (library_row["intervention_code"], library_row["intervention_name"]) == (
        "166",
        "Ochrana, rozvoj a propagace kulturního dědictví a kulturních služeb",
    )

    # the reports page: a fulfilment report and the Art. 49 list, generated, with their files
    lines = list_reports(olomouc)
    assert {line.report.kind for line in lines} == {"fulfilment", "operations"}
    for line in lines:
        assert line.report.status == ImportStatus.SUCCEEDED
        assert line.formats
        for stored in line.report.files.values():
            assert private_files.exists(f"{REPORTS}/{stored}")


@pytest.mark.django_db
def test_the_demo_builds_monitoring_summaries_that_give_the_replays_funnel(
    demo: LoadedDemo,
) -> None:
    from dataclasses import replace

    from aglomera.monitoring.calculations import funnel

    def comparable(result: funnel.Funnel) -> funnel.Funnel:
        rows = [
            replace(r, monthly={m: v for m, v in r.monthly.items() if any(v)}) for r in result.rows
        ]
        return replace(result, rows=rows)

    strategies = list(Strategy.objects.exclude(current_version=None))
    assert strategies
    assert all(strategy.summary_built_at is not None for strategy in strategies)
    for strategy in strategies:
        for day in (date(2019, 12, 31), date(2023, 6, 30), date(2025, 12, 31)):
            wanted = FunnelFilters(as_of=day)
            summed = funnel.money_funnel(strategy, wanted)
            assert comparable(summed) == comparable(funnel._replay_funnel(strategy, wanted))


@pytest.mark.django_db
def test_the_portals_have_real_news_with_a_photo(demo: LoadedDemo, client: Any) -> None:
    for slug, title in (
        ("olomouc", "Týden na stáži v Opolské aglomeraci"),
        ("opole", "Gościliśmy kolegę z Ołomuńca"),
    ):
        items = NewsItem.objects.filter(agglomeration__slug=slug, status=NewsStatus.PUBLISHED)
        assert items.count() >= 3
        assert all(set(item.title) == {"cs", "pl", "en"} for item in items)
        photo = NewsPhoto.objects.get(item__agglomeration__slug=slug)
        assert photo.credit == "Aglomera demo" and set(photo.alt) == {"cs", "pl", "en"}
        language = "cs" if slug == "olomouc" else "pl"
        page = client.get(f"/{language}/{slug}/news/").content.decode()
        assert title in page
        thumb = client.get(f"/{language}/{slug}/news/photos/{photo.pk}/thumb/")
        assert thumb.status_code == 200
    (internship,) = [
        item
        for item in NewsItem.objects.filter(agglomeration__slug="olomouc")
        if item.title["cs"] == "Týden na stáži v Opolské aglomeraci"
    ]
    assert internship.publish_at is not None and internship.publish_at.year == 2021


@pytest.mark.django_db
def test_the_olomouc_opole_partnership_has_its_real_history(demo: LoadedDemo, client: Any) -> None:
    (partnership,) = Partnership.objects.all()
    members = {m.agglomeration.slug for m in partnership.members.select_related("agglomeration")}
    assert members == {"olomouc", "opole"}
    # the agreement is known to the month only: stored as the first day, never shown as one
    assert (partnership.agreement_signed_on, partnership.agreement_precision) == (
        date(2016, 9, 1),
        "month",
    )
    projects = list(partnership.projects.order_by("pk"))
    assert [p.registration_number for p in projects] == [
        "",
        "CZ.11.4.120/0.0/0.0/16_026/0001080",
        "",
    ]
    assert (projects[0].starts_precision, projects[0].starts_on) == ("year", date(2017, 1, 1))
    assert (projects[2].starts_on, projects[2].ends_on) == (date(2020, 2, 1), date(2023, 1, 1))
    assert not ProjectBudget.objects.exists()  # the reference states no budget
    exchanges = list(partnership.exchanges.order_by("starts_on"))
    assert [e.starts_on.isoformat() for e in exchanges] == [
        "2018-06-27",
        "2018-10-01",
        "2018-10-14",
        "2018-11-19",
        "2019-04-08",
        "2019-06-05",
        "2019-10-14",
        "2021-08-15",
    ]
    august = exchanges[-1]
    assert (august.kind, august.host.slug, august.ends_on) == (
        "internship",
        "opole",
        date(2021, 8, 22),
    )
    assert august.project == projects[2]
    assert all(set(e.title) == {"cs", "pl", "en"} and e.source for e in exchanges)
    # one short report, of the October 2018 visit (the only row with an outcome); no photos
    assert [e.starts_on.isoformat() for e in exchanges if e.report] == ["2018-10-01"]
    assert set(exchanges[1].report) == {"cs", "pl", "en"}
    assert "22" in exchanges[1].report["en"] and not ExchangePhoto.objects.exists()
    # only the people the reference names: one in June 2018, one in August 2021
    people = {
        e.starts_on.isoformat(): [
            (p.name, p.function, p.side and p.side.slug) for p in e.people.all()
        ]
        for e in exchanges
        if e.people.exists()
    }
    assert people == {
        "2018-06-27": [("Ladislav Šnevajs", "náměstek primátora", "olomouc")],
        "2021-08-15": [("Mgr. Petr Kladivo", "", "olomouc")],
    }
    # the site visits the reference names, with their project as text and the row's source;
    # it states no day for any of them
    visits = {
        e.starts_on.isoformat(): [(i.kind, i.place, i.project_text) for i in e.items.all()]
        for e in exchanges
        if e.items.exists()
    }
    assert visits == {
        "2018-06-27": [("site_visit", "Turawa", "Turawa"), ("site_visit", "Moszna", "Moszna")],
        "2019-04-08": [
            ("site_visit", "Opole", "Park Naukowo-Technologiczny w Opolu (ZIT 2.2.2)"),
            ("site_visit", "Gogolin", "Centrum przesiadkowe Gogolin"),
        ],
        "2019-06-05": [("site_visit", "Opole", "Park Naukowo-Technologiczny w Opolu – IV etap")],
    }
    every_item = [i for e in exchanges for i in e.items.all()]
    assert all(i.day is None and set(i.title) == {"cs", "pl", "en"} for i in every_item)
    assert all(i.project_url == i.exchange.source for i in every_item)
    # both offices recorded part of the history: both audit logs show it
    recorded = AuditEvent.objects.filter(code="cooperation.exchange.created")
    assert {e.agglomeration_id for e in recorded} == {m.pk for m in Agglomeration.objects.all()}
    client.force_login(User.objects.get(username="opole-partner"))
    page = client.get(f"/en/app/opole/cooperation/{partnership.pk}/").content.decode()
    assert "September 2016" in page
    assert "Budget per partner: not stated in the sources." in page
    april = exchanges[4]
    page = client.get(f"/en/app/opole/cooperation/exchanges/{april.pk}/").content.decode()
    assert "Gogolin transfer hub" in page and "during the exchange (day not stated)" in page


@pytest.mark.django_db
def test_the_library_has_a_card_of_each_side(demo: LoadedDemo, client: Any) -> None:
    cards = {card.agglomeration.slug: card for card in GoodPractice.objects.all()}
    assert set(cards) == {"olomouc", "opole"}
    assert all(set(c.title) == {"cs", "pl", "en"} and c.source for c in cards.values())
    assert all(c.amount is None for c in cards.values())  # the reference states no money
    client.force_login(User.objects.get(username="olomouc-manager"))
    page = client.get("/en/app/olomouc/cooperation/library/", {"q": "naukowo"}).content.decode()
    assert "Science and Technology Park in Opole" in page
    assert "Cycle paths and transfer hubs" not in page
    # the tags are in the three languages, found by any of them
    assert all(all(c.tags_by_language().values()) for c in cards.values())
    page = client.get("/cs/app/olomouc/cooperation/library/", {"tag": "cyklistika"})
    assert "Cyklostezky a přestupní uzly" in page.content.decode()
    assert "vědecký park" in page.content.decode()  # the tag filter, in Czech


@pytest.mark.django_db
def test_the_comparison_of_olomouc_and_opole_shows_both_sides_in_eur(
    demo: LoadedDemo, client: Any
) -> None:
    (partnership,) = Partnership.objects.all()
    client.force_login(User.objects.get(username="olomouc-manager"))
    url = f"/en/app/olomouc/cooperation/{partnership.pk}/comparison/"
    page = client.get(url, {"as_of": "2026-11-15"}).content.decode()
    # each office's own monthly rate of November 2026 (DATA_SOURCES.md: approximate demo values)
    assert "1 EUR = 24.87 CZK" in page and "1 EUR = 4.275 PLN" in page
    assert "EUR unknown (no rate)" not in page
    assert "081 " in page  # the type of intervention both offices publish (urban transport)
    assert "RCO58" in page  # a common EU indicator of both strategies
    assert "EUR per inhabitant" in page and "per inhabitant: unknown" not in page
    # the figures in the programme currency are the dashboard's, read from the same summary
    found = get_comparison(partnership, as_of=date(2026, 11, 15))
    for side in found.sides:
        board = get_dashboard(
            side.agglomeration, strategy_id=None, filters=FunnelFilters(as_of=date(2026, 11, 15))
        )
        assert board.funnel is not None and side.strategy == board.strategy
        assert side.native == {
            total.currency: {stage: total.amounts[stage] for stage in side.native[total.currency]}
            for total in board.funnel.totals
        }
        assert all(side.eur[stage] is not None for stage in side.eur)  # both have a rate


@pytest.mark.django_db
def test_each_side_shares_its_strategy_dashboard_and_cards(demo: LoadedDemo, client: Any) -> None:
    partnership = Partnership.objects.get()
    for slug in ("olomouc", "opole"):
        side = Agglomeration.objects.get(slug=slug)
        strategies = set(
            Strategy.objects.filter(agglomeration=side)
            .exclude(current_version=None)
            .values_list("pk", flat=True)
        )
        assert strategies
        assert shared_strategy_ids(partnership, side) == strategies
        assert shared_strategy_ids(partnership, side, ShareKind.DASHBOARD) == strategies
    olomouc_card = GoodPractice.objects.get(agglomeration__slug="olomouc")
    client.force_login(User.objects.get(username="opole-manager"))
    sharing = client.get(f"/en/app/opole/cooperation/{partnership.pk}/sharing/").content.decode()
    assert "Cycle paths and transfer hubs" in sharing  # Olomouc's card for partners
    assert client.get(f"/en/app/opole/cooperation/library/{olomouc_card.pk}/").status_code == 200
    recorded = AuditEvent.objects.filter(code="cooperation.sharing.changed")
    assert {e.agglomeration_id for e in recorded} == {
        a.pk for a in Agglomeration.objects.filter(slug__in=["olomouc", "opole"])
    }


@pytest.mark.django_db
def test_the_partnership_has_an_illustrative_joint_idea_in_concept(
    demo: LoadedDemo, client: Any
) -> None:
    [idea] = JointIdea.objects.all()
    assert idea.status == "concept"
    assert "illustrative" in idea.title["en"] and set(idea.title) == {"cs", "pl", "en"}
    sides = {side.agglomeration.slug: side for side in idea.sides.select_related("measure")}
    assert sides["olomouc"].measure is not None and sides["opole"].measure is not None
    assert (sides["olomouc"].currency, sides["opole"].currency) == ("CZK", "PLN")
    assert sides["olomouc"].basis == sides["opole"].basis == "total"
    comments = list(idea.comments.select_related("author").order_by("created_at", "pk"))
    assert [(c.author and c.author.username, c.written_in) for c in comments] == [
        ("olomouc-manager", "cs"),
        ("opole-manager", "pl"),
    ]
    client.force_login(User.objects.get(username="opole-coordinator"))
    page = client.get(f"/pl/app/opole/cooperation/ideas/{idea.pk}/").content.decode()
    assert "Transgraniczna trasa rowerowa" in page
