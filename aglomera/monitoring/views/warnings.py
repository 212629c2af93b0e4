"""Early warning: money at risk of decommitment and unspent allocation, as a page and as CSV.

`monitoring.view` (manager, coordinator, working group, committee, auditor) reads; outsiders
get 404, other members 403. The page and the CSV call money "decommitted" only where the
managing authority reported it; the rest is the strategy's contribution to the programmes'
risk. The rule and its assumptions: aglomera/monitoring/calculations/early_warning.py.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from aglomera.agglomerations.models import Agglomeration
from aglomera.core import exports
from aglomera.core.tenant import TenantRequest, tenant_view
from aglomera.monitoring.calculations.early_warning import (
    EarlyWarning,
    RiskState,
    get_early_warning,
)
from aglomera.monitoring.forms import warnings as forms
from aglomera.monitoring.queries import strategies as queries
from aglomera.strategy.funds import fund_abbreviation

VIEW = "monitoring.view"
CENT = Decimal("0.01")


def _warning(
    request: TenantRequest, agglomeration: Agglomeration
) -> tuple[forms.WarningsFilterForm, EarlyWarning | None]:
    """The filter (strategy, as-of date; bad input falls back to the defaults) and the result."""
    strategies = queries.strategies_with_versions(agglomeration)
    form = forms.WarningsFilterForm(request.GET or None, strategies=strategies)
    strategy = None
    as_of: date = timezone.localdate()
    if form.is_bound and form.is_valid():
        strategy = form.cleaned_data["strategy"]
        as_of = form.cleaned_data["as_of"] or as_of
    strategy = strategy or strategies.first()
    if not form.errors:
        _show(form, as_of)
    if strategy is None:
        return form, None
    return form, get_early_warning(strategy, as_of=as_of)


def _show(form: forms.WarningsFilterForm, as_of: date) -> None:
    """Fill "As of" with the date the page shows, as the dashboard does (the caller passes only
    a form without errors: a refused date stays as the user typed it)."""
    if not form.is_bound:
        form.initial["as_of"] = as_of
    elif not form.data.get("as_of"):
        form.data = {**form.data, "as_of": as_of.isoformat()}


@tenant_view(VIEW)
@require_GET
def warnings_page(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    form, warning = _warning(request, agglomeration)
    return render(
        request,
        "monitoring/warnings/warnings.html",
        {
            "agglomeration": agglomeration,
            "form": form,
            "warning": warning,
            "query": request.GET.urlencode(),
        },
        status=422 if form.errors else 200,
    )


def state_label(state: str) -> str:
    """The words of a risk row's state (the page and the CSV say the same)."""
    if state == RiskState.DECOMMITTED:
        return _("decommitted (reported by the managing authority)")
    if state == RiskState.NOT_COVERED:
        return _("not covered at the deadline; no decommitment reported")
    return _("contribution to the programme's risk")


@tenant_view(VIEW)
@require_GET
def warnings_csv(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    _form, warning = _warning(request, agglomeration)
    day = warning.as_of.isoformat() if warning else timezone.localdate().isoformat()
    header = [
        _("measure"),
        _("measure name"),
        _("programme"),
        _("fund"),
        _("category of region"),
        _("tranche year"),
        _("deadline"),
        _("amount"),
        _("currency"),
        _("state"),
        _("reason"),
    ]
    rows = [
        [
            risk.measure_code,
            str(risk.measure_name),
            risk.programme,
            fund_abbreviation(risk.fund),
            risk.region_category,
            risk.year,
            risk.deadline,
            risk.amount.quantize(CENT),
            risk.currency,
            state_label(risk.state),
            risk.reason,
        ]
        for risk in (warning.risks if warning else [])
    ]
    return exports.csv_response([header, *rows], filename=f"at-risk-{slug}-{day}.csv")
