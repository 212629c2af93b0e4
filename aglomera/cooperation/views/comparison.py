"""The comparison of a partnership's strategies (/app/<slug>/cooperation/<pk>/comparison/):
each member's strategy side by side in EUR on one money basis at the rate of a chosen day,
with charts drawn as the dashboard draws them (static/js/charts.js, loaded with the CSP
nonce), each with its table. Members only (404 for anybody else); readers of cooperation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from aglomera.cooperation import queries
from aglomera.cooperation.forms.comparison import ComparisonForm
from aglomera.cooperation.queries.comparison import STAGES, Comparison, get_comparison
from aglomera.core.dates import EARLIEST, LATEST
from aglomera.core.tenant import TenantRequest, tenant_view
from aglomera.monitoring.calculations.funnel import STAGE_LABELS


@tenant_view("cooperation.view")
def comparison(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    partnership = queries.partnership_of(agglomeration, pk)
    form = ComparisonForm(request.GET)
    form.is_valid()
    as_of, basis = form.choices()
    found = get_comparison(partnership, as_of=as_of, basis=basis, reader=agglomeration)
    return render(
        request,
        "cooperation/comparison.html",
        {
            "agglomeration": agglomeration,
            "partnership": partnership,
            "form": form,
            "comparison": found,
            "stages": [(stage, STAGE_LABELS[stage]) for stage in STAGES],
            "charts": _charts(found),
            "earliest": EARLIEST,
            "latest": LATEST,
        },
        status=422 if form.errors else 200,
    )


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _charts(found: Comparison) -> dict[str, dict[str, Any]]:
    separators = get_format("DECIMAL_SEPARATOR") + get_format("THOUSAND_SEPARATOR")
    sides = found.compared
    labels = [str(STAGE_LABELS[stage]) for stage in STAGES]

    def bar(unit: str, labels: list[str], series: list[dict[str, Any]], **more: Any) -> Any:
        return {
            "kind": "bar",
            "separators": separators,
            "unit": unit,
            "labels": labels,
            "series": series,
            **more,
        }

    def shares(groups: list[Any]) -> Any:
        return bar(
            _("share of the allocation, in percent"),
            [group.label for group in groups],
            [
                {
                    "name": str(side.agglomeration.name),
                    "values": [_number(group.cells[index][0].share) for group in groups],
                }
                for index, side in enumerate(found.sides)
                if side.strategy is not None
            ],
            tickformat=",.1f",
        )

    return {
        "totals": bar(
            "EUR",
            labels,
            [
                {
                    "name": str(side.agglomeration.name),
                    "values": [_number(side.eur[s]) for s in STAGES],
                }
                for side in sides
            ],
        ),
        "per_capita": bar(
            _("EUR per inhabitant"),
            labels,
            [
                {
                    "name": str(side.agglomeration.name),
                    "values": [_number(side.per_capita[s]) for s in STAGES],
                }
                for side in sides
            ],
            tickformat=",.2f",
        ),
        "objectives": shares(found.objectives),
        "themes": shares(found.themes),
        "indicators": bar(
            _("share of the 2029 target, in percent"),
            [match.code for match in found.indicators],
            [
                {
                    "name": str(side.agglomeration.name),
                    "values": [
                        _number(row.achieved_percent) if row is not None else None
                        for row in (match.rows[index] for match in found.indicators)
                    ],
                }
                for index, side in enumerate(found.sides)
                if side.strategy is not None
            ],
            tickformat=",.1f",
        ),
    }
