"""The request of a generated report: its kind, period and the office's narrative."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from aglomera.core.once import OnceForm
from aglomera.monitoring.actions.reports import NARRATIVE_MAX
from aglomera.monitoring.models import GeneratedReportKind


class ReportRequestForm(OnceForm):
    kind = forms.ChoiceField(label=gettext_lazy("Report"), choices=GeneratedReportKind.choices)
    period_start = forms.DateField(
        label=gettext_lazy("Period from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy(
            "Fulfilment report: the first day of the period. Calls calendar: the first day of "
            "the twelve months it covers (today when empty)."
        ),
    )
    period_end = forms.DateField(
        label=gettext_lazy("Period to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
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
