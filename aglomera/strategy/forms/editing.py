"""The forms of the amendment editor; their choices are limited to the draft version (and the
programmes of its agglomeration's country and programming period)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from aglomera.core.fields import AmountField, ModelChoicesField
from aglomera.core.i18n import I18nFormField
from aglomera.core.money import Currency
from aglomera.core.once import OnceForm
from aglomera.strategy import rules
from aglomera.strategy.models import (
    FinancialPlanLine,
    Goal,
    IndicatorCode,
    Measure,
    Source,
    SpecificGoal,
    SpecificObjective,
    StrategyVersion,
)
from aglomera.strategy.queries.programmes import objectives_for


def money_input(label: Any, *, minimum: str = "0") -> AmountField:
    return AmountField(label=label, min_value=Decimal(minimum))


def value_input(label: Any, *, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, max_digits=18, decimal_places=3, required=required, localize=True
    )


class RevisionMixin(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


class VersionScopedForm(RevisionMixin):
    """A form whose choices are limited to one version (and to the programmes of its
    agglomeration's country and programming period)."""

    def __init__(self, *args: Any, version: StrategyVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.version = version
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = self.scoped_queryset(name, field.queryset)

    def scoped_queryset(self, name: str, queryset: Any) -> Any:
        model = queryset.model
        if model is SpecificObjective:  # programmes of the agglomeration's country and period
            strategy = self.version.strategy
            return objectives_for(strategy.agglomeration, period=strategy.period)
        if model is IndicatorCode:
            return queryset
        return queryset.filter(version=self.version)


def objective_label(obj: SpecificObjective) -> str:
    return f"{obj.programme.code} {obj.code}: {obj.name} ({obj.programme.currency})"


class PlanAmountForm(VersionScopedForm):
    measure = forms.ModelChoiceField(Measure.objects.order_by("code"), label=_("Measure"))
    specific_objective = forms.ModelChoiceField(
        SpecificObjective.objects.all(), label=_("Programme specific objective")
    )
    source = forms.ChoiceField(choices=Source.choices, label=_("Source"))
    amount = money_input(_("Amount"))
    currency = forms.ChoiceField(choices=Currency.choices, label=_("Currency"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["specific_objective"].label_from_instance = objective_label  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        objective = data.get("specific_objective")
        currency = data.get("currency")
        if objective and currency:
            try:
                rules.validate_plan_currency(objective, currency)
            except ValidationError as exc:
                self.add_error("currency", exc)
        return data


class MoveAllocationForm(VersionScopedForm):
    from_line = forms.ModelChoiceField(
        FinancialPlanLine.objects.select_related("measure", "specific_objective__programme"),
        label=_("Move from"),
    )
    to_measure = forms.ModelChoiceField(Measure.objects.order_by("code"), label=_("To measure"))
    amount = money_input(_("Amount"), minimum="0.01")
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from_line"].label_from_instance = (  # type: ignore[attr-defined]
            lambda line: (
                f"{line.measure.code} · {line.specific_objective} · "
                f"{line.get_source_display()} ({line.amount} {line.specific_objective.programme.currency})"
            )
        )


class IndicatorForm(VersionScopedForm):
    measure = forms.ModelChoiceField(Measure.objects.order_by("code"), label=_("Measure"))
    indicator = forms.ModelChoiceField(IndicatorCode.objects.order_by("code"), label=_("Indicator"))
    baseline = value_input(_("Baseline"))
    milestone_2024 = value_input(_("Milestone 2024"), required=False)
    target_2029 = value_input(_("Target 2029"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        indicator = data.get("indicator")
        baseline, target = data.get("baseline"), data.get("target_2029")
        if indicator and baseline is not None and target is not None:
            errors = rules.validate_indicator_values(
                indicator, baseline, data.get("milestone_2024"), target
            )
            for field, message in errors.items():
                self.add_error(field, message)
        return data


class GoalForm(OnceForm, VersionScopedForm):
    code = forms.CharField(label=_("Code"), max_length=20)
    name = I18nFormField(label=_("Name"), max_length=300)

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip()
        rules.validate_child_code(code, None)
        return code


class SpecificGoalForm(OnceForm, VersionScopedForm):
    goal = forms.ModelChoiceField(Goal.objects.order_by("code"), label=_("Strategic goal"))
    code = forms.CharField(label=_("Code"), max_length=20)
    name = I18nFormField(label=_("Name"), max_length=300)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("goal") and data.get("code"):
            try:
                rules.validate_child_code(data["code"].strip(), data["goal"].code)
            except ValidationError as exc:
                self.add_error("code", exc)
        return data


class MeasureForm(OnceForm, VersionScopedForm):
    specific_goal = forms.ModelChoiceField(
        SpecificGoal.objects.order_by("code"), label=_("Specific goal")
    )
    code = forms.CharField(label=_("Code"), max_length=20, help_text=_("For example 3.1.3"))
    name = I18nFormField(label=_("Name"), max_length=300)
    description = I18nFormField(label=_("Description"), textarea=True, required=False)
    specific_objectives = ModelChoicesField(
        SpecificObjective.objects.all(),
        label=_("Programme specific objectives"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["specific_objectives"]
        field.label_from_instance = objective_label  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("specific_goal") and data.get("code"):
            try:
                rules.validate_child_code(data["code"].strip(), data["specific_goal"].code)
            except ValidationError as exc:
                self.add_error("code", exc)
        return data
