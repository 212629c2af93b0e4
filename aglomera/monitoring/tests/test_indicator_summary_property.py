"""The monitoring summary always gives the indicators of the replay (property-based).

Random histories: projects of measures in the plan and outside it, committing random values of
indicator codes of every aggregation rule (summed, largest value, not combined), with random
workflow steps at random moments (same-day ties, steps around midnight), and progress reports
with random periods, values (of codes they committed or not), status histories and present
statuses (a report whose status was set without the workflow has no history). The agglomeration
is in Prague or in Tokyo. Then `indicator_progress` read from the summary equals the replay
(`_replay_progress`) without a date and on random days.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from aglomera.core.models import StatusChange
from aglomera.intentions.models import IntentionIndicator, IntentionStatus, ProjectIntention
from aglomera.intentions.transitions import WORKFLOW
from aglomera.monitoring.actions.summary import rebuild_strategy_summary
from aglomera.monitoring.calculations import indicators
from aglomera.monitoring.models import ProgressReport, ProgressValue, ReportStatus
from aglomera.monitoring.tests.test_indicators import IndicatorWorld, make_indicator_world
from aglomera.monitoring.transitions import PROGRESS_WORKFLOW
from aglomera.strategy.models import IndicatorCode, Strategy

S = IntentionStatus
START = date(2025, 1, 1)
DAYS = 40  # few days: the drawn days often meet a step or a period end
# Endorsed, contracted and others (what the indicators tell apart), the first two more often
STATUSES = [S.SUBMITTED, S.COMPLIANT, S.APPLICATION_FILED, S.LEGAL_ACT, S.IN_IMPLEMENTATION,
            S.SUSTAINABILITY, S.WITHDRAWN, S.REJECTED_BY_MA]  # fmt: skip
R = ReportStatus
REPORT_STATUSES = [R.DRAFT, R.SUBMITTED, R.RETURNED, R.APPROVED, R.APPROVED]
# summed (output, result), largest value (RCO74), not combined across measures (RCR50)
CODES = ["T-CYKLO", "T-EMISE", "RCO74", "RCR50"]

values = st.sampled_from([Decimal("0"), Decimal("1.5"), Decimal("8"), Decimal("1000.125")])
days = st.integers(0, DAYS).map(lambda n: START + timedelta(days=n))
# Around midnight in Prague and in Tokyo (15:00 UTC is midnight in Tokyo)
moments = st.tuples(days, st.sampled_from([0, 14, 15, 22, 23]), st.sampled_from([0, 30, 59])).map(
    lambda t: datetime(t[0].year, t[0].month, t[0].day, t[1], t[2], tzinfo=UTC)
)
by_code = st.dictionaries(st.sampled_from(CODES), values, max_size=3)
histories = st.lists(st.tuples(st.sampled_from(STATUSES), moments), min_size=1, max_size=5)
report_histories = st.lists(
    st.tuples(st.sampled_from(REPORT_STATUSES), moments), min_size=0, max_size=3
)
# period end, values, status history, present status when it has no history
reports = st.lists(
    st.tuples(days, by_code, report_histories, st.sampled_from(REPORT_STATUSES)), max_size=3
)
# measure, history, committed values, reports
projects = st.lists(
    st.tuples(st.sampled_from(["2.1.1", "3.1.1", "7.7.7"]), histories, by_code, reports),
    min_size=1,
    max_size=5,
)


def _history(model: type[Any], workflow: str, pk: int, steps: list[tuple[str, datetime]]) -> None:
    content_type = ContentType.objects.get_for_model(model)
    first = S.DRAFT if workflow == WORKFLOW else ReportStatus.DRAFT
    for old, (new, moment) in zip([first, *(s[0] for s in steps)], steps, strict=False):
        StatusChange.objects.create(
            workflow=workflow,
            content_type=content_type,
            object_id=pk,
            old_status=old,
            new_status=new,
            created_at=moment,
        )


def _last(steps: list[tuple[str, datetime]]) -> str:
    return sorted(steps, key=lambda step: step[1])[-1][0]


def build(iw: IndicatorWorld, drawn: list[Any]) -> None:
    codes = {code.code: code for code in IndicatorCode.objects.filter(code__in=CODES)}
    for measure, history, committed, drawn_reports in drawn:
        intention = iw.world.draft(measure_code=measure)
        _history(ProjectIntention, WORKFLOW, intention.pk, history)
        # the present status is the last one recorded (set without the workflow)
        ProjectIntention.objects.filter(pk=intention.pk).update(status=_last(history))
        for code, value in committed.items():
            IntentionIndicator.objects.create(
                intention=intention, indicator=codes[code], committed_value=value
            )
        periods: set[date] = set()
        for period_end, achieved, steps, status in drawn_reports:
            if period_end in periods:
                continue  # one report per period
            periods.add(period_end)
            report = ProgressReport.objects.create(
                intention=intention,
                period_end=period_end,
                status=_last(steps) if steps else status,
            )
            _history(ProgressReport, PROGRESS_WORKFLOW, report.pk, steps)
            for code, value in achieved.items():
                ProgressValue.objects.create(report=report, indicator=codes[code], achieved=value)


def _contracted_with_population(value: str) -> tuple[Any, ...]:
    """A contracted project of 2.1.1 committing and achieving RCO74 (the largest value counts)."""
    moment = datetime(2025, 1, 10, 9, tzinfo=UTC)
    approved = [(R.SUBMITTED, moment), (R.APPROVED, moment + timedelta(days=1))]
    return (
        "2.1.1",
        [(S.LEGAL_ACT, moment)],
        {"RCO74": Decimal(value), "T-CYKLO": Decimal(value)},
        [(date(2025, 1, 5), {"RCO74": Decimal(value)}, approved, R.APPROVED)],
    )


@pytest.fixture
def iw(db: Any) -> IndicatorWorld:
    return make_indicator_world()


@pytest.mark.django_db(transaction=False)
@settings(
    max_examples=100,
    derandomize=True,
    deadline=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@example(
    drawn=[_contracted_with_population("8"), _contracted_with_population("1.5")],
    as_of=[None, date(2025, 1, 20)],
    zone="Europe/Prague",
)
@given(
    drawn=projects,
    as_of=st.lists(st.one_of(st.none(), days), min_size=1, max_size=4),
    zone=st.sampled_from(["Europe/Prague", "Asia/Tokyo"]),
)
def test_the_summary_gives_the_indicators_of_the_replay(
    iw: IndicatorWorld, drawn: list[Any], as_of: list[date | None], zone: str
) -> None:
    with transaction.atomic():
        # Given random projects, commitments, reports and histories
        agglomeration = iw.world.agglomeration
        agglomeration.time_zone = zone
        agglomeration.save(update_fields=["time_zone"])
        build(iw, drawn)
        replayed = [
            indicators.indicator_progress(Strategy.objects.get(pk=iw.world.strategy.pk), as_of=day)
            for day in as_of
        ]
        # When the summary is built
        rebuild_strategy_summary(iw.world.strategy)
        strategy = Strategy.objects.get(pk=iw.world.strategy.pk)
        assert strategy.summary_built_at is not None
        for day, before in zip(as_of, replayed, strict=True):
            # Then on every day (and without one) the summary's indicators are the replay's
            summed = indicators.indicator_progress(strategy, as_of=day)
            assert summed == before
            assert summed == indicators._replay_progress(strategy, day)
        transaction.set_rollback(True)
