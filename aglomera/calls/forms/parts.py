"""Forms adding a criterion, a formal check or a required attachment to a planned call."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from aglomera.calls.models import CriterionKind
from aglomera.core.i18n import I18nFormField
from aglomera.core.once import OnceForm


class CriterionForm(OnceForm):
    name = I18nFormField(label=_("Criterion"), max_length=400)
    kind = forms.ChoiceField(label=_("Kind"), choices=CriterionKind.choices)
    weight = forms.DecimalField(
        label=_("Weight"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0"),
        required=False,
        localize=True,
        help_text=_("Scored criteria only."),
    )
    max_points = forms.IntegerField(
        label=_("Maximum points"),
        min_value=0,
        max_value=1000,
        required=False,
        help_text=_("Scored criteria only."),
    )


class ChecklistItemForm(OnceForm):
    text = I18nFormField(label=_("Check"), max_length=400)


class AttachmentKindForm(OnceForm):
    name = I18nFormField(label=_("Attachment"), max_length=200)
    mandatory = forms.BooleanField(label=_("Mandatory"), required=False, initial=True)
