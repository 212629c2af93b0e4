"""Every write of the evaluation: formal check, return or pass, reviews, the recommendation
(who reviews what, by when: `assignments`).

Each action checks the actor's permission, locks the intention row, refuses a stale page
(`expected_revision`, the revision the user's form was rendered with) and writes the audit log.
Status changes go through `aglomera.intentions.transitions.INTENTION.step()`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aglomera.accounts.permissions import require_perm as _require
from aglomera.calls.models import Criterion, CriterionKind, FormalCheckItem
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.core.texts import Generated
from aglomera.intentions import texts, transitions
from aglomera.intentions.calculations import ranking
from aglomera.intentions.models import (
    FormalCheckResult,
    IntentionStatus,
    ProjectIntention,
    Recommendation,
    ReturnComment,
    Review,
    ReviewAssignment,
    ReviewScore,
)
from aglomera.intentions.queries.evaluation import get_consolidation

S = IntentionStatus


@dataclass(frozen=True)
class CheckAnswer:
    """One checklist line as recorded by the coordinator."""

    passed: bool
    note: str = ""


def _audit(code: str, intention: ProjectIntention, actor: Actor, **values: Any) -> None:
    record(
        code,
        actor=actor,
        target=intention,
        agglomeration_id=intention.call.agglomeration_id,
        before=values.get("before"),
        after=values.get("after"),
        reason=values.get("reason", ""),
    )


def field_name(obj: FormalCheckItem | Criterion) -> str:
    """The form field an error about a checklist item or a criterion belongs to."""
    prefix = "item" if isinstance(obj, FormalCheckItem) else "criterion"
    return f"{prefix}_{obj.pk}"


def _lock(
    intention: ProjectIntention, status: str, *, expected_revision: int | None
) -> ProjectIntention:
    """Lock the row; refuse a page rendered before someone else acted, or a moved intention."""
    locked = (
        ProjectIntention.objects.select_for_update()
        .select_related("call", "applicant")
        .get(pk=intention.pk)
    )
    if expected_revision is not None and locked.revision != expected_revision:
        raise ValidationError(
            _(
                "Someone else acted on this project intention in the meantime (it is now: "
                "%(status)s). Reload the page to see the current state."
            )
            % {"status": locked.get_status_display()},
            code="stale",
        )
    if locked.status != status:
        raise ValidationError(
            _("This project intention is %(status)s; this step is no longer possible.")
            % {"status": locked.get_status_display()},
            code="wrong_status",
        )
    return locked


@transaction.atomic
def record_formal_check(
    intention: ProjectIntention,
    answers: Mapping[int, CheckAnswer],
    *,
    actor: Actor,
    expected_revision: int | None = None,
) -> list[FormalCheckResult]:
    """Record checklist items (by item id) as fulfilled or not, each with an optional note."""
    _require(actor, "intentions.formal_check", intention)
    locked = _lock(intention, S.SUBMITTED, expected_revision=expected_revision)
    items = {item.pk: item for item in FormalCheckItem.objects.filter(call_id=locked.call_id)}
    unknown = sorted(set(answers) - set(items))
    if unknown:
        raise ValidationError(
            _("These checklist items do not belong to the call: %(items)s.")
            % {"items": ", ".join(map(str, unknown))},
            code="unknown_item",
        )
    errors = {
        f"note_{pk}": _("Say what is missing when an item is not fulfilled.")
        for pk, answer in answers.items()
        if not answer.passed and not answer.note.strip()
    }
    if errors:
        raise ValidationError(errors)
    existing = {r.item_id: r for r in FormalCheckResult.objects.filter(intention=locked)}
    saved = []
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for pk, answer in sorted(answers.items()):
        previous = existing.get(pk)
        if previous is not None:
            before[str(pk)] = {"passed": previous.passed, "note": previous.note}
        result, _created = FormalCheckResult.objects.update_or_create(
            intention=locked,
            item_id=pk,
            defaults={"passed": answer.passed, "note": answer.note.strip(), "checked_by": actor},
        )
        after[str(pk)] = {"passed": result.passed, "note": result.note}
        saved.append(result)
    _audit("intentions.formal_check.recorded", locked, actor, before=before, after=after)
    return saved


@transaction.atomic
def return_intention(
    intention: ProjectIntention,
    comment: str,
    *,
    actor: Actor,
    expected_revision: int | None = None,
    now: datetime | None = None,
) -> ProjectIntention:
    """Return a submitted intention for completion; the comment tells the applicant what to fix."""
    _require(actor, "intentions.formal_check", intention)
    text = comment.strip()
    if not text:
        raise ValidationError(
            {"comment": _("Tell the applicant what to complete before returning the intention.")}
        )
    locked = _lock(intention, S.SUBMITTED, expected_revision=expected_revision)
    moved = transitions.INTENTION.step(locked, S.RETURNED, actor=actor, reason=text, now=now)
    ReturnComment.objects.create(intention=moved, author=actor, text=text)
    return moved


@transaction.atomic
def pass_formal_check(
    intention: ProjectIntention,
    *,
    actor: Actor,
    expected_revision: int | None = None,
    now: datetime | None = None,
) -> ProjectIntention:
    """Pass the formal check: only when every checklist item is recorded as fulfilled."""
    _require(actor, "intentions.formal_check", intention)
    locked = _lock(intention, S.SUBMITTED, expected_revision=expected_revision)
    fulfilled = set(
        FormalCheckResult.objects.filter(intention=locked, passed=True).values_list(
            "item_id", flat=True
        )
    )
    open_items = [
        item
        for item in FormalCheckItem.objects.filter(call_id=locked.call_id)
        if item.pk not in fulfilled
    ]
    if open_items:
        raise ValidationError(
            _(
                "The formal check can pass only when every checklist item is recorded as "
                "fulfilled. Still open or not fulfilled: %(items)s."
            )
            % {"items": "; ".join(str(item) for item in open_items)},
            code="checklist_incomplete",
        )
    return transitions.INTENTION.step(
        locked,
        S.FORMAL_CHECK_PASSED,
        actor=actor,
        reason=Generated(texts.FORMAL_CHECK_PASSED),
        now=now,
    )


@transaction.atomic
def save_review(
    intention: ProjectIntention,
    *,
    actor: Actor,
    conflict_of_interest: bool = False,
    gates: Mapping[int, bool | None] | None = None,
    points: Mapping[int, int | None] | None = None,
    recommendation: str = "",
    comment: str = "",
    now: datetime | None = None,
) -> Review:
    """Submit (or correct) the actor's own review of an intention that passed the formal check
    and that the actor is assigned to review (`assignments.assign_reviewer`).

    With a conflict of interest the reviewer is excluded: no scores are kept and the review
    does not count. Otherwise every criterion needs an answer (gate: yes/no; scored:
    0..maximum points) and a recommendation.
    """
    _require(actor, "intentions.review", intention)
    locked = _lock(intention, S.FORMAL_CHECK_PASSED, expected_revision=None)
    if not ReviewAssignment.objects.filter(intention=locked, reviewer_id=actor.pk).exists():
        raise PermissionDenied
    criteria = list(Criterion.objects.filter(call_id=locked.call_id))
    gates = gates or {}
    points = points or {}
    if not conflict_of_interest:
        _validate_review(criteria, gates, points, recommendation)
    review, _created = Review.objects.select_for_update().get_or_create(
        intention=locked, reviewer=actor
    )
    before = {
        "conflict_of_interest": review.conflict_of_interest,
        "recommendation": review.recommendation,
    }
    review.conflict_of_interest = conflict_of_interest
    review.recommendation = "" if conflict_of_interest else recommendation
    review.comment = comment.strip()
    review.submitted_at = now or timezone.now()
    review.save()
    ReviewScore.objects.filter(review=review).delete()
    if not conflict_of_interest:
        ReviewScore.objects.bulk_create(
            ReviewScore(
                review=review,
                criterion=criterion,
                passed=gates.get(criterion.pk) if criterion.kind == CriterionKind.GATE else None,
                points=points.get(criterion.pk) if criterion.kind == CriterionKind.SCORED else None,
            )
            for criterion in criteria
        )
    _audit(
        "intentions.review.submitted",
        locked,
        actor,
        before=before,
        after={
            "conflict_of_interest": conflict_of_interest,
            "recommendation": review.recommendation,
            "gates": {str(k): v for k, v in gates.items()},
            "points": {str(k): v for k, v in points.items()},
        },
    )
    return review


def _validate_review(
    criteria: list[Criterion],
    gates: Mapping[int, bool | None],
    points: Mapping[int, int | None],
    recommendation: str,
) -> None:
    errors: dict[str, str] = {}
    for criterion in criteria:
        if criterion.kind == CriterionKind.GATE:
            if gates.get(criterion.pk) is None:
                errors[field_name(criterion)] = _("Answer yes or no.")
            continue
        value = points.get(criterion.pk)
        if value is None or not 0 <= value <= criterion.max_points:
            errors[field_name(criterion)] = _("Give 0 to %(max)s points.") % {
                "max": criterion.max_points
            }
    if recommendation not in Recommendation.values:
        errors["recommendation"] = _("Recommend the intention or not.")
    if errors:
        raise ValidationError(errors)


def consolidation_params(result: ranking.Consolidation) -> dict[str, Any]:
    """The consolidated result as the reason recorded with the recommendation stores it
    (rendered by aglomera/intentions/texts.py)."""
    return {
        "score": str(result.score),
        "counted": result.counted,
        "conflicted": result.conflicted,
        "yes": result.recommending,
        "no": result.not_recommending,
        "gate_failed": bool(result.gate_failed),
    }


@transaction.atomic
def recommend_intention(
    intention: ProjectIntention,
    to: str,
    *,
    actor: Actor,
    note: str = "",
    expected_revision: int | None = None,
    now: datetime | None = None,
) -> ProjectIntention:
    """Record the working group's recommendation (recommended / not recommended).

    The reason stored with the step is the consolidated result, followed by the note.
    """
    _require(actor, "intentions.recommend", intention)
    if to not in (S.RECOMMENDED, S.NOT_RECOMMENDED):
        raise ValidationError({"to": _("Choose recommended or not recommended.")})
    locked = _lock(intention, S.FORMAL_CHECK_PASSED, expected_revision=expected_revision)
    result = get_consolidation(locked)
    if not result.counted:
        raise ValidationError(
            _("No working-group review counts yet: wait for at least one submitted review."),
            code="no_reviews",
        )
    reason = Generated(texts.CONSOLIDATION, consolidation_params(result), note.strip())
    return transitions.INTENTION.step(locked, to, actor=actor, reason=reason, now=now)
