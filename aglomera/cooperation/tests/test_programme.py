"""The programme of an exchange: the office of either member adds and removes its items
(sessions, site visits linked to the host's project records or to projects outside the system),
each change audited; the staff of both members read them, a partner's staff see only the name of
the host's project record."""

from __future__ import annotations

import uuid
from datetime import date, time
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from aglomera.accounts.models import Role, User
from aglomera.cooperation import actions, queries
from aglomera.cooperation.actions.news import exchange_news_texts
from aglomera.cooperation.actions.programme import day_range
from aglomera.cooperation.models import (
    DatePrecision,
    ExchangeProgrammeItem,
    ProgrammeItemKind,
)
from aglomera.cooperation.tests.helpers import CooperationWorld, build_more
from aglomera.core.dates import show_date
from aglomera.core.models import AuditEvent
from aglomera.intentions.models import IntentionStatus, ProjectIntention
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.portal.actions.projects import refresh_public_projects

pytestmark = pytest.mark.django_db

# role -> answer to adding or removing an item, on either member's slug
ANSWERS = {
    Role.MANAGER: 302,
    Role.COORDINATOR: 302,
    Role.AUDITOR: 403,
    Role.PARTNER: 403,
    Role.APPLICANT: 403,
    Role.COMMITTEE: 403,
    Role.WORKING_GROUP: 403,
}

TITLE = {"cs": "Přestupní uzel v Gogolině", "pl": "Centrum przesiadkowe w Gogolinie"}


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def add_url(w: CooperationWorld, slug: str) -> str:
    return reverse("cooperation:exchange_item_add", args=[slug, w.exchange.pk])


def remove_url(w: CooperationWorld, slug: str, item: ExchangeProgrammeItem) -> str:
    return reverse("cooperation:exchange_item_remove", args=[slug, w.exchange.pk, item.pk])


def page_url(w: CooperationWorld, slug: str = "olomouc") -> str:
    return reverse("cooperation:exchange", args=[slug, w.exchange.pk])


def add(w: CooperationWorld, agglomeration: Any = None, **fields: Any) -> ExchangeProgrammeItem:
    values: dict[str, Any] = {"title": {"en": "Project evaluation"}, **fields}
    side = agglomeration or w.olomouc
    return actions.add_item(
        w.exchange,
        actions.ItemFields(**values),
        agglomeration=side,
        actor=w.users(side, Role.MANAGER),
    )


def host_records(w: CooperationWorld) -> tuple[ProjectIntention, ProjectIntention]:
    """Two project records of Opole (the exchange's host): one submitted, one draft. The
    pipeline's builder names its users as the helpers do: the helpers' Opole users are made
    first, then renamed to make room."""
    for role in Role:
        w.users(w.opole, role)
    User.objects.filter(username__startswith="opole-").update(
        username=Concat(Value("coop-"), F("username"))
    )
    pipeline = PipelineWorld.create(w.opole)
    submitted = pipeline.draft(name="Park Naukowo-Technologiczny w Opolu")
    ProjectIntention.objects.filter(pk=submitted.pk).update(status=IntentionStatus.SUBMITTED)
    draft = pipeline.draft(name="Szkic")
    submitted.refresh_from_db()
    return submitted, draft


def make_public(intention: ProjectIntention) -> None:
    ProjectIntention.objects.filter(pk=intention.pk).update(status=IntentionStatus.LEGAL_ACT)
    refresh_public_projects([intention.pk])


def test_the_office_adds_a_site_visit_shown_on_the_page_and_audited(
    world: CooperationWorld,
) -> None:
    client = client_of(world.manager)
    response = client.post(
        add_url(world, "olomouc"),
        {
            "day": "2021-08-17",
            "starts_at": "10:30",
            "kind": "site_visit",
            "title_cs": TITLE["cs"],
            "title_pl": TITLE["pl"],
            "place": " Gogolin ",
            "project_text": "Centrum przesiadkowe  Gogolin",
            "project_url": "https://www.aglomeracja-opolska.pl/x",
        },
    )
    assert response.status_code == 302
    item = ExchangeProgrammeItem.objects.get()
    assert (item.day, item.starts_at, item.kind, item.place, item.project_text) == (
        date(2021, 8, 17),
        time(10, 30),
        ProgrammeItemKind.SITE_VISIT,
        "Gogolin",
        "Centrum przesiadkowe Gogolin",
    )
    event = AuditEvent.objects.get(code="cooperation.exchange.item_added")
    assert event.after["title"] == TITLE
    assert event.after["day"] == "2021-08-17"
    assert event.object_id == world.exchange.pk
    # the partner's reader sees it on the partner's own slug, without the forms
    with translation.override("en"):
        page = client_of(world.users(world.opole, Role.AUDITOR)).get(page_url(world, "opole"))
    body = page.content.decode()
    assert 'lang="cs">Přestupní uzel v Gogolině' in body or 'lang="pl">Centrum' in body
    assert "Centrum przesiadkowe Gogolin" in body
    assert "Add a programme item" not in body
    assert "Remove " not in body


def test_an_item_without_a_day_reads_as_during_the_exchange(world: CooperationWorld) -> None:
    add(world, title={"en": "Visit to Turawa"})
    body = client_of(world.manager).get(page_url(world)).content.decode()
    assert "during the exchange (day not stated)" in body
    assert "Remove Visit to Turawa" in body


def test_a_refused_item_keeps_what_was_typed(world: CooperationWorld) -> None:
    client = client_of(world.manager)
    response = client.post(
        add_url(world, "olomouc"),
        {"day": "2021-09-01", "kind": "site_visit", "title_en": "PNT Opole", "place": "Opole"},
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Enter a day of the exchange, from" in body
    assert "A site visit names the project it visited" in body
    assert 'value="PNT Opole"' in body and 'value="Opole"' in body
    for data in (
        {"kind": "session", "title_en": " "},
        {"kind": "party", "title_en": "X"},
        {"kind": "session", "title_en": "X", "starts_at": "25:00"},
        {"kind": "session", "title_en": "X", "starts_at": "10:00"},  # a time needs its day
        {"kind": "session", "title_en": "X", "intention": "abc"},
        {"kind": "session", "title_en": "X", "project_url": "ftp://x"},
        {"kind": "session", "title_en": "X", "day": "20211-08-17"},
    ):
        assert client.post(add_url(world, "olomouc"), data).status_code == 422, data
    assert not ExchangeProgrammeItem.objects.exists()
    assert not AuditEvent.objects.filter(code__startswith="cooperation.exchange.item")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": {"en": "  "}}, "title"),
        ({"title": {"en": "x" * 301}}, "title"),
        ({"kind": "party"}, "kind"),
        ({"day": date(2021, 8, 14)}, "day"),
        ({"day": date(2021, 8, 23)}, "day"),
        ({"starts_at": time(9)}, "starts_at"),
        ({"place": "x" * 201}, "place"),
        ({"project_text": "x" * 301}, "project_text"),
        ({"project_url": "javascript:alert(1)"}, "project_url"),
        ({"project_url": "https://example.org/" + "x" * 500}, "project_url"),
        ({"kind": ProgrammeItemKind.SITE_VISIT}, "project_text"),
        (
            {"kind": ProgrammeItemKind.SITE_VISIT, "project_url": "https://example.org"},
            "project_text",
        ),
    ],
)
def test_the_action_refuses_what_an_item_cannot_be(
    world: CooperationWorld, fields: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        add(world, **fields)
    assert field in refused.value.message_dict
    assert not ExchangeProgrammeItem.objects.exists()


def test_the_day_range_message_uses_the_readers_date_format(world: CooperationWorld) -> None:
    with translation.override("cs"), pytest.raises(ValidationError) as refused:
        add(world, day=date(2021, 9, 1))
    with translation.override("cs"):
        start, end = show_date(date(2021, 8, 15)), show_date(date(2021, 8, 22))
    message = refused.value.message_dict["day"][0]
    assert start in message and end in message
    assert "2021-08-15" not in message


def test_days_of_an_exchange_by_its_precision(world: CooperationWorld) -> None:
    exchange = world.exchange
    assert day_range(exchange) == (date(2021, 8, 15), date(2021, 8, 22))
    exchange.dates_precision = DatePrecision.MONTH
    exchange.starts_on, exchange.ends_on = date(2018, 10, 1), date(2018, 11, 1)
    assert day_range(exchange) == (date(2018, 10, 1), date(2018, 11, 30))
    exchange.ends_on = None
    assert day_range(exchange) == (date(2018, 10, 1), date(2018, 10, 31))
    exchange.dates_precision = DatePrecision.YEAR
    exchange.starts_on = date(2018, 1, 1)
    assert day_range(exchange) == (date(2018, 1, 1), date(2018, 12, 31))
    exchange.dates_precision = DatePrecision.DAY
    exchange.starts_on = date(2018, 6, 27)
    assert day_range(exchange) == (date(2018, 6, 27), date(2018, 6, 27))
    exchange.save()
    with pytest.raises(ValidationError) as refused:
        add(world, day=date(2018, 6, 28))
    assert "Enter the day of the exchange" in refused.value.message_dict["day"][0]
    assert add(world, day=date(2018, 6, 27)).day == date(2018, 6, 27)


def test_a_month_precision_exchange_takes_any_day_of_its_months(world: CooperationWorld) -> None:
    world.exchange.dates_precision = DatePrecision.MONTH
    world.exchange.starts_on, world.exchange.ends_on = date(2021, 8, 1), None
    world.exchange.save()
    assert add(world, day=date(2021, 8, 31)).day == date(2021, 8, 31)
    with pytest.raises(ValidationError):
        add(world, day=date(2021, 9, 1))


def test_only_a_project_record_of_the_host_is_linked(world: CooperationWorld) -> None:
    submitted, draft = host_records(world)
    olomouc_record = PipelineWorld.create(world.ostrava).draft(name="Ostrava")
    ProjectIntention.objects.filter(pk=olomouc_record.pk).update(status="submitted")
    # the host's own office links any of the host's records but a draft
    assert list(actions.linkable_intentions(world.exchange, world.opole)) == [submitted]
    item = add(world, world.opole, kind=ProgrammeItemKind.SITE_VISIT, intention=submitted)
    assert item.intention == submitted
    for intention in (draft, olomouc_record):
        with pytest.raises(ValidationError) as refused:
            add(world, world.opole, kind=ProgrammeItemKind.SITE_VISIT, intention=intention)
        assert "intention" in refused.value.message_dict
    # the partner's office only those on the host's portal
    assert not actions.linkable_intentions(world.exchange, world.olomouc).exists()
    with pytest.raises(ValidationError):
        add(world, intention=submitted)
    make_public(submitted)
    assert list(actions.linkable_intentions(world.exchange, world.olomouc)) == [submitted]
    assert add(world, intention=submitted).intention == submitted


def test_the_project_link_depends_on_who_reads(world: CooperationWorld) -> None:
    submitted, _draft = host_records(world)
    item = add(
        world,
        world.opole,
        kind=ProgrammeItemKind.SITE_VISIT,
        intention=submitted,
        project_text="PNT Opole",
        project_url="https://example.org/pnt",
    )
    host_page = reverse("intentions:detail", args=["opole", submitted.pk])
    portal_page = reverse("portal:project", args=["opole", submitted.pk])
    # the host's office opens its record
    body = client_of(world.users(world.opole, Role.COORDINATOR)).get(page_url(world, "opole"))
    assert host_page in body.content.decode()
    # the partner's staff read its name only (not on the portal yet)
    for role in (Role.MANAGER, Role.PARTNER, Role.AUDITOR):
        page = client_of(world.users(world.olomouc, role)).get(page_url(world))
        text = page.content.decode()
        assert "Park Naukowo-Technologiczny w Opolu" in text, role
        assert host_page not in text and portal_page not in text
        assert 'href="https://example.org/pnt"' in text
    # once public, they follow it to the host's portal
    make_public(submitted)
    public = client_of(world.users(world.olomouc, Role.PARTNER)).get(page_url(world))
    assert portal_page in public.content.decode()
    # the host's partner staff may not open the record either: the portal's page too
    host_partner = client_of(world.users(world.opole, Role.PARTNER)).get(page_url(world, "opole"))
    assert host_page not in host_partner.content.decode()
    assert portal_page in host_partner.content.decode()
    assert item.pk


def test_removing_an_item_is_audited(world: CooperationWorld) -> None:
    item = add(world, title={"en": "Visit to Moszna"})
    client = client_of(world.users(world.opole, Role.MANAGER))
    page = client.get(page_url(world, "opole")).content.decode()
    assert "Remove Visit to Moszna" in page
    assert client.post(remove_url(world, "opole", item)).status_code == 302
    assert not ExchangeProgrammeItem.objects.exists()
    event = AuditEvent.objects.get(code="cooperation.exchange.item_removed")
    assert event.before["title"] == {"en": "Visit to Moszna"}
    assert event.agglomeration_id == world.opole.pk


def test_the_actions_refuse_a_reader_and_an_outsider(world: CooperationWorld) -> None:
    item = add(world)
    for agglomeration, role in ((world.olomouc, Role.AUDITOR), (world.ostrava, Role.MANAGER)):
        with pytest.raises(PermissionDenied):
            actions.add_item(
                world.exchange,
                actions.ItemFields(title={"en": "X"}),
                agglomeration=agglomeration,
                actor=world.users(agglomeration, role),
            )
        with pytest.raises(PermissionDenied):
            actions.remove_item(
                item, agglomeration=agglomeration, actor=world.users(agglomeration, role)
            )
    assert ExchangeProgrammeItem.objects.count() == 1


def test_the_same_form_sent_twice_makes_one_item(world: CooperationWorld) -> None:
    token = uuid.uuid4()
    first, second = (
        actions.add_item(
            world.exchange,
            actions.ItemFields(title={"en": "Once"}),
            agglomeration=world.olomouc,
            actor=world.manager,
            form_token=token,
        )
        for _ in range(2)
    )
    assert first == second
    assert ExchangeProgrammeItem.objects.count() == 1


@pytest.mark.parametrize("side", ["olomouc", "opole"])
@pytest.mark.parametrize("role", list(Role))
def test_who_adds_and_removes_items_by_role(world: CooperationWorld, side: str, role: Role) -> None:
    item = add(world)
    agglomeration = world.olomouc if side == "olomouc" else world.opole
    client = client_of(world.users(agglomeration, role))
    data = {"kind": "session", "title_en": "Project evaluation"}
    assert client.post(add_url(world, side), data).status_code == ANSWERS[role]
    assert client.post(remove_url(world, side, item)).status_code == ANSWERS[role]
    assert client.get(add_url(world, side)).status_code == 405


def test_an_outsider_finds_nothing(world: CooperationWorld) -> None:
    item = add(world)
    client = client_of(world.users(world.ostrava, Role.MANAGER))
    data = {"kind": "session", "title_en": "X"}
    for slug in ("olomouc", "opole", "ostrava"):
        assert client.post(add_url(world, slug), data).status_code == 404
        assert client.post(remove_url(world, slug, item)).status_code == 404
    assert ExchangeProgrammeItem.objects.count() == 1


def test_an_item_of_another_exchange_is_not_found(world: CooperationWorld) -> None:
    item = add(world)
    client = client_of(world.manager)
    for exchange_pk, item_pk in ((world.older.pk, item.pk), (world.exchange.pk, 2**70)):
        url = reverse("cooperation:exchange_item_remove", args=["olomouc", exchange_pk, item_pk])
        assert client.post(url).status_code == 404
    assert ExchangeProgrammeItem.objects.count() == 1


def test_the_items_come_by_day_and_time_those_without_a_day_last(
    world: CooperationWorld,
) -> None:
    late = add(world, day=date(2021, 8, 16), starts_at=time(15))
    undated = add(world)
    early = add(world, day=date(2021, 8, 16), starts_at=time(9))
    whole_day = add(world, day=date(2021, 8, 16))
    first = add(world, day=date(2021, 8, 15))
    assert queries.exchange_items(world.exchange) == [first, whole_day, early, late, undated]
    assert list(world.exchange.items.all()) == [first, whole_day, early, late, undated]


@pytest.mark.parametrize(("role", "queries_count"), [(Role.MANAGER, 13), (Role.AUDITOR, 9)])
def test_the_exchange_page_takes_a_fixed_number_of_queries_whatever_the_items(
    world: CooperationWorld, role: Role, queries_count: int
) -> None:
    client = client_of(world.users(world.olomouc, role))
    url = page_url(world)
    client.get(url)  # warm the session and the content types
    add(world, title={"en": "One"})

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = count()
    submitted, _draft = host_records(world)
    make_public(submitted)
    for day in (15, 16, 17):
        add(world, day=date(2021, 8, day), kind=ProgrammeItemKind.SITE_VISIT, intention=submitted)
        add(world, day=date(2021, 8, day), kind="other", project_text="PNT Opole")
    build_more(world)
    assert (before, count()) == (queries_count, queries_count)


def test_the_news_of_the_exchange_lists_its_programme(world: CooperationWorld) -> None:
    submitted, _draft = host_records(world)
    add(
        world,
        world.opole,
        day=date(2021, 8, 17),
        starts_at=time(10, 30),
        kind=ProgrammeItemKind.SITE_VISIT,
        title={"en": "Gogolin transfer hub", "cs": "Přestupní uzel v Gogolině"},
        place="Gogolin",
        project_text="Centrum przesiadkowe Gogolin",
    )
    add(
        world,
        world.opole,
        kind=ProgrammeItemKind.SITE_VISIT,
        intention=submitted,
        title={"en": "Science park"},
    )
    add(world, title={"en": "Project evaluation"})
    add(world, day=date(2021, 8, 18), title={"en": "Closing meeting"})
    texts = exchange_news_texts(world.exchange)
    body = texts["body"]["en"]
    assert (
        "Programme\n\n"
        "• 17 August 2021 10:30: Gogolin transfer hub (site visit) – Gogolin; "
        "project: Centrum przesiadkowe Gogolin\n"
        "• 18 August 2021: Closing meeting\n"
        "• Science park (site visit)\n"
        "• Project evaluation"
    ) in body
    # a record not on the host's portal is not named in public news; a public one is
    assert "Park Naukowo" not in body
    assert "Přestupní uzel v Gogolině" in texts["body"]["cs"]
    make_public(submitted)
    body = exchange_news_texts(world.exchange)["body"]["en"]
    assert "• Science park (site visit) – project: Park Naukowo-Technologiczny w Opolu" in body
