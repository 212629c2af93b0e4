"""Publishing an exchange as news on both portals (issue 13): one item per member's portal in
the languages the exchange has, published on the acting manager's portal through the news
workflow and left as a draft for the partner's manager, audited, never doubled; the
confirmation page with both previews and the list on the exchange page, per role (answers
written by hand), with a fixed number of queries."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from aglomera.accounts.models import Role, User
from aglomera.cooperation import actions, queries
from aglomera.cooperation.actions.news import LEAD_LENGTH, TITLE_LENGTH, exchange_news_texts
from aglomera.cooperation.models import DatePrecision, Exchange, ExchangeKind
from aglomera.cooperation.tests.helpers import CooperationWorld, build_more, exchange_fields
from aglomera.core.models import AuditEvent, StatusChange
from aglomera.news import actions as news_actions
from aglomera.news.models import NewsItem, NewsStatus
from aglomera.strategy.tests.builders import make_user

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def publish(w: CooperationWorld, user: User, side: str = "olomouc") -> actions.ExchangeNews:
    agglomeration = w.olomouc if side == "olomouc" else w.opole
    return actions.publish_exchange_as_news(
        w.exchange, agglomeration=agglomeration, actor=user, now=NOW
    )


def items(w: CooperationWorld) -> dict[str, NewsItem]:
    return {i.agglomeration.slug: i for i in NewsItem.objects.filter(exchange=w.exchange)}


def codes(*prefixes: str) -> list[tuple[str, int | None]]:
    events = AuditEvent.objects.filter(code__in=prefixes).order_by("pk")
    return [(event.code, event.agglomeration_id) for event in events]


# ---- the texts ---------------------------------------------------------------------------------


def test_the_texts_are_written_in_each_language_the_title_has(world: CooperationWorld) -> None:
    texts = exchange_news_texts(world.exchange)
    assert dict(texts["title"]) == {
        "cs": "Stáž v Opolí",
        "pl": "Staż w Opolu",
        "en": "Internship in Opole",
    }
    assert set(texts["lead"]) == {"cs", "pl", "en"}
    assert texts["lead"]["en"] == (
        "An internship hosted by Opole agglomeration, 15 August 2021 – 22 August 2021, "
        "within the partnership Olomouc-Opole cooperation."
    )
    # the text: each section in the language it is written in; Polish has none
    assert texts["body"]["en"] == (
        "Programme and topics\n\nProject evaluation\n\n"
        "Participants\n\nOne colleague of the Olomouc office."
    )
    assert texts["body"]["cs"].endswith("Hodnocení projektů")
    assert "One colleague" not in texts["body"]["cs"]
    assert "pl" not in texts["body"]


def test_each_language_s_lead_is_rendered_with_that_language_active(
    world: CooperationWorld,
) -> None:
    texts = exchange_news_texts(world.exchange)
    # the sentence, the dates' format, the host's and the partnership's names in that language
    assert texts["lead"]["cs"].startswith("Hostitelem stáže konané v termínu ")
    assert "15. srpna 2021 – 22. srpna 2021" in texts["lead"]["cs"]
    assert "Spolupráce Olomouc–Opole" in texts["lead"]["cs"]
    assert texts["lead"]["pl"].startswith("Staż (15 sierpnia 2021 – 22 sierpnia 2021)")
    assert "gospodarzem jest Aglomeracja Opolska" in texts["lead"]["pl"]
    assert texts["body"]["cs"].startswith("Program a témata\n\n")
    assert translation.get_language() == "en"  # the active language is given back


@pytest.mark.parametrize(
    ("kind", "start"),
    [
        (ExchangeKind.STUDY_VISIT, "A study visit hosted by"),
        (ExchangeKind.OTHER, "An exchange hosted by"),
    ],
)
def test_the_lead_names_the_kind_and_a_single_day_or_a_month(
    world: CooperationWorld, kind: str, start: str
) -> None:
    exchange = actions.create_exchange(
        world.partnership,
        exchange_fields(
            world.olomouc,
            kind=kind,
            title={"en": "Visit " + "x" * 300},
            starts_on=date(2019, 5, 1),
            ends_on=None,
            dates_precision=DatePrecision.MONTH,
            participants={},
            programme={},
        ),
        agglomeration=world.olomouc,
        actor=world.manager,
    )
    texts = exchange_news_texts(exchange)
    assert set(texts["title"]) == {"en"}  # only the languages the exchange has
    assert len(texts["title"]["en"]) == TITLE_LENGTH and texts["title"]["en"].endswith("…")
    assert texts["lead"]["en"].startswith(start)
    assert "May 2019, within" in texts["lead"]["en"]  # never a made-up day, no end
    assert texts["body"] == {}


def test_a_long_lead_is_cut_to_what_a_news_item_takes(world: CooperationWorld) -> None:
    world.partnership.name = {"en": "P" * 200}
    world.opole.name = {"en": "O" * 450}
    exchange = Exchange.objects.select_related("host", "partnership").get(pk=world.exchange.pk)
    exchange.partnership, exchange.host = world.partnership, world.opole
    lead = exchange_news_texts(exchange)["lead"]["en"]
    assert len(lead) == LEAD_LENGTH and lead.endswith("…")


# ---- the action ---------------------------------------------------------------------------------


def test_the_manager_publishes_on_the_own_portal_and_drafts_on_the_partner_s(
    world: CooperationWorld,
) -> None:
    result = publish(world, world.manager)
    assert [p.agglomeration.slug for p in result.portals] == ["olomouc", "opole"]
    assert [(p.created, p.published) for p in result.portals] == [(True, True), (True, False)]
    assert result.changed
    made = items(world)
    assert made["olomouc"].status == NewsStatus.PUBLISHED
    assert made["olomouc"].publish_at == NOW
    assert made["opole"].status == NewsStatus.DRAFT and made["opole"].publish_at is None
    for item in made.values():
        assert item.exchange == world.exchange and item.author == world.manager
        assert set(item.title) == {"cs", "pl", "en"}
        assert item.lead["pl"] and item.body["cs"]
    # every step audited, each in the log of the portal's agglomeration
    olomouc, opole = world.olomouc.pk, world.opole.pk
    assert codes("news.item.from_exchange", "news.item.published") == [
        ("news.item.from_exchange", olomouc),
        ("news.item.published", olomouc),
        ("news.item.from_exchange", opole),
    ]
    assert codes("cooperation.exchange.published_as_news") == [
        ("cooperation.exchange.published_as_news", olomouc)
    ]
    event = AuditEvent.objects.get(code="cooperation.exchange.published_as_news")
    assert event.after["published"] == [made["olomouc"].pk]
    assert event.after["drafts"] == [made["opole"].pk]
    assert StatusChange.objects.filter(workflow="news.item").count() == 1


def test_publishing_again_makes_nothing_new(world: CooperationWorld) -> None:
    first = publish(world, world.manager)
    events = AuditEvent.objects.count()
    again = publish(world, world.manager)
    assert not again.changed
    assert [p.item.pk for p in again.portals] == [p.item.pk for p in first.portals]
    assert [(p.created, p.published) for p in again.portals] == [(False, False)] * 2
    assert NewsItem.objects.count() == 2
    assert AuditEvent.objects.count() == events


def test_the_partner_s_manager_publishes_the_waiting_draft(world: CooperationWorld) -> None:
    publish(world, world.manager)
    opole_manager = world.users(world.opole, Role.MANAGER)
    result = publish(world, opole_manager, side="opole")
    assert [p.agglomeration.slug for p in result.portals] == ["opole", "olomouc"]
    assert [(p.created, p.published) for p in result.portals] == [(False, True), (False, False)]
    assert {slug: i.status for slug, i in items(world).items()} == {
        "olomouc": NewsStatus.PUBLISHED,
        "opole": NewsStatus.PUBLISHED,
    }
    assert codes("news.item.published") == [
        ("news.item.published", world.olomouc.pk),
        ("news.item.published", world.opole.pk),
    ]


def test_a_withdrawn_item_stays_withdrawn(world: CooperationWorld) -> None:
    publish(world, world.manager)
    news_actions.withdraw(items(world)["olomouc"], actor=world.manager)
    result = publish(world, world.manager)
    assert not result.changed
    assert items(world)["olomouc"].status == NewsStatus.WITHDRAWN


def test_a_manager_of_both_publishes_on_both_portals(world: CooperationWorld) -> None:
    both = make_user("both", (world.olomouc, Role.MANAGER), (world.opole, Role.MANAGER))
    result = publish(world, both)
    assert [(p.created, p.published) for p in result.portals] == [(True, True), (True, True)]
    assert {i.status for i in items(world).values()} == {NewsStatus.PUBLISHED}


@pytest.mark.parametrize(
    ("who", "side"),
    [
        ("olomouc-coordinator", "olomouc"),  # writes exchanges, does not publish news
        ("olomouc-auditor", "olomouc"),
        ("opole-manager", "olomouc"),  # the partner's manager acting for Olomouc
        ("ostrava-manager", "olomouc"),  # not a member
    ],
)
def test_who_may_not_publish(world: CooperationWorld, who: str, side: str) -> None:
    slug, role = who.split("-")
    agglomeration = {"olomouc": world.olomouc, "opole": world.opole, "ostrava": world.ostrava}[slug]
    with pytest.raises(PermissionDenied):
        publish(world, world.users(agglomeration, Role(role)), side=side)
    assert NewsItem.objects.count() == 0


def test_a_member_s_manager_acting_for_a_non_member_is_refused(world: CooperationWorld) -> None:
    manager = world.users(world.ostrava, Role.MANAGER)
    with pytest.raises(PermissionDenied):
        actions.publish_exchange_as_news(world.exchange, agglomeration=world.ostrava, actor=manager)


# ---- the reads -----------------------------------------------------------------------------------


def test_the_exchange_s_news_the_viewer_s_portal_first(world: CooperationWorld) -> None:
    publish(world, world.manager)
    later = datetime(2027, 1, 1, tzinfo=UTC)
    rows = queries.exchange_news(world.exchange, world.opole, later)
    assert [(r.item.agglomeration.slug, r.public, r.waiting) for r in rows] == [
        ("opole", False, True),
        ("olomouc", True, False),
    ]


def test_the_preview_shows_each_portal_s_own_language_first(world: CooperationWorld) -> None:
    previews = queries.publish_preview(world.exchange, world.olomouc, world.manager)
    assert [p.agglomeration.slug for p in previews] == ["olomouc", "opole"]
    assert [[v.code for v in p.versions] for p in previews] == [
        ["cs", "pl", "en"],
        ["pl", "cs", "en"],
    ]
    assert [(p.existing, p.publishes) for p in previews] == [(None, True), (None, False)]
    assert previews[0].versions[2].body.startswith("Programme and topics")
    assert previews[1].versions[0].body == ""
    publish(world, world.manager)
    again = queries.publish_preview(world.exchange, world.olomouc, world.manager)
    assert [p.existing.status for p in again if p.existing] == ["published", "draft"]


# ---- the pages -----------------------------------------------------------------------------------

# role -> answer to the confirmation page, in Olomouc and in Opole (only the manager publishes)
PUBLISH_ANSWERS = {
    Role.MANAGER: 200,
    Role.COORDINATOR: 403,
    Role.AUDITOR: 403,
    Role.PARTNER: 403,
    Role.APPLICANT: 403,
    Role.COMMITTEE: 403,
    Role.WORKING_GROUP: 403,
}


def client_of(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def news_url(w: CooperationWorld, slug: str) -> str:
    return reverse("cooperation:exchange_news", args=[slug, w.exchange.pk])


def exchange_url(w: CooperationWorld, slug: str) -> str:
    return reverse("cooperation:exchange", args=[slug, w.exchange.pk])


BUTTON = "Publish as news on both portals"
ARTICLE = re.compile(r'<article lang="(\w+)"')


@pytest.mark.parametrize("side", ["olomouc", "opole"])
@pytest.mark.parametrize("role", list(Role))
def test_the_confirmation_and_the_button_by_role(
    world: CooperationWorld, side: str, role: Role
) -> None:
    agglomeration = world.olomouc if side == "olomouc" else world.opole
    client = client_of(world.users(agglomeration, role))
    assert client.get(news_url(world, side)).status_code == PUBLISH_ANSWERS[role]
    page = client.get(exchange_url(world, side))
    if page.status_code == 200:
        assert (BUTTON in page.content.decode()) is (role == Role.MANAGER)
    refused = client.post(news_url(world, side))
    assert refused.status_code == (302 if role == Role.MANAGER else 403)
    assert NewsItem.objects.count() == (2 if role == Role.MANAGER else 0)


def test_an_outsider_and_a_visitor_are_turned_away(world: CooperationWorld) -> None:
    outsider = client_of(world.users(world.ostrava, Role.MANAGER))
    assert outsider.get(news_url(world, "olomouc")).status_code == 404
    assert outsider.post(news_url(world, "olomouc")).status_code == 404
    assert outsider.get(news_url(world, "ostrava")).status_code == 404
    visitor = Client().post(news_url(world, "olomouc"))
    assert visitor.status_code == 302 and "/accounts/login/" in visitor["Location"]
    assert Client().get(news_url(world, "olomouc")).status_code == 302
    assert client_of(world.manager).put(news_url(world, "olomouc")).status_code == 405
    assert NewsItem.objects.count() == 0


def test_the_confirmation_previews_both_items_in_their_languages(world: CooperationWorld) -> None:
    page = client_of(world.manager).get(news_url(world, "olomouc")).content.decode()
    assert "Nothing is published yet" in page
    assert "Published on this portal now." in page
    assert "Made as a draft on the partner's portal: its manager publishes it." in page
    olomouc, opole = page.split("Opole agglomeration</h2>")
    assert ARTICLE.findall(olomouc) == ["cs", "pl", "en"]  # each portal's own language first
    assert ARTICLE.findall(opole) == ["pl", "cs", "en"]
    assert "Staż w Opolu" in opole and "Project evaluation" in opole
    assert 'name="csrfmiddlewaretoken"' in page
    assert NewsItem.objects.count() == 0  # the page writes nothing


def test_publishing_lists_the_items_per_portal_and_twice_makes_nothing_new(
    world: CooperationWorld,
) -> None:
    client = client_of(world.manager)
    response = client.post(news_url(world, "olomouc"), follow=True)
    page = response.content.decode()
    assert response.redirect_chain == [(exchange_url(world, "olomouc"), 302)]
    assert "on your portal; on the partner" in page
    made = items(world)
    assert "Olomouc" in page and "Published (on the portal)" in page
    assert "Draft (waiting for the manager of that agglomeration)" in page
    assert reverse("portal:news_detail", args=["olomouc", made["olomouc"].pk]) in page
    assert reverse("news:edit", args=["olomouc", made["olomouc"].pk]) in page
    assert reverse("news:edit", args=["opole", made["opole"].pk]) not in page
    again = client.post(news_url(world, "olomouc"), follow=True).content.decode()
    assert "already published as news" in again
    assert NewsItem.objects.count() == 2
    preview = client.get(news_url(world, "olomouc")).content.decode()
    assert "Already made from this exchange (Published)" in preview
    # the partner's office sees the draft in its news list, marked, and publishes it here too
    opole_manager = client_of(world.users(world.opole, Role.MANAGER))
    news_list = opole_manager.get(reverse("news:list", args=["opole"])).content.decode()
    assert "from the partnership" in news_list
    edit = opole_manager.get(reverse("news:edit", args=["opole", made["opole"].pk]))
    assert "from the partnership" in edit.content.decode()
    opole_page = opole_manager.get(news_url(world, "opole")).content.decode()
    assert "The draft is published now." in opole_page
    done = opole_manager.post(news_url(world, "opole"), follow=True).content.decode()
    assert "published as news on every portal" in done
    assert {i.status for i in items(world).values()} == {NewsStatus.PUBLISHED}


def test_an_exchange_without_news_says_so(world: CooperationWorld) -> None:
    page = client_of(world.users(world.olomouc, Role.AUDITOR)).get(exchange_url(world, "olomouc"))
    assert "Not published as news yet." in page.content.decode()


@pytest.mark.parametrize(("name", "queries_count"), [("exchange", 13), ("confirm", 8)])
def test_the_pages_take_a_fixed_number_of_queries(
    world: CooperationWorld, name: str, queries_count: int
) -> None:
    url = exchange_url(world, "olomouc") if name == "exchange" else news_url(world, "olomouc")
    client = client_of(world.manager)
    client.get(url)  # warm the session and the content types

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = count()
    publish(world, world.manager)  # the items listed
    build_more(world)
    assert (before, count()) == (queries_count, queries_count)
