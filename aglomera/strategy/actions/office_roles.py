"""What the strategy office does in each programme action."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aglomera.accounts.permissions import require_perm as _require
from aglomera.agglomerations.models import Agglomeration
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.strategy.models import OfficeRole, SpecificObjective


@transaction.atomic
def set_office_role(
    agglomeration: Agglomeration, *, specific_objective: SpecificObjective, role: str, actor: Actor
) -> OfficeRole:
    """Record what the office does in one programme action: selects, assesses or monitors."""
    _require(actor, "strategy.approve", agglomeration)
    if specific_objective.programme.country != agglomeration.country:
        raise ValidationError(
            {"specific_objective": _("Choose an objective of a programme of your country.")}
        )
    current = (
        OfficeRole.objects.select_for_update()
        .filter(agglomeration=agglomeration, specific_objective=specific_objective)
        .first()
    )
    before = {"role": current.role} if current else {}
    office_role, _created = OfficeRole.objects.update_or_create(
        agglomeration=agglomeration, specific_objective=specific_objective, defaults={"role": role}
    )
    record(
        "strategy.office_role.set",
        actor=actor,
        target=office_role,
        agglomeration_id=agglomeration.pk,
        before=before,
        after={"role": role},
    )
    return office_role
