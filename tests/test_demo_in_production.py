"""The demo cannot reach production: load_demo refuses, the demo app is not installed, and
production refuses to start (app server and manage.py) while an account has the demo password."""

from __future__ import annotations

import ast
import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django.db import DatabaseError

from aglomera.accounts import demo_passwords
from aglomera.accounts.demo_passwords import demo_password_users, refuse_demo_passwords
from aglomera.accounts.models import User
from aglomera.demo.credentials import DEMO_PASSWORD, DEMO_USERNAMES
from tests.processes import database_url, run, throwaway_database
from tests.test_settings import GOOD, ROOT, SETTINGS_VARS

STRONG = "a-long-and-private-passphrase-7"


def test_it_names_the_demo_and_staff_accounts_that_have_the_demo_password(db: Any) -> None:
    User.objects.create_superuser("admin", password=DEMO_PASSWORD)
    User.objects.create_user("olomouc-manager", password=DEMO_PASSWORD)
    User.objects.create_user("it-support", password=DEMO_PASSWORD, is_staff=True)
    User.objects.create_user("opole-manager", password=STRONG)  # changed: fine
    User.objects.create_user("olomouc-auditor", password=DEMO_PASSWORD, is_active=False)
    User.objects.create_user("clerk", password=DEMO_PASSWORD)  # an ordinary user: not checked
    User.objects.create_superuser("root", password=STRONG)
    assert demo_password_users() == ["admin", "it-support", "olomouc-manager"]


def test_it_hashes_each_distinct_password_once_and_never_ordinary_users(
    db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given every demo account with the demo's one shared hash, and many ordinary users
    shared = make_password(DEMO_PASSWORD)
    User.objects.bulk_create(User(username=name, password=shared) for name in DEMO_USERNAMES)
    User.objects.bulk_create(
        User(username=f"user{n}", password=make_password(DEMO_PASSWORD)) for n in range(50)
    )
    checked: list[str] = []

    def counting(password: str, encoded: str) -> bool:
        checked.append(encoded)
        return encoded == shared

    monkeypatch.setattr(demo_passwords, "check_password", counting)
    # When the accounts are checked
    found = demo_password_users()
    # Then all 38 demo accounts are named after a single password check
    assert found == sorted(DEMO_USERNAMES)
    assert len(DEMO_USERNAMES) == 39
    assert checked == [shared]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_start_up_check_refuses_with_the_names() -> None:
    User.objects.create_superuser("admin", password=DEMO_PASSWORD)
    with pytest.raises(ImproperlyConfigured, match="demo password demo12345: admin") as caught:
        refuse_demo_passwords()
    assert "changepassword" in str(caught.value)
    User.objects.filter(username="admin").update(password=make_password(STRONG))
    refuse_demo_passwords()  # nothing left: no error


def test_the_start_up_check_refuses_when_it_cannot_read_the_accounts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def unreadable() -> list[str]:
        raise DatabaseError('relation "accounts_user" does not exist')

    monkeypatch.setattr(demo_passwords, "demo_password_users", unreadable)
    with pytest.raises(ImproperlyConfigured, match="Could not check the accounts"):
        refuse_demo_passwords()


def test_the_start_up_check_lets_other_errors_through(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> list[str]:
        raise RuntimeError("a bug")

    monkeypatch.setattr(demo_passwords, "demo_password_users", broken)
    with pytest.raises(RuntimeError, match="a bug"):
        refuse_demo_passwords()


def test_the_system_check_lets_migrate_run_on_a_fresh_database(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreadable() -> list[str]:
        raise DatabaseError('relation "accounts_user" does not exist')

    settings.APP_ENV = "production"
    monkeypatch.setattr(demo_passwords, "demo_password_users", unreadable)
    assert demo_passwords.check_demo_passwords() == []
    monkeypatch.setattr(demo_passwords, "demo_password_users", list)
    assert demo_passwords.check_demo_passwords() == []


def test_the_system_check_refuses_manage_py_commands_in_production(db: Any, settings: Any) -> None:
    User.objects.create_superuser("admin", password=DEMO_PASSWORD)
    call_command("check")  # development and tests: the demo is expected there
    settings.APP_ENV = "production"
    with pytest.raises(SystemCheckError, match=r"accounts\.E001") as caught:
        call_command("check")
    assert "admin" in str(caught.value)


def test_load_demo_refuses_in_production(settings: Any) -> None:
    settings.APP_ENV = "production"
    with pytest.raises(CommandError, match="refuses to run with APP_ENV=production"):
        call_command("load_demo")


def _imports_of(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_nothing_outside_the_demo_imports_it_but_its_constants() -> None:
    # Production runs without the demo app; only the constant module may be imported there.
    sources = [
        path
        for path in [*(ROOT / "aglomera").rglob("*.py"), *(ROOT / "config").rglob("*.py")]
        if "demo" not in path.relative_to(ROOT).parts[:2] and "tests" not in path.parts
    ]
    offending = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in sources
        for name in _imports_of(path)
        if name.startswith("aglomera.demo")
        and name not in {"aglomera.demo", "aglomera.demo.credentials"}
        and not name.startswith("aglomera.demo.credentials.")
    }
    assert not offending


# ---- a real production process on a throwaway PostgreSQL database ---------------------------


@pytest.fixture
def production_database() -> Iterator[str]:
    """A fresh PostgreSQL database of this test's own; its URL."""
    with throwaway_database(f"aglomera_g_prod_{uuid.uuid4().hex[:8]}") as name:
        yield database_url(name)


def _production(tmp_path: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARS}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(GOOD, APP_ENV="production", VAR_DIR=str(tmp_path), DATABASE_URL=url)
    return run(env, *args)


def _shell(tmp_path: Path, url: str, code: str) -> None:
    result = _production(tmp_path, url, "manage.py", "shell", "-c", code)
    assert result.returncode == 0, result.stderr


@pytest.mark.postgres
def test_production_refuses_to_start_while_admin_has_the_demo_password(
    tmp_path: Path, production_database: str
) -> None:
    url = production_database
    # Given a migrated production database
    migrated = _production(tmp_path, url, "manage.py", "migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr
    # The demo cannot be loaded there: the command does not even exist
    demo = _production(tmp_path, url, "manage.py", "load_demo")
    assert demo.returncode != 0
    assert "Unknown command: 'load_demo'" in demo.stderr
    # Given someone created the demo's admin by hand, with the demo password
    _shell(
        tmp_path,
        url,
        "from django.contrib.auth.hashers import make_password as m; "
        "from aglomera.accounts.models import User; "
        "User.objects.create(username='admin', is_staff=True, is_superuser=True, "
        f"password=m('{DEMO_PASSWORD}')); "
        f"User.objects.create(username='root', is_superuser=True, password=m('{STRONG}'))",
    )
    # Then neither app server starts, and manage.py commands refuse, naming the account
    for module in ("config.wsgi", "config.asgi"):
        started = _production(tmp_path, url, "-c", f"import {module}")
        assert started.returncode != 0, module
        assert "ImproperlyConfigured" in started.stderr
        assert "demo password demo12345: admin." in started.stderr
    checked = _production(tmp_path, url, "manage.py", "check")
    assert checked.returncode != 0
    assert "accounts.E001" in checked.stderr
    assert "admin" in checked.stderr
    # When the password is changed, the app server starts
    _shell(
        tmp_path,
        url,
        "from aglomera.accounts.models import User; u = User.objects.get(username='admin'); "
        f"u.set_password('{STRONG}'); u.save()",
    )
    started = _production(tmp_path, url, "-c", "import config.wsgi")
    assert started.returncode == 0, started.stderr
