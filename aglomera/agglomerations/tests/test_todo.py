"""The to-do list of each role, on the start page and on the agglomeration's page.

Given the pipeline world (Olomouc: call 2 open until 2025-05-30 12:00 Prague time, one user per
role, the applicant acting for Přerov), each test puts a few intentions, meetings or reports in
the state that makes them wait for someone and reads the page as that person.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aglomera.accounts.models import Membership, Role, User
from aglomera.agglomerations.models import Agglomeration
from aglomera.committee import actions
from aglomera.committee.models import CommitteeMember, Meeting
from aglomera.committee.tests.world import CommitteeWorld
from aglomera.intentions.actions.changes import request_change
from aglomera.intentions.actions.evaluation import save_review
from aglomera.intentions.actions.statements import issue_statement
from aglomera.intentions.models import (
    ChangeKind,
    IntentionStatus,
    StatementOutcome,
    StatementType,
)
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.actions.commitments import set_programme_financing
from aglomera.monitoring.models import (
    GeneratedReport,
    GeneratedReportKind,
    ImportJob,
    ImportStatus,
    RegionCategory,
    SourceLayout,
)
from aglomera.monitoring.tests.import_helpers import fixture
from aglomera.strategy.tests.builders import make_opole, make_user

S = IntentionStatus
DASHBOARD = "/en/app/"


@pytest.fixture
def world(db: None) -> PipelineWorld:
    return PipelineWorld.create()


def page_of(client: Client, user: User, url: str = DASHBOARD) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def todo_section(html: str) -> str:
    """The first to-do list on the page (the start page shows one per agglomeration)."""
    match = re.search(r'<section class="todo".*?</section>', html, re.S)
    assert match, "no to-do list on the page"
    return match.group(0)


def items(html: str) -> list[str]:
    """Each item of the to-do list as one line of text: kind, title, detail, deadline."""
    found = re.findall(r'<li class="todo-item[^"]*">(.*?)</li>', todo_section(html), re.S)
    # A deadline reads as its machine-readable form (the shown one follows the language).
    found = [re.sub(r'<time datetime="([^"]+)">.*?</time>', r"\1", item) for item in found]
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in found]


def links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)">', todo_section(html))


def test_the_dashboard_url_is_the_start_page() -> None:
    assert reverse("core:dashboard") == DASHBOARD


# ---- applicant ---------------------------------------------------------------------------------


def test_the_applicant_sees_their_drafts_with_the_calls_deadline_and_their_returned_ones(
    world: PipelineWorld, client: Client
) -> None:
    draft = world.intention(name="Mateřská škola Kopretina")
    returned = world.intention(name="Mateřská škola Sluníčko", status=S.RETURNED)
    world.intention(name="Už podaný záměr", status=S.SUBMITTED)
    world.intention(name="Záměr univerzity", applicant=world.other_org)

    html = page_of(client, world.user(Role.APPLICANT))

    assert items(html) == [
        "Draft to submit Mateřská škola Kopretina · Call 2 Deadline: 2025-05-30T12:00:00+02:00 overdue",
        "Returned for completion Mateřská škola Sluníčko · Call 2",
    ]
    assert links(html) == [
        f"/en/app/{world.agglomeration.slug}/intentions/{draft.pk}/",
        f"/en/app/{world.agglomeration.slug}/intentions/{returned.pk}/",
    ]
    assert "Záměr univerzity" not in html


def test_the_other_organisations_applicant_sees_only_its_own_draft(
    world: PipelineWorld, client: Client
) -> None:
    world.intention(name="Mateřská škola Kopretina")
    world.intention(name="Záměr univerzity", applicant=world.other_org)

    html = page_of(client, world.other_applicant)

    assert items(html) == [
        "Draft to submit Záměr univerzity · Call 2 Deadline: 2025-05-30T12:00:00+02:00 overdue"
    ]


def test_a_draft_of_a_call_still_open_is_not_overdue(world: PipelineWorld, client: Client) -> None:
    world.call.closes_at = timezone.now() + timedelta(days=3)
    world.call.save(update_fields=["closes_at"])
    world.intention(name="Mateřská škola Kopretina")

    (item,) = items(page_of(client, world.user(Role.APPLICANT)))

    assert item.startswith("Draft to submit Mateřská škola Kopretina · Call 2 Deadline: ")
    assert "overdue" not in item


# ---- coordinator and working group -------------------------------------------------------------


def test_the_coordinator_sees_formal_checks_and_recommendations_linking_to_the_evaluation(
    world: PipelineWorld, client: Client
) -> None:
    submitted = world.intention(name="Podaný záměr", status=S.SUBMITTED)
    checked = world.intention(name="Zkontrolovaný záměr", status=S.FORMAL_CHECK_PASSED)
    world.intention(name="Rozpracovaný záměr")
    world.intention(name="Doporučený záměr", status=S.RECOMMENDED)

    html = page_of(client, world.user(Role.COORDINATOR))

    assert items(html) == [
        "Formal check Podaný záměr · Call 2",
        "Recommendation Zkontrolovaný záměr · Call 2",
    ]
    slug = world.agglomeration.slug
    assert links(html) == [
        f"/en/app/{slug}/evaluation/intentions/{submitted.pk}/",
        f"/en/app/{slug}/evaluation/intentions/{checked.pk}/",
    ]


def test_the_working_group_member_sees_the_reviews_still_waiting_for_them_not_for_others(
    world: PipelineWorld, client: Client
) -> None:
    first = world.intention(name="První záměr", status=S.FORMAL_CHECK_PASSED)
    second = world.intention(name="Druhý záměr", status=S.FORMAL_CHECK_PASSED)
    member = world.user(Role.WORKING_GROUP)
    colleague = make_user("colleague", (world.agglomeration, Role.WORKING_GROUP))
    due = timezone.localdate() + timedelta(days=10)
    world.assign(first, member, colleague, due_on=due)
    world.assign(second, member, colleague, due_on=due)
    # The colleague reviewed the first one; the member declared a conflict on the second.
    save_review(first, actor=colleague, conflict_of_interest=True)
    save_review(second, actor=member, conflict_of_interest=True)

    html = page_of(client, member)

    assert items(html) == [f"Review První záměr · Call 2 Deadline: {due.isoformat()}"]
    assert links(html) == [
        f"/en/app/{world.agglomeration.slug}/evaluation/intentions/{first.pk}/review/"
    ]
    assert items(page_of(Client(), colleague)) == [
        f"Review Druhý záměr · Call 2 Deadline: {due.isoformat()}"
    ]


def test_the_working_group_member_sees_only_assigned_reviews_the_overdue_one_first(
    world: PipelineWorld, client: Client
) -> None:
    # Given three intentions assigned to the member (one three weeks ago, now a week late) and
    # one assigned to nobody
    late = world.intention(name="Zpožděný záměr", status=S.FORMAL_CHECK_PASSED)
    soon = world.intention(name="Brzký záměr", status=S.FORMAL_CHECK_PASSED)
    later = world.intention(name="Pozdější záměr", status=S.FORMAL_CHECK_PASSED)
    world.intention(name="Nepřidělený záměr", status=S.FORMAL_CHECK_PASSED)
    today = timezone.localdate()
    with time_machine.travel(timezone.now() - timedelta(days=21)):
        world.assign(late, due_on=today - timedelta(days=7))
    world.assign(later, due_on=today + timedelta(days=30))
    world.assign(soon, due_on=today + timedelta(days=2))

    # When the member reads the start page
    html = page_of(client, world.user(Role.WORKING_GROUP))

    # Then the assigned reviews are listed by their due date, the overdue one first and marked
    week_ago, in_two_days, in_a_month = (
        (today + timedelta(days=days)).isoformat() for days in (-7, 2, 30)
    )
    assert items(html) == [
        f"Review Zpožděný záměr · Call 2 Deadline: {week_ago} overdue",
        f"Review Brzký záměr · Call 2 Deadline: {in_two_days}",
        f"Review Pozdější záměr · Call 2 Deadline: {in_a_month}",
    ]
    assert "Nepřidělený záměr" not in html


# ---- steering committee ------------------------------------------------------------------------


def test_the_committee_member_sees_the_open_vote_until_they_vote_and_the_coming_meeting(
    world: PipelineWorld, client: Client
) -> None:
    cw = CommitteeWorld.create(world)
    voting = cw.per_rollam()
    first = cw.other_item(voting, "Informace o čerpání")
    cw.other_item(voting, "Zpráva o plnění")
    cw.open(voting)
    coming = cw.in_person()
    coming.starts_at = timezone.now() + timedelta(days=10)
    coming.save(update_fields=["starts_at"])
    slug = world.agglomeration.slug

    html = page_of(client, cw.user("plain"))

    assert (
        items(html)[0]
        == "Vote Meeting 1/2021-2027 · 2 items to vote on Deadline: 2025-06-07T10:00:00+02:00 overdue"
    )
    assert items(html)[1].startswith(
        "Meeting Meeting 2/2021-2027 · Olomouc, Horní náměstí 583 Deadline: "
    )
    assert links(html) == [
        f"/en/app/{slug}/committee/meetings/{voting.pk}/",
        f"/en/app/{slug}/committee/meetings/{coming.pk}/",
    ]

    cw.vote(first, "plain", "yes")

    assert items(page_of(client, cw.user("plain")))[0] == (
        "Vote Meeting 1/2021-2027 · 1 item to vote on Deadline: 2025-06-07T10:00:00+02:00 overdue"
    )
    # The alternate of "plain" sees the same: the vote they may cast for the member.
    assert cw.alternate is not None
    assert items(page_of(Client(), cw.alternate))[0].startswith("Vote Meeting 1/2021-2027 · 1 item")


def test_a_member_who_voted_on_every_item_has_no_vote_waiting(
    world: PipelineWorld, client: Client
) -> None:
    cw = CommitteeWorld.create(world)
    voting = cw.per_rollam()
    item = cw.other_item(voting)
    cw.open(voting)
    cw.vote(item, "chair", "no")

    html = page_of(client, cw.user("chair"))

    assert items(html) == []
    assert "Nothing waits for you." in todo_section(html)


def test_a_member_is_not_asked_to_vote_on_items_they_are_recused_from(
    world: PipelineWorld, client: Client
) -> None:
    # Given an open vote on a call item whose intention is Přerov's, and on another item
    cw = CommitteeWorld.create(world)
    world.intention(status=S.RECOMMENDED)
    voting = cw.per_rollam()
    call_item = cw.call_item(voting)
    other = cw.other_item(voting, "Informace o čerpání")
    cw.open(voting)
    # Then Přerov's member is asked for the other item only, the chair for both
    assert items(page_of(client, cw.user("conflicted")))[0].startswith(
        "Vote Meeting 1/2021-2027 · 1 item to vote on "
    )
    assert items(page_of(Client(), cw.user("chair")))[0].startswith(
        "Vote Meeting 1/2021-2027 · 2 items to vote on "
    )
    # And once they voted on the other item, nothing waits for them
    cw.vote(other, "conflicted", "yes")
    assert items(page_of(client, cw.user("conflicted"))) == []
    # When the chair declares a conflict of interest on the call item, it leaves their list too
    actions.declare_conflict(call_item, cw.members["chair"], reason="Mine.", actor=cw.manager)
    assert items(page_of(Client(), cw.user("chair")))[0].startswith(
        "Vote Meeting 1/2021-2027 · 1 item to vote on "
    )


# ---- strategy manager --------------------------------------------------------------------------


def test_the_manager_sees_compliant_intentions_decisions_reports_and_an_overdue_list(
    world: PipelineWorld, client: Client
) -> None:
    compliant = world.intention(name="Schválený záměr", status=S.COMPLIANT)
    cw = CommitteeWorld.create(world)
    voting = cw.per_rollam()
    cw.other_item(voting)
    cw.open(voting)
    manager = world.user(Role.MANAGER)
    now = timezone.now()
    GeneratedReport.objects.create(
        agglomeration=world.agglomeration,
        kind=GeneratedReportKind.OPERATIONS,
        status=ImportStatus.SUCCEEDED,
        created_by=None,
        finished_at=now - timedelta(days=200),
    )
    GeneratedReport.objects.create(
        agglomeration=world.agglomeration,
        kind=GeneratedReportKind.FULFILMENT,
        status=ImportStatus.FAILED,
        created_by=manager,
        finished_at=now - timedelta(days=1),
    )
    GeneratedReport.objects.create(  # a week and more: no longer news
        agglomeration=world.agglomeration,
        kind=GeneratedReportKind.CALLS_CALENDAR,
        status=ImportStatus.SUCCEEDED,
        created_by=manager,
        finished_at=now - timedelta(days=8),
    )
    slug = world.agglomeration.slug

    html = page_of(client, manager)

    found = items(html)
    assert found[0] == (
        "Decision of the committee Meeting 1/2021-2027 · 1 item waits for the decision "
        "Deadline: 2025-06-07T10:00:00+02:00 overdue"
    )
    assert found[1].startswith(
        "List of operations (Art. 49) Publish an updated list of operations Deadline: "
    )
    assert found[1].endswith(" overdue")
    assert found[2:] == [
        "Compliance statement Schválený záměr · Call 2",
        "Report failed strategy fulfilment report",
    ]
    assert links(html) == [
        f"/en/app/{slug}/committee/meetings/{voting.pk}/",
        f"/en/app/{slug}/reports/",
        f"/en/app/{slug}/intentions/{compliant.pk}/statements/",
        f"/en/app/{slug}/reports/",
    ]


# ---- tenants, empty state, the agglomeration page ----------------------------------------------


def test_an_opole_user_sees_nothing_of_olomouc(world: PipelineWorld, client: Client) -> None:
    world.intention(name="Olomoucký záměr", status=S.SUBMITTED)
    opole = make_opole()  # with no strategy yet: no early warning either
    mallory = make_user("mallory", (opole, Role.COORDINATOR), (opole, Role.MANAGER))

    html = page_of(client, mallory)

    assert "Olomoucký záměr" not in html
    assert world.agglomeration.slug not in html
    assert items(html) == []
    assert "Nothing waits for you." in html


def test_a_person_with_nothing_to_do_reads_so(world: PipelineWorld, client: Client) -> None:
    html = page_of(client, world.user(Role.AUDITOR))

    assert "Nothing waits for you." in todo_section(html)


def test_the_agglomeration_page_shows_what_waits_there(
    world: PipelineWorld, client: Client
) -> None:
    world.intention(name="Podaný záměr", status=S.SUBMITTED)

    html = page_of(client, world.user(Role.COORDINATOR), f"/en/app/{world.agglomeration.slug}/")

    assert items(html) == ["Formal check Podaný záměr · Call 2"]


# ---- a fixed number of queries -----------------------------------------------------------------


def every_role_user(agglomeration: Agglomeration, organisation_id: int) -> User:
    user = User.objects.create_user("everything", password="pw-123456")
    for role in Role:
        Membership.objects.create(
            user=user,
            agglomeration=agglomeration,
            role=role,
            organisation_id=organisation_id if role == Role.APPLICANT else None,
        )
    return user


def make_work(world: PipelineWorld, cw: CommitteeWorld, copies: int, reviewer: User) -> None:
    for _ in range(copies):
        world.intention()
        world.intention(status=S.RETURNED)
        world.assign(world.intention(status=S.FORMAL_CHECK_PASSED), reviewer)
        world.intention(status=S.COMPLIANT)
        meeting = cw.per_rollam()
        cw.other_item(meeting)
        cw.open(meeting)
        coming = cw.in_person()
        Meeting.objects.filter(pk=coming.pk).update(starts_at=timezone.now() + timedelta(days=5))


@pytest.mark.parametrize("copies", [1, 4])
def test_the_start_page_runs_the_same_queries_for_one_item_or_many(
    world: PipelineWorld, client: Client, django_assert_num_queries: Any, copies: int
) -> None:
    cw = CommitteeWorld.create(world)
    user = every_role_user(world.agglomeration, world.applicant_org.pk)
    CommitteeMember.objects.create(committee=cw.committee, user=user)
    make_work(world, cw, copies, user)
    client.force_login(user)

    with django_assert_num_queries(QUERIES):
        response = client.get(DASHBOARD)

    assert response.status_code == 200
    # Per copy: a draft and a returned intention (applicant), a recommendation (coordinator), a
    # review (working group), a vote and a meeting (committee), a statement and a decision
    # (manager).
    assert len(items(response.content.decode())) == 8 * copies


# session, user, memberships, agglomerations, strategies; the to-do list of every role (one query
# per kind of item); early warning of the current strategy (seven); and the savepoint of the test.
QUERIES = 23


# ---- more of the manager's items ---------------------------------------------------------------


def test_a_change_request_to_decide_is_on_the_managers_list(
    world: PipelineWorld, client: Client
) -> None:
    intention = world.intention(name="Mateřská škola v realizaci", status=S.COMPLIANT)
    issue_statement(
        intention,
        statement_type=StatementType.INITIAL,
        outcome=StatementOutcome.COMPLIANT,
        actor=world.user(Role.MANAGER),
        issued_on=date(2025, 6, 20),
    )
    intention.refresh_from_db()
    change = request_change(
        intention,
        kinds=[ChangeKind.FORMAL_EDIT],
        proposed={},
        justification="Oprava názvu.",
        actor=world.user(Role.APPLICANT),
    )

    html = page_of(client, world.user(Role.MANAGER))

    assert items(html) == ["Change request Mateřská škola v realizaci · Call 2"]
    assert links(html) == [f"/en/app/{world.agglomeration.slug}/changes/{change.pk}/"]


def test_a_custom_list_waiting_for_its_mapping_is_on_the_managers_list(
    world: PipelineWorld, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    manager = world.user(Role.MANAGER)
    client.force_login(manager)
    path = fixture("cz_2014.csv")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/en/app/{world.agglomeration.slug}/monitoring/imports/",
            {
                "file": SimpleUploadedFile(path.name, path.read_bytes()),
                "layout": SourceLayout.CUSTOM,
                "source_name": "Kraj",
                "as_of": "2024-05-31",
            },
        )
    job = ImportJob.objects.get()
    # A queued custom import whose file cannot be read does not wait for a mapping: it will
    # be refused.
    ImportJob.objects.create(
        agglomeration=world.agglomeration,
        source=job.source,
        file_name="ztraceny.csv",
        as_of=date(2024, 5, 31),
    )

    html = page_of(client, manager)

    assert items(html) == ["Import waits for a mapping cz_2014.csv · Kraj"]
    assert links(html) == [
        f"/en/app/{world.agglomeration.slug}/monitoring/imports/{job.pk}/mapping/"
    ]


def test_money_at_risk_of_decommitment_is_on_the_managers_list(
    world: PipelineWorld, client: Client
) -> None:
    # The strategy draws 80,348,729.00 of IROP's ERDF; nothing is claimed yet.
    set_programme_financing(
        world.agglomeration,
        programme=world.objective.programme,
        fund="ERDF",
        region_category=RegionCategory.LESS_DEVELOPED,
        tranches={year: "100000000" for year in range(2021, 2028)},
        pre_financing={},
        actor=world.user(Role.MANAGER),
    )

    # On 1 June 2026 the 2023 tranche is the first still open (N+3: 31 December 2026).
    with time_machine.travel(datetime(2026, 6, 1, 10, tzinfo=UTC), tick=False):
        html = page_of(client, world.user(Role.MANAGER))

    (item,) = items(html)
    assert item.startswith("Early warning Money at risk of decommitment · ")
    assert item.endswith(" CZK Deadline: 2026-12-31")
    assert links(html) == [f"/en/app/{world.agglomeration.slug}/monitoring/warnings/"]


def test_the_list_of_operations_appears_two_weeks_before_it_is_due(
    world: PipelineWorld, client: Client
) -> None:
    now = timezone.now()
    GeneratedReport.objects.create(
        agglomeration=world.agglomeration,
        kind=GeneratedReportKind.OPERATIONS,
        status=ImportStatus.SUCCEEDED,
        finished_at=now - timedelta(days=100),
    )
    manager = world.user(Role.MANAGER)
    assert items(page_of(client, manager)) == []

    GeneratedReport.objects.filter(kind=GeneratedReportKind.OPERATIONS).update(
        finished_at=now - timedelta(days=115)
    )

    (item,) = items(page_of(client, manager))
    assert item.startswith(
        "List of operations (Art. 49) Publish an updated list of operations Deadline: "
    )
    assert "overdue" not in item


# ---- the grouped menu --------------------------------------------------------------------------


def menu(html: str) -> dict[str, list[str]]:
    """Group label -> the names of its links ("" for the overview, which stands alone)."""
    nav = re.search(r'<nav class="subnav".*?</nav>', html, re.S)
    assert nav, "no agglomeration menu"
    groups: dict[str, list[str]] = {}
    for group in re.findall(
        r'<li class="nav-group[^"]*">(.*?)</li>\s*(?=<li class="nav-group|</ul>\s*</details>)',
        nav.group(0),
        re.S,
    ):
        label = re.search(r'<span class="nav-group-label" id="([^"]+)">([^<]+)</span>', group)
        if label:
            assert f'aria-labelledby="{label.group(1)}"' in group
        names = re.findall(r"<a [^>]*>([^<]+)</a>", group)
        groups[label.group(2) if label else ""] = names
    return groups


def test_the_manager_sees_every_group_of_the_menu(world: PipelineWorld, client: Client) -> None:
    html = page_of(client, world.user(Role.MANAGER), f"/en/app/{world.agglomeration.slug}/")

    assert menu(html) == {
        "": ["Overview"],
        "Strategy": ["Indicator codes", "Exchange rates", "Role of the office"],
        "Projects": ["Calls", "Project intentions", "Change requests", "Evaluation"],
        "Committee": ["Meetings", "Resolutions"],
        "Monitoring and reports": [
            "Monitoring",
            "Early warning",
            "Imports",
            "Reports",
            "Progress reports",
            "Types of intervention",
            "Programme tranches",
        ],
        "Cooperation": ["Partnerships", "Good-practice library"],
        "Public portal": ["News"],
        "Administration": ["Audit log", "People and roles", "Organisations"],
    }
    assert f'<a href="/en/app/{world.agglomeration.slug}/" aria-current="page">Overview</a>' in html


def test_the_applicant_sees_only_the_groups_of_their_role(
    world: PipelineWorld, client: Client
) -> None:
    html = page_of(client, world.user(Role.APPLICANT), f"/en/app/{world.agglomeration.slug}/")

    assert menu(html) == {
        "": ["Overview"],
        "Projects": ["Calls", "Project intentions", "Change requests"],
    }


def test_the_working_group_member_sees_no_administration(
    world: PipelineWorld, client: Client
) -> None:
    html = page_of(
        client, world.user(Role.WORKING_GROUP), f"/en/app/{world.agglomeration.slug}/calls/"
    )

    assert menu(html) == {
        "": ["Overview"],
        "Strategy": ["Indicator codes", "Exchange rates", "Role of the office"],
        "Projects": ["Calls", "Project intentions", "Change requests", "Evaluation"],
        "Monitoring and reports": ["Monitoring", "Early warning", "Imports", "Reports"],
    }
    assert (
        f'<a href="/en/app/{world.agglomeration.slug}/calls/" aria-current="page">Calls</a>' in html
    )


@pytest.mark.parametrize("copies", [1, 4])
def test_the_agglomeration_page_runs_the_same_queries_for_one_item_or_many(
    world: PipelineWorld, client: Client, django_assert_num_queries: Any, copies: int
) -> None:
    cw = CommitteeWorld.create(world)
    user = every_role_user(world.agglomeration, world.applicant_org.pk)
    CommitteeMember.objects.create(committee=cw.committee, user=user)
    make_work(world, cw, copies, user)
    client.force_login(user)

    with django_assert_num_queries(AGGLOMERATION_PAGE_QUERIES):
        response = client.get(f"/en/app/{world.agglomeration.slug}/")

    assert response.status_code == 200
    assert len(items(response.content.decode())) == 8 * copies


# The page's own (the tenant, strategies, municipalities, organisations, members) and the same
# to-do list as on the start page.
AGGLOMERATION_PAGE_QUERIES = 26
