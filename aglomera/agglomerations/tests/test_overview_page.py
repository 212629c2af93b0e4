"""The agglomeration's page: its contact row and the population of its municipalities."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from aglomera.accounts.models import Role
from aglomera.agglomerations.models import Agglomeration, Municipality, MunicipalityKind
from aglomera.strategy.tests.builders import Users

pytestmark = pytest.mark.django_db


def _page(olomouc: Agglomeration, users: Users, language: str) -> str:
    client = Client()
    client.force_login(users(olomouc, Role.MANAGER))
    response = client.get(f"/{language}/app/{olomouc.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def _contact(page: str) -> str:
    """The third fact of the page (office, address, contact), whatever the language."""
    facts = re.findall(r"<dt>[^<]*</dt><dd>(.*?)</dd>", page, re.S)
    return str(facts[2])


def test_the_contact_row_shows_the_office_email_and_phone(
    olomouc: Agglomeration, users: Users
) -> None:
    olomouc.office_email = "iti@olomouc.eu"
    olomouc.office_phone = "+420 585 513 111"
    olomouc.save(update_fields=["office_email", "office_phone"])
    contact = _contact(_page(olomouc, users, "en"))
    assert '<a href="mailto:iti@olomouc.eu">iti@olomouc.eu</a>' in contact
    assert '<a href="tel:+420585513111">+420 585 513 111</a>' in contact


@pytest.mark.parametrize("language", ["en", "cs", "pl"])
def test_a_contact_not_given_says_so_and_is_never_an_empty_row(
    olomouc: Agglomeration, users: Users, language: str
) -> None:
    # Given an office without an e-mail or a phone
    contact = _contact(_page(olomouc, users, language))
    # Then the row says so (in English here; cs and pl once the lead translates it)
    assert re.sub(r"<[^>]+>", "", contact).strip()
    if language == "en":
        assert "not given" in contact


@pytest.mark.parametrize(
    ("language", "cell", "total"),
    [
        ("en", "100,523", "342,729"),
        ("cs", "100\xa0523", "342\xa0729"),
        ("pl", "100\xa0523", "342\xa0729"),
    ],
)
def test_each_population_is_formatted_like_the_total(
    olomouc: Agglomeration, users: Users, language: str, cell: str, total: str
) -> None:
    for code, name, population in (("500496", "Olomouc", 100523), ("500001", "Přerov", 242206)):
        Municipality.objects.create(
            agglomeration=olomouc,
            code=code,
            name=name,
            kind=MunicipalityKind.MUNICIPALITY,
            population=population,
        )
    page = _page(olomouc, users, language)
    cells = re.findall(r'<td class="num">([^<]*)</td>', page)
    assert cell in cells
    assert "100523" not in page
    assert total in page
