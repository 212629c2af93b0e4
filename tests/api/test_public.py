"""The public read endpoints: what anyone gets, what never leaks, bad input, fixed query counts."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from aglomera.calls.queries.calls import public_phase
from aglomera.intentions.tests.builders import DEADLINE, DURING, OPENS
from aglomera.monitoring.models import Operation
from aglomera.portal.queries.calls import list_public_calls
from tests.api.conftest import ApiWorld

V1 = "/api/v1"


def get(api: ApiWorld, path: str, actor: str = "anonymous", language: str = "en") -> Any:
    response = api.client(actor, language).get(f"{V1}/agglomerations/{api.slug}/{path}")
    return response


# ---- what the public gets ---------------------------------------------------------------------


@pytest.mark.parametrize("actor", ["anonymous", "applicant", "manager", "outsider"])
def test_every_public_endpoint_answers_everyone_the_same(api: ApiWorld, actor: str) -> None:
    paths = ["", "strategy/", "calls/", "projects/", "meetings/", "resolutions/", "funnel/"]
    anonymous = [get(api, path).json() for path in paths]
    answers = [get(api, path, actor) for path in paths]
    assert [r.status_code for r in answers] == [200] * len(paths)
    assert [r.json() for r in answers] == anonymous


def test_the_agglomerations_are_listed_with_their_names_in_every_language(api: ApiWorld) -> None:
    data = api.client().get(f"{V1}/agglomerations/").json()
    assert data["count"] == 2
    olomouc, opole = data["results"]
    assert (olomouc["slug"], opole["slug"]) == ("olomouc", "opole")
    assert olomouc["name"] == {
        "cs": "Olomoucká aglomerace",
        "pl": "Aglomeracja ołomuniecka",
        "en": "Olomouc agglomeration",
    }
    assert opole["name"]["cs"] is None  # not written in Czech: null, not a fallback


def test_the_strategy_is_one_tree_of_the_current_version(api: ApiWorld) -> None:
    data = get(api, "strategy/").json()
    assert (data["period"], data["version"]) == ("2021-2027", 1)
    goal = data["goals"][0]
    measure = goal["specific_goals"][0]["measures"][0]
    assert (goal["code"], measure["code"]) == ("2", "2.1.1")
    assert measure["name"]["cs"] == "Kapacity mateřských škol"
    assert measure["indicators"] == []


def test_an_agglomeration_without_an_approved_strategy_has_none(api: ApiWorld) -> None:
    response = api.client().get(f"{V1}/agglomerations/opole/strategy/")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_calls_are_filtered_by_status(api: ApiWorld) -> None:
    announced = get(api, "calls/?status=announced").json()
    assert [c["number"] for c in announced["results"]] == ["2"]
    assert announced["results"][0]["allocation"] == "80348729.00"
    assert get(api, "calls/?status=closed").json()["count"] == 0
    call = get(api, f"calls/{api.pw.call.pk}/").json()
    assert (call["status"], call["fund"], call["currency"]) == ("announced", "ERDF", "CZK")


@pytest.mark.parametrize(
    ("now", "phase"),
    [(OPENS - timedelta(days=1), "planned"), (DURING, "open"), (DEADLINE, "closed")],
)
def test_a_calls_phase_is_the_portals(api: ApiWorld, now: datetime, phase: str) -> None:
    # Given the announced call; when the API and the portal are asked at the same moment
    with time_machine.travel(now, tick=False):
        listed = get(api, "calls/").json()["results"]
        call = get(api, f"calls/{api.pw.call.pk}/").json()
        portal = list_public_calls(api.pw.call.agglomeration, now)
    # Then the API gives the office's status and the portal's phase, the same function's
    assert (call["status"], call["phase"]) == ("announced", phase)
    assert [c["phase"] for c in listed] == [phase]
    assert call["phase"] == public_phase(api.pw.call, now)
    assert [row.call.pk for row in getattr(portal, phase)] == [api.pw.call.pk]


def test_a_status_that_is_not_public_is_a_clear_400(api: ApiWorld) -> None:
    response = get(api, "calls/?status=cancelled")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "status" in response.json()["errors"]


def test_projects_are_the_operations_from_the_legal_act_on(api: ApiWorld) -> None:
    data = get(api, "projects/").json()
    assert sorted(p["id"] for p in data["results"]) == sorted([api.public.pk, api.person.pk])
    project = get(api, f"projects/{api.public.pk}/").json()
    assert project["beneficiary"] == "Statutární město Přerov"
    assert project["code"] == f"OLOMOUC-{api.public.pk}"
    assert project["cofinancing_rate"] == "85.00"
    assert project["places"] == [
        {
            "id": api.prerov.pk,
            "code": "511382",
            "name": "Přerov",
            "latitude": "49.455000",
            "longitude": "17.451000",
        }
    ]


@pytest.mark.parametrize("state", ["draft", "submitted", "returned", "checked"])
def test_an_intention_before_the_legal_act_is_not_public(api: ApiWorld, state: str) -> None:
    intention = getattr(api, state)
    response = get(api, f"projects/{intention.pk}/")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_a_natural_person_is_neither_named_nor_located(api: ApiWorld) -> None:
    project = get(api, f"projects/{api.person.pk}/").json()
    assert (project["beneficiary"], project["places"]) == (None, [])
    assert "Novák" not in get(api, "projects/").content.decode()
    assert "Dlouhá" not in get(api, "projects/").content.decode()
    # Nor does a filter by place or a search by name reveal where they are.
    by_place = get(api, f"projects/?municipality={api.prerov.pk}").json()
    assert [p["id"] for p in by_place["results"]] == [api.public.pk]
    assert get(api, "projects/?q=Novák").json()["count"] == 0


def test_the_search_ignores_diacritics_and_case(api: ApiWorld) -> None:
    found = get(api, "projects/?q=HORNI namesti").json()
    assert [p["id"] for p in found["results"]] == [api.public.pk]
    assert get(api, "projects/?q=prerov").json()["count"] == 1
    assert get(api, "projects/?q=<script>").json()["count"] == 0


def test_projects_are_filtered_by_measure_code_and_its_parents(api: ApiWorld) -> None:
    assert get(api, "projects/?measure=2.1.1").json()["count"] == 2
    assert get(api, "projects/?measure=2.1").json()["count"] == 2
    assert get(api, "projects/?measure=2.11").json()["count"] == 0


def test_only_decided_resolutions_are_published(api: ApiWorld) -> None:
    data = get(api, "resolutions/").json()
    assert [r["number"] for r in data["results"]] == ["1/2025"]
    assert data["results"][0]["title"]["en"] == "Annual report"
    assert data["results"][0]["votes_for"] == 4
    meeting = data["results"][0]["meeting"]["id"]
    assert get(api, f"resolutions/?meeting={meeting}").json()["count"] == 1
    assert get(api, f"resolutions/?meeting={meeting + 1}").json()["count"] == 0
    assert get(api, f"resolutions/{api.resolution.pk}/").json()["number"] == "1/2025"
    assert get(api, "meetings/").json()["results"][0]["form"] == "per_rollam"


def _stage(data: dict[str, Any], stage: str) -> dict[str, Any]:
    cells = data["currencies"][0]["stages"]
    return next(cell for cell in cells if cell["stage"] == stage)


def test_the_funnel_is_eu_money_and_unknown_amounts_are_null_not_zero(api: ApiWorld) -> None:
    # The managing authority's list of both contracted projects has no column of claims.
    for number, intention in enumerate((api.public, api.person), start=1):
        Operation.objects.create(
            agglomeration=api.pw.agglomeration,
            intention=intention,
            registration_number=f"CZ.06.02.01/00/22_012/000000{number}",
            name=str(intention.name),
            beneficiary="?",
            currency="CZK",
            eu_contribution=Decimal("10000000.00"),
            paid_eu=None,
        )
    data = get(api, "funnel/").json()  # today, in the agglomeration's time zone
    today = timezone.localdate(timezone=zoneinfo.ZoneInfo("Europe/Prague")).isoformat()
    assert (data["basis"], data["as_of"], data["currencies"][0]["currency"]) == (
        "eu",
        today,
        "CZK",
    )
    assert _stage(data, "allocation")["amount"] == "80348729.00"
    contracted = _stage(data, "contracted")
    assert (contracted["amount"], contracted["count"]) == ("20000000.00", 2)
    # Nothing is known of the payments of the two contracted projects: null with a count.
    paid = _stage(data, "paid")
    assert (paid["amount"], paid["eur"], paid["unknown_count"]) == (None, None, 2)
    # No exchange rate in the table: the EUR figures are unknown, and the months are named.
    assert _stage(data, "allocation")["eur"] is None
    assert data["missing_rates"]


def test_the_funnel_before_any_step_counts_nothing(api: ApiWorld) -> None:
    data = get(api, "funnel/?as_of=2020-01-01").json()
    assert _stage(data, "contracted")["count"] == 0
    assert _stage(data, "paid")["amount"] == "0.00"


def test_an_agglomeration_without_a_strategy_has_an_empty_funnel(api: ApiWorld) -> None:
    data = api.client().get(f"{V1}/agglomerations/opole/funnel/").json()
    assert (data["currencies"], data["strategy_period"], data["missing_rates"]) == ([], None, [])


@pytest.mark.parametrize(
    "as_of", ["yesterday", "2026-13-01", "1999-12-31", "2101-01-01", "2026-01-01T00:00"]
)
def test_a_bad_day_is_a_400(api: ApiWorld, as_of: str) -> None:
    response = get(api, f"funnel/?as_of={as_of}")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


# ---- bad input: JSON 4xx, never HTML, never 500 -----------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        f"{V1}/agglomerations/nowhere/",
        f"{V1}/agglomerations/nowhere/projects/",
        f"{V1}/agglomerations/olomouc/projects/999999/",
        f"{V1}/agglomerations/olomouc/projects/99999999999999999999999/",
        f"{V1}/agglomerations/olomouc/calls/9223372036854775808/",
        f"{V1}/agglomerations/olomouc/resolutions/0/",
        f"{V1}/agglomerations/olomouc/resolutions/999999/",
        f"{V1}/agglomerations/olomouc/calls/999999/",
        f"{V1}/agglomerations/?page=99999999999999999999",
        f"{V1}/agglomerations/?page=abc",
        f"{V1}/agglomerations/?page=0",
        f"{V1}/nothing/",
        f"{V1}/agglomerations",
        "/api/",
        "/api/v2/agglomerations/",
    ],
)
def test_unknown_things_are_a_json_404(api: ApiWorld, url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


def test_a_404_is_in_the_language_the_client_asks_for(api: ApiWorld) -> None:
    for url in (f"{V1}/agglomerations/nowhere/", f"{V1}/nothing/"):
        response = api.client(language="pl").get(url)
        assert response.json()["detail"] == "Nie znaleziono."
        assert response["Content-Language"] == "pl"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_to_a_public_endpoint_is_a_json_405(api: ApiWorld, method: str) -> None:
    response = getattr(Client(), method)(f"{V1}/agglomerations/", content_type="application/json")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_a_post_to_an_unknown_api_address_is_a_json_404_without_csrf(api: ApiWorld) -> None:
    response = Client(enforce_csrf_checks=True).post(f"{V1}/nothing/", {"a": "b"})
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_the_page_size_is_capped(api: ApiWorld) -> None:
    response = api.client().get(f"{V1}/agglomerations/?page_size=100000")
    assert response.status_code == 200
    one = api.client().get(f"{V1}/agglomerations/?page_size=1").json()
    assert (len(one["results"]), one["count"]) == (1, 2)
    assert one["next"].endswith("page=2&page_size=1")


def test_unknown_query_parameters_are_ignored(api: ApiWorld) -> None:
    response = get(api, "projects/?colour=blue&measure[]=x")
    assert (response.status_code, response.json()["count"]) == (200, 2)


def test_anonymous_clients_are_throttled_with_a_json_429(api: ApiWorld, settings: Any) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": "3/minute"},
    }
    client = api.client()
    statuses = [client.get(f"{V1}/agglomerations/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    refused = client.get(f"{V1}/agglomerations/")
    assert refused.json()["code"] == "throttled"
    assert "Retry-After" in refused
    # A token's user has their own budget.
    token = api.client("manager")
    assert [token.get(f"{V1}/agglomerations/").status_code for _ in range(4)] == [
        200,
        200,
        200,
        429,
    ]


# ---- a fixed number of queries ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("", 1),
        ("strategy/", 6),
        ("calls/", 3),
        ("projects/", 3),
        ("projects/?q=namesti&municipality=1", 3),
        ("meetings/", 3),
        ("resolutions/", 3),
        ("funnel/", 10),
    ],
)
def test_each_endpoint_runs_a_fixed_number_of_queries(
    api: ApiWorld, django_assert_num_queries: Any, path: str, queries: int
) -> None:
    client = api.client()
    with django_assert_num_queries(queries):
        response = client.get(f"{V1}/agglomerations/{api.slug}/{path}")
    assert response.status_code == 200


def test_more_projects_take_no_more_queries(api: ApiWorld, django_assert_num_queries: Any) -> None:
    for _ in range(3):
        more = api.pw.intention(status="legal_act")
        more.municipalities.set([api.prerov])
    client = api.client()
    with django_assert_num_queries(3):
        response = client.get(f"{V1}/agglomerations/{api.slug}/projects/")
    assert response.json()["count"] == 5


def test_the_list_of_agglomerations_runs_two_queries(
    api: ApiWorld, django_assert_num_queries: Any
) -> None:
    client = api.client()
    with django_assert_num_queries(2):
        client.get(f"{V1}/agglomerations/")
