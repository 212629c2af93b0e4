"""The commitment profile of one programme: a share per year of its period."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from aglomera.monitoring.actions.commitments import share_field
from aglomera.monitoring.calculations.early_warning import PERIOD_YEARS
from aglomera.strategy.models import Programme

ALL_YEARS = tuple(sorted({year for years in PERIOD_YEARS.values() for year in years}))


class ProfileForm(forms.Form):
    """One programme of the agglomeration's strategy (`programmes`: queries.commitments.
    profile_programmes) and the shares as typed; the action parses and checks them."""

    programme = forms.ModelChoiceField(
        Programme.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _("Choose a programme that the strategy plans EU money from.")
        },
    )

    def __init__(self, *args: Any, programmes: QuerySet[Programme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["programme"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrows for mypy
        field.queryset = programmes
        for year in ALL_YEARS:
            self.fields[share_field(year)] = forms.CharField(
                required=False, max_length=20, strip=True
            )
