"""Forms of progress reports, payment forecasts and the early-warning filter.

The forms only parse; the actions check the domain rules (and their messages land on the fields).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any, cast

from django import forms
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from aglomera.core.once import OnceForm
from aglomera.intentions.models import IntentionIndicator
from aglomera.monitoring.actions.progress import value_field
from aglomera.monitoring.models import ProgressReport, ReportStatus
from aglomera.strategy.models import Strategy

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgressReportForm(OnceForm):
    """Period end, narrative and one achieved value per committed indicator."""

    period_end = forms.DateField(label=_("Period ends"), widget=DATE_INPUT)
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
                % {"value": row.committed_value.normalize()},
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


LINE = re.compile(r"^\s*([^\s;]+)[\s;]+(.+?)\s*$")


class ForecastForm(forms.Form):
    rows = forms.CharField(
        label=_("Forecast payments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One payment per line: the date (YYYY-MM-DD) and the EU amount, for example "
            "2026-03-31 1250000.50. Leave empty to clear the forecast."
        ),
    )

    def clean_rows(self) -> list[tuple[date | None, str]]:
        parsed: list[tuple[date | None, str]] = []
        errors: list[str] = []
        for number, line in enumerate(str(self.cleaned_data["rows"]).splitlines(), start=1):
            if not line.strip():
                continue
            match = LINE.match(line)
            if match is None:
                errors.append(
                    str(_("Line %(line)s: enter a date and an amount.")) % {"line": number}
                )
                continue
            try:
                day = parse_date(match.group(1))
            except ValueError:
                day = None
            if day is None:
                errors.append(
                    str(_("Line %(line)s: enter the date as YYYY-MM-DD.")) % {"line": number}
                )
                continue
            amount = match.group(2).replace(" ", "").replace("\u00a0", "")
            if "," in amount and "." not in amount:  # a decimal comma (1250000,50)
                amount = amount.replace(",", ".")
            parsed.append((day, amount))
        if errors:
            raise forms.ValidationError(errors)
        return parsed


class WarningsFilterForm(forms.Form):
    strategy = forms.ModelChoiceField(
        label=_("Strategy"), queryset=Strategy.objects.none(), required=False, empty_label=None
    )
    as_of = forms.DateField(label=_("As of"), required=False, widget=DATE_INPUT)

    def __init__(self, *args: Any, strategies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["strategy"])  # type: ignore[type-arg]
        field.queryset = strategies if strategies is not None else Strategy.objects.none()
