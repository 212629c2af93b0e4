"""Who of the working group reviews an intention, and by when: the assignment actions, their
refusals, the review that needs one, and the queries that read them."""

from __future__ import annotations

import copy
import importlib
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from aglomera.accounts.models import Role, User
from aglomera.agglomerations.queries.audit import readable
from aglomera.core.models import AuditEvent
from aglomera.intentions.actions import assignments as actions
from aglomera.intentions.actions.evaluation import save_review
from aglomera.intentions.models import (
    IntentionStatus,
    ProjectIntention,
    Recommendation,
    Review,
    ReviewAssignment,
)
from aglomera.intentions.queries import assignments as queries
from aglomera.intentions.queries.evaluation import list_call_intentions
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.strategy.tests.builders import make_opole, make_user

S = IntentionStatus
pytestmark = pytest.mark.django_db
# A moment in the summer (Prague is at UTC+2): the local day is 10 June 2025 all day long.
NOW = datetime(2025, 6, 10, 8, 0, tzinfo=UTC)
TODAY = date(2025, 6, 10)


@pytest.fixture
def world(db: None, pipeline_world: PipelineWorld) -> PipelineWorld:
    return copy.deepcopy(pipeline_world)


def coordinator(world: PipelineWorld) -> User:
    return world.users[Role.COORDINATOR]


def member(world: PipelineWorld) -> User:
    return world.users[Role.WORKING_GROUP]


def colleague(world: PipelineWorld, name: str = "colleague") -> User:
    return make_user(name, (world.agglomeration, Role.WORKING_GROUP), first_name=name.title())


def assign(
    world: PipelineWorld,
    intention: ProjectIntention,
    reviewer: User,
    *,
    due_on: date = TODAY + timedelta(days=14),
    actor: User | None = None,
    form_token: uuid.UUID | None = None,
) -> ReviewAssignment:
    return actions.assign_reviewer(
        intention,
        reviewer,
        due_on=due_on,
        actor=actor or coordinator(world),
        now=NOW,
        form_token=form_token,
    )


def refusal(error: pytest.ExceptionInfo[ValidationError], field: str) -> str:
    return " ".join(error.value.message_dict[field])


# ---- assigning ---------------------------------------------------------------------------------


def test_the_coordinator_assigns_a_working_group_member_with_a_due_date(
    world: PipelineWorld,
) -> None:
    # Given an intention that passed the formal check
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    revision = ProjectIntention.objects.get(pk=intention.pk).revision
    # When the coordinator assigns the working-group member, due in two weeks
    assignment = assign(world, intention, member(world), due_on=date(2025, 6, 24))
    # Then the assignment says who, by when, who asked and when
    stored = ReviewAssignment.objects.get()
    assert stored == assignment
    assert (stored.intention_id, stored.reviewer, stored.due_on) == (
        intention.pk,
        member(world),
        date(2025, 6, 24),
    )
    assert (stored.assigned_by, stored.assigned_at) == (coordinator(world), NOW)
    # And the audit log records it at that moment, on the intention
    event = AuditEvent.objects.get(code="intentions.reviewer.assigned")
    assert (event.actor, event.object_id, event.agglomeration_id) == (
        coordinator(world),
        intention.pk,
        world.agglomeration.pk,
    )
    assert event.after == {"reviewer": member(world).pk, "due_on": "2025-06-24"}
    assert event.created_at == NOW
    # And the intention's status and revision are untouched (no workflow step)
    current = ProjectIntention.objects.get(pk=intention.pk)
    assert (current.status, current.revision) == (S.FORMAL_CHECK_PASSED, revision)


def test_the_manager_assigns_several_members_to_one_intention(world: PipelineWorld) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    other = colleague(world)

    assign(world, intention, member(world), actor=world.users[Role.MANAGER])
    assign(world, intention, other, actor=world.users[Role.MANAGER], due_on=TODAY)

    assert sorted(
        ReviewAssignment.objects.filter(intention=intention).values_list("reviewer", flat=True)
    ) == sorted([member(world).pk, other.pk])


@pytest.mark.parametrize(
    "role", [Role.WORKING_GROUP, Role.COMMITTEE, Role.APPLICANT, Role.AUDITOR, Role.PARTNER]
)
def test_only_the_coordinator_and_the_manager_assign_and_unassign(
    world: PipelineWorld, role: Role
) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    assignment = assign(world, intention, member(world))
    actor = world.users[role]

    with pytest.raises(PermissionDenied):
        assign(world, intention, colleague(world), actor=actor)
    with pytest.raises(PermissionDenied):
        actions.unassign_reviewer(assignment, actor=actor)

    assert list(ReviewAssignment.objects.all()) == [assignment]


def test_the_coordinator_of_another_agglomeration_cannot_assign(world: PipelineWorld) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    outsider = make_user("opole-coordinator", (make_opole(), Role.COORDINATOR))

    with pytest.raises(PermissionDenied):
        assign(world, intention, member(world), actor=outsider)

    assert not ReviewAssignment.objects.exists()


def test_only_a_member_of_this_working_group_is_assigned(world: PipelineWorld) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    opole_member = make_user("opole-wg", (make_opole(), Role.WORKING_GROUP), first_name="Ewa")
    gone = colleague(world, "gone")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    candidates = [world.users[Role.COMMITTEE], world.users[Role.COORDINATOR], opole_member, gone]

    for candidate in candidates:
        with pytest.raises(ValidationError) as error:
            assign(world, intention, candidate)
        assert refusal(error, "reviewer") == (
            f"{candidate} is not a member of this agglomeration's working group."
        )

    assert not ReviewAssignment.objects.exists()
    assert not AuditEvent.objects.filter(code="intentions.reviewer.assigned").exists()


@pytest.mark.parametrize("status", [S.SUBMITTED, S.RETURNED, S.RECOMMENDED, S.WITHDRAWN])
def test_only_an_intention_waiting_for_the_working_group_gets_reviewers(
    world: PipelineWorld, status: str
) -> None:
    intention = world.intention(status=status)

    with pytest.raises(ValidationError) as error:
        assign(world, intention, member(world))

    assert error.value.error_list[0].code == "wrong_status"
    label = ProjectIntention.objects.get(pk=intention.pk).get_status_display()
    assert error.value.messages == [
        "Reviewers are assigned only while the project intention waits for the working group, "
        f"after the formal check (it is now: {label})."
    ]
    assert not ReviewAssignment.objects.exists()


def test_a_due_date_in_the_past_is_refused_in_the_readers_language(world: PipelineWorld) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)

    with pytest.raises(ValidationError) as error:
        assign(world, intention, member(world), due_on=TODAY - timedelta(days=1))
    assert refusal(error, "due_on") == (
        "The due date cannot be in the past; give 2025-06-10 or a later day."
    )
    with translation.override("cs"), pytest.raises(ValidationError) as czech:
        assign(world, intention, member(world), due_on=TODAY - timedelta(days=1))
    assert "10. 6. 2025" in refusal(czech, "due_on")

    assert not ReviewAssignment.objects.exists()


def test_a_due_date_more_than_a_year_ahead_is_refused(world: PipelineWorld) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)

    with pytest.raises(ValidationError) as error:
        assign(world, intention, member(world), due_on=date(2026, 6, 11))
    assert refusal(error, "due_on") == ("Give a due date within a year, at the latest 2026-06-10.")

    # A year to the day, and today itself, are accepted.
    assign(world, intention, member(world), due_on=date(2026, 6, 10))
    assign(world, intention, colleague(world), due_on=TODAY)
    assert ReviewAssignment.objects.count() == 2


def test_the_due_date_is_judged_on_the_agglomerations_day(world: PipelineWorld) -> None:
    # 23:30 UTC on 9 June is already 10 June in Olomouc: 9 June is in the past there.
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    late_evening = datetime(2025, 6, 9, 23, 30, tzinfo=UTC)
    assert actions.local_today(intention, late_evening) == TODAY

    with pytest.raises(ValidationError):
        actions.assign_reviewer(
            intention,
            member(world),
            due_on=date(2025, 6, 9),
            actor=coordinator(world),
            now=late_evening,
        )


def test_a_member_is_assigned_to_an_intention_once(world: PipelineWorld) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    assign(world, intention, member(world))

    with pytest.raises(ValidationError) as error:
        assign(world, intention, member(world), due_on=TODAY + timedelta(days=3))

    assert refusal(error, "reviewer") == (
        f"{member(world)} is already assigned to review this intention."
    )
    assert ReviewAssignment.objects.get().due_on == TODAY + timedelta(days=14)


def test_the_same_form_sent_twice_assigns_once(world: PipelineWorld) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    token = uuid.uuid4()

    first = assign(world, intention, member(world), form_token=token)
    second = assign(world, intention, member(world), form_token=token)

    assert first == second
    assert ReviewAssignment.objects.count() == 1
    assert AuditEvent.objects.filter(code="intentions.reviewer.assigned").count() == 1


# ---- unassigning -------------------------------------------------------------------------------


def test_the_coordinator_unassigns_a_member_who_has_not_reviewed(world: PipelineWorld) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    assignment = assign(world, intention, member(world), due_on=date(2025, 6, 20))

    actions.unassign_reviewer(assignment, actor=world.users[Role.MANAGER])

    assert not ReviewAssignment.objects.exists()
    event = AuditEvent.objects.get(code="intentions.reviewer.unassigned")
    assert (event.actor, event.object_id) == (world.users[Role.MANAGER], intention.pk)
    assert (event.before, event.after) == (
        {"reviewer": member(world).pk, "due_on": "2025-06-20"},
        {},
    )
    # The member may be assigned again afterwards.
    assign(world, intention, member(world))
    assert ReviewAssignment.objects.count() == 1


@pytest.mark.parametrize("conflict", [False, True])
def test_a_member_who_submitted_the_review_stays_assigned(
    world: PipelineWorld, conflict: bool
) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    assignment = assign(world, intention, member(world))
    gate, readiness, efficiency = world.criteria
    save_review(
        intention,
        actor=member(world),
        conflict_of_interest=conflict,
        gates={gate.pk: True},
        points={readiness.pk: 5, efficiency.pk: 5},
        recommendation=Recommendation.RECOMMEND,
    )

    with pytest.raises(ValidationError) as error:
        actions.unassign_reviewer(assignment, actor=coordinator(world))

    assert error.value.error_list[0].code == "reviewed"
    assert error.value.messages == [
        f"{member(world)} has already submitted the review; the assignment stays with it."
    ]
    assert ReviewAssignment.objects.filter(pk=assignment.pk).exists()


def test_an_assignment_withdrawn_meanwhile_is_gone(world: PipelineWorld) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    assignment = assign(world, intention, member(world))
    stale = ReviewAssignment.objects.get(pk=assignment.pk)
    actions.unassign_reviewer(assignment, actor=coordinator(world))

    with pytest.raises(ValidationError) as error:
        actions.unassign_reviewer(stale, actor=coordinator(world))

    assert error.value.error_list[0].code == "gone"
    assert AuditEvent.objects.filter(code="intentions.reviewer.unassigned").count() == 1


def test_assignments_stay_once_the_working_group_has_recommended(world: PipelineWorld) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    assignment = assign(world, intention, member(world))
    world.walk(intention, S.RECOMMENDED)

    with pytest.raises(ValidationError) as error:
        actions.unassign_reviewer(assignment, actor=coordinator(world))

    assert error.value.error_list[0].code == "wrong_status"
    assert ReviewAssignment.objects.filter(pk=assignment.pk).exists()


# ---- reviewing needs an assignment -------------------------------------------------------------


def test_a_working_group_member_reviews_only_what_they_are_assigned(
    world: PipelineWorld,
) -> None:
    # Given an intention assigned to a colleague, not to the member
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    assign(world, intention, colleague(world))

    # Then the member's review is refused, and saves nothing
    with pytest.raises(PermissionDenied):
        save_review(intention, actor=member(world), conflict_of_interest=True)
    assert not Review.objects.exists()

    # When the member is assigned, then unassigned again, the review is refused again
    assignment = assign(world, intention, member(world))
    actions.unassign_reviewer(assignment, actor=coordinator(world))
    with pytest.raises(PermissionDenied):
        save_review(intention, actor=member(world), conflict_of_interest=True)

    # And once assigned, the review is saved
    assign(world, intention, member(world))
    assert save_review(intention, actor=member(world), conflict_of_interest=True).pk


# ---- queries -----------------------------------------------------------------------------------


def test_the_intentions_assignments_say_who_submitted_and_who_is_late(
    world: PipelineWorld,
) -> None:
    # Given three members assigned: one reviewed, one is late, one is due later
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    late, done, waiting = member(world), colleague(world, "done"), colleague(world, "waiting")
    assign(world, intention, late, due_on=date(2025, 6, 12))
    assign(world, intention, done, due_on=date(2025, 6, 11))
    assign(world, intention, waiting, due_on=date(2025, 6, 30))
    review = save_review(intention, actor=done, conflict_of_interest=True)

    # When they are read on 20 June
    lines = queries.list_assignments(
        intention, Review.objects.filter(intention=intention), today=date(2025, 6, 20)
    )

    # Then the earliest due comes first, with the review and the overdue mark
    assert [
        (line.assignment.reviewer, line.review, line.submitted, line.overdue) for line in lines
    ] == [
        (done, review, True, False),
        (late, None, False, True),
        (waiting, None, False, False),
    ]
    # And once the intention moved on, nobody is late any more
    recommended = world.walk(ProjectIntention.objects.get(pk=intention.pk), S.RECOMMENDED)
    lines = queries.list_assignments(recommended, [review], today=date(2025, 6, 20))
    assert [line.overdue for line in lines] == [False, False, False]


def test_an_unsubmitted_review_does_not_count_as_submitted(world: PipelineWorld) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    assign(world, intention, member(world), due_on=TODAY)
    draft = Review(intention=intention, reviewer=member(world), submitted_at=None)

    (line,) = queries.list_assignments(intention, [draft], today=TODAY + timedelta(days=1))

    assert (line.review, line.overdue) == (None, True)


def test_the_working_group_to_choose_from_is_the_active_members_of_this_agglomeration(
    world: PipelineWorld,
) -> None:
    other = colleague(world)
    gone = colleague(world, "gone")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    make_user("opole-wg", (make_opole(), Role.WORKING_GROUP))
    # (one user with two memberships here appears once)
    both = make_user(
        "both", (world.agglomeration, Role.WORKING_GROUP), (world.agglomeration, Role.COMMITTEE)
    )

    assert list(queries.working_group(world.agglomeration.pk)) == [member(world), other, both]


def test_the_assignment_of_a_user(world: PipelineWorld) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    assignment = assign(world, intention, member(world))

    assert queries.assignment_of(intention, member(world)) == assignment
    assert queries.assignment_of(intention, coordinator(world)) is None


def test_the_members_assigned_reviews_are_those_still_waiting_earliest_first(
    world: PipelineWorld,
) -> None:
    # Given four intentions assigned to the member: two waiting (one reviewed), one recommended
    # since, and one assigned to a colleague only; and an Opole intention of another member
    first = world.intention(name="První", status=S.FORMAL_CHECK_PASSED)
    second = world.intention(name="Druhý", status=S.FORMAL_CHECK_PASSED)
    moved = world.intention(name="Doporučený", status=S.FORMAL_CHECK_PASSED)
    others = world.intention(name="Cizí", status=S.FORMAL_CHECK_PASSED)
    assign(world, first, member(world), due_on=date(2025, 6, 30))
    assign(world, second, member(world), due_on=date(2025, 6, 12))
    assign(world, moved, member(world), due_on=date(2025, 6, 11))
    assign(world, others, colleague(world), due_on=date(2025, 6, 11))
    save_review(first, actor=member(world), conflict_of_interest=True)
    world.walk(moved, S.RECOMMENDED)

    # When they are read on 20 June
    rows = queries.list_assigned_reviews(
        world.agglomeration, member(world), today=date(2025, 6, 20)
    )

    # Then the waiting ones are listed, the earliest due first; the late one is marked
    assert [(row.intention.pk, row.submitted, row.overdue) for row in rows] == [
        (second.pk, False, True),
        (first.pk, True, False),
    ]
    assert rows[0].intention.call == world.call
    assert queries.list_assigned_reviews(make_opole(), member(world), today=TODAY) == []


def test_the_call_list_of_a_reviewer_shows_only_their_intentions_with_the_due_date(
    world: PipelineWorld,
) -> None:
    # Given a call with an intention assigned to the member and a colleague, one assigned to the
    # colleague only, and a submitted one
    mine = world.intention(status=S.FORMAL_CHECK_PASSED)
    theirs = world.intention(status=S.FORMAL_CHECK_PASSED)
    submitted = world.intention(status=S.SUBMITTED)
    other = colleague(world)
    assign(world, mine, member(world), due_on=date(2025, 6, 12))
    assign(world, mine, other)
    assign(world, theirs, other)

    # When the staff's and the member's lists are read on 20 June
    everything = list_call_intentions(world.call, today=date(2025, 6, 20))
    own = list_call_intentions(world.call, reviewer=member(world), today=date(2025, 6, 20))

    # Then the staff see every intention with the number of reviewers assigned
    assert [(row.intention.pk, row.assigned, row.due_on) for row in everything] == [
        (mine.pk, 2, None),
        (theirs.pk, 1, None),
        (submitted.pk, 0, None),
    ]
    # And the member sees their own, due and late, until they review it
    assert [(row.intention.pk, row.due_on, row.reviewed, row.overdue) for row in own] == [
        (mine.pk, date(2025, 6, 12), False, True)
    ]
    save_review(mine, actor=member(world), conflict_of_interest=True)
    (row,) = list_call_intentions(world.call, reviewer=member(world))
    assert (row.reviewed, row.overdue) == (True, False)


# ---- the audit log and the migration -----------------------------------------------------------


def test_the_audit_log_reads_whom_and_by_when(world: PipelineWorld) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED, name="Mateřská škola Hodolany")
    member(world).first_name, member(world).last_name = "Lucie", "Horáková"
    member(world).save(update_fields=["first_name", "last_name"])
    assignment = assign(world, intention, member(world), due_on=date(2025, 6, 24))
    actions.unassign_reviewer(assignment, actor=coordinator(world))
    events = AuditEvent.objects.filter(code__startswith="intentions.reviewer.").order_by("id")

    with translation.override("en"):
        assigned, unassigned = readable(list(events))

    actor = str(coordinator(world))
    assert assigned.sentence == f"{actor} assigned a reviewer to Mateřská škola Hodolany"
    # PostgreSQL's jsonb keeps its keys in its own order: compare the changes as a set
    assert sorted((c.label, c.old, c.new) for c in assigned.changes) == [
        ("Due date", "—", "24 June 2025"),
        ("Reviewer", "—", "Lucie Horáková"),
    ]
    assert unassigned.sentence == (
        f"{actor} withdrew a reviewer's assignment to Mateřská škola Hodolany"
    )
    assert sorted((c.label, c.old, c.new) for c in unassigned.changes) == [
        ("Due date", "24 June 2025", "—"),
        ("Reviewer", "Lucie Horáková", "—"),
    ]


MIGRATION = importlib.import_module(
    "aglomera.intentions.migrations.0006_assignments_for_existing_reviews"
)


def test_the_migration_assigns_the_authors_of_earlier_reviews(world: PipelineWorld) -> None:
    # Given reviews written before assignments existed (one late in the evening UTC, already
    # the next day in Olomouc), and one reviewer assigned already
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    other, third = colleague(world), colleague(world, "third")
    evening = datetime(2025, 6, 9, 23, 30, tzinfo=UTC)
    Review.objects.create(intention=intention, reviewer=member(world), submitted_at=evening)
    Review.objects.create(intention=intention, reviewer=other, submitted_at=None)
    Review.objects.create(intention=intention, reviewer=third, submitted_at=NOW)
    assign(world, intention, third, due_on=date(2025, 6, 30))

    # When the migration runs
    MIGRATION.forwards(apps, None)

    # Then each author is assigned, due on the day they submitted, assigned by nobody
    rows = {
        a.reviewer_id: (a.due_on, a.assigned_by_id)
        for a in ReviewAssignment.objects.filter(intention=intention)
    }
    assert rows == {
        member(world).pk: (TODAY, None),
        other.pk: (timezone.localdate(), None),
        third.pk: (date(2025, 6, 30), coordinator(world).pk),
    }
    assert MIGRATION._zone("Nowhere/Atlantis") == MIGRATION._zone("Europe/Prague")
