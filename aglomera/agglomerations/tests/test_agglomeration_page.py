"""The agglomeration page names territorial units in its country's terms and lists members in
the reader's alphabet (issue 11, points 8 and 9)."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from aglomera.accounts.models import Role
from aglomera.agglomerations.models import Agglomeration, Municipality, Organisation
from aglomera.strategy.tests.builders import Users


def _page(agglomeration: Agglomeration, users: Users, language: str) -> str:
    client = Client()
    client.force_login(users(agglomeration, Role.MANAGER))
    response = client.get(f"/{language}/app/{agglomeration.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def _places(agglomeration: Agglomeration, *names: str, kind: str = "municipality") -> None:
    for number, name in enumerate(names):
        Municipality.objects.create(
            agglomeration=agglomeration, code=f"{kind}{number}", name=name, kind=kind
        )


def test_a_czech_agglomeration_says_district_not_county(
    olomouc: Agglomeration, users: Users
) -> None:
    _places(olomouc, "Olomouc", kind="city")
    Organisation.objects.create(
        agglomeration=olomouc,
        name="Obec Bystrovany",
        kind="municipality",
        country="CZ",
        ico="00635049",
    )
    page = _page(olomouc, users, "en")
    assert '<th scope="col">District</th>' in page
    assert "county" not in page.lower()
    assert "<td>statutory city</td>" in page
    assert "<td>Obec Bystrovany</td><td>municipality</td>" in page


def test_a_polish_agglomeration_says_county_not_district(
    opole: Agglomeration, users: Users
) -> None:
    _places(opole, "Opole", kind="city")
    Organisation.objects.create(
        agglomeration=opole,
        name="Gmina Dobrzeń Wielki",
        kind="municipality",
        country="PL",
        nip="9910000000",
    )
    page = _page(opole, users, "en")
    assert '<th scope="col">County</th>' in page
    assert "District" not in page
    assert "<td>city with county rights</td>" in page
    assert "<td>Gmina Dobrzeń Wielki</td><td>gmina or powiat</td>" in page


def test_municipalities_and_organisations_in_czech_alphabetical_order(
    olomouc: Agglomeration, users: Users
) -> None:
    _places(olomouc, "Chomutov", "Hranice", "Cvikov", "Černovír", "Ivanovice")
    for number, name in enumerate(["Žatec s.r.o.", "Zlín a.s.", "Charita Olomouc", "Hanácká"]):
        Organisation.objects.create(
            agglomeration=olomouc, name=name, kind="ngo", country="PL", nip=f"000000000{number}"
        )
    page = _page(olomouc, users, "cs")
    places = ["Cvikov", "Černovír", "Hranice", "Chomutov", "Ivanovice"]
    assert [page.index(f"<td>{name}</td>") for name in places] == sorted(
        page.index(f"<td>{name}</td>") for name in places
    )
    organisations = ["Hanácká", "Charita Olomouc", "Zlín a.s.", "Žatec s.r.o."]
    positions = [page.index(f"<td>{name}</td>") for name in organisations]
    assert positions == sorted(positions)


def test_polish_order_on_the_polish_page(opole: Agglomeration, users: Users) -> None:
    _places(opole, "Żary", "Zabrze", "Łubniany", "Lewin Brzeski", "Chrząstowice", "Dobrzeń")
    page = _page(opole, users, "pl")
    places = ["Chrząstowice", "Dobrzeń", "Lewin Brzeski", "Łubniany", "Zabrze", "Żary"]
    positions = [page.index(f"<td>{name}</td>") for name in places]
    assert positions == sorted(positions)


def test_the_page_runs_the_same_queries_for_more_members(
    olomouc: Agglomeration, users: Users
) -> None:
    client = Client()
    client.force_login(users(olomouc, Role.MANAGER))
    _places(olomouc, "Cvikov")
    few = _queries(client)
    _places(olomouc, "Hranice", "Chomutov", "Olomouc", kind="city")
    assert _queries(client) == few


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/cs/app/olomouc/").status_code == 200
    return len(captured)
