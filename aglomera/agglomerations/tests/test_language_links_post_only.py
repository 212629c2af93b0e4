"""The language links of a page shown after a refused POST never lead to a POST-only address,
and a POST-only address opened as a page answers a page with a way back (issue 11)."""

from __future__ import annotations

import html
import re

import pytest
from django.conf import settings
from django.test import Client

from aglomera.accounts.models import Role, User
from aglomera.agglomerations.tests.helpers import manager_client
from aglomera.intentions.tests.builders import PipelineWorld

BASE = "/cs/app/olomouc"


def _links(page: str) -> dict[str, str]:
    nav = page.split('class="languages"', 1)[1].split("</nav>", 1)[0]
    return {
        code: html.unescape(url) for url, code in re.findall(r'href="([^"]+)" lang="(\w+)"', nav)
    }


def _refusals(world: PipelineWorld) -> list[tuple[str, str, dict[str, str]]]:
    """(the page of the form, its POST-only address, an incomplete form)."""
    member = world.user(Role.COMMITTEE).pk
    org = world.applicant_org.pk
    return [
        (f"{BASE}/members/{member}/", f"{BASE}/members/{member}/grant/", {}),
        (f"{BASE}/members/{member}/", f"{BASE}/members/{member}/revoke/", {}),
        (f"{BASE}/members/{member}/", f"{BASE}/members/{member}/remove/", {}),
        (f"{BASE}/organisations/{org}/", f"{BASE}/organisations/{org}/status/", {"to": "inactive"}),
    ]


@pytest.mark.parametrize("index", range(4))
@pytest.mark.parametrize("referer", ["page", "post", "none"])
def test_after_a_refused_form_the_language_links_lead_to_a_page(
    world: PipelineWorld, index: int, referer: str
) -> None:
    # Given the error page of an incomplete form, submitted from its page or again from the
    # error page itself (whose address is POST-only), or without a Referer
    page, post_url, data = _refusals(world)[index]
    client = manager_client(world)
    headers = {
        "page": {"referer": f"http://testserver{page}"},
        "post": {"referer": f"http://testserver{post_url}"},
    }.get(referer, {})
    refused = client.post(post_url, data, headers=headers)
    assert refused.status_code == 422
    # When the PL link is followed
    response = client.get(_links(refused.content.decode())["pl"])
    # Then it leads to the form's page (or the agglomeration's), in Polish, which answers 200
    assert response.status_code == 302
    expected = page if referer == "page" else f"{BASE}/"
    assert response["Location"] == expected.replace("/cs/", "/pl/", 1)
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "members/5/grant/",
        "members/5/revoke/",
        "members/5/remove/",
        "organisations/14/status/",
        "changes/1/withdraw/",
    ],
)
def test_a_post_only_next_leads_to_the_agglomerations_page(world: PipelineWorld, path: str) -> None:
    response = manager_client(world).get("/cs/app/language/pl/", {"next": f"{BASE}/{path}"})
    assert response["Location"] == "/pl/app/olomouc/"


@pytest.mark.parametrize(
    "path",
    [
        "members/5/grant/",
        "members/5/revoke/",
        "members/5/remove/",
        "organisations/14/status/",
        "changes/1/withdraw/",
    ],
)
def test_a_post_only_address_opened_as_a_page_answers_a_page_in_the_users_language(
    world: PipelineWorld, path: str
) -> None:
    response = manager_client(world).get(f"/pl/app/olomouc/{path}")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    body = response.content.decode()
    assert '<html lang="pl"' in body or 'lang="pl"' in body
    assert 'href="/pl/app/olomouc/"' in body
    links = _links(body)
    assert links["cs"] == "/pl/app/language/cs/?next=%2Fpl%2Fapp%2Folomouc%2F"


def test_a_visitor_opening_a_post_only_address_is_sent_to_log_in(db: None) -> None:
    response = Client().get(f"{BASE}/members/5/grant/")
    assert response.status_code == 302
    assert response["Location"].startswith("/cs/accounts/login/")


# ---- the preferred language is saved only from this site ---------------------------------------


@pytest.mark.parametrize(
    ("headers", "saved"),
    [
        ({"sec-fetch-site": "same-origin"}, True),
        ({"referer": "http://testserver/cs/app/olomouc/"}, True),
        ({"sec-fetch-site": "cross-site"}, False),
        ({"sec-fetch-site": "cross-site", "referer": "http://testserver/cs/app/"}, False),
        ({"referer": "https://evil.example/page"}, False),
        ({}, False),
    ],
)
def test_the_preferred_language_is_saved_only_when_asked_from_this_site(
    world: PipelineWorld, headers: dict[str, str], saved: bool
) -> None:
    manager: User = world.user(Role.MANAGER)
    User.objects.filter(pk=manager.pk).update(preferred_language="cs")
    response = manager_client(world).get(
        "/cs/app/language/pl/", {"next": f"{BASE}/"}, headers=headers
    )
    # the cookie is set in every case: the language of this browser
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "pl"
    manager.refresh_from_db()
    assert manager.preferred_language == ("pl" if saved else "cs")
