"""Payment forecasts: who enters them, what is refused, replacing the schedule, the page."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from aglomera.accounts.models import Role, User
from aglomera.core.models import AuditEvent
from aglomera.intentions.models import IntentionStatus, ProjectIntention
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.actions.payments import set_payment_forecast
from aglomera.monitoring.models import Payment, PaymentKind
from aglomera.strategy.tests.builders import make_opole, make_user

S = IntentionStatus
D = Decimal


@pytest.fixture
def world(db: None, pipeline_world: PipelineWorld) -> PipelineWorld:
    return copy.deepcopy(pipeline_world)


@pytest.fixture
def project(world: PipelineWorld) -> ProjectIntention:
    """A contracted project with 10,000,000.00 CZK of EU support."""
    return world.intention(status=S.LEGAL_ACT)


def _forecast(project: ProjectIntention) -> list[tuple[date, Decimal]]:
    return list(
        Payment.objects.filter(intention=project, kind=PaymentKind.FORECAST)
        .order_by("on")
        .values_list("on", "amount")
    )


def test_the_applicant_sets_a_schedule_and_a_new_one_replaces_it(
    world: PipelineWorld, project: ProjectIntention
) -> None:
    # Given a certified payment that the forecast must not touch
    Payment.objects.create(
        intention=project, kind=PaymentKind.CERTIFIED, on=date(2025, 1, 1), amount=D("5.00")
    )
    applicant = world.user(Role.APPLICANT)
    # When the applicant enters two payments, then a new schedule
    set_payment_forecast(
        project,
        [(date(2026, 6, 30), "2000000.00"), (date(2026, 3, 31), D("1000000"))],
        actor=applicant,
    )
    set_payment_forecast(project, [(date(2027, 1, 31), "500.5")], actor=world.user(Role.MANAGER))
    # Then only the new schedule is kept, with an audit of before and after
    assert _forecast(project) == [(date(2027, 1, 31), D("500.50"))]
    assert Payment.objects.filter(kind=PaymentKind.CERTIFIED).count() == 1
    events = AuditEvent.objects.filter(code="monitoring.payment_forecast.set").order_by("id")
    assert events[0].after["forecast"] == [
        ["2026-03-31", "1000000.00"],
        ["2026-06-30", "2000000.00"],
    ]
    assert events[1].before["forecast"] == events[0].after["forecast"]
    # And an empty schedule clears it
    set_payment_forecast(project, [], actor=applicant)
    assert _forecast(project) == []


@pytest.mark.parametrize(
    "who", [Role.WORKING_GROUP, Role.COMMITTEE, Role.AUDITOR, Role.PARTNER, "other_applicant"]
)
def test_only_staff_and_the_projects_applicant_forecast(
    world: PipelineWorld, project: ProjectIntention, who: Any
) -> None:
    actor = world.other_applicant if who == "other_applicant" else world.user(who)
    with pytest.raises(PermissionDenied):
        set_payment_forecast(project, [(date(2026, 1, 1), "1")], actor=actor)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("2026-01-01", "1")], "Line 1: enter a date."),
        ([(date(2026, 1, 1), "x")], "Line 1: enter an amount, for example 1,250,000.50."),
        ([(date(2026, 1, 1), "Infinity")], "Line 1: enter an amount, for example 1,250,000.50."),
        ([(date(2026, 1, 1), "-1")], "Line 1: the amount cannot be negative."),
        ([(date(2026, 1, 1), "1.005")], "Line 1: use whole cents."),
        ([(date(2026, 1, 1), "1" + "0" * 14)], "Line 1: the amount is too large."),
        ([(date(2026, 1, 1), "1e14")], "Line 1: enter an amount, for example 1,250,000.50."),
        (
            [(date(2026, 1, 1), "1"), (date(2026, 1, 1), "2")],
            "Line 2: the date 2026-01-01 is already in the schedule.",
        ),
        (
            [(date(2026, 1, 1), "6000000"), (date(2026, 2, 1), "4000000.01")],
            "The forecast payments add up to 10,000,000.01 CZK, more than the project's EU "
            "support of 10,000,000.00 CZK.",
        ),
    ],
)
def test_bad_rows_are_refused_with_the_line(
    world: PipelineWorld, project: ProjectIntention, rows: Any, message: str
) -> None:
    with pytest.raises(ValidationError) as error:
        set_payment_forecast(project, rows, actor=world.user(Role.COORDINATOR))
    assert error.value.message_dict == {"rows": [message]}
    assert _forecast(project) == []


@pytest.mark.parametrize("status", [S.SUBMITTED, S.FINANCIALLY_CLOSED])
def test_a_forecast_needs_an_endorsed_project_not_yet_closed(
    world: PipelineWorld, status: str
) -> None:
    project = world.intention(status=status)
    with pytest.raises(ValidationError) as error:
        set_payment_forecast(project, [], actor=world.user(Role.COORDINATOR))
    assert error.value.code == "not_forecastable"


# --- the page ---------------------------------------------------------------------------------

WHO = [role.value for role in Role] + ["other_applicant", "outsider"]
VIEWERS = {Role.MANAGER, Role.COORDINATOR, Role.WORKING_GROUP, Role.COMMITTEE, Role.AUDITOR}
EDITORS = {Role.MANAGER, Role.COORDINATOR, Role.APPLICANT}


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _actor(world: PipelineWorld, who: str) -> User:
    if who == "other_applicant":
        return world.other_applicant
    if who == "outsider":
        return make_user("mallory", (make_opole(), Role.MANAGER))
    return world.user(Role(who))


def _url(world: PipelineWorld, project: ProjectIntention) -> str:
    return reverse(
        "monitoring:payment_forecast", kwargs={"slug": world.agglomeration.slug, "pk": project.pk}
    )


@pytest.mark.parametrize("who", WHO)
def test_the_forecast_page_rights(
    world: PipelineWorld, project: ProjectIntention, who: str
) -> None:
    client = _client(_actor(world, who))
    response = client.get(_url(world, project))
    posted = client.post(_url(world, project), {"rows": "2026-03-31 1000"})
    if who in ("outsider", "other_applicant"):
        assert (response.status_code, posted.status_code) == (404, 404)
    elif Role(who) in EDITORS:
        assert response.status_code == 200
        assert 'name="rows"' in response.content.decode()
        assert posted.status_code == 302
    elif Role(who) in VIEWERS:
        assert response.status_code == 200
        assert 'name="rows"' not in response.content.decode()
        assert posted.status_code == 403
    else:
        assert (response.status_code, posted.status_code) == (403, 403)


def test_the_page_reads_lines_with_decimal_commas_and_shows_the_schedule(
    world: PipelineWorld, project: ProjectIntention
) -> None:
    client = _client(world.user(Role.APPLICANT))
    response = client.post(
        _url(world, project), {"rows": "2026-03-31; 1 250 000,50\n\n2026-09-30 10"}
    )
    assert response.status_code == 302
    assert _forecast(project) == [
        (date(2026, 3, 31), D("1250000.50")),
        (date(2026, 9, 30), D("10.00")),
    ]
    page = client.get(_url(world, project)).content.decode()
    # in the format the page shows amounts in (the _url's language), which reads back
    assert "2026-03-31 1,250,000.50" in page


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("2026-03-31", "Line 1: enter a date and an amount."),
        ("31.3.2026 100", "Line 1: enter the date as YYYY-MM-DD."),
        ("2026-02-30 100", "Line 1: enter the date as YYYY-MM-DD."),
        ("2026-03-31 -5", "Line 1: the amount cannot be negative."),
    ],
)
def test_the_page_shows_bad_lines_next_to_the_field(
    world: PipelineWorld, project: ProjectIntention, rows: str, message: str
) -> None:
    response = _client(world.user(Role.COORDINATOR)).post(_url(world, project), {"rows": rows})
    assert response.status_code == 422
    body = response.content.decode()
    assert message in body
    assert rows in body
