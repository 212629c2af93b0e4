"""Two imports of one agglomeration at the same time, on PostgreSQL: they run one after the
other, so an operation that both lists carry is created once and neither import fails.

Real connections and row locks, so these run only on PostgreSQL (`make test-pg`).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files import File

from aglomera.accounts.models import Role
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.actions import imports
from aglomera.monitoring.models import (
    ImportJob,
    ImportStatus,
    Operation,
    OperationSnapshot,
    SourceLayout,
)
from aglomera.monitoring.tests.import_helpers import AS_OF, every_row_is_ours, fixture
from aglomera.strategy.tests.test_concurrency import race

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _queued(world: PipelineWorld, source_name: str, actor: Any) -> ImportJob:
    path = fixture("cz_2014.csv")
    with path.open("rb") as handle:
        return imports.start_import(
            world.agglomeration,
            File(handle, name=path.name),
            file_name=path.name,
            source_name=source_name,
            layout=SourceLayout.CZ_2014,
            as_of=AS_OF,
            enqueue=False,
            actor=actor,
        )


def test_two_lists_with_the_same_operations_imported_at_once_create_them_once() -> None:
    # Given the same three operations in two sources' lists, both queued
    world = PipelineWorld.create()
    every_row_is_ours(world.agglomeration)
    manager = world.user(Role.MANAGER)
    first = _queued(world, "ŘO IROP", manager)
    second = _queued(world, "ŘO IROP – měsíční export", manager)
    # When both run at the same moment
    jobs = race(
        lambda: imports.run_import(first, actor=manager),
        lambda: imports.run_import(second, actor=manager),
    )
    # Then both succeed: one created the operations, the other found them unchanged
    assert [job.status for job in jobs] == [ImportStatus.SUCCEEDED] * 2
    assert sorted((job.created, job.unchanged) for job in jobs) == [(0, 3), (3, 0)]
    assert Operation.objects.count() == 3
    assert OperationSnapshot.objects.count() == 3
