"""An imported list moves the intentions it reports on (issue 10, point 5).

When a managing authority's list says that an operation reached a new state (the legal act,
the start of implementation, the physical completion, the financial closure, or a rejection),
its linked intention takes the steps of its transitions table up to that state, in the name of
the user who imported the list, with the list as the reason; each step leaves its StatusChange
and AuditEvent like a click would. So the funnel follows the managing authority's data, not only
the office's own clicks. An intention is only ever moved forward, along the tracking path; one
that has not reached the application yet (its statement is not issued) is left where it is.

The Czech monitoring system's state codes (MS2014+ and MS2021+) name the states:
PP30 legal act issued, PP40 in implementation, PP41 physical implementation completed, PP50-PP53
financially closed, PN.. refused. A legal act date in the list (the Polish lists' contract date)
means at least the legal act.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

from aglomera.core.actors import Actor
from aglomera.core.transitions import TransitionNotAllowed
from aglomera.intentions.models import IntentionStatus, ProjectIntention
from aglomera.intentions.transitions import INTENTION
from aglomera.monitoring.models import ImportJob, Operation, OperationSnapshot

S = IntentionStatus

# The tracking path of an intention after its statement, in order.
PATH = (
    S.STATEMENT_ISSUED,
    S.APPLICATION_FILED,
    S.LEGAL_ACT,
    S.IN_IMPLEMENTATION,
    S.PHYSICALLY_COMPLETED,
    S.FINANCIALLY_CLOSED,
)
STATES = (
    (re.compile(r"PP30"), S.LEGAL_ACT),
    (re.compile(r"PP40"), S.IN_IMPLEMENTATION),
    (re.compile(r"PP41"), S.PHYSICALLY_COMPLETED),
    (re.compile(r"PP5[0-3]"), S.FINANCIALLY_CLOSED),
)
REFUSED = re.compile(r"PN\d\d")


def _code(state_code: str) -> str:
    return "".join(state_code.split()).upper()


def reached(state_code: str, *, contracted: bool) -> IntentionStatus | None:
    """The furthest state on the path the list's data say the operation reached."""
    code = _code(state_code)
    for pattern, status in STATES:
        if pattern.fullmatch(code):
            return status
    return S.LEGAL_ACT if contracted else None


@dataclass
class Followed:
    moved: int = 0  # intentions that took at least one step
    steps: int = 0
    left: int = 0  # intentions the list is ahead of but that cannot follow (e.g. no statement)


def follow_list_states(job: ImportJob, *, actor: Actor) -> Followed:
    """Move the intentions linked to the operations this import changed (its snapshots)."""
    changed = OperationSnapshot.objects.filter(job=job).values("operation_id")
    operations = (
        Operation.objects.filter(pk__in=changed, intention__isnull=False)
        .select_related("intention")
        .order_by("registration_number")
    )
    reason = f"{job.file_name} ({job.as_of.isoformat()})"
    result = Followed()
    for operation in operations:
        intention = operation.intention
        assert intention is not None  # noqa: S101 - filtered above
        taken = _follow(intention, operation, actor=actor, reason=reason)
        if taken is None:
            result.left += 1
        elif taken:
            result.moved += 1
            result.steps += taken
    return result


def _follow(
    intention: ProjectIntention, operation: Operation, *, actor: Actor, reason: str
) -> int | None:
    """Steps taken (0: nothing to do), or None when the intention cannot follow the list."""
    status = intention.status
    if REFUSED.fullmatch(_code(operation.state_code)):
        if status != S.APPLICATION_FILED:
            return 0 if status == S.REJECTED_BY_MA else None
        return _take(intention, [S.REJECTED_BY_MA], actor=actor, reason=reason)
    target = reached(operation.state_code, contracted=operation.contracted_on is not None)
    if target is None:
        return 0
    if status not in PATH:
        return 0 if status == S.SUSTAINABILITY else None
    here, there = PATH.index(IntentionStatus(status)), PATH.index(target)
    if there <= here:
        return 0
    return _take(intention, list(PATH[here + 1 : there + 1]), actor=actor, reason=reason)


def _take(
    intention: ProjectIntention, statuses: list[IntentionStatus], *, actor: Actor, reason: str
) -> int | None:
    now = timezone.now()
    for count, status in enumerate(statuses):
        try:
            intention = INTENTION.step(intention, status, actor=actor, reason=reason, now=now)
        except (TransitionNotAllowed, ValidationError):  # not the importer's step to take
            return count or None
    return len(statuses)
