"""The people of an exchange: adding and removing a participant (name and function only, no
contact data), by the office of either member (`cooperation.manage`), each change audited on
the exchange."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aglomera.agglomerations.models import Agglomeration
from aglomera.cooperation.actions.common import require_member
from aglomera.cooperation.models import (
    Exchange,
    ExchangeParticipant,
    ParticipantPart,
    PartnershipMember,
)
from aglomera.core import once
from aglomera.core.actors import Actor
from aglomera.core.audit import record


@dataclass
class ParticipantFields:
    """What the office types for a participant; the same names as the form fields."""

    name: str
    part: str = ParticipantPart.GUEST
    function: str = ""
    side: Agglomeration | None = None
    organisation: str = ""


def participant_snapshot(participant: ExchangeParticipant) -> dict[str, Any]:
    """The participant as the audit log keeps it."""
    return {
        "participant": participant.pk,
        "name": participant.name,
        "function": participant.function,
        "side": participant.side_id,
        "organisation": participant.organisation,
        "part": participant.part,
    }


def _validate(exchange: Exchange, data: ParticipantFields) -> dict[str, Any]:
    name = " ".join(data.name.split())
    function = " ".join(data.function.split())
    organisation = " ".join(data.organisation.split())
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Fill in the participant's name.")
    elif len(name) > 200:
        errors["name"] = _("Write at most 200 characters.")
    if len(function) > 300:
        errors["function"] = _("Write at most 300 characters.")
    if len(organisation) > 300:
        errors["organisation"] = _("Write at most 300 characters.")
    if data.part not in ParticipantPart.values:
        errors["part"] = _("Choose whether the participant was a guest or a host.")
    if (
        data.side is not None
        and not PartnershipMember.objects.filter(
            partnership_id=exchange.partnership_id, agglomeration=data.side
        ).exists()
    ):
        errors["side"] = _("Choose a member of the partnership.")
    elif data.side is None and not organisation:
        errors["organisation"] = _(
            "Choose the side the participant came with, or name their organisation."
        )
    if errors:
        raise ValidationError(errors)
    return {
        "name": name,
        "function": function,
        "side": data.side,
        "organisation": organisation,
        "part": data.part,
    }


@transaction.atomic
def add_participant(
    exchange: Exchange,
    data: ParticipantFields,
    *,
    agglomeration: Agglomeration,
    actor: Actor,
    form_token: uuid.UUID | None = None,
) -> ExchangeParticipant:
    """A participant of the exchange, recorded by the office of `agglomeration` (a member)."""
    require_member(actor, "cooperation.manage", exchange.partnership, agglomeration)
    values = _validate(exchange, data)
    earlier = once.claim(form_token, actor=actor, model=ExchangeParticipant)
    if earlier is not None:
        return earlier
    participant = ExchangeParticipant.objects.create(exchange=exchange, **values)
    record(
        "cooperation.exchange.participant_added",
        actor=actor,
        target=exchange,
        agglomeration_id=agglomeration.pk,
        after=participant_snapshot(participant),
    )
    once.bind(form_token, participant)
    return participant


@transaction.atomic
def remove_participant(
    participant: ExchangeParticipant, *, agglomeration: Agglomeration, actor: Actor
) -> None:
    """Remove a participant from the exchange (the audit log keeps who it was)."""
    exchange = participant.exchange
    require_member(actor, "cooperation.manage", exchange.partnership, agglomeration)
    before = participant_snapshot(participant)
    participant.delete()
    record(
        "cooperation.exchange.participant_removed",
        actor=actor,
        target=exchange,
        agglomeration_id=agglomeration.pk,
        before=before,
    )
