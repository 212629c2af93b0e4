"""The manager's writes to organisations: edit, deactivate, reactivate, merge two into one.

Every write checks the permission on the organisation (so on its agglomeration), locks the rows
it changes and leaves an audit record with the values before and after.
"""

from __future__ import annotations

from typing import Any, cast

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from aglomera.agglomerations.actions.organisations import IDENTIFIERS, ORGANISATION_FIELDS
from aglomera.agglomerations.models import Organisation, OrganisationStatus
from aglomera.agglomerations.queries.people import (
    organisation_references,
    reference_key,
    related_model,
)
from aglomera.agglomerations.transitions import ADMINISTER, transition
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.core.unique import Unique, unique_errors

S = OrganisationStatus


def _values(organisation: Organisation) -> dict[str, Any]:
    return {name: getattr(organisation, name) for name in ORGANISATION_FIELDS}


def _lock(organisation: Organisation, actor: Actor) -> Organisation:
    if not actor.has_perm(ADMINISTER, organisation):
        raise PermissionDenied
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


def _reason(reason: str) -> str:
    if not reason.strip():
        raise ValidationError({"reason": _("Say why.")}, code="no_reason")
    return reason.strip()


def _refuse_taken_identifiers(organisation: Organisation) -> None:
    """An IČO or REGON of another organisation of the agglomeration is refused, naming it."""
    for field in IDENTIFIERS:
        value = getattr(organisation, field)
        other = (
            Organisation.objects.filter(agglomeration_id=organisation.agglomeration_id)
            .filter(**{field: value})
            .exclude(pk=organisation.pk)
            .first()
            if value
            else None
        )
        if other is not None:
            raise ValidationError(
                {
                    field: _(
                        "%(name)s already has this number. If both are the same organisation, "
                        "merge them instead."
                    )
                    % {"name": other.name}
                },
                code="taken",
            )


@transaction.atomic
def update_organisation(organisation: Organisation, *, actor: Actor, **values: Any) -> Organisation:
    """Edit an organisation with the checks of its registration (check digits, unique numbers)."""
    locked = _lock(organisation, actor)
    before = _values(locked)
    for name in ORGANISATION_FIELDS:
        if name in values:
            setattr(locked, name, values[name])
    locked.full_clean(validate_constraints=False)  # the conditions are in clean()
    _refuse_taken_identifiers(locked)
    after = _values(locked)
    if after == before:
        return locked
    message = _("An organisation with this number is already registered here.")
    with unique_errors(
        *(Unique(Organisation, name, field, message) for field, name in IDENTIFIERS.items())
    ):
        locked.save(update_fields=ORGANISATION_FIELDS)
    changed = [name for name in ORGANISATION_FIELDS if before[name] != after[name]]
    record(
        "agglomerations.organisation.edited",
        actor=actor,
        target=locked,
        agglomeration_id=locked.agglomeration_id,
        before={name: before[name] for name in changed},
        after={name: after[name] for name in changed},
    )
    return locked


def deactivate_organisation(
    organisation: Organisation, *, actor: Actor, reason: str
) -> Organisation:
    """It can no longer be chosen for a new intention; its intentions and history stay."""
    return transition(organisation, S.INACTIVE, actor=actor, reason=_reason(reason))


def reactivate_organisation(
    organisation: Organisation, *, actor: Actor, reason: str
) -> Organisation:
    return transition(organisation, S.ACTIVE, actor=actor, reason=_reason(reason))


# ---- merging ------------------------------------------------------------------------------------


def _move_foreign_keys(relation: models.ForeignObjectRel, old: int, new: int) -> int:
    model = related_model(relation)
    name = relation.field.name
    return int(model._base_manager.filter(**{name: old}).update(**{name: new}))


def _move_many_to_many(relation: models.ManyToManyRel, old: int, new: int) -> int:
    """Rows linking something to the duplicate link it to the one kept; where it is already
    linked to both, the duplicate's row goes."""
    through = cast(type[models.Model], relation.through)  # a model once the apps are loaded
    field = relation.field
    owner, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    rows = through._default_manager
    already = rows.filter(**{target: new}).values(owner)
    rows.filter(**{target: old, f"{owner}__in": already}).delete()
    return int(rows.filter(**{target: old}).update(**{target: new}))


def _move_references(duplicate: Organisation, kept: Organisation) -> dict[str, int]:
    moved: dict[str, int] = {}
    for relation in organisation_references():
        if isinstance(relation, models.ManyToManyRel):
            count = _move_many_to_many(relation, duplicate.pk, kept.pk)
        else:
            count = _move_foreign_keys(relation, duplicate.pk, kept.pk)
        if count:
            key = reference_key(relation)
            moved[key] = moved.get(key, 0) + count
    # An applicant cannot be its own partner: a partner that was the duplicate now is not one.
    intention = apps.get_model("intentions", "ProjectIntention")
    intention.partners.through.objects.filter(
        organisation_id=kept.pk, projectintention__applicant_id=kept.pk
    ).delete()
    return moved


@transaction.atomic
def merge_organisations(
    kept: Organisation,
    duplicate: Organisation,
    *,
    actor: Actor,
    reason: str,
    delete_duplicate: bool = False,
) -> Organisation:
    """Move every reference to `duplicate` (intentions, partnerships, members and their accounts,
    committee seats, agenda items) to `kept`; then mark the duplicate merged, or delete it."""
    if not (actor.has_perm(ADMINISTER, kept) and actor.has_perm(ADMINISTER, duplicate)):
        raise PermissionDenied
    reason = _reason(reason)
    if kept.pk == duplicate.pk:
        raise ValidationError(
            {"other": _("Choose another organisation than this one.")}, code="same"
        )
    locked = {
        organisation.pk: organisation
        for organisation in Organisation.objects.select_for_update()
        .filter(pk__in=[kept.pk, duplicate.pk])
        .order_by("pk")
    }
    if len(locked) != 2:
        raise ValidationError(_("One of the organisations no longer exists."), code="gone")
    kept, duplicate = locked[kept.pk], locked[duplicate.pk]
    if kept.agglomeration_id != duplicate.agglomeration_id:
        raise PermissionDenied
    if S.MERGED in (kept.status, duplicate.status):
        raise ValidationError(
            _("One of the organisations is already merged into another one."), code="merged"
        )
    moved = _move_references(duplicate, kept)
    record(
        "agglomerations.organisation.merge",
        actor=actor,
        target=kept,
        agglomeration_id=kept.agglomeration_id,
        before={"duplicate_id": duplicate.pk, **_values(duplicate)},
        after={
            "kept_id": kept.pk,
            "duplicate_id": duplicate.pk,
            "moved": moved,
            "duplicate_deleted": delete_duplicate,
        },
        reason=reason,
    )
    if delete_duplicate:
        duplicate.delete()
    else:
        transition(duplicate, S.MERGED, actor=actor, reason=reason, values={"merged_into": kept})
    return kept
