"""The commitment profile of one programme: a share per year of its period."""

from __future__ import annotations

from typing import Any

from django import forms

from aglomera.monitoring.actions.commitments import share_field
from aglomera.monitoring.calculations.early_warning import PERIOD_YEARS
from aglomera.strategy.models import Programme

ALL_YEARS = tuple(sorted({year for years in PERIOD_YEARS.values() for year in years}))


class ProfileForm(forms.Form):
    """One programme and the shares as typed; the action parses and checks them."""

    programme = forms.ModelChoiceField(Programme.objects.all(), widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for year in ALL_YEARS:
            self.fields[share_field(year)] = forms.CharField(
                required=False, max_length=20, strip=True
            )
