"""The form of the statements area: the managing authority's record. The action checks the
domain rules; the form only parses."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from aglomera.intentions.models import IntentionStatus


class ManagingAuthorityForm(forms.Form):
    registration_number = forms.CharField(
        label=_("Registration number at the managing authority"),
        max_length=60,
        required=False,
        help_text=_("e.g. CZ.06.02.01/00/22_012/0001234 or FEOP.02.01-IZ.00-0001/23"),
    )
    ma_state_code = forms.CharField(
        label=_("State at the managing authority"),
        max_length=20,
        required=False,
        help_text=_("The state code of the authority's system, e.g. PP30 (legal act issued)."),
    )
    to = forms.ChoiceField(label=_("Next step"), required=False)
    reason = forms.CharField(label=_("Note"), max_length=1000, required=False)

    def __init__(self, *args: Any, targets: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        to = cast(forms.ChoiceField, self.fields["to"])
        to.choices = [("", _("— keep the current state —"))] + [
            (target, IntentionStatus(target).label) for target in targets
        ]
