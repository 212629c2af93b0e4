"""Writes to agglomerations and their organisations."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aglomera.accounts.models import Membership, Role
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


@transaction.atomic
def register_own_organisation(
    agglomeration: Agglomeration, *, actor: Any, **values: str
) -> Organisation:
    """An applicant without an organisation registers it; their applicant role is linked to it.

    An organisation already registered (same IČO or REGON) is not linked: anyone could claim
    it; the strategy office links the account after checking who the applicant is.
    """
    if not getattr(actor, "pk", None):
        raise PermissionDenied
    membership = (
        Membership.objects.select_for_update()
        .filter(user_id=actor.pk, agglomeration=agglomeration, role=Role.APPLICANT)
        .first()
    )
    if membership is None:
        raise PermissionDenied
    if membership.organisation_id is not None:
        raise ValidationError(
            _("Your account already acts for an organisation in this agglomeration."),
            code="has_organisation",
        )
    organisation = Organisation(agglomeration=agglomeration, **values)
    organisation.clean()
    for field in ("ico", "regon"):
        value = getattr(organisation, field)
        if (
            value
            and Organisation.objects.filter(agglomeration=agglomeration, **{field: value}).exists()
        ):
            raise ValidationError(
                {
                    field: _(
                        "This organisation is already registered. Ask the strategy office to "
                        "link your account to it."
                    )
                }
            )
    organisation.full_clean()
    organisation.save()
    membership.organisation = organisation
    membership.save(update_fields=["organisation"])
    actor.__dict__.pop("_aglomera_memberships", None)  # the cached roles now name the organisation
    record(
        "agglomerations.organisation.registered_by_applicant",
        actor=actor,
        target=organisation,
        agglomeration_id=agglomeration.pk,
        after={name: getattr(organisation, name) for name in ORGANISATION_FIELDS},
    )
    return organisation
