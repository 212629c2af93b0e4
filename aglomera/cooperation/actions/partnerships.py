"""Writing partnerships, their cooperation projects and the partners' budgets.

The office (manager, coordinators) of a member agglomeration writes: `cooperation.manage` in
the acting agglomeration, which must be a member. Every write leaves an audit record in the
acting agglomeration's log.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aglomera.accounts.permissions import require_perm
from aglomera.agglomerations.models import Agglomeration
from aglomera.cooperation.actions.common import (
    clean_text,
    dates_errors,
    lock_revision,
    require_member,
    save_edit,
    url_error,
)
from aglomera.cooperation.models import (
    CooperationProject,
    DatePrecision,
    MoneyBasis,
    Partnership,
    PartnershipMember,
    ProjectBudget,
)
from aglomera.core import once
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.core.i18n import I18nText
from aglomera.core.language_pairs import restamp
from aglomera.core.money import Currency

PARTNERSHIP_TEXTS = ("name", "description")
PROJECT_TEXTS = ("name", "programme", "activities")


@dataclass
class PartnershipFields:
    name: I18nText | dict[str, str]
    description: I18nText | dict[str, str] = field(default_factory=I18nText)
    agreement_signed_on: date | None = None
    agreement_precision: str = DatePrecision.DAY
    agreement_source: str = ""


def _partnership_values(data: PartnershipFields) -> tuple[dict[str, Any], dict[str, str]]:
    """The partnership's own values as saved, and field -> why it is refused."""
    values: dict[str, Any] = {
        "name": clean_text(data.name),
        "description": clean_text(data.description),
        "agreement_signed_on": data.agreement_signed_on,
        "agreement_precision": data.agreement_precision,
        "agreement_source": data.agreement_source.strip(),
    }
    errors = dates_errors(
        ("agreement_signed_on", data.agreement_signed_on, data.agreement_precision)
    )
    if not values["name"]:
        errors["name"] = _("Fill in the name in at least one language.")
    if message := url_error(values["agreement_source"]):
        errors["agreement_source"] = message
    return values, errors


def partnership_snapshot(item: Partnership | PartnershipFields) -> dict[str, Any]:
    """A partnership (or what its form sent) as the audit log keeps it: texts per language,
    the agreement's date in ISO (members are not edited here)."""
    return {
        **{name: dict(clean_text(getattr(item, name))) for name in PARTNERSHIP_TEXTS},
        "agreement_signed_on": _iso(item.agreement_signed_on),
        "agreement_precision": item.agreement_precision,
        "agreement_source": item.agreement_source.strip(),
    }


@transaction.atomic
def create_partnership(
    agglomeration: Agglomeration,
    partners: Sequence[Agglomeration],
    data: PartnershipFields,
    *,
    actor: Actor,
    form_token: uuid.UUID | None = None,
) -> Partnership:
    """A partnership of `agglomeration` (whose office creates it) and `partners`, members
    since the agreement."""
    require_perm(actor, "cooperation.manage", agglomeration)
    values, errors = _partnership_values(data)
    others = {partner.pk for partner in partners} - {agglomeration.pk}
    if not others:
        errors["partners"] = _("Choose at least one other agglomeration.")
    if errors:
        raise ValidationError(errors)
    earlier = once.claim(form_token, actor=actor, model=Partnership)
    if earlier is not None:
        return earlier
    texts = {name: values[name] for name in PARTNERSHIP_TEXTS}
    partnership = Partnership.objects.create(
        text_changed=restamp({}, {}, texts, now=timezone.now()), **values
    )
    members = [agglomeration.pk, *sorted(others)]
    PartnershipMember.objects.bulk_create(
        PartnershipMember(
            partnership=partnership, agglomeration_id=pk, joined_on=data.agreement_signed_on
        )
        for pk in members
    )
    record(
        "cooperation.partnership.created",
        actor=actor,
        target=partnership,
        agglomeration_id=agglomeration.pk,
        after={
            "name": dict(values["name"]),
            "members": members,
            "agreement_signed_on": _iso(data.agreement_signed_on),
            "agreement_precision": data.agreement_precision,
            "agreement_source": values["agreement_source"],
        },
    )
    once.bind(form_token, partnership)
    return partnership


@transaction.atomic
def update_partnership(
    partnership: Partnership,
    data: PartnershipFields,
    *,
    agglomeration: Agglomeration,
    actor: Actor,
    expected_revision: int | None,
) -> Partnership:
    """Save the edits of the partnership's name, description and agreement (not its members),
    by the office of either member; refused (`StaleEdit`, nothing written) when its revision is
    no longer the one the form showed, and refused when the form does not name one."""
    require_member(actor, "cooperation.manage", partnership, agglomeration)
    values, errors = _partnership_values(data)
    if errors:
        raise ValidationError(errors)
    locked = lock_revision(
        partnership,
        expected_revision,
        missing=_(
            "This page does not say which version of the partnership it was opened from, so "
            "your save could overwrite someone else's. Open the edit form again and repeat "
            "your changes."
        ),
        stale=_(
            "Someone else saved this partnership while you were editing it. Nothing of yours "
            "was saved yet: the form below keeps your input and takes in what was changed "
            "meanwhile where you changed nothing. Check the changes listed above (and any "
            "conflicts) and save again."
        ),
    )
    return save_edit(
        locked,
        values,
        PARTNERSHIP_TEXTS,
        partnership_snapshot,
        code="cooperation.partnership.edited",
        agglomeration=agglomeration,
        actor=actor,
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _text(value: object) -> str | None:
    return str(value) if value is not None else None


@dataclass
class ProjectFields:
    name: I18nText | dict[str, str]
    programme: I18nText | dict[str, str] = field(default_factory=I18nText)
    registration_number: str = ""
    starts_on: date | None = None
    starts_precision: str = DatePrecision.DAY
    ends_on: date | None = None
    ends_precision: str = DatePrecision.DAY
    activities: I18nText | dict[str, str] = field(default_factory=I18nText)
    source: str = ""


def _project_values(data: ProjectFields) -> dict[str, Any]:
    """The project's values as saved (refused with field -> why)."""
    values: dict[str, Any] = {
        "name": clean_text(data.name),
        "programme": clean_text(data.programme),
        "registration_number": " ".join(data.registration_number.split()),
        "starts_on": data.starts_on,
        "starts_precision": data.starts_precision,
        "ends_on": data.ends_on,
        "ends_precision": data.ends_precision,
        "activities": clean_text(data.activities),
        "source": data.source.strip(),
    }
    errors = dates_errors(
        ("starts_on", data.starts_on, data.starts_precision),
        ("ends_on", data.ends_on, data.ends_precision),
    )
    if not values["name"]:
        errors["name"] = _("Fill in the name in at least one language.")
    if message := url_error(values["source"]):
        errors["source"] = message
    if len(values["registration_number"]) > 100:
        errors["registration_number"] = _("Write at most 100 characters.")
    if errors:
        raise ValidationError(errors)
    return values


def project_snapshot(item: CooperationProject | ProjectFields) -> dict[str, Any]:
    """A cooperation project (or what its form sent) as the audit log keeps it: texts per
    language, dates in ISO."""
    return {
        **{name: dict(clean_text(getattr(item, name))) for name in PROJECT_TEXTS},
        "registration_number": " ".join(item.registration_number.split()),
        "starts_on": _iso(item.starts_on),
        "starts_precision": item.starts_precision,
        "ends_on": _iso(item.ends_on),
        "ends_precision": item.ends_precision,
        "source": item.source.strip(),
    }


@transaction.atomic
def create_project(
    partnership: Partnership,
    data: ProjectFields,
    *,
    agglomeration: Agglomeration,
    actor: Actor,
    form_token: uuid.UUID | None = None,
) -> CooperationProject:
    """A cooperation project of the partnership, recorded by the office of `agglomeration`."""
    require_member(actor, "cooperation.manage", partnership, agglomeration)
    values = _project_values(data)
    earlier = once.claim(form_token, actor=actor, model=CooperationProject)
    if earlier is not None:
        return earlier
    texts = {name: values[name] for name in PROJECT_TEXTS}
    project = CooperationProject.objects.create(
        partnership=partnership,
        text_changed=restamp({}, {}, texts, now=timezone.now()),
        **values,
    )
    record(
        "cooperation.project.created",
        actor=actor,
        target=project,
        agglomeration_id=agglomeration.pk,
        after={
            "partnership": partnership.pk,
            "name": dict(project.name),
            "programme": dict(project.programme),
            "registration_number": project.registration_number,
            "starts_on": _iso(data.starts_on),
            "ends_on": _iso(data.ends_on),
        },
    )
    once.bind(form_token, project)
    return project


@transaction.atomic
def update_project(
    project: CooperationProject,
    data: ProjectFields,
    *,
    agglomeration: Agglomeration,
    actor: Actor,
    expected_revision: int | None,
) -> CooperationProject:
    """Save the edits of a cooperation project, by the office of either member; refused
    (`StaleEdit`, nothing written) when its revision is no longer the one the form showed, and
    refused when the form does not name one."""
    require_member(actor, "cooperation.manage", project.partnership, agglomeration)
    values = _project_values(data)
    locked = lock_revision(
        project,
        expected_revision,
        missing=_(
            "This page does not say which version of the project it was opened from, so your "
            "save could overwrite someone else's. Open the edit form again and repeat your "
            "changes."
        ),
        stale=_(
            "Someone else saved this project while you were editing it. Nothing of yours was "
            "saved yet: the form below keeps your input and takes in what was changed "
            "meanwhile where you changed nothing. Check the changes listed above (and any "
            "conflicts) and save again."
        ),
    )
    return save_edit(
        locked,
        values,
        PROJECT_TEXTS,
        project_snapshot,
        code="cooperation.project.edited",
        agglomeration=agglomeration,
        actor=actor,
    )


@transaction.atomic
def set_budget(
    project: CooperationProject,
    partner: Agglomeration,
    *,
    amount: Decimal,
    currency: str,
    basis: str,
    eu_rate: Decimal | None = None,
    agglomeration: Agglomeration,
    actor: Actor,
) -> ProjectBudget:
    """A partner's budget in the project on one basis, in the currency the source states
    (replacing that partner's earlier figure on the same basis)."""
    partnership = project.partnership
    require_member(actor, "cooperation.manage", partnership, agglomeration)
    errors: dict[str, str] = {}
    if not PartnershipMember.objects.filter(
        partnership=partnership, agglomeration=partner
    ).exists():
        errors["partner"] = _("Choose a member of the partnership.")
    if amount < 0:
        errors["amount"] = _("Enter an amount of zero or more.")
    if currency not in Currency.values:
        errors["currency"] = _("Choose the currency the amount is stated in.")
    if basis not in MoneyBasis.values:
        errors["basis"] = _("Choose what the amount counts.")
    if eu_rate is not None and not Decimal(0) <= eu_rate <= Decimal(1):
        errors["eu_rate"] = _("Enter a rate between 0 and 100 %.")
    if errors:
        raise ValidationError(errors)
    amount = amount.copy_abs() if amount == 0 else amount  # "-0" is kept as 0
    budget = ProjectBudget.objects.filter(project=project, agglomeration=partner, basis=basis)
    before = budget.values("amount", "currency", "eu_rate").first()
    saved, _created = ProjectBudget.objects.update_or_create(
        project=project,
        agglomeration=partner,
        basis=basis,
        defaults={"amount": amount, "currency": currency, "eu_rate": eu_rate},
    )
    replaced = {key: _text(value) for key, value in (before or {}).items()}
    figure: dict[str, object] = {
        "partner": partner.pk,
        "basis": basis,
        "amount": str(amount),
        "currency": currency,
        "eu_rate": _text(eu_rate),
    }
    # The partner's own log records it too: a figure of its budget changed by the other office
    # is in the history its auditor reads.
    for logged_in in dict.fromkeys((agglomeration.pk, partner.pk)):
        record(
            "cooperation.budget.set",
            actor=actor,
            target=project,
            agglomeration_id=logged_in,
            before=replaced,
            after=figure,
        )
    return saved
