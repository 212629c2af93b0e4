"""The OpenAPI schema committed at docs/api/openapi.yaml is the one the code generates, and the
API serves it at /api/v1/schema/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.core.management import call_command
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "docs" / "api" / "openapi.yaml"
REGENERATE = "manage.py spectacular --file docs/api/openapi.yaml --validate"


def test_the_committed_schema_is_what_the_code_generates(tmp_path: Path, db: None) -> None:
    fresh = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(fresh), "--validate", "--fail-on-warn")
    assert fresh.read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8"), (
        f"docs/api/openapi.yaml is out of date with the API; regenerate it: {REGENERATE}"
    )


def test_the_schema_is_served_as_openapi(db: None) -> None:
    response = Client().get("/api/v1/schema/", headers={"Accept": "application/json"})
    assert response.status_code == 200
    served: dict[str, Any] = response.json()
    committed = yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))
    assert served["openapi"] == committed["openapi"]
    assert set(served["paths"]) == set(committed["paths"])


def test_every_endpoint_of_the_schema_is_under_v1() -> None:
    committed = yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))
    assert all(path.startswith("/api/v1/") for path in committed["paths"])
    assert "/api/v1/schema/" not in committed["paths"]
