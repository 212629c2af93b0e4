"""Forms of the applicant's pages: the intention, its indicators and attachments, withdrawal.

Field-level checks (numbers, two decimals, not negative, dates, file content) happen here so
that each message sits next to its field; the rules that need the call (eligible cost range,
aid rate, territory, partner is not the applicant) are enforced by the actions, whose
ValidationError is keyed by these field names.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from aglomera.agglomerations.models import Municipality, Organisation
from aglomera.calls.models import AttachmentKind
from aglomera.core.collation import collate_choices
from aglomera.core.fields import AmountField, ModelChoicesField, QuantityField
from aglomera.core.i18n import I18nFormField
from aglomera.core.once import OnceForm
from aglomera.core.widgets import DateInput
from aglomera.intentions import uploads
from aglomera.intentions.actions.submission import OTHER_ATTACHMENT, attachment_field
from aglomera.intentions.models import (
    IntentionIndicator,
    LandOwnership,
    ProjectIntention,
    Readiness,
)
from aglomera.strategy.eligibility import eligibility, limit_dates, project_date_errors
from aglomera.strategy.models import IndicatorCode


def money_input(label: Any, *, required: bool = True) -> AmountField:
    return AmountField(label=label, required=required)


class IntentionForm(OnceForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    name = I18nFormField(label=_("Project name"), max_length=400)
    measure_code = forms.CharField(
        label=_("Measure of the strategy"),
        max_length=20,
        help_text=_("The code of the measure, for example 2.1.1; the call's measure by default."),
    )
    activities = I18nFormField(label=_("Activities"), textarea=True, required=False)
    partners = ModelChoicesField(
        Organisation.objects.none(),
        label=_("Partners"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    municipalities = ModelChoicesField(
        Municipality.objects.none(),
        label=_("Place of implementation"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    start_date = forms.DateField(label=_("Start"), widget=DateInput)
    end_date = forms.DateField(label=_("End"), widget=DateInput)
    total_cost = money_input(_("Total cost"))
    eligible_cost = money_input(_("Eligible cost"))
    requested_eu = money_input(_("Requested EU support"))
    requested_national = money_input(_("Requested national support"))
    building_permit = forms.ChoiceField(label=_("Building permit"), choices=Readiness.choices)
    land_ownership = forms.ChoiceField(label=_("Land ownership"), choices=LandOwnership.choices)
    attachment_other = forms.FileField(
        label=_("Other attachment"), required=False, allow_empty_file=True
    )

    def __init__(
        self,
        *args: Any,
        organisations: Any,
        municipalities: Any,
        kinds: Sequence[AttachmentKind] = (),
        period: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.period = period
        if period:
            limit_dates(self, eligibility(period), ("start_date", "end_date"))
        self.fields["partners"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["municipalities"].queryset = municipalities  # type: ignore[attr-defined]
        collate_choices(self.fields["partners"])  # type: ignore[arg-type]
        collate_choices(self.fields["municipalities"])  # type: ignore[arg-type]
        self.kinds = list(kinds)
        accept = ",".join(uploads.allowed_extensions())
        for kind in self.kinds:
            self.fields[attachment_field(kind)] = forms.FileField(
                label=str(kind.name),
                required=False,
                allow_empty_file=True,
                help_text=_("mandatory before submission") if kind.mandatory else "",
            )
        for name in self.attachment_fields:
            self.fields[name].widget.attrs["accept"] = accept

    @property
    def attachment_fields(self) -> list[str]:
        return [*(attachment_field(kind) for kind in self.kinds), OTHER_ATTACHMENT]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in self.attachment_fields]

    def file_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.attachment_fields]

    @staticmethod
    def initial_for(intention: ProjectIntention, page: Any) -> dict[str, Any]:
        return {
            "revision": intention.revision,
            "name": intention.name,
            "measure_code": intention.measure_code,
            "activities": intention.activities,
            "partners": page.partners,
            "municipalities": page.municipalities,
            "start_date": intention.start_date,
            "end_date": intention.end_date,
            "total_cost": intention.total_cost,
            "eligible_cost": intention.eligible_cost,
            "requested_eu": intention.requested_eu,
            "requested_national": intention.requested_national,
            "building_permit": intention.building_permit,
            "land_ownership": intention.land_ownership,
        }

    def clean(self) -> dict[str, Any]:
        # The files are checked (content, virus scan) once, by the action; its errors are
        # shown next to their fields by the view.
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The project cannot end before it starts."))
        if self.period:
            for field, message in project_date_errors(self.period, start, end).items():
                self.add_error(field, message)
        return data

    def action_kwargs(self, indicators: BaseIndicatorFormSet) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("revision", None)
        data.pop("form_token", None)
        files = {name: data.pop(name, None) for name in self.attachment_fields}
        by_field = {attachment_field(kind): kind for kind in self.kinds}
        data["partners"] = list(data["partners"])
        data["municipalities"] = list(data["municipalities"])
        data["attachments"] = [
            (by_field.get(name), upload) for name, upload in files.items() if upload
        ]
        data["indicators"] = indicators.lines()
        return data


class IndicatorLineForm(forms.Form):
    indicator = forms.ModelChoiceField(
        IndicatorCode.objects.order_by("code"), label=_("Indicator"), required=False
    )
    committed_value = QuantityField(
        label=_("Committed value"), max_digits=18, decimal_places=3, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("indicator") and data.get("committed_value") is None:
            if "committed_value" not in self.errors:
                self.add_error("committed_value", _("Enter the value you commit to."))
        elif data.get("committed_value") is not None and not data.get("indicator"):
            self.add_error("indicator", _("Choose the indicator of this value."))
        return data


class BaseIndicatorFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def lines(self) -> list[tuple[IndicatorCode, Decimal]]:
        return [
            (form.cleaned_data["indicator"], form.cleaned_data["committed_value"])
            for form in self.forms
            if form.cleaned_data.get("indicator")
        ]

    @staticmethod
    def initial_for(indicators: Sequence[IntentionIndicator]) -> list[dict[str, Any]]:
        return [
            {"indicator": line.indicator, "committed_value": line.committed_value}
            for line in indicators
        ]


IndicatorFormSet = cast(
    type[BaseIndicatorFormSet],
    forms.formset_factory(IndicatorLineForm, formset=BaseIndicatorFormSet, extra=3, max_num=30),
)


class RevisionForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class WithdrawForm(RevisionForm):
    reason = forms.CharField(
        label=_("Why do you withdraw the intention?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AttachmentForm(OnceForm):
    kind = forms.ModelChoiceField(
        AttachmentKind.objects.none(),
        label=_("Attachment"),
        required=False,
        empty_label=_("Other attachment"),
    )
    file = forms.FileField(label=_("File"), allow_empty_file=True)

    def __init__(self, *args: Any, kinds: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = kinds  # type: ignore[attr-defined]
        # The file is checked (content, virus scan) once, by actions.add_attachment.
        self.fields["file"].widget.attrs["accept"] = ",".join(uploads.allowed_extensions())
