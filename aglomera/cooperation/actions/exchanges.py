"""Writing exchanges (internships, study visits) of a partnership.

The office of a member agglomeration adds and edits them (`cooperation.manage`). An edit names
the revision its form showed (required): when someone else (also the partner's office) saved the
exchange meanwhile, the save is refused (`StaleEdit`) and nothing is lost: the page merges the
two edits (`aglomera/cooperation/merge.py`, docs/cooperation.md).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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
    Exchange,
    ExchangeKind,
    Partnership,
    PartnershipMember,
)
from aglomera.core import once
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.core.i18n import I18nText
from aglomera.core.language_pairs import restamp

TEXT_FIELDS = ("title", "participants", "programme", "outcomes", "report")


@dataclass
class ExchangeFields:
    """What the office types for an exchange; the same names as the form fields."""

    kind: str
    host: Agglomeration
    starts_on: date
    title: I18nText | dict[str, str]
    ends_on: date | None = None
    dates_precision: str = DatePrecision.DAY
    project: CooperationProject | None = None
    participants: I18nText | dict[str, str] = field(default_factory=I18nText)
    programme: I18nText | dict[str, str] = field(default_factory=I18nText)
    outcomes: I18nText | dict[str, str] = field(default_factory=I18nText)
    report: I18nText | dict[str, str] = field(default_factory=I18nText)
    source: str = ""


def _validate(partnership: Partnership, data: ExchangeFields) -> dict[str, Any]:
    texts = {name: clean_text(getattr(data, name)) for name in TEXT_FIELDS}
    source = data.source.strip()
    errors = dates_errors(
        ("starts_on", data.starts_on, data.dates_precision),
        ("ends_on", data.ends_on, data.dates_precision),
    )
    if not texts["title"]:
        errors["title"] = _("Fill in the title in at least one language.")
    if data.kind not in ExchangeKind.values:
        errors["kind"] = _("Choose the kind of exchange.")
    if not PartnershipMember.objects.filter(
        partnership=partnership, agglomeration=data.host
    ).exists():
        errors["host"] = _("Choose a member of the partnership as the host.")
    if data.project is not None and data.project.partnership_id != partnership.pk:
        errors["project"] = _("Choose a project of this partnership.")
    if message := url_error(source):
        errors["source"] = message
    if errors:
        raise ValidationError(errors)
    return {
        **texts,
        "kind": data.kind,
        "host": data.host,
        "project": data.project,
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
        "dates_precision": data.dates_precision,
        "source": source,
    }


def snapshot(exchange: Exchange) -> dict[str, Any]:
    """The exchange as the audit log keeps it (ISO dates, ids, texts per language)."""
    return {
        **{name: dict(getattr(exchange, name)) for name in TEXT_FIELDS},
        "kind": exchange.kind,
        "host": exchange.host_id,
        "project": exchange.project_id,
        "starts_on": exchange.starts_on.isoformat(),
        "ends_on": exchange.ends_on.isoformat() if exchange.ends_on else None,
        "dates_precision": exchange.dates_precision,
        "source": exchange.source,
    }


@transaction.atomic
def create_exchange(
    partnership: Partnership,
    data: ExchangeFields,
    *,
    agglomeration: Agglomeration,
    actor: Actor,
    form_token: uuid.UUID | None = None,
) -> Exchange:
    """An exchange of the partnership, recorded by the office of `agglomeration`."""
    require_member(actor, "cooperation.manage", partnership, agglomeration)
    values = _validate(partnership, data)
    earlier = once.claim(form_token, actor=actor, model=Exchange)
    if earlier is not None:
        return earlier
    texts = {name: values[name] for name in TEXT_FIELDS}
    exchange = Exchange.objects.create(
        partnership=partnership,
        text_changed=restamp({}, {}, texts, now=timezone.now()),
        **values,
    )
    record(
        "cooperation.exchange.created",
        actor=actor,
        target=exchange,
        agglomeration_id=agglomeration.pk,
        after={"partnership": partnership.pk, **snapshot(exchange)},
    )
    once.bind(form_token, exchange)
    return exchange


@transaction.atomic
def update_exchange(
    exchange: Exchange,
    data: ExchangeFields,
    *,
    agglomeration: Agglomeration,
    actor: Actor,
    expected_revision: int | None,
) -> Exchange:
    """Save the edits; refused (`StaleEdit`, nothing written) when the exchange's revision is
    no longer the one the form showed, and refused when the form does not name one."""
    partnership = exchange.partnership
    require_member(actor, "cooperation.manage", partnership, agglomeration)
    values = _validate(partnership, data)
    locked = lock_revision(
        exchange,
        expected_revision,
        missing=_(
            "This page does not say which version of the exchange it was opened from, so "
            "your save could overwrite someone else's. Open the edit form again and repeat "
            "your changes."
        ),
        stale=_(
            "Someone else saved this exchange while you were editing it. Nothing of yours was "
            "saved yet: the form below keeps your input and takes in what was changed "
            "meanwhile where you changed nothing. Check the changes listed above (and any "
            "conflicts) and save again."
        ),
    )
    return save_edit(
        locked,
        values,
        TEXT_FIELDS,
        snapshot,
        code="cooperation.exchange.edited",
        agglomeration=agglomeration,
        actor=actor,
    )
