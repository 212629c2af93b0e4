"""The type of intervention of one programme specific objective."""

from __future__ import annotations

from django import forms

from aglomera.strategy.models import SpecificObjective


class InterventionFieldForm(forms.Form):
    """One objective and its code; the action checks the code against the codebook."""

    specific_objective = forms.ModelChoiceField(
        SpecificObjective.objects.select_related("programme"), widget=forms.HiddenInput
    )
    code = forms.CharField(required=False, max_length=20)
