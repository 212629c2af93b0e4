"""The staff endpoints (token): who reads and acts on which intention, through the same actions,
transitions and tenant boundary as the staff pages. Expectations are written by hand per role."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from aglomera.core.models import AuditEvent, StatusChange
from aglomera.intentions.models import IntentionStatus, ProjectIntention, ReturnComment
from aglomera.intentions.tests.builders import DURING
from tests.api.conftest import ApiWorld

S = IntentionStatus


def staff_url(api: ApiWorld, tail: str = "", slug: str | None = None) -> str:
    return f"/api/v1/staff/agglomerations/{slug or api.slug}/intentions/{tail}"


def post(api: ApiWorld, actor: str, tail: str, data: Any = None, language: str = "en") -> Any:
    return api.client(actor, language).post(
        staff_url(api, tail), data or {}, content_type="application/json"
    )


def status_of(intention: ProjectIntention) -> str:
    return str(ProjectIntention.objects.get(pk=intention.pk).status)


# ---- reading the pipeline ---------------------------------------------------------------------

# actor -> (status code, names of the intentions listed)
LIST_POLICY: dict[str, tuple[int, set[str]]] = {
    "anonymous": (401, set()),
    "applicant": (  # Přerov's own intentions, its draft too
        200,
        {
            "Koncept školky",
            "Mateřská škola Náměstí",
            "Vrácená školka",
            "Zkontrolovaná školka",
            "Mateřská škola Horní náměstí",
        },
    ),
    "other_applicant": (200, {"Dětská skupina"}),
    "coordinator": (  # every intention that left the draft
        200,
        {
            "Mateřská škola Náměstí",
            "Vrácená školka",
            "Zkontrolovaná školka",
            "Mateřská škola Horní náměstí",
            "Dětská skupina",
        },
    ),
    "working_group": (
        200,
        {
            "Mateřská škola Náměstí",
            "Vrácená školka",
            "Zkontrolovaná školka",
            "Mateřská škola Horní náměstí",
            "Dětská skupina",
        },
    ),
    "auditor": (
        200,
        {
            "Mateřská škola Náměstí",
            "Vrácená školka",
            "Zkontrolovaná školka",
            "Mateřská škola Horní náměstí",
            "Dětská skupina",
        },
    ),
    "manager": (
        200,
        {
            "Mateřská škola Náměstí",
            "Vrácená školka",
            "Zkontrolovaná školka",
            "Mateřská škola Horní náměstí",
            "Dětská skupina",
        },
    ),
    "partner": (403, set()),  # partners read the strategy and calls, not the projects
    "outsider": (404, set()),  # Opole's manager learns nothing of Olomouc
}


@pytest.mark.parametrize("actor", sorted(LIST_POLICY))
def test_who_lists_which_intentions(api: ApiWorld, actor: str) -> None:
    expected_status, expected_names = LIST_POLICY[actor]
    response = api.client(actor).get(staff_url(api))
    assert response.status_code == expected_status, response.content
    body = response.json()
    if expected_status == 200:
        assert {r["name"]["cs"] for r in body["results"]} == expected_names
    else:
        assert set(body) == {"detail", "code"}


def test_the_list_is_filtered_by_status_and_call(api: ApiWorld) -> None:
    client = api.client("coordinator")
    returned = client.get(staff_url(api) + "?status=returned").json()["results"]
    assert [r["id"] for r in returned] == [api.returned.pk]
    assert client.get(staff_url(api) + f"?call={api.pw.call.pk}").json()["count"] == 5
    assert client.get(staff_url(api) + f"?call={api.pw.call.pk + 1}").json()["count"] == 0
    bad = client.get(staff_url(api) + "?status=lost&call=-1")
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"status", "call"}


# actor -> status code of GET on (the draft, the submitted intention of Přerov)
DETAIL_POLICY: dict[str, tuple[int, int]] = {
    "anonymous": (401, 401),
    "applicant": (200, 200),
    "other_applicant": (404, 404),  # another organisation's project is not revealed
    "coordinator": (403, 200),  # a draft is the applicant's own until submitted
    "manager": (403, 200),
    "partner": (403, 403),
    "outsider": (404, 404),
}


@pytest.mark.parametrize("actor", sorted(DETAIL_POLICY))
def test_who_opens_an_intention(api: ApiWorld, actor: str) -> None:
    client = api.client(actor)
    answers = tuple(
        client.get(staff_url(api, f"{i.pk}/")).status_code for i in (api.draft, api.submitted)
    )
    assert answers == DETAIL_POLICY[actor]


def test_an_intention_says_which_steps_its_reader_may_take(api: ApiWorld) -> None:
    url = staff_url(api, f"{api.submitted.pk}/")
    as_coordinator = api.client("coordinator").get(url).json()
    assert as_coordinator["status"] == "submitted"
    assert set(as_coordinator["allowed_steps"]) == {"returned", "formal_check_passed"}
    assert api.client("applicant").get(url).json()["allowed_steps"] == ["withdrawn"]
    assert api.client("auditor").get(url).json()["allowed_steps"] == []


def test_the_outsider_on_its_own_slug_does_not_reach_olomouc(api: ApiWorld) -> None:
    client = api.client("outsider")
    url = staff_url(api, f"{api.submitted.pk}/", slug="opole")
    assert client.get(url).status_code == 404
    assert client.get(staff_url(api, slug="opole")).json()["count"] == 0


# ---- acting: the same actions as the pages ----------------------------------------------------

# actor -> status code of POST .../return/ on the submitted intention
RETURN_POLICY = {
    "anonymous": 401,
    "applicant": 403,
    "other_applicant": 403,
    "working_group": 403,
    "committee": 403,
    "auditor": 403,
    "partner": 403,
    "outsider": 404,
    "coordinator": 200,
    "manager": 200,
}


@pytest.mark.parametrize("actor", sorted(RETURN_POLICY))
def test_who_returns_an_intention(api: ApiWorld, actor: str) -> None:
    response = post(api, actor, f"{api.submitted.pk}/return/", {"comment": "Doplňte rozpočet."})
    assert response.status_code == RETURN_POLICY[actor], response.content
    expected = S.RETURNED if response.status_code == 200 else S.SUBMITTED
    assert status_of(api.submitted) == expected


def _trail(intention: ProjectIntention, after: tuple[int, int]) -> list[tuple[Any, ...]]:
    """The status changes and audit records of the intention written after the ids `after`,
    without what differs between two intentions."""
    kind = ContentType.objects.get_for_model(ProjectIntention)
    changes = StatusChange.objects.filter(
        content_type=kind, object_id=intention.pk, pk__gt=after[0]
    ).order_by("id")
    events = AuditEvent.objects.filter(
        content_type=kind, object_id=intention.pk, pk__gt=after[1]
    ).order_by("id")
    return [
        *[(c.workflow, c.old_status, c.new_status, c.actor_id, c.reason) for c in changes],
        *[(e.code, e.actor_id, e.before, e.after, e.reason) for e in events],
    ]


def _marks() -> tuple[int, int]:
    last_change = StatusChange.objects.order_by("-id").values_list("id", flat=True).first()
    last_event = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    return last_change or 0, last_event or 0


def test_returning_through_the_api_leaves_the_same_trail_as_the_page(api: ApiWorld) -> None:
    by_page = api.pw.intention(status=S.SUBMITTED)
    page = Client()
    page.force_login(api.pw.user(_role("coordinator")))
    marks = _marks()
    page.post(
        reverse("intentions:evaluation_return", kwargs={"slug": api.slug, "pk": by_page.pk}),
        {"comment": "Doplňte rozpočet.", "revision": by_page.revision},
    )
    response = post(
        api,
        "coordinator",
        f"{api.submitted.pk}/return/",
        {"comment": "Doplňte rozpočet.", "revision": api.submitted.revision},
    )
    assert response.status_code == 200
    assert response.json()["status"] == "returned"
    by_api = _trail(api.submitted, marks)
    assert by_api == _trail(by_page, marks)
    assert by_api[0][:3] == ("intentions.intention", "submitted", "returned")
    assert ReturnComment.objects.get(intention=api.submitted).text == "Doplňte rozpočet."


def _role(name: str) -> Any:
    from aglomera.accounts.models import Role

    return Role(name)


def test_the_applicant_resubmits_a_returned_intention(api: ApiWorld) -> None:
    response = post(api, "applicant", f"{api.returned.pk}/submit/")
    assert (response.status_code, response.json()["status"]) == (200, "submitted")
    change = StatusChange.objects.filter(object_id=api.returned.pk).latest("id")
    assert (change.old_status, change.new_status, change.actor_id) == (
        "returned",
        "submitted",
        api.pw.user(_role("applicant")).pk,
    )
    assert AuditEvent.objects.filter(
        code="intentions.intention.submitted", object_id=str(api.returned.pk)
    ).exists()


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("coordinator", 403), ("manager", 403), ("other_applicant", 404), ("outsider", 404)],
)
def test_only_the_applicant_submits(api: ApiWorld, actor: str, expected: int) -> None:
    assert post(api, actor, f"{api.returned.pk}/submit/").status_code == expected
    assert status_of(api.returned) == S.RETURNED


def test_a_draft_is_submitted_only_while_the_call_is_open(api: ApiWorld) -> None:
    closed = post(api, "applicant", f"{api.draft.pk}/submit/")
    assert closed.status_code == 422
    assert closed.json()["code"] in {"deadline", "call_not_open"}
    with time_machine.travel(DURING, tick=False):
        assert post(api, "applicant", f"{api.draft.pk}/submit/").status_code == 200
    assert status_of(api.draft) == S.SUBMITTED


def test_a_stale_revision_is_a_409(api: ApiWorld) -> None:
    response = post(
        api, "applicant", f"{api.returned.pk}/submit/", {"revision": api.returned.revision - 1}
    )
    assert (response.status_code, response.json()["code"]) == (409, "stale")
    assert status_of(api.returned) == S.RETURNED


def test_a_step_from_the_wrong_state_is_a_409_in_the_clients_language(api: ApiWorld) -> None:
    english = post(api, "coordinator", f"{api.returned.pk}/pass-formal-check/")
    assert (english.status_code, english.json()["code"]) == (409, "wrong_status")
    assert "no longer possible" in english.json()["detail"]
    czech = post(api, "coordinator", f"{api.returned.pk}/pass-formal-check/", language="cs")
    assert czech.json()["detail"] != english.json()["detail"]
    assert czech["Content-Language"] == "cs"


def test_the_formal_check_is_recorded_then_passed(api: ApiWorld) -> None:
    items = api.pw.checklist
    early = post(api, "coordinator", f"{api.submitted.pk}/pass-formal-check/")
    assert (early.status_code, early.json()["code"]) == (422, "checklist_incomplete")
    answers = [{"item": item.pk, "passed": True} for item in items]
    recorded = post(api, "coordinator", f"{api.submitted.pk}/formal-check/", {"answers": answers})
    assert recorded.status_code == 200
    assert recorded.json() == [{"item": item.pk, "passed": True, "note": ""} for item in items]
    passed = post(api, "coordinator", f"{api.submitted.pk}/pass-formal-check/")
    assert (passed.status_code, passed.json()["status"]) == (200, "formal_check_passed")
    codes = set(
        AuditEvent.objects.filter(object_id=str(api.submitted.pk)).values_list("code", flat=True)
    )
    assert {"intentions.formal_check.recorded", "intentions.intention.formal_check_passed"} <= (
        codes
    )


def test_a_failed_item_needs_a_note_and_an_unknown_item_is_refused(api: ApiWorld) -> None:
    item = api.pw.checklist[0]
    no_note = post(
        api,
        "coordinator",
        f"{api.submitted.pk}/formal-check/",
        {"answers": [{"item": item.pk, "passed": False}]},
    )
    assert no_note.status_code == 422
    assert f"note_{item.pk}" in no_note.json()["errors"]
    unknown = post(
        api,
        "coordinator",
        f"{api.submitted.pk}/formal-check/",
        {"answers": [{"item": 10**12, "passed": True}]},
    )
    assert (unknown.status_code, unknown.json()["code"]) == (422, "unknown_item")


def test_a_recommendation_needs_a_counted_review(api: ApiWorld) -> None:
    response = post(api, "coordinator", f"{api.checked.pk}/recommend/", {"to": "recommended"})
    assert (response.status_code, response.json()["code"]) == (422, "no_reviews")
    assert (
        post(api, "applicant", f"{api.checked.pk}/recommend/", {"to": "recommended"}).status_code
        == 403
    )


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"comment": ""},
        {"comment": "   "},
        {"comment": ["x"]},
        {"comment": "x" * 5001},
        {"comment": "ok", "revision": -1},
        {"comment": "ok", "revision": "abc"},
        {"comment": "ok", "revision": 10**20},
    ],
)
def test_bad_input_is_a_400_with_the_fields(api: ApiWorld, payload: dict[str, Any]) -> None:
    response = post(api, "coordinator", f"{api.submitted.pk}/return/", payload)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["errors"]
    assert status_of(api.submitted) == S.SUBMITTED


def test_a_body_that_is_not_json_is_a_4xx_json(api: ApiWorld) -> None:
    client = api.client("coordinator")
    url = staff_url(api, f"{api.submitted.pk}/return/")
    broken = client.post(url, "{not json", content_type="application/json")
    assert (broken.status_code, broken.json()["code"]) == (400, "parse_error")
    form = client.post(url, {"comment": "x"})
    assert (form.status_code, form.json()["code"]) == (415, "unsupported_media_type")
    listed = client.post(url, [1, 2], content_type="application/json")
    assert listed.status_code == 400


def test_an_unknown_or_huge_intention_id_is_a_404(api: ApiWorld) -> None:
    for pk in (999999, 2**63, 10**30):
        assert post(api, "coordinator", f"{pk}/return/", {"comment": "x"}).status_code == 404


def test_a_signed_in_browser_session_is_not_used_by_the_api(api: ApiWorld) -> None:
    """Only tokens authenticate: a page's session cookie cannot be ridden by another site (no
    CSRF through the API)."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(api.pw.user(_role("coordinator")))
    response = browser.post(
        staff_url(api, f"{api.submitted.pk}/return/"),
        {"comment": "x"},
        content_type="application/json",
    )
    assert response.status_code == 401
    assert status_of(api.submitted) == S.SUBMITTED


def test_a_wrong_token_is_a_401(api: ApiWorld) -> None:
    client = Client(headers={"Authorization": "Token nope"})
    response = client.get(staff_url(api))
    assert (response.status_code, response.json()["code"]) == (401, "authentication_failed")


def test_the_staff_list_runs_a_fixed_number_of_queries(
    api: ApiWorld, django_assert_num_queries: Any
) -> None:
    client = api.client("coordinator")
    with django_assert_num_queries(4):  # token, memberships, agglomeration, intentions
        first = client.get(staff_url(api))
    api.pw.intention(status=S.SUBMITTED)
    with django_assert_num_queries(4):
        second = client.get(staff_url(api))
    assert second.json()["count"] == first.json()["count"] + 1


# ---- tokens -----------------------------------------------------------------------------------


def test_a_token_is_issued_by_the_command_and_replaces_the_old_one(
    api: ApiWorld, capsys: Any
) -> None:
    user = api.pw.user(_role("coordinator"))
    old = api.tokens["coordinator"]
    call_command("create_api_token", user.username)
    printed = capsys.readouterr().out.strip()
    new = Token.objects.get(user=user).key
    assert printed == f"API token of {user.username}: {new}"
    assert new != old
    assert api.client("coordinator").get(staff_url(api)).status_code == 401  # the old one
    fresh = Client(headers={"Authorization": f"Token {new}"})
    assert fresh.get(staff_url(api)).status_code == 200
    event = AuditEvent.objects.get(code="accounts.api_token.issued")
    assert event.after == {"replaced": True}
    assert new not in str(event.after)


def test_the_command_refuses_an_unknown_user(api: ApiWorld) -> None:
    with pytest.raises(CommandError):
        call_command("create_api_token", "nobody")
