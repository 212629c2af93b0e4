"""The form modifying an announced call (allocation, deadline, reason)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aglomera.agglomerations.models import Agglomeration
from aglomera.calls.forms.calls import moment_input, money_input
from aglomera.core.dates import validate_years
from aglomera.core.once import OnceForm


class ModificationForm(OnceForm):
    allocation = money_input(
        _("Allocation"), required=False, help_text=_("The new total allocation of the call.")
    )
    # The action checks the programming period (it knows the call); the field, the years.
    closes_at = moment_input(_("Deadline"), required=False, validators=[validate_years])
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, agglomeration: Agglomeration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["closes_at"].help_text = _("A later deadline, date and time in %(zone)s.") % {
            "zone": agglomeration.time_zone
        }
