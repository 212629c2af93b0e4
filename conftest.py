"""Suite-wide test settings: databases built from the models plus the reference data, fast
password hashing, login rate limit off, private files in a folder of each test's own,
`postgres` marker."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.db import connections, transaction
from django.test.utils import override_settings


@pytest.fixture(autouse=True, scope="session")
def _fast_test_settings() -> Iterator[None]:
    """MD5 hashing keeps user creation fast; django-axes and the idle-session logout are off
    unless a test turns them on.

    A test that exercises the login rate limit sets ``settings.AXES_ENABLED = True`` with
    pytest-django's ``settings`` fixture; one that exercises the idle logout sets
    ``settings.SESSION_IDLE_MINUTES`` (off here so that tests may travel in time signed in).
    """
    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        AXES_ENABLED=False,
        SESSION_IDLE_MINUTES=None,
    ):
        yield


@pytest.fixture(autouse=True)
def private_root(settings: Any, tmp_path: Path) -> Path:
    """Uploads, imported lists and generated reports of each test go to its own folder, never
    into the project's var/. The private storage (STORAGES["private"], a shared folder by
    default) is pointed there too: setting STORAGES makes Django drop its cached storages. The
    public media (the default storage: news photos) goes to the test's own folder as well."""
    root = tmp_path / "private"
    settings.PRIVATE_MEDIA_ROOT = root
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {
                "location": root,
                "file_permissions_mode": 0o600,
                "directory_permissions_mode": 0o700,
            },
        },
    }
    return root


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `postgres` (row locking, concurrency) only run against PostgreSQL."""
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (run `make test-pg`)")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in English (the language of the message ids); a request in another
    language must not leak into the next test. Tests of Czech or Polish texts say so."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


# The reference data that data migrations load into every database (migration module, function).
REFERENCE_DATA = (
    ("aglomera.strategy.migrations.0002_eu_common_indicators", "load_indicators"),
    ("aglomera.strategy.migrations.0004_indicator_aggregation", "set_aggregation"),
    ("aglomera.monitoring.migrations.0003_intervention_field_codebook", "load_intervention_fields"),
    ("aglomera.monitoring.migrations.0013_intervention_field_names_cs_pl", "add_names"),
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
        # Django snapshots only apps with migrations, and --no-migrations hides them all: with
        # the real migration modules back for a moment, every app (content types included) is
        # in the snapshot, as it was when the suite migrated.
        with override_settings(MIGRATION_MODULES={}):
            for connection in connections.all(initialized_only=True):
                snapshot = connection.creation.serialize_db_to_string()
                connection._test_serialized_contents = snapshot
    yield


@pytest.fixture(scope="module")
def module_db(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Rows built once for a whole test module, as Django's ``setUpTestData`` builds them once
    per class: a module fixture that asks for ``module_db`` writes inside a transaction that is
    rolled back when the module ends. Every test still runs in a savepoint of its own inside it
    (the ``db`` fixture), so what one test writes is gone before the next. The module fixture
    hands each test a ``copy.deepcopy`` of its objects, so in-memory changes do not leak either.

    Transactional tests (``django_db(transaction=True)``) cannot run inside it and build their
    own rows; pytest-django runs them after all the others, so they never meet an open one."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _module_data_guard(request: pytest.FixtureRequest) -> Iterator[None]:
    """Two ways a test breaks the module's open transaction (``module_db``) for the tests after
    it, said plainly at the test that does it: a transactional test, which cannot run inside
    it, and a test that closes the database connection (e.g. ``response.close()`` on a streamed
    file fires ``request_finished``; read it to its end instead)."""
    if "module_db" not in request.fixturenames:
        yield
        return
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction", marker.args[:1] == (True,)):
        pytest.fail("a transactional test must build its own rows, not use module data")
    yield
    if connections["default"].closed_in_transaction:
        pytest.fail("the test closed the database connection inside the module's data")


@pytest.fixture(scope="module")
def pipeline_world(module_db: None) -> Any:
    """The pipeline world (aglomera/intentions/tests/builders.py: an approved strategy, an
    announced call, applicants, one user per role), built once per module; a module's `world`
    fixture hands each test ``copy.deepcopy(pipeline_world)``."""
    from aglomera.intentions.tests.builders import PipelineWorld

    return PipelineWorld.create()
