"""The form setting an exchange rate."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from aglomera.core.dates import validate_years
from aglomera.core.money import Currency
from aglomera.core.widgets import DateInput


class ExchangeRateForm(forms.Form):
    currency = forms.ChoiceField(
        choices=[(c.value, c.label) for c in Currency if c != Currency.EUR], label=_("Currency")
    )
    valid_from = forms.DateField(
        label=_("Valid from"), widget=DateInput, validators=[validate_years]
    )
    units_per_eur = forms.DecimalField(
        label=_("Units per 1 EUR"),
        max_digits=12,
        decimal_places=6,
        min_value=Decimal("0.000001"),
        localize=True,
    )
    source = forms.CharField(label=_("Source"), max_length=200, required=False)
