"""Progress report pages through HTTP: the project's list and form, a report with its steps, the
coordinators' queue; rights per role, messages next to the fields, fixed query counts."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aglomera.accounts.models import Role, User
from aglomera.intentions.models import IntentionStatus
from aglomera.monitoring.models import ProgressReport, ReportStatus
from aglomera.monitoring.tests.test_progress import Project, make_project
from aglomera.strategy.tests.builders import make_opole, make_user

S = IntentionStatus
R = ReportStatus
VIEWERS = {Role.MANAGER, Role.COORDINATOR, Role.WORKING_GROUP, Role.COMMITTEE, Role.AUDITOR}
STAFF = {Role.MANAGER, Role.COORDINATOR}
WHO = [role.value for role in Role] + ["other_applicant", "outsider"]

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(date(2026, 6, 30), tick=False):
        yield


@pytest.fixture(scope="module")
def built_project(module_db: None) -> Project:
    with time_machine.travel(date(2026, 6, 30), tick=False):
        return make_project()


@pytest.fixture
def project(db: None, built_project: Project) -> Project:
    return copy.deepcopy(built_project)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _actor(project: Project, who: str) -> User:
    if who == "other_applicant":
        return project.world.other_applicant
    if who == "outsider":
        return make_user("mallory", (make_opole(), Role.MANAGER))
    return project.user(Role(who))


def _url(name: str, project: Project, pk: int | None = None) -> str:
    kwargs: dict[str, Any] = {"slug": project.world.agglomeration.slug}
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(f"monitoring:{name}", kwargs=kwargs)


def _expected(who: str, allowed: set[Role]) -> int:
    if who in ("outsider", "other_applicant"):
        return 404
    return 200 if Role(who) in allowed else 403


def _form(project: Project, **overrides: str) -> dict[str, str]:
    data = {
        "period_end": "2026-03-31",
        "narrative": "Built.",
        f"indicator_{project.km.pk}": "3,5",
        f"indicator_{project.emissions.pk}": "10",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("who", WHO)
def test_the_projects_reports_are_for_staff_and_its_applicant(project: Project, who: str) -> None:
    response = _client(_actor(project, who)).get(
        _url("progress_list", project, project.intention.pk)
    )
    expected = _expected(who, VIEWERS | {Role.APPLICANT})
    assert response.status_code == expected
    if expected == 200:
        body = response.content.decode()
        has_form = f'name="indicator_{project.km.pk}"' in body
        assert has_form == (who == Role.APPLICANT.value)


def test_the_applicant_creates_a_report_and_lands_on_it(project: Project) -> None:
    response = _client(project.applicant).post(
        _url("progress_list", project, project.intention.pk), _form(project)
    )
    report = ProgressReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("progress_report", project, report.pk)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("period_end", "2026-07-01", "The period cannot end in the future"),
        ("period_end", "not a date", "Enter a valid date."),
        ("km", "-2", "An achieved value cannot be negative."),
        ("km", "lots", "Enter a number, for example 12.5."),
        ("km", "", "Enter the value of T-CYKLO achieved so far"),
    ],
)
def test_bad_input_comes_back_with_the_message_and_the_typed_value(
    project: Project, field: str, value: str, message: str
) -> None:
    name = f"indicator_{project.km.pk}" if field == "km" else field
    response = _client(project.applicant).post(
        _url("progress_list", project, project.intention.pk), _form(project, **{name: value})
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert message in body
    assert f'value="{value}"' in body or not value
    assert not ProgressReport.objects.exists()


def test_a_duplicate_period_is_refused_on_the_page(project: Project) -> None:
    project.at(R.DRAFT, date(2026, 3, 31))
    response = _client(project.applicant).post(
        _url("progress_list", project, project.intention.pk), _form(project)
    )
    assert response.status_code == 422
    assert (
        "There is already a report for the period ending 2026-03-31." in response.content.decode()
    )


def test_staff_cannot_post_a_report(project: Project) -> None:
    response = _client(project.user(Role.COORDINATOR)).post(
        _url("progress_list", project, project.intention.pk), _form(project)
    )
    assert response.status_code == 403


def test_a_project_not_yet_in_implementation_explains_why_there_is_no_form(
    db: None, built_project: Project
) -> None:
    project = make_project(copy.deepcopy(built_project.world), status=S.LEGAL_ACT)
    response = _client(project.applicant).get(_url("progress_list", project, project.intention.pk))
    assert "once the project is in implementation" in response.content.decode()


@pytest.mark.parametrize("who", WHO)
def test_a_report_page_is_for_staff_and_the_projects_applicant(project: Project, who: str) -> None:
    report = project.at(R.SUBMITTED)
    response = _client(_actor(project, who)).get(_url("progress_report", project, report.pk))
    expected = _expected(who, VIEWERS | {Role.APPLICANT})
    assert response.status_code == expected
    if expected == 200:
        decides = 'name="to"' in response.content.decode()
        assert decides == (Role(who) in STAFF)


def test_a_missing_report_is_404(project: Project) -> None:
    response = _client(project.applicant).get(_url("progress_report", project, 999999))
    assert response.status_code == 404


def test_the_applicant_edits_a_returned_report_sees_the_reason_and_resubmits(
    project: Project,
) -> None:
    report = project.at(R.RETURNED)
    client = _client(project.applicant)
    page = client.get(_url("progress_report", project, report.pk)).content.decode()
    assert "Check the km." in page
    assert 'value="submitted"' in page
    response = client.post(
        _url("progress_report", project, report.pk),
        _form(project, **{f"indicator_{project.km.pk}": "4"}),
    )
    assert response.status_code == 302
    bad = client.post(
        _url("progress_report", project, report.pk),
        _form(project, **{f"indicator_{project.km.pk}": "-4"}),
    )
    assert bad.status_code == 422
    assert "An achieved value cannot be negative." in bad.content.decode()
    invalid = client.post(_url("progress_report", project, report.pk), {"period_end": "x"})
    assert invalid.status_code == 422
    response = client.post(_url("progress_step", project, report.pk), {"to": "submitted"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == R.SUBMITTED


def test_the_coordinator_returns_with_a_reason_and_approves(project: Project) -> None:
    report = project.at(R.SUBMITTED)
    client = _client(project.user(Role.COORDINATOR))
    step = _url("progress_step", project, report.pk)
    # Returning without a reason re-renders with the message
    response = client.post(step, {"to": "returned", "reason": ""})
    assert response.status_code == 422
    assert "Tell the beneficiary what to correct" in response.content.decode()
    # An over-long reason is refused by the form
    response = client.post(step, {"to": "returned", "reason": "x" * 2001})
    assert response.status_code == 422
    # Approving from the queue goes back to the queue
    response = client.post(step, {"to": "approved", "next": "queue"})
    assert response["Location"] == _url("progress_queue", project)
    # A second approval is no longer possible: a message, no error
    response = client.post(step, {"to": "approved"}, follow=True)
    assert "no longer possible" in response.content.decode()
    # An unknown step is refused
    assert client.post(step, {"to": "nonsense"}).status_code == 403
    # The applicant cannot approve
    assert _client(project.applicant).post(step, {"to": "approved"}).status_code == 403


@pytest.mark.parametrize("who", WHO)
def test_the_queue_is_for_manager_and_coordinators(project: Project, who: str) -> None:
    response = _client(_actor(project, who)).get(_url("progress_queue", project))
    expected = _expected(who, STAFF)
    if who == "other_applicant":
        expected = 403  # a member of the agglomeration without the right
    assert response.status_code == expected


def test_the_queue_shows_submitted_reports_in_a_fixed_number_of_queries(project: Project) -> None:
    client = _client(project.user(Role.COORDINATOR))
    url = _url("progress_queue", project)
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200
        return len(context)

    project.at(R.SUBMITTED, date(2026, 1, 31))
    project.at(R.DRAFT, date(2026, 2, 28))  # not in the queue
    small = count()
    for month in range(3, 7):
        project.at(R.SUBMITTED, date(2026, month, 1))
    assert count() == small
    body = client.get(url).content.decode()
    assert body.count('name="reason"') == 5


def test_the_projects_list_runs_a_fixed_number_of_queries(project: Project) -> None:
    client = _client(project.applicant)
    url = _url("progress_list", project, project.intention.pk)
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            client.get(url)
        return len(context)

    project.at(R.APPROVED, date(2026, 1, 31))
    small = count()
    for month in range(2, 6):
        project.at(R.SUBMITTED, date(2026, month, 1))
    assert count() == small
