"""Registering organisations through the action: who may do it and what is recorded."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from aglomera.accounts.models import User
from aglomera.agglomerations import actions
from aglomera.agglomerations.models import Agglomeration, Organisation
from aglomera.core.models import AuditEvent

pytestmark = pytest.mark.django_db

OLOMOUC_CITY = {
    "name": "Statutární město Olomouc",
    "kind": "municipality",
    "country": "CZ",
    "ico": "299308",
}


def test_it_registers_an_organisation_and_records_who_did_it(
    olomouc: Agglomeration, bob: User
) -> None:
    # Given the coordinator of Olomouc
    # When he registers the city with its IČO as official lists print it
    organisation = actions.register_organisation(olomouc, actor=bob, **OLOMOUC_CITY)

    # Then it is stored with the full IČO, and the audit log names him and the values
    assert Organisation.objects.get() == organisation
    assert organisation.ico == "00299308"
    event = AuditEvent.objects.get(code="agglomerations.organisation.registered")
    assert (event.actor, event.agglomeration) == (bob, olomouc)
    assert event.after["ico"] == "00299308"


def test_it_refuses_an_organisation_from_an_applicant_or_another_agglomeration(
    olomouc: Agglomeration, charlie: User, mallory: User
) -> None:
    # Given Olomouc without organisations
    # When an applicant of Olomouc or the manager of Opole registers one in Olomouc
    # Then both are refused and nothing is stored or logged
    for intruder in (charlie, mallory):
        with pytest.raises(PermissionDenied):
            actions.register_organisation(olomouc, actor=intruder, **OLOMOUC_CITY)
    assert not Organisation.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_refuses_an_organisation_with_an_invalid_identifier(
    olomouc: Agglomeration, alice: User
) -> None:
    # Given the manager of Olomouc
    # When she registers a company with an IČO whose check digit is wrong
    with pytest.raises(ValidationError) as error:
        actions.register_organisation(
            olomouc,
            actor=alice,
            name="Firma s.r.o.",
            kind="enterprise",
            country="CZ",
            ico="00299309",
        )

    # Then it is refused on the IČO and nothing is stored or logged
    assert list(error.value.message_dict) == ["ico"]
    assert not Organisation.objects.exists()
    assert not AuditEvent.objects.exists()
