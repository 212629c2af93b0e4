"""Currencies, amounts and conversion to EUR."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MONEY_DIGITS = 16
MONEY_PLACES = 2


class Currency(models.TextChoices):
    CZK = "CZK", _("Czech koruna (CZK)")
    PLN = "PLN", _("Polish złoty (PLN)")
    EUR = "EUR", _("Euro (EUR)")


def money_field(verbose_name: str | object, **kwargs: object) -> models.DecimalField:  # type: ignore[type-arg]
    return models.DecimalField(
        verbose_name,  # type: ignore[arg-type]
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        **kwargs,  # type: ignore[arg-type]
    )


def to_eur(amount: Decimal, units_per_eur: Decimal) -> Decimal:
    """Convert one amount to EUR, rounded half-up to the cent.

    Totals in EUR are sums of converted lines, so every level of a roll-up adds up exactly.
    """
    return (amount / units_per_eur).quantize(CENT, rounding=ROUND_HALF_UP)
