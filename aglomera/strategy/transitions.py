"""The workflow of a strategy version (an amendment): the one table and the one way through it.

    draft ──submit──▶ submitted ──approve──▶ approved (numbered, becomes current)
      │  ╲                │  ╲
      │   consult         │   reject ──▶ rejected
      │    ▼              └─return──▶ draft
      │  in_consultation ──submit──▶ submitted
      └─discard──▶ discarded

The Polish path (public consultation before adoption) uses in_consultation; the Czech path
goes straight from draft to submitted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from aglomera.core.workflow import (
    TransitionNotAllowed,
    allowed_targets,
    check_transition,
    log_transition,
)
from aglomera.strategy.models import Strategy, StrategyVersion, VersionStatus

S = VersionStatus

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, S.SUBMITTED): "strategy.amend",
    (S.DRAFT, S.IN_CONSULTATION): "strategy.amend",
    (S.DRAFT, S.DISCARDED): "strategy.amend",
    (S.IN_CONSULTATION, S.SUBMITTED): "strategy.amend",
    (S.IN_CONSULTATION, S.DRAFT): "strategy.amend",
    (S.SUBMITTED, S.DRAFT): "strategy.approve",
    (S.SUBMITTED, S.APPROVED): "strategy.approve",
    (S.SUBMITTED, S.REJECTED): "strategy.approve",
}

WORKFLOW = "strategy.version"


@dataclass(frozen=True)
class Approval:
    approved_on: date
    approved_by_body: str
    reference: str = ""


def allowed_transitions(version: StrategyVersion, actor: Any) -> list[str]:
    return allowed_targets(TRANSITIONS, version.status, actor, version)


@transaction.atomic
def transition(
    version: StrategyVersion,
    to: str,
    *,
    actor: Any,
    reason: str = "",
    approval: Approval | None = None,
) -> StrategyVersion:
    obj = StrategyVersion.objects.select_for_update().select_related("strategy").get(pk=version.pk)
    old = obj.status
    check_transition(TRANSITIONS, old, to, actor, obj)
    if to in (S.DRAFT, S.REJECTED) and old == S.SUBMITTED and not reason.strip():
        raise ValidationError({"reason": _("Say why the amendment goes back or is rejected.")})
    fields = ["status", "updated_at"]
    if to == S.APPROVED:
        if approval is None or not approval.approved_by_body.strip():
            raise ValidationError(
                {"approved_by_body": _("Record who approved the amendment (body and resolution).")}
            )
        # Only one amendment per strategy is open (a database constraint), so the version it
        # was based on is still the current one; the lock serialises the numbering.
        Strategy.objects.select_for_update().get(pk=obj.strategy_id)
        last = StrategyVersion.objects.filter(strategy_id=obj.strategy_id).aggregate(
            n=Max("number")
        )["n"]
        obj.number = (last or 0) + 1
        obj.approved_on = approval.approved_on
        obj.approved_by_body = approval.approved_by_body.strip()
        obj.approval_reference = approval.reference.strip()
        fields += ["number", "approved_on", "approved_by_body", "approval_reference"]
    obj.status = to
    obj.save(update_fields=fields)
    if to == S.APPROVED:
        Strategy.objects.filter(pk=obj.strategy_id).update(current_version=obj)
    log_transition(
        WORKFLOW,
        obj,
        old,
        to,
        actor=actor,
        reason=reason,
        agglomeration_id=obj.strategy.agglomeration_id,
    )
    return obj


__all__ = ["TRANSITIONS", "Approval", "TransitionNotAllowed", "allowed_transitions", "transition"]
