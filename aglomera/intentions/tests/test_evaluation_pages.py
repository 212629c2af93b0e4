"""Evaluation pages through HTTP: who sees and does what, bad input, query counts."""

from __future__ import annotations

import copy
import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from aglomera.accounts.models import Role, User
from aglomera.intentions.actions import evaluation as actions
from aglomera.intentions.actions.evaluation import CheckAnswer
from aglomera.intentions.models import (
    FormalCheckResult,
    IntentionStatus,
    ProjectIntention,
    Recommendation,
    Review,
)
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.strategy.tests.builders import make_opole, make_user

S = IntentionStatus
pytestmark = pytest.mark.django_db

ALL = {role.value for role in Role}
VIEWERS = {"manager", "coordinator", "working_group", "committee", "auditor"}
STAFF = {"manager", "coordinator"}


@pytest.fixture
def world(db: None, pipeline_world: PipelineWorld) -> PipelineWorld:
    return copy.deepcopy(pipeline_world)


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def base(world: PipelineWorld) -> str:
    return f"/en/app/{world.agglomeration.slug}/evaluation"


def pages(world: PipelineWorld) -> list[tuple[str, str, set[str]]]:
    submitted = world.intention(status=S.SUBMITTED)
    passed = world.intention(status=S.FORMAL_CHECK_PASSED)
    world.assign(passed)
    b, c = base(world), world.call.pk
    return [
        ("calls", f"{b}/", VIEWERS),
        ("call", f"{b}/calls/{c}/", VIEWERS),
        ("ranking", f"{b}/calls/{c}/ranking/", VIEWERS),
        ("submitted", f"{b}/intentions/{submitted.pk}/", VIEWERS),
        ("passed", f"{b}/intentions/{passed.pk}/", VIEWERS),
        ("review", f"{b}/intentions/{passed.pk}/review/", {"working_group"}),
    ]


@pytest.mark.parametrize("role", sorted(ALL))
def test_each_role_opens_exactly_its_evaluation_pages(world: PipelineWorld, role: str) -> None:
    client = client_for(world.users[Role(role)])
    for name, url, allowed in pages(world):
        response = client.get(url)
        assert response.status_code == (200 if role in allowed else 403), (name, role)


def test_the_other_applicant_sees_no_evaluation_page(world: PipelineWorld) -> None:
    client = client_for(world.other_applicant)
    for name, url, _allowed in pages(world):
        assert client.get(url).status_code == 403, name


def test_an_outsider_gets_404_and_an_anonymous_visitor_the_login(world: PipelineWorld) -> None:
    outsider = make_user("opole-manager", (make_opole(), Role.MANAGER))
    for name, url, _allowed in pages(world):
        assert client_for(outsider).get(url).status_code == 404, name
        response = client_for(None).get(url)
        assert response.status_code == 302, name
        assert "/accounts/login/" in response["Location"]


def test_a_draft_and_an_unknown_call_are_not_found(world: PipelineWorld) -> None:
    draft = world.intention(status=S.DRAFT)
    client = client_for(world.users[Role.MANAGER])
    assert client.get(f"{base(world)}/intentions/{draft.pk}/").status_code == 404
    assert client.get(f"{base(world)}/calls/999999/").status_code == 404


def posts(
    world: PipelineWorld, intention: ProjectIntention
) -> dict[str, tuple[str, dict[str, Any]]]:
    url = f"{base(world)}/intentions/{intention.pk}"
    first, second = world.checklist
    return {
        "check": (
            f"{url}/formal-check/",
            {f"item_{first.pk}": "yes", f"item_{second.pk}": "yes", f"note_{second.pk}": ""},
        ),
        "return": (f"{url}/return/", {"comment": "Attach the budget."}),
    }


@pytest.mark.parametrize("role", sorted(ALL))
def test_only_staff_record_the_check_and_return(world: PipelineWorld, role: str) -> None:
    intention = world.intention(status=S.SUBMITTED)
    client = client_for(world.users[Role(role)])
    for name, (url, data) in posts(world, intention).items():
        response = client.post(url, data)
        assert response.status_code == (302 if role in STAFF else 403), (name, role)
    expected = (S.RETURNED, 2) if role in STAFF else (S.SUBMITTED, 0)
    stored = ProjectIntention.objects.get(pk=intention.pk)
    assert (stored.status, FormalCheckResult.objects.count()) == expected


@pytest.mark.parametrize("role", sorted(ALL))
def test_only_staff_pass_the_check(world: PipelineWorld, role: str) -> None:
    intention = world.intention(status=S.SUBMITTED)
    actions.record_formal_check(
        intention,
        {item.pk: CheckAnswer(True) for item in world.checklist},
        actor=world.users[Role.COORDINATOR],
    )
    response = client_for(world.users[Role(role)]).post(
        f"{base(world)}/intentions/{intention.pk}/pass/", {"revision": intention.revision}
    )
    assert response.status_code == (302 if role in STAFF else 403)
    stored = ProjectIntention.objects.get(pk=intention.pk)
    assert stored.status == (S.FORMAL_CHECK_PASSED if role in STAFF else S.SUBMITTED)


def score(world: PipelineWorld, **overrides: str) -> dict[str, str]:
    gate, readiness, efficiency = world.criteria
    data = {
        f"criterion_{gate.pk}": "yes",
        f"criterion_{readiness.pk}": "8",
        f"criterion_{efficiency.pk}": "6",
        "recommendation": Recommendation.RECOMMEND,
        "comment": "Ready to build.",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", sorted(ALL))
def test_only_the_working_group_reviews_and_only_staff_recommend(
    world: PipelineWorld, role: str
) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    world.assign(intention)
    client = client_for(world.users[Role(role)])
    url = f"{base(world)}/intentions/{intention.pk}"
    reviewed = client.post(f"{url}/review/", score(world))
    assert reviewed.status_code == (302 if role == "working_group" else 403)
    if role != "working_group":
        actions.save_review(
            intention,
            actor=world.users[Role.WORKING_GROUP],
            gates={world.criteria[0].pk: True},
            points={world.criteria[1].pk: 5, world.criteria[2].pk: 5},
            recommendation=Recommendation.RECOMMEND,
        )
    response = client.post(
        f"{url}/recommend/", {"to": S.RECOMMENDED, "revision": intention.revision}
    )
    assert response.status_code == (302 if role in STAFF else 403)
    stored = ProjectIntention.objects.get(pk=intention.pk)
    assert stored.status == (S.RECOMMENDED if role in STAFF else S.FORMAL_CHECK_PASSED)


def test_the_whole_evaluation_through_the_pages(world: PipelineWorld) -> None:
    # Given a submitted intention
    intention = world.intention(status=S.SUBMITTED)
    coordinator = client_for(world.users[Role.COORDINATOR])
    url = f"{base(world)}/intentions/{intention.pk}"
    check_url, check_data = posts(world, intention)["check"]
    # When the coordinator records the checklist and passes the check
    assert coordinator.post(check_url, {**check_data, "revision": 1}).status_code == 302
    assert coordinator.post(f"{url}/pass/", {"revision": 1}).status_code == 302
    # And assigns the working-group member to review it within two weeks
    due = (timezone.localdate() + timedelta(days=14)).isoformat()
    member = world.users[Role.WORKING_GROUP]
    response = coordinator.post(f"{url}/assignments/", {"reviewer": member.pk, "due_on": due})
    assert response.status_code == 302
    # And the reviewer opens the form, then scores the intention
    reviewer = client_for(world.users[Role.WORKING_GROUP])
    page = reviewer.get(f"{url}/").content.decode()
    assert "Review this intention" in page
    assert "The other reviews are shown once you have submitted your own." in page
    review_page = reviewer.get(f"{url}/review/")
    assert review_page.status_code == 200
    assert "0 to 10 points, weight 2<" in review_page.content.decode()  # not "weight 2.00"
    assert reviewer.post(f"{url}/review/", score(world)).status_code == 302
    # Then the reviewer sees the consolidated result and the form is prefilled for changes
    page = reviewer.get(f"{url}/").content.decode()
    assert "Consolidated score 22.00 from 1 review (" in page
    form = reviewer.get(f"{url}/review/").context["form"]
    assert form[f"criterion_{world.criteria[1].pk}"].value() == 8
    # When the coordinator records the proposed recommendation
    staff_page = coordinator.get(f"{url}/")
    assert staff_page.context["proposal"] is True
    assert staff_page.context["recommend_form"]["to"].value() == S.RECOMMENDED
    response = coordinator.post(f"{url}/recommend/", {"to": S.RECOMMENDED, "revision": 2})
    assert response.status_code == 302
    # Then the intention shows in the ranking, within the allocation
    ranking = coordinator.get(f"{base(world)}/calls/{world.call.pk}/ranking/").content.decode()
    assert intention.name["cs"] in ranking
    assert "within allocation" in ranking
    # And the review form is closed now
    closed = reviewer.get(f"{url}/review/").content.decode()
    assert "reviews are closed" in closed


def test_a_return_without_a_comment_keeps_the_page_and_says_why(world: PipelineWorld) -> None:
    intention = world.intention(status=S.SUBMITTED)
    response = client_for(world.users[Role.COORDINATOR]).post(
        f"{base(world)}/intentions/{intention.pk}/return/", {"comment": "  ", "revision": 1}
    )
    assert response.status_code == 422
    assert "Tell the applicant what to complete" in response.content.decode()
    assert ProjectIntention.objects.get(pk=intention.pk).status == S.SUBMITTED


def test_passing_an_incomplete_check_is_refused_with_a_message(world: PipelineWorld) -> None:
    intention = world.intention(status=S.SUBMITTED)
    response = client_for(world.users[Role.COORDINATOR]).post(
        f"{base(world)}/intentions/{intention.pk}/pass/", {"revision": 1}
    )
    assert response.status_code == 422
    assert "every checklist item is recorded as" in response.content.decode()


def test_an_item_not_fulfilled_without_a_note_is_refused_next_to_the_field(
    world: PipelineWorld,
) -> None:
    intention = world.intention(status=S.SUBMITTED)
    first = world.checklist[0]
    response = client_for(world.users[Role.COORDINATOR]).post(
        f"{base(world)}/intentions/{intention.pk}/formal-check/",
        {f"item_{first.pk}": "no", f"note_{first.pk}": "", "revision": "1"},
    )
    assert response.status_code == 422
    form = response.context["check_form"]
    assert "Say what is missing" in " ".join(form.errors[f"note_{first.pk}"])
    assert form[f"item_{first.pk}"].value() == "no"
    assert not FormalCheckResult.objects.exists()


def test_a_stale_page_is_refused_with_the_current_state(world: PipelineWorld) -> None:
    # Given two coordinators who opened the same submitted intention
    intention = world.intention(status=S.SUBMITTED)
    url = f"{base(world)}/intentions/{intention.pk}"
    seen = intention.revision
    manager = client_for(world.users[Role.MANAGER])
    assert manager.post(f"{url}/return/", {"comment": "Fix", "revision": seen}).status_code == 302
    # When the other passes from the stale page
    response = client_for(world.users[Role.COORDINATOR]).post(f"{url}/pass/", {"revision": seen})
    # Then they are told someone else acted, and the return stands
    assert response.status_code == 422
    assert "Someone else acted on this project intention" in response.content.decode()
    assert ProjectIntention.objects.get(pk=intention.pk).status == S.RETURNED


@pytest.mark.parametrize(
    ("value", "message"),
    [("abc", "Enter a whole number."), ("11", "less than or equal to 10"), ("", "Give 0 to 10")],
)
def test_a_bad_score_is_refused_and_kept(world: PipelineWorld, value: str, message: str) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    world.assign(intention)
    field = f"criterion_{world.criteria[1].pk}"
    response = client_for(world.users[Role.WORKING_GROUP]).post(
        f"{base(world)}/intentions/{intention.pk}/review/", score(world, **{field: value})
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert form[field].value() == value
    assert not Review.objects.exists()


def test_a_conflict_of_interest_through_the_form(world: PipelineWorld) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    world.assign(intention)
    client = client_for(world.users[Role.WORKING_GROUP])
    url = f"{base(world)}/intentions/{intention.pk}"
    assert client.post(f"{url}/review/", {"conflict_of_interest": "on"}).status_code == 302
    page = client.get(f"{url}/").content.decode()
    assert "1 reviewer declared a conflict of interest." in page
    assert "conflict of interest declared: excluded" in page
    response = client_for(world.users[Role.COORDINATOR]).post(
        f"{url}/recommend/", {"to": S.RECOMMENDED}
    )
    assert response.status_code == 422
    assert "No working-group review counts yet" in response.content.decode()


def test_an_unknown_recommendation_is_refused(world: PipelineWorld) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    response = client_for(world.users[Role.COORDINATOR]).post(
        f"{base(world)}/intentions/{intention.pk}/recommend/", {"to": "compliant"}
    )
    assert response.status_code == 422
    assert "to" in response.context["recommend_form"].errors


def test_the_pages_refuse_the_wrong_method(world: PipelineWorld) -> None:
    intention = world.intention(status=S.SUBMITTED)
    client = client_for(world.users[Role.COORDINATOR])
    assert client.get(f"{base(world)}/intentions/{intention.pk}/pass/").status_code == 405
    assert client.post(f"{base(world)}/calls/{world.call.pk}/").status_code == 405


def recommend(world: PipelineWorld, requested: str, readiness: int) -> ProjectIntention:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED, requested_eu=requested)
    world.assign(intention)
    actions.save_review(
        intention,
        actor=world.users[Role.WORKING_GROUP],
        gates={world.criteria[0].pk: True},
        points={world.criteria[1].pk: readiness, world.criteria[2].pk: 5},
        recommendation=Recommendation.RECOMMEND,
    )
    return actions.recommend_intention(
        intention, S.RECOMMENDED, actor=world.users[Role.COORDINATOR]
    )


def test_the_ranking_page_marks_the_cut_line_and_the_oversubscription(
    world: PipelineWorld,
) -> None:
    # Given 197.7 million CZK of EU support recommended against 80.3 million
    recommend(world, "45000000.00", 9)
    recommend(world, "40000000.00", 7)
    recommend(world, "42700000.00", 5)
    recommend(world, "40000000.00", 3)
    recommend(world, "30000000.00", 1)
    # When the committee member opens the ranking
    response = client_for(world.users[Role.COMMITTEE]).get(
        f"{base(world)}/calls/{world.call.pk}/ranking/"
    )
    body = response.content.decode()
    # Then the rows, the cut line after the first one, and the percentage are shown
    assert 'id="cut-line"' in body
    assert "246 % of the allocation" in body
    assert "The call is oversubscribed" in body
    assert body.count("reserve list</td>") == 4
    assert body.count("within allocation</td>") == 1
    assert response.context["result"].ranking.cut_after == 1


def test_a_first_intention_above_the_allocation_puts_the_cut_line_on_top(
    world: PipelineWorld,
) -> None:
    recommend(world, "50000000.00", 9)
    world.call.allocation = 1000
    world.call.save(update_fields=["allocation"])
    body = (
        client_for(world.users[Role.MANAGER])
        .get(f"{base(world)}/calls/{world.call.pk}/ranking/")
        .content.decode()
    )
    assert "even the first intention exceeds the allocation" in body


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_call_list_and_the_ranking_run_a_fixed_number_of_queries(
    world: PipelineWorld,
) -> None:
    client = client_for(world.users[Role.COORDINATOR])
    call_url = f"{base(world)}/calls/{world.call.pk}/"
    ranking_url = f"{call_url}ranking/"
    # Given one reviewed and recommended intention
    recommend(world, "1000000.00", 5)
    small = (count_queries(client, call_url), count_queries(client, ranking_url))
    # When there are many more, with reviews
    for i in range(6):
        recommend(world, "1000000.00", i)
        world.intention(status=S.SUBMITTED)
    large = (count_queries(client, call_url), count_queries(client, ranking_url))
    # Then the pages run the same number of queries
    assert small == large
    assert count_queries(client, f"{base(world)}/") <= 8


def test_the_steps_taken_read_in_the_readers_language(world: PipelineWorld) -> None:
    # Given an intention whose formal check a coordinator passed while reading Czech
    intention = world.intention(status=S.SUBMITTED)
    coordinator = client_for(world.users[Role.COORDINATOR])
    check_url, check_data = posts(world, intention)["check"]
    czech_url = check_url.replace("/en/", "/cs/", 1)
    assert coordinator.post(czech_url, {**check_data, "revision": 1}).status_code == 302
    pass_url = f"/cs/app/{world.agglomeration.slug}/evaluation/intentions/{intention.pk}/pass/"
    assert coordinator.post(pass_url, {"revision": 1}).status_code == 302
    # When the history is read in Polish
    url = f"/pl/app/{world.agglomeration.slug}/evaluation/intentions/{intention.pk}/"
    html = coordinator.get(url).content.decode()
    page = " ".join(re.sub(r"<[^>]+>", " ", html).split())  # the visible text
    # Then the steps show the statuses' Polish labels and the system's reason in Polish
    assert "Wykonane kroki" in page
    assert "Złożono → Pozytywna ocena formalna" in page
    assert "Wszystkie punkty listy kontrolnej są spełnione." in page
    assert "formal_check_passed" not in page
    assert "Všechny položky" not in page
