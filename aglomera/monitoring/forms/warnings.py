"""The filter of the early-warning page: strategy and as-of date."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from aglomera.core.dates import validate_years
from aglomera.core.widgets import DateInput
from aglomera.strategy.models import Strategy


class WarningsFilterForm(forms.Form):
    strategy = forms.ModelChoiceField(
        label=_("Strategy"), queryset=Strategy.objects.none(), required=False, empty_label=None
    )
    as_of = forms.DateField(
        label=_("As of"), required=False, widget=DateInput, validators=[validate_years]
    )

    def __init__(self, *args: Any, strategies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["strategy"])  # type: ignore[type-arg]
        field.queryset = strategies if strategies is not None else Strategy.objects.none()
