from __future__ import annotations

import copy
from collections.abc import Iterator

import pytest
import time_machine

from aglomera.intentions.tests.builders import DURING
from aglomera.portal.tests import sections_world
from aglomera.portal.tests.projects_world import ProjectsWorld, build_projects_world
from aglomera.portal.tests.sections_world import Sections


@pytest.fixture
def sections(db: None) -> Iterator[Sections]:
    """The sections' world, with the clock at DURING for the whole test."""
    with time_machine.travel(DURING, tick=False):
        yield sections_world.build()


@pytest.fixture(scope="module")
def projects_world(module_db: None) -> ProjectsWorld:
    return build_projects_world()


@pytest.fixture
def pw(db: None, projects_world: ProjectsWorld) -> ProjectsWorld:
    return copy.deepcopy(projects_world)
