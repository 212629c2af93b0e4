"""The request of a generated report: its kind, period and the office's narrative."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from aglomera.core.dates import date_errors, validate_years
from aglomera.core.once import OnceForm
from aglomera.core.widgets import DateInput
from aglomera.monitoring.actions.reports import NARRATIVE_MAX
from aglomera.monitoring.models import GeneratedReportKind, ListSchedule


class ReportRequestForm(OnceForm):
    kind = forms.ChoiceField(label=gettext_lazy("Report"), choices=GeneratedReportKind.choices)
    period_start = forms.DateField(
        label=gettext_lazy("Period from"),
        required=False,
        widget=DateInput,
        validators=[validate_years],
        help_text=gettext_lazy(
            "Fulfilment report: the first day of the period. Calls calendar: the first day of "
            "the twelve months it covers (today when empty)."
        ),
    )
    period_end = forms.DateField(
        label=gettext_lazy("Period to"),
        required=False,
        widget=DateInput,
        validators=[validate_years],
        help_text=gettext_lazy(
            "Fulfilment report: the last day of the period. List of operations: the day it is "
            "stated as of (today when empty)."
        ),
    )
    introduction = forms.CharField(
        label=gettext_lazy("Introduction"),
        required=False,
        max_length=NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    progress = forms.CharField(
        label=gettext_lazy("Summary of progress"),
        required=False,
        max_length=NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    problems = forms.CharField(
        label=gettext_lazy("Problems and measures taken"),
        required=False,
        max_length=NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    outlook = forms.CharField(
        label=gettext_lazy("Outlook for the next period"),
        required=False,
        max_length=NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        dates = {name: data.get(name) for name in ("period_start", "period_end")}
        for name, message in date_errors(dates, order=("period_start", "period_end")).items():
            if name not in self.errors:
                self.add_error(name, message)
        return data


class ListScheduleForm(forms.Form):
    """The schedule of the list of operations (actions/schedule.py checks the interval)."""

    enabled = forms.BooleanField(
        label=gettext_lazy("Generate the list of operations by itself"), required=False
    )
    interval_days = forms.IntegerField(
        label=gettext_lazy("Every (days)"),
        min_value=1,
        max_value=ListSchedule.MAX_DAYS,
        help_text=gettext_lazy(
            "From 1 to 120 days: Art. 49(3) requires the list to be updated at least every four "
            "months. The lists are generated in the name of whoever saves the schedule."
        ),
    )


class DetailsRequestForm(OnceForm):
    """Ask the beneficiaries for the purposes and achievements (nothing to fill in)."""
