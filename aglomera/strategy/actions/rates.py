"""The agglomeration's exchange rates to the euro."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aglomera.accounts.permissions import require_perm as _require
from aglomera.agglomerations.models import Agglomeration
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.core.dates import date_errors
from aglomera.strategy.models import ExchangeRate


@transaction.atomic
def set_exchange_rate(
    *,
    agglomeration: Agglomeration,
    currency: str,
    valid_from: date,
    units_per_eur: Decimal,
    source: str = "",
    actor: Actor,
) -> ExchangeRate:
    _require(actor, "strategy.manage_rates", agglomeration)
    errors = date_errors({"valid_from": valid_from})
    if units_per_eur <= 0:
        errors["units_per_eur"] = _("The rate must be a positive number.")
    if errors:
        raise ValidationError(errors)
    rate, created = ExchangeRate.objects.select_for_update().get_or_create(
        agglomeration=agglomeration,
        currency=currency,
        valid_from=valid_from,
        defaults={"units_per_eur": units_per_eur, "source": source},
    )
    before = {} if created else {"units_per_eur": rate.units_per_eur}
    if not created:
        rate.units_per_eur = units_per_eur
        rate.source = source
        rate.save(update_fields=["units_per_eur", "source"])
    record(
        "strategy.exchange_rate.set",
        actor=actor,
        target=rate,
        agglomeration_id=agglomeration.pk,
        before=before,
        after={"units_per_eur": units_per_eur, "valid_from": valid_from},
    )
    return rate
