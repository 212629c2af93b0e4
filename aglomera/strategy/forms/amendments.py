"""Forms opening an amendment and taking a step of its workflow."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aglomera.core.dates import validate_years
from aglomera.core.once import OnceForm
from aglomera.core.widgets import DateInput
from aglomera.strategy.models import VersionStatus


class AmendmentStartForm(OnceForm):
    title = forms.CharField(
        label=_("What does the amendment change?"),
        max_length=300,
        help_text=_("For example: move IROP money from measure 1.1.1 to 1.1.2"),
    )


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=VersionStatus.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason or comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    approved_on = forms.DateField(
        label=_("Approved on"), required=False, widget=DateInput, validators=[validate_years]
    )
    approved_by_body = forms.CharField(
        label=_("Approved by (body)"), max_length=300, required=False
    )
    reference = forms.CharField(label=_("Resolution or reference"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("to") == VersionStatus.APPROVED and not data.get("approved_on"):
            self.add_error("approved_on", _("Enter the date of approval."))
        return data
