"""Change request pages through HTTP: the applicant's form, the list, the manager's decision
with the routing shown, the competence rules; rights per role and fixed query counts."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from aglomera.accounts.models import Role, User
from aglomera.intentions.actions import changes as actions
from aglomera.intentions.models import (
    ChangeKind,
    ChangeRequest,
    ChangeStatus,
    CompetenceRule,
    Decider,
    IntentionStatus,
    ProjectIntention,
)
from aglomera.intentions.queries import changes as queries
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.intentions.tests.test_changes import Project, _project
from aglomera.strategy.tests.builders import make_opole, make_user

S = IntentionStatus
K = ChangeKind
CS = ChangeStatus
VIEWERS = {Role.MANAGER, Role.COORDINATOR, Role.WORKING_GROUP, Role.COMMITTEE, Role.AUDITOR}
RULE_READERS = {Role.MANAGER, Role.COORDINATOR, Role.COMMITTEE, Role.AUDITOR}
WHO = [role.value for role in Role] + ["other_applicant", "outsider"]


@pytest.fixture(scope="module")
def built_project(pipeline_world: PipelineWorld) -> Project:
    return _project(pipeline_world)


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


def _expected(who: str, allowed: set[Role], *, applicant: bool, ok: int = 200) -> int:
    if who in ("outsider", "other_applicant"):
        return 404
    role = Role(who)
    if role in allowed or (applicant and role == Role.APPLICANT):
        return ok
    return 403


def _url(name: str, project: Project, pk: int | None = None) -> str:
    kwargs: dict[str, Any] = {"slug": project.world.agglomeration.slug}
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(f"intentions:{name}", kwargs=kwargs)


# --- The applicant's form -----------------------------------------------------------------


@pytest.mark.parametrize("who", WHO)
def test_the_change_form_is_for_the_projects_applicant(project: Project, who: str) -> None:
    response = _client(_actor(project, who)).get(_url("change_new", project, project.intention.pk))
    # Staff may see the project but not ask for its change (403); other applicants get 404
    expected = _expected(who, set(), applicant=True)
    if who in {r.value for r in Role} - {Role.APPLICANT.value}:
        expected = 403
    assert response.status_code == expected
    if expected == 200:
        body = response.content.decode()
        assert f'name="indicator_{project.places.pk}"' in body
        assert 'name="kinds"' in body


def test_the_applicant_submits_a_change_and_sees_who_decides(project: Project) -> None:
    # When the applicant asks to lower an indicator
    response = _client(project.user(Role.APPLICANT)).post(
        _url("change_new", project, project.intention.pk),
        {
            "kinds": [K.LOWER_INDICATOR],
            f"indicator_{project.places.pk}": "32",
            "justification": "Fewer children in the catchment area.",
        },
    )
    # Then the request is saved and routed to the committee
    change = ChangeRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("change", project, change.pk)
    assert change.decider == Decider.COMMITTEE
    assert change.proposed == {"indicators": {str(project.places.pk): "32"}}


def test_a_bad_change_request_keeps_the_input_with_the_message(project: Project) -> None:
    # When the applicant asks for a "lower" cost that is higher
    response = _client(project.user(Role.APPLICANT)).post(
        _url("change_new", project, project.intention.pk),
        {
            "kinds": [K.LOWER_COST],
            "total_cost": "99999999,00",
            "justification": "Prices went up.",
        },
    )
    # Then nothing is saved and the form comes back with the value and the error
    assert response.status_code == 422
    body = response.content.decode()
    assert "99999999" in body
    assert "has-error" in body
    assert "Prices went up." in body
    assert not ChangeRequest.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"kinds": ["bigger"], "justification": "x"},
        {"kinds": [K.LOWER_SUPPORT], "requested_eu": "-5", "justification": "x"},
        {"kinds": [K.DATE_MOVE], "end_date": "2027-02-31", "justification": "x"},
        {"kinds": [K.LOWER_SUPPORT], "requested_eu": "abc", "justification": "x"},
        {"kinds": [K.LOWER_SUPPORT], "requested_eu": "1e400", "justification": "x"},
    ],
)
def test_garbage_in_the_change_form_is_a_422_never_a_500(
    project: Project, data: dict[str, Any]
) -> None:
    response = _client(project.user(Role.APPLICANT)).post(
        _url("change_new", project, project.intention.pk), data
    )
    assert response.status_code == 422
    assert not ChangeRequest.objects.exists()


def test_the_form_says_when_no_change_can_be_asked_for(
    db: None, pipeline_world: PipelineWorld
) -> None:
    world = copy.deepcopy(pipeline_world)
    intention = world.intention(status=S.COMPLIANT)
    client = _client(world.user(Role.APPLICANT))
    url = reverse("intentions:change_new", kwargs={"slug": "olomouc", "pk": intention.pk})
    assert 'class="warning"' in client.get(url).content.decode()
    response = client.post(url, {"kinds": [K.FORMAL_EDIT], "justification": "x"})
    assert response.status_code == 422


# --- The list and the detail --------------------------------------------------------------


@pytest.mark.parametrize("who", WHO)
def test_the_change_list_shows_each_reader_what_they_may_see(project: Project, who: str) -> None:
    # Given a change request of the project
    project.request([K.FORMAL_EDIT], justification="Typo.")
    # When someone opens the list
    response = _client(_actor(project, who)).get(_url("changes", project))
    # Then staff see it, the project's applicant too, another applicant an empty list
    if who == "other_applicant":
        assert response.status_code == 200
        assert str(project.intention.name) not in response.content.decode()
        return
    assert response.status_code == _expected(who, VIEWERS, applicant=True)
    if response.status_code == 200:
        assert str(project.intention.name) in response.content.decode()


@pytest.mark.parametrize(
    ("role", "linked"),
    [
        (Role.MANAGER, True),
        (Role.COMMITTEE, True),
        (Role.APPLICANT, False),
        (Role.WORKING_GROUP, False),
    ],
)
def test_the_change_list_links_the_competence_rules_only_for_those_who_may_read_them(
    project: Project, role: Role, linked: bool
) -> None:
    user = project.world.user(role)
    page = _client(user).get(_url("changes", project)).content.decode()
    rules = reverse("intentions:competence_rules", kwargs={"slug": "olomouc"})
    assert (rules in page) is linked
    if linked:
        assert _client(user).get(rules).status_code == 200


@pytest.mark.parametrize("who", WHO)
def test_the_change_page_is_open_to_staff_and_the_own_applicant(project: Project, who: str) -> None:
    change = project.request([K.LOWER_COST], total_cost=Decimal("15000000.00"))
    response = _client(_actor(project, who)).get(_url("change", project, change.pk))
    assert response.status_code == _expected(who, VIEWERS, applicant=True)


def test_the_change_page_shows_the_routing_and_why(project: Project) -> None:
    change = project.request(
        [K.FORMAL_EDIT, K.LOWER_COST],
        total_cost=Decimal("15000000.00"),
        justification="Cheaper offer.",
    )
    body = _client(project.user(Role.MANAGER)).get(_url("change", project, change.pk))
    text = body.content.decode()
    assert str(Decider.COMMITTEE.label) in text
    assert str(K.LOWER_COST.label) in text and str(K.FORMAL_EDIT.label) in text
    assert 'value="with_committee"' in text
    assert 'value="approved"' not in text  # the rules leave the manager only the referral


def test_an_unknown_change_is_404(project: Project) -> None:
    assert (
        _client(project.user(Role.MANAGER)).get(_url("change", project, 99999)).status_code == 404
    )


@pytest.mark.parametrize("who", WHO)
def test_only_the_manager_decides_a_change(project: Project, who: str) -> None:
    change = project.request([K.FORMAL_EDIT])
    response = _client(_actor(project, who)).post(
        _url("change", project, change.pk), {"decision": CS.APPROVED, "reason": "Fine."}
    )
    change.refresh_from_db()
    if who == Role.MANAGER.value:
        assert response.status_code == 302
        assert change.status == CS.APPROVED
        assert change.statements.count() == 1
    else:
        assert response.status_code == _expected(who, set(), applicant=False)
        assert change.status == CS.SUBMITTED


def test_the_manager_is_told_to_refer_a_committee_matter(project: Project) -> None:
    change = project.request([K.LOWER_COST], total_cost=Decimal("15000000.00"))
    client = _client(project.user(Role.MANAGER))
    refused = client.post(_url("change", project, change.pk), {"decision": CS.APPROVED})
    assert refused.status_code == 422
    assert "has-error" in refused.content.decode()
    referred = client.post(_url("change", project, change.pk), {"decision": CS.WITH_COMMITTEE})
    assert referred.status_code == 302
    change.refresh_from_db()
    assert change.status == CS.WITH_COMMITTEE
    assert 'name="decision"' not in client.get(_url("change", project, change.pk)).content.decode()


def test_a_decision_that_is_not_offered_is_a_422(project: Project) -> None:
    change = project.request([K.FORMAL_EDIT])
    response = _client(project.user(Role.MANAGER)).post(
        _url("change", project, change.pk), {"decision": "withdrawn"}
    )
    assert response.status_code == 422


@pytest.mark.parametrize("who", WHO)
def test_only_the_own_applicant_withdraws(project: Project, who: str) -> None:
    change = project.request([K.FORMAL_EDIT])
    response = _client(_actor(project, who)).post(_url("change_withdraw", project, change.pk))
    change.refresh_from_db()
    if who == Role.APPLICANT.value:
        assert response.status_code == 302
        assert change.status == CS.WITHDRAWN
    else:
        expected = 404 if who in ("other_applicant", "outsider") else 403
        assert response.status_code == expected
        assert change.status == CS.SUBMITTED


def test_a_referred_request_can_no_longer_be_withdrawn(project: Project) -> None:
    change = project.request([K.LOWER_COST], total_cost=Decimal("15000000.00"))
    actions.decide_change(change, decision=CS.WITH_COMMITTEE, actor=project.user(Role.MANAGER))
    client = _client(project.user(Role.APPLICANT))
    assert "withdraw" not in client.get(_url("change", project, change.pk)).content.decode()
    response = client.post(_url("change_withdraw", project, change.pk), follow=True)
    change.refresh_from_db()
    assert change.status == CS.WITH_COMMITTEE
    assert response.status_code == 200


# --- Competence rules ---------------------------------------------------------------------


@pytest.mark.parametrize("who", WHO)
def test_the_rules_page_is_for_the_office_and_the_committee(project: Project, who: str) -> None:
    response = _client(_actor(project, who)).get(_url("competence_rules", project))
    expected = _expected(who, RULE_READERS, applicant=False)
    if who == "other_applicant":
        expected = 403  # a member of the agglomeration without the right
    assert response.status_code == expected
    if expected == 200:
        editable = 'name="decider"' in response.content.decode()
        assert editable == (who == Role.MANAGER.value)


@pytest.mark.parametrize("who", WHO)
def test_only_the_manager_edits_a_rule(project: Project, who: str) -> None:
    response = _client(_actor(project, who)).post(
        _url("competence_rules", project),
        {"change_kind": K.LOWER_COST, "decider": Decider.MANAGER},
    )
    stored = CompetenceRule.objects.filter(change_kind=K.LOWER_COST).first()
    if who == Role.MANAGER.value:
        assert response.status_code == 302
        assert stored is not None and stored.decider == Decider.MANAGER
    else:
        assert response.status_code in (403, 404)
        assert stored is None or stored.decider == Decider.COMMITTEE


def test_an_edited_rule_changes_the_routing_shown(project: Project) -> None:
    # Given the manager lets lower costs be decided alone
    client = _client(project.user(Role.MANAGER))
    client.post(
        _url("competence_rules", project),
        {"change_kind": K.LOWER_COST, "decider": Decider.MANAGER},
    )
    # When a lower cost is requested
    change = project.request([K.LOWER_COST], total_cost=Decimal("15000000.00"))
    # Then it goes to the manager, and the rules page marks the rule as changed
    assert change.decider == Decider.MANAGER
    with translation.override("en"):
        url = _url("competence_rules", project)
    assert "changed by the office" in client.get(url).content.decode()


def test_a_bad_rule_is_refused_with_the_message(project: Project) -> None:
    response = _client(project.user(Role.MANAGER)).post(
        _url("competence_rules", project), {"change_kind": K.LOWER_COST, "decider": "mayor"}
    )
    assert response.status_code == 422
    assert not CompetenceRule.objects.exists()


# --- Query counts -------------------------------------------------------------------------


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_change_list_runs_a_fixed_number_of_queries(project: Project) -> None:
    # Given one change request
    project.request([K.FORMAL_EDIT])
    client = _client(project.user(Role.MANAGER))
    applicant = _client(project.user(Role.APPLICANT))
    few = _count(client, _url("changes", project))
    few_applicant = _count(applicant, _url("changes", project))
    # When four more projects have their requests
    for _ in range(4):
        _project(project.world).request([K.FORMAL_EDIT])
    # Then the list costs the same
    assert _count(client, _url("changes", project)) == few
    assert _count(applicant, _url("changes", project)) == few_applicant


def test_the_change_page_and_rules_page_run_a_fixed_number_of_queries(project: Project) -> None:
    client = _client(project.user(Role.MANAGER))
    small = project.request([K.FORMAL_EDIT])
    other = _project(project.world)
    big = other.request(
        [K.LOWER_SUPPORT, K.DATE_MOVE, K.HIGHER_INDICATOR, K.FORMAL_EDIT],
        requested_eu=Decimal("9000000.00"),
        requested_national=Decimal("0"),
        start_date=other.intention.start_date,
        end_date=other.intention.end_date.replace(year=2027),
        indicators={other.places.pk: Decimal("45"), other.meters.pk: Decimal("600")},
        name={"cs": "Nový název"},
    )
    assert _count(client, _url("change", project, small.pk)) == _count(
        client, _url("change", project, big.pk)
    )
    before = _count(client, _url("competence_rules", project))
    actions.set_competence_rule(
        project.world.agglomeration,
        change_kind=K.DATE_MOVE,
        decider=Decider.COMMITTEE,
        actor=project.user(Role.MANAGER),
    )
    assert _count(client, _url("competence_rules", project)) == before
    assert ProjectIntention.objects.count() == 2


def test_an_approved_change_shows_its_statement_with_downloads(project: Project) -> None:
    change = project.request([K.FORMAL_EDIT])
    actions.decide_change(change, decision=CS.APPROVED, actor=project.user(Role.MANAGER))
    body = _client(project.user(Role.APPLICANT)).get(_url("change", project, change.pk))
    statement = change.statements.get()
    text = body.content.decode()
    assert statement.evidence_number in text
    assert _url("statement_pdf", project, statement.pk) in text


def test_a_proposed_value_of_a_removed_indicator_is_left_out(project: Project) -> None:
    # Given a request to raise an indicator that the project no longer commits to
    change = project.request([K.HIGHER_INDICATOR], indicators={project.places.pk: Decimal("41")})
    project.places.delete()
    # When the manager opens it
    page = queries.get_change_page(change, project.user(Role.MANAGER))
    # Then the value is not shown (there is nothing to compare it with)
    assert page.values == []


def test_the_change_list_is_empty_for_a_member_who_may_not_read_projects(project: Project) -> None:
    project.request([K.FORMAL_EDIT])
    rows = queries.list_change_requests(project.world.agglomeration, project.user(Role.PARTNER))
    assert rows == []


def test_a_manager_matter_offers_approval_rejection_and_referral(project: Project) -> None:
    change = project.request([K.FORMAL_EDIT])
    text = _client(project.user(Role.MANAGER)).get(_url("change", project, change.pk))
    body = text.content.decode()
    for decision in (CS.APPROVED, CS.REJECTED, CS.WITH_COMMITTEE):
        assert f'value="{decision}"' in body
