"""Indicators of a strategy: committed and achieved values against baseline, milestone, target.

What is counted
---------------
* **Plan**: the MeasureIndicator rows (baseline, milestone 2024, target 2029) of the strategy's
  current version.
* **Committed**: IntentionIndicator.committed_value of the strategy's project intentions (of its
  calls) that are endorsed or later. It is split in two: *endorsed* (compliant, statement
  issued, application filed: endorsed by the steering committee but without a legal act yet) and
  *contracted* (legal act, in implementation, physically completed, financially closed,
  sustainability). `committed` is their sum.
* **Achieved**: ProgressValue.achieved of APPROVED progress reports. Reports are cumulative (each
  says what the project has achieved so far, not in that period only), so for every intention
  and indicator only the approved report with the latest period end counts; earlier reports are
  never added to it.

Intentions are attributed to the measure with their `measure_code` in the current version; an
intention whose measure code is not in that version is left out. A project may commit an
indicator that its measure does not plan: it is still shown, with no baseline or target.

Roll-up measure -> goal -> strategy is per indicator code (the code fixes the unit), by the
code's aggregation rule (IndicatorCode.aggregation, shipped for the EU common indicators):
* sum: projects' values are summed in a measure, measures' values in a goal and the strategy;
* max: the largest value, for projects and for measures, where every project counts the same
  thing again (RCO74, the population of the strategy's territory: summing it over projects
  would report more people than live there);
* none: summed over the projects of one measure (its target is set for them together) but not
  combined across measures (one person may benefit from projects of several measures); goals
  and the strategy list such codes in `not_combined` instead of showing a figure.
A milestone is combined like the values; it stays empty when no measure below sets one.

Milestones belong to output indicators in 2021-2027 (CPR 2021/1060 Art. 16(1)(b): milestones
for output indicators by the end of 2024, targets for output and result indicators by the end of
2029): `milestones_on_results` lists the measures' result indicators that have one anyway.

`as_of` (a date) reproduces an earlier day: intention states and report approvals are read from
the workflow history (StatusChange) up to the end of that day in the agglomeration's time zone
(as the money funnel reads it), and only reports whose period ends by then count. Committed
values are the current ones (a change request that altered them is not undone).

Where the strategy's monitoring summary is built (docs/monitoring.md, "Speed: the indicator
summary"), the figures are grouped sums over it: the intentions' stage spans give their status
on the day, `IndicatorAchievedSpan` the value each project has achieved then. Without it the
committed values and reports are replayed (`_replay_progress`, the reference).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Max, Q, QuerySet, Sum

from aglomera.core.models import StatusChange
from aglomera.core.money import ZERO
from aglomera.intentions.models import IntentionIndicator, IntentionStatus, ProjectIntention
from aglomera.intentions.transitions import WORKFLOW as INTENTION_WORKFLOW
from aglomera.monitoring.models import (
    IndicatorAchievedSpan,
    IntentionStageSpan,
    ProgressReport,
    ProgressValue,
    ReportStatus,
)
from aglomera.monitoring.transitions import PROGRESS_WORKFLOW
from aglomera.strategy.models import (
    Aggregation,
    Goal,
    IndicatorCode,
    IndicatorKind,
    Measure,
    MeasureIndicator,
    Period,
    Strategy,
)

S = IntentionStatus

ENDORSED = (S.COMPLIANT, S.STATEMENT_ISSUED, S.APPLICATION_FILED)
CONTRACTED = (
    S.LEGAL_ACT,
    S.IN_IMPLEMENTATION,
    S.PHYSICALLY_COMPLETED,
    S.FINANCIALLY_CLOSED,
    S.SUSTAINABILITY,
)
HUNDRED = Decimal(100)


def combine(rule: str, total: Decimal, value: Decimal) -> Decimal:
    """Two values of one indicator combined by its aggregation rule (max, otherwise a sum)."""
    return max(total, value) if rule == Aggregation.MAX else total + value


def _combine_optional(rule: str, total: Decimal | None, value: Decimal | None) -> Decimal | None:
    if value is None:
        return total
    return value if total is None else combine(rule, total, value)


@dataclass
class IndicatorRow:
    indicator: IndicatorCode
    planned: bool = False
    baseline: Decimal = ZERO
    milestone_2024: Decimal | None = None
    target_2029: Decimal | None = None
    endorsed: Decimal = ZERO  # endorsed, not yet contracted
    contracted: Decimal = ZERO
    achieved: Decimal = ZERO

    @property
    def rule(self) -> str:
        return self.indicator.aggregation

    @property
    def committed(self) -> Decimal:
        return combine(self.rule, self.endorsed, self.contracted)

    @property
    def milestone_on_result(self) -> bool:
        return self.indicator.kind == IndicatorKind.RESULT and self.milestone_2024 is not None

    @property
    def committed_percent(self) -> Decimal | None:
        return _percent(self.committed, self.target_2029)

    @property
    def achieved_percent(self) -> Decimal | None:
        return _percent(self.achieved, self.target_2029)

    def plan(self, row: MeasureIndicator) -> None:
        self.planned = True
        self.baseline += row.baseline
        if row.milestone_2024 is not None:
            self.milestone_2024 = (self.milestone_2024 or ZERO) + row.milestone_2024
        self.target_2029 = (self.target_2029 or ZERO) + row.target_2029

    def add(self, other: IndicatorRow) -> None:
        """Another measure's (or goal's) row of the same code, by the code's rule."""
        rule = self.rule
        self.planned = self.planned or other.planned
        self.baseline = combine(rule, self.baseline, other.baseline)
        self.milestone_2024 = _combine_optional(rule, self.milestone_2024, other.milestone_2024)
        self.target_2029 = _combine_optional(rule, self.target_2029, other.target_2029)
        self.endorsed = combine(rule, self.endorsed, other.endorsed)
        self.contracted = combine(rule, self.contracted, other.contracted)
        self.achieved = combine(rule, self.achieved, other.achieved)


def _percent(value: Decimal, target: Decimal | None) -> Decimal | None:
    if not target:
        return None
    return (value * HUNDRED / target).quantize(Decimal("0.1"))


class _Rows(dict[int, IndicatorRow]):
    """Indicator rows of one level, keyed by the indicator code's id."""

    def __init__(self, codes: dict[int, IndicatorCode]) -> None:
        super().__init__()
        self.codes = codes

    def get_row(self, indicator_id: int) -> IndicatorRow:
        if indicator_id not in self:
            self[indicator_id] = IndicatorRow(self.codes[indicator_id])
        return self[indicator_id]

    def ordered(self) -> list[IndicatorRow]:
        return sorted(self.values(), key=lambda row: row.indicator.code)


@dataclass
class MeasureIndicators:
    measure: Measure
    rows: list[IndicatorRow] = field(default_factory=list)


@dataclass
class GoalIndicators:
    goal: Goal
    measures: list[MeasureIndicators] = field(default_factory=list)
    rows: list[IndicatorRow] = field(default_factory=list)
    not_combined: list[IndicatorCode] = field(default_factory=list)


@dataclass
class StrategyIndicators:
    strategy: Strategy
    as_of: date | None
    goals: list[GoalIndicators]
    rows: list[IndicatorRow]
    not_combined: list[IndicatorCode] = field(default_factory=list)

    @property
    def milestones_on_results(self) -> list[tuple[Measure, IndicatorRow]]:
        """Result indicators of measures with a 2024 milestone, in a 2021-2027 or later
        strategy (CPR 2021/1060 Art. 16(1)(b) gives milestones to output indicators only)."""
        if self.strategy.period == Period.P2014:
            return []
        return [
            (node.measure, row)
            for goal in self.goals
            for node in goal.measures
            for row in node.rows
            if row.milestone_on_result
        ]

    def measure(self, code: str) -> MeasureIndicators | None:
        for goal in self.goals:
            for node in goal.measures:
                if node.measure.code == code:
                    return node
        return None

    def goal(self, code: str) -> GoalIndicators | None:
        return next((node for node in self.goals if node.goal.code == code), None)


def end_of_day(day: date, time_zone: str) -> datetime:
    """The first moment after `day` in the agglomeration's time zone."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=ZoneInfo(time_zone))


def _states_as_of(workflow: str, ids: object, day: date, time_zone: str) -> dict[int, str]:
    """The last status in `workflow` of each object recorded by the end of `day` (one query;
    the index on workflow, object and time serves it)."""
    history = (
        StatusChange.objects.filter(
            workflow=workflow,
            object_id__in=ids,
            created_at__lt=end_of_day(day, time_zone),
        )
        .order_by("object_id", "created_at", "id")
        .values_list("object_id", "new_status")
    )
    return dict(history)  # later rows overwrite earlier ones


Committed = list[tuple[int, str, str, int, Decimal]]
Achieved = list[tuple[int, int, str, date, int, Decimal]]


def _add_committed(
    measure_rows: dict[str, _Rows], committed: Committed, states: dict[int, str] | None
) -> None:
    """Committed values of endorsed (or later) projects; `states` are the as-of states."""
    for intention_id, measure_code, current, indicator_id, value in committed:
        status = current if states is None else states.get(intention_id, S.DRAFT)
        if measure_code not in measure_rows or status not in ENDORSED + CONTRACTED:
            continue
        row = measure_rows[measure_code].get_row(indicator_id)
        if status in CONTRACTED:
            row.contracted = combine(row.rule, row.contracted, value)
        else:
            row.endorsed = combine(row.rule, row.endorsed, value)


def _add_achieved(
    measure_rows: dict[str, _Rows], achieved: Achieved, states: dict[int, str] | None
) -> None:
    """The latest approved value per project and indicator (reports are cumulative).

    `achieved` comes ordered by period end, so a later period overwrites an earlier one.
    """
    latest: dict[tuple[int, int], tuple[date, str, Decimal]] = {}
    for report_id, intention_id, measure_code, period_end, indicator_id, value in achieved:
        if states is not None and states.get(report_id) != ReportStatus.APPROVED:
            continue
        latest[intention_id, indicator_id] = (period_end, measure_code, value)
    for (_intention_id, indicator_id), (_end, measure_code, value) in latest.items():
        if measure_code in measure_rows:
            row = measure_rows[measure_code].get_row(indicator_id)
            row.achieved = combine(row.rule, row.achieved, value)


def indicator_progress(strategy: Strategy, *, as_of: date | None = None) -> StrategyIndicators:
    """Committed and achieved values per indicator, rolled up measure -> goal -> strategy.

    It reads the strategy's monitoring summary once it has been built
    (`Strategy.summary_built_at`, `manage.py rebuild_strategy_summary`): six queries, grouped
    sums whatever the number of projects and reports. A strategy whose summary was never built
    is read by replaying its reports (six queries, eight with `as_of` and one more when the
    strategy's agglomeration is not loaded). Both give the same figures
    (test_indicator_summary_property.py)."""
    if strategy.summary_built_at is not None:
        return _summary_progress(strategy, as_of)
    return _replay_progress(strategy, as_of)


@dataclass
class _Plan:
    """The strategy's current version: its goals, measures, plan and the indicator codes."""

    goals: list[Goal]
    measures: list[Measure]
    codes: dict[int, IndicatorCode]
    measure_rows: dict[str, _Rows]


def _load_version(strategy: Strategy) -> tuple[list[Goal], list[Measure], list[MeasureIndicator]]:
    """The goals, measures and planned indicators of the strategy's current version (three
    queries)."""
    version_id = strategy.current_version_id
    goals = list(Goal.objects.filter(version_id=version_id).order_by("code"))
    measures = list(
        Measure.objects.filter(version_id=version_id)
        .select_related("specific_goal")
        .order_by("code")
    )
    return goals, measures, list(MeasureIndicator.objects.filter(version_id=version_id))


def _load_plan(
    strategy: Strategy,
    version: tuple[list[Goal], list[Measure], list[MeasureIndicator]],
    used: set[int],
) -> _Plan:
    """The version with the indicator codes planned or `used` by projects (one query);
    `measure_rows` holds the plan of every measure."""
    goals, measures, plan = version
    # the plan's codes by a subquery: one query even when nothing is planned or used
    planned = MeasureIndicator.objects.filter(version_id=strategy.current_version_id)
    codes = {
        code.pk: code
        for code in IndicatorCode.objects.filter(
            Q(pk__in=sorted(used)) | Q(pk__in=planned.values("indicator_id"))
        )
    }
    measure_rows: dict[str, _Rows] = {m.code: _Rows(codes) for m in measures}
    code_of = {m.pk: m.code for m in measures}
    for item in plan:
        measure_rows[code_of[item.measure_id]].get_row(item.indicator_id).plan(item)
    return _Plan(goals, measures, codes, measure_rows)


def _replay_progress(strategy: Strategy, as_of: date | None) -> StrategyIndicators:
    """The indicators by replaying every committed value and report (six queries, eight with
    `as_of`, nine if the strategy's agglomeration is not loaded yet): the reference the summary
    is tested against."""
    intentions = ProjectIntention.objects.filter(call__strategy=strategy)
    version = _load_version(strategy)
    committed = list(
        IntentionIndicator.objects.filter(intention__in=intentions).values_list(
            "intention_id",
            "intention__measure_code",
            "intention__status",
            "indicator_id",
            "committed_value",
        )
    )
    values = ProgressValue.objects.filter(report__intention__in=intentions)
    intention_states: dict[int, str] | None = None
    report_states: dict[int, str] | None = None
    if as_of is None:
        values = values.filter(report__status=ReportStatus.APPROVED)
    else:
        values = values.filter(report__period_end__lte=as_of)
        time_zone = strategy.agglomeration.time_zone
        intention_states = _states_as_of(
            INTENTION_WORKFLOW, intentions.values("pk"), as_of, time_zone
        )
        report_states = _states_as_of(
            PROGRESS_WORKFLOW,
            ProgressReport.objects.filter(intention__in=intentions).values("pk"),
            as_of,
            time_zone,
        )
    achieved_rows = list(
        values.order_by("report__period_end", "report_id").values_list(
            "report_id",
            "report__intention_id",
            "report__intention__measure_code",
            "report__period_end",
            "indicator_id",
            "achieved",
        )
    )
    plan = _load_plan(
        strategy, version, {row[3] for row in committed} | {row[4] for row in achieved_rows}
    )
    _add_committed(plan.measure_rows, committed, intention_states)
    _add_achieved(plan.measure_rows, achieved_rows, report_states)
    return _roll_up(strategy, as_of, plan)


def _summary_progress(strategy: Strategy, as_of: date | None) -> StrategyIndicators:
    """The indicators read from the monitoring summary (six queries): committed values summed
    per measure and code, apart for contracted and endorsed projects (by the intention's status;
    on `as_of`, the status of its stage span covering the day), and the achieved spans covering
    the day (without a day: the `current` ones) summed per measure and code. Each group gives
    its sum and its largest value; the code's rule picks one, as the replay combines value by
    value."""
    version = _load_version(strategy)
    committed: QuerySet[Any, tuple[str, int]]
    if as_of is None:
        committed = IntentionIndicator.objects.filter(
            intention__call__strategy=strategy, intention__status__in=ENDORSED + CONTRACTED
        ).values_list("intention__measure_code", "indicator_id")
        status, value = "intention__status", "committed_value"
        achieved = IndicatorAchievedSpan.objects.filter(strategy=strategy, current=True)
    else:
        covering = (Q(valid_to=None) | Q(valid_to__gt=as_of), Q(valid_from__lte=as_of))
        committed = IntentionStageSpan.objects.filter(
            *covering,
            strategy=strategy,
            status__in=ENDORSED + CONTRACTED,
            intention__indicators__isnull=False,
        ).values_list("intention__measure_code", "intention__indicators__indicator_id")
        status, value = "status", "intention__indicators__committed_value"
        achieved = IndicatorAchievedSpan.objects.filter(*covering, strategy=strategy, current=False)
    contracted = Q(**{f"{status}__in": CONTRACTED})
    committed_sums = list(
        committed.annotate(
            contracted_total=Sum(value, filter=contracted),
            contracted_top=Max(value, filter=contracted),
            endorsed_total=Sum(value, filter=~contracted),
            endorsed_top=Max(value, filter=~contracted),
        ).order_by()
    )
    achieved_sums = list(
        achieved.values_list("intention__measure_code", "indicator_id")
        .annotate(total=Sum("achieved"), top=Max("achieved"))
        .order_by()
    )
    plan = _load_plan(strategy, version, {row[1] for row in committed_sums + achieved_sums})
    rows = plan.measure_rows
    for measure_code, indicator_id, *sums in committed_sums:
        if measure_code not in rows:
            continue
        row = rows[measure_code].get_row(indicator_id)
        largest = row.rule == Aggregation.MAX
        contracted_total, contracted_top, endorsed_total, endorsed_top = sums
        if contracted_total is not None:  # some project of the group is contracted
            amount = contracted_top if largest else contracted_total
            row.contracted = combine(row.rule, row.contracted, amount)
        if endorsed_total is not None:
            amount = endorsed_top if largest else endorsed_total
            row.endorsed = combine(row.rule, row.endorsed, amount)
    for measure_code, indicator_id, total, top in achieved_sums:
        if measure_code in rows:
            row = rows[measure_code].get_row(indicator_id)
            amount = top if row.rule == Aggregation.MAX else total
            row.achieved = combine(row.rule, row.achieved, amount)
    return _roll_up(strategy, as_of, plan)


def _roll_up(strategy: Strategy, as_of: date | None, plan: _Plan) -> StrategyIndicators:
    """Measures' rows combined into goals and the strategy by each code's rule."""
    codes = plan.codes
    goal_nodes = {goal.pk: GoalIndicators(goal) for goal in plan.goals}
    goal_rows: dict[int, _Rows] = {goal.pk: _Rows(codes) for goal in plan.goals}
    goal_apart: dict[int, set[int]] = {goal.pk: set() for goal in plan.goals}
    strategy_rows = _Rows(codes)
    strategy_apart: set[int] = set()
    for measure in plan.measures:
        goal_id = measure.specific_goal.goal_id
        rows = plan.measure_rows[measure.code]
        goal_nodes[goal_id].measures.append(MeasureIndicators(measure, rows.ordered()))
        for indicator_id, row in rows.items():
            if row.rule == Aggregation.NONE:
                goal_apart[goal_id].add(indicator_id)
                strategy_apart.add(indicator_id)
                continue
            goal_rows[goal_id].get_row(indicator_id).add(row)
            strategy_rows.get_row(indicator_id).add(row)
    for goal_id, node in goal_nodes.items():
        node.rows = goal_rows[goal_id].ordered()
        node.not_combined = _codes(codes, goal_apart[goal_id])
    return StrategyIndicators(
        strategy,
        as_of,
        list(goal_nodes.values()),
        strategy_rows.ordered(),
        _codes(codes, strategy_apart),
    )


def _codes(codes: dict[int, IndicatorCode], ids: set[int]) -> list[IndicatorCode]:
    return sorted((codes[pk] for pk in ids), key=lambda code: code.code)


__all__ = [
    "CONTRACTED",
    "ENDORSED",
    "GoalIndicators",
    "IndicatorRow",
    "MeasureIndicators",
    "StrategyIndicators",
    "combine",
    "indicator_progress",
]
