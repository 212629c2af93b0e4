"""The workflows of project intentions and of their change requests.

Pipeline (domain.md section 4):

    draft ─submit─▶ submitted ─return─▶ returned ─submit─▶ submitted
                    submitted ─pass formal check─▶ formal_check_passed
    formal_check_passed ─▶ recommended | not_recommended          (working group)
    recommended | not_recommended ─▶ compliant | non_compliant_* | deferred   (committee)
    deferred ─▶ compliant | non_compliant_*                        (committee, later meeting)
    compliant ─issue statement─▶ statement_issued ─▶ application_filed ─▶ legal_act
        ─▶ in_implementation ─▶ physically_completed ─▶ financially_closed ─▶ sustainability
    exits: withdrawn (from any open state), rejected_by_ma (after filing)

The committee's decisions are carried out by the manager's permission `intentions.decide`
when a resolution is adopted; the same table drives buttons, API and tests.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aglomera.core.workflow import allowed_targets, check_transition, log_transition
from aglomera.intentions.models import (
    ChangeRequest,
    ChangeStatus,
    IntentionStatus,
    ProjectIntention,
)

S = IntentionStatus

_WITHDRAWABLE = (
    S.DRAFT,
    S.SUBMITTED,
    S.RETURNED,
    S.FORMAL_CHECK_PASSED,
    S.RECOMMENDED,
    S.NOT_RECOMMENDED,
    S.COMPLIANT,
    S.DEFERRED,
    S.STATEMENT_ISSUED,
    S.APPLICATION_FILED,
)
_DECISIONS = (S.COMPLIANT, S.NON_COMPLIANT_OVERSUBSCRIBED, S.NON_COMPLIANT_NEGATIVE, S.DEFERRED)

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, S.SUBMITTED): "intentions.submit",
    (S.RETURNED, S.SUBMITTED): "intentions.submit",
    (S.SUBMITTED, S.RETURNED): "intentions.formal_check",
    (S.SUBMITTED, S.FORMAL_CHECK_PASSED): "intentions.formal_check",
    (S.FORMAL_CHECK_PASSED, S.RECOMMENDED): "intentions.recommend",
    (S.FORMAL_CHECK_PASSED, S.NOT_RECOMMENDED): "intentions.recommend",
    **{(S.RECOMMENDED, to): "intentions.decide" for to in _DECISIONS},
    **{(S.NOT_RECOMMENDED, to): "intentions.decide" for to in _DECISIONS},
    **{(S.DEFERRED, to): "intentions.decide" for to in _DECISIONS if to != S.DEFERRED},
    (S.COMPLIANT, S.STATEMENT_ISSUED): "intentions.issue_statement",
    (S.STATEMENT_ISSUED, S.APPLICATION_FILED): "intentions.track",
    (S.APPLICATION_FILED, S.LEGAL_ACT): "intentions.track",
    (S.APPLICATION_FILED, S.REJECTED_BY_MA): "intentions.track",
    (S.LEGAL_ACT, S.IN_IMPLEMENTATION): "intentions.track",
    (S.IN_IMPLEMENTATION, S.PHYSICALLY_COMPLETED): "intentions.track",
    (S.PHYSICALLY_COMPLETED, S.FINANCIALLY_CLOSED): "intentions.track",
    (S.FINANCIALLY_CLOSED, S.SUSTAINABILITY): "intentions.track",
    **{(old, S.WITHDRAWN): "intentions.withdraw" for old in _WITHDRAWABLE},
}

WORKFLOW = "intentions.intention"

# Guards: checks that need more than a role (deadline, completeness) run before the step.
Guard = Callable[[ProjectIntention, Any], None]
GUARDS: dict[str, list[Guard]] = {}


def guard(to: str) -> Callable[[Guard], Guard]:
    """Register a check that must pass before an intention moves to `to`."""

    def register(function: Guard) -> Guard:
        GUARDS.setdefault(to, []).append(function)
        return function

    return register


def allowed_transitions(intention: ProjectIntention, actor: Any) -> list[str]:
    return allowed_targets(TRANSITIONS, intention.status, actor, intention)


@transaction.atomic
def transition(
    intention: ProjectIntention,
    to: str,
    *,
    actor: Any,
    reason: str = "",
    now: Any = None,
    expected_revision: int | None = None,
) -> ProjectIntention:
    """Move one intention a step, under a row lock; `now` is injectable for deadline checks."""
    obj = (
        ProjectIntention.objects.select_for_update()
        .select_related("call", "applicant")
        .get(pk=intention.pk)
    )
    old = obj.status
    if expected_revision is not None and obj.revision != expected_revision:
        raise ValidationError(
            _(
                "Someone else acted on this project intention in the meantime (it is now: %(status)s)."
            )
            % {"status": obj.get_status_display()},
            code="stale",
        )
    check_transition(TRANSITIONS, old, to, actor, obj)
    moment = now or timezone.now()
    for check in GUARDS.get(to, []):
        check(obj, moment)
    fields = ["status", "updated_at", "revision"]
    if to == S.SUBMITTED:
        obj.submitted_at = moment
        fields.append("submitted_at")
    obj.status = to
    obj.revision += 1
    obj.save(update_fields=fields)
    log_transition(
        WORKFLOW,
        obj,
        old,
        to,
        actor=actor,
        reason=reason,
        agglomeration_id=obj.call.agglomeration_id,
    )
    return obj


C = ChangeStatus

CHANGE_TRANSITIONS: dict[tuple[str, str], str] = {
    (C.DRAFT, C.SUBMITTED): "changes.request",
    (C.DRAFT, C.WITHDRAWN): "changes.request",
    (C.SUBMITTED, C.WITHDRAWN): "changes.request",
    (C.SUBMITTED, C.APPROVED): "changes.decide",
    (C.SUBMITTED, C.REJECTED): "changes.decide",
    (C.SUBMITTED, C.WITH_COMMITTEE): "changes.decide",
    (C.WITH_COMMITTEE, C.APPROVED): "intentions.decide",
    (C.WITH_COMMITTEE, C.REJECTED): "intentions.decide",
}

CHANGE_WORKFLOW = "intentions.change_request"


def allowed_change_transitions(change: ChangeRequest, actor: Any) -> list[str]:
    return allowed_targets(CHANGE_TRANSITIONS, change.status, actor, change)


@transaction.atomic
def transition_change(
    change: ChangeRequest, to: str, *, actor: Any, reason: str = ""
) -> ChangeRequest:
    obj = (
        ChangeRequest.objects.select_for_update()
        .select_related("intention__call")
        .get(pk=change.pk)
    )
    old = obj.status
    check_transition(CHANGE_TRANSITIONS, old, to, actor, obj)
    obj.status = to
    obj.save(update_fields=["status"])
    log_transition(
        CHANGE_WORKFLOW,
        obj,
        old,
        to,
        actor=actor,
        reason=reason,
        agglomeration_id=obj.intention.call.agglomeration_id,
    )
    return obj
