"""The office's role in each programme action of its country."""

from __future__ import annotations

from dataclasses import dataclass

from aglomera.strategy.models import OfficeRole, OfficeRoleKind, SpecificObjective


@dataclass
class OfficeRoleRow:
    specific_objective: SpecificObjective
    role: str
    configured: bool


def list_office_roles(agglomeration_id: int, country: str) -> list[OfficeRoleRow]:
    """Every programme objective of the country with the office's role (default: selects)."""
    configured = {
        row.specific_objective_id: row.role
        for row in OfficeRole.objects.filter(agglomeration_id=agglomeration_id)
    }
    objectives = SpecificObjective.objects.filter(programme__country=country).select_related(
        "programme"
    )
    return [
        OfficeRoleRow(obj, configured.get(obj.pk, OfficeRoleKind.SELECTS), obj.pk in configured)
        for obj in objectives.order_by("-programme__period", "programme__code", "code")
    ]


def office_role_for(agglomeration_id: int, specific_objective_id: int) -> str:
    role = (
        OfficeRole.objects.filter(
            agglomeration_id=agglomeration_id, specific_objective_id=specific_objective_id
        )
        .values_list("role", flat=True)
        .first()
    )
    return role or OfficeRoleKind.SELECTS
