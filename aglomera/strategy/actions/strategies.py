"""Creating a strategy (e.g. for the next programming period) with its first draft version."""

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
from aglomera.strategy.models import Period, Strategy, StrategyVersion


@transaction.atomic
def create_strategy(
    agglomeration: Agglomeration,
    period: str,
    name: I18nText | dict[str, str],
    *,
    actor: Actor,
    form_token: UUID | None = None,
) -> Strategy:
    _require(actor, "strategy.approve", agglomeration)
    earlier = once.claim(form_token, actor=actor, model=Strategy)
    if earlier is not None:
        return earlier
    taken = _("This agglomeration already has a strategy for %(period)s.") % {
        "period": Period(period).label
    }
    if Strategy.objects.filter(agglomeration=agglomeration, period=period).exists():
        raise ValidationError({"period": taken})
    with unique_errors(Unique(Strategy, "strategy_unique", "period", taken)):
        strategy = Strategy.objects.create(
            agglomeration=agglomeration, period=period, name=as_i18n(name)
        )
    StrategyVersion.objects.create(strategy=strategy, title=_("First version"), created_by=actor)
    once.bind(form_token, strategy)
    record(
        "strategy.strategy.created",
        actor=actor,
        target=strategy,
        agglomeration_id=agglomeration.pk,
        after={"period": period, "name": dict(strategy.name)},
    )
    return strategy
