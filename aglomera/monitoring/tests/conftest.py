"""Fixtures shared by the monitoring tests (a module may define its own `world` instead)."""

from __future__ import annotations

import copy

import pytest

from aglomera.intentions.tests.builders import PipelineWorld


@pytest.fixture
def world(db: None, pipeline_world: PipelineWorld) -> PipelineWorld:
    """An agglomeration with an approved strategy, an announced call, applicants and one user
    per role (aglomera/intentions/tests/builders.py)."""
    return copy.deepcopy(pipeline_world)
