"""Fixtures shared by the monitoring tests (a module may define its own `world` instead)."""

from __future__ import annotations

import copy

import pytest

from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.models import ScopeRule


@pytest.fixture
def world(db: None, pipeline_world: PipelineWorld) -> PipelineWorld:
    """An agglomeration with an approved strategy, an announced call, applicants and one user
    per role (aglomera/intentions/tests/builders.py).

    Its office keeps every row of every list it imports (a rule with no condition), so that the
    import tests need not tie each row to it; test_import_scope.py uses `bare_world`, which has
    no such rule."""
    world = copy.deepcopy(pipeline_world)
    ScopeRule.objects.create(agglomeration=world.agglomeration, note="every row is ours")
    return world


@pytest.fixture
def bare_world(db: None, pipeline_world: PipelineWorld) -> PipelineWorld:
    """The same world, whose office has no rule of what is ours."""
    return copy.deepcopy(pipeline_world)
