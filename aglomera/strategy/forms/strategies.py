"""The form creating a strategy."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aglomera.core.i18n import I18nFormField
from aglomera.core.once import OnceForm
from aglomera.strategy.models import Period


class StrategyForm(OnceForm):
    period = forms.ChoiceField(choices=Period.choices, label=_("Programming period"))
    name = I18nFormField(label=_("Name"), max_length=300)
