"""Exchange rates to the euro: the rate in force on a day, the EUR equivalent of an amount."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from aglomera.core.money import to_eur
from aglomera.strategy.models import ExchangeRate


def rates_on(agglomeration_id: int, day: date) -> dict[str, ExchangeRate]:
    """The exchange rate of an agglomeration in force on a day, per currency (one query)."""
    return latest_rates(ExchangeRate.objects.filter(agglomeration_id=agglomeration_id), day)


def latest_rates(rates: QuerySet[ExchangeRate], day: date) -> dict[str, ExchangeRate]:
    found: dict[str, ExchangeRate] = {}
    for rate in rates.filter(valid_from__lte=day).order_by("currency", "-valid_from"):
        found.setdefault(rate.currency, rate)
    return found


def eur_equivalent(
    amount: Decimal, currency: str, rates: dict[str, ExchangeRate]
) -> Decimal | None:
    if currency == "EUR":
        return amount
    rate = rates.get(currency)
    return to_eur(amount, rate.units_per_eur) if rate else None
