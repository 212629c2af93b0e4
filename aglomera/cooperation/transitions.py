"""The workflow of a joint project idea: the one table, its guards and the one way through it.

    idea ──▶ concept ──▶ submitted (to the programme) ──▶ approved
      ◀──────┘                          └──────────────▶ not approved (with a reason)

Every step needs `cooperation.manage` on the idea, which the office (manager, coordinator) of
*either* member holds: the idea belongs to each member (`JointIdea.agglomeration_ids`). The step
is recorded in the log of the office that took it (the agglomeration of the page, else the
actor's first member office). Every step adds one to the idea's `revision`, so a step or an
edit from a page that shows an older version is refused (`expected_revision`).
"""

from __future__ import annotations

from collections.abc import Iterable
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from aglomera.accounts.permissions import can
from aglomera.cooperation.models import IdeaStatus, JointIdea
from aglomera.core.transitions import ANY_STEP, Step, Workflow

S = IdeaStatus

TRANSITIONS: dict[tuple[IdeaStatus, IdeaStatus], str] = {
    (S.IDEA, S.CONCEPT): "cooperation.manage",
    (S.CONCEPT, S.IDEA): "cooperation.manage",
    (S.CONCEPT, S.SUBMITTED): "cooperation.manage",
    (S.SUBMITTED, S.APPROVED): "cooperation.manage",
    (S.SUBMITTED, S.NOT_APPROVED): "cooperation.manage",
}


def _reason_given(step: Step[JointIdea]) -> None:
    if not step.reason.strip():
        message = _("Say why the programme did not approve the idea.")
        raise ValidationError({"reason": ValidationError(message, "no_reason")})


def _acting_office(step: Step[JointIdea]) -> Iterable[str]:
    """Which member's office takes the step: the page's agglomeration when the actor holds the
    permission there, else the actor's first member office (no field is saved)."""
    idea = step.obj
    members = idea.agglomeration_ids
    wanted = step.data.get("agglomeration_id")
    candidates = [wanted, *members] if wanted in members else list(members)
    for agglomeration_id in candidates:
        office = SimpleNamespace(agglomeration_id=agglomeration_id)  # what the layer reads
        if step.actor is not None and can(step.actor, "cooperation.manage", office):
            idea.acting_agglomeration_id = agglomeration_id
            break
    else:
        idea.acting_agglomeration_id = members[0] if members else None
    return []


def _stale(idea: JointIdea, expected: int) -> None:
    raise ValidationError(
        _(
            "Someone else changed this joint idea in the meantime (it is now: %(status)s). "
            "Look at the idea again before you take the step."
        )
        % {"status": idea.get_status_display()},
        code="stale",
    )


def _acting(idea: JointIdea) -> int:
    return int(idea.acting_agglomeration_id or idea.agglomeration_ids[0])


JOINT_IDEA: Workflow[JointIdea, IdeaStatus] = Workflow(
    name="cooperation.joint_idea",
    model=JointIdea,
    statuses=IdeaStatus,
    table=TRANSITIONS,
    agglomeration_id=_acting,
    guards={S.NOT_APPROVED: [_reason_given]},
    effects={ANY_STEP: [_acting_office]},
    touch=("updated_at",),
    revision_field="revision",
    bump_revision=True,
    stale=_stale,
)

WORKFLOW = JOINT_IDEA.name
allowed_transitions = JOINT_IDEA.allowed
transition = JOINT_IDEA.step
