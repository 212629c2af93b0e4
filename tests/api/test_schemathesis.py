"""schemathesis against the committed schema (docs/api/openapi.yaml), run in-process on the Django
application: no generated input gets a 5xx from any operation, public or staff (with the
coordinator's token). Each operation tries at most MAX_EXAMPLES inputs, so that `make test`
stays fast; the data are the API world of tests/api/conftest.py (a strategy, a call, intentions
in several states, public projects, a resolution), built once for the module."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.test.client import ClientHandler
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from tests.api.conftest import ApiWorld

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.yaml"
MAX_EXAMPLES = 20
KNOWN_SLUG = "olomouc"


class DjangoTestApp:
    """The Django application as WSGI, through Django's test handler: unlike config.wsgi it
    does not close the database connection after each request (the test's transaction stays
    open) and it checks CSRF as a browser's request would be checked."""

    def __init__(self) -> None:
        self.handler = ClientHandler(enforce_csrf_checks=True)

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        response = self.handler(environ)
        headers = list(response.items())
        headers += [
            ("Set-Cookie", cookie.output(header="")) for cookie in response.cookies.values()
        ]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        return [response.content]


schema = schemathesis.openapi.from_path(COMMITTED)
schema.app = DjangoTestApp()


@pytest.fixture(autouse=True)
def _no_throttling(settings: Any) -> Iterator[None]:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "user": "100000/minute"},
    }
    yield


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_input_makes_a_server_error(case: Any, api: ApiWorld) -> None:
    # Half of the inputs name the agglomeration that has data, so that they reach the queries.
    if case.path_parameters and len(str(case.path_parameters.get("slug", ""))) % 2 == 0:
        case.path_parameters["slug"] = KNOWN_SLUG
    headers = {}
    if "/staff/" in case.path:
        headers["Authorization"] = f"Token {api.tokens['coordinator']}"
    response = case.call(headers=headers)
    case.validate_response(response, checks=[not_a_server_error])
