"""Everything the monitoring dashboard shows: the strategies to choose from, the filter options,
the money funnel and the indicators against targets (the rules: calculations/funnel.py and
calculations/indicators.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from aglomera.agglomerations.models import Agglomeration
from aglomera.calls.models import Call
from aglomera.core.i18n import as_i18n
from aglomera.monitoring.calculations.funnel import Funnel, FunnelFilters, money_funnel
from aglomera.monitoring.calculations.indicators import IndicatorRow, indicator_progress
from aglomera.strategy.models import (
    FinancialPlanLine,
    Fund,
    IndicatorCode,
    Measure,
    Programme,
    SpecificObjective,
    Strategy,
)


@dataclass
class DashboardOptions:
    strategies: list[Strategy]
    programmes: list[Programme] = field(default_factory=list)
    measures: list[tuple[str, str]] = field(default_factory=list)
    funds: list[tuple[str, str]] = field(default_factory=list)
    years: list[int] = field(default_factory=list)


@dataclass
class Dashboard:
    strategy: Strategy | None
    options: DashboardOptions
    funnel: Funnel | None
    indicators: list[IndicatorRow] = field(default_factory=list)
    unknown_strategy: bool = False
    # Indicators whose measures are not combined (Aggregation.NONE), and result indicators of
    # measures with a milestone (calculations/indicators.py says why both are flagged).
    indicators_not_combined: list[IndicatorCode] = field(default_factory=list)
    milestones_on_results: list[tuple[Measure, IndicatorRow]] = field(default_factory=list)


def default_strategy(strategies: list[Strategy]) -> Strategy | None:
    """The newest period with an approved version."""
    approved = [s for s in strategies if s.current_version_id is not None]
    return max(approved, key=lambda s: s.period) if approved else None


def get_dashboard(
    agglomeration: Agglomeration, *, strategy_id: int | None, filters: FunnelFilters
) -> Dashboard:
    """Everything the monitoring dashboard shows, in a fixed number of queries (at most 20)."""
    strategies = list(
        Strategy.objects.filter(agglomeration=agglomeration)
        .exclude(current_version=None)
        .order_by("-period")
    )
    chosen = next((s for s in strategies if s.pk == strategy_id), None)
    unknown = strategy_id is not None and chosen is None
    strategy = chosen or default_strategy(strategies)
    options = DashboardOptions(strategies)
    if strategy is None:
        return Dashboard(None, options, None, unknown_strategy=unknown)
    strategy.agglomeration = agglomeration
    planned = FinancialPlanLine.objects.filter(version_id=strategy.current_version_id)
    called = Call.objects.filter(strategy=strategy)
    objectives = list(
        SpecificObjective.objects.filter(
            Q(pk__in=planned.values("specific_objective_id"))
            | Q(pk__in=called.values("specific_objective_id"))
        ).select_related("programme")
    )
    funds = {o.fund for o in objectives}
    programmes = {o.programme_id: o.programme for o in objectives}
    options.programmes = sorted(programmes.values(), key=lambda p: p.code)
    options.funds = [(value, str(label)) for value, label in Fund.choices if value in funds]
    options.measures = [
        (code, str(as_i18n(name)))
        for code, name in Measure.objects.filter(version_id=strategy.current_version_id)
        .order_by("code")
        .values_list("code", "name")
    ]
    options.years = sorted({moment.year for moment in called.datetimes("opens_at", "year")})
    funnel = money_funnel(strategy, filters, agglomeration=agglomeration)
    board = Dashboard(strategy, options, funnel, unknown_strategy=unknown)
    _add_indicators(board, strategy, filters)
    return board


def _add_indicators(board: Dashboard, strategy: Strategy, filters: FunnelFilters) -> None:
    """Committed and achieved values against targets (calculations/indicators.py): the strategy's
    roll-up per indicator code, or one measure's rows when the measure filter is set. The
    programme, fund and year filters do not apply: targets are set per measure."""
    progress = indicator_progress(strategy, as_of=filters.as_of)
    flagged = progress.milestones_on_results
    if not filters.measure_code:
        board.indicators = progress.rows
        board.indicators_not_combined = progress.not_combined
        board.milestones_on_results = flagged
        return
    node = progress.measure(filters.measure_code)
    board.indicators = node.rows if node is not None else []
    board.milestones_on_results = [
        (measure, row) for measure, row in flagged if measure.code == filters.measure_code
    ]
