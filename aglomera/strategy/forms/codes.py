"""The form adding a national indicator code."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aglomera.core.i18n import I18nFormField
from aglomera.core.once import OnceForm
from aglomera.strategy.models import Aggregation, Direction, IndicatorKind


class IndicatorCodeForm(OnceForm):
    code = forms.CharField(label=_("Code"), max_length=20)
    kind = forms.ChoiceField(choices=IndicatorKind.choices, label=_("Type"))
    name = I18nFormField(label=_("Name"), max_length=400)
    unit = I18nFormField(label=_("Unit"), max_length=100)
    direction = forms.ChoiceField(choices=Direction.choices, label=_("Direction"))
    aggregation = forms.ChoiceField(
        choices=Aggregation.choices,
        initial=Aggregation.SUM,
        required=False,  # left out: summed, as most indicators are
        label=_("Combined over projects and measures"),
        help_text=_(
            "Summed, unless every project counts the same thing again (the largest value, e.g. "
            "the population of the territory) or one person may be counted in several measures "
            "(not combined across measures)."
        ),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_aggregation(self) -> str:
        return str(self.cleaned_data.get("aggregation") or Aggregation.SUM)
