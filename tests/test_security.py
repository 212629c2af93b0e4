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


# ---- hygiene: passwords, idle sessions, caching, headers, logging of refusals ---------------


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("demo12345", "at least 12 characters"),  # the demo's password: only set directly
        ("Tr0ub4dor&3", "at least 12 characters"),
        ("qwerty123456", "too common"),
    ],
)
def test_passwords_need_twelve_characters_and_must_not_be_common(
    password: str, reason: str
) -> None:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert reason in " ".join(refused.value.messages)
    validate_password("a-long-and-private-passphrase-7")


def test_an_idle_session_ends_and_activity_keeps_it(manager: User, settings: Any) -> None:
    import time_machine

    settings.SESSION_IDLE_MINUTES = 30
    with time_machine.travel("2025-03-03 09:00 +0000", tick=False) as clock:
        client = Client()
        client.force_login(manager)
        # Active every 20 minutes: still signed in after an hour
        for _step in range(3):
            clock.shift(20 * 60)
            assert client.get("/en/app/").status_code == 200
        # 31 minutes without a request: signed out, and told why
        clock.shift(31 * 60)
        response = client.get("/en/app/", follow=True)
        assert response.redirect_chain[-1][0].startswith("/en/accounts/login/")
        assert "logged out after 30 minutes without activity" in response.content.decode()
        assert "_auth_user_id" not in client.session


def test_an_active_session_is_written_at_most_once_a_minute(manager: User, settings: Any) -> None:
    import time_machine
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.SESSION_IDLE_MINUTES = 30
    with time_machine.travel("2025-03-03 09:00 +0000", tick=False) as clock:
        client = Client()
        client.force_login(manager)

        def session_writes() -> int:
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/en/app/").status_code == 200
            return sum('UPDATE "django_session"' in q["sql"] for q in queries.captured_queries)

        assert session_writes() == 1  # the first request notes the time
        clock.shift(30)
        assert session_writes() == 0  # within the minute: nothing written
        clock.shift(31)
        assert session_writes() == 1


def test_pages_for_signed_in_users_and_the_login_page_are_not_stored(manager: User) -> None:
    client = Client()
    login_page = client.get("/en/accounts/login/")
    assert "no-store" in login_page["Cache-Control"]
    assert "private" in login_page["Cache-Control"]
    client.force_login(manager)
    assert client.get("/en/app/")["Cache-Control"] == "private, no-store"


def weak_cache(request: Any) -> Any:
    from django.http import HttpResponse

    response = HttpResponse("personal data")
    response["Cache-Control"] = "max-age=3600"
    return response


def strict_cache(request: Any) -> Any:
    from django.http import HttpResponse

    response = HttpResponse("personal data")
    response["Cache-Control"] = "no-cache, no-store, must-revalidate, private"
    return response


def _urlpatterns() -> list[Any]:
    from django.urls import path

    return [path("weak/", weak_cache), path("strict/", strict_cache)]


urlpatterns = _urlpatterns()  # for @pytest.mark.urls("tests.test_security")


@pytest.mark.urls("tests.test_security")
def test_a_views_own_cache_header_is_kept_only_when_it_forbids_storing(manager: User) -> None:
    anonymous = Client()
    assert anonymous.get("/weak/")["Cache-Control"] == "max-age=3600"  # a public page may
    client = Client()
    client.force_login(manager)
    assert client.get("/weak/")["Cache-Control"] == "private, no-store"
    strict = client.get("/strict/")["Cache-Control"]
    assert strict == "no-cache, no-store, must-revalidate, private"


def test_every_response_carries_a_permissions_policy(manager: User, settings: Any) -> None:
    client = Client()
    responses = [
        client.get("/en/accounts/login/"),
        client.get("/en/no-such-page/"),
        client.get("/static/css/aglomera.css"),
        client.post("/en/accounts/login/", {}, CONTENT_LENGTH=str(10**9)),
    ]
    for response in responses:
        policy = response["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
            assert feature in policy


def test_hsts_covers_subdomains(settings: Any) -> None:
    settings.SECURE_HSTS_SECONDS = 31536000
    response = Client().get("/en/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_a_refusal_is_logged_as_one_line_without_a_traceback(manager: User) -> None:
    import io
    import logging

    # Given an auditor, who may not add organisations
    auditor = User.objects.create_user("audrey", password="correct-horse-42")
    Membership.objects.create(
        user=auditor, agglomeration=manager.memberships.get().agglomeration, role=Role.AUDITOR
    )
    client = Client()
    client.force_login(auditor)
    handler = logging.getLogger("django.request").handlers[0]
    captured = io.StringIO()
    previous = handler.setStream(captured)  # type: ignore[attr-defined]
    try:
        response = client.get("/en/app/olomouc/organisations/new/")
    finally:
        handler.setStream(previous)  # type: ignore[attr-defined]
    assert response.status_code == 403
    lines = captured.getvalue().splitlines()
    assert lines == ["Forbidden (Permission denied): /en/app/olomouc/organisations/new/"]
