"""The comparison's choices, read from the query string: the as-of day and the money basis."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from aglomera.cooperation.queries.comparison import BASES, BASIS_EU
from aglomera.core.dates import validate_years
from aglomera.core.widgets import DateInput


class ComparisonForm(forms.Form):
    """An invalid choice (a date outside 2000-2100, a basis the summary does not hold) is
    reported and the default used instead: today, EU support."""

    as_of = forms.DateField(
        label=gettext_lazy("As of"), required=False, widget=DateInput, validators=[validate_years]
    )
    basis = forms.ChoiceField(
        label=gettext_lazy("Money basis"), required=False, choices=list(BASES.items())
    )

    def choices(self) -> tuple[date, str]:
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        return data.get("as_of") or timezone.localdate(), data.get("basis") or BASIS_EU
