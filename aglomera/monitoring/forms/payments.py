"""The form of a project's payment forecast: one payment per line (the action checks amounts)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from aglomera.core.amounts import EXAMPLE, format_amount

LINE = re.compile(r"^\s*([^\s;]+)[\s;]+(.+?)\s*$")


class ForecastForm(forms.Form):
    rows = forms.CharField(
        label=_("Forecast payments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One payment per line: the date (YYYY-MM-DD) and the EU amount, for example "
            "2026-03-31 %(amount)s. Leave empty to clear the forecast."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rows"].help_text = str(self.fields["rows"].help_text) % {
            "amount": format_amount(EXAMPLE)
        }

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
            parsed.append((day, match.group(2)))  # read in the user's format by the action
        if errors:
            raise forms.ValidationError(errors)
        return parsed
