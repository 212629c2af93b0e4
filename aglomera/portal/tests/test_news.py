"""The portal's news: only public items (published, or scheduled once their time has come),
newest first, by tag, with a gallery; the Atom feed; the latest news on the home page."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from aglomera.accounts.models import User
from aglomera.agglomerations.models import Agglomeration
from aglomera.news import actions
from aglomera.news.models import NewsItem
from aglomera.news.tests.helpers import draft, picture, upload
from aglomera.portal.models import PortalHost
from aglomera.portal.queries import news as queries

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ATOM = "{http://www.w3.org/2005/Atom}"


def published(agglomeration: Agglomeration, actor: User, title: str, at: datetime) -> NewsItem:
    return actions.publish_now(draft(agglomeration, actor, title), actor=actor, now=at)


@pytest.fixture
def news(olomouc: Agglomeration, alice: User) -> dict[str, NewsItem]:
    """One item in each state, the published ones a day apart."""
    items = {
        "old": published(olomouc, alice, "Starší zpráva", NOW - timedelta(days=2)),
        "new": published(olomouc, alice, "Nová zpráva", NOW - timedelta(days=1)),
        "draft": draft(olomouc, alice, "Koncept"),
        "withdrawn": actions.withdraw(
            published(olomouc, alice, "Stažená", NOW - timedelta(days=3)), actor=alice
        ),
        "scheduled": actions.schedule(
            draft(olomouc, alice, "Naplánovaná"), NOW + timedelta(hours=2), actor=alice, now=NOW
        ),
    }
    return items


def titles(page: str, items: dict[str, NewsItem]) -> list[str]:
    found = [(page.find(str(item.title)), key) for key, item in items.items()]
    return [key for position, key in sorted(found) if position >= 0]


@time_machine.travel(NOW, tick=False)
def test_the_list_shows_only_public_news_newest_first(
    client: Client, news: dict[str, NewsItem]
) -> None:
    page = client.get("/cs/olomouc/news/").content.decode()
    assert titles(page, news) == ["new", "old"]


def test_a_scheduled_item_appears_when_its_time_comes(
    client: Client, news: dict[str, NewsItem]
) -> None:
    url = reverse("portal:news_detail", kwargs={"slug": "olomouc", "pk": news["scheduled"].pk})
    with time_machine.travel(NOW + timedelta(hours=1, minutes=59), tick=False):
        assert client.get(url).status_code == 404
        assert "Naplánovaná" not in client.get("/cs/olomouc/news/").content.decode()
    with time_machine.travel(NOW + timedelta(hours=2), tick=False):
        assert client.get(url).status_code == 200
        page = client.get("/cs/olomouc/news/").content.decode()
        assert titles(page, news) == ["scheduled", "new", "old"]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("key", ["draft", "withdrawn", "scheduled"])
def test_what_is_not_public_is_not_found(
    client: Client, news: dict[str, NewsItem], key: str
) -> None:
    url = reverse("portal:news_detail", kwargs={"slug": "olomouc", "pk": news[key].pk})
    assert client.get(url).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_another_portal_does_not_show_the_item(
    client: Client, news: dict[str, NewsItem], opole: Agglomeration
) -> None:
    url = reverse("portal:news_detail", kwargs={"slug": "opole", "pk": news["new"].pk})
    assert client.get(url).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_the_detail_shows_date_lead_paragraphs_gallery_and_tags(
    client: Client, olomouc: Agglomeration, alice: User
) -> None:
    tag = actions.create_tag(olomouc, {"cs": "Spolupráce", "en": "Cooperation"}, actor=alice)
    item = actions.create_news_item(
        olomouc,
        actions.NewsFields(
            title={"cs": "Stáž <script>alert(1)</script>"},
            lead={"cs": "Perex"},
            body={"cs": "Odstavec <b>jedna</b>.\n\nOdstavec dva."},
            tags=[tag],
        ),
        actor=alice,
    )
    photo = actions.add_photo(
        item, upload(picture()), alt={"cs": "Kolegové v Opolí"}, credit="Aglomera demo", actor=alice
    )
    actions.publish_now(item, actor=alice, now=NOW - timedelta(hours=1))
    page = client.get(f"/cs/olomouc/news/{item.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<p>Odstavec &lt;b&gt;jedna&lt;/b&gt;.</p>\n\n<p>Odstavec dva.</p>" in page
    assert 'alt="Kolegové v Opolí"' in page and "Aglomera demo" in page
    assert '<time datetime="2026-03-02T09:00:00+01:00">' in page or "2026-03-02T" in page
    assert f'href="/cs/olomouc/news/?tag={tag.slug}"' in page
    thumb = f"/cs/olomouc/news/photos/{photo.pk}/thumb/"
    assert f'src="{thumb}"' in page
    image = client.get(thumb)
    assert (image.status_code, image["Content-Type"]) == (200, "image/jpeg")
    assert image["Cache-Control"].startswith("public")
    assert client.get(f"/cs/olomouc/news/photos/{photo.pk}/other/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_a_draft_photo_is_not_public(client: Client, olomouc: Agglomeration, alice: User) -> None:
    item = draft(olomouc, alice)
    photo = actions.add_photo(item, upload(picture()), alt={"cs": "A"}, credit="B", actor=alice)
    assert client.get(f"/cs/olomouc/news/photos/{photo.pk}/full/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_the_tag_filter_and_an_unknown_tag(
    client: Client, olomouc: Agglomeration, alice: User, news: dict[str, NewsItem]
) -> None:
    tag = actions.create_tag(olomouc, {"en": "Committee"}, actor=alice)
    fields = actions.NewsFields(title=news["old"].title, lead=news["old"].lead, tags=[tag])
    actions.update_news_item(news["old"], fields, actor=alice)
    page = client.get("/en/olomouc/news/?tag=committee").content.decode()
    assert titles(page, news) == ["old"]
    assert "<h1>News: Committee</h1>" in page
    page = client.get("/en/olomouc/news/?tag=%3Cscript%3E").content.decode()
    assert titles(page, news) == ["new", "old"] and "<script>" not in page


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    "query",
    [
        "page=2",
        "page=abc",
        "page=-1",
        "page=99999999999999999999",
        "page=",
        "page=1.5",
        "page=%C2%B2",
    ],
)
def test_any_page_number_gives_a_page(
    client: Client, news: dict[str, NewsItem], query: str
) -> None:
    response = client.get(f"/en/olomouc/news/?{query}")
    assert response.status_code == 200
    assert titles(response.content.decode(), news) == ["new", "old"]


@time_machine.travel(NOW, tick=False)
def test_many_news_are_paginated(client: Client, olomouc: Agglomeration, alice: User) -> None:
    for n in range(queries.PER_PAGE + 2):
        published(olomouc, alice, f"Zpráva číslo {n:02}", NOW - timedelta(hours=n + 1))
    first = client.get("/en/olomouc/news/").content.decode()
    assert "Zpráva číslo 00" in first and "Zpráva číslo 11" not in first
    assert 'rel="next"' in first and "Page 1 of 2" in first
    second = client.get("/en/olomouc/news/?page=2").content.decode()
    assert "Zpráva číslo 11" in second and 'rel="prev"' in second


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("language", "title"),
    [("en", "News of Olomouc agglomeration"), ("pl", "Aglomeracja ołomuniecka")],
)
def test_the_atom_feed_is_in_the_readers_language(
    client: Client, news: dict[str, NewsItem], language: str, title: str
) -> None:
    response = client.get(f"/{language}/olomouc/news/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own output, parsed in a test
    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == language
    entries = root.findall(f"{ATOM}entry")
    assert title in (root.findtext(f"{ATOM}title") or "")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Nová zpráva", "Starší zpráva"]
    link = entries[0].find(f"{ATOM}link")
    assert link is not None
    assert link.get("href") == f"http://testserver/{language}/olomouc/news/{news['new'].pk}/"
    assert entries[0].findtext(f"{ATOM}updated") and entries[0].findtext(f"{ATOM}id")
    page = client.get(f"/{language}/olomouc/").content.decode()
    assert (
        f'<link rel="alternate" type="application/atom+xml" href="/{language}/olomouc/news/feed/"'
        in page
    )


@time_machine.travel(NOW, tick=False)
def test_the_feed_escapes_markup_in_the_lead(
    client: Client, olomouc: Agglomeration, alice: User
) -> None:
    item = actions.create_news_item(
        olomouc,
        actions.NewsFields(title={"en": "T"}, lead={"en": "<img src=x onerror=alert(1)>"}),
        actor=alice,
    )
    actions.publish_now(item, actor=alice, now=NOW)
    root = ET.fromstring(client.get("/en/olomouc/news/feed/").content)  # noqa: S314
    summary = root.find(f"{ATOM}entry/{ATOM}summary")
    assert summary is not None
    assert summary.text == "&lt;img src=x onerror=alert(1)&gt;"  # shown as text by readers


@time_machine.travel(NOW, tick=False)
def test_the_home_page_shows_the_three_latest(
    client: Client, olomouc: Agglomeration, alice: User, news: dict[str, NewsItem]
) -> None:
    published(olomouc, alice, "Třetí", NOW - timedelta(hours=5))
    published(olomouc, alice, "Čtvrtá", NOW - timedelta(hours=4))
    page = client.get("/cs/olomouc/").content.decode()
    assert "Čtvrtá" in page and "Třetí" in page and "Nová zpráva" in page
    assert "Starší zpráva" not in page and "Koncept" not in page


@time_machine.travel(NOW, tick=False)
def test_a_bound_host_links_news_at_its_root(
    client: Client, news: dict[str, NewsItem], settings: Any
) -> None:
    PortalHost.objects.create(host="iti.example.cz", agglomeration=news["new"].agglomeration)
    settings.ALLOWED_HOSTS = ["testserver", "iti.example.cz"]
    page = client.get("/cs/news/", headers={"host": "iti.example.cz"}).content.decode()
    assert f'href="/cs/news/{news["new"].pk}/"' in page
    root = ET.fromstring(  # noqa: S314
        client.get("/cs/news/feed/", headers={"host": "iti.example.cz"}).content
    )
    link = root.find(f"{ATOM}entry/{ATOM}link")
    assert (
        link is not None and link.get("href") == f"http://iti.example.cz/cs/news/{news['new'].pk}/"
    )


# ---- queries: a fixed number per page ----------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_the_pages_run_a_fixed_number_of_queries(
    client: Client,
    olomouc: Agglomeration,
    alice: User,
    news: dict[str, NewsItem],
    django_assert_num_queries: Any,
) -> None:
    for item in (news["new"], news["old"]):
        actions.add_photo(item, upload(picture()), alt={"cs": "A"}, credit="B", actor=alice)
        actions.add_photo(item, upload(picture()), alt={"cs": "C"}, credit="D", actor=alice)
        tag = actions.create_tag(olomouc, {"en": f"T{item.pk}"}, actor=alice)
        actions.update_news_item(
            item, actions.NewsFields(title=item.title, lead=item.lead, tags=[tag]), actor=alice
        )
    # agglomeration, tags, count, page, its tags, its photos
    with django_assert_num_queries(6):
        client.get("/cs/olomouc/news/")
    # agglomeration, item, its tags, its photos
    with django_assert_num_queries(4):
        client.get(f"/cs/olomouc/news/{news['new'].pk}/")
    # agglomeration, items, their tags
    with django_assert_num_queries(3):
        client.get("/cs/olomouc/news/feed/")
    photo = news["new"].photos.first()
    assert photo is not None
    # agglomeration, photo
    with django_assert_num_queries(2):
        client.get(f"/cs/olomouc/news/photos/{photo.pk}/thumb/")


@time_machine.travel(NOW, tick=False)
def test_the_latest_news_of_the_home_page_take_one_query(
    olomouc: Agglomeration, news: dict[str, NewsItem], django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        latest = queries.latest_news(olomouc, NOW)
    assert latest == [news["new"], news["old"]]


@time_machine.travel(NOW, tick=False)
def test_a_tag_of_a_draft_only_is_not_listed(
    client: Client, olomouc: Agglomeration, alice: User, news: dict[str, NewsItem]
) -> None:
    """A tag made for a news item not yet published would announce it."""
    secret = actions.create_tag(olomouc, {"en": "Secret merger"}, actor=alice)
    fields = actions.NewsFields(title=news["draft"].title, lead=news["draft"].lead, tags=[secret])
    actions.update_news_item(news["draft"], fields, actor=alice)
    page = client.get("/en/olomouc/news/").content.decode()
    assert "Secret merger" not in page
