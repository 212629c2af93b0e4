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
# Random-looking, as production requires (it refuses trivially guessable keys).
LONG_KEY = "q3VbX0-tLr8sKx2ZpW9nYc4HfJm7DgAe1uRiTo6E_5kNhSy"
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
    "SECURE_HSTS_PRELOAD",
    "TRUSTED_PROXIES",
    "SESSION_IDLE_MINUTES",
    "REQUEST_MAX_BYTES",
    "UPLOAD_REQUEST_MAX_BYTES",
    "UPLOAD_MAX_BYTES",
)


def import_settings(
    tmp_path: Path, code: str = "import config.settings", **env: str
) -> subprocess.CompletedProcess[str]:
    """Run `code` (by default: import config.settings) in a fresh interpreter with only the
    given settings variables (production unless APP_ENV says otherwise)."""
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARS}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    clean.update({"APP_ENV": "production", "VAR_DIR": str(tmp_path)}, **env)
    return subprocess.run(
        [sys.executable, "-c", code],
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
    "TRUSTED_PROXIES": "10.0.0.5",
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


def production_values(tmp_path: Path, *names: str, **env: str) -> list[str]:
    """The named settings of a production process (GOOD plus env), printed and split."""
    code = "import config.settings as s; print(" + ", ".join(f"s.{n}" for n in names) + ")"
    result = import_settings(tmp_path, code, **{**GOOD, **env})
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.mark.parametrize(
    "key",
    [
        "a" * 64,  # one repeated character
        "ab" * 32,  # few distinct characters
        "0123456789abcdef" * 4,  # a short run repeated
        "passwordpasswordpasswordpassword",
    ],
    ids=["one-character", "two-characters", "repeated-run", "repeated-word"],
)
def test_production_refuses_a_trivially_guessable_secret_key(tmp_path: Path, key: str) -> None:
    assert_refused(import_settings(tmp_path, **{**GOOD, "SECRET_KEY": key}), "guessable")


def test_production_requires_trusted_proxies_to_be_stated(tmp_path: Path) -> None:
    env = {k: v for k, v in GOOD.items() if k != "TRUSTED_PROXIES"}
    assert_refused(import_settings(tmp_path, **env), "TRUSTED_PROXIES")
    # Stated empty: the app servers face the clients directly
    direct = import_settings(tmp_path, **{**env, "TRUSTED_PROXIES": ""})
    assert direct.returncode == 0, direct.stderr


def test_a_trusted_proxy_that_is_not_an_address_is_refused(tmp_path: Path) -> None:
    result = import_settings(tmp_path, **{**GOOD, "TRUSTED_PROXIES": "10.0.0.5,proxy.local"})
    assert_refused(result, "proxy.local")


def test_production_does_not_install_the_demo(tmp_path: Path) -> None:
    code = "import config.settings as s; print('aglomera.demo' in s.INSTALLED_APPS)"
    assert import_settings(tmp_path, code, **GOOD).stdout.split() == ["False"]
    development = import_settings(tmp_path, code, APP_ENV="development")
    assert development.stdout.split() == ["True"], development.stderr


def test_production_sends_hsts_with_subdomains_and_preload_only_when_asked(
    tmp_path: Path,
) -> None:
    names = ("SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD")
    assert production_values(tmp_path, *names) == ["31536000", "True", "False"]
    preload = production_values(tmp_path, *names, SECURE_HSTS_PRELOAD="true")
    assert preload == ["31536000", "True", "True"]


def test_the_idle_timeout_defaults_to_30_minutes(tmp_path: Path) -> None:
    assert production_values(tmp_path, "SESSION_IDLE_MINUTES") == ["30"]
    assert production_values(tmp_path, "SESSION_IDLE_MINUTES", SESSION_IDLE_MINUTES="45") == ["45"]
    assert_refused(import_settings(tmp_path, **{**GOOD, "SESSION_IDLE_MINUTES": "0"}), "IDLE")


def test_request_limits_default_and_must_hold_one_attachment(tmp_path: Path) -> None:
    names = ("REQUEST_MAX_BYTES", "UPLOAD_REQUEST_MAX_BYTES", "DATA_UPLOAD_MAX_MEMORY_SIZE")
    assert production_values(tmp_path, *names) == ["2621440", "52428800", "2621440"]
    result = import_settings(tmp_path, **{**GOOD, "UPLOAD_REQUEST_MAX_BYTES": "1000"})
    assert_refused(result, "UPLOAD_REQUEST_MAX_BYTES")
