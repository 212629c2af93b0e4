"""The type of intervention of one programme specific objective."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from aglomera.strategy.models import SpecificObjective


class InterventionFieldForm(forms.Form):
    """One objective of the agglomeration's strategy (`objectives`: queries.intervention.
    codable_objectives) and its code; the action checks the code against the codebook."""

    specific_objective = forms.ModelChoiceField(
        SpecificObjective.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _("Choose a programme specific objective that the strategy draws on.")
        },
    )
    code = forms.CharField(required=False, max_length=20)

    def __init__(self, *args: Any, objectives: QuerySet[SpecificObjective], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["specific_objective"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrows for mypy
        field.queryset = objectives
