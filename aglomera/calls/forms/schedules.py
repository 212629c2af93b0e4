"""Forms of the yearly schedule of calls."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aglomera.core.dates import validate_years
from aglomera.core.i18n import I18nFormField
from aglomera.core.once import OnceForm
from aglomera.core.widgets import DateInput


class ScheduleForm(OnceForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    note = I18nFormField(label=_("Note"), textarea=True, required=False)


class ScheduleApprovalForm(forms.Form):
    approved_on = forms.DateField(
        label=_("Approved on"), widget=DateInput, validators=[validate_years]
    )
