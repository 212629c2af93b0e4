"""Login limits: per username and address, per address across usernames (password spraying),
and the client's address found behind a trusted reverse proxy, never from a forged header."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory

from aglomera.accounts.client_ip import client_ip
from aglomera.accounts.models import User

LOGIN = "/en/accounts/login/"
PASSWORD = "correct-horse-battery-42"
ATTACKER = "203.0.113.66"
OFFICE = "198.51.100.20"
PROXY = "10.0.0.5"


@pytest.fixture
def alice(db: Any, settings: Any) -> User:
    settings.AXES_ENABLED = True
    return User.objects.create_user("alice", password=PASSWORD)


def log_in(username: str, password: str, address: str, **headers: str) -> int:
    """One login attempt from `address` (REMOTE_ADDR); the response's status code."""
    response = Client().post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )
    return int(response.status_code)


def spray(count: int, address: str, **headers: str) -> None:
    """One wrong password for each of `count` different usernames (the failure that reaches a
    limit is already answered 429)."""
    for number in range(count):
        assert log_in(f"user{number}", "Winter2025!", address, **headers) in {200, 429}


def test_password_spraying_from_one_address_is_stopped(alice: User) -> None:
    # Given 20 usernames tried once each from one address (no username reaches its limit of 5)
    spray(20, ATTACKER)
    # Then that address cannot log in at all for a while, even with a right password
    assert log_in("alice", PASSWORD, ATTACKER) == 429
    # And everybody else still can
    assert log_in("alice", PASSWORD, OFFICE) == 302


def test_fewer_failures_than_the_address_limit_lock_nobody(alice: User) -> None:
    spray(19, OFFICE)
    assert log_in("alice", PASSWORD, OFFICE) == 302


def test_the_address_limit_is_a_setting(alice: User, settings: Any) -> None:
    settings.LOGIN_IP_FAILURE_LIMIT = 3
    spray(3, ATTACKER)
    assert log_in("alice", PASSWORD, ATTACKER) == 429


def test_logging_in_to_ones_own_account_does_not_reset_the_address_count(alice: User) -> None:
    # Given an attacker with an account of their own who sprays 19 usernames
    User.objects.create_user("mallory", password=PASSWORD)
    spray(19, ATTACKER)
    # When they log in to their own account, then try once more
    assert log_in("mallory", PASSWORD, ATTACKER) == 302
    assert log_in("user99", "Winter2025!", ATTACKER) == 429  # the 20th failure
    # Then the address is locked: the count was not reset by the successful login
    assert log_in("alice", PASSWORD, ATTACKER) == 429


def test_behind_a_trusted_proxy_one_client_does_not_lock_out_another(
    alice: User, settings: Any
) -> None:
    # Given the app behind a reverse proxy at 10.0.0.5
    settings.TRUSTED_PROXIES = [PROXY]
    # When client X sprays usernames and guesses alice's password, all through the proxy
    x = {"HTTP_X_FORWARDED_FOR": ATTACKER}
    spray(20, PROXY, **x)
    for _attempt in range(5):
        log_in("alice", "wrong", PROXY, **x)
    assert log_in("alice", PASSWORD, PROXY, **x) == 429
    # Then alice, as client Y behind the same proxy, logs in
    assert log_in("alice", PASSWORD, PROXY, HTTP_X_FORWARDED_FOR=OFFICE) == 302


def test_behind_a_trusted_proxy_addresses_forged_by_the_client_are_ignored(
    alice: User, settings: Any
) -> None:
    # Given the proxy appends the real client to whatever X-Forwarded-For the client sent
    settings.TRUSTED_PROXIES = [PROXY]
    for number in range(5):
        forged = f"192.0.2.{number}, {ATTACKER}"
        log_in("alice", "wrong", PROXY, HTTP_X_FORWARDED_FOR=forged)
    # Then the attacker is locked whatever they put in front
    assert log_in("alice", PASSWORD, PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.99, {ATTACKER}") == 429


def test_without_trusted_proxies_a_forged_forwarded_for_is_ignored(alice: User) -> None:
    # Given an attacker who sends a different X-Forwarded-For with each guess
    for number in range(5):
        log_in("alice", "wrong", ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    # Then the guesses all count against their real address
    assert log_in("alice", PASSWORD, ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.200") == 429
    # And the address they named is not locked
    assert log_in("alice", PASSWORD, "192.0.2.1") == 302


def test_the_proxy_address_itself_is_never_locked_as_a_whole(alice: User, settings: Any) -> None:
    # Given failures that arrive from the proxy without a client address (e.g. health checks)
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    spray(25, PROXY)
    # Then the proxy's address is not locked for everybody
    assert log_in("alice", PASSWORD, PROXY) == 302


@pytest.mark.parametrize(
    ("remote", "forwarded", "trusted", "expected"),
    [
        ("203.0.113.66", "", [], "203.0.113.66"),
        ("203.0.113.66", "192.0.2.1", [], "203.0.113.66"),
        ("10.0.0.5", "192.0.2.1, 198.51.100.20", ["10.0.0.5"], "198.51.100.20"),
        ("10.0.0.5", "198.51.100.20, 10.0.0.9", ["10.0.0.0/24"], "198.51.100.20"),
        ("10.0.0.5", "", ["10.0.0.5"], "10.0.0.5"),
        ("10.0.0.5", "not-an-address", ["10.0.0.5"], "10.0.0.5"),
        ("::ffff:10.0.0.5", "2001:db8::7", ["10.0.0.5"], "2001:db8::7"),
        ("", "192.0.2.1", ["10.0.0.5"], None),
        ("10.0.0.5", "10.0.0.7", ["10.0.0.0/24"], "10.0.0.7"),
    ],
    ids=[
        "direct",
        "direct-forged",
        "behind-proxy",
        "two-trusted-hops",
        "proxy-alone",
        "proxy-garbage",
        "ipv6",
        "socket",
        "only-proxies",
    ],
)
def test_the_client_address(
    settings: Any, remote: str, forwarded: str, trusted: list[str], expected: str | None
) -> None:
    settings.TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
