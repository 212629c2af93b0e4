"""The workflow of a call: the one table and the one way through it.

planned ──announce──▶ announced ──close (after the deadline)──▶ closed
   └──cancel──▶ cancelled ◀──cancel──┘
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from aglomera.calls.models import Call, CallStatus
from aglomera.core.workflow import allowed_targets, check_transition, log_transition

S = CallStatus

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.PLANNED, S.ANNOUNCED): "calls.announce",
    (S.PLANNED, S.CANCELLED): "calls.announce",
    (S.ANNOUNCED, S.CLOSED): "calls.announce",
    (S.ANNOUNCED, S.CANCELLED): "calls.announce",
}

WORKFLOW = "calls.call"


def allowed_transitions(call: Call, actor: Any) -> list[str]:
    return allowed_targets(TRANSITIONS, call.status, actor, call)


@transaction.atomic
def transition(call: Call, to: str, *, actor: Any, reason: str = "") -> Call:
    obj = Call.objects.select_for_update().get(pk=call.pk)
    old = obj.status
    check_transition(TRANSITIONS, old, to, actor, obj)
    obj.status = to
    obj.save(update_fields=["status", "updated_at"])
    log_transition(
        WORKFLOW, obj, old, to, actor=actor, reason=reason, agglomeration_id=obj.agglomeration_id
    )
    return obj
