"""Fixtures of the committee's tests."""

from __future__ import annotations

import copy

import pytest

from aglomera.committee.tests.world import CommitteeWorld
from aglomera.intentions.tests.builders import PipelineWorld


@pytest.fixture(scope="module")
def built_cw(pipeline_world: PipelineWorld) -> CommitteeWorld:
    """The committee world, built once per test module (aglomera/committee/tests/world.py)."""
    return CommitteeWorld.create(pipeline_world)


@pytest.fixture
def cw(db: None, built_cw: CommitteeWorld) -> CommitteeWorld:
    """A copy of the module's committee world for one test."""
    return copy.deepcopy(built_cw)
