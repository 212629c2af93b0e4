"""The test databases of the whole suite (aglomera/ and tests/)."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.db import connections

# The reference data that data migrations load into every database (migration module, function).
REFERENCE_DATA = (
    ("aglomera.strategy.migrations.0002_eu_common_indicators", "load_indicators"),
    ("aglomera.monitoring.migrations.0003_intervention_field_codebook", "load_intervention_fields"),
)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """Test databases are created from the models (`--no-migrations` in pyproject: replaying 70
    migrations cost each worker 7 s), then get the reference data the data migrations load, by
    the migrations' own functions. The snapshot that transactional tests restore
    (serialized_rollback) is taken again so that it holds the reference data too. The
    migrations themselves run in the tests that migrate a fresh database
    (tests/test_demo_in_production.py, tests/test_worker_lease.py) and in `make demo`."""
    with django_db_blocker.unblock():
        for module, function in REFERENCE_DATA:
            getattr(importlib.import_module(module), function)(django_apps, None)
        for connection in connections.all(initialized_only=True):
            connection._test_serialized_contents = connection.creation.serialize_db_to_string()
    yield
