"""Production refuses to run while an account still has the published demo password.

Checked when an app server starts (config/wsgi.py, config/asgi.py: `refuse_demo_passwords`) and
by a Django system check before manage.py commands (`check_demo_passwords`, registered in
apps.py). Only the accounts that matter are tested, so the check stays cheap on a large user
table: the demo's usernames (aglomera/demo/credentials.py, a constant module: the demo app itself
is not installed in production) and every active superuser or staff user. Each distinct password
hash among them is checked once (the demo gives all its users one hash), so the cost is a few
password hashings, never one per user.
"""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connections
from django.db.models import Q

from aglomera.demo.credentials import DEMO_PASSWORD, DEMO_USERNAMES


def demo_password_users() -> list[str]:
    """Usernames of active demo, staff or superuser accounts whose password is the demo one."""
    candidates = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(username__in=DEMO_USERNAMES) | Q(is_superuser=True) | Q(is_staff=True))
        .values_list("username", "password")
    )
    by_hash: dict[str, list[str]] = {}
    for username, encoded in candidates:
        by_hash.setdefault(encoded, []).append(username)
    found = [
        username
        for encoded, usernames in by_hash.items()
        if encoded and check_password(DEMO_PASSWORD, encoded)
        for username in usernames
    ]
    return sorted(found)


def _message(usernames: list[str]) -> str:
    return (
        "These active accounts still have the demo password demo12345: "
        + ", ".join(usernames)
        + ". Change their passwords (manage.py changepassword USERNAME) or deactivate them; "
        "production refuses to run until then."
    )


def refuse_demo_passwords() -> None:
    """Raise ImproperlyConfigured naming the accounts that have the demo password.

    Runs in its own thread with its own database connection, closed afterwards: an ASGI server
    imports the application inside its event loop (where Django forbids database queries), and
    a WSGI server that preloads the application must not fork an open connection.
    """
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["users"] = demo_password_users()
        except BaseException as error:  # handed over to the starting thread
            outcome["error"] = error
        finally:
            connections.close_all()

    worker = threading.Thread(target=run, name="demo-password-check")
    worker.start()
    worker.join()
    if "error" in outcome:
        error = outcome["error"]
        if isinstance(error, DatabaseError):
            raise ImproperlyConfigured(
                "Could not check the accounts for the demo password (is the database reachable "
                f"and migrated? run manage.py migrate first): {error}"
            ) from error
        raise error
    if outcome["users"]:
        raise ImproperlyConfigured(_message(outcome["users"]))


def check_demo_passwords(**kwargs: Any) -> list[checks.CheckMessage]:
    """System check (production only): the same refusal before manage.py commands.

    A database that cannot be read yet (not created, not migrated) is not an error here, so that
    `migrate` can run on a fresh database; the app servers' start-up check is strict.
    """
    if settings.APP_ENV != "production":
        return []
    try:
        usernames = demo_password_users()
    except DatabaseError:
        return []
    if not usernames:
        return []
    return [checks.Error(_message(usernames), id="accounts.E001")]
