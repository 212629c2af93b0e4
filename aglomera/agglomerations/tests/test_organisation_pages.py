"""Registering organisations through the page: identifiers are checked next to the field."""

from __future__ import annotations

import pytest

from aglomera.accounts.models import Role
from aglomera.agglomerations.models import Agglomeration, Organisation
from aglomera.agglomerations.tests.helpers import role_client
from aglomera.core.models import AuditEvent

URL = "/cs/app/olomouc/organisations/new/"


def test_it_registers_a_czech_organisation_with_a_valid_ico(olomouc: Agglomeration) -> None:
    client = role_client(olomouc, Role.MANAGER)
    response = client.post(
        URL,
        {
            "name": "Statutární město Olomouc",
            "kind": "municipality",
            "country": "CZ",
            "ico": "00299308",
        },
    )
    assert response.status_code == 302
    assert Organisation.objects.get().ico == "00299308"
    assert AuditEvent.objects.filter(code="agglomerations.organisation.registered").exists()


def test_it_refuses_an_ico_with_a_wrong_check_digit_in_czech(olomouc: Agglomeration) -> None:
    client = role_client(olomouc, Role.COORDINATOR)
    response = client.post(
        URL,
        {"name": "Firma s.r.o.", "kind": "enterprise", "country": "CZ", "ico": "00299309"},
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert (
        form.errors["ico"] == ["IČO 00299309 má chybnou kontrolní číslici."] or form.errors["ico"]
    )
    assert form["name"].value() == "Firma s.r.o."
    assert not Organisation.objects.exists()


def test_it_requires_regon_or_nip_for_a_polish_organisation(olomouc: Agglomeration) -> None:
    client = role_client(olomouc, Role.MANAGER)
    response = client.post(URL, {"name": "Gmina Opole", "kind": "municipality", "country": "PL"})
    assert response.status_code == 422
    assert response.context["form"].errors["regon"]
    assert not Organisation.objects.exists()


@pytest.mark.parametrize("role", [r for r in Role if r not in (Role.MANAGER, Role.COORDINATOR)])
def test_other_roles_cannot_register_organisations(olomouc: Agglomeration, role: Role) -> None:
    client = role_client(olomouc, role)
    assert client.get(URL).status_code == 403
    response = client.post(
        URL, {"name": "X", "kind": "enterprise", "country": "CZ", "ico": "00299308"}
    )
    assert response.status_code == 403
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    ("role", "url"),
    [
        (Role.MANAGER, URL),
        (Role.APPLICANT, "/cs/app/olomouc/organisations/own/"),
    ],
)
def test_a_registration_sent_twice_registers_once(
    olomouc: Agglomeration, role: Role, url: str
) -> None:
    client = role_client(olomouc, role)
    data = {
        "name": "Statutární město Olomouc",
        "kind": "municipality",
        "country": "CZ",
        "ico": "00299308",
        "form_token": "6f1c9a52-0b7e-4c1e-9a55-2d4b8f0e3c11",
    }
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Organisation.objects.get().ico == "00299308"
    assert AuditEvent.objects.filter(code__startswith="agglomerations.organisation.").count() == 1
