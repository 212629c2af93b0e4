"""The dashboard's figures come from the cache on a second look, per agglomeration, filters,
language and day, and are recomputed once the data changed."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aglomera.accounts.models import Role
from aglomera.core.freshness import GENERATION_KEY
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.tests.test_dashboard import chart_data, client_for, contracted_world, url

__all__ = ["contracted_world"]  # the module-scoped world of test_dashboard.py


@pytest.fixture
def world(db: None, contracted_world: PipelineWorld) -> PipelineWorld:
    return copy.deepcopy(contracted_world)


@pytest.fixture(autouse=True)
def dashboard_cache(settings: Any) -> Iterator[None]:
    settings.DASHBOARD_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def queries_of(client: Any, address: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_a_second_look_reads_the_figures_from_the_cache(world: PipelineWorld) -> None:
    client = client_for(world, Role.MANAGER)
    address = url(world, as_of="2025-12-31")
    client.get(url(world))  # warm the session and content-type caches
    computed, first = queries_of(client, address)
    cached, second = queries_of(client, address)
    # Only the session, the user, the agglomeration and the memberships are read again.
    assert cached == 4 < computed
    for chart in ("funnel-data", "absorption-data"):
        assert chart_data(second, chart) == chart_data(first, chart)
    # Another member of staff of the same agglomeration gets the same figures.
    assert queries_of(client_for(world, Role.COORDINATOR), address)[0] == cached


def test_other_filters_another_language_or_new_data_are_computed(world: PipelineWorld) -> None:
    client = client_for(world, Role.MANAGER)
    address = url(world, as_of="2025-12-31")
    client.get(url(world))
    computed, _ = queries_of(client, address)
    assert queries_of(client, url(world, as_of="2025-11-30"))[0] == computed
    language, rest = address[1:].split("/", 1)
    other = "pl" if language != "pl" else "cs"
    assert queries_of(client, f"/{other}/{rest}")[0] == computed
    cache.set(GENERATION_KEY, "after-a-write")
    assert queries_of(client, address)[0] == computed


def test_turned_off_every_look_computes(world: PipelineWorld, settings: Any) -> None:
    settings.DASHBOARD_CACHE_SECONDS = 0
    client = client_for(world, Role.MANAGER)
    address = url(world, as_of="2025-12-31")
    client.get(address)
    first, _ = queries_of(client, address)
    assert queries_of(client, address)[0] == first > 4
