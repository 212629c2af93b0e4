"""What the list of operations (CPR 2021/1060 Art. 49(3)) publishes of an intention beyond its
application: the purpose and the expected or actual achievements (point (e)) and, for public
procurement, the contractors (point (a)).

Both the applicant (for its own organisation's intention, `intentions.edit`) and the strategy
office (`intentions.track`: manager, coordinator) fill them, in any state of the intention: the
list publishes an operation from its legal act on, when the application form can no longer be
edited. Every write is audited and touches the intention's `updated_at`, which the list
publishes as the operation's last update.

A contractor's identification number is stored as its digits, checked as the national number of
its country: the IČO (eight digits with a check digit, leading zeros kept), the REGON (9 or 14
digits) or the NIP (10 digits); another country's number is kept as given. The list writes it in
the one format of `aglomera.monitoring.reports.art49.identifier` ("IČO 00301825").
"""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aglomera.agglomerations.models import Country
from aglomera.core import once
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.core.i18n import I18nText, as_i18n, language_codes
from aglomera.core.signals import announce_public_data_change
from aglomera.core.text import control_character
from aglomera.core.validators import normalize_ico, validate_ico, validate_nip, validate_regon
from aglomera.intentions.models import Contractor, ProjectIntention

# Either permission lets an actor fill what the list publishes of an intention.
PUBLISH_PERMISSIONS = ("intentions.edit", "intentions.track")
TEXT_MAX = 4000
NAME_MAX = 300
REFERENCE_MAX = 100
FOREIGN_MAX = 20
FOREIGN_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ./-]*")


def may_edit_publication(actor: Actor, intention: ProjectIntention) -> bool:
    """Whether the actor may fill the purpose, achievements and contractors of the intention."""
    return any(actor.has_perm(perm, intention) for perm in PUBLISH_PERMISSIONS)


def _require(actor: Actor, intention: ProjectIntention) -> None:
    if not may_edit_publication(actor, intention):
        raise PermissionDenied


def _control_error(text: str) -> str:
    code = control_character(text)
    if not code:
        return ""
    return _(
        "The text contains an invisible control character (%(code)s), probably pasted in from "
        "another program. Delete it and send the form again."
    ) % {"code": code}


def _text(value: Any, field: str, errors: dict[str, list[str]]) -> I18nText:
    text = I18nText(
        {
            code: part.strip()
            for code, part in as_i18n(value).items()
            if code in language_codes() and part.strip()
        }
    )
    for part in text.values():
        if len(part) > TEXT_MAX:
            errors.setdefault(field, []).append(
                _("At most %(count)s characters.") % {"count": TEXT_MAX}
            )
        elif problem := _control_error(part):
            errors.setdefault(field, []).append(problem)
    return text


def _lock(intention: ProjectIntention) -> ProjectIntention:
    return (
        ProjectIntention.objects.select_for_update()
        .select_related("call__agglomeration")
        .get(pk=intention.pk)
    )


@transaction.atomic
def set_publication_texts(
    intention: ProjectIntention, *, purpose: Any, achievements: Any, actor: Actor
) -> ProjectIntention:
    """Save the purpose and the achievements the list publishes (per language; empty: the list
    falls back to the activities and the committed indicators). The same texts again change
    nothing and write no audit event."""
    _require(actor, intention)
    errors: dict[str, list[str]] = {}
    new_purpose = _text(purpose, "purpose", errors)
    new_achievements = _text(achievements, "achievements", errors)
    if errors:
        raise ValidationError(errors)
    locked = _lock(intention)
    before = {
        "purpose": dict(locked.art49_purpose),
        "achievements": dict(locked.art49_achievements),
    }
    after = {"purpose": dict(new_purpose), "achievements": dict(new_achievements)}
    if before == after:
        return locked
    locked.art49_purpose = new_purpose
    locked.art49_achievements = new_achievements
    locked.save(update_fields=["art49_purpose", "art49_achievements", "updated_at"])
    announce_public_data_change([locked.pk])
    record(
        "intentions.publication.updated",
        actor=actor,
        target=locked,
        agglomeration_id=locked.call.agglomeration_id,
        before=before,
        after=after,
    )
    return locked


# --- contractors -----------------------------------------------------------------------------


def _national_number(country: str, raw: str) -> str:
    """The digits of a Czech or Polish identification number, checked; ValidationError when it
    is not one."""
    digits = "".join(raw.split())
    if not digits.isdigit():
        raise ValidationError(_("Enter the number's digits only, for example 00301825."))
    if country == Country.CZ:
        validate_ico(digits)
        return normalize_ico(digits)
    if len(digits) == 10:
        validate_nip(digits)
    elif len(digits) in (9, 14):
        validate_regon(digits)
    else:
        raise ValidationError(_("A REGON has 9 or 14 digits, a NIP 10."))
    return digits


def _identifier(country: str, raw: str) -> str:
    raw = raw.strip()
    if not raw:
        return ""
    if country in Country.values:
        return _national_number(country, raw)
    if len(raw) > FOREIGN_MAX or not FOREIGN_NUMBER.fullmatch(raw):
        raise ValidationError(
            _(
                "Enter the number as the contractor's country writes it: letters, digits, "
                "spaces, dots, slashes and dashes, at most %(count)s characters."
            )
            % {"count": FOREIGN_MAX}
        )
    return raw


def _contractor_values(
    name: str, country: str, identifier: str, procurement_reference: str
) -> dict[str, str]:
    errors: dict[str, list[str]] = {}
    name = " ".join(str(name or "").split())
    reference = " ".join(str(procurement_reference or "").split())
    country = str(country or "")
    if not name:
        errors["name"] = [_("Enter the contractor's name.")]
    elif len(name) > NAME_MAX:
        errors["name"] = [_("At most %(count)s characters.") % {"count": NAME_MAX}]
    elif problem := _control_error(name):
        errors["name"] = [problem]
    if country and country not in Country.values:
        errors["country"] = [_("Choose the contractor's country from the list.")]
    if len(reference) > REFERENCE_MAX:
        errors["procurement_reference"] = [
            _("At most %(count)s characters.") % {"count": REFERENCE_MAX}
        ]
    elif problem := _control_error(reference):
        errors["procurement_reference"] = [problem]
    number = ""
    if "country" not in errors:
        try:
            number = _identifier(country, str(identifier or ""))
        except ValidationError as exc:
            errors["identifier"] = exc.messages
    if errors:
        raise ValidationError(errors)
    return {
        "name": name,
        "country": country,
        "identifier": number,
        "procurement_reference": reference,
    }


def _already_listed(intention: ProjectIntention, values: dict[str, str]) -> bool:
    """The same contractor (by number, or by name when it has none) of the same procurement."""
    for other in Contractor.objects.filter(
        intention=intention, procurement_reference__iexact=values["procurement_reference"]
    ):
        if values["identifier"]:
            if (other.country, other.identifier) == (values["country"], values["identifier"]):
                return True
        elif not other.identifier and other.name.casefold() == values["name"].casefold():
            return True
    return False


def _snapshot(contractor: Contractor) -> dict[str, Any]:
    return {
        "contractor": contractor.pk,
        "name": contractor.name,
        "natural_person": contractor.natural_person,
        "country": contractor.country,
        "identifier": contractor.identifier,
        "procurement_reference": contractor.procurement_reference,
    }


def _touch(intention: ProjectIntention) -> None:
    """The list publishes the intention's last change as the operation's last update."""
    ProjectIntention.objects.filter(pk=intention.pk).update(updated_at=timezone.now())


@transaction.atomic
def add_contractor(
    intention: ProjectIntention,
    *,
    name: str,
    natural_person: bool = False,
    country: str = "",
    identifier: str = "",
    procurement_reference: str = "",
    actor: Actor,
    form_token: UUID | None = None,
) -> Contractor:
    """Record a contractor of the operation (the same form sent again returns the contractor
    its first submission recorded)."""
    _require(actor, intention)
    earlier = once.claim(form_token, actor=actor, model=Contractor)
    if earlier is not None:
        return earlier
    # A natural person is published by name only, and nothing more of them is kept (GDPR
    # data minimisation, Art. 5(1)(c) of Regulation (EU) 2016/679): no identification number.
    values = _contractor_values(
        name, country, "" if natural_person else identifier, procurement_reference
    )
    locked = _lock(intention)
    if _already_listed(locked, values):
        raise ValidationError(
            {"name": _("This contractor is already listed for this procurement.")}
        )
    contractor = Contractor.objects.create(
        intention=locked, natural_person=bool(natural_person), added_by=actor, **values
    )
    once.bind(form_token, contractor)
    _touch(locked)
    record(
        "intentions.contractor.added",
        actor=actor,
        target=locked,
        agglomeration_id=locked.call.agglomeration_id,
        after=_snapshot(contractor),
    )
    return contractor


@transaction.atomic
def remove_contractor(contractor: Contractor, *, actor: Actor) -> None:
    """Take a contractor off the operation (recorded by mistake, or the contract was ended)."""
    _require(actor, contractor.intention)
    locked = _lock(contractor.intention)
    record(
        "intentions.contractor.removed",
        actor=actor,
        target=locked,
        agglomeration_id=locked.call.agglomeration_id,
        before=_snapshot(contractor),
    )
    Contractor.objects.filter(pk=contractor.pk).delete()
    _touch(locked)
