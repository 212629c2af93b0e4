"""Indicators: committed (endorsed / contracted) and achieved (approved reports, the latest one
per project) against baseline, milestone and target, rolled up measure -> goal -> strategy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from aglomera.accounts.models import Role
from aglomera.intentions.models import IntentionIndicator, IntentionStatus, ProjectIntention
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.actions import progress as actions
from aglomera.monitoring.actions.summary import rebuild_strategy_summary
from aglomera.monitoring.calculations.funnel import STAGE_OF_STATUS
from aglomera.monitoring.calculations.indicators import (
    CONTRACTED,
    ENDORSED,
    _replay_progress,
    indicator_progress,
)
from aglomera.monitoring.calculations.summary import ReportTrack, achieved_spans
from aglomera.monitoring.models import IndicatorAchievedSpan, ProgressReport, ReportStatus
from aglomera.strategy import actions as strategy_actions
from aglomera.strategy.models import IndicatorCode, Measure, Strategy
from aglomera.strategy.tests.builders import approve, cycling_indicator, emissions_indicator

S = IntentionStatus
R = ReportStatus
D = Decimal


@dataclass
class IndicatorWorld:
    """Goal 2 (measure 2.1.1) and goal 3 (measures 3.1.1, 3.1.2) with planned indicators:

    T-CYKLO on 2.1.1: baseline 0, milestone 2, target 10; on 3.1.1: baseline 1, no milestone,
    target 20. T-EMISE on 3.1.2: baseline 100, milestone 90, target 50.
    """

    world: PipelineWorld
    cycling: IndicatorCode
    emissions: IndicatorCode

    def project(
        self, status: str, measure_code: str = "2.1.1", **committed: str
    ) -> ProjectIntention:
        """A project of `measure_code` committing {indicator code: value}, walked to `status`."""
        draft = self.world.draft(measure_code=measure_code)
        for code, value in committed.items():
            IntentionIndicator.objects.create(
                intention=draft,
                indicator=IndicatorCode.objects.get(code=code.replace("_", "-")),
                committed_value=Decimal(value),
            )
        return self.world.walk(draft, status)

    def report(
        self,
        intention: ProjectIntention,
        period_end: date,
        to: str = R.APPROVED,
        **values: str,
    ) -> ProgressReport:
        """A report of `values` walked to `to` (submitted, returned or approved)."""
        report = actions.create_progress_report(
            intention,
            period_end=period_end,
            values={
                IndicatorCode.objects.get(code=code.replace("_", "-")).pk: value
                for code, value in values.items()
            },
            actor=self.world.user(Role.APPLICANT),
            today=date(2026, 12, 31),
        )
        if to == R.DRAFT:
            return report
        report = actions.move_progress_report(
            report, R.SUBMITTED, actor=self.world.user(Role.APPLICANT)
        )
        if to != R.SUBMITTED:
            report = actions.move_progress_report(
                report, to, actor=self.world.user(Role.COORDINATOR), reason="checked"
            )
        return report


def make_indicator_world(world: PipelineWorld | None = None) -> IndicatorWorld:
    world = world or PipelineWorld.create()
    manager = world.user(Role.MANAGER)
    cycling, emissions = cycling_indicator(), emissions_indicator()
    version = strategy_actions.start_amendment(world.strategy, "Indicators", actor=manager)
    goal = strategy_actions.add_goal(version, "3", {"cs": "Doprava"}, actor=manager)
    sgoal = strategy_actions.add_specific_goal(
        version, goal, "3.1", {"cs": "Mobilita"}, actor=manager
    )
    for code in ("3.1.1", "3.1.2"):
        strategy_actions.save_measure(
            version, specific_goal=sgoal, code=code, name={"cs": f"Opatření {code}"}, actor=manager
        )
    measures = {m.code: m for m in Measure.objects.filter(version=version)}
    for code, indicator, baseline, milestone, target in (
        ("2.1.1", cycling, "0", "2", "10"),
        ("3.1.1", cycling, "1", None, "20"),
        ("3.1.2", emissions, "100", "90", "50"),
    ):
        strategy_actions.set_measure_indicator(
            version,
            measure=measures[code],
            indicator=indicator,
            baseline=Decimal(baseline),
            milestone_2024=None if milestone is None else Decimal(milestone),
            target_2029=Decimal(target),
            actor=manager,
        )
    approve(version, manager)
    world.strategy.refresh_from_db()
    return IndicatorWorld(world, cycling, emissions)


@pytest.fixture
def iw(db: Any) -> IndicatorWorld:
    return make_indicator_world()


def test_it_shows_the_plan_of_the_current_version_with_nothing_committed(
    iw: IndicatorWorld,
) -> None:
    # When nothing is endorsed yet
    result = indicator_progress(iw.world.strategy)
    # Then every planned indicator is there with its baseline, milestone and target
    node = result.measure("2.1.1")
    assert node is not None
    [row] = node.rows
    assert (row.indicator.code, row.baseline, row.milestone_2024, row.target_2029) == (
        "T-CYKLO",
        Decimal("0"),
        Decimal("2"),
        Decimal("10"),
    )
    assert (row.committed, row.achieved, row.committed_percent) == (
        Decimal(0),
        Decimal(0),
        Decimal(0),
    )
    assert result.measure("9.9.9") is None


def test_it_splits_committed_values_into_endorsed_and_contracted(iw: IndicatorWorld) -> None:
    # Given projects of measure 2.1.1 at different states
    iw.project(S.SUBMITTED, T_CYKLO="100")  # not endorsed: does not count
    iw.project(S.RECOMMENDED, T_CYKLO="100")  # not endorsed yet
    iw.project(S.COMPLIANT, T_CYKLO="1.5")
    iw.project(S.APPLICATION_FILED, T_CYKLO="2")
    iw.project(S.LEGAL_ACT, T_CYKLO="3")
    iw.project(S.SUSTAINABILITY, T_CYKLO="4")
    iw.project(S.WITHDRAWN, T_CYKLO="100")
    # When the indicators are computed
    node = indicator_progress(iw.world.strategy).measure("2.1.1")
    # Then endorsed = compliant .. application filed, contracted = legal act and later
    assert node is not None
    [row] = node.rows
    assert row.endorsed == Decimal("3.5")
    assert row.contracted == Decimal("7")
    assert row.committed == Decimal("10.5")
    assert row.committed_percent == Decimal("105.0")


def test_it_rolls_up_measure_goal_strategy_per_indicator_code(iw: IndicatorWorld) -> None:
    # Given cycling km committed in measures of two goals, and emissions in goal 3
    iw.project(S.LEGAL_ACT, "2.1.1", T_CYKLO="4")
    iw.project(S.COMPLIANT, "3.1.1", T_CYKLO="6")
    iw.project(S.IN_IMPLEMENTATION, "3.1.1", T_CYKLO="5")
    iw.project(S.LEGAL_ACT, "3.1.2", T_EMISE="30")
    # When the indicators are computed
    result = indicator_progress(iw.world.strategy)
    # Then the goal sums its measures and the strategy its goals, per code
    goal3 = result.goal("3")
    assert goal3 is not None
    cycling3, emissions3 = goal3.rows
    assert (cycling3.indicator.code, cycling3.baseline, cycling3.target_2029) == (
        "T-CYKLO",
        Decimal("1"),
        Decimal("20"),
    )
    assert cycling3.milestone_2024 is None  # no measure below sets one
    assert (cycling3.endorsed, cycling3.contracted) == (Decimal("6"), Decimal("5"))
    assert emissions3.contracted == Decimal("30")
    cycling, emissions = result.rows
    assert cycling.target_2029 == Decimal("30")
    assert cycling.milestone_2024 == Decimal("2")
    assert cycling.committed == Decimal("15")
    assert emissions.committed == Decimal("30")
    assert [g.goal.code for g in result.goals] == ["2", "3"]
    assert [m.measure.code for m in goal3.measures] == ["3.1.1", "3.1.2"]


def test_a_committed_indicator_that_the_measure_does_not_plan_is_shown_without_target(
    iw: IndicatorWorld,
) -> None:
    # Given a project of 2.1.1 that commits emissions, which 2.1.1 does not plan
    iw.project(S.COMPLIANT, "2.1.1", T_EMISE="7")
    # When the indicators are computed
    node = indicator_progress(iw.world.strategy).measure("2.1.1")
    # Then the row is there, unplanned, without a target or percent
    assert node is not None
    unplanned = next(r for r in node.rows if r.indicator.code == "T-EMISE")
    assert (unplanned.planned, unplanned.target_2029, unplanned.committed) == (
        False,
        None,
        Decimal("7"),
    )
    assert unplanned.achieved_percent is None


def test_a_project_of_a_measure_missing_from_the_version_is_left_out(iw: IndicatorWorld) -> None:
    # Given a project whose measure code is not in the current version
    iw.project(S.COMPLIANT, "7.7.7", T_CYKLO="50")
    # Then nothing is attributed anywhere
    result = indicator_progress(iw.world.strategy)
    assert result.rows[0].committed == 0


@time_machine.travel(date(2026, 12, 31), tick=False)
def test_only_the_latest_approved_report_counts_because_reports_are_cumulative(
    iw: IndicatorWorld,
) -> None:
    # Given a project with approved reports of 3 km (2025) and 5 km (2026)
    project = iw.project(S.IN_IMPLEMENTATION, "2.1.1", T_CYKLO="8")
    iw.report(project, date(2025, 12, 31), T_CYKLO="3")
    iw.report(project, date(2026, 6, 30), T_CYKLO="5")
    # and later reports that are not approved (submitted, returned, draft)
    iw.report(project, date(2026, 9, 30), R.SUBMITTED, T_CYKLO="7")
    iw.report(project, date(2026, 10, 31), R.RETURNED, T_CYKLO="7.5")
    iw.report(project, date(2026, 11, 30), R.DRAFT, T_CYKLO="8")
    # and another project with 2 km approved in measure 3.1.1
    other = iw.project(S.IN_IMPLEMENTATION, "3.1.1", T_CYKLO="4")
    iw.report(other, date(2026, 6, 30), T_CYKLO="2")
    # When the indicators are computed
    result = indicator_progress(iw.world.strategy)
    # Then achieved is 5 (not 3 + 5) in 2.1.1 and 7 for the strategy
    node = result.measure("2.1.1")
    assert node is not None
    assert node.rows[0].achieved == Decimal("5")
    assert node.rows[0].achieved_percent == Decimal("50.0")
    assert result.rows[0].achieved == Decimal("7")


@time_machine.travel(date(2026, 12, 31), tick=False)
def test_as_of_a_date_reads_states_and_approvals_from_the_history(iw: IndicatorWorld) -> None:
    # Given (at the end of 2026) a contracted project with an approved report
    project = iw.project(S.IN_IMPLEMENTATION, "2.1.1", T_CYKLO="8")
    iw.report(project, date(2026, 6, 30), T_CYKLO="5")
    # When the indicators are asked as of a day before anything happened
    before = indicator_progress(iw.world.strategy, as_of=date(2024, 1, 1))
    # Then nothing was committed or achieved yet
    assert (before.rows[0].committed, before.rows[0].achieved) == (Decimal(0), Decimal(0))
    assert before.as_of == date(2024, 1, 1)
    # And as of today the same numbers as without a date
    today = indicator_progress(iw.world.strategy, as_of=date(2026, 12, 31))
    assert (today.rows[0].contracted, today.rows[0].achieved) == (Decimal("8"), Decimal("5"))
    # And a report whose period ends after the as-of day does not count
    mid = indicator_progress(iw.world.strategy, as_of=date(2026, 6, 29))
    assert mid.rows[0].achieved == 0


@time_machine.travel(date(2026, 12, 31), tick=False)
def test_as_of_ignores_unapproved_reports_and_keeps_the_latest_period_whatever_the_order(
    iw: IndicatorWorld,
) -> None:
    # Given a later period approved first, then an earlier one, and a submitted one
    project = iw.project(S.IN_IMPLEMENTATION, "2.1.1", T_CYKLO="8")
    iw.report(project, date(2026, 6, 30), T_CYKLO="6")
    iw.report(project, date(2026, 3, 31), T_CYKLO="2")
    iw.report(project, date(2026, 9, 30), R.SUBMITTED, T_CYKLO="7")
    # and an approved report of a project whose measure is not in the version
    stray = iw.project(S.IN_IMPLEMENTATION, "7.7.7", T_CYKLO="8")
    iw.report(stray, date(2026, 6, 30), T_CYKLO="4")
    # When asked as of today
    result = indicator_progress(iw.world.strategy, as_of=date(2026, 12, 31))
    # Then only the approved report with the latest period counts
    assert result.rows[0].achieved == Decimal("6")


def _count(django_assert_num_queries: Any, expected: int, **kwargs: Any) -> None:
    # read again: its agglomeration (the time zone of an as-of day) not yet loaded
    strategy = Strategy.objects.get(pk=kwargs.pop("strategy").pk)
    with django_assert_num_queries(expected):
        indicator_progress(strategy, **kwargs)


@time_machine.travel(date(2026, 12, 31), tick=False)
def test_the_query_count_does_not_grow_with_projects_and_reports(
    iw: IndicatorWorld, django_assert_num_queries: Any
) -> None:
    # Given one project with a report
    project = iw.project(S.IN_IMPLEMENTATION, "2.1.1", T_CYKLO="8")
    iw.report(project, date(2026, 6, 30), T_CYKLO="5")
    strategy = iw.world.strategy
    _count(django_assert_num_queries, 6, strategy=strategy)
    _count(django_assert_num_queries, 9, strategy=strategy, as_of=date(2026, 12, 31))
    # When there are many more projects, reports and codes
    for index in range(4):
        more = iw.project(S.IN_IMPLEMENTATION, "3.1.1", T_CYKLO="8", T_EMISE="3")
        iw.report(more, date(2026, 3, 31), T_CYKLO=str(index), T_EMISE="1")
        iw.report(more, date(2026, 6, 30), T_CYKLO=str(index + 1), T_EMISE="2")
    # Then the counts are the same
    _count(django_assert_num_queries, 6, strategy=strategy)
    _count(django_assert_num_queries, 9, strategy=strategy, as_of=date(2026, 12, 31))


def _achieved_spans(project: ProjectIntention) -> list[tuple[bool, Any, Any, Decimal]]:
    return list(
        IndicatorAchievedSpan.objects.filter(intention=project)
        .order_by("current", "valid_from")
        .values_list("current", "valid_from", "valid_to", "achieved")
    )


@time_machine.travel(date(2026, 12, 31), tick=False)
def test_a_built_strategy_reads_the_summary_in_a_pinned_number_of_queries(
    iw: IndicatorWorld, django_assert_num_queries: Any
) -> None:
    # Given a project with an approved report, and the summary built
    project = iw.project(S.IN_IMPLEMENTATION, "2.1.1", T_CYKLO="8")
    iw.report(project, date(2026, 6, 30), T_CYKLO="5")
    rebuild_strategy_summary(iw.world.strategy)
    # Then goals, measures, plan, codes, committed and achieved: six queries with a day or not
    _count(django_assert_num_queries, 6, strategy=iw.world.strategy)
    _count(django_assert_num_queries, 6, strategy=iw.world.strategy, as_of=date(2026, 12, 31))
    # When there are many more projects and reports
    for index in range(4):
        more = iw.project(S.IN_IMPLEMENTATION, "3.1.1", T_CYKLO="8")
        iw.report(more, date(2026, 3, 31), T_CYKLO=str(index))
        iw.report(more, date(2026, 6, 30), T_CYKLO=str(index + 1))
    iw.project(S.COMPLIANT, "3.1.2", T_EMISE="4")
    # Then the counts are the same, and the figures those of the replay
    _count(django_assert_num_queries, 6, strategy=iw.world.strategy)
    _count(django_assert_num_queries, 6, strategy=iw.world.strategy, as_of=date(2026, 12, 31))
    strategy = Strategy.objects.get(pk=iw.world.strategy.pk)
    for day in (None, date(2026, 6, 30), date(2026, 12, 31)):
        assert indicator_progress(strategy, as_of=day) == _replay_progress(strategy, day)
    node = indicator_progress(strategy).measure("3.1.1")
    assert node is not None
    assert node.rows[0].achieved == Decimal("10")  # 1 + 2 + 3 + 4, the latest reports


@time_machine.travel(date(2026, 12, 31), tick=False)
def test_a_report_step_rewrites_the_achieved_spans_of_a_built_strategy(
    iw: IndicatorWorld,
) -> None:
    # Given a project whose strategy's summary is built
    project = iw.project(S.IN_IMPLEMENTATION, "2.1.1", T_CYKLO="8")
    rebuild_strategy_summary(iw.world.strategy)
    # When a report is submitted, nothing is achieved yet
    report = iw.report(project, date(2026, 6, 30), R.SUBMITTED, T_CYKLO="5")
    assert _achieved_spans(project) == []
    # When it is approved (today, after its period ended), it counts from today
    actions.move_progress_report(report, R.APPROVED, actor=iw.world.user(Role.COORDINATOR))
    assert _achieved_spans(project) == [
        (False, date(2026, 12, 31), None, Decimal("5")),
        (True, None, None, Decimal("5")),
    ]
    strategy = Strategy.objects.get(pk=iw.world.strategy.pk)
    assert indicator_progress(strategy, as_of=date(2026, 12, 31)).rows[0].achieved == 5


def test_a_report_approved_before_its_period_ends_counts_from_the_period_end() -> None:
    # A report approved on 1 June for a period ending 30 June, then one for a later period
    # approved on 1 October (without the value of the second code)
    early = ReportTrack(
        date(2026, 6, 30), R.APPROVED, [date(2026, 6, 1)], [R.APPROVED], {1: D("2"), 2: D("1")}
    )
    later = ReportTrack(
        date(2026, 9, 30), R.APPROVED, [date(2026, 10, 1)], [R.APPROVED], {1: D("2")}
    )
    spans = achieved_spans(7, 3, [later, early])
    assert [(s.indicator_id, s.current, s.valid_from, s.valid_to, s.achieved) for s in spans] == [
        # the same value from the later report: one span
        (1, False, date(2026, 6, 30), None, D("2")),
        (2, False, date(2026, 6, 30), None, D("1")),
        (1, True, None, None, D("2")),
        (2, True, None, None, D("1")),
    ]


def test_every_committing_status_is_a_stage_of_the_funnel() -> None:
    # The summary reads an intention's status on a day from its stage spans, which only the
    # funnel's stages have: an endorsed or contracted status without a stage would be lost
    assert set(ENDORSED + CONTRACTED) <= set(STAGE_OF_STATUS)
