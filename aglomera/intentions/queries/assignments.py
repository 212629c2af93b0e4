"""The read side of review assignments: who reviews an intention by when, what waits for a
working-group member, and who may be assigned.

Each function runs one query whatever the number of rows. "Overdue" is judged on `today`, the
day in the agglomeration (the pages run in its time zone), and only while the intention still
waits for the working group: once it is recommended, a review that never came is not late.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, QuerySet

from aglomera.accounts.models import Role, User
from aglomera.agglomerations.models import Agglomeration
from aglomera.core.actors import Actor
from aglomera.intentions.models import IntentionStatus, ProjectIntention, Review, ReviewAssignment

S = IntentionStatus


def is_overdue(due_on: date, status: str, submitted: bool, today: date) -> bool:
    """A review not submitted by its due date, of an intention still waiting for it."""
    return not submitted and status == S.FORMAL_CHECK_PASSED and due_on < today


@dataclass(frozen=True)
class AssignmentLine:
    assignment: ReviewAssignment
    review: Review | None  # the reviewer's submitted review (a declared conflict too)
    overdue: bool

    @property
    def submitted(self) -> bool:
        return self.review is not None


def list_assignments(
    intention: ProjectIntention, reviews: Iterable[Review], *, today: date
) -> list[AssignmentLine]:
    """Who is assigned to review the intention, the earliest due first, each with the review
    they submitted (from `reviews`, the intention's reviews already read)."""
    submitted = {r.reviewer_id: r for r in reviews if r.submitted_at is not None}
    assignments = (
        ReviewAssignment.objects.filter(intention_id=intention.pk)
        .select_related("reviewer", "assigned_by")
        .order_by("due_on", "id")
    )
    lines = []
    for assignment in assignments:
        review = submitted.get(assignment.reviewer_id)
        overdue = is_overdue(assignment.due_on, intention.status, review is not None, today)
        lines.append(AssignmentLine(assignment, review, overdue))
    return lines


def assignment_of(intention: ProjectIntention, user: Actor) -> ReviewAssignment | None:
    """The user's assignment to review the intention, if any."""
    return ReviewAssignment.objects.filter(intention_id=intention.pk, reviewer_id=user.pk).first()


def working_group(agglomeration_id: int) -> QuerySet[User]:
    """The active members of the agglomeration's working group: whom a reviewer is chosen from."""
    members = User.objects.filter(
        memberships__agglomeration_id=agglomeration_id,
        memberships__role=Role.WORKING_GROUP,
        is_active=True,
    )
    return members.distinct().order_by("id")


@dataclass(frozen=True)
class AssignedReview:
    assignment: ReviewAssignment  # with its intention and call
    submitted: bool
    overdue: bool

    @property
    def intention(self) -> ProjectIntention:
        return self.assignment.intention


def list_assigned_reviews(
    agglomeration: Agglomeration, reviewer: Actor, *, today: date
) -> list[AssignedReview]:
    """The intentions waiting for the working group that `reviewer` is assigned to review, the
    earliest due first, each saying whether the review is submitted (it may still be changed)."""
    submitted = Review.objects.filter(
        intention_id=OuterRef("intention_id"), reviewer_id=reviewer.pk, submitted_at__isnull=False
    )
    assignments = (
        ReviewAssignment.objects.filter(
            reviewer_id=reviewer.pk,
            intention__call__agglomeration=agglomeration,
            intention__status=S.FORMAL_CHECK_PASSED,
        )
        .annotate(submitted=Exists(submitted))
        .select_related("intention__call")
        .order_by("due_on", "intention_id")
    )
    rows = []
    for assignment in assignments:
        done = bool(assignment.submitted)
        status = assignment.intention.status
        rows.append(
            AssignedReview(assignment, done, is_overdue(assignment.due_on, status, done, today))
        )
    return rows
