"""The workflow of a call: the one table, its guards and the one way through it.

planned ──announce──▶ announced ──close (after the deadline)──▶ closed
   └──cancel──▶ cancelled ◀──cancel──┘
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from aglomera.calls.models import Call, CallStatus
from aglomera.calls.queries.calls import format_moment
from aglomera.core.transitions import Step, Workflow

S = CallStatus

TRANSITIONS: dict[tuple[CallStatus, CallStatus], str] = {
    (S.PLANNED, S.ANNOUNCED): "calls.announce",
    (S.PLANNED, S.CANCELLED): "calls.announce",
    (S.ANNOUNCED, S.CLOSED): "calls.announce",
    (S.ANNOUNCED, S.CANCELLED): "calls.announce",
}


def _ready_to_announce(step: Step[Call]) -> None:
    call = step.obj
    if not call.criteria.exists():
        raise ValidationError(
            _("Add at least one criterion before announcing the call."), code="no_criteria"
        )
    if call.closes_at <= step.now:
        raise ValidationError(
            _("The deadline of this call has passed; move it before announcing the call."),
            code="deadline_passed",
        )


def _after_deadline(step: Step[Call]) -> None:
    call = step.obj
    if step.now < call.closes_at:
        raise ValidationError(
            _("The call can be closed only after its deadline (%(deadline)s).")
            % {"deadline": format_moment(call.closes_at, call.agglomeration.time_zone)},
            code="before_deadline",
        )


def _needs_reason(step: Step[Call]) -> None:
    if not step.reason.strip():
        raise ValidationError({"reason": _("Say why the call is cancelled.")}, code="no_reason")


CALL = Workflow(
    name="calls.call",
    model=Call,
    statuses=CallStatus,
    table=TRANSITIONS,
    agglomeration_id=lambda call: call.agglomeration_id,
    guards={
        S.ANNOUNCED: [_ready_to_announce],
        S.CLOSED: [_after_deadline],
        S.CANCELLED: [_needs_reason],
    },
    lock_related=("agglomeration",),
    touch=("updated_at",),
)

WORKFLOW = CALL.name
allowed_transitions = CALL.allowed
transition = CALL.step
