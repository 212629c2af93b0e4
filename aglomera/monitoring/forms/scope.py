"""The form adding a rule of which operations of a list are the agglomeration's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aglomera.agglomerations.models import Agglomeration
from aglomera.core.collation import collate_choices
from aglomera.monitoring.models import OperationSource, ScopeRule


class ScopeRuleForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Only in the list"),
        queryset=OperationSource.objects.none(),
        required=False,
        empty_label=_("any list"),
    )
    call_prefix = forms.CharField(
        label=_("Call number starts with"),
        max_length=60,
        required=False,
        help_text=_("E.g. 06_23_ for the ITI calls of IROP; empty for any call."),
    )
    nuts3 = forms.CharField(
        label=_("Realised in the NUTS 3 region"),
        max_length=5,
        required=False,
        help_text=_("E.g. CZ071 (Olomoucký kraj) or PL523 (opolski); empty for anywhere."),
    )
    note = forms.CharField(label=_("Why"), max_length=300, required=False)

    def __init__(self, *args: Any, agglomeration: Agglomeration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source = self.fields["source"]
        assert isinstance(source, forms.ModelChoiceField)  # noqa: S101 - declared above
        source.queryset = OperationSource.objects.filter(agglomeration=agglomeration)
        collate_choices(source)

    def clean_nuts3(self) -> str:
        value = str(self.cleaned_data.get("nuts3") or "").strip().upper()
        if value:
            ScopeRule._meta.get_field("nuts3").run_validators(value)
        return value
