"""Declared conflicts of interest: a member recuses themselves from an item, or from one
intention of a call item, with the reason (recorded for the minutes and audited)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aglomera.accounts.permissions import require_perm as _require
from aglomera.committee.actions.audit import audit
from aglomera.committee.actions.meetings import lock_meeting
from aglomera.committee.models import (
    AgendaItem,
    CommitteeMember,
    ConflictDeclaration,
    ItemStatus,
    MeetingStatus,
)
from aglomera.core.actors import Actor
from aglomera.intentions.models import ProjectIntention


def _check_declarant(item: AgendaItem, member: CommitteeMember, actor: Actor) -> None:
    """The manager records anyone's declaration; a member declares their own (or, as the
    alternate, the member's)."""
    if actor.has_perm("committee.manage", item):
        return
    _require(actor, "committee.vote", item)
    if actor.pk not in (member.user_id, member.alternate_id):
        raise ValidationError(
            _(
                "You can declare a conflict of interest only for yourself or for the member whose "
                "alternate you are."
            ),
            code="not_yours",
        )


@transaction.atomic
def declare_conflict(
    item: AgendaItem,
    member: CommitteeMember,
    *,
    reason: str,
    intention: ProjectIntention | None = None,
    actor: Actor,
    now: datetime | None = None,
) -> ConflictDeclaration:
    """The member is recused from the item (or from `intention` on a call item) from now on: a
    vote they cast on it no longer counts for what the declaration covers."""
    _check_declarant(item, member, actor)
    meeting = lock_meeting(item.meeting)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    member = CommitteeMember.objects.select_related("user").get(pk=member.pk)
    if item.status != ItemStatus.PENDING or meeting.status not in (
        MeetingStatus.PLANNED,
        MeetingStatus.VOTING,
    ):
        raise ValidationError(
            _("A conflict of interest is declared on a pending item before the voting closes."),
            code="closed",
        )
    if member.committee_id != meeting.committee_id or not member.active:
        raise ValidationError(
            {"member": _("Choose an active member of this committee.")}, code="not_member"
        )
    if intention is not None and not item.proposals.filter(intention=intention).exists():
        raise ValidationError(
            {"intention": _("Choose a project intention on this item.")}, code="not_on_item"
        )
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say what the conflict of interest is.")})
    try:
        with transaction.atomic():
            declaration = ConflictDeclaration.objects.create(
                item=item,
                intention=intention,
                member=member,
                reason=reason,
                declared_by=actor,
                declared_at=now or timezone.now(),
            )
    except IntegrityError as exc:  # one declaration per member and item (or intention)
        raise ValidationError(
            _("This conflict of interest of %(member)s is already declared.")
            % {"member": member.user},
            code="already_declared",
        ) from exc
    audit(
        "conflict.declared",
        declaration,
        meeting.committee.agglomeration_id,
        actor,
        after={
            "item": item.pk,
            "member": member.pk,
            "intention": intention.pk if intention is not None else None,
            "reason": reason,
        },
    )
    return declaration
