"""Who of the working group reviews an intention, and by when.

The thematic coordinator or the manager assigns working-group members of the agglomeration to an
intention that passed the formal check, each with a due date, and may unassign one who has not
submitted the review yet. Only an assigned member reviews (`evaluation.save_review`). Neither step
changes the intention's status (no workflow step); each locks the intention row, so that it cannot
race the recommendation, and writes the audit log.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aglomera.accounts.models import Membership, Role, User
from aglomera.accounts.permissions import require_perm as _require
from aglomera.core import once
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.core.dates import add_months, show_date
from aglomera.core.tenant import zone_of
from aglomera.intentions.models import (
    IntentionStatus,
    ProjectIntention,
    Review,
    ReviewAssignment,
)

S = IntentionStatus
PERMISSION = "intentions.assign_reviews"
# The furthest due date, in months from the day of the assignment.
LONGEST_MONTHS = 12


def local_today(intention: ProjectIntention, now: datetime | None = None) -> date:
    """The day it is at `now` (the present by default) in the intention's agglomeration."""
    zone = zone_of(intention.call.agglomeration.time_zone)
    return timezone.localtime(now or timezone.now(), zone).date()


def latest_due_date(today: date) -> date:
    return add_months(today, LONGEST_MONTHS)


def due_date_error(due_on: date, today: date) -> str:
    """Why a due date cannot be given on `today` ("" when it can): not in the past, and at most
    a year ahead."""
    if due_on < today:
        return _("The due date cannot be in the past; give %(today)s or a later day.") % {
            "today": show_date(today)
        }
    latest = latest_due_date(today)
    if due_on > latest:
        return _("Give a due date within a year, at the latest %(latest)s.") % {
            "latest": show_date(latest)
        }
    return ""


def _waiting_for_reviews(intention: ProjectIntention) -> ProjectIntention:
    """Lock the intention; refuse unless it waits for the working group's reviews."""
    locked = (
        ProjectIntention.objects.select_for_update()
        .select_related("call__agglomeration")
        .get(pk=intention.pk)
    )
    if locked.status != S.FORMAL_CHECK_PASSED:
        raise ValidationError(
            _(
                "Reviewers are assigned only while the project intention waits for the working "
                "group, after the formal check (it is now: %(status)s)."
            )
            % {"status": locked.get_status_display()},
            code="wrong_status",
        )
    return locked


def _audit(
    code: str,
    intention: ProjectIntention,
    actor: Actor,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> None:
    record(
        code,
        actor=actor,
        target=intention,
        agglomeration_id=intention.call.agglomeration_id,
        before=before,
        after=after,
        at=at,
    )


def _values(assignment: ReviewAssignment) -> dict[str, Any]:
    return {"reviewer": assignment.reviewer_id, "due_on": assignment.due_on.isoformat()}


@transaction.atomic
def assign_reviewer(
    intention: ProjectIntention,
    reviewer: User,
    *,
    due_on: date,
    actor: Actor,
    now: datetime | None = None,
    form_token: uuid.UUID | None = None,
) -> ReviewAssignment:
    """Ask a working-group member of the intention's agglomeration to review it by `due_on`
    (judged on the day of `now`, the present by default, in the agglomeration)."""
    _require(actor, PERMISSION, intention)
    earlier = once.claim(form_token, actor=actor, model=ReviewAssignment)
    if earlier is not None:
        return earlier
    locked = _waiting_for_reviews(intention)
    errors: dict[str, str] = {}
    in_group = Membership.objects.filter(
        user_id=reviewer.pk,
        user__is_active=True,
        agglomeration_id=locked.call.agglomeration_id,
        role=Role.WORKING_GROUP,
    ).exists()
    if not in_group:
        errors["reviewer"] = _(
            "%(name)s is not a member of this agglomeration's working group."
        ) % {"name": reviewer}
    elif ReviewAssignment.objects.filter(intention=locked, reviewer_id=reviewer.pk).exists():
        errors["reviewer"] = _("%(name)s is already assigned to review this intention.") % {
            "name": reviewer
        }
    problem = due_date_error(due_on, local_today(locked, now))
    if problem:
        errors["due_on"] = problem
    if errors:
        raise ValidationError(errors)
    assignment = ReviewAssignment.objects.create(
        intention=locked,
        reviewer_id=reviewer.pk,
        assigned_by=actor if actor.pk else None,
        assigned_at=now or timezone.now(),
        due_on=due_on,
    )
    _audit("intentions.reviewer.assigned", locked, actor, after=_values(assignment), at=now)
    once.bind(form_token, assignment)
    return assignment


@transaction.atomic
def unassign_reviewer(assignment: ReviewAssignment, *, actor: Actor) -> None:
    """Withdraw an assignment whose reviewer has not submitted the review (a submitted review,
    a declared conflict of interest too, stays with its assignment)."""
    intention = assignment.intention
    _require(actor, PERMISSION, intention)
    locked = _waiting_for_reviews(intention)
    current = (
        ReviewAssignment.objects.select_for_update()
        .select_related("reviewer")
        .filter(pk=assignment.pk, intention=locked)
        .first()
    )
    if current is None:
        raise ValidationError(
            _("This reviewer is no longer assigned to the intention."), code="gone"
        )
    reviewed = Review.objects.filter(
        intention=locked, reviewer_id=current.reviewer_id, submitted_at__isnull=False
    ).exists()
    if reviewed:
        raise ValidationError(
            _("%(name)s has already submitted the review; the assignment stays with it.")
            % {"name": current.reviewer},
            code="reviewed",
        )
    before = _values(current)
    current.delete()
    _audit("intentions.reviewer.unassigned", locked, actor, before=before)
