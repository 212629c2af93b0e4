"""Personas and fixtures shared by the tests of every app.

Alice manages the Olomouc strategy, Bob is a thematic coordinator there, Charlie applies for
money there; Mallory manages the Opole strategy and has no role in Olomouc.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.db import connections

from aglomera.accounts.models import Role, User
from aglomera.agglomerations.models import Agglomeration
from aglomera.strategy.models import IndicatorCode
from aglomera.strategy.tests.builders import (
    Programmes,
    Users,
    cycling_indicator,
    emissions_indicator,
    make_olomouc,
    make_opole,
    make_programmes,
    make_user,
)


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


@pytest.fixture
def olomouc(db: None) -> Agglomeration:
    return make_olomouc()


@pytest.fixture
def opole(db: None) -> Agglomeration:
    return make_opole()


@pytest.fixture
def users(db: None) -> Users:
    """`users(olomouc, Role.AUDITOR)`: the auditor of Olomouc, created on first use."""
    return Users()


@pytest.fixture
def alice(olomouc: Agglomeration) -> User:
    return make_user("alice", (olomouc, Role.MANAGER), first_name="Alice")


@pytest.fixture
def bob(olomouc: Agglomeration) -> User:
    return make_user("bob", (olomouc, Role.COORDINATOR), first_name="Bob")


@pytest.fixture
def charlie(olomouc: Agglomeration) -> User:
    return make_user("charlie", (olomouc, Role.APPLICANT), first_name="Charlie")


@pytest.fixture
def mallory(opole: Agglomeration) -> User:
    return make_user("mallory", (opole, Role.MANAGER), first_name="Mallory")


@pytest.fixture
def programmes(db: None) -> Programmes:
    return make_programmes()


@pytest.fixture
def cycling_km(db: None) -> IndicatorCode:
    """T-CYKLO (km of cycle paths), an output that should grow."""
    return cycling_indicator()


@pytest.fixture
def emissions(db: None) -> IndicatorCode:
    """T-EMISE (greenhouse gas emissions), a result that should fall."""
    return emissions_indicator()
