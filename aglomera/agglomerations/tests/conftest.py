"""Fixtures of the agglomerations' tests."""

from __future__ import annotations

import copy

import pytest

from aglomera.intentions.tests.builders import PipelineWorld


@pytest.fixture
def world(db: None, pipeline_world: PipelineWorld) -> PipelineWorld:
    """A copy of the module's pipeline world (Olomouc, a user per role, Přerov and the
    university); a test module may build its own instead."""
    return copy.deepcopy(pipeline_world)
