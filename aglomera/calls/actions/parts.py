"""Criteria, the formal checklist and the required attachments of a planned call."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from aglomera.accounts.permissions import require_perm as _require
from aglomera.calls.actions.calls import clean_text, lock_planned
from aglomera.calls.models import AttachmentKind, Call, Criterion, CriterionKind, FormalCheckItem
from aglomera.core import once
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.core.i18n import I18nText


def _next_order(queryset: Any) -> int:
    return int(queryset.aggregate(top=Max("order"))["top"] or 0) + 1


@transaction.atomic
def add_criterion(
    call: Call,
    name: I18nText | dict[str, str],
    kind: str,
    *,
    weight: Decimal | None = None,
    max_points: int | None = None,
    actor: Actor,
    form_token: UUID | None = None,
) -> Criterion:
    """A yes/no gate, or a scored criterion with a weight and maximum points."""
    _require(actor, "calls.manage", call)
    earlier = once.claim(form_token, actor=actor, model=Criterion)
    if earlier is not None:
        return earlier
    locked = lock_planned(call)
    errors: dict[str, str] = {}
    if not clean_text(name):
        errors["name"] = _("Fill in the text in at least one language.")
    if kind == CriterionKind.SCORED:
        if weight is None or weight <= 0:
            errors["weight"] = _("A scored criterion needs a weight above zero.")
        if max_points is None or max_points < 1:
            errors["max_points"] = _("A scored criterion needs at least one point to award.")
    elif kind == CriterionKind.GATE:
        weight, max_points = Decimal("0"), 0
    else:
        errors["kind"] = _("Choose a yes/no gate or a scored criterion.")
    if errors:
        raise ValidationError(errors)
    criterion = Criterion.objects.create(
        call=locked,
        order=_next_order(locked.criteria.all()),
        name=clean_text(name),
        kind=kind,
        weight=weight or Decimal("0"),
        max_points=max_points or 0,
    )
    once.bind(form_token, criterion)
    record(
        "calls.criterion.added",
        actor=actor,
        target=locked,
        agglomeration_id=locked.agglomeration_id,
        after={
            "criterion": dict(criterion.name),
            "kind": kind,
            "weight": weight,
            "max_points": max_points,
        },
    )
    return criterion


@transaction.atomic
def add_checklist_item(
    call: Call, text: I18nText | dict[str, str], *, actor: Actor, form_token: UUID | None = None
) -> FormalCheckItem:
    _require(actor, "calls.manage", call)
    earlier = once.claim(form_token, actor=actor, model=FormalCheckItem)
    if earlier is not None:
        return earlier
    locked = lock_planned(call)
    if not clean_text(text):
        raise ValidationError({"text": _("Fill in the text in at least one language.")})
    item = FormalCheckItem.objects.create(
        call=locked, order=_next_order(locked.checklist.all()), text=clean_text(text)
    )
    once.bind(form_token, item)
    record(
        "calls.checklist_item.added",
        actor=actor,
        target=locked,
        agglomeration_id=locked.agglomeration_id,
        after={"check": dict(item.text)},
    )
    return item


@transaction.atomic
def add_attachment_kind(
    call: Call,
    name: I18nText | dict[str, str],
    *,
    mandatory: bool,
    actor: Actor,
    form_token: UUID | None = None,
) -> AttachmentKind:
    _require(actor, "calls.manage", call)
    earlier = once.claim(form_token, actor=actor, model=AttachmentKind)
    if earlier is not None:
        return earlier
    locked = lock_planned(call)
    if not clean_text(name):
        raise ValidationError({"name": _("Fill in the text in at least one language.")})
    kind = AttachmentKind.objects.create(call=locked, name=clean_text(name), mandatory=mandatory)
    once.bind(form_token, kind)
    record(
        "calls.attachment_kind.added",
        actor=actor,
        target=locked,
        agglomeration_id=locked.agglomeration_id,
        after={"attachment": dict(kind.name), "mandatory": mandatory},
    )
    return kind


Part = Criterion | FormalCheckItem | AttachmentKind
PART_CODES: dict[type[Any], str] = {
    Criterion: "calls.criterion.removed",
    FormalCheckItem: "calls.checklist_item.removed",
    AttachmentKind: "calls.attachment_kind.removed",
}


@transaction.atomic
def remove_call_part(part: Part, *, actor: Actor) -> None:
    """Remove a criterion, checklist item or required attachment of a planned call."""
    call = Call.objects.get(pk=part.call_id)
    _require(actor, "calls.manage", call)
    locked = lock_planned(call)
    text = part.text if isinstance(part, FormalCheckItem) else part.name
    record(
        PART_CODES[type(part)],
        actor=actor,
        target=locked,
        agglomeration_id=locked.agglomeration_id,
        before={"item": dict(text)},
    )
    type(part).objects.filter(pk=part.pk).delete()
