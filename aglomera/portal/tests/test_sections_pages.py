"""Every page of the portal's sections answers 200 in Czech, Polish and English to anyone,
with a fixed number of queries, and marks its section in the navigation."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from aglomera.portal.tests.sections_world import Sections

# (address below the portal, queries: the agglomeration's and the page's own)
PAGES: dict[str, tuple[Callable[[Sections], str], int]] = {
    "calls": (lambda s: "calls/", 1 + 2),
    "call": (lambda s: f"calls/{s.closed_call.pk}/", 1 + 6),
    "strategy": (lambda s: "strategy/", 1 + 4),
    "goal": (lambda s: "strategy/goals/2/", 1 + 19),
    "measure": (lambda s: "strategy/measures/2.1.1/", 1 + 17),
    "committee": (lambda s: "committee/", 1 + 3),
    "closed_meeting": (lambda s: f"committee/meetings/{s.closed_meeting.pk}/", 1 + 5),
    "planned_meeting": (lambda s: f"committee/meetings/{s.planned_meeting.pk}/", 1 + 1),
    "documents": (lambda s: "documents/", 1 + 3),
    "contacts": (lambda s: "contacts/", 1),
    "municipalities": (lambda s: "municipalities/", 1 + 1),
    "accessibility": (lambda s: "accessibility/", 1),
    "privacy": (lambda s: "privacy/", 1),
    "cookies": (lambda s: "cookies/", 1),
}


@pytest.mark.parametrize("language", ["cs", "pl", "en"])
@pytest.mark.parametrize("page", sorted(PAGES))
def test_each_page_answers_in_each_language_with_a_fixed_number_of_queries(
    client: Client,
    sections: Sections,
    django_assert_num_queries: DjangoAssertNumQueries,
    page: str,
    language: str,
) -> None:
    address, queries = PAGES[page]
    with django_assert_num_queries(queries):
        response = client.get(f"/{language}/{sections.slug}/{address(sections)}")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert html.count('aria-current="page"') == 1


def test_the_navigation_and_the_footer_link_the_sections(
    client: Client, sections: Sections
) -> None:
    html = client.get("/cs/olomouc/").content.decode()
    for path in (
        "calls",
        "strategy",
        "committee",
        "documents",
        "municipalities",
        "contacts",
        "accessibility",
        "privacy",
        "cookies",
    ):
        assert f'href="/cs/olomouc/{path}/"' in html


def test_a_bound_host_serves_the_sections_at_its_root(
    client: Client, sections: Sections, settings: object
) -> None:
    from aglomera.portal.models import PortalHost

    PortalHost.objects.create(host="iti.example.cz", agglomeration=sections.world.agglomeration)
    settings.ALLOWED_HOSTS = ["testserver", "iti.example.cz"]  # type: ignore[attr-defined]
    response = client.get("/en/calls/", headers={"host": "iti.example.cz"})
    assert response.status_code == 200
    assert f'href="/en/calls/{sections.open_call.pk}/"' in response.content.decode()


@pytest.mark.parametrize(
    "address",
    [
        "calls/?page=abc&sort=%3Cscript%3E",
        "calls/?%ff%fe=%00",
        "strategy/measures/2.1.1/?as_of=not-a-date&measure=;drop",
        "committee/?year=99999999999999999999",
        "municipalities/?order=<b>x</b>",
    ],
)
def test_a_malformed_query_string_is_ignored(
    client: Client, sections: Sections, address: str
) -> None:
    response = client.get(f"/en/{sections.slug}/{address}")
    assert response.status_code == 200
    assert "<b>x</b>" not in response.content.decode()


@pytest.mark.parametrize(
    "address",
    [
        "calls/999999/",
        "calls/99999999999999999999999/",
        "strategy/goals/9/",
        "strategy/goals/%3Cscript%3E/",
        "strategy/measures/9.9.9/",
        "strategy/measures/%C4%8D" + "x" * 300 + "/",
        "committee/meetings/999999/",
        "committee/meetings/99999999999999999999999/",
    ],
)
def test_an_unknown_object_is_not_found(client: Client, sections: Sections, address: str) -> None:
    assert client.get(f"/en/{sections.slug}/{address}").status_code == 404


@pytest.mark.parametrize("address", ["calls/", "strategy/", "committee/", "accessibility/"])
def test_an_unknown_agglomeration_is_not_found(client: Client, db: None, address: str) -> None:
    assert client.get(f"/en/nowhere/{address}").status_code == 404


def test_the_sitemap_lists_every_public_call_meeting_and_news_item(
    client: Client, sections: Sections
) -> None:
    from xml.etree import ElementTree

    from aglomera.accounts.models import Role
    from aglomera.news import actions as news_actions
    from aglomera.news.tests.helpers import draft

    manager = sections.world.users[Role.MANAGER]
    item = news_actions.publish_now(
        draft(sections.world.agglomeration, manager, "Zpráva"), actor=manager
    )
    hidden = draft(sections.world.agglomeration, manager, "Koncept")
    root = ElementTree.fromstring(client.get(f"/cs/{sections.slug}/sitemap.xml").content)  # noqa: S314
    urls = {loc.text or "" for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    base = f"http://testserver/cs/{sections.slug}"
    assert f"{base}/news/{item.pk}/" in urls
    assert f"{base}/news/{hidden.pk}/" not in urls
    for call in (sections.open_call, sections.planned_call, sections.closed_call):
        assert f"{base}/calls/{call.pk}/" in urls
    for meeting in (sections.closed_meeting, sections.planned_meeting):
        assert f"{base}/committee/meetings/{meeting.pk}/" in urls
    assert f"{base}/committee/meetings/{sections.cancelled_meeting.pk}/" not in urls
    # every address listed answers
    for url in urls:
        assert client.get(url.removeprefix("http://testserver")).status_code == 200, url
