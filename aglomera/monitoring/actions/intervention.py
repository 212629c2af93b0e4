"""Setting the type of intervention the agglomeration publishes for a programme specific objective.

The code comes from the codebook of CPR 2021/1060 Annex I, Table 1 (`InterventionField`) and is
stated per agglomeration, because programmes are shared between agglomerations. The list of
operations (Art. 49(3)(n)) reads it for every operation of that objective. Only the manager sets
it (`monitoring.set_intervention`); an empty code clears it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aglomera.accounts.permissions import require_perm
from aglomera.agglomerations.models import Agglomeration
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.monitoring.models import InterventionField, InterventionFieldMapping
from aglomera.monitoring.queries.intervention import objective_ids
from aglomera.strategy.models import SpecificObjective

SET = "monitoring.set_intervention"


def _field(code: str) -> InterventionField | None:
    """The codebook entry of a code; None for an empty code (clear)."""
    if not code:
        return None
    found = InterventionField.objects.filter(code=code).first()
    if found is None:
        raise ValidationError(
            {
                "code": _(
                    "Choose a type of intervention from the list (CPR 2021/1060 Annex I, Table 1)."
                )
            }
        )
    return found


@transaction.atomic
def set_intervention_field(
    agglomeration: Agglomeration,
    *,
    specific_objective: SpecificObjective,
    code: str,
    actor: Actor,
) -> InterventionFieldMapping | None:
    """Set the code of one objective (None when cleared). Saving the same code again changes
    nothing and writes no audit event."""
    require_perm(actor, SET, agglomeration)
    if specific_objective.pk not in objective_ids(agglomeration):
        raise ValidationError(
            {
                "specific_objective": _(
                    "Choose a programme specific objective that the strategy draws on."
                )
            }
        )
    chosen = _field(str(code or "").strip())
    current = (
        InterventionFieldMapping.objects.select_for_update()
        .filter(agglomeration=agglomeration, specific_objective=specific_objective)
        .first()
    )
    before = {"code": current.code_id} if current is not None else {}
    objective = str(specific_objective)
    if chosen is None:
        if current is not None:
            record(
                "monitoring.intervention_field.cleared",
                actor=actor,
                target=current,
                agglomeration_id=agglomeration.pk,
                before={**before, "specific_objective": objective},
            )
            current.delete()
        return None
    if current is not None and current.code_id == chosen.code:
        return current
    mapping, _created = InterventionFieldMapping.objects.update_or_create(
        agglomeration=agglomeration,
        specific_objective=specific_objective,
        defaults={"code": chosen},
    )
    record(
        "monitoring.intervention_field.set",
        actor=actor,
        target=mapping,
        agglomeration_id=agglomeration.pk,
        before=before,
        after={"code": chosen.code, "specific_objective": objective},
    )
    return mapping
