"""Production refuses insecure defaults at import; the env readers reject malformed values."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int

ROOT = Path(__file__).resolve().parent.parent
LONG_KEY = "k" * 50
SETTINGS_VARS = (
    "APP_ENV",
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "DEBUG",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "DB_ENGINE",
    "DB_NAME",
    "DB_HOST",
    "DB_USER",
    "DB_PASSWORD",
    "DB_PASSWORD_FILE",
    "SECURE_HTTPS",
)


def import_settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Import config.settings in a fresh interpreter with only the given settings variables."""
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARS}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    clean.update({"APP_ENV": "production", "VAR_DIR": str(tmp_path)}, **env)
    return subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def assert_refused(result: subprocess.CompletedProcess[str], message: str) -> None:
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


GOOD = {
    "SECRET_KEY": LONG_KEY,
    "ALLOWED_HOSTS": "aglomera.example.org",
    "DATABASE_URL": "postgres://aglomera:secret@db.example.org:5432/aglomera",
}


def test_production_without_secret_key_fails(tmp_path: Path) -> None:
    env = {k: v for k, v in GOOD.items() if k != "SECRET_KEY"}
    assert_refused(import_settings(tmp_path, **env), "SECRET_KEY")


def test_production_with_development_key_fails(tmp_path: Path) -> None:
    env = {**GOOD, "SECRET_KEY": "insecure-development-key-do-not-use-in-production"}
    assert_refused(import_settings(tmp_path, **env), "SECRET_KEY")


def test_production_with_short_key_fails(tmp_path: Path) -> None:
    assert_refused(import_settings(tmp_path, **{**GOOD, "SECRET_KEY": "short"}), "SECRET_KEY")


def test_production_without_allowed_hosts_fails(tmp_path: Path) -> None:
    env = {k: v for k, v in GOOD.items() if k != "ALLOWED_HOSTS"}
    assert_refused(import_settings(tmp_path, **env), "ALLOWED_HOSTS")


def test_production_without_database_fails(tmp_path: Path) -> None:
    env = {k: v for k, v in GOOD.items() if k != "DATABASE_URL"}
    assert_refused(import_settings(tmp_path, **env), "DATABASE_URL")


def test_production_with_debug_fails(tmp_path: Path) -> None:
    assert_refused(import_settings(tmp_path, **{**GOOD, "DEBUG": "true"}), "DEBUG")


def test_production_with_complete_settings_imports(tmp_path: Path) -> None:
    result = import_settings(tmp_path, **GOOD)
    assert result.returncode == 0, result.stderr


def test_production_reads_secret_key_from_file(tmp_path: Path) -> None:
    key_file = tmp_path / "secret_key"
    key_file.write_text(LONG_KEY + "\n", encoding="utf-8")
    env = {k: v for k, v in GOOD.items() if k != "SECRET_KEY"}
    result = import_settings(tmp_path, SECRET_KEY_FILE=str(key_file), **env)
    assert result.returncode == 0, result.stderr


def test_unknown_app_env_fails(tmp_path: Path) -> None:
    assert_refused(import_settings(tmp_path, **{**GOOD, "APP_ENV": "prod"}), "APP_ENV")


def test_env_bool_rejects_maybe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AGLOMERA_TEST_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="AGLOMERA_TEST_FLAG"):
        env_bool("AGLOMERA_TEST_FLAG")


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("Off", False), ("1", True)])
def test_env_bool_accepts_plain_values(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool
) -> None:
    monkeypatch.setenv("AGLOMERA_TEST_FLAG", raw)
    assert env_bool("AGLOMERA_TEST_FLAG") is expected


def test_env_int_rejects_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AGLOMERA_TEST_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="AGLOMERA_TEST_NUMBER"):
        env_int("AGLOMERA_TEST_NUMBER", 1)
