"""Writes to organisations: registered by the office, or by an applicant for themselves."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aglomera.accounts.models import Membership, Role
from aglomera.agglomerations.models import Agglomeration, Organisation
from aglomera.core import once
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.core.unique import Unique, unique_errors

ORGANISATION_FIELDS = ["name", "kind", "country", "ico", "regon", "nip", "address"]
IDENTIFIERS = {"ico": "organisation_ico_unique", "regon": "organisation_regon_unique"}


def _taken(organisation: Organisation, field: str, what_to_do: str) -> ValidationError | None:
    """The sentence for an IČO or REGON already registered: which organisation has it."""
    value = getattr(organisation, field)
    existing = (
        Organisation.objects.filter(
            agglomeration_id=organisation.agglomeration_id, **{field: value}
        )
        .only("name")
        .first()
        if value
        else None
    )
    if existing is None:
        return None
    label = _("IČO") if field == "ico" else _("REGON")
    return ValidationError(
        {
            field: _("%(label)s %(number)s is already registered for %(name)s. %(what_to_do)s")
            % {"label": label, "number": value, "name": existing.name, "what_to_do": what_to_do}
        },
        code="unique",
    )


def _registered_once(organisation: Organisation, what_to_do: str) -> None:
    """Validate; refuse an IČO or REGON already registered in the agglomeration, also when
    another request registers it at the same moment (the same sentence); then save."""
    organisation.full_clean(validate_constraints=False)  # the conditions are in clean()
    for field in IDENTIFIERS:
        taken = _taken(organisation, field, what_to_do)
        if taken is not None:
            raise taken
    try:
        with unique_errors(
            *(Unique(Organisation, name, field, "") for field, name in IDENTIFIERS.items())
        ):
            organisation.save()
    except ValidationError as error:
        # A concurrent insert: the savepoint is rolled back, the other row can be named now
        (field,) = error.message_dict
        raise _taken(organisation, field, what_to_do) or error from None


@transaction.atomic
def register_organisation(
    agglomeration: Agglomeration, *, actor: Actor, **values: Any
) -> Organisation:
    """Register an applicant or partner; its national identifier must be valid and unique."""
    if not actor.has_perm("agglomerations.manage_organisations", agglomeration):
        raise PermissionDenied
    form_token = once.parse_token(values.pop("form_token", None))  # see aglomera.core.once
    earlier = once.claim(form_token, actor=actor, model=Organisation)
    if earlier is not None:
        return earlier
    organisation = Organisation(agglomeration=agglomeration, **values)
    _registered_once(organisation, _("Choose that organisation instead of registering it again."))
    once.bind(form_token, organisation)
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
    agglomeration: Agglomeration, *, actor: Actor | AnonymousUser, **values: Any
) -> Organisation:
    """An applicant without an organisation registers it; their applicant role is linked to it.

    An organisation already registered (same IČO or REGON) is not linked: anyone could claim
    it; the strategy office links the account after checking who the applicant is.
    """
    if isinstance(actor, AnonymousUser) or not actor.pk:
        raise PermissionDenied
    membership = (
        Membership.objects.select_for_update()
        .filter(user_id=actor.pk, agglomeration=agglomeration, role=Role.APPLICANT)
        .first()
    )
    if membership is None:
        raise PermissionDenied
    form_token = once.parse_token(values.pop("form_token", None))  # see aglomera.core.once
    earlier = once.claim(form_token, actor=actor, model=Organisation)
    if earlier is not None:
        return earlier
    if membership.organisation_id is not None:
        raise ValidationError(
            _("Your account already acts for an organisation in this agglomeration."),
            code="has_organisation",
        )
    organisation = Organisation(agglomeration=agglomeration, **values)
    _registered_once(organisation, _("Ask the strategy office to link your account to it."))
    once.bind(form_token, organisation)
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
