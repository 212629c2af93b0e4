"""Modifications of an announced call: a new allocation, a later deadline, with a reason."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aglomera.accounts.permissions import require_perm as _require
from aglomera.calls.actions.calls import money_error
from aglomera.calls.models import Call, CallModification, CallModificationKind, CallStatus
from aglomera.calls.queries.calls import format_moment
from aglomera.core import once
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.strategy.eligibility import call_window_errors


def _deadline_error(locked: Call, closes_at: datetime, moment: datetime) -> str | None:
    zone = locked.agglomeration.time_zone
    if closes_at <= locked.closes_at:
        return _("The new deadline must be later than the current one (%(deadline)s).") % {
            "deadline": format_moment(locked.closes_at, zone)
        }
    if closes_at <= moment:
        return _("The new deadline must be in the future.")
    window = call_window_errors(locked.strategy.period, locked.opens_at, closes_at, zone)
    return window.get("closes_at")


@transaction.atomic
def modify_call(
    call: Call,
    *,
    reason: str,
    actor: Actor,
    allocation: Decimal | None = None,
    closes_at: datetime | None = None,
    now: datetime | None = None,
    form_token: UUID | None = None,
) -> list[CallModification]:
    """Top up (or change) the allocation and/or extend the deadline of an announced call.

    The same form sent again returns the first modification its first submission recorded."""
    _require(actor, "calls.manage", call)
    earlier = once.claim(form_token, actor=actor, model=CallModification)
    if earlier is not None:
        return [earlier]
    locked = (
        Call.objects.select_for_update().select_related("agglomeration", "strategy").get(pk=call.pk)
    )
    if locked.status != CallStatus.ANNOUNCED:
        raise ValidationError(
            _("Only an announced call can be modified; this one is %(status)s.")
            % {"status": locked.get_status_display()},
            code="not_announced",
        )
    moment = now or timezone.now()
    errors: dict[str, str] = {}
    reason = reason.strip()
    if not reason:
        errors["reason"] = _("Give the reason for the modification.")
    changes: list[tuple[str, str, Any, Any]] = []
    if allocation is not None and allocation != locked.allocation:
        message = money_error(allocation)
        if message:
            errors["allocation"] = message
        changes.append(
            (CallModificationKind.ALLOCATION, "allocation", locked.allocation, allocation)
        )
    if closes_at is not None and closes_at != locked.closes_at:
        message = _deadline_error(locked, closes_at, moment)
        if message:
            errors["closes_at"] = message
        changes.append((CallModificationKind.DEADLINE, "closes_at", locked.closes_at, closes_at))
    if not changes and not errors:
        errors["allocation"] = _("Change the allocation or the deadline.")
    if errors:
        raise ValidationError(errors)
    modifications = []
    for kind, name, old, new in changes:
        setattr(locked, name, new)
        modification = CallModification.objects.create(
            call=locked,
            kind=kind,
            before={name: old},
            after={name: new},
            reason=reason,
            actor=actor,
        )
        modifications.append(modification)
        record(
            f"calls.call.modified.{kind}",
            actor=actor,
            target=locked,
            agglomeration_id=locked.agglomeration_id,
            before={name: old},
            after={name: new},
            reason=reason,
        )
    locked.save(update_fields=[name for _kind, name, _old, _new in changes] + ["updated_at"])
    once.bind(form_token, modifications[0])
    return modifications
