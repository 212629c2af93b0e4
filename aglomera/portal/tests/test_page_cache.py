"""Portal pages come from the cache for visitors who are not signed in, and never outlive what
they show: a write to the product's data or the clock (a scheduled item's time) ends them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from aglomera.accounts.models import User
from aglomera.agglomerations.models import Agglomeration
from aglomera.news import actions
from aglomera.news.tests.helpers import draft

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NEWS = "/cs/olomouc/news/"
PROJECTS = "/cs/olomouc/projects/"


@pytest.fixture(autouse=True)
def page_cache(settings: Any) -> Iterator[None]:
    settings.PORTAL_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def nonce_of(response: Any) -> str:
    found = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    assert found is not None
    return found.group(1)


@time_machine.travel(NOW, tick=False)
def test_the_second_visit_is_served_from_the_cache_without_a_query(
    client: Client,
    olomouc: Agglomeration,
    alice: User,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    actions.publish_now(draft(olomouc, alice, "Nová zpráva"), actor=alice, now=NOW)
    first = client.get(NEWS)
    assert first["X-Portal-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(NEWS)
    assert second["X-Portal-Cache"] == "hit"
    assert "Nová zpráva" in second.content.decode()


@time_machine.travel(NOW, tick=False)
def test_each_response_carries_its_own_csp_nonce(client: Client, olomouc: Agglomeration) -> None:
    first = client.get(PROJECTS)  # the map's scripts carry the nonce
    second = client.get(PROJECTS)
    assert second["X-Portal-Cache"] == "hit"
    assert nonce_of(first) != nonce_of(second)
    for response in (first, second):
        assert f'nonce="{nonce_of(response)}"' in response.content.decode()
    assert "__aglomera_csp_nonce__" not in second.content.decode()


@time_machine.travel(NOW, tick=False)
def test_languages_and_host_names_are_kept_apart(
    client: Client, olomouc: Agglomeration, settings: Any
) -> None:
    settings.ALLOWED_HOSTS = ["testserver", "iti.example.cz"]
    czech = client.get("/cs/olomouc/").content
    english = client.get("/en/olomouc/").content
    assert czech != english
    assert client.get("/cs/olomouc/")["X-Portal-Cache"] == "hit"
    other_host = client.get("/cs/olomouc/", HTTP_HOST="iti.example.cz")
    assert other_host["X-Portal-Cache"] == "miss"


@time_machine.travel(NOW, tick=False)
def test_signed_in_staff_always_get_the_live_page(client: Client, alice: User) -> None:
    client.force_login(alice)
    client.get(NEWS)
    assert "X-Portal-Cache" not in client.get(NEWS)


@time_machine.travel(NOW, tick=False)
def test_errors_are_not_kept(client: Client, olomouc: Agglomeration) -> None:
    assert client.get("/cs/olomouc/news/999999/").status_code == 404
    assert "X-Portal-Cache" not in client.get("/cs/olomouc/news/999999/")
    assert client.get("/cs/no-such-portal/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_a_page_larger_than_the_limit_is_not_kept(
    client: Client, olomouc: Agglomeration, settings: Any
) -> None:
    settings.PORTAL_CACHE_MAX_BYTES = 100
    client.get(NEWS)
    assert "X-Portal-Cache" not in client.get(NEWS)


def test_turned_off_nothing_is_kept(client: Client, olomouc: Agglomeration, settings: Any) -> None:
    settings.PORTAL_CACHE_SECONDS = 0
    client.get("/cs/")
    assert "X-Portal-Cache" not in client.get("/cs/")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_write_to_the_data_ends_every_kept_page(
    client: Client, olomouc: Agglomeration, alice: User
) -> None:
    with time_machine.travel(NOW, tick=False):
        client.get(NEWS)
        client.get("/cs/")
        assert client.get(NEWS)["X-Portal-Cache"] == "hit"
        actions.publish_now(draft(olomouc, alice, "Čerstvá zpráva"), actor=alice, now=NOW)
        fresh = client.get(NEWS)
    assert fresh["X-Portal-Cache"] == "miss"
    assert "Čerstvá zpráva" in fresh.content.decode()
    assert client.get("/cs/")["X-Portal-Cache"] == "miss"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_scheduled_item_appears_at_its_time_though_the_list_was_kept(
    client: Client, olomouc: Agglomeration, alice: User
) -> None:
    with time_machine.travel(NOW, tick=False):
        actions.schedule(
            draft(olomouc, alice, "Naplánovaná"), NOW + timedelta(minutes=2), actor=alice, now=NOW
        )
        assert "Naplánovaná" not in client.get(NEWS).content.decode()
        assert client.get(NEWS)["X-Portal-Cache"] == "hit"
    with time_machine.travel(NOW + timedelta(minutes=2, seconds=1), tick=False):
        page = client.get(NEWS)
    assert page["X-Portal-Cache"] == "miss"
    assert "Naplánovaná" in page.content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_made_up_query_parameter_is_answered_but_not_kept(
    client: Client, olomouc: Agglomeration
) -> None:
    client.get(f"{PROJECTS}?zz=1")
    assert "X-Portal-Cache" not in client.get(f"{PROJECTS}?zz=1")
    assert "X-Portal-Cache" not in client.get(f"{PROJECTS}?q={'x' * 600}")
    client.get(f"{PROJECTS}?q=namesti&page=2")
    assert client.get(f"{PROJECTS}?q=namesti&page=2")["X-Portal-Cache"] == "hit"


@time_machine.travel(NOW, tick=False)
def test_typed_text_never_becomes_the_nonce(client: Client, olomouc: Agglomeration) -> None:
    address = f"{PROJECTS}?q=__aglomera_csp_nonce__"
    client.get(address)
    served = client.get(address)
    assert served["X-Portal-Cache"] == "hit"
    assert 'value="__aglomera_csp_nonce__"' in served.content.decode()
    assert nonce_of(served) not in served.content.decode().split("<main", 1)[1]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_page_is_not_kept_when_the_clock_changes_it_within_a_second(
    client: Client, olomouc: Agglomeration, alice: User
) -> None:
    with time_machine.travel(NOW, tick=False):
        actions.schedule(
            draft(olomouc, alice, "Hned"), NOW + timedelta(minutes=1), actor=alice, now=NOW
        )
    with time_machine.travel(NOW + timedelta(seconds=59, milliseconds=500), tick=False):
        client.get(NEWS)
        assert "X-Portal-Cache" not in client.get(NEWS)
