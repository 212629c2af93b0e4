"""The monitoring summary always gives the funnel of the replay (property-based).

Random histories: intentions with random workflow statuses at random moments (same-day ties,
steps around midnight in the agglomeration's time zone), random requested EU support, matched
operations with known or unknown (None) figures and dated snapshots, payment records; then the
funnel read from the summary equals the funnel of the replay on random days and filters.
`FunnelRow.monthly` (the months of the conversion month by month) is compared without its
months that changed nothing: the replay also notes months whose paid and certified stayed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from aglomera.core.models import StatusChange
from aglomera.intentions.models import IntentionStatus, ProjectIntention
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.intentions.transitions import WORKFLOW
from aglomera.monitoring.actions.summary import rebuild_strategy_summary
from aglomera.monitoring.calculations import funnel
from aglomera.monitoring.calculations.funnel import Funnel, FunnelFilters
from aglomera.monitoring.models import (
    ImportJob,
    Operation,
    OperationSnapshot,
    OperationSource,
    Payment,
    PaymentKind,
    SourceLayout,
)
from aglomera.monitoring.tests.test_funnel import a_call
from aglomera.strategy.models import ExchangeRate
from aglomera.strategy.tests.builders import make_programmes

S = IntentionStatus
START = date(2025, 1, 1)
DAYS = 420
STATUSES = [s.value for s in S if s != S.DRAFT]

amounts = st.sampled_from([Decimal("0.00"), Decimal("1000.00"), Decimal("2500000.50")])
maybe = st.one_of(st.none(), amounts)
days = st.integers(0, DAYS).map(lambda n: START + timedelta(days=n))
# Around midnight in Prague (22:00-23:59 UTC is the next day in summer or winter time)
moments = st.tuples(days, st.sampled_from([0, 10, 21, 22, 23]), st.sampled_from([0, 30, 59])).map(
    lambda t: datetime(t[0].year, t[0].month, t[0].day, t[1], t[2], tzinfo=UTC)
)
snapshots = st.lists(st.tuples(days, amounts, maybe, maybe, st.booleans()), max_size=2)
operations = st.lists(st.tuples(maybe, maybe, maybe, st.booleans(), snapshots), max_size=2)
payments = st.lists(
    st.tuples(st.sampled_from([PaymentKind.PAID, PaymentKind.CERTIFIED]), days, amounts),
    max_size=3,
)
histories = st.lists(st.tuples(st.sampled_from(STATUSES), moments), min_size=1, max_size=6)
# requested EU, history, operations, payments, measure, in the PLN call (or the CZK one)
intentions = st.lists(
    st.tuples(
        amounts, histories, operations, payments, st.sampled_from(["2.1.1", "9.9"]), st.booleans()
    ),
    min_size=1,
    max_size=4,
)
filters = st.sampled_from(
    [{}, {"measure_code": "2.1.1"}, {"measure_code": "9.9"}, {"year": 2025}, {"year": 2024}]
)


def build(world: PipelineWorld, drawn: list[Any]) -> None:
    content_type = ContentType.objects.get_for_model(ProjectIntention)
    source, _ = OperationSource.objects.get_or_create(
        agglomeration=world.agglomeration, name="MS2021+", layout=SourceLayout.CZ_2021
    )
    polish = (
        a_call(world, "8", make_programmes().feo_mobility) if any(d[5] for d in drawn) else None
    )
    for number, (requested, history, ops, paid, measure, in_pln) in enumerate(drawn):
        call = polish if in_pln and polish is not None else world.call
        intention = world.draft(requested_eu=requested, measure_code=measure, call=call)
        for old, (new, moment) in zip([S.DRAFT, *(h[0] for h in history)], history, strict=False):
            StatusChange.objects.create(
                workflow=WORKFLOW,
                content_type=content_type,
                object_id=intention.pk,
                old_status=old,
                new_status=new,
                created_at=moment,
            )
        # the current status is the last one recorded (a test sets it without the workflow)
        last = sorted(history, key=lambda h: h[1])[-1][0]
        ProjectIntention.objects.filter(pk=intention.pk).update(status=last)
        for index, (eu, paid_eu, certified, derived, snaps) in enumerate(ops):
            operation = Operation.objects.create(
                agglomeration=world.agglomeration,
                registration_number=f"CZ.{number}.{index}",
                intention=intention,
                name="Operace",
                beneficiary="Přerov",
                currency="CZK",
                eu_contribution=eu,
                paid_eu=paid_eu,
                certified_eu=certified,
                paid_eu_derived=derived,
            )
            for day, snap_eu, snap_paid, snap_certified, snap_derived in snaps:
                job = ImportJob.objects.create(
                    agglomeration=world.agglomeration, source=source, file_name="l.xlsx", as_of=day
                )
                OperationSnapshot.objects.create(
                    operation=operation,
                    job=job,
                    as_of=day,
                    eligible_cost=snap_eu,
                    eu_contribution=snap_eu,
                    paid_eu=snap_paid,
                    certified_eu=snap_certified,
                    paid_eu_derived=snap_derived,
                )
        for kind, day, amount in paid:
            Payment.objects.create(intention=intention, kind=kind, on=day, amount=amount)


def comparable(result: Funnel) -> Funnel:
    rows = [
        replace(row, monthly={m: v for m, v in row.monthly.items() if any(v)})
        for row in result.rows
    ]
    return replace(result, rows=rows)


@pytest.mark.django_db(transaction=False)
@settings(
    max_examples=50,
    derandomize=True,
    deadline=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=intentions, as_of=st.lists(days, min_size=1, max_size=3), chosen=filters)
def test_the_summary_gives_the_funnel_of_the_replay(
    world: PipelineWorld, drawn: list[Any], as_of: list[date], chosen: dict[str, Any]
) -> None:
    with transaction.atomic():
        # Given random histories, operations and payments, rates for some months only
        for currency, month in (("CZK", 3), ("CZK", 9), ("PLN", 5)):
            ExchangeRate.objects.create(
                agglomeration=world.agglomeration,
                currency=currency,
                valid_from=date(2025, month, 1),
                units_per_eur=Decimal("25.000") if currency == "CZK" else Decimal("4.3"),
            )
        build(world, drawn)
        # When the summary is built
        rebuild_strategy_summary(world.strategy)
        strategy = world.strategy
        for day in as_of:
            wanted = FunnelFilters(as_of=day, **chosen)
            # Then on every day the summary's funnel is the replay's
            replayed = funnel._replay_funnel(strategy, wanted)
            summed = funnel.money_funnel(strategy, wanted)
            assert comparable(summed) == comparable(replayed)
        transaction.set_rollback(True)
