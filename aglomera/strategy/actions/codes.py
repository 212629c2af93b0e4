"""The national codebook of indicators (EU common indicators come with the product)."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aglomera.accounts.permissions import require_perm as _require
from aglomera.agglomerations.models import Agglomeration
from aglomera.core import once
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.core.i18n import I18nText, as_i18n
from aglomera.core.unique import Unique, unique_errors
from aglomera.strategy.models import Aggregation, IndicatorCode, IndicatorCodeSource


@transaction.atomic
def add_indicator_code(
    *,
    agglomeration: Agglomeration,
    code: str,
    kind: str,
    name: I18nText | dict[str, str],
    unit: I18nText | dict[str, str],
    direction: str,
    aggregation: str = Aggregation.SUM,
    note: str = "",
    actor: Actor,
    form_token: UUID | None = None,
) -> IndicatorCode:
    """Add a national codebook entry (EU common indicators come with the product)."""
    _require(actor, "strategy.manage_codes", agglomeration)
    earlier = once.claim(form_token, actor=actor, model=IndicatorCode)
    if earlier is not None:
        return earlier
    code = code.strip().upper()
    taken = _("The indicator code %(code)s already exists.") % {"code": code}
    if IndicatorCode.objects.filter(code__iexact=code).exists():
        raise ValidationError({"code": taken})
    with unique_errors(Unique(IndicatorCode, "code", "code", taken)):
        indicator = IndicatorCode.objects.create(
            code=code,
            kind=kind,
            source=IndicatorCodeSource.NATIONAL,
            name=as_i18n(name),
            unit=as_i18n(unit),
            direction=direction,
            aggregation=aggregation,
            note=note,
        )
    once.bind(form_token, indicator)
    record(
        "strategy.indicator_code.added",
        actor=actor,
        target=indicator,
        agglomeration_id=agglomeration.pk,
        after={"code": code, "kind": kind, "aggregation": aggregation},
    )
    return indicator
