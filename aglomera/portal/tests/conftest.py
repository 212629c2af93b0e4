from __future__ import annotations

import copy

import pytest

from aglomera.portal.tests.projects_world import ProjectsWorld, build_projects_world


@pytest.fixture(scope="module")
def projects_world(module_db: None) -> ProjectsWorld:
    return build_projects_world()


@pytest.fixture
def pw(db: None, projects_world: ProjectsWorld) -> ProjectsWorld:
    return copy.deepcopy(projects_world)
