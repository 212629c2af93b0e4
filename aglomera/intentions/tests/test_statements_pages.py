"""Statement pages through HTTP: who sees and downloads what, the managing-authority form,
and fixed query counts."""

from __future__ import annotations

import copy
import io
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from aglomera.accounts.models import Role, User
from aglomera.intentions.actions.statements import issue_statement
from aglomera.intentions.models import (
    ComplianceStatement,
    IntentionStatus,
    ProjectIntention,
    StatementOutcome,
    StatementType,
)
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.strategy.tests.builders import make_opole, make_user

S = IntentionStatus
VIEWERS = {Role.MANAGER, Role.COORDINATOR, Role.WORKING_GROUP, Role.COMMITTEE, Role.AUDITOR}
TRACKERS = {Role.MANAGER, Role.COORDINATOR}


@pytest.fixture
def world(db: None, pipeline_world: PipelineWorld) -> PipelineWorld:
    return copy.deepcopy(pipeline_world)


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _issued(world: PipelineWorld, name: str = "Mateřská škola Žerotín") -> ComplianceStatement:
    return issue_statement(
        world.intention(status=S.COMPLIANT, name=name),
        statement_type=StatementType.INITIAL,
        outcome=StatementOutcome.COMPLIANT,
        actor=world.user(Role.MANAGER),
        issued_on=date(2025, 6, 20),
    )


def _actor(world: PipelineWorld, who: str) -> User:
    if who == "other_applicant":
        return world.other_applicant
    if who == "outsider":
        return make_user("mallory", (make_opole(), Role.MANAGER))
    return world.user(Role(who))


def _expected(who: str, allowed: set[Role], *, applicant: bool) -> int:
    if who in ("outsider", "other_applicant"):
        return 404
    role = Role(who)
    if role in allowed or (applicant and role == Role.APPLICANT):
        return 200
    return 403


WHO = [role.value for role in Role] + ["other_applicant", "outsider"]


def _url(name: str, world: PipelineWorld, pk: int) -> str:
    return reverse(f"intentions:{name}", kwargs={"slug": world.agglomeration.slug, "pk": pk})


@pytest.mark.parametrize("who", WHO)
def test_the_statements_page_is_open_to_staff_and_the_own_applicant(
    world: PipelineWorld, who: str
) -> None:
    # Given an intention with its statement
    statement = _issued(world)
    # When someone opens its statements page
    response = _client(_actor(world, who)).get(_url("statements", world, statement.intention_id))
    # Then staff and the project's own applicant see it; others get 403 or 404
    assert response.status_code == _expected(who, VIEWERS, applicant=True)
    if response.status_code == 200:
        assert "OLOMOUC/2025/0001" in response.content.decode()


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("document", ["statement_pdf", "statement_docx"])
def test_the_statement_downloads_follow_the_same_rights(
    world: PipelineWorld, who: str, document: str
) -> None:
    statement = _issued(world)
    response = _client(_actor(world, who)).get(_url(document, world, statement.pk))
    assert response.status_code == _expected(who, VIEWERS, applicant=True)
    if response.status_code == 200:
        extension = "pdf" if document == "statement_pdf" else "docx"
        assert f'filename="OLOMOUC-2025-0001.{extension}"' in response["Content-Disposition"]


def test_the_pdf_download_is_a_pdf(world: PipelineWorld) -> None:
    statement = _issued(world)
    response = _client(world.user(Role.APPLICANT)).get(_url("statement_pdf", world, statement.pk))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_docx_download_opens_in_word(world: PipelineWorld) -> None:
    statement = _issued(world)
    response = _client(world.user(Role.MANAGER)).get(_url("statement_docx", world, statement.pk))
    document = Document(io.BytesIO(response.content))
    assert "OLOMOUC/2025/0001" in [c.text for row in document.tables[0].rows for c in row.cells]


def test_an_unknown_statement_or_intention_is_404(world: PipelineWorld) -> None:
    client = _client(world.user(Role.MANAGER))
    assert client.get(_url("statement_pdf", world, 999999)).status_code == 404
    assert client.get(_url("statements", world, 999999)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(world: PipelineWorld) -> None:
    statement = _issued(world)
    response = Client().get(_url("statement_pdf", world, statement.pk))
    assert response.status_code == 302


@pytest.mark.parametrize("who", WHO)
def test_only_staff_keep_the_managing_authority_record(world: PipelineWorld, who: str) -> None:
    # Given an intention with its statement
    statement = _issued(world)
    url = _url("managing_authority", world, statement.intention_id)
    # When someone posts its registration number and the filing step
    response = _client(_actor(world, who)).post(
        url,
        {
            "registration_number": "CZ.06.02.01/00/22_012/0001234",
            "ma_state_code": "PP21",
            "to": S.APPLICATION_FILED,
        },
    )
    # Then only the manager and coordinators get through; the rest change nothing
    expected = _expected(who, TRACKERS, applicant=False)
    intention = ProjectIntention.objects.get(pk=statement.intention_id)
    if expected == 200:
        assert response.status_code == 302
        assert intention.status == S.APPLICATION_FILED
        assert intention.registration_number == "CZ.06.02.01/00/22_012/0001234"
    else:
        assert response.status_code == expected
        assert intention.status == S.STATEMENT_ISSUED


def test_a_bad_registration_number_is_shown_next_to_the_field_and_kept(
    world: PipelineWorld,
) -> None:
    statement = _issued(world)
    response = _client(world.user(Role.COORDINATOR)).post(
        _url("managing_authority", world, statement.intention_id),
        {"registration_number": "CZ.06/123", "ma_state_code": "PP30", "to": ""},
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert 'value="CZ.06/123"' in body
    assert "has-error" in body
    assert ProjectIntention.objects.get(pk=statement.intention_id).registration_number == ""


def test_a_step_not_offered_is_refused_by_the_form(world: PipelineWorld) -> None:
    statement = _issued(world)
    response = _client(world.user(Role.MANAGER)).post(
        _url("managing_authority", world, statement.intention_id),
        {"registration_number": "", "ma_state_code": "", "to": S.SUSTAINABILITY},
    )
    assert response.status_code == 422


def test_the_record_needs_the_statement_first(world: PipelineWorld) -> None:
    intention = world.intention(status=S.COMPLIANT)
    response = _client(world.user(Role.MANAGER)).post(
        _url("managing_authority", world, intention.pk),
        {"registration_number": "CZ.06.02.01/00/22_012/0001234", "ma_state_code": "", "to": ""},
    )
    assert response.status_code == 422
    assert "errors" in response.content.decode()


def test_the_page_shows_the_panel_and_the_change_link_to_those_who_may_use_them(
    world: PipelineWorld,
) -> None:
    statement = _issued(world)
    url = _url("statements", world, statement.intention_id)
    coordinator = _client(world.user(Role.COORDINATOR)).get(url).content.decode()
    applicant = _client(world.user(Role.APPLICANT)).get(url).content.decode()
    auditor = _client(world.user(Role.AUDITOR)).get(url).content.decode()
    new_change = _url("change_new", world, statement.intention_id)
    managing_authority = _url("managing_authority", world, statement.intention_id)
    assert managing_authority in coordinator and new_change not in coordinator
    assert new_change in applicant and managing_authority not in applicant
    assert managing_authority not in auditor and new_change not in auditor


def _count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_statements_page_runs_a_fixed_number_of_queries(world: PipelineWorld) -> None:
    # Given one intention with one statement and another with three and a change request
    from aglomera.intentions.tests.test_changes import _project

    small = _issued(world)
    project = _project(world, S.STATEMENT_ISSUED)
    for outcome_statement in range(2):
        issue_statement(
            project.intention,
            statement_type=StatementType.UPDATED,
            outcome=StatementOutcome.COMPLIANT,
            actor=world.user(Role.MANAGER),
            issued_on=date(2025, 7, 1 + outcome_statement),
        )
    project.request(["formal_edit"])
    client = _client(world.user(Role.MANAGER))
    # When both pages are opened
    few = _count_queries(client, _url("statements", world, small.intention_id))
    many = _count_queries(client, _url("statements", world, project.intention.pk))
    # Then they cost the same number of queries
    assert few == many
