"""Forms of progress reports: the report (period, narrative, values) and its steps.

The forms only parse; the actions check the domain rules (and their messages land on the fields).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from aglomera.core.amounts import format_quantity
from aglomera.core.dates import validate_years
from aglomera.core.once import OnceForm
from aglomera.core.widgets import DateInput
from aglomera.intentions.models import IntentionIndicator
from aglomera.monitoring.actions.progress import value_field
from aglomera.monitoring.models import ProgressReport, ReportStatus


class ProgressReportForm(OnceForm):
    """Period end, narrative and one achieved value per committed indicator."""

    period_end = forms.DateField(
        label=_("Period ends"), widget=DateInput, validators=[validate_years]
    )
    narrative = forms.CharField(
        label=_("What was achieved"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Describe the progress of the project in the period."),
    )

    def __init__(
        self,
        *args: Any,
        indicators: Iterable[IntentionIndicator] = (),
        report: ProgressReport | None = None,
        **kwargs: Any,
    ) -> None:
        if report is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "period_end": report.period_end,
                "narrative": report.narrative,
                **{value_field(v.indicator_id): v.achieved for v in report.values.all()},
            }
        super().__init__(*args, **kwargs)
        self.indicator_ids: list[int] = []
        for row in indicators:
            name = value_field(row.indicator_id)
            self.indicator_ids.append(row.indicator_id)
            self.fields[name] = forms.CharField(
                label=_("%(code)s %(name)s achieved so far (%(unit)s)")
                % {
                    "code": row.indicator.code,
                    "name": row.indicator.name,
                    "unit": row.indicator.unit,
                },
                required=False,
                max_length=40,
                help_text=_("Committed: %(value)s. Enter the cumulative value, 0 if none yet.")
                % {"value": format_quantity(row.committed_value)},
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )

    def values(self) -> dict[int, str]:
        """The entered values per indicator; empty fields are left out (the action asks)."""
        found: dict[int, str] = {}
        for indicator_id in self.indicator_ids:
            raw = (self.cleaned_data.get(value_field(indicator_id)) or "").strip()
            if raw:
                found[indicator_id] = raw
        return found


STEP_LABELS: dict[str, Any] = {
    ReportStatus.SUBMITTED: _("Submit for approval"),
    ReportStatus.APPROVED: _("Approve"),
    ReportStatus.RETURNED: _("Return for correction"),
}


class ProgressStepForm(forms.Form):
    to = forms.ChoiceField(label=_("Step"))
    reason = forms.CharField(
        label=_("Reason (required when returning)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, allowed: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        to = cast(forms.ChoiceField, self.fields["to"])
        to.choices = [(value, STEP_LABELS.get(value, value)) for value in allowed]
