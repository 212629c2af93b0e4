"""The participants of an exchange: the office of either member adds and removes them on the
exchange page (name and function only), each change audited; who may do it is written by hand
per role, for both members and an outsider."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aglomera.accounts.models import Role, User
from aglomera.cooperation import actions
from aglomera.cooperation.models import ExchangeParticipant
from aglomera.cooperation.tests.helpers import CooperationWorld, build_more
from aglomera.core.models import AuditEvent

pytestmark = pytest.mark.django_db

# role -> answer to adding a participant, on either member's slug
ADD_ANSWERS = {
    Role.MANAGER: 302,
    Role.COORDINATOR: 302,
    Role.AUDITOR: 403,
    Role.PARTNER: 403,
    Role.APPLICANT: 403,
    Role.COMMITTEE: 403,
    Role.WORKING_GROUP: 403,
}


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def add_url(w: CooperationWorld, slug: str) -> str:
    return reverse("cooperation:exchange_participant_add", args=[slug, w.exchange.pk])


def remove_url(w: CooperationWorld, slug: str, person: ExchangeParticipant) -> str:
    return reverse("cooperation:exchange_participant_remove", args=[slug, w.exchange.pk, person.pk])


def page_url(w: CooperationWorld, slug: str = "olomouc") -> str:
    return reverse("cooperation:exchange", args=[slug, w.exchange.pk])


def kladivo(w: CooperationWorld) -> ExchangeParticipant:
    return actions.add_participant(
        w.exchange,
        actions.ParticipantFields(name="Mgr. Petr Kladivo", function="OA", side=w.olomouc),
        agglomeration=w.olomouc,
        actor=w.manager,
    )


def test_the_office_adds_a_participant_shown_on_the_page_and_audited(
    world: CooperationWorld,
) -> None:
    client = client_of(world.manager)
    response = client.post(
        add_url(world, "olomouc"),
        {
            "name": " Mgr. Petr  Kladivo ",
            "function": "OA",
            "side": world.olomouc.pk,
            "part": "guest",
        },
    )
    assert response.status_code == 302
    person = ExchangeParticipant.objects.get()
    assert (person.name, person.function, person.side, person.part) == (
        "Mgr. Petr Kladivo",
        "OA",
        world.olomouc,
        "guest",
    )
    event = AuditEvent.objects.get(code="cooperation.exchange.participant_added")
    assert event.after["name"] == "Mgr. Petr Kladivo"
    assert event.object_id == world.exchange.pk
    # the partner's reader sees it on the partner's own slug
    page = client_of(world.users(world.opole, Role.AUDITOR)).get(page_url(world, "opole"))
    body = page.content.decode()
    assert "Mgr. Petr Kladivo" in body
    assert "Add a participant" not in body
    assert "Remove Mgr. Petr Kladivo" not in body


def test_the_partner_office_adds_a_host_from_another_organisation(
    world: CooperationWorld,
) -> None:
    client = client_of(world.users(world.opole, Role.COORDINATOR))
    response = client.post(
        add_url(world, "opole"),
        {"name": "Jan Kowalski", "organisation": "Gmina Turawa", "part": "host"},
    )
    assert response.status_code == 302
    person = ExchangeParticipant.objects.get()
    assert (person.side, person.organisation, person.part) == (None, "Gmina Turawa", "host")
    assert AuditEvent.objects.get(
        code="cooperation.exchange.participant_added"
    ).agglomeration_id == (world.opole.pk)


def test_a_participant_without_side_or_organisation_is_refused_keeping_the_input(
    world: CooperationWorld,
) -> None:
    client = client_of(world.manager)
    response = client.post(
        add_url(world, "olomouc"), {"name": "Petr Kladivo", "function": "OA", "part": "guest"}
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Choose the side the participant came with, or name their organisation." in body
    assert 'value="Petr Kladivo"' in body
    # an outsider's agglomeration as the side, an unknown part, an empty name
    for data in (
        {"name": "X", "side": world.ostrava.pk, "part": "guest"},
        {"name": "X", "side": world.olomouc.pk, "part": "boss"},
        {"name": " ", "side": world.olomouc.pk, "part": "guest"},
        {"name": "X" * 201, "side": "abc", "part": "guest"},
    ):
        assert client.post(add_url(world, "olomouc"), data).status_code == 422
    assert not ExchangeParticipant.objects.exists()
    assert not AuditEvent.objects.filter(code__startswith="cooperation.exchange.participant")


def test_the_action_refuses_a_side_outside_the_partnership(world: CooperationWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.add_participant(
            world.exchange,
            actions.ParticipantFields(name="X", side=world.ostrava),
            agglomeration=world.olomouc,
            actor=world.manager,
        )
    assert "side" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        actions.add_participant(
            world.exchange,
            actions.ParticipantFields(name="X", side=world.olomouc),
            agglomeration=world.olomouc,
            actor=world.users(world.olomouc, Role.AUDITOR),
        )


def test_removing_a_participant_is_audited(world: CooperationWorld) -> None:
    person = kladivo(world)
    client = client_of(world.users(world.opole, Role.MANAGER))
    page = client.get(page_url(world, "opole")).content.decode()
    assert "Remove Mgr. Petr Kladivo" in page
    assert client.post(remove_url(world, "opole", person)).status_code == 302
    assert not ExchangeParticipant.objects.exists()
    event = AuditEvent.objects.get(code="cooperation.exchange.participant_removed")
    assert event.before["name"] == "Mgr. Petr Kladivo"
    assert event.agglomeration_id == world.opole.pk


@pytest.mark.parametrize("side", ["olomouc", "opole"])
@pytest.mark.parametrize("role", list(Role))
def test_who_adds_and_removes_participants_by_role(
    world: CooperationWorld, side: str, role: Role
) -> None:
    agglomeration = world.olomouc if side == "olomouc" else world.opole
    person = kladivo(world)
    client = client_of(world.users(agglomeration, role))
    data = {"name": "Anna", "side": agglomeration.pk, "part": "guest"}
    assert client.post(add_url(world, side), data).status_code == ADD_ANSWERS[role]
    assert client.post(remove_url(world, side, person)).status_code == ADD_ANSWERS[role]
    assert client.get(add_url(world, side)).status_code == 405


def test_an_outsider_finds_nothing(world: CooperationWorld) -> None:
    person = kladivo(world)
    client = client_of(world.users(world.ostrava, Role.MANAGER))
    data = {"name": "Anna", "organisation": "X", "part": "guest"}
    for slug in ("olomouc", "opole", "ostrava"):
        assert client.post(add_url(world, slug), data).status_code == 404
        assert client.post(remove_url(world, slug, person)).status_code == 404
    assert ExchangeParticipant.objects.count() == 1


def test_a_participant_of_another_exchange_is_not_found(world: CooperationWorld) -> None:
    person = kladivo(world)
    url = reverse(
        "cooperation:exchange_participant_remove", args=["olomouc", world.older.pk, person.pk]
    )
    assert client_of(world.manager).post(url).status_code == 404
    assert ExchangeParticipant.objects.count() == 1


@pytest.mark.parametrize(("role", "queries_count"), [(Role.MANAGER, 13), (Role.AUDITOR, 9)])
def test_the_exchange_page_takes_a_fixed_number_of_queries_whatever_the_people(
    world: CooperationWorld, role: Role, queries_count: int
) -> None:
    client = client_of(world.users(world.olomouc, role))
    url = page_url(world)
    client.get(url)  # warm the session and the content types

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = count()
    kladivo(world)
    build_more(world)  # three more people, of both sides and a municipality
    assert (before, count()) == (queries_count, queries_count)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "   "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"function": "x" * 301}, "function"),
        ({"organisation": "x" * 301}, "organisation"),
        ({"part": "spectator"}, "part"),
    ],
)
def test_the_action_refuses_what_a_participant_cannot_be(
    world: CooperationWorld, fields: dict[str, str], field: str
) -> None:
    values = {"name": "Jan Novák", "side": world.olomouc, **fields}
    with pytest.raises(ValidationError) as refused:
        actions.add_participant(
            world.exchange,
            actions.ParticipantFields(**values),  # type: ignore[arg-type]
            agglomeration=world.olomouc,
            actor=world.manager,
        )
    assert field in refused.value.message_dict
    assert not ExchangeParticipant.objects.exists()


def test_a_participant_sent_twice_from_one_form_is_added_once(world: CooperationWorld) -> None:
    token = uuid.uuid4()
    fields = actions.ParticipantFields(name="Jan Novák", side=world.olomouc)
    first, second = (
        actions.add_participant(
            world.exchange,
            fields,
            agglomeration=world.olomouc,
            actor=world.manager,
            form_token=token,
        )
        for _ in range(2)
    )
    assert first == second and ExchangeParticipant.objects.count() == 1


def test_the_office_is_offered_both_sides_municipalities_as_organisations(
    world: CooperationWorld,
) -> None:
    from aglomera.agglomerations.models import Municipality, MunicipalityKind

    for agglomeration, name in ((world.olomouc, "Přerov"), (world.opole, "Gogolin")):
        Municipality.objects.create(
            agglomeration=agglomeration,
            code=name,
            name=name,
            kind=MunicipalityKind.MUNICIPALITY,
        )
    Municipality.objects.create(
        agglomeration=world.ostrava, code="X", name="Havířov", kind=MunicipalityKind.CITY
    )
    page = client_of(world.manager).get(page_url(world)).content.decode()
    suggestions = page.split('<datalist id="participant-organisations">', 1)[1].split(
        "</datalist>"
    )[0]
    assert '<option value="Gogolin">' in suggestions and '<option value="Přerov">' in suggestions
    assert "Havířov" not in suggestions  # Ostrava is not a member
    assert 'list="participant-organisations"' in page
    reader = client_of(world.users(world.olomouc, Role.AUDITOR)).get(page_url(world))
    assert "participant-organisations" not in reader.content.decode()
