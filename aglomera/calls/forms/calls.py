"""Forms of the call pages. Date-times are typed and shown in the agglomeration's time zone
(the view activates it); the domain checks live in `aglomera.calls.actions`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aglomera.agglomerations.models import Agglomeration, Municipality
from aglomera.calls.models import CallMode, CallSchedule, CallStatus
from aglomera.core.collation import collate_choices
from aglomera.core.fields import AmountField, ModelChoicesField
from aglomera.core.i18n import I18nFormField
from aglomera.core.once import OnceForm
from aglomera.core.tenant import in_tenant
from aglomera.strategy.eligibility import call_window_errors
from aglomera.strategy.models import SpecificObjective, Strategy
from aglomera.strategy.queries.programmes import objectives_for

DATETIME_INPUT = "%Y-%m-%dT%H:%M"


def money_input(label: Any, *, required: bool = True, help_text: Any = "") -> AmountField:
    return AmountField(label=label, required=required, help_text=help_text)


def moment_input(
    label: Any, *, required: bool = True, help_text: Any = "", validators: Any = ()
) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        validators=list(validators),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT),
    )


def objective_label(obj: SpecificObjective) -> str:
    return f"{obj.programme.code} {obj.code}: {obj.name} ({obj.programme.currency})"


class CallForm(OnceForm):
    strategy = forms.ModelChoiceField(Strategy.objects.none(), label=_("Strategy"))
    schedule = forms.ModelChoiceField(
        CallSchedule.objects.none(), label=_("Call schedule"), required=False
    )
    number = forms.CharField(label=_("Call number"), max_length=30)
    name = I18nFormField(label=_("Name"), max_length=300)
    mode = forms.ChoiceField(label=_("Mode"), choices=CallMode.choices)
    measure_code = forms.CharField(
        label=_("Measure"),
        max_length=20,
        help_text=_("Code of a measure in the current version of the strategy, e.g. 2.1.1"),
    )
    specific_objective = forms.ModelChoiceField(
        SpecificObjective.objects.none(), label=_("Programme specific objective")
    )
    allocation = money_input(
        _("Allocation"), help_text=_("In the currency of the programme, to the cent.")
    )
    opens_at = moment_input(_("Open from"))
    closes_at = moment_input(_("Deadline"))
    eligible_applicants = I18nFormField(
        label=_("Eligible applicants"), textarea=True, required=False
    )
    supported_activities = I18nFormField(
        label=_("Supported activities"), textarea=True, required=False
    )
    min_eligible_cost = money_input(_("Minimum eligible cost"), required=False)
    max_eligible_cost = money_input(_("Maximum eligible cost"), required=False)
    aid_rate = forms.DecimalField(
        label=_("Aid rate (%)"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        localize=True,
    )
    territory = ModelChoicesField(
        Municipality.objects.none(),
        label=_("Territory"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    managing_authority_call = forms.CharField(
        label=_("Linked managing-authority call"), max_length=100, required=False
    )

    def __init__(self, *args: Any, agglomeration: Agglomeration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        # Every choice belongs to this agglomeration (programmes: to its country).
        fields["strategy"].queryset = in_tenant(
            Strategy.objects.filter(current_version__isnull=False), agglomeration
        )
        fields["schedule"].queryset = in_tenant(CallSchedule, agglomeration)
        fields["specific_objective"].queryset = objectives_for(agglomeration).order_by(
            "programme__period", "programme__code", "code"
        )
        fields["specific_objective"].label_from_instance = objective_label
        fields["territory"].queryset = in_tenant(Municipality, agglomeration)
        collate_choices(fields["territory"])
        self.agglomeration = agglomeration
        self.tz_help(agglomeration)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        strategy, opens, closes = data.get("strategy"), data.get("opens_at"), data.get("closes_at")
        if strategy is not None and opens is not None and closes is not None:
            zone = self.agglomeration.time_zone
            for name, message in call_window_errors(strategy.period, opens, closes, zone).items():
                self.add_error(name, message)
        return data

    def tz_help(self, agglomeration: Agglomeration) -> None:
        text = _("Date and time in %(zone)s.") % {"zone": agglomeration.time_zone}
        self.fields["opens_at"].help_text = text
        self.fields["closes_at"].help_text = text


class CallTransitionForm(forms.Form):
    to = forms.ChoiceField(choices=CallStatus.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason or comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
