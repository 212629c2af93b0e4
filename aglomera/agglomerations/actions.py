"""Writes to agglomerations and their organisations."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from aglomera.agglomerations.models import Agglomeration, Organisation
from aglomera.core.audit import record

ORGANISATION_FIELDS = ["name", "kind", "country", "ico", "regon", "nip", "address"]


@transaction.atomic
def register_organisation(
    agglomeration: Agglomeration, *, actor: Any, **values: str
) -> Organisation:
    """Register an applicant or partner; its national identifier must be valid and unique."""
    if not actor.has_perm("agglomerations.manage_organisations", agglomeration):
        raise PermissionDenied
    organisation = Organisation(agglomeration=agglomeration, **values)
    organisation.full_clean()
    organisation.save()
    record(
        "agglomerations.organisation.registered",
        actor=actor,
        target=organisation,
        agglomeration_id=agglomeration.pk,
        after={name: getattr(organisation, name) for name in ORGANISATION_FIELDS},
    )
    return organisation
