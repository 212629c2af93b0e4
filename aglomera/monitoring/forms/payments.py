"""The form of a project's payment forecast: one payment per line (the action checks amounts)."""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

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
