"""The portal's good-practice pages: only the cards the office made public, with a link to the
project's Art. 49 page when the project is public, escaped, in the sitemap and the navigation,
and a fixed number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from aglomera.accounts.models import Role
from aglomera.cooperation import actions
from aglomera.cooperation.models import GoodPractice, Visibility
from aglomera.portal.tests.projects_world import ProjectsWorld

pytestmark = pytest.mark.django_db


def card(pw: ProjectsWorld, **overrides: Any) -> GoodPractice:
    values: dict[str, Any] = {
        "title": {"cs": "Náměstí v Přerově", "en": "<em>The square</em> in Přerov"},
        "what": {"en": "A new square."},
        "tags": ["public space"],
        "visibility": Visibility.PUBLIC,
        "intention": pw.square,
    }
    values.update(overrides)
    return actions.create_good_practice(
        actions.GoodPracticeFields(**values),
        agglomeration=pw.world.agglomeration,
        actor=pw.world.users[Role.MANAGER],
    )


def test_a_public_card_is_on_the_portal_with_its_project(client: Client, pw: ProjectsWorld) -> None:
    public = card(pw)
    hidden = card(pw, title={"en": "Only for partners"}, visibility=Visibility.PARTNERS)
    listing = client.get("/en/olomouc/good-practice/").content.decode()
    assert (
        "&lt;em&gt;The square&lt;/em&gt; in Přerov" in listing and "<em>The square" not in listing
    )
    assert "Only for partners" not in listing
    assert 'href="/en/olomouc/good-practice/" aria-current="page"' in listing  # the navigation
    page = client.get(f"/en/olomouc/good-practice/{public.pk}/").content.decode()
    assert f'href="/en/olomouc/projects/{pw.square.pk}/"' in page
    assert client.get(f"/en/olomouc/good-practice/{hidden.pk}/").status_code == 404
    assert client.get(f"/en/opole/good-practice/{public.pk}/").status_code == 404
    sitemap = client.get("/en/olomouc/sitemap.xml").content.decode()
    assert f"/en/olomouc/good-practice/{public.pk}/" in sitemap
    assert f"/en/olomouc/good-practice/{hidden.pk}/" not in sitemap


def test_a_project_not_public_is_named_without_a_link(client: Client, pw: ProjectsWorld) -> None:
    public = card(pw, intention=pw.draft)
    page = client.get(f"/en/olomouc/good-practice/{public.pk}/").content.decode()
    assert "/projects/" not in page.split("<main", 1)[-1].split("</main>", 1)[0]
    staff = Client()
    staff.force_login(pw.world.users[Role.MANAGER])
    detail = staff.get(f"/en/app/olomouc/cooperation/library/{public.pk}/").content.decode()
    assert "Art. 49" not in detail
    linked = card(pw)
    detail = staff.get(f"/en/app/olomouc/cooperation/library/{linked.pk}/").content.decode()
    assert f'href="/en/olomouc/projects/{pw.square.pk}/"' in detail and "Art. 49" in detail


@pytest.mark.parametrize(("page", "count"), [("list", 2), ("detail", 2)])
def test_the_pages_take_a_fixed_number_of_queries(
    client: Client, pw: ProjectsWorld, django_assert_num_queries: Any, page: str, count: int
) -> None:
    first = card(pw)
    url = "/en/olomouc/good-practice/" + ("" if page == "list" else f"{first.pk}/")
    for _ in range(3):
        card(pw, tags=["more"])
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200


def test_the_topics_are_in_the_readers_language_or_marked_in_another(
    client: Client, pw: ProjectsWorld
) -> None:
    public = card(pw, tags={"cs": ["veřejný prostor"], "en": ["public space"]})
    czech = client.get("/cs/olomouc/good-practice/").content.decode()
    assert "<span>veřejný prostor</span>" in czech and "public space" not in czech
    polish = client.get(f"/pl/olomouc/good-practice/{public.pk}/").content.decode()
    assert '<dd lang="en">public space</dd>' in polish  # no Polish topic: the English one
    english = client.get(f"/en/olomouc/good-practice/{public.pk}/").content.decode()
    assert "<dd>public space</dd>" in english
