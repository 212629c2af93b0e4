"""The call pages through HTTP: who sees and does what, bad input, time zones, query counts."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from aglomera.accounts.models import Role
from aglomera.calls import actions
from aglomera.calls.models import (
    AttachmentKind,
    Call,
    CallModification,
    CallSchedule,
    CallStatus,
    Criterion,
    CriterionKind,
    FormalCheckItem,
)
from aglomera.calls.tests.helpers import (
    client_for,
    form_data,
    municipalities,
    outsider,
    planned_call,
)
from aglomera.core.models import AuditEvent
from aglomera.intentions.models import IntentionStatus
from aglomera.intentions.tests.builders import DEADLINE, DURING, PipelineWorld
from aglomera.strategy.models import SpecificObjective

ALL = set(Role)
SEE_PLANNED = ALL - {Role.APPLICANT, Role.PARTNER}
STAFF = {Role.MANAGER, Role.COORDINATOR}
MANAGER = {Role.MANAGER}
BASE = "/en/app/olomouc/calls"


@pytest.fixture
def world(db: None, pipeline_world: PipelineWorld) -> PipelineWorld:
    return copy.deepcopy(pipeline_world)


@pytest.fixture
def clock() -> Any:
    """The real clock stopped while the world's call is open (15 April 2025)."""
    with time_machine.travel(DURING, tick=False):
        yield


# ---- the permission matrix --------------------------------------------------------------------

Setup = Callable[[PipelineWorld], dict[str, Any]]


def _objects(world: PipelineWorld) -> dict[str, Any]:
    manager = world.users[Role.MANAGER]
    planned = planned_call(world)
    criterion = actions.add_criterion(planned, {"cs": "Soulad"}, CriterionKind.GATE, actor=manager)
    actions.create_schedule(world.agglomeration, 2025, actor=manager)
    return {"planned": planned.pk, "announced": world.call.pk, "criterion": criterion.pk}


PAGES: list[tuple[str, str, set[Role], int]] = [
    # (name, url template, roles allowed, status of a denied member)
    ("list", "{b}/", ALL, 403),
    ("announced call", "{b}/{announced}/", ALL, 403),
    ("planned call", "{b}/{planned}/", SEE_PLANNED, 404),
    ("new call", "{b}/new/", STAFF, 403),
    ("edit call", "{b}/{planned}/edit/", STAFF, 403),
    ("modify call", "{b}/{announced}/modify/", STAFF, 403),
    ("schedule", "{b}/schedules/2025/", SEE_PLANNED, 403),
]


@pytest.mark.parametrize("role", sorted(Role))
def test_each_role_opens_exactly_its_pages(world: PipelineWorld, role: Role, clock: Any) -> None:
    # Given a member of Olomouc with one role
    ids = _objects(world)
    client = client_for(world.users[role])
    for name, template, allowed, denied in PAGES:
        # When they open each call page
        response = client.get(template.format(b=BASE, **ids))
        # Then the role decides (a hidden planned call is not revealed to applicants)
        expected = 200 if role in allowed else denied
        assert response.status_code == expected, (name, role, response.status_code)


def test_an_outsider_gets_404_on_every_page_and_action(world: PipelineWorld) -> None:
    ids = _objects(world)
    client = client_for(outsider())
    for name, template, _allowed, _denied in PAGES:
        assert client.get(template.format(b=BASE, **ids)).status_code == 404, name
    for name, template, data, _allowed in ACTIONS:
        response = client.post(template.format(b=BASE, **ids), data(world))
        assert response.status_code == 404, name


def test_an_anonymous_visitor_is_sent_to_login(world: PipelineWorld) -> None:
    response = Client().get(f"{BASE}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


ACTIONS: list[tuple[str, str, Callable[[PipelineWorld], dict[str, Any]], set[Role]]] = [
    ("new schedule", "{b}/schedules/new/", lambda w: {"year": "2026"}, STAFF),
    ("approve schedule", "{b}/schedules/2025/", lambda w: {"approved_on": "2025-01-20"}, MANAGER),
    ("new call", "{b}/new/", lambda w: form_data(w, number="8"), STAFF),
    ("edit call", "{b}/{planned}/edit/", lambda w: form_data(w, number="9"), STAFF),
    (
        "add criterion",
        "{b}/{planned}/criterion/add/",
        lambda w: {"criterion-name_cs": "Efektivita", "criterion-kind": "gate"},
        STAFF,
    ),
    (
        "add checklist item",
        "{b}/{planned}/checklist/add/",
        lambda w: {"checklist-text_cs": "Úplnost"},
        STAFF,
    ),
    (
        "add attachment",
        "{b}/{planned}/attachment/add/",
        lambda w: {"attachment-name_cs": "Rozpočet", "attachment-mandatory": "on"},
        STAFF,
    ),
    ("remove criterion", "{b}/{planned}/criterion/{criterion}/remove/", lambda w: {}, STAFF),
    ("announce", "{b}/{planned}/transition/", lambda w: {"to": "announced"}, MANAGER),
    (
        "modify",
        "{b}/{announced}/modify/",
        lambda w: {"allocation": "90000000", "closes_at": "", "reason": "Top-up"},
        STAFF,
    ),
]


@pytest.mark.parametrize("role", sorted(Role))
@pytest.mark.parametrize(
    ("name", "template", "data", "allowed"), ACTIONS, ids=[a[0] for a in ACTIONS]
)
def test_each_action_is_allowed_only_to_its_roles(
    world: PipelineWorld,
    role: Role,
    name: str,
    template: str,
    data: Callable[[PipelineWorld], dict[str, Any]],
    allowed: set[Role],
    clock: Any,
) -> None:
    # Given the objects and a member with one role
    ids = _objects(world)
    client = client_for(world.users[role])
    # When they post the action
    response = client.post(template.format(b=BASE, **ids), data(world))
    # Then it succeeds with a redirect for the allowed roles and is refused (403) for others,
    # except that a planned call stays hidden (404) from applicants and partners
    if role in allowed:
        assert response.status_code == 302, (name, role, response.content.decode()[:2000])
    else:
        assert response.status_code in (403, 404), (name, role, response.status_code)


# ---- the call form: bad input keeps what was typed --------------------------------------------

FORM_ERRORS: list[tuple[str, dict[str, Any], str, str]] = [
    ("unknown measure", {"measure_code": "9.9.9"}, "measure_code", "no measure 9.9.9"),
    ("negative allocation", {"allocation": "-5"}, "allocation", "cannot be negative"),
    ("three decimals", {"allocation": "100.005"}, "allocation", "at most two decimal places"),
    ("not a number", {"allocation": "lots"}, "allocation", "Enter an amount"),
    ("aid rate above 100", {"aid_rate": "101"}, "aid_rate", "less than or equal to 100"),
    ("aid rate below 0", {"aid_rate": "-1"}, "aid_rate", "greater than or equal to 0"),
    (
        "minimum above maximum",
        {"min_eligible_cost": "30000000", "max_eligible_cost": "20000000"},
        "max_eligible_cost",
        "not be lower than the minimum",
    ),
    (
        "deadline before opening",
        {"closes_at": "2025-08-31T08:00"},
        "closes_at",
        "after the opening",
    ),
    ("not a date", {"closes_at": "tomorrow"}, "closes_at", "Enter a valid date/time"),
    (
        "a time that does not exist",
        {"closes_at": "2026-03-29T02:30"},
        "closes_at",
        "couldn’t be interpreted in time zone Europe/Prague",
    ),
    ("duplicate number", {"number": "2"}, "number", "already has a call numbered 2"),
    ("open in 1900", {"opens_at": "1900-01-01T08:00"}, "opens_at", "opens and closes between"),
    ("closing in 9999", {"closes_at": "9999-12-30T08:00"}, "closes_at", "opens and closes between"),
    ("no name", {"name_cs": "", "name_en": ""}, "name", "at least one language"),
]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [case[1:] for case in FORM_ERRORS],
    ids=[case[0] for case in FORM_ERRORS],
)
def test_the_call_form_shows_the_error_keeps_the_input_and_saves_nothing(
    world: PipelineWorld, overrides: dict[str, Any], field: str, message: str
) -> None:
    # When the coordinator submits the form with one bad value
    client = client_for(world.users[Role.COORDINATOR])
    response = client.post(f"{BASE}/new/", form_data(world, **overrides))
    # Then the page comes back with the message next to the field, the input kept
    assert response.status_code == 422
    form = response.context["form"]
    assert message in " ".join(form.errors[field]), form.errors
    assert "Mateřské školy II" in response.content.decode() or field == "name"
    assert 'value="IROP 51"' in response.content.decode()
    # And nothing is saved
    assert Call.objects.count() == 1


def test_an_objective_the_measure_does_not_use_is_refused_on_its_field(
    world: PipelineWorld,
) -> None:
    from aglomera.strategy.models import SpecificObjective

    other = SpecificObjective.objects.get(programme__code="OPD")
    response = client_for(world.users[Role.MANAGER]).post(
        f"{BASE}/new/", form_data(world, specific_objective=str(other.pk))
    )
    assert response.status_code == 422
    assert "does not draw on" in response.context["form"].errors["specific_objective"][0]


def test_a_deadline_typed_in_prague_is_stored_in_utc_and_shown_back(world: PipelineWorld) -> None:
    # Given municipalities to choose as the territory
    olomouc, prerov = municipalities(world)
    client = client_for(world.users[Role.MANAGER])
    # When the manager types 30 May 2025 12:00 (summer time in Prague)
    response = client.post(
        f"{BASE}/new/",
        form_data(
            world,
            opens_at="2025-03-01T09:00",
            closes_at="2025-05-30T12:00",
            number="8",
            territory=[str(olomouc.pk), str(prerov.pk)],
        ),
    )
    assert response.status_code == 302
    # Then it is stored as 10:00 UTC (and 9:00 in winter as 8:00 UTC)
    call = Call.objects.get(number="8")
    assert call.closes_at == datetime(2025, 5, 30, 10, 0, tzinfo=UTC)
    assert call.opens_at == datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
    # And shown back as 12:00 Prague time on the page (Czech formats) and in the edit form
    page = client.get(f"/cs/app/olomouc/calls/{call.pk}/").content.decode()
    assert "30. 5. 2025 12:00 (pražský čas)" in page
    edit = client.get(f"{BASE}/{call.pk}/edit/").content.decode()
    assert 'value="2025-05-30T12:00"' in edit


def test_a_polish_agglomeration_reads_times_in_warsaw(db: Any) -> None:
    from aglomera.strategy.tests.builders import make_opole

    opole = PipelineWorld.create(make_opole())
    client = client_for(opole.users[Role.MANAGER])
    page = client.get(f"/pl/app/opole/calls/{opole.call.pk}/").content.decode()
    assert "30.05.2025 12:00 (czas w Warszawie)" in page  # Polish short format, Warsaw time


def test_editing_saves_a_planned_call(world: PipelineWorld) -> None:
    call = planned_call(world)
    response = client_for(world.users[Role.COORDINATOR]).post(
        f"/cs/app/olomouc/calls/{call.pk}/edit/", form_data(world, allocation="26000000,50")
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.allocation == Decimal("26000000.50")


def test_an_announced_call_is_not_edited_but_modified(world: PipelineWorld) -> None:
    client = client_for(world.users[Role.MANAGER])
    response = client.get(f"{BASE}/{world.call.pk}/edit/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/calls/{world.call.pk}/")
    response = client.post(f"{BASE}/{world.call.pk}/edit/", form_data(world, number="2"))
    assert response.status_code == 422
    assert "only a planned call can be edited" in response.content.decode()


# ---- the call page: parts, buttons, workflow and modifications --------------------------------


def test_the_call_page_shows_parts_and_buttons_for_the_manager(
    world: PipelineWorld, clock: Any
) -> None:
    call = planned_call(world)
    client = client_for(world.users[Role.MANAGER])
    page = client.get(f"{BASE}/{call.pk}/").content.decode()
    assert 'value="announced"' in page and 'value="cancelled"' in page
    assert "Add a criterion" in page
    # The coordinator sees the editing forms but no workflow buttons
    page = client_for(world.users[Role.COORDINATOR]).get(f"{BASE}/{call.pk}/").content.decode()
    assert "Add a criterion" in page
    assert 'value="announced"' not in page
    # An applicant sees the announced call without either
    applicant = client_for(world.users[Role.APPLICANT])
    text = applicant.get(f"{BASE}/{world.call.pk}/").content.decode()
    assert "Soulad se strategií" in text
    assert "Add a criterion" not in text and 'name="to"' not in text


def test_a_scored_criterion_without_points_is_refused_on_the_page(world: PipelineWorld) -> None:
    call = planned_call(world)
    response = client_for(world.users[Role.MANAGER]).post(
        f"{BASE}/{call.pk}/criterion/add/",
        {"criterion-name_cs": "Připravenost", "criterion-kind": "scored", "criterion-weight": "2"},
    )
    assert response.status_code == 422
    assert response.context["open_form"] == "criterion"
    assert "at least one point" in response.content.decode()
    assert 'value="Připravenost"' in response.content.decode()
    assert not Criterion.objects.filter(call=call).exists()


def test_parts_are_added_and_removed_on_the_page(world: PipelineWorld) -> None:
    call = planned_call(world)
    client = client_for(world.users[Role.COORDINATOR])
    client.post(f"{BASE}/{call.pk}/checklist/add/", {"checklist-text_cs": "Úplnost"})
    client.post(f"{BASE}/{call.pk}/attachment/add/", {"attachment-name_cs": "Rozpočet"})
    client.post(
        f"/cs/app/olomouc/calls/{call.pk}/criterion/add/",  # Czech decimal comma
        {
            "criterion-name_cs": "Efektivita",
            "criterion-kind": "scored",
            "criterion-weight": "1,5",
            "criterion-max_points": "10",
        },
    )
    item = FormalCheckItem.objects.get(call=call)
    assert AttachmentKind.objects.get(call=call).mandatory is False
    assert Criterion.objects.get(call=call).weight == Decimal("1.5")
    response = client.post(f"{BASE}/{call.pk}/checklist/{item.pk}/remove/")
    assert response.status_code == 302
    assert not FormalCheckItem.objects.filter(call=call).exists()


def test_unknown_parts_and_frozen_parts(world: PipelineWorld) -> None:
    client = client_for(world.users[Role.MANAGER])
    assert client.post(f"{BASE}/{world.call.pk}/bonus/add/", {}).status_code == 404
    assert client.post(f"{BASE}/{world.call.pk}/bonus/1/remove/").status_code == 404
    criterion = world.criteria[0]
    response = client.post(f"{BASE}/{world.call.pk}/criterion/{criterion.pk}/remove/", follow=True)
    assert "only a planned call" in response.content.decode()
    assert Criterion.objects.filter(pk=criterion.pk).exists()


def test_announcing_without_criteria_is_refused_on_the_page(
    world: PipelineWorld, clock: Any
) -> None:
    call = planned_call(world)
    response = client_for(world.users[Role.MANAGER]).post(
        f"{BASE}/{call.pk}/transition/", {"to": "announced"}
    )
    assert response.status_code == 422
    assert "at least one criterion" in response.content.decode()
    call.refresh_from_db()
    assert call.status == CallStatus.PLANNED


def test_cancelling_on_the_page_needs_a_reason(world: PipelineWorld) -> None:
    client = client_for(world.users[Role.MANAGER])
    url = f"{BASE}/{world.call.pk}/transition/"
    response = client.post(url, {"to": "cancelled", "reason": ""})
    assert response.status_code == 422
    assert "Say why the call is cancelled." in response.content.decode()
    assert client.post(url, {"to": "nonsense"}).status_code == 422
    assert client.post(url, {"to": "planned"}).status_code == 422
    response = client.post(url, {"to": "cancelled", "reason": "Programme changed"})
    assert response.status_code == 302
    world.call.refresh_from_db()
    assert world.call.status == CallStatus.CANCELLED


def test_closing_on_the_page_after_the_deadline(world: PipelineWorld) -> None:
    client = client_for(world.users[Role.MANAGER])
    url = f"{BASE}/{world.call.pk}/transition/"
    with time_machine.travel(DEADLINE - timedelta(seconds=1), tick=False):
        response = client.post(url, {"to": "closed"})
    assert response.status_code == 422
    assert "only after its deadline" in response.content.decode()
    with time_machine.travel(DEADLINE, tick=False):
        assert client.post(url, {"to": "closed"}).status_code == 302


def test_the_workflow_refuses_a_step_another_manager_just_took(
    world: PipelineWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aglomera.calls import transitions
    from aglomera.core.transitions import TransitionNotAllowed

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise TransitionNotAllowed("announced", "closed")

    monkeypatch.setattr(
        transitions,
        "CALL",
        SimpleNamespace(step=refuse, permission=transitions.CALL.permission),
    )
    response = client_for(world.users[Role.MANAGER]).post(
        f"{BASE}/{world.call.pk}/transition/", {"to": "cancelled", "reason": "x"}
    )
    assert response.status_code == 422
    assert "cannot take this step" in response.content.decode()


def test_modifications_are_shown_in_the_history(world: PipelineWorld, clock: Any) -> None:
    # Given the manager extends the deadline by a week to 6 June 12:00 Prague time
    client = client_for(world.users[Role.MANAGER])
    response = client.post(
        f"/cs/app/olomouc/calls/{world.call.pk}/modify/",
        {"allocation": "80348729,00", "closes_at": "2025-06-06T12:00", "reason": "Holidays"},
    )
    assert response.status_code == 302
    modification = CallModification.objects.get()
    assert modification.kind == "deadline"
    world.call.refresh_from_db()
    assert world.call.closes_at == datetime(2025, 6, 6, 10, 0, tzinfo=UTC)
    # Then the call page lists it with before, after and reason
    page = client.get(f"/cs/app/olomouc/calls/{world.call.pk}/").content.decode()
    assert "30. 5. 2025 12:00" in page and "6. 6. 2025 12:00" in page
    assert "Holidays" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"closes_at": "2025-05-29T12:00", "reason": "x"}, "later than the current one"),
        ({"allocation": "-1", "reason": "x"}, "cannot be negative"),
        ({"allocation": "90000000", "reason": ""}, "Give the reason"),
        ({"allocation": "", "closes_at": "", "reason": "x"}, "Change the allocation"),
    ],
)
def test_a_bad_modification_is_refused_on_the_page(
    world: PipelineWorld, data: dict[str, str], message: str, clock: Any
) -> None:
    response = client_for(world.users[Role.MANAGER]).post(
        f"{BASE}/{world.call.pk}/modify/", {"allocation": "", "closes_at": ""} | data
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not CallModification.objects.exists()


def test_a_call_that_is_not_announced_cannot_be_modified(world: PipelineWorld) -> None:
    call = planned_call(world)
    response = client_for(world.users[Role.MANAGER]).get(f"{BASE}/{call.pk}/modify/")
    assert response.status_code == 302


# ---- the list and the schedule ----------------------------------------------------------------


def test_the_list_shows_demand_against_the_allocation(world: PipelineWorld, clock: Any) -> None:
    world.intention(status=IntentionStatus.SUBMITTED, requested_eu="40174364.50")
    page = client_for(world.users[Role.APPLICANT]).get(f"{BASE}/").content.decode()
    assert "open for intentions" in page
    assert "40,174,364.50" in page
    assert "50 %" in page


def _list_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"{BASE}/").status_code == 200
    return len(queries)


def test_the_list_page_runs_a_fixed_number_of_queries(world: PipelineWorld) -> None:
    client = client_for(world.users[Role.MANAGER])
    world.intention(status=IntentionStatus.SUBMITTED)
    few = _list_queries(client)
    schedule = actions.create_schedule(world.agglomeration, 2025, actor=world.users[Role.MANAGER])
    for number in range(10, 20):
        call = planned_call(world, number=str(number), schedule=schedule)
        for _index in range(3):
            world.draft(call=call)
    for _index in range(4):
        world.intention(status=IntentionStatus.SUBMITTED)
    assert _list_queries(client) == few


def test_a_schedule_is_created_and_approved_on_its_page(world: PipelineWorld) -> None:
    client = client_for(world.users[Role.MANAGER])
    response = client.post(f"{BASE}/schedules/new/", {"year": "2026", "note_cs": "Plán výzev"})
    assert response.status_code == 302
    assert response["Location"].endswith("/calls/schedules/2026/")
    response = client.post(f"{BASE}/schedules/new/", {"year": "2026"})
    assert response.status_code == 422
    assert "already exists" in response.content.decode()
    response = client.post(f"{BASE}/schedules/2026/", {"approved_on": "2099-01-01"})
    assert response.status_code == 422
    assert "cannot be in the future" in response.content.decode()
    response = client.post(f"{BASE}/schedules/2026/", {"approved_on": "2026-01-20"})
    assert response.status_code == 302
    assert CallSchedule.objects.get(year=2026).approved_on == date(2026, 1, 20)
    page = client.get(f"{BASE}/").content.decode()
    assert "approved on" in page
    assert client.get(f"{BASE}/schedules/2030/").status_code == 404


def test_the_nav_links_to_the_calls(world: PipelineWorld) -> None:
    page = client_for(world.users[Role.PARTNER]).get("/en/app/olomouc/").content.decode()
    assert f'href="{BASE}/"' in page


# ---- choices of another agglomeration (issue 9: the tenant boundary of the call form) -----------


def _opole_choices() -> dict[str, Any]:
    """Opole's strategy, schedule and gmina, and a programme action of Poland."""
    from aglomera.strategy.tests.builders import make_opole

    opole = PipelineWorld.create(make_opole())
    gmina = municipalities(opole)[0]
    schedule = actions.create_schedule(opole.agglomeration, 2025, actor=opole.users[Role.MANAGER])
    polish = SpecificObjective.objects.get(programme__country="PL", code="5.1")
    return {
        "strategy": str(opole.strategy.pk),
        "schedule": str(schedule.pk),
        "territory": [str(gmina.pk)],
        "specific_objective": str(polish.pk),
    }


def test_the_call_form_offers_only_this_agglomerations_choices(world: PipelineWorld) -> None:
    # Given Opole with its own strategy, schedule and gmina, and a Polish programme
    foreign = _opole_choices()
    # When Olomouc's coordinator opens the call form
    form = client_for(world.users[Role.COORDINATOR]).get(f"{BASE}/new/").context["form"]
    # Then none of them is offered
    for field, value in foreign.items():
        offered = {str(pk) for pk in form.fields[field].queryset.values_list("pk", flat=True)}
        assert not offered & set(value if isinstance(value, list) else [value]), field
    assert all(o.programme.country == "CZ" for o in form.fields["specific_objective"].queryset)


@pytest.mark.parametrize("field", ["strategy", "schedule", "territory", "specific_objective"])
def test_the_call_form_refuses_a_choice_of_another_agglomeration(
    world: PipelineWorld, field: str
) -> None:
    # Given Opole with its own strategy, schedule and gmina, and a Polish programme
    foreign = _opole_choices()
    calls, events = Call.objects.count(), AuditEvent.objects.count()
    # When Olomouc's coordinator posts one of them on the call form
    response = client_for(world.users[Role.COORDINATOR]).post(
        f"{BASE}/new/", form_data(world, **{field: foreign[field]})
    )
    # Then the form refuses it next to the field and nothing is written
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert (Call.objects.count(), AuditEvent.objects.count()) == (calls, events)
