"""An identifier already registered is refused with a sentence that names the organisation,
never the database's constraint (issue 11, point 4)."""

from __future__ import annotations

import re
from typing import Any
from unittest import mock

import pytest

from aglomera.accounts.models import Role
from aglomera.agglomerations.models import Agglomeration, Organisation
from aglomera.agglomerations.tests.helpers import role_client

URL = "/{lang}/app/olomouc/organisations/new/"
OWN = "/{lang}/app/olomouc/organisations/own/"


def _existing(agglomeration: Agglomeration) -> Organisation:
    return Organisation.objects.create(
        agglomeration=agglomeration,
        name="Statutární město Olomouc",
        kind="municipality",
        country="CZ",
        ico="00299308",
    )


DATA = {"name": "Město Olomouc", "kind": "municipality", "country": "CZ", "ico": "00299308"}


def _errors(html: str) -> str:
    return " ".join(re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S))


@pytest.mark.parametrize("lang", ["cs", "pl", "en"])
def test_an_ico_already_registered_names_the_organisation(
    olomouc: Agglomeration, lang: str
) -> None:
    _existing(olomouc)
    response = role_client(olomouc, Role.MANAGER).post(URL.format(lang=lang), DATA)
    html = response.content.decode()
    assert response.status_code == 422
    errors = _errors(html)
    assert "Statutární město Olomouc" in errors, errors
    assert "organisation_ico_unique" not in html
    assert 'value="Město Olomouc"' in html  # what was typed stays
    assert Organisation.objects.count() == 1


def test_an_applicant_is_told_to_ask_the_office(olomouc: Agglomeration) -> None:
    _existing(olomouc)
    response = role_client(olomouc, Role.APPLICANT).post(OWN.format(lang="en"), DATA)
    html = response.content.decode()
    assert response.status_code == 422
    assert "ask the strategy office" in _errors(html).lower(), _errors(html)
    assert "organisation_ico_unique" not in html


def test_a_concurrent_registration_gives_the_same_sentence(olomouc: Agglomeration) -> None:
    # Another request registers the IČO between the check and the insert: the database's
    # unique index refuses the row (an IntegrityError), which becomes the same sentence
    from aglomera.agglomerations.actions import organisations

    real_taken = organisations._taken
    checked: list[str] = []

    def taken_then_registered_elsewhere(organisation: Organisation, field: str, what: str) -> Any:
        found = real_taken(organisation, field, what)
        checked.append(field)
        if checked == ["ico", "regon"]:  # both checks passed; the other request commits now
            _existing(olomouc)
        return found

    with mock.patch.object(organisations, "_taken", taken_then_registered_elsewhere):
        response = role_client(olomouc, Role.MANAGER).post(URL.format(lang="en"), DATA)
    html = response.content.decode()
    assert checked == ["ico", "regon", "ico"]  # the refused insert asked again, to name it
    assert response.status_code == 422
    assert "IČO 00299308 is already registered for Statutární město Olomouc" in _errors(html)
    assert "organisation_ico_unique" not in html
    # The simulated other request wrote inside this request's transaction, rolled back with it
    assert not Organisation.objects.exists()
