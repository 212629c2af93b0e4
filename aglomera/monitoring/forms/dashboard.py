"""The filters of the monitoring dashboard, read from the query string."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aglomera.core.dates import show_date as show
from aglomera.core.query_params import EARLIEST, LATEST, IdField
from aglomera.core.widgets import DateInput
from aglomera.monitoring.calculations.funnel import FunnelFilters
from aglomera.strategy.models import Fund


def in_range(value: date | None) -> date | None:
    """An as-of date of the monitoring pages, refused outside EARLIEST-LATEST."""
    if value is not None and not EARLIEST <= value <= LATEST:
        raise forms.ValidationError(
            _("Choose a date between %(start)s and %(end)s.")
            % {"start": show(EARLIEST), "end": show(LATEST)}
        )
    return value


class DashboardFilterForm(forms.Form):
    """The filters, from the query string; an invalid one (an id past the database's integers,
    a date outside 2000-2100, ...) is reported and left out."""

    strategy = IdField(label=gettext_lazy("Strategy"), required=False)
    programme = IdField(label=gettext_lazy("Programme"), required=False)
    measure = forms.CharField(label=gettext_lazy("Measure"), required=False, max_length=20)
    fund = forms.ChoiceField(
        label=gettext_lazy("Fund"), required=False, choices=[("", "—"), *Fund.choices]
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year of the call"), required=False, min_value=2000, max_value=2100
    )
    as_of = forms.DateField(label=gettext_lazy("As of"), required=False, widget=DateInput)

    def clean_as_of(self) -> date | None:
        return in_range(self.cleaned_data.get("as_of"))

    def filters(self) -> tuple[int | None, FunnelFilters]:
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        return data.get("strategy"), FunnelFilters(
            as_of=data.get("as_of") or timezone.localdate(),
            programme_id=data.get("programme"),
            measure_code=(data.get("measure") or "").strip(),
            fund=data.get("fund") or "",
            year=data.get("year"),
        )
