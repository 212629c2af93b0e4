"""The form setting the office's role in a programme action."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aglomera.strategy.models import OfficeRoleKind, SpecificObjective


class OfficeRoleForm(forms.Form):
    specific_objective = forms.ModelChoiceField(
        SpecificObjective.objects.select_related("programme"), widget=forms.HiddenInput
    )
    role = forms.ChoiceField(choices=OfficeRoleKind.choices, label=_("Role of the office"))
