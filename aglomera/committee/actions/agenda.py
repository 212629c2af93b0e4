"""The agenda of a planned meeting: items, their targets and proposed decisions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from aglomera.accounts.permissions import require_perm as _require
from aglomera.calls.models import Call
from aglomera.committee.actions.audit import audit
from aglomera.committee.actions.meetings import lock_meeting, lock_planned_meeting
from aglomera.committee.models import (
    AgendaItem,
    DecisionKind,
    ItemProposal,
    ItemStatus,
    Meeting,
    MeetingStatus,
    ProposedDecision,
    SteeringCommittee,
)
from aglomera.committee.queries.agenda import OPEN_MEETINGS, candidate_intentions
from aglomera.committee.transitions import AGENDA_ITEM
from aglomera.core import once
from aglomera.core.actors import Actor
from aglomera.core.i18n import I18nText, as_i18n
from aglomera.core.transitions import TransitionNotAllowed
from aglomera.intentions.models import (
    ChangeRequest,
    ChangeStatus,
    IntentionStatus,
    ProjectIntention,
)
from aglomera.strategy.models import StrategyVersion, VersionStatus

DEFAULT_PROPOSAL: dict[str, str] = {
    IntentionStatus.RECOMMENDED: ProposedDecision.COMPLIANT,
    IntentionStatus.NOT_RECOMMENDED: ProposedDecision.NON_COMPLIANT_NEGATIVE,
    IntentionStatus.DEFERRED: ProposedDecision.DEFERRED,
}
# The form field that carries the target of each kind of item (ValidationError keys).
TARGET_FIELD: dict[str, str] = {
    DecisionKind.CALL_INTENTIONS: "call",
    DecisionKind.CHANGE_REQUEST: "change_request",
    DecisionKind.STRATEGY_AMENDMENT: "amendment",
}


def _target_taken(kind: str, target: Any) -> bool:
    return AgendaItem.objects.filter(
        kind=kind,
        object_id=target.pk,
        status=ItemStatus.PENDING,
        meeting__status__in=OPEN_MEETINGS,
    ).exists()


def _organisations_of(intention_ids: list[int]) -> dict[int, set[int]]:
    """Each intention's applicant and project partners: their representatives are recused."""
    found: dict[int, set[int]] = {pk: set() for pk in intention_ids}
    for pk, applicant in ProjectIntention.objects.filter(pk__in=intention_ids).values_list(
        "pk", "applicant_id"
    ):
        found[pk].add(applicant)
    for pk, partner in ProjectIntention.partners.through.objects.filter(
        projectintention_id__in=intention_ids
    ).values_list("projectintention_id", "organisation_id"):
        found[pk].add(partner)
    return found


def _concerned_by_all(intention_ids: list[int]) -> set[int]:
    """A call item's organisations concerned by every one of its intentions (each intention
    recuses its own applicant and partners when the item is counted)."""
    return set.intersection(*_organisations_of(intention_ids).values())


def _check_target(committee: SteeringCommittee, kind: str, target: Any) -> list[int]:
    """Validate the target of a new item; return the concerned organisations."""
    if kind not in DecisionKind.values:
        raise ValidationError({"kind": _("Choose what the item decides on.")})
    if kind == DecisionKind.OTHER:
        return []
    field = TARGET_FIELD[kind]
    if target is None:
        raise ValidationError({field: _("Choose what this item decides on.")})
    if kind == DecisionKind.CALL_INTENTIONS:
        if not isinstance(target, Call) or target.agglomeration_id != committee.agglomeration_id:
            raise ValidationError({field: _("Choose a call of this agglomeration.")})
        if not candidate_intentions(target):
            raise ValidationError(
                {field: _("No project intention of this call is waiting for a decision.")}
            )
        return []
    if kind == DecisionKind.CHANGE_REQUEST:
        if (
            not isinstance(target, ChangeRequest)
            or target.intention.call.agglomeration_id != committee.agglomeration_id
            or target.status != ChangeStatus.WITH_COMMITTEE
        ):
            raise ValidationError(
                {field: _("Choose a change request referred to the steering committee.")}
            )
        if _target_taken(kind, target):
            raise ValidationError({field: _("This change request is already on an agenda.")})
        return sorted(_organisations_of([target.intention_id])[target.intention_id])
    if (
        not isinstance(target, StrategyVersion)
        or target.strategy.agglomeration_id != committee.agglomeration_id
        or target.status != VersionStatus.SUBMITTED
    ):
        raise ValidationError({field: _("Choose a submitted amendment of this strategy.")})
    if _target_taken(kind, target):
        raise ValidationError({field: _("This amendment is already on an agenda.")})
    return []


@transaction.atomic
def add_agenda_item(
    meeting: Meeting,
    *,
    title: I18nText | dict[str, str],
    kind: str,
    target: Any = None,
    proposal: str = "",
    actor: Actor,
    form_token: UUID | None = None,
) -> AgendaItem:
    """Add an item; a call item proposes a decision for each intention waiting for one."""
    _require(actor, "committee.manage", meeting)
    earlier = once.claim(form_token, actor=actor, model=AgendaItem)
    if earlier is not None:
        return earlier
    meeting = lock_planned_meeting(meeting)
    concerned = _check_target(meeting.committee, kind, target)
    last = AgendaItem.objects.filter(meeting=meeting).aggregate(n=Max("order"))["n"]
    item = AgendaItem(
        meeting=meeting,
        order=(last or 0) + 1,
        title=as_i18n(title),
        kind=kind,
        proposal=proposal.strip(),
        target=target if kind != DecisionKind.OTHER else None,
    )
    item.save()
    if kind == DecisionKind.CALL_INTENTIONS:
        intentions = candidate_intentions(target)
        ItemProposal.objects.bulk_create(
            ItemProposal(item=item, intention=i, decision=DEFAULT_PROPOSAL[i.status])
            for i in intentions
        )
        concerned = sorted(_concerned_by_all([i.pk for i in intentions]))
    item.concerned_organisations.set(set(concerned))
    once.bind(form_token, item)
    audit(
        "item.added",
        item,
        meeting.committee.agglomeration_id,
        actor,
        after={"title": dict(item.title), "kind": kind, "target": item.object_id},
    )
    return item


@transaction.atomic
def set_item_proposals(
    item: AgendaItem, decisions: Mapping[int, str], *, actor: Actor
) -> list[ItemProposal]:
    """Set the proposed decision per intention id; an empty decision takes it off the item."""
    _require(actor, "committee.manage", item)
    lock_planned_meeting(item.meeting)
    item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    if item.kind != DecisionKind.CALL_INTENTIONS or item.status != ItemStatus.PENDING:
        raise ValidationError(
            _("Only a pending item about a call's intentions has proposals."), code="not_call"
        )
    current = {p.intention_id: p for p in item.proposals.select_related("intention")}
    call = Call(pk=item.object_id)
    allowed = set(current) | {i.pk for i in candidate_intentions(call)}
    before = {str(k): p.decision for k, p in current.items()}
    for intention_id, decision in decisions.items():
        if intention_id not in allowed:
            raise ValidationError(
                _("A project intention on the list is not waiting for a decision any more."),
                code="not_candidate",
            )
        if decision and decision not in ProposedDecision.values:
            raise ValidationError(_("Choose one of the proposed decisions."), code="decision")
    for intention_id, decision in decisions.items():
        proposal = current.get(intention_id)
        if not decision:
            if proposal is not None:
                proposal.delete()
                del current[intention_id]
        elif proposal is None:
            current[intention_id] = ItemProposal.objects.create(
                item=item, intention_id=intention_id, decision=decision
            )
        elif proposal.decision != decision:
            proposal.decision = decision
            proposal.save(update_fields=["decision"])
    if not current:
        raise ValidationError(
            _("Keep at least one project intention on the item, or withdraw the item."),
            code="empty",
        )
    item.concerned_organisations.set(_concerned_by_all(list(current)))
    audit(
        "item.proposals_set",
        item,
        item.agglomeration_id,
        actor,
        before=before,
        after={str(k): p.decision for k, p in current.items()},
    )
    return list(current.values())


@transaction.atomic
def withdraw_item(item: AgendaItem, *, actor: Actor, reason: str = "") -> AgendaItem:
    _require(actor, "committee.manage", item)
    meeting = lock_meeting(item.meeting)
    if meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.VOTING):
        raise ValidationError(
            _("Items can be withdrawn only before the voting closes."), code="closed"
        )
    try:
        return AGENDA_ITEM.step(item, ItemStatus.WITHDRAWN, actor=actor, reason=reason)
    except TransitionNotAllowed as exc:
        raise ValidationError(_("This item is already decided."), code="decided") from exc
