"""The staff endpoints of cooperation (token, read only): who reads the partnerships, exchanges,
library and joint ideas of Olomouc and Opole, written by hand per role and side; the library
through the API is exactly the library page (a partner's card only while shared with a
partnership of both: both ways, in the list, the search and the tag filter, and gone at once
when unshared); Ostrava, a member of no partnership of theirs, learns nothing; bad input is a
JSON 4xx; the query counts do not grow with the data.

The world is aglomera/cooperation/tests/helpers.py's (a partnership of Olomouc and Opole with a
project, each partner's budget and two exchanges), with the cards of test_sharing.py: Olomouc's
X shared and W for partners not shared, Opole's Z shared and Y not, Opole's public card; and a
joint idea with Olomouc's side (a measure, a budget) and Opole's (nothing stated), commented.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from aglomera.accounts.models import Role, User
from aglomera.agglomerations.models import Agglomeration
from aglomera.cooperation import actions
from aglomera.cooperation.models import GoodPractice, JointIdea, MoneyBasis, Visibility
from aglomera.cooperation.tests.helpers import CooperationWorld, build, build_more
from aglomera.core.money import Currency
from aglomera.strategy.models import Measure
from aglomera.strategy.tests.builders import StrategyBuilder, Users, make_olomouc, make_opole

pytestmark = pytest.mark.django_db

BASE = "/api/v1/staff/agglomerations"


@dataclass
class Coop:
    w: CooperationWorld
    x: GoodPractice  # Olomouc's, for partners, shared
    w_card: GoodPractice  # Olomouc's, for partners, NOT shared
    y: GoodPractice  # Opole's, for partners, NOT shared
    z: GoodPractice  # Opole's, for partners, shared
    public: GoodPractice  # Opole's public card
    idea: JointIdea
    measure: Measure  # Olomouc's, on the idea

    def client(self, user: User | None, language: str = "en") -> Client:
        headers = {"Accept-Language": language}
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            headers["Authorization"] = f"Token {token.key}"
        return Client(headers=headers)

    def staff(self, agglomeration: Agglomeration, role: Role = Role.MANAGER) -> Client:
        return self.client(self.w.users(agglomeration, role))


def _card(w: CooperationWorld, owner: Agglomeration, title: str, **more: Any) -> GoodPractice:
    values = {"visibility": Visibility.PARTNERS, **more}
    return actions.create_good_practice(
        actions.GoodPracticeFields(title={"en": title}, tags=[title.lower()], **values),
        agglomeration=owner,
        actor=w.users(owner, Role.MANAGER),
    )


def _measure(w: CooperationWorld) -> Measure:
    StrategyBuilder(w.olomouc, w.manager).with_goal("1", "Mobilita").with_specific_goal(
        "1.2", "Aktivní mobilita"
    ).with_measure("1.2.1", "Cyklistická infrastruktura").approved().build()
    return Measure.objects.get(version__strategy__agglomeration=w.olomouc)


def _idea(w: CooperationWorld, measure: Measure, title: str = "Cycle route") -> JointIdea:
    return actions.create_idea(
        w.partnership,
        actions.IdeaFields(
            title={"cs": "Cyklotrasa", "pl": "Trasa rowerowa", "en": title},
            programme={"en": "Interreg Czechia–Poland 2021–2027"},
            priority={"en": "PO4 Tourism and culture"},
            sides=[
                actions.SideFields(
                    w.olomouc,
                    measure=measure,
                    amount=Decimal("25000000"),
                    currency=Currency.CZK,
                    basis=MoneyBasis.TOTAL,
                ),
                actions.SideFields(w.opole),
            ],
        ),
        agglomeration=w.olomouc,
        actor=w.manager,
    )


@pytest.fixture
def coop(db: None) -> Coop:
    w = build(make_olomouc(), make_opole(), Users())
    x = _card(
        w,
        w.olomouc,
        "Xylophone",
        amount=Decimal("1500000.50"),
        currency=Currency.CZK,
        basis=MoneyBasis.ELIGIBLE,
    )
    w_card = _card(w, w.olomouc, "Waltz")
    y = _card(w, w.opole, "Yodel")
    z = _card(w, w.opole, "Zither")
    public = _card(w, w.opole, "Pianola", visibility=Visibility.PUBLIC)
    actions.share(w.partnership, agglomeration=w.olomouc, actor=w.manager, practices=[x.pk])
    actions.share(
        w.partnership,
        agglomeration=w.opole,
        actor=w.users(w.opole, Role.MANAGER),
        practices=[z.pk],
    )
    measure = _measure(w)
    idea = _idea(w, measure)
    actions.comment_idea(
        idea,
        "Proponujemy dodać węzły przesiadkowe.",
        agglomeration=w.opole,
        actor=w.users(w.opole, Role.PARTNER),
        written_in="pl",
    )
    return Coop(w, x, w_card, y, z, public, idea, measure)


def _urls(c: Coop, slug: str) -> list[str]:
    """[partnerships, exchanges, library, X (Olomouc's shared card), ideas, the idea]"""
    tail = f"{BASE}/{slug}/cooperation"
    return [
        f"{tail}/partnerships/",
        f"{tail}/partnerships/{c.w.partnership.pk}/exchanges/",
        f"{tail}/library/",
        f"{tail}/library/{c.x.pk}/",
        f"{tail}/ideas/",
        f"{tail}/ideas/{c.idea.pk}/",
    ]


def _answers(client: Client, urls: list[str]) -> list[int]:
    return [client.get(url).status_code for url in urls]


# ---- who reads, by role, both sides ------------------------------------------------------------

READERS = {
    Role.MANAGER: [200] * 6,
    Role.COORDINATOR: [200] * 6,
    Role.AUDITOR: [200] * 6,
    Role.PARTNER: [200] * 6,
    Role.APPLICANT: [403] * 6,
    Role.COMMITTEE: [403] * 6,
    Role.WORKING_GROUP: [403] * 6,
}


@pytest.mark.parametrize("side", ["olomouc", "opole"])
def test_who_reads_cooperation_through_the_api(coop: Coop, side: str) -> None:
    agglomeration = coop.w.olomouc if side == "olomouc" else coop.w.opole
    got = {role: _answers(coop.staff(agglomeration, role), _urls(coop, side)) for role in Role}
    assert got == READERS


def test_without_a_token_it_is_a_401(coop: Coop) -> None:
    assert set(_answers(coop.client(None), _urls(coop, "olomouc"))) == {401}


def test_a_member_of_no_common_partnership_learns_nothing(coop: Coop) -> None:
    ostrava = coop.staff(coop.w.ostrava)
    for slug in ("olomouc", "opole"):
        urls = _urls(coop, slug)
        assert set(_answers(ostrava, urls)) == {404}, slug
        response = ostrava.get(urls[0])
        assert set(response.json()) == {"detail", "code"}
    # on its own slug: its lists are empty of them, and their ids are 404
    own = _urls(coop, "ostrava")
    assert _answers(ostrava, own) == [200, 404, 200, 404, 200, 404]
    assert ostrava.get(own[0]).json()["count"] == 0
    assert ostrava.get(own[2]).json()["count"] == 0
    assert ostrava.get(own[4]).json()["count"] == 0


# ---- what it says -----------------------------------------------------------------------------


def test_the_partnerships_with_members_agreement_projects_and_budgets(coop: Coop) -> None:
    body = coop.staff(coop.w.opole, Role.PARTNER).get(_urls(coop, "opole")[0]).json()
    assert body["count"] == 1
    (row,) = body["results"]
    assert row["id"] == coop.w.partnership.pk
    assert row["name"] == {
        "cs": "Spolupráce Olomouc–Opole",
        "pl": None,
        "en": "Olomouc-Opole cooperation",
    }
    assert {m["slug"] for m in row["members"]} == {"olomouc", "opole"}
    assert all(set(m) == {"slug", "name", "joined_on"} for m in row["members"])
    assert (row["agreement_signed_on"], row["agreement_precision"]) == ("2016-09-01", "month")
    assert row["agreement_source"] == "https://razemdlarozwoju.eu/cs/historie-spoluprace/"
    (project,) = row["projects"]
    assert project["registration_number"] == "CZ.11.4.120/0.0/0.0/16_026/0001080"
    assert project["programme"]["en"] == "Interreg V-A Czech Republic – Poland"
    assert (project["starts_on"], project["starts_precision"]) == ("2020-02-01", "month")
    assert (project["ends_on"], project["ends_precision"]) == ("2023-01-01", "month")
    # each partner's budget in its own currency, never summed
    assert project["budgets"] == [
        {
            "amount": "1200000.00",
            "currency": "CZK",
            "basis": "eligible",
            "partner": "olomouc",
            "eu_rate": "0.8500",
        },
        {
            "amount": "210000.00",
            "currency": "PLN",
            "basis": "eligible",
            "partner": "opole",
            "eu_rate": "0.8500",
        },
    ]
    assert not any("total" in key for key in project)


def test_the_exchanges_of_a_partnership_newest_first(coop: Coop) -> None:
    client = coop.staff(coop.w.olomouc, Role.AUDITOR)
    body = client.get(_urls(coop, "olomouc")[1]).json()
    assert [r["id"] for r in body["results"]] == [coop.w.exchange.pk, coop.w.older.pk]
    first = body["results"][0]
    assert first["title"] == {
        "cs": "Stáž v Opolí",
        "pl": "Staż w Opolu",
        "en": "Internship in Opole",
    }
    assert (first["kind"], first["host"], first["dates_precision"]) == (
        "internship",
        "opole",
        "day",
    )
    assert (first["starts_on"], first["ends_on"]) == ("2021-08-15", "2021-08-22")
    assert first["project"] == coop.w.project.pk
    assert body["results"][1]["kind"] == "study_visit"
    for pk in (0, 10**6, 2**63 - 1, 10**30):
        response = client.get(f"{BASE}/olomouc/cooperation/partnerships/{pk}/exchanges/")
        assert response.status_code == 404, pk
        assert response.json()["code"] == "not_found"


def test_a_card_says_its_money_or_null_never_0_and_its_tags_per_language(coop: Coop) -> None:
    client = coop.staff(coop.w.opole, Role.COORDINATOR)
    x = client.get(_urls(coop, "opole")[3]).json()
    assert x["agglomeration"] == "olomouc"
    assert x["title"] == {"cs": None, "pl": None, "en": "Xylophone"}
    assert x["money"] == {"amount": "1500000.50", "currency": "CZK", "basis": "eligible"}
    assert x["tags"] == {"cs": [], "pl": [], "en": ["xylophone"]}
    assert x["visibility"] == "partners"
    z = client.get(f"{BASE}/opole/cooperation/library/{coop.z.pk}/").json()
    assert z["money"] is None


def test_an_idea_is_read_by_both_members_with_its_sides_and_comments(coop: Coop) -> None:
    for slug, agglomeration in (("olomouc", coop.w.olomouc), ("opole", coop.w.opole)):
        client = coop.staff(agglomeration, Role.PARTNER)
        listed = client.get(_urls(coop, slug)[4]).json()
        assert [r["id"] for r in listed["results"]] == [coop.idea.pk]
        idea = client.get(_urls(coop, slug)[5]).json()
        assert idea == listed["results"][0]
        assert idea["status"] == "idea" and idea["revision"] == 0
        assert idea["programme"]["en"] == "Interreg Czechia–Poland 2021–2027"
        assert idea["priority"]["en"] == "PO4 Tourism and culture"
        sides = {side["agglomeration"]: side for side in idea["sides"]}
        assert idea["sides"][0]["agglomeration"] == slug  # the reader's own side first
        assert sides["olomouc"]["measure"] == {
            "code": "1.2.1",
            "name": {"cs": "Cyklistická infrastruktura", "pl": None, "en": None},
        }
        assert sides["olomouc"]["money"] == {
            "amount": "25000000.00",
            "currency": "CZK",
            "basis": "total",
        }
        assert sides["opole"] == {"agglomeration": "opole", "measure": None, "money": None}
        (comment,) = idea["comments"]
        assert comment["author"] == str(coop.w.users(coop.w.opole, Role.PARTNER))
        assert (comment["agglomeration"], comment["written_in"]) == ("opole", "pl")
        assert comment["text"] == "Proponujemy dodać węzły przesiadkowe."
        assert comment["created"]


# ---- the library both ways, and unsharing -----------------------------------------------------


def _library(client: Client, slug: str, **params: str) -> set[str]:
    response = client.get(f"{BASE}/{slug}/cooperation/library/", params)
    assert response.status_code == 200, response.content
    return {card["title"]["en"] for card in response.json()["results"]}


def test_opole_reads_olomoucs_shared_card_and_not_the_unshared_one(coop: Coop) -> None:
    opole = coop.staff(coop.w.opole, Role.PARTNER)
    assert _library(opole, "opole") == {"Xylophone", "Yodel", "Zither", "Pianola"}
    assert _library(opole, "opole", q="waltz") == set()
    assert _library(opole, "opole", tag="waltz") == set()
    assert _library(opole, "opole", q="XYLOPHONE") == {"Xylophone"}
    assert _library(opole, "opole", tag="xylophone") == {"Xylophone"}
    cards = f"{BASE}/opole/cooperation/library/"
    assert _answers(opole, [f"{cards}{coop.x.pk}/", f"{cards}{coop.w_card.pk}/"]) == [200, 404]


def test_olomouc_reads_opoles_shared_and_public_cards_and_not_the_unshared_one(
    coop: Coop,
) -> None:
    olomouc = coop.staff(coop.w.olomouc, Role.COORDINATOR)
    assert _library(olomouc, "olomouc") == {"Xylophone", "Waltz", "Zither", "Pianola"}
    assert _library(olomouc, "olomouc", q="yodel") == set()
    assert _library(olomouc, "olomouc", tag="Yodel") == set()
    cards = f"{BASE}/olomouc/cooperation/library/"
    urls = [f"{cards}{card.pk}/" for card in (coop.z, coop.public, coop.y)]
    assert _answers(olomouc, urls) == [200, 200, 404]
    # nor on the owner's slug, where Olomouc's staff are not members
    assert olomouc.get(f"{BASE}/opole/cooperation/library/{coop.y.pk}/").status_code == 404


def test_unsharing_removes_the_card_from_the_api_at_once(coop: Coop) -> None:
    opole = coop.staff(coop.w.opole, Role.MANAGER)
    card = f"{BASE}/opole/cooperation/library/{coop.x.pk}/"
    assert opole.get(card).status_code == 200
    actions.set_sharing(
        coop.w.partnership, actions.Sharing(), agglomeration=coop.w.olomouc, actor=coop.w.manager
    )
    assert opole.get(card).status_code == 404
    assert "Xylophone" not in _library(opole, "opole")
    assert _library(opole, "opole", q="xylophone") == set()
    # and back
    actions.share(
        coop.w.partnership,
        agglomeration=coop.w.olomouc,
        actor=coop.w.manager,
        practices=[coop.x.pk],
    )
    assert opole.get(card).status_code == 200


def test_a_shared_card_set_to_own_office_only_is_gone_too(coop: Coop) -> None:
    GoodPractice.objects.filter(pk=coop.z.pk).update(visibility=Visibility.OWN)
    olomouc = coop.staff(coop.w.olomouc)
    assert olomouc.get(f"{BASE}/olomouc/cooperation/library/{coop.z.pk}/").status_code == 404
    assert "Zither" not in _library(olomouc, "olomouc")


# ---- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [{"q": "x" * 201}, {"tag": "y" * 201}, {"q": "a\x00b"}, {"tag": "\x00"}],
)
def test_a_bad_search_is_a_400_naming_the_field(coop: Coop, query: dict[str, str]) -> None:
    response = coop.staff(coop.w.olomouc).get(f"{BASE}/olomouc/cooperation/library/", query)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and set(body["errors"]) == set(query)


@pytest.mark.parametrize("page", ["0", "-1", "abc", "2", str(10**30)])
def test_a_page_that_does_not_exist_is_a_404(coop: Coop, page: str) -> None:
    client = coop.staff(coop.w.olomouc)
    for url in _urls(coop, "olomouc")[::2]:
        response = client.get(url, {"page": page})
        assert response.status_code == 404, (url, page)
        assert response.json()["code"] == "not_found"


def test_unknown_or_huge_ids_are_a_404(coop: Coop) -> None:
    client = coop.staff(coop.w.olomouc)
    for kind in ("library", "ideas"):
        for pk in (0, 10**6, 2**63 - 1, 10**30):
            response = client.get(f"{BASE}/olomouc/cooperation/{kind}/{pk}/")
            assert response.status_code == 404, (kind, pk)
    assert client.get(f"{BASE}/olomouc/cooperation/ideas/abc/").status_code == 404
    assert client.post(_urls(coop, "olomouc")[0]).status_code == 405


def test_the_page_size_is_honoured(coop: Coop) -> None:
    client = coop.staff(coop.w.olomouc)
    body = client.get(f"{BASE}/olomouc/cooperation/library/", {"page_size": 1}).json()
    assert body["count"] == 4 and len(body["results"]) == 1 and body["next"]
    body = client.get(f"{BASE}/olomouc/cooperation/library/", {"page_size": 10**6}).json()
    assert len(body["results"]) == 4


# ---- query counts -----------------------------------------------------------------------------

# token, memberships, agglomeration + the reads of the page
QUERIES = {
    "partnerships": 3 + 4,  # partnerships, members, projects, budgets
    "exchanges": 3 + 6,  # get_partnership as the partnership page
    "library": 3 + 2,  # tags of every card, the cards
    "card": 3 + 1,
    "ideas": 3 + 4,  # the count, ideas of the page, their sides, comments
    "idea": 3 + 5,  # idea_page as the idea's page
}


def _more(c: Coop) -> None:
    build_more(c.w)
    for n in range(5):
        _card(c.w, c.w.olomouc, f"Card {n}")
        card = _card(c.w, c.w.opole, f"Shared {n}")
        actions.share(
            c.w.partnership,
            agglomeration=c.w.opole,
            actor=c.w.users(c.w.opole, Role.MANAGER),
            practices=[card.pk],
        )
        idea = _idea(c.w, c.measure, f"Idea {n}")
        for who in (c.w.manager, c.w.users(c.w.olomouc, Role.COORDINATOR)):
            actions.comment_idea(
                idea, f"Comment {n}", agglomeration=c.w.olomouc, actor=who, written_in="en"
            )
    project = c.w.project
    actions.set_budget(
        project,
        c.w.opole,
        amount=Decimal("5000"),
        currency=Currency.EUR,
        basis=MoneyBasis.EU,
        agglomeration=c.w.olomouc,
        actor=c.w.manager,
    )
    actions.create_exchange(
        c.w.partnership,
        actions.ExchangeFields(
            kind="study_visit",
            host=c.w.olomouc,
            starts_on=date(2022, 5, 1),
            title={"en": "Visit"},
        ),
        agglomeration=c.w.olomouc,
        actor=c.w.manager,
    )


def _count(c: Coop, client: Client, url: str, django_assert_num_queries: Any, n: int) -> None:
    with django_assert_num_queries(n):
        response = client.get(url)
    assert response.status_code == 200, response.content


def test_the_query_counts_do_not_grow_with_the_data(
    coop: Coop, django_assert_num_queries: Any
) -> None:
    client = coop.staff(coop.w.olomouc, Role.PARTNER)
    client.get(_urls(coop, "olomouc")[0])  # the token exists
    urls = dict(zip(QUERIES, _urls(coop, "olomouc"), strict=True))
    for name, url in urls.items():
        _count(coop, client, url, django_assert_num_queries, QUERIES[name])
    _more(coop)
    for name, url in urls.items():
        _count(coop, client, url, django_assert_num_queries, QUERIES[name])
    assert client.get(urls["ideas"]).json()["count"] == 6
    assert client.get(urls["library"]).json()["count"] == 14
