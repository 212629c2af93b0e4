"""The filters of the monitoring dashboard, read from the query string."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from aglomera.core.dates import validate_years
from aglomera.core.query_params import IdField
from aglomera.core.widgets import DateInput
from aglomera.monitoring.calculations.funnel import FunnelFilters
from aglomera.strategy.models import Fund


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
    as_of = forms.DateField(
        label=gettext_lazy("As of"), required=False, widget=DateInput, validators=[validate_years]
    )

    def filters(self) -> tuple[int | None, FunnelFilters]:
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        return data.get("strategy"), FunnelFilters(
            as_of=data.get("as_of") or timezone.localdate(),
            programme_id=data.get("programme"),
            measure_code=(data.get("measure") or "").strip(),
            fund=data.get("fund") or "",
            year=data.get("year"),
        )
