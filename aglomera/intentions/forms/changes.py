"""Forms of change requests: the applicant's request, the manager's decision and the competence
rules. The actions check the domain rules; the forms only parse."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from aglomera.core.amounts import format_amount, format_quantity
from aglomera.core.fields import AmountField, QuantityField
from aglomera.core.i18n import I18nFormField
from aglomera.core.once import OnceForm
from aglomera.core.widgets import DateInput
from aglomera.intentions.actions.changes import indicator_field
from aglomera.intentions.models import (
    ChangeKind,
    ChangeStatus,
    Decider,
    IntentionIndicator,
    ProjectIntention,
)
from aglomera.intentions.rules import CHANGE_DATE_FIELDS, CHANGE_MONEY_FIELDS
from aglomera.strategy.eligibility import eligibility, limit_dates, project_date_errors


def _money(label: Any, help_text: Any = "") -> AmountField:
    return AmountField(label=label, required=False, help_text=help_text)


class ChangeRequestForm(OnceForm):
    """The applicant's request: kinds, the new values that change, and why."""

    kinds = forms.MultipleChoiceField(
        label=_("What changes"),
        choices=ChangeKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    requested_eu = _money(_("New requested EU support"))
    requested_national = _money(_("New requested national support"))
    total_cost = _money(_("New total cost"))
    eligible_cost = _money(_("New eligible cost"))
    start_date = forms.DateField(
        label=_("New start"),
        required=False,
        widget=DateInput,
    )
    end_date = forms.DateField(
        label=_("New end"),
        required=False,
        widget=DateInput,
    )
    name = I18nFormField(label=_("Corrected project name"), max_length=400, required=False)
    justification = forms.CharField(
        label=_("Justification"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(
        self,
        *args: Any,
        intention: ProjectIntention,
        indicators: Iterable[IntentionIndicator] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicator_fields: list[str] = []
        for field in CHANGE_MONEY_FIELDS:
            self.fields[field].help_text = _("Now: %(value)s") % {
                "value": format_amount(getattr(intention, field))
            }
        self.period = intention.call.strategy.period
        limit_dates(self, eligibility(self.period), CHANGE_DATE_FIELDS)
        for field in CHANGE_DATE_FIELDS:
            self.fields[field].help_text = _("Now: %(value)s") % {
                "value": formats.localize(getattr(intention, field))
            }
        for row in indicators:
            name = indicator_field(row.pk)
            self.fields[name] = QuantityField(
                label=_("New value of %(indicator)s")
                % {"indicator": f"{row.indicator.code} {row.indicator.name}"},
                max_digits=18,
                decimal_places=3,
                required=False,
                help_text=_("Now: %(value)s %(unit)s")
                % {"value": format_quantity(row.committed_value), "unit": row.indicator.unit},
            )
            self.indicator_fields.append(name)
        self.fields["justification"] = self.fields.pop("justification")  # last on the page

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        outside = project_date_errors(self.period, data.get("start_date"), data.get("end_date"))
        for field, message in outside.items():
            self.add_error(field, message)
        return data

    def proposed(self) -> dict[str, Any]:
        data = self.cleaned_data
        values: dict[str, Any] = {
            f: data.get(f) for f in (*CHANGE_MONEY_FIELDS, *CHANGE_DATE_FIELDS)
        }
        values["name"] = data.get("name")
        values["indicators"] = {
            int(name.removeprefix("indicator_")): data.get(name)
            for name in self.indicator_fields
            if data.get(name) is not None
        }
        return values


DECISION_LABELS: dict[str, Any] = {
    ChangeStatus.APPROVED: _("Approve"),
    ChangeStatus.REJECTED: _("Reject"),
    ChangeStatus.WITH_COMMITTEE: _("Refer to the steering committee"),
}


class ChangeDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, allowed: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        decision = cast(forms.ChoiceField, self.fields["decision"])
        decision.choices = [
            (status, DECISION_LABELS[status]) for status in allowed if status in DECISION_LABELS
        ]


class CompetenceRuleForm(forms.Form):
    change_kind = forms.ChoiceField(choices=ChangeKind.choices, widget=forms.HiddenInput)
    decider = forms.ChoiceField(label=_("Decided by"), choices=Decider.choices)
