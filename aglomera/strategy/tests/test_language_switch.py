"""Changing the language after a form error leads to the page, never to a 405, and the choice
is remembered (issue 11, point 5). The amendment's step is a POST-only address."""

from __future__ import annotations

import html
import re

import pytest
from django.conf import settings
from django.test import Client

from aglomera.accounts.models import User
from aglomera.strategy.tests import test_pages
from aglomera.strategy.tests.test_pages import World, _client

# the strategy pages' world: an approved strategy and a draft amendment, one user per role
built_world = test_pages.built_world
world = test_pages.world


def _links(page: str) -> dict[str, str]:
    nav = page.split('class="languages"', 1)[1].split("</nav>", 1)[0]
    return {
        code: html.unescape(url) for url, code in re.findall(r'href="([^"]+)" lang="(\w+)"', nav)
    }


def _refused_step(client: Client, world: World, **headers: str) -> str:
    base = f"/cs/app/olomouc/amendments/{world.draft.pk}"
    response = client.post(f"{base}/transition/", {"to": "approved"}, headers=headers)
    assert response.status_code == 422
    return response.content.decode()


@pytest.mark.parametrize("referer", [True, False])
def test_after_a_form_error_every_language_link_leads_to_a_page(
    world: World, referer: bool
) -> None:
    client = _client(world.users["manager"])
    page_url = f"/cs/app/olomouc/amendments/{world.draft.pk}/"
    headers = {"referer": f"http://testserver{page_url}"} if referer else {}
    links = _links(_refused_step(client, world, **headers))
    assert set(links) == {"cs", "pl", "en"}
    for code, url in links.items():
        response = client.get(url)
        assert response.status_code == 302, (code, url, response.status_code)
        target = response["Location"]
        assert target.startswith(f"/{code}/")
        if referer:  # back to the amendment's page, in the chosen language
            assert target == page_url.replace("/cs/", f"/{code}/", 1)
        landed = client.get(target)
        assert landed.status_code == 200, (code, target, landed.status_code)


def test_the_choice_is_kept_in_the_cookie_and_on_the_user(world: World) -> None:
    manager: User = world.users["manager"]
    client = _client(manager)
    page = client.get("/cs/app/olomouc/").content.decode()
    response = client.get(_links(page)["pl"], headers={"sec-fetch-site": "same-origin"})
    assert response["Location"] == "/pl/app/olomouc/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "pl"
    manager.refresh_from_db()
    assert manager.preferred_language == "pl"


def test_the_preferred_language_is_activated_at_login(world: World) -> None:
    manager: User = world.users["manager"]
    manager.set_password("pw-123456789")
    manager.preferred_language = "pl"
    manager.save()
    client = Client()
    response = client.post(
        "/cs/accounts/login/", {"username": manager.username, "password": "pw-123456789"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/pl/")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "pl"


@pytest.mark.parametrize(
    "next_", ["https://evil.example/", "//evil.example/x", "/nowhere/at/all/", "", "javascript:x"]
)
def test_a_foreign_or_unknown_next_leads_to_the_start_page(world: World, next_: str) -> None:
    client = _client(world.users["manager"])
    response = client.get("/cs/app/language/en/", {"next": next_})
    assert response.status_code == 302
    assert response["Location"] == "/en/app/"


def test_an_unknown_language_is_404(world: World) -> None:
    assert _client(world.users["manager"]).get("/cs/app/language/xx/").status_code == 404


def test_the_login_pages_links_work_for_a_visitor(db: None) -> None:
    client = Client()
    page = client.get("/cs/accounts/login/").content.decode()
    response = client.get(_links(page)["en"])
    assert response["Location"] == "/en/accounts/login/"
    assert client.get(response["Location"]).status_code == 200
