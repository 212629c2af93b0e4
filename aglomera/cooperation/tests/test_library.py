"""The good-practice library: who reads and writes which card (written by hand per role, for
the owner, the partner and a third agglomeration), the search ignoring diacritics, the tag
filter, money never summed, escaping, the audit, and a fixed number of queries per page."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aglomera.accounts.models import Role, User
from aglomera.cooperation import actions, queries
from aglomera.cooperation.actions.library import clean_tags
from aglomera.cooperation.models import GoodPractice, MoneyBasis, Visibility
from aglomera.cooperation.tests.helpers import CooperationWorld
from aglomera.cooperation.tests.test_pages import client_of
from aglomera.core.models import AuditEvent
from aglomera.core.money import Currency
from aglomera.intentions.tests.builders import PipelineWorld

pytestmark = pytest.mark.django_db


def card(
    w: CooperationWorld, owner: Any = None, *, shared: bool = True, **overrides: Any
) -> GoodPractice:
    """A card of `owner` (Olomouc); one for partners is shared with the partnership of Olomouc
    and Opole by its manager unless `shared` is False (docs/cooperation.md, "What each side
    shares")."""
    owner = owner or w.olomouc
    values: dict[str, Any] = {
        "title": {"cs": "Cyklostezky", "pl": "Ścieżki rowerowe", "en": "Cycle paths"},
        "what": {"en": "A network of cycle paths."},
        "why": {"en": "Built with the municipalities."},
        "tags": ["cycling", "transport"],
        "visibility": Visibility.PARTNERS,
    }
    values.update(overrides)
    created = actions.create_good_practice(
        actions.GoodPracticeFields(**values),
        agglomeration=owner,
        actor=w.users(owner, Role.MANAGER),
    )
    if shared and created.visibility == Visibility.PARTNERS:
        actions.share(
            w.partnership,
            agglomeration=owner,
            actor=w.users(owner, Role.MANAGER),
            practices=[created.pk],
        )
    return created


def urls(slug: str, pk: int) -> dict[str, str]:
    return {
        "library": reverse("cooperation:library", args=[slug]),
        "card": reverse("cooperation:card", args=[slug, pk]),
        "new": reverse("cooperation:card_new", args=[slug]),
        "edit": reverse("cooperation:card_edit", args=[slug, pk]),
    }


# Olomouc's card shared with partners: role -> answers to library, card, new, edit
OWNER_ANSWERS = {
    Role.MANAGER: [200, 200, 200, 200],
    Role.COORDINATOR: [200, 200, 200, 200],
    Role.AUDITOR: [200, 200, 403, 403],
    Role.PARTNER: [200, 200, 403, 403],
    Role.APPLICANT: [403, 403, 403, 403],
    Role.COMMITTEE: [403, 403, 403, 403],
    Role.WORKING_GROUP: [403, 403, 403, 403],
}
# the same card read by Opole's staff on Opole's slug: they read it, never edit it
PARTNER_ANSWERS = {
    Role.MANAGER: [200, 200, 200, 404],
    Role.COORDINATOR: [200, 200, 200, 404],
    Role.AUDITOR: [200, 200, 403, 403],
    Role.PARTNER: [200, 200, 403, 403],
    Role.APPLICANT: [403, 403, 403, 403],
    Role.COMMITTEE: [403, 403, 403, 403],
    Role.WORKING_GROUP: [403, 403, 403, 403],
}


@pytest.mark.parametrize("role", list(Role))
def test_the_owner_and_the_partner_by_role(world: CooperationWorld, role: Role) -> None:
    shared = card(world)
    owner = client_of(world.users(world.olomouc, role))
    answers = [owner.get(url).status_code for url in urls("olomouc", shared.pk).values()]
    assert answers == OWNER_ANSWERS[role]
    partner = client_of(world.users(world.opole, role))
    answers = [partner.get(url).status_code for url in urls("opole", shared.pk).values()]
    assert answers == PARTNER_ANSWERS[role]


def test_an_unshared_card_is_a_404_for_the_partner(world: CooperationWorld) -> None:
    own = card(world, visibility=Visibility.OWN)
    partner = client_of(world.users(world.opole, Role.MANAGER))
    assert partner.get(urls("opole", own.pk)["card"]).status_code == 404
    assert partner.get(urls("olomouc", own.pk)["card"]).status_code == 404
    assert "Cycle paths" not in partner.get(urls("opole", own.pk)["library"]).content.decode()
    owner = client_of(world.manager)
    assert owner.get(urls("olomouc", own.pk)["card"]).status_code == 200
    for huge in (2**63, 2**70):  # beyond the database's integers: 404, never 500
        assert owner.get(urls("olomouc", huge)["card"]).status_code == 404
        assert owner.get(urls("olomouc", huge)["edit"]).status_code == 404
        assert Client().get(f"/en/olomouc/good-practice/{huge}/").status_code == 404


def test_the_manager_of_a_third_agglomeration_learns_nothing(world: CooperationWorld) -> None:
    public = card(world, visibility=Visibility.PUBLIC)
    outsider = client_of(world.users(world.ostrava, Role.MANAGER))
    for slug in ("ostrava", "olomouc"):
        assert outsider.get(urls(slug, public.pk)["card"]).status_code == 404
        assert outsider.get(urls(slug, public.pk)["edit"]).status_code == 404
    page = outsider.get(urls("ostrava", public.pk)["library"]).content.decode()
    assert "Cycle paths" not in page


def test_search_ignores_diacritics_and_case_and_the_tag_filters(world: CooperationWorld) -> None:
    card(world)
    card(world, world.opole, title={"pl": "Park naukowo-technologiczny"}, tags=["innovation"])
    card(world, world.opole, title={"pl": "Wewnętrzna"}, visibility=Visibility.OWN, tags=["x"])
    page = queries.list_library(world.olomouc, "SCIEZKI")
    assert [c.title["en"] for c in page.cards] == ["Cycle paths"]
    assert page.tags == ["cycling", "innovation", "transport"]  # never the unshared card's
    assert all(tag.language == "en" for tag in page.tags)
    assert [str(c.title) for c in queries.list_library(world.olomouc, "", "innovation").cards]
    assert queries.list_library(world.olomouc, "", "nothing").cards == []
    assert len(queries.list_library(world.olomouc).cards) == 2
    assert len(queries.list_library(world.opole).cards) == 3  # its own unshared card too
    response = client_of(world.manager).get(
        urls("olomouc", 0)["library"], {"q": "naukowo", "tag": "innovation"}
    )
    assert "Park naukowo-technologiczny" in response.content.decode()
    assert "Cycle paths" not in response.content.decode()


def test_money_is_shown_with_its_currency_and_basis_and_markup_is_escaped(
    world: CooperationWorld,
) -> None:
    shown = card(
        world,
        title={"en": "<script>alert(1)</script>"},
        amount=Decimal("1000.00"),
        currency=Currency.CZK,
        basis=MoneyBasis.TOTAL,
        contact="<b>Office</b>",
        tags=["<i>tag</i>"],
    )
    client = client_of(world.users(world.opole, Role.PARTNER))
    page = client.get(urls("opole", shown.pk)["card"]).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<b>Office</b>" not in page and "<i>tag</i>" not in page
    assert "CZK (total cost)" in page
    assert "Edit the card" not in page  # the partner reads only
    library = client.get(urls("opole", shown.pk)["library"]).content.decode()
    assert "<script>alert" not in library
    assert "Translation missing" in page


def test_adding_and_editing_through_the_form_with_audit(world: CooperationWorld) -> None:
    client = client_of(world.users(world.olomouc, Role.COORDINATOR))
    blank = client.get(urls("olomouc", 0)["new"]).content.decode()
    assert 'name="title_cs"' in blank and 'name="title_pl"' in blank
    data = {
        "title_en": "Transfer hub",
        "what_en": "A hub.",
        "tags_en": "transport, transport ,  hub",
        "visibility": "partners",
        "amount": "",
        "form_token": str(uuid.uuid4()),
    }
    response = client.post(urls("olomouc", 0)["new"], data)
    assert response.status_code == 302
    created = GoodPractice.objects.get()
    assert created.tags_by_language() == {"cs": [], "pl": [], "en": ["transport", "hub"]}
    assert response["Location"] == urls("olomouc", created.pk)["card"]
    refused = client.post(urls("olomouc", 0)["new"], {**data, "amount": "5", "currency": "CZK"})
    assert refused.status_code == 422
    assert GoodPractice.objects.count() == 1
    edit = urls("olomouc", created.pk)["edit"]
    assert 'value="transport, hub"' in client.get(edit).content.decode()
    saved = client.post(edit, {**data, "visibility": "public", "title_pl": "Węzeł"})
    assert saved.status_code == 302
    created.refresh_from_db()
    assert created.visibility == Visibility.PUBLIC and "wezel" in created.search_text
    edited = AuditEvent.objects.get(code="cooperation.good_practice.edited")
    assert (
        edited.before
        == {
            "title": {"en": "Transfer hub"},
            "visibility": "partners",
        }
        and edited.after["visibility"] == "public"
    )
    assert AuditEvent.objects.filter(code="cooperation.good_practice.created").count() == 1
    invalid = client.post(edit, {**data, "title_en": ""})
    assert invalid.status_code == 422


def test_the_actions_refuse_what_does_not_fit(world: CooperationWorld) -> None:
    other = PipelineWorld.create(world.ostrava).draft(name="Ostrava's project")
    bad: list[tuple[dict[str, Any], str]] = [
        ({"title": {"en": " "}}, "title"),
        ({"amount": Decimal("5")}, "amount"),
        (
            {"amount": Decimal("-1"), "currency": Currency.CZK, "basis": MoneyBasis.EU},
            "amount",
        ),
        ({"amount": Decimal("1"), "currency": "XXX", "basis": "what"}, "currency"),
        ({"amount": Decimal("1"), "currency": "CZK", "basis": "what"}, "basis"),
        ({"visibility": "everyone"}, "visibility"),
        ({"intention": other}, "intention"),
        ({"tags": [f"t{n}" for n in range(21)]}, "tags"),
        ({"tags": ["x" * 41]}, "tags"),
        ({"source": "ftp://example.org"}, "source"),
    ]
    for overrides, name in bad:
        with pytest.raises(ValidationError) as refused:
            card(world, **overrides)
        assert name in refused.value.message_dict, overrides
    own = card(world, visibility=Visibility.OWN)
    with pytest.raises(PermissionDenied):
        actions.update_good_practice(
            own,
            actions.GoodPracticeFields(title={"en": "Taken over"}),
            agglomeration=world.opole,
            actor=world.users(world.opole, Role.MANAGER),
        )
    with pytest.raises(PermissionDenied):
        actions.create_good_practice(
            actions.GoodPracticeFields(title={"en": "x"}),
            agglomeration=world.olomouc,
            actor=world.users(world.olomouc, Role.AUDITOR),
        )
    assert clean_tags([" a  b ", "A B", "", "Ä b"]) == ["a b"]


def test_a_card_links_its_project_of_the_same_agglomeration(world: CooperationWorld) -> None:
    # the pipeline's builder names its users as the helpers do: make room for its own
    User.objects.filter(username__startswith="olomouc-").update(
        username=Concat(Value("coop-"), F("username"))
    )
    project = PipelineWorld.create(world.olomouc).draft(name="Cyklostezka Olomouc")
    linked = card(world, intention=project)
    found = queries.get_card(world.olomouc, linked.pk)
    assert found.intention == project
    page = client_of(world.manager).get(urls("olomouc", linked.pk)["card"]).content.decode()
    assert "Cyklostezka Olomouc" in page and "Art. 49" not in page


def test_the_same_form_sent_twice_makes_one_card(world: CooperationWorld) -> None:
    token = uuid.uuid4()
    fields = actions.GoodPracticeFields(title={"en": "Once"})
    first, second = (
        actions.create_good_practice(
            fields, agglomeration=world.olomouc, actor=world.manager, form_token=token
        )
        for _ in range(2)
    )
    assert first == second and GoodPractice.objects.count() == 1


def test_the_portal_reads_only_public_cards(world: CooperationWorld) -> None:
    public = card(world, visibility=Visibility.PUBLIC)
    shared = card(world)
    assert [c.pk for c in queries.public_cards(world.olomouc)] == [public.pk]
    assert queries.public_card(world.olomouc, public.pk) == public
    for pk, agglomeration in ((shared.pk, world.olomouc), (public.pk, world.opole)):
        with pytest.raises(Http404):
            queries.public_card(agglomeration, pk)


@pytest.mark.parametrize(("name", "count"), [("library", 6), ("card", 5), ("new", 5), ("edit", 6)])
def test_each_page_takes_a_fixed_number_of_queries(
    world: CooperationWorld, name: str, count: int
) -> None:
    first = card(world)
    client = client_of(world.manager)
    url = urls("olomouc", first.pk)[name]
    client.get(url)

    def measure() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = measure()
    for n in range(3):
        card(world, tags=[f"tag {n}"], amount=Decimal(n), currency="PLN", basis="eu")
        card(world, world.opole, title={"pl": f"Karta {n}"})
    assert (before, measure()) == (count, count)
