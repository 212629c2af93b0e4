"""Every intention form offers and accepts only objects of its own agglomeration: an id of the
other agglomeration (Opole, with its own organisations, municipalities and call) is refused with a
form error, and nothing is written. The pages themselves answer 404 for the other
agglomeration's objects (tests/test_url_policy.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aglomera.accounts.models import Role
from aglomera.agglomerations.models import Municipality, MunicipalityKind
from aglomera.calls.models import AttachmentKind
from aglomera.core.models import AuditEvent
from aglomera.intentions.models import Attachment, IntentionIndicator, ProjectIntention
from aglomera.intentions.tests import samples
from aglomera.intentions.tests.builders import DURING, PipelineWorld
from aglomera.intentions.tests.test_submission_pages import form_data
from aglomera.strategy.tests.builders import make_opole

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_while_the_call_is_open() -> Iterator[None]:
    with translation.override("en"), time_machine.travel(DURING, tick=False):
        yield


@pytest.fixture
def world() -> PipelineWorld:
    return PipelineWorld.create()


@pytest.fixture
def opole(world: PipelineWorld) -> PipelineWorld:
    return PipelineWorld.create(make_opole())


def _municipality(world: PipelineWorld, code: str, name: str) -> Municipality:
    return Municipality.objects.create(
        agglomeration=world.agglomeration, code=code, name=name, kind=MunicipalityKind.CITY
    )


def _applicant(world: PipelineWorld) -> Client:
    client = Client()
    client.force_login(world.user(Role.APPLICANT))
    return client


def _url(name: str, world: PipelineWorld, **kwargs: Any) -> str:
    return reverse(f"intentions:{name}", kwargs={"slug": world.agglomeration.slug, **kwargs})


def _written() -> list[int]:
    """What a refused form must leave as it was: the intentions, their parts and the audit."""
    models = (ProjectIntention, IntentionIndicator, Attachment, AuditEvent)
    return [model.objects.count() for model in models]


def _refused(client: Client, url: str, data: dict[str, Any], form: str, field: str) -> None:
    before = _written()
    response = client.post(url, data)
    assert response.status_code == 422
    assert response.context[form].errors[field]
    assert _written() == before


def test_the_intention_form_offers_only_this_agglomerations_partners_and_places(
    world: PipelineWorld, opole: PipelineWorld
) -> None:
    # Given a municipality in each agglomeration
    prerov = _municipality(world, "511382", "Přerov")
    _municipality(opole, "1661011", "Opole")
    # When the applicant opens the form of a new intention
    form = _applicant(world).get(_url("create", world, call_pk=world.call.pk)).context["form"]
    # Then it offers Olomouc's organisations and municipalities only
    partners = set(form.fields["partners"].queryset)
    assert partners == {world.applicant_org, world.other_org}
    assert list(form.fields["municipalities"].queryset) == [prerov]


def test_the_intention_form_refuses_a_partner_of_another_agglomeration(
    world: PipelineWorld, opole: PipelineWorld
) -> None:
    data = form_data(partners=str(opole.other_org.pk))
    url = _url("create", world, call_pk=world.call.pk)
    _refused(_applicant(world), url, data, "form", "partners")


def test_the_intention_form_refuses_a_place_of_another_agglomeration(
    world: PipelineWorld, opole: PipelineWorld
) -> None:
    elsewhere = _municipality(opole, "1661011", "Opole")
    data = form_data(municipalities=str(elsewhere.pk))
    url = _url("create", world, call_pk=world.call.pk)
    _refused(_applicant(world), url, data, "form", "municipalities")


def test_the_edit_form_refuses_a_partner_of_another_agglomeration(
    world: PipelineWorld, opole: PipelineWorld
) -> None:
    # Given a draft
    draft = world.draft()
    data = form_data(revision=str(draft.revision), partners=str(opole.applicant_org.pk))
    # When the applicant names an Opole organisation as its partner, it is refused
    _refused(_applicant(world), _url("edit", world, pk=draft.pk), data, "form", "partners")
    # And the draft is as it was
    stored = ProjectIntention.objects.get(pk=draft.pk)
    assert (stored.revision, list(stored.partners.all())) == (draft.revision, [])


def test_the_attachment_form_refuses_a_kind_of_another_agglomerations_call(
    world: PipelineWorld, opole: PipelineWorld
) -> None:
    # Given a draft, and an attachment Opole's call asks for
    draft = world.draft()
    budget = AttachmentKind.objects.create(call=opole.call, name={"en": "Budget"})
    data = {"kind": str(budget.pk), "file": SimpleUploadedFile("b.pdf", samples.pdf())}
    # When the applicant files its PDF under that kind, it is refused
    url = _url("attachment_add", world, pk=draft.pk)
    _refused(_applicant(world), url, data, "attachment_form", "kind")
