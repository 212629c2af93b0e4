"""The monitoring summary: rebuilt by a command, kept current by the writes that change it, read
by the funnel in a pinned number of queries (the property test: test_summary_property.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from aglomera.accounts.models import Role
from aglomera.core.models import AuditEvent
from aglomera.intentions.models import IntentionStatus, ProjectIntention
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.actions import imports
from aglomera.monitoring.calculations import funnel
from aglomera.monitoring.calculations.funnel import FunnelFilters
from aglomera.monitoring.models import IntentionStageSpan, Operation
from aglomera.monitoring.queries import dashboard
from aglomera.monitoring.tests.import_helpers import cz_2014_csv, cz_row, import_file, write
from aglomera.monitoring.tests.test_funnel import at, submitted_on, walk_on
from aglomera.strategy.models import Strategy

S = IntentionStatus
D = Decimal
DAY = date(2025, 12, 31)
NUMBER = "CZ.06.2.56/0.0/0.0/16_043/0001234"


def both(world: PipelineWorld, day: date = DAY) -> tuple[Any, Any]:
    strategy = Strategy.objects.get(pk=world.strategy.pk)
    wanted = FunnelFilters(as_of=day)
    return funnel.money_funnel(strategy, wanted), funnel._replay_funnel(strategy, wanted)


def spans(intention: ProjectIntention) -> list[tuple[str, date, date | None, Decimal | None]]:
    return list(
        IntentionStageSpan.objects.filter(intention=intention)
        .order_by("valid_from")
        .values_list("stage", "valid_from", "valid_to", "contracted_eu")
    )


def contracted(world: PipelineWorld, number: str = NUMBER) -> ProjectIntention:
    intention = submitted_on(world, date(2025, 4, 15))
    intention = walk_on(world, intention, S.APPLICATION_FILED, date(2025, 7, 5))
    done: ProjectIntention = walk_on(world, intention, S.LEGAL_ACT, date(2025, 8, 20))
    ProjectIntention.objects.filter(pk=done.pk).update(registration_number=number)
    return done


def test_the_command_builds_the_summary_and_the_funnel_reads_it(world: PipelineWorld) -> None:
    # Given a contracted intention and a strategy whose summary was never built
    intention = contracted(world)
    assert not IntentionStageSpan.objects.exists()
    # When the command rebuilds the summaries of the agglomeration
    out = call_command("rebuild_strategy_summary", agglomeration=world.agglomeration.slug)
    # Then the intention has its spans, the strategy is marked built, the rebuild is audited,
    # and the funnel read from the summary is the replay's
    assert out == (
        "Rebuilt the monitoring summary of 1 strategies: 1 intentions, 3 spans, "
        "0 achieved value spans."
    )
    assert spans(intention) == [
        ("pipeline", date(2025, 4, 15), date(2025, 7, 5), None),
        ("applied", date(2025, 7, 5), date(2025, 8, 20), None),
        ("contracted", date(2025, 8, 20), None, None),
    ]
    assert Strategy.objects.get(pk=world.strategy.pk).summary_built_at is not None
    assert AuditEvent.objects.filter(code="monitoring.summary.rebuilt").count() == 1
    summed, replayed = both(world)
    assert summed == replayed
    assert summed.rows[0].amounts["contracted"] == D("10000000.00")


def test_the_command_rebuilds_every_strategy_or_refuses_an_unknown_agglomeration(
    world: PipelineWorld,
) -> None:
    assert call_command("rebuild_strategy_summary").startswith(
        "Rebuilt the monitoring summary of 1 strategies"
    )
    with pytest.raises(CommandError):
        call_command("rebuild_strategy_summary", agglomeration="nowhere")


def test_a_workflow_step_refreshes_the_intentions_spans(world: PipelineWorld) -> None:
    # Given a built summary and a submitted intention
    intention = submitted_on(world, date(2025, 4, 15))
    call_command("rebuild_strategy_summary")
    # When it moves on through the workflow
    walk_on(world, intention, S.LEGAL_ACT, date(2025, 9, 2))
    # Then its spans follow, and the funnel is still the replay's on any day
    assert [stage for stage, *_rest in spans(intention)] == ["pipeline", "contracted"]
    for day in (date(2025, 4, 14), date(2025, 6, 1), date(2025, 9, 2), DAY):
        summed, replayed = both(world, day)
        assert summed == replayed


def test_an_import_refreshes_the_intentions_of_the_operations_it_changed(
    world: PipelineWorld, tmp_path: Path
) -> None:
    # Given a contracted intention of a built strategy
    intention = contracted(world)
    call_command("rebuild_strategy_summary")
    # When a list with its operation is imported (the dry run first changes nothing)
    path = write(tmp_path, "list.csv", cz_2014_csv(cz_row(NUMBER, eu="850000")))
    manager = world.user(Role.MANAGER)
    import_file(world.agglomeration, path, actor=manager, dry_run=True)
    assert spans(intention)[-1][3] is None
    import_file(world.agglomeration, path, actor=manager, as_of=date(2025, 10, 1))
    # Then the contracted span takes the operation's EU contribution from its snapshot
    assert spans(intention)[-1][3] == D("850000.00")
    summed, replayed = both(world)
    assert summed == replayed
    assert summed.rows[0].amounts["contracted"] == D("850000.00")


def test_an_import_into_an_agglomeration_without_a_summary_refreshes_nothing(
    world: PipelineWorld, tmp_path: Path
) -> None:
    intention = contracted(world)
    path = write(tmp_path, "list.csv", cz_2014_csv(cz_row(NUMBER)))
    import_file(world.agglomeration, path, actor=world.user(Role.MANAGER))
    assert spans(intention) == []


def test_linking_an_operation_refreshes_both_intentions(world: PipelineWorld) -> None:
    # Given two contracted intentions of a built strategy and an operation of the first
    first = contracted(world)
    second = contracted(world, "CZ.2")
    operation = Operation.objects.create(
        agglomeration=world.agglomeration,
        registration_number="CZ.X",
        intention=first,
        name="Operace",
        beneficiary="Přerov",
        currency="CZK",
        eu_contribution=D("3000000.00"),
    )
    call_command("rebuild_strategy_summary")
    assert spans(first)[-1][3] == D("3000000.00")
    # When staff link the operation to the second intention
    with at(date(2025, 11, 3)):
        imports.link_operation(operation, second, actor=world.user(Role.MANAGER))
    # Then the first one counts its requested support again and the second the operation's
    assert (spans(first)[-1][3], spans(second)[-1][3]) == (None, D("3000000.00"))
    summed, replayed = both(world)
    assert summed == replayed


def test_the_funnel_from_the_summary_runs_a_pinned_number_of_queries(
    world: PipelineWorld, django_assert_num_queries: Any
) -> None:
    # Rates, plan lines, measure names, the rows' keys, the spans on the day, the months the
    # spans start and end, and the first month money moved
    contracted(world)
    call_command("rebuild_strategy_summary")
    strategy = Strategy.objects.select_related("agglomeration").get(pk=world.strategy.pk)
    with django_assert_num_queries(8):
        funnel.money_funnel(strategy, FunnelFilters(as_of=DAY))


def test_the_dashboard_of_a_built_strategy_runs_a_pinned_number_of_queries(
    world: PipelineWorld, django_assert_num_queries: Any
) -> None:
    contracted(world)
    call_command("rebuild_strategy_summary")
    agglomeration = world.agglomeration
    # the funnel (8) and the indicators from the summary (6)
    with django_assert_num_queries(18):
        board = dashboard.get_dashboard(
            agglomeration, strategy_id=None, filters=FunnelFilters(as_of=DAY)
        )
    assert board.funnel is not None
    assert board.funnel.rows[0].counts["contracted"] == 1
