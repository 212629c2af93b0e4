"""The form setting the office's role in a programme action."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aglomera.agglomerations.models import Agglomeration
from aglomera.strategy.models import OfficeRoleKind, SpecificObjective
from aglomera.strategy.queries.programmes import objectives_for


class OfficeRoleForm(forms.Form):
    specific_objective = forms.ModelChoiceField(
        SpecificObjective.objects.none(), widget=forms.HiddenInput
    )
    role = forms.ChoiceField(choices=OfficeRoleKind.choices, label=_("Role of the office"))

    def __init__(self, *args: Any, agglomeration: Agglomeration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["specific_objective"]
        field.queryset = objectives_for(agglomeration)  # the programmes of its country only
