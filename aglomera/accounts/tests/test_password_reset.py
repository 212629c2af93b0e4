"""Choosing one's own password: "Forgot your password?" on the login page, Django's reset
views in the product's pages, the links built from SITE_URL, nothing revealed about which
addresses have accounts, and the login limits kept (issue 11)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.test import Client

from aglomera.accounts.models import User

pytestmark = pytest.mark.django_db
RESET = "/en/accounts/password/"
LOGIN = "/en/accounts/login/"
PASSWORD = "correct-horse-battery-42"
NEW_PASSWORD = "Olomouc-Horni-namesti-583"
ATTACKER = "203.0.113.66"
OFFICE = "198.51.100.20"


@pytest.fixture(autouse=True)
def empty_cache() -> Any:
    """The reset limits count in the cache: each test starts with no request counted."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def alice(settings: Any) -> User:
    settings.SITE_URL = "https://aglomera.example"
    return User.objects.create_user("alice", email="alice@olomouc.eu", password=PASSWORD)


def _ask(email: str, address: str = OFFICE) -> Any:
    return Client().post(RESET, {"email": email}, REMOTE_ADDR=address)


def _link(message: mail.EmailMessage) -> str:
    found = re.search(r"https://aglomera\.example(/\S+)", str(message.body))
    assert found, message.body
    return found.group(1)


def _choose(link: str, password: str = NEW_PASSWORD) -> Any:
    client = Client()
    form = client.get(link, follow=True)
    assert form.context["validlink"]
    return client.post(
        form.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )


def _log_in(username: str, password: str, address: str = OFFICE) -> int:
    response = Client().post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address
    )
    return int(response.status_code)


@pytest.mark.parametrize(
    ("language", "label"), [("en", "Forgot your password?"), ("cs", "/cs/accounts/password/")]
)
def test_the_login_page_links_to_the_reset(language: str, label: str) -> None:
    page = Client().get(f"/{language}/accounts/login/").content.decode()
    assert f'href="/{language}/accounts/password/"' in page
    assert label in page


def test_a_person_chooses_a_new_password_through_the_e_mailed_link(alice: User) -> None:
    # When alice asks for a link (through the host "testserver")
    response = _ask("ALICE@olomouc.eu")
    # Then she is told to look in her mailbox, where one e-mail waits, linking to SITE_URL
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/password/sent/"
    (message,) = mail.outbox
    assert message.to == ["alice@olomouc.eu"]
    assert "testserver" not in message.body
    link = _link(message)
    # When she follows it and chooses a password
    done = _choose(link)
    # Then it is saved, she is not logged in by it, and she logs in with it
    assert done.status_code == 302
    assert done["Location"] == "/en/accounts/password/done/"
    assert "_auth_user_id" not in Client().session
    assert authenticate(username="alice", password=NEW_PASSWORD) == alice
    assert authenticate(username="alice", password=PASSWORD) is None
    # And the link does not work again
    again = Client().get(link, follow=True)
    assert not again.context["validlink"]
    assert "This link does not work any more" in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_e_mail(alice: User) -> None:
    known, unknown = _ask("alice@olomouc.eu"), _ask("nobody@olomouc.eu")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert [m.to for m in mail.outbox] == [["alice@olomouc.eu"]]
    page = Client().get(unknown["Location"]).content.decode()
    assert "If an account uses the address you entered" in page


def test_a_bad_address_is_refused_on_the_form(alice: User) -> None:
    response = _ask("not-an-address")
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not mail.outbox


@pytest.mark.parametrize("language", ["cs", "pl", "en"])
def test_every_page_of_the_reset_opens_in_each_language(alice: User, language: str) -> None:
    client = Client()
    for path in ("password/", "password/sent/", "password/MQ/bad-token/", "password/done/"):
        response = client.get(f"/{language}/accounts/{path}")
        assert response.status_code == 200, path
        assert response.headers["Content-Language"] == language


# ---- the login limits hold for logging in only -----------------------------------------------------------------------


@pytest.mark.parametrize("lock", ["username", "address"])
def test_a_locked_out_person_can_still_reset_the_password(
    alice: User, settings: Any, lock: str
) -> None:
    settings.AXES_ENABLED = True
    # Given alice locked out of logging in from her address: five wrong passwords of her own,
    # or (spraying from a shared address) 20 usernames tried
    for number in range(5 if lock == "username" else 20):
        _log_in("alice" if lock == "username" else f"user{number}", "Winter2025!", ATTACKER)
    assert _log_in("alice", PASSWORD, ATTACKER) == 429
    # Then every page of the reset opens from that address
    client = Client(REMOTE_ADDR=ATTACKER)
    for path in ("password/", "password/sent/", "password/MQ/bad-token/", "password/done/"):
        assert client.get(f"/en/accounts/{path}").status_code == 200, path
    # and she asks for a link and chooses a new password from it, still from that address
    asked = client.post(RESET, {"email": "alice@olomouc.eu"})
    assert (asked.status_code, asked["Location"]) == (302, "/en/accounts/password/sent/")
    form = client.get(_link(mail.outbox[0]), follow=True)
    assert form.context["validlink"]
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert (done.status_code, done["Location"]) == (302, "/en/accounts/password/done/")
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    # But the lock is on logging in: it holds for that address until it cools off
    assert _log_in("alice", NEW_PASSWORD, ATTACKER) == 429
    assert _log_in("alice", NEW_PASSWORD, OFFICE) == 302


def test_a_new_password_does_not_lift_a_login_lock(alice: User, settings: Any) -> None:
    settings.AXES_ENABLED = True
    # Given alice's username locked from the attacker's address by five wrong passwords
    for _attempt in range(5):
        _log_in("alice", "wrong", ATTACKER)
    assert _log_in("alice", PASSWORD, ATTACKER) == 429
    # When alice chooses a new password through the link (from her office)
    assert _ask("alice@olomouc.eu").status_code == 302
    _choose(_link(mail.outbox[0]))
    # Then the lock still holds for that address, and she logs in from her own
    assert _log_in("alice", NEW_PASSWORD, ATTACKER) == 429
    assert _log_in("alice", NEW_PASSWORD, OFFICE) == 302


def test_links_for_one_address_are_limited_per_hour(alice: User, settings: Any) -> None:
    settings.RESET_LIMIT_PER_ADDRESS = 3
    answers = [_ask("Alice@olomouc.eu", address=f"198.51.100.{n}") for n in range(5)]
    # Every request gets the same answer; only the first three send an e-mail.
    assert {answer.status_code for answer in answers} == {302}
    assert {answer["Location"] for answer in answers} == {"/en/accounts/password/sent/"}
    assert len(mail.outbox) == 3


def test_requests_from_one_client_are_limited_per_hour(alice: User, settings: Any) -> None:
    settings.RESET_LIMIT_PER_CLIENT = 2
    User.objects.create_user("bob", email="bob@olomouc.eu", password=PASSWORD)
    for email in ("alice@olomouc.eu", "bob@olomouc.eu", "alice@olomouc.eu"):
        assert _ask(email, address=ATTACKER).status_code == 302
    assert len(mail.outbox) == 2


def test_a_counter_that_expired_between_two_steps_starts_again() -> None:
    from unittest import mock

    from aglomera.accounts.reset_limits import _count

    with mock.patch("aglomera.accounts.reset_limits.cache") as fake:
        fake.add.side_effect = [False, True]
        fake.incr.side_effect = ValueError
        assert _count("password-reset:client:x") == 1
