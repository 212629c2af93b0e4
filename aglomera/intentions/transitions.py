"""The workflows of project intentions and of their change requests: the tables, their guards and
the one way through them (`INTENTION.step`, `CHANGE_REQUEST.step`).

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
when a resolution is adopted; the same table drives buttons, API and tests. Every step of an
intention adds one to its `revision`; a caller that names the revision its page showed
(`expected_revision`) is refused when someone else acted in the meantime.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from aglomera.calls.models import AttachmentKind, CallStatus
from aglomera.core.transitions import Step, Workflow
from aglomera.intentions.models import (
    Attachment,
    ChangeRequest,
    ChangeStatus,
    IntentionStatus,
    ProjectIntention,
)
from aglomera.intentions.rules import MONEY_FIELDS, check_call_open, cost_errors

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

TRANSITIONS: dict[tuple[IntentionStatus, IntentionStatus], str] = {
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


# ---- guards and effects of submission ---------------------------------------------------------


def _call_accepts(step: Step[ProjectIntention]) -> None:
    """A first submission only while the call is open. A returned intention is being completed
    at the office's request, typically after the deadline: its resubmission is not refused by
    the deadline, only if the call was cancelled."""
    call = step.obj.call
    if step.old == S.RETURNED:
        if call.status == CallStatus.CANCELLED:
            raise ValidationError(
                _("The call was cancelled; the intention cannot be submitted."),
                code="call_cancelled",
            )
        return
    check_call_open(call, step.now)


def _complete(step: Step[ProjectIntention]) -> None:
    """Every mandatory attachment is there and the amounts are consistent."""
    intention = step.obj
    missing = list(
        AttachmentKind.objects.filter(call_id=intention.call_id, mandatory=True)
        .exclude(
            pk__in=Attachment.objects.filter(intention=intention, kind__isnull=False).values(
                "kind_id"
            )
        )
        .order_by("id")
    )
    messages = [
        _("The mandatory attachment “%(kind)s” is missing.") % {"kind": kind.name}
        for kind in missing
    ]
    values = {name: getattr(intention, name) for name in MONEY_FIELDS}
    for field_messages in cost_errors(intention.call, values, with_range=False).values():
        messages.extend(field_messages)
    if messages:
        raise ValidationError(messages, code="incomplete")


def _submitted_now(step: Step[ProjectIntention]) -> list[str]:
    step.obj.submitted_at = step.now
    return ["submitted_at"]


def _stale(intention: ProjectIntention, expected: int) -> None:
    raise ValidationError(
        _("Someone else acted on this project intention in the meantime (it is now: %(status)s).")
        % {"status": intention.get_status_display()},
        code="stale",
    )


def _refresh_summary(step: Step[ProjectIntention]) -> None:
    """The intention's spans in the monitoring summary follow its history."""
    # monitoring reads intentions (its funnel imports this module): imported when used
    from aglomera.monitoring.actions.summary import refresh_intention_summary

    refresh_intention_summary([step.obj.pk])


INTENTION: Workflow[ProjectIntention, IntentionStatus] = Workflow(
    name="intentions.intention",
    model=ProjectIntention,
    statuses=IntentionStatus,
    table=TRANSITIONS,
    agglomeration_id=lambda intention: intention.call.agglomeration_id,
    guards={S.SUBMITTED: [_call_accepts, _complete]},
    effects={S.SUBMITTED: [_submitted_now]},
    recorded=(_refresh_summary,),
    lock_related=("call", "applicant"),
    touch=("updated_at",),
    revision_field="revision",
    bump_revision=True,
    stale=_stale,
)


# ---- change requests ----------------------------------------------------------------------------

C = ChangeStatus

CHANGE_TRANSITIONS: dict[tuple[ChangeStatus, ChangeStatus], str] = {
    (C.DRAFT, C.SUBMITTED): "changes.request",
    (C.DRAFT, C.WITHDRAWN): "changes.request",
    (C.SUBMITTED, C.WITHDRAWN): "changes.request",
    (C.SUBMITTED, C.APPROVED): "changes.decide",
    (C.SUBMITTED, C.REJECTED): "changes.decide",
    (C.SUBMITTED, C.WITH_COMMITTEE): "changes.decide",
    (C.WITH_COMMITTEE, C.APPROVED): "intentions.decide",
    (C.WITH_COMMITTEE, C.REJECTED): "intentions.decide",
}

CHANGE_REQUEST: Workflow[ChangeRequest, ChangeStatus] = Workflow(
    name="intentions.change_request",
    model=ChangeRequest,
    statuses=ChangeStatus,
    table=CHANGE_TRANSITIONS,
    agglomeration_id=lambda change: change.intention.call.agglomeration_id,
    lock_related=("intention__call",),
)


# ---- the names callers know (committee, monitoring, notifications, demo) -----------------------

WORKFLOW = INTENTION.name
CHANGE_WORKFLOW = CHANGE_REQUEST.name
transition = INTENTION.step
allowed_transitions = INTENTION.allowed
transition_change = CHANGE_REQUEST.step
allowed_change_transitions = CHANGE_REQUEST.allowed
