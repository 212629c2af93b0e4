"""Security defaults seen from outside: CSP with nonces, CSRF, login rate limit, admin, cookies."""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import pytest
from django.test import Client

from aglomera.accounts.models import Membership, Role, User
from aglomera.agglomerations.models import Agglomeration
from tests.test_settings import GOOD, ROOT, import_settings


@pytest.fixture
def manager(db: Any) -> User:
    olomouc = Agglomeration.objects.create(
        slug="olomouc",
        name={"cs": "Olomoucká aglomerace"},
        country="CZ",
        currency="CZK",
        office_name={"cs": "Statutární město Olomouc"},
    )
    user = User.objects.create_user("alice", password="correct-horse-42")
    Membership.objects.create(user=user, agglomeration=olomouc, role=Role.MANAGER)
    return user


def test_pages_carry_a_csp_whose_nonce_is_on_the_only_script(manager: User) -> None:
    client = Client()
    client.force_login(manager)
    response = client.get("/en/app/")
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy)
    assert nonce, policy
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    scripts = re.findall(r"<script[^>]*>", response.content.decode())
    assert scripts
    assert all(f'nonce="{nonce.group(1)}"' in tag for tag in scripts)
    assert all('src="/static/' in tag for tag in scripts)  # served by us, never a CDN
    assert response["X-Frame-Options"] == "DENY"


def test_a_post_without_csrf_token_is_refused(manager: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    response = client.post("/en/app/olomouc/organisations/new/", {"name": "X"})
    assert response.status_code == 403


def test_repeated_failed_logins_lock_the_account_out(manager: User, settings: Any) -> None:
    # Given the login rate limit is on (5 failures)
    settings.AXES_ENABLED = True
    client = Client()
    # When someone guesses five times
    for _attempt in range(5):
        response = client.post("/en/accounts/login/", {"username": "alice", "password": "wrong"})
    # Then even the right password is refused for a while, with an explanation
    response = client.post(
        "/en/accounts/login/", {"username": "alice", "password": "correct-horse-42"}
    )
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_correct_login_works_with_the_rate_limit_on(manager: User, settings: Any) -> None:
    settings.AXES_ENABLED = True
    client = Client()
    response = client.post(
        "/en/accounts/login/", {"username": "alice", "password": "correct-horse-42"}
    )
    assert response.status_code == 302
    assert client.get("/en/app/").status_code == 200


def test_the_admin_is_closed_to_office_staff_and_open_to_superusers(manager: User) -> None:
    staff = Client()
    manager.is_staff = True
    manager.save()
    staff.force_login(manager)
    assert staff.get("/admin/").status_code == 302
    root = User.objects.create_superuser("root", password="root-pass-123")
    admin_client = Client()
    admin_client.force_login(root)
    assert admin_client.get("/admin/").status_code == 200


def test_production_cookies_are_secure(tmp_path: Any) -> None:
    env = dict(GOOD)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import config.settings as s; "
                "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, s.DEBUG)"
            ),
        ],
        cwd=ROOT,
        env={**_clean_env(), "APP_ENV": "production", "VAR_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.split() == ["True", "True", "True", "False"], result.stderr
    assert import_settings(tmp_path, **GOOD).returncode == 0


def _clean_env() -> dict[str, str]:
    import os

    from tests.test_settings import SETTINGS_VARS

    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARS}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env
