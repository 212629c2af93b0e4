"""The workflow of a strategy version (an amendment): the one table, its guards and effects.

    draft ──submit──▶ submitted ──approve──▶ approved (numbered, becomes current)
      │  ╲                │  ╲
      │   consult         │   reject ──▶ rejected
      │    ▼              └─return──▶ draft
      │  in_consultation ──submit──▶ submitted
      └─discard──▶ discarded

The Polish path (public consultation before adoption) uses in_consultation; the Czech path
goes straight from draft to submitted. Approving takes the approval as `data={"approval": ...}`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _

from aglomera.agglomerations.models import Country
from aglomera.core.actors import Actor
from aglomera.core.dates import years_error
from aglomera.core.texts import Generated
from aglomera.core.transitions import Step, TransitionNotAllowed, Workflow
from aglomera.strategy.models import Strategy, StrategyVersion, VersionStatus

S = VersionStatus

TRANSITIONS: dict[tuple[VersionStatus, VersionStatus], str] = {
    (S.DRAFT, S.SUBMITTED): "strategy.amend",
    (S.DRAFT, S.IN_CONSULTATION): "strategy.amend",
    (S.DRAFT, S.DISCARDED): "strategy.amend",
    (S.IN_CONSULTATION, S.SUBMITTED): "strategy.amend",
    (S.IN_CONSULTATION, S.DRAFT): "strategy.amend",
    (S.SUBMITTED, S.DRAFT): "strategy.approve",
    (S.SUBMITTED, S.APPROVED): "strategy.approve",
    (S.SUBMITTED, S.REJECTED): "strategy.approve",
}


@dataclass(frozen=True)
class Approval:
    approved_on: date
    approved_by_body: str
    reference: str = ""


def _reason_when_sent_back(step: Step[StrategyVersion]) -> None:
    """A submitted amendment goes back to draft or is rejected only with a reason."""
    if step.old == S.SUBMITTED and not step.reason.strip():
        raise ValidationError({"reason": _("Say why the amendment goes back or is rejected.")})


def consults_the_public(version: StrategyVersion) -> bool:
    """Only a Polish strategy goes to public consultation before it is adopted (ZIT rules)."""
    return bool(version.strategy.agglomeration.country == Country.PL)


def _consultation_in_poland(step: Step[StrategyVersion]) -> None:
    if not consults_the_public(step.obj):
        raise ValidationError(
            _("Public consultation of an amendment applies only to strategies in Poland.")
        )


def _approval_recorded(step: Step[StrategyVersion]) -> None:
    approval = step.data.get("approval")
    if not isinstance(approval, Approval) or not approval.approved_by_body.strip():
        raise ValidationError(
            {"approved_by_body": _("Record who approved the amendment (body and resolution).")}
        )
    if problem := years_error(approval.approved_on):
        raise ValidationError({"approved_on": problem})


def _number_and_approval(step: Step[StrategyVersion]) -> Iterable[str]:
    """The approved version gets the next number of its strategy and the approval's record."""
    version, approval = step.obj, step.data["approval"]
    # Only one amendment per strategy is open (a database constraint), so the version it was
    # based on is still the current one; the lock of the strategy serialises the numbering.
    Strategy.objects.select_for_update().get(pk=version.strategy_id)
    last = StrategyVersion.objects.filter(strategy_id=version.strategy_id).aggregate(
        n=Max("number")
    )["n"]
    version.number = (last or 0) + 1
    version.approved_on = approval.approved_on
    version.approved_by_body = approval.approved_by_body.strip()
    version.approval_reference = approval.reference.strip()
    return ["number", "approved_on", "approved_by_body", "approval_reference"]


def _becomes_current(step: Step[StrategyVersion]) -> None:
    Strategy.objects.filter(pk=step.obj.strategy_id).update(current_version=step.obj)


VERSION = Workflow(
    name="strategy.version",
    model=StrategyVersion,
    statuses=VersionStatus,
    table=TRANSITIONS,
    agglomeration_id=lambda version: version.strategy.agglomeration_id,
    guards={
        S.DRAFT: [_reason_when_sent_back],
        S.IN_CONSULTATION: [_consultation_in_poland],
        S.REJECTED: [_reason_when_sent_back],
        S.APPROVED: [_approval_recorded],
    },
    effects={S.APPROVED: [_number_and_approval]},
    after={S.APPROVED: [_becomes_current]},
    lock_related=("strategy",),
    touch=("updated_at",),
)

WORKFLOW = VERSION.name


def allowed_transitions(version: StrategyVersion, actor: Actor) -> list[VersionStatus]:
    """The steps offered as buttons: the table's, without public consultation outside Poland."""
    return [
        to
        for to in VERSION.allowed(version, actor)
        if to != S.IN_CONSULTATION or consults_the_public(version)
    ]


def transition(
    version: StrategyVersion,
    to: VersionStatus | str,
    *,
    actor: Actor,
    reason: str | Generated = "",
    approval: Approval | None = None,
    now: datetime | None = None,
) -> StrategyVersion:
    """`VERSION.step` with the approval passed as the step's data."""
    return VERSION.step(
        version, to, actor=actor, reason=reason, now=now, data={"approval": approval}
    )


def may_take_steps(version: StrategyVersion, actor: Actor) -> bool:
    """Whether the actor holds any permission of the table on the version (some step, some
    time); someone who may only read the amendment holds none."""
    return any(actor.has_perm(perm, version) for perm in set(TRANSITIONS.values()))


__all__ = [
    "TRANSITIONS",
    "VERSION",
    "WORKFLOW",
    "Approval",
    "TransitionNotAllowed",
    "allowed_transitions",
    "consults_the_public",
    "may_take_steps",
    "transition",
]
