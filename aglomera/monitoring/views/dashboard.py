"""The monitoring dashboard of an agglomeration: the money funnel, absorption over time and
indicators against targets, with filters that update the page in place (htmx), every chart's
figures as a table below it and as CSV (`?format=csv&chart=funnel|absorption|indicators`).

Views parse, authorize, call one query and render; they never write to the ORM.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from aglomera.agglomerations.models import Agglomeration
from aglomera.core import exports
from aglomera.core.dates import EARLIEST, LATEST
from aglomera.core.tenant import TenantRequest, tenant_view
from aglomera.monitoring.calculations.funnel import (
    CERTIFIED,
    PAID,
    STAGE_LABELS,
    STAGES,
    Funnel,
    FunnelFilters,
)
from aglomera.monitoring.calculations.indicators import IndicatorRow
from aglomera.monitoring.forms.dashboard import DashboardFilterForm
from aglomera.monitoring.queries.dashboard import Dashboard, get_dashboard
from aglomera.monitoring.queries.dashboard_cache import dashboard_key, remembered
from aglomera.strategy.funds import fund_abbreviation

CHARTS = ("funnel", "absorption", "indicators")
ABSORPTION_LINES = ("contracted", "paid", "certified")


@tenant_view("monitoring.view")
def dashboard(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    form = DashboardFilterForm(request.GET)
    form.is_valid()
    strategy_id, filters = form.filters()
    key = dashboard_key(agglomeration, strategy_id, filters, request.GET.urlencode())
    board = remembered(
        key,
        "figures",
        lambda: get_dashboard(agglomeration, strategy_id=strategy_id, filters=filters),
    )
    if board.unknown_strategy:
        form.add_error("strategy", _("Choose one of the listed strategies."))
    if request.GET.get("format") == "csv":
        return _csv(agglomeration, board, filters, request.GET.get("chart", ""))
    htmx = getattr(request, "htmx", None)
    context = {
        "agglomeration": agglomeration,
        **results_context(board, filters, request.GET),
        "form": form,
        "earliest": EARLIEST,
        "latest": LATEST,
        "refresh_options": bool(htmx) and getattr(htmx, "trigger_name", "") == "strategy",
    }
    if not form.errors and not context["refresh_options"]:
        # The rendered tables are kept with the figures; errors and the htmx refresh of the
        # options make a results block of their own.
        context["results_html"] = remembered(
            key,
            "results",
            lambda: render_to_string("monitoring/dashboard/_results.html", context, request),
        )
    if htmx:
        # htmx swaps only successful responses: filter errors are shown inside the results.
        if "results_html" in context:
            return HttpResponse(context["results_html"])
        return render(request, "monitoring/dashboard/_results.html", context)
    return render(
        request,
        "monitoring/dashboard/page.html",
        context,
        status=422 if form.errors else 200,
    )


def results_context(board: Dashboard, filters: FunnelFilters, params: QueryDict) -> dict[str, Any]:
    """What `monitoring/dashboard/_results.html` shows of a dashboard's figures (also read by
    the partnership's shared dashboard, aglomera/cooperation/views/sharing.py); the CSV links
    repeat `params` on the same page."""
    return {
        "strategy": board.strategy,
        "board": board,
        "funnel": board.funnel,
        "filters": filters,
        "stages": [(stage, STAGE_LABELS[stage]) for stage in STAGES],
        "charts": _charts(board),
        "absorption": _absorption_figures(board.funnel),
        "csv_urls": {chart: _csv_url(params, chart) for chart in CHARTS},
    }


def csv_download(
    agglomeration: Agglomeration, board: Dashboard, filters: FunnelFilters, chart: str
) -> HttpResponse:
    """One chart's figures as CSV (404 for an unknown chart)."""
    return _csv(agglomeration, board, filters, chart)


def _csv_url(params: QueryDict, chart: str) -> str:
    query = params.copy()
    query["format"] = "csv"
    query["chart"] = chart
    return "?" + query.urlencode()


# ---- charts: JSON for static/js/charts.js -------------------------------------------------


def _share(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if part is None or not whole:
        return None
    return (part * 100 / whole).quantize(Decimal("0.1"))


def _absorption_figures(funnel: Funnel | None) -> dict[str, Any] | None:
    """The allocation at the latest month and the share of it contracted, paid and certified."""
    if funnel is None or not funnel.absorption:
        return None
    latest = funnel.absorption[-1]
    return {
        "month": latest.month,
        "allocation": latest.allocation,
        "shares": [
            (
                STAGE_LABELS[name],
                getattr(latest, name),
                _share(getattr(latest, name), latest.allocation),
            )
            for name in ABSORPTION_LINES
        ],
    }


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _charts(board: Dashboard) -> dict[str, dict[str, Any]]:
    separators = get_format("DECIMAL_SEPARATOR") + get_format("THOUSAND_SEPARATOR")
    funnel = board.funnel
    if funnel is None:
        return {}
    currency = funnel.display_currency
    amounts = funnel.display_amounts
    return {
        "funnel": {
            "kind": "bar",
            "separators": separators,
            "unit": currency,
            "labels": [str(STAGE_LABELS[stage]) for stage in STAGES],
            "series": [{"name": currency, "values": [_number(amounts[stage]) for stage in STAGES]}],
        },
        "absorption": {
            "kind": "line",
            "separators": separators,
            "unit": currency,
            "labels": [point.month.strftime("%Y-%m") for point in funnel.absorption],
            # The allocation is far above the money spent so far: drawn in, it flattened the
            # other lines; the page states it as a figure above the chart instead.
            "series": [
                {
                    "name": str(STAGE_LABELS[name]),
                    "values": [_number(getattr(p, name)) for p in funnel.absorption],
                }
                for name in ABSORPTION_LINES
            ],
        },
        "indicators": {
            "kind": "bar",
            "separators": separators,
            "unit": _("share of the 2029 target, in percent"),
            "tickformat": ",.1f",
            "labels": [row.indicator.code for row in board.indicators],
            "series": [
                {
                    "name": _("Committed"),
                    "values": [_number(row.committed_percent) for row in board.indicators],
                },
                {
                    "name": _("Achieved"),
                    "values": [_number(row.achieved_percent) for row in board.indicators],
                },
            ],
        },
    }


# ---- CSV --------------------------------------------------------------------------------------


Cells = list[list[Any]]


def _funnel_rows(funnel: Funnel | None) -> Cells:
    header: list[Any] = [
        _("Measure"),
        _("Measure name"),
        _("Programme"),
        _("Programme specific objective"),
        _("Fund"),
        _("Currency"),
        *[str(STAGE_LABELS[stage]) for stage in STAGES],
        *[f"{STAGE_LABELS[stage]} (EUR)" for stage in STAGES],
        _("Paid: intentions unknown"),
        _("Certified: intentions unknown"),
        _("Paid: intentions with a derived EU share"),
        _("Basis"),
    ]
    rows: Cells = [header]
    basis = _("EU support")
    if funnel is None:
        return rows
    for row in funnel.rows:
        rows.append(
            [
                row.measure_code,
                row.measure_name,
                row.programme_code,
                row.objective_code,
                fund_abbreviation(row.fund),
                row.currency,
                *[row.amounts[stage] for stage in STAGES],
                *[row.eur[stage] for stage in STAGES],
                row.unknown[PAID],
                row.unknown[CERTIFIED],
                row.derived[PAID],
                basis,
            ]
        )
    for total in funnel.totals:
        rows.append(
            [
                _("Total"),
                "",
                "",
                "",
                "",
                total.currency,
                *[total.amounts[stage] for stage in STAGES],
                *[total.eur[stage] for stage in STAGES],
                total.unknown[PAID],
                total.unknown[CERTIFIED],
                total.derived[PAID],
                basis,
            ]
        )
    rows.append(
        [
            _("Total in EUR"),
            "",
            "",
            "",
            "",
            "EUR",
            *["" for _stage in STAGES],
            *[funnel.eur[stage] for stage in STAGES],
            "",
            "",
            "",
            basis,
        ]
    )
    return rows


def _absorption_rows(funnel: Funnel | None) -> Cells:
    rows: Cells = [
        [
            _("Month"),
            _("Currency"),
            str(STAGE_LABELS["allocation"]),
            str(STAGE_LABELS["contracted"]),
            str(STAGE_LABELS["paid"]),
            str(STAGE_LABELS["certified"]),
        ]
    ]
    if funnel is None:
        return rows
    for point in funnel.absorption:
        rows.append(
            [
                point.month.strftime("%Y-%m"),
                funnel.display_currency,
                point.allocation,
                point.contracted,
                point.paid,
                point.certified,
            ]
        )
    return rows


def _indicator_rows(indicators: list[IndicatorRow]) -> Cells:
    rows: Cells = [
        [
            _("Indicator"),
            _("Name"),
            _("Unit"),
            _("Baseline"),
            _("Milestone 2024"),
            _("Target 2029"),
            _("Endorsed"),
            _("Contracted"),
            _("Committed"),
            _("Achieved"),
            _("Committed as a share of the target"),
            _("Achieved as a share of the target"),
            _("Combined over projects and measures"),
        ]
    ]
    for row in indicators:
        rows.append(
            [
                row.indicator.code,
                str(row.indicator.name),
                str(row.indicator.unit),
                row.baseline,
                row.milestone_2024,
                row.target_2029,
                row.endorsed,
                row.contracted,
                row.committed,
                row.achieved,
                row.committed_percent,
                row.achieved_percent,
                str(row.indicator.get_aggregation_display()),
            ]
        )
    return rows


def _csv(
    agglomeration: Agglomeration, board: Dashboard, filters: FunnelFilters, chart: str
) -> HttpResponse:
    """UTF-8 with a byte-order mark, so that Excel opens Czech and Polish names correctly."""
    builders: dict[str, Callable[[], Cells]] = {
        "funnel": lambda: _funnel_rows(board.funnel),
        "absorption": lambda: _absorption_rows(board.funnel),
        "indicators": lambda: _indicator_rows(board.indicators),
    }
    if chart not in builders:
        raise Http404
    name = f"{agglomeration.slug}-{chart}-{filters.as_of.isoformat()}.csv"
    return exports.csv_response(builders[chart](), filename=name)
