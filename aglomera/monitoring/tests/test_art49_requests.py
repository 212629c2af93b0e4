"""The office asks the beneficiaries for the purposes and achievements the list of operations
lacks (CPR 2021/1060 Art. 49(3)(e)): who may ask, who is asked, in which language, the audit and
the last request on the reports page."""

from __future__ import annotations

import copy
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from aglomera.accounts.models import Membership, Role, User
from aglomera.core.models import AuditEvent
from aglomera.intentions.actions.publication import set_publication_texts
from aglomera.intentions.models import IntentionStatus, ProjectIntention
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.actions.publication import request_art49_details
from aglomera.monitoring.publication_tasks import send_details_requests
from aglomera.strategy.tests.builders import make_opole, make_user

S = IntentionStatus
Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]
CYCLE = "CZ.06.02.01/00/22_012/0000601"
SCHOOL = "CZ.06.02.01/00/22_012/0000602"
UNIVERSITY = "CZ.06.02.01/00/22_012/0000603"
ASKED = "monitoring.art49.details_requested"


@pytest.fixture
def world(db: None, pipeline_world: PipelineWorld) -> PipelineWorld:
    world = copy.deepcopy(pipeline_world)
    for user in [*world.users.values(), world.other_applicant]:
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    return world


def _contracted(world: PipelineWorld, code: str, **fields: Any) -> ProjectIntention:
    return world.intention(status=S.LEGAL_ACT, registration_number=code, **fields)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(world: PipelineWorld, name: str = "reports_ask") -> str:
    return reverse(f"monitoring:{name}", args=[world.agglomeration.slug])


def _polish_colleague(world: PipelineWorld) -> User:
    """A second applicant user of Přerov who reads Polish."""
    colleague = User.objects.create_user(
        "prerov-pl", email="prerov-pl@example.org", preferred_language="pl"
    )
    Membership.objects.create(
        user=colleague,
        agglomeration=world.agglomeration,
        role=Role.APPLICANT,
        organisation=world.applicant_org,
    )
    return colleague


def test_the_manager_asks_each_beneficiary_in_their_own_language(
    world: PipelineWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    # Given two contracted intentions of Přerov without purpose and achievements, one of the
    # university with both, and two applicant users of Přerov: one reads Czech, one Polish
    cycle = _contracted(world, CYCLE, name="Cyklostezka Černovír")
    school = _contracted(
        world, SCHOOL, name="Mateřská škola Kopaniny", activities={"cs": "Přístavba dvou tříd."}
    )
    university = _contracted(
        world, UNIVERSITY, applicant=world.other_org, activities={"cs": "Laboratoř."}
    )
    set_publication_texts(
        university,
        purpose={"cs": "Laboratoř."},
        achievements={"cs": "Jedna laboratoř."},
        actor=world.user(Role.MANAGER),
    )
    czech = world.user(Role.APPLICANT)
    polish = _polish_colleague(world)
    # When the manager asks the beneficiaries from the reports page
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(world.user(Role.MANAGER)).post(_url(world))
    assert response.status_code == 302
    # Then each of Přerov's applicant users gets one e-mail about Přerov's two operations, and
    # the university (which lacks nothing) is not asked
    assert sorted(address for message in mail.outbox for address in message.to) == [
        czech.email,
        polish.email,
    ]
    by_reader = {message.to[0]: message.body for message in mail.outbox}
    czech_body, polish_body = by_reader[czech.email], by_reader[polish.email]
    for body in (czech_body, polish_body):
        assert "Cyklostezka Černovír (CZ.06.02.01/00/22_012/0000601)" in body
        assert SCHOOL in body
        assert UNIVERSITY not in body
    # And each e-mail is written in its reader's language, with links in that language
    slug = world.agglomeration.slug
    assert f"/cs/app/{slug}/intentions/{cycle.pk}/publication/" in czech_body
    assert f"/pl/app/{slug}/intentions/{cycle.pk}/publication/" in polish_body
    assert "účel operace, očekávané nebo skutečné výsledky" in czech_body
    assert "cel operacji, oczekiwane lub faktyczne osiągnięcia" in polish_body
    # And the school, whose activities stand for its purpose, lacks only the achievements
    school_part = czech_body[czech_body.index(SCHOOL) :]
    assert school_part.split("\n")[1].strip().endswith("očekávané nebo skutečné výsledky")
    # And the request is audited: which intentions lacked what, who was asked
    event = AuditEvent.objects.get(code=ASKED)
    assert event.actor == world.user(Role.MANAGER)
    assert event.after["intentions"] == {
        str(cycle.pk): ["purpose", "achievements"],
        str(school.pk): ["achievements"],
    }
    assert event.after["recipients"] == sorted([czech.pk, polish.pk])


def test_the_reports_page_shows_when_the_last_request_went_out(
    world: PipelineWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    _contracted(world, CYCLE)
    client = _client(world.user(Role.COORDINATOR))
    page = client.get(_url(world, "reports")).content.decode()
    assert "The beneficiaries have not been asked yet." in page
    assert "Ask the beneficiaries by e-mail" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(world))
    page = client.get(_url(world, "reports")).content.decode()
    assert "Last request:" in page
    assert "(operations: 1, people asked: 1)" in page
    assert world.user(Role.COORDINATOR).username in page


@pytest.mark.parametrize("role", [Role.WORKING_GROUP, Role.COMMITTEE, Role.AUDITOR, Role.APPLICANT])
def test_only_the_manager_and_coordinators_ask(world: PipelineWorld, role: Role) -> None:
    # Given an operation lacking its purpose
    _contracted(world, CYCLE)
    # When another member posts the request
    response = _client(world.user(role)).post(_url(world))
    # Then it is refused and nothing is recorded or sent
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(code=ASKED).exists()
    assert mail.outbox == []
    # And readers of the page see no button
    if role != Role.APPLICANT:
        page = _client(world.user(role)).get(_url(world, "reports")).content.decode()
        assert "Ask the beneficiaries by e-mail" not in page


def test_another_agglomerations_manager_gets_404(world: PipelineWorld) -> None:
    _contracted(world, CYCLE)
    outsider = make_user("mallory", (make_opole(), Role.MANAGER))
    assert _client(outsider).post(_url(world)).status_code == 404
    assert Client().post(_url(world)).status_code == 302  # anonymous: to the login
    assert not AuditEvent.objects.filter(code=ASKED).exists()


def test_with_nothing_lacking_there_is_nobody_to_ask(world: PipelineWorld) -> None:
    # Given an operation with its purpose and achievements
    intention = _contracted(world, CYCLE)
    set_publication_texts(
        intention,
        purpose={"cs": "Účel."},
        achievements={"cs": "Výsledek."},
        actor=world.user(Role.MANAGER),
    )
    # When the manager asks anyway
    response = _client(world.user(Role.MANAGER)).post(_url(world))
    # Then the page says so and nothing is recorded
    assert response.status_code == 422
    assert "has its purpose and achievements" in response.content.decode()
    assert not AuditEvent.objects.filter(code=ASKED).exists()


def test_without_an_e_mail_address_nobody_is_asked_and_the_page_names_the_operations(
    world: PipelineWorld,
) -> None:
    # Given an operation whose applicant users have no e-mail address
    intention = _contracted(world, CYCLE)
    User.objects.filter(pk__in=[world.user(Role.APPLICANT).pk]).update(email="")
    assert intention.created_by == world.user(Role.APPLICANT)
    # When the manager asks
    response = _client(world.user(Role.MANAGER)).post(_url(world))
    # Then the page names the operation to be asked another way
    assert response.status_code == 422
    html = response.content.decode()
    assert "Nobody can be asked" in html
    assert CYCLE in html
    assert not AuditEvent.objects.filter(code=ASKED).exists()


def test_the_same_form_sent_twice_asks_once(
    world: PipelineWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    _contracted(world, CYCLE)
    client = _client(world.user(Role.MANAGER))
    token = client.get(_url(world, "reports")).context["details_form"]["form_token"].value()
    with django_capture_on_commit_callbacks(execute=True):
        for _time in range(2):
            assert client.post(_url(world), {"form_token": token}).status_code == 302
    assert AuditEvent.objects.filter(code=ASKED).count() == 1
    assert len(mail.outbox) == 1


def test_an_operation_completed_before_the_e_mail_is_written_is_left_out(
    world: PipelineWorld,
) -> None:
    # Given a request about two operations
    cycle = _contracted(world, CYCLE, name="Cyklostezka Černovír")
    school = _contracted(world, SCHOOL, name="Mateřská škola Kopaniny")
    event = request_art49_details(world.agglomeration, actor=world.user(Role.MANAGER))
    # When one is completed before the worker writes the e-mail
    set_publication_texts(
        cycle,
        purpose={"cs": "Účel."},
        achievements={"cs": "Výsledek."},
        actor=world.user(Role.MANAGER),
    )
    sent = send_details_requests.call(event.pk)
    # Then the e-mail names only the other one
    assert sent == 1
    assert "Mateřská škola Kopaniny" in mail.outbox[0].body
    assert "Cyklostezka" not in mail.outbox[0].body
    # And once both are complete, nobody is written to
    set_publication_texts(
        school,
        purpose={"cs": "Účel."},
        achievements={"cs": "Výsledek."},
        actor=world.user(Role.MANAGER),
    )
    assert send_details_requests.call(event.pk) == 0
    # And an unknown request sends nothing
    assert send_details_requests.call(999_999) == 0


def test_the_beneficiarys_applicant_users_and_the_intentions_author_are_asked(
    world: PipelineWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    # Given an operation of the university lacking its purpose
    _contracted(world, UNIVERSITY, applicant=world.other_org)
    # When the manager asks
    with django_capture_on_commit_callbacks(execute=True):
        request_art49_details(world.agglomeration, actor=world.user(Role.MANAGER))
    # Then the university's applicant and the intention's author are asked, not Přerov's people
    # (the builder files every intention in the name of Přerov's applicant user)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([world.other_applicant.email, world.user(Role.APPLICANT).email])


def test_the_beneficiaries_are_asked_at_most_once_a_day(
    world: PipelineWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    # Given a request sent now
    _contracted(world, CYCLE)
    with django_capture_on_commit_callbacks(execute=True):
        request_art49_details(world.agglomeration, actor=world.user(Role.MANAGER))
    # When the coordinator asks again the same day (a new form, no shared token)
    with pytest.raises(ValidationError, match="can be asked again a day after"):
        request_art49_details(world.agglomeration, actor=world.user(Role.COORDINATOR))
    # Then nobody got the e-mail twice
    assert AuditEvent.objects.filter(code=ASKED).count() == 1
    assert len(mail.outbox) == 1
