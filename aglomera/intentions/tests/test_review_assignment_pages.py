"""Who of the working group reviews what, by when, through the pages: who may assign and
unassign, what each role reads, bad input, and the number of queries."""

from __future__ import annotations

import copy
import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from aglomera.accounts.models import Role, User
from aglomera.intentions.actions.evaluation import save_review
from aglomera.intentions.models import IntentionStatus, ProjectIntention, ReviewAssignment
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.strategy.tests.builders import make_opole, make_user

S = IntentionStatus
pytestmark = pytest.mark.django_db

ALL = sorted(role.value for role in Role)
# Written by hand from the domain: the coordinator and the manager decide who reviews what.
MAY_ASSIGN = {
    "manager": True,
    "coordinator": True,
    "working_group": False,
    "committee": False,
    "applicant": False,
    "auditor": False,
    "partner": False,
}
# Who reads the table of assigned reviewers on an intention's evaluation page (the working group
# reads its own due date instead; applicants and partners do not open the page at all).
SEES_ASSIGNMENTS = {
    "manager": True,
    "coordinator": True,
    "working_group": False,
    "committee": True,
    "applicant": None,
    "auditor": True,
    "partner": None,
}


@pytest.fixture
def world(db: None, pipeline_world: PipelineWorld) -> PipelineWorld:
    return copy.deepcopy(pipeline_world)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(world: PipelineWorld, intention: ProjectIntention, rest: str = "") -> str:
    return f"/en/app/{world.agglomeration.slug}/evaluation/intentions/{intention.pk}/{rest}"


def in_days(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def text(response: Any) -> str:
    """The visible text of a page, on one line."""
    words = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    return re.sub(r" ([.,])", r"\1", words)


def colleague(world: PipelineWorld, name: str) -> User:
    return make_user(name, (world.agglomeration, Role.WORKING_GROUP), first_name=name)


# ---- who may assign and unassign ---------------------------------------------------------------


@pytest.mark.parametrize("role", ALL)
def test_only_the_coordinator_and_the_manager_assign_through_the_page(
    world: PipelineWorld, role: str
) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    member = world.users[Role.WORKING_GROUP]

    response = client_for(world.users[Role(role)]).post(
        url(world, intention, "assignments/"), {"reviewer": member.pk, "due_on": in_days(14)}
    )

    assert response.status_code == (302 if MAY_ASSIGN[role] else 403)
    assigned = list(ReviewAssignment.objects.values_list("reviewer_id", flat=True))
    assert assigned == ([member.pk] if MAY_ASSIGN[role] else [])


@pytest.mark.parametrize("role", ALL)
def test_only_the_coordinator_and_the_manager_unassign_through_the_page(
    world: PipelineWorld, role: str
) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    (assignment,) = world.assign(intention)

    response = client_for(world.users[Role(role)]).post(
        url(world, intention, f"assignments/{assignment.pk}/delete/")
    )

    assert response.status_code == (302 if MAY_ASSIGN[role] else 403)
    assert ReviewAssignment.objects.exists() is not MAY_ASSIGN[role]


def test_another_agglomerations_coordinator_and_the_other_applicant_cannot_assign(
    world: PipelineWorld,
) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    (assignment,) = world.assign(intention)
    outsider = make_user("opole-coordinator", (make_opole(), Role.COORDINATOR))
    data = {"reviewer": colleague(world, "Zdenka").pk, "due_on": in_days(14)}
    delete = url(world, intention, f"assignments/{assignment.pk}/delete/")

    assert client_for(outsider).post(url(world, intention, "assignments/"), data).status_code == (
        404
    )
    assert client_for(outsider).post(delete).status_code == 404
    other_applicant = client_for(world.other_applicant)
    assert other_applicant.post(url(world, intention, "assignments/"), data).status_code == 403
    assert other_applicant.post(delete).status_code == 403
    assert list(ReviewAssignment.objects.all()) == [assignment]


def test_the_assignment_urls_take_only_post(world: PipelineWorld) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    (assignment,) = world.assign(intention)
    client = client_for(world.users[Role.COORDINATOR])

    assert client.get(url(world, intention, "assignments/")).status_code == 405
    assert client.get(
        url(world, intention, f"assignments/{assignment.pk}/delete/")
    ).status_code == (405)


def test_an_unknown_assignment_or_one_of_another_intention_is_not_found(
    world: PipelineWorld,
) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    other = world.intention(status=S.FORMAL_CHECK_PASSED)
    (assignment,) = world.assign(other)
    client = client_for(world.users[Role.COORDINATOR])

    assert client.post(url(world, intention, "assignments/999999/delete/")).status_code == 404
    assert client.post(
        url(world, intention, f"assignments/{assignment.pk}/delete/")
    ).status_code == (404)
    assert ReviewAssignment.objects.filter(pk=assignment.pk).exists()


# ---- what each role reads ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL)
def test_each_role_reads_the_assignments_as_the_policy_says(
    world: PipelineWorld, role: str
) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    world.assign(intention, colleague(world, "Zdenka"))

    response = client_for(world.users[Role(role)]).get(url(world, intention))

    expected = SEES_ASSIGNMENTS[role]
    if expected is None:
        assert response.status_code == 403
        return
    page = text(response)
    assert ("Assigned reviewers" in page) is expected
    assert ("Zdenka" in page) is expected
    assert ("Assign a reviewer" in page) is MAY_ASSIGN[role]
    assert ("Unassign Zdenka" in page) is MAY_ASSIGN[role]


def test_the_coordinator_sees_who_reviews_by_when_and_who_is_late(world: PipelineWorld) -> None:
    # Given three members: one asked three weeks ago and late now, one who declared a conflict
    # of interest, one due in a month; and a fourth member not assigned
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    late, conflicted, later = (
        colleague(world, "Adam"),
        colleague(world, "Bára"),
        colleague(world, "Cyril"),
    )
    today = timezone.localdate()
    with time_machine.travel(timezone.now() - timedelta(days=21)):
        world.assign(intention, late, due_on=today - timedelta(days=7))
    world.assign(intention, conflicted, due_on=today + timedelta(days=3))
    world.assign(intention, later, due_on=today + timedelta(days=30))
    save_review(intention, actor=conflicted, conflict_of_interest=True)

    # When the coordinator opens the intention
    response = client_for(world.users[Role.COORDINATOR]).get(url(world, intention))

    # Then each assigned member is listed by due date, the late one marked overdue
    rows = response.context["assignments"]
    assert [(r.assignment.reviewer, r.submitted, r.overdue) for r in rows] == [
        (late, False, True),
        (conflicted, True, False),
        (later, False, False),
    ]
    page = text(response)
    week_ago = (today - timedelta(days=7)).isoformat()
    assert f"Adam {week_ago} overdue not submitted yet Unassign Adam" in page
    assert "Bára" in page and "conflict of interest declared —" in page
    assert "Unassign Bára" not in page  # a submitted review keeps its assignment
    # And the form offers the members not assigned yet, due in two weeks by default
    form = response.context["assign_form"]
    offered = [label for value, label in form.fields["reviewer"].widget.choices if value]
    assert offered == [str(world.users[Role.WORKING_GROUP])]
    assert form["due_on"].value() == today + timedelta(days=14)
    html = response.content.decode()
    assert f'min="{today.isoformat()}"' in html
    assert 'type="date"' in html


def test_the_coordinator_assigns_through_the_page_and_reads_the_message(
    world: PipelineWorld,
) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    member = colleague(world, "Zdenka")
    client = client_for(world.users[Role.COORDINATOR])

    response = client.post(
        url(world, intention, "assignments/"),
        {"reviewer": member.pk, "due_on": in_days(10)},
        follow=True,
    )

    assert f"Zdenka is assigned to review this intention by {in_days(10)}." in text(response)
    assignment = ReviewAssignment.objects.get()
    assert (assignment.reviewer, assignment.due_on.isoformat()) == (member, in_days(10))

    response = client.post(
        url(world, intention, f"assignments/{assignment.pk}/delete/"), follow=True
    )

    assert "Zdenka is no longer assigned to review this intention." in text(response)
    assert not ReviewAssignment.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"due_on": "2020-01-01"}, "due_on", "The due date cannot be in the past"),
        ({"due_on": "2099-01-01"}, "due_on", "Give a due date within a year"),
        ({"due_on": "31. 2. 2026"}, "due_on", "Enter a valid date."),
        ({"due_on": ""}, "due_on", "Give the day by which the review is due."),
        ({"reviewer": ""}, "reviewer", "Choose a member of the working group."),
        ({"reviewer": "999999"}, "reviewer", "Choose a member of the working group."),
        ({"reviewer": "abc"}, "reviewer", "Choose a member of the working group."),
        ({"reviewer": "committee"}, "reviewer", "Choose a member of the working group."),
    ],
)
def test_bad_input_keeps_the_page_and_says_why_next_to_the_field(
    world: PipelineWorld, data: dict[str, str], field: str, message: str
) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    sent = {"reviewer": str(world.users[Role.WORKING_GROUP].pk), "due_on": in_days(14), **data}
    if sent["reviewer"] == "committee":
        sent["reviewer"] = str(world.users[Role.COMMITTEE].pk)

    response = client_for(world.users[Role.COORDINATOR]).post(
        url(world, intention, "assignments/"), sent
    )

    assert response.status_code == 422
    form = response.context["assign_form"]
    assert message in " ".join(form.errors[field])
    assert form["due_on"].value() == sent["due_on"]
    assert not ReviewAssignment.objects.exists()


def test_a_member_assigned_twice_is_refused_with_a_message(world: PipelineWorld) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    member = colleague(world, "Zdenka")
    world.assign(intention, member)

    response = client_for(world.users[Role.MANAGER]).post(
        url(world, intention, "assignments/"), {"reviewer": member.pk, "due_on": in_days(3)}
    )

    assert response.status_code == 422
    assert response.context["assign_form"].errors["reviewer"] == [
        "Zdenka is already assigned to review this intention."
    ]
    assert ReviewAssignment.objects.count() == 1


def test_unassigning_a_member_who_reviewed_is_refused_with_a_message(
    world: PipelineWorld,
) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    member = colleague(world, "Zdenka")
    (assignment,) = world.assign(intention, member)
    save_review(intention, actor=member, conflict_of_interest=True)

    response = client_for(world.users[Role.COORDINATOR]).post(
        url(world, intention, f"assignments/{assignment.pk}/delete/")
    )

    assert response.status_code == 422
    assert "Zdenka has already submitted the review; the assignment stays with it." in text(
        response
    )
    assert ReviewAssignment.objects.filter(pk=assignment.pk).exists()


def test_an_assignment_after_the_recommendation_says_why_without_the_form(
    world: PipelineWorld,
) -> None:
    # Given a coordinator whose page still shows the form, and an intention recommended since
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    world.walk(intention, S.RECOMMENDED)

    response = client_for(world.users[Role.COORDINATOR]).post(
        url(world, intention, "assignments/"),
        {"reviewer": world.users[Role.WORKING_GROUP].pk, "due_on": in_days(14)},
    )

    assert response.status_code == 422
    page = text(response)
    assert "Reviewers are assigned only while the project intention waits" in page
    assert "Assign a reviewer" not in page
    assert not ReviewAssignment.objects.exists()


def test_every_member_assigned_leaves_no_choice_in_the_form(world: PipelineWorld) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    world.assign(intention)

    page = text(client_for(world.users[Role.COORDINATOR]).get(url(world, intention)))

    assert "Every member of the working group is assigned already." in page


# ---- the working group -------------------------------------------------------------------------


def test_a_working_group_member_cannot_review_an_unassigned_intention(
    world: PipelineWorld,
) -> None:
    # Given an intention assigned to a colleague only
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    world.assign(intention, colleague(world, "Zdenka"))
    client = client_for(world.users[Role.WORKING_GROUP])

    # Then the member may read the intention, but not review it
    page = text(client.get(url(world, intention)))
    assert "You are not assigned to review this intention." in page
    assert "Review this intention" not in page
    assert client.get(url(world, intention, "review/")).status_code == 403
    response = client.post(url(world, intention, "review/"), {"conflict_of_interest": "on"})
    assert response.status_code == 403
    assert not intention.reviews.exists()


def test_an_assigned_member_reads_the_due_date_on_the_intention_and_the_review_form(
    world: PipelineWorld,
) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    member = world.users[Role.WORKING_GROUP]
    world.assign(intention, member, due_on=timezone.localdate() + timedelta(days=5))
    client = client_for(member)

    page = text(client.get(url(world, intention)))
    review = text(client.get(url(world, intention, "review/")))

    assert f"You are assigned to review this intention by {in_days(5)}." in page
    assert "Review this intention" in page
    assert f"Your review is due by {in_days(5)}." in review
    assert "overdue" not in review


def test_a_late_member_reads_overdue_on_the_review_form(world: PipelineWorld) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    with time_machine.travel(timezone.now() - timedelta(days=10)):
        world.assign(intention, due_on=timezone.localdate() + timedelta(days=2))
    client = client_for(world.users[Role.WORKING_GROUP])

    assert f"Your review is due by {in_days(-8)}. overdue" in text(
        client.get(url(world, intention, "review/"))
    )
    assert f"by {in_days(-8)}. overdue" in text(client.get(url(world, intention)))


def test_the_member_lists_only_the_intentions_assigned_to_them_with_due_dates(
    world: PipelineWorld,
) -> None:
    # Given one intention assigned to the member, one to a colleague, one submitted
    mine = world.intention(name="Moje škola", status=S.FORMAL_CHECK_PASSED)
    theirs = world.intention(name="Cizí škola", status=S.FORMAL_CHECK_PASSED)
    world.intention(name="Podaná škola", status=S.SUBMITTED)
    world.assign(mine, due_on=timezone.localdate() + timedelta(days=4))
    world.assign(theirs, colleague(world, "Zdenka"))
    member = client_for(world.users[Role.WORKING_GROUP])
    base = f"/en/app/{world.agglomeration.slug}/evaluation"

    # When the member opens the call and the evaluation's start
    call = text(member.get(f"{base}/calls/{world.call.pk}/"))
    start = member.get(f"{base}/")

    # Then only their own intention is listed, with its due date
    assert "Moje škola" in call and f"due by {in_days(4)}" in call
    assert "Cizí škola" not in call and "Podaná škola" not in call
    rows = start.context["assigned_reviews"]
    assert [row.intention.pk for row in rows] == [mine.pk]
    assert f"Moje škola 2 {in_days(4)} not submitted yet" in text(start)
    assert f'href="{url(world, mine, "review/")}"' in start.content.decode()
    # And the coordinator still sees every intention, with the reviewers assigned
    coordinator = client_for(world.users[Role.COORDINATOR])
    rows = coordinator.get(f"{base}/calls/{world.call.pk}/").context["rows"]
    assert [(row.intention.name["cs"], row.assigned) for row in rows] == [
        ("Moje škola", 1),
        ("Cizí škola", 1),
        ("Podaná škola", 0),
    ]
    assert coordinator.get(f"{base}/").context["assigned_reviews"] is None


def test_a_member_with_nothing_assigned_reads_so(world: PipelineWorld) -> None:
    world.intention(status=S.FORMAL_CHECK_PASSED)
    member = client_for(world.users[Role.WORKING_GROUP])
    base = f"/en/app/{world.agglomeration.slug}/evaluation"

    assert "No project intention of this call is assigned to you for review." in text(
        member.get(f"{base}/calls/{world.call.pk}/")
    )
    assert "No review is assigned to you at the moment." in text(member.get(f"{base}/"))


# ---- a fixed number of queries -----------------------------------------------------------------


@pytest.mark.parametrize("reviewers", [1, 4])
def test_the_coordinators_intention_page_runs_the_same_queries_for_one_reviewer_or_many(
    world: PipelineWorld, django_assert_num_queries: Any, reviewers: int
) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    members = [colleague(world, f"member-{i}") for i in range(reviewers)]
    world.assign(intention, *members)
    for reviewer in members[:2]:
        save_review(intention, actor=reviewer, conflict_of_interest=True)
    client = client_for(world.users[Role.COORDINATOR])

    with django_assert_num_queries(INTENTION_PAGE_QUERIES):
        assert client.get(url(world, intention)).status_code == 200


@pytest.mark.parametrize("intentions", [1, 4])
def test_the_members_evaluation_pages_run_the_same_queries_for_one_intention_or_many(
    world: PipelineWorld, django_assert_num_queries: Any, intentions: int
) -> None:
    waiting = [world.intention(status=S.FORMAL_CHECK_PASSED) for _ in range(intentions)]
    for intention in waiting:
        world.assign(intention)
    member = world.users[Role.WORKING_GROUP]
    save_review(waiting[0], actor=member, conflict_of_interest=True)
    client = client_for(member)
    base = f"/en/app/{world.agglomeration.slug}/evaluation"

    with django_assert_num_queries(MEMBER_CALLS_QUERIES):
        assert client.get(f"{base}/").status_code == 200
    with django_assert_num_queries(MEMBER_CALL_QUERIES):
        assert client.get(f"{base}/calls/{world.call.pk}/").status_code == 200


# Session, user, agglomeration, memberships; the intention; formal check results, criteria,
# reviews and their scores, the steps, the checklist, return comments; the assignments and the
# working group the form offers.
INTENTION_PAGE_QUERIES = 14
# Session, user, agglomeration, memberships; the calls; the assigned reviews.
MEMBER_CALLS_QUERIES = 6
# Session, user, agglomeration, memberships; the call; criteria, the member's intentions,
# their reviews and scores.
MEMBER_CALL_QUERIES = 9
