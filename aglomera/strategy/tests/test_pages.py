"""Staff pages through HTTP: who sees what, who may do what, and fixed query counts."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from aglomera.accounts.models import Membership, Role, User
from aglomera.agglomerations.models import Agglomeration
from aglomera.core.models import StatusChange
from aglomera.strategy import actions, transitions
from aglomera.strategy.models import (
    ExchangeRate,
    FinancialPlanLine,
    Goal,
    IndicatorCode,
    Measure,
    MeasureIndicator,
    Programme,
    Source,
    SpecificGoal,
    SpecificObjective,
    Strategy,
    StrategyVersion,
    VersionStatus,
)
from aglomera.strategy.tests.builders import StrategyBuilder

APPROVAL = transitions.Approval(date(2022, 4, 25), "Steering committee", "12/2022")


@dataclass
class World:
    agglomeration: Agglomeration
    other: Agglomeration
    strategy: Strategy
    v1: StrategyVersion
    draft: StrategyVersion
    measure: Measure
    objective: SpecificObjective
    users: dict[str, User]


def _user(username: str, agglomeration: Agglomeration | None, role: Role | None) -> User:
    user = User.objects.create_user(username, password="pw-123456")
    if agglomeration and role:
        Membership.objects.create(user=user, agglomeration=agglomeration, role=role)
    return user


@pytest.fixture
def world(db: None, built_world: World) -> World:
    return copy.deepcopy(built_world)


@pytest.fixture(scope="module")
def built_world(module_db: None) -> World:
    olomouc = Agglomeration.objects.create(
        slug="olomouc",
        name={"cs": "Olomoucká aglomerace"},
        country="CZ",
        currency="CZK",
        office_name={"cs": "Statutární město Olomouc"},
    )
    opole = Agglomeration.objects.create(
        slug="opole",
        name={"pl": "Aglomeracja Opolska"},
        country="PL",
        currency="PLN",
        office_name={"pl": "Stowarzyszenie Aglomeracja Opolska"},
    )
    users = {role.value: _user(f"olomouc-{role.value}", olomouc, role) for role in Role}
    users["outsider"] = _user("opole-manager", opole, Role.MANAGER)
    manager = users[Role.MANAGER]
    irop = Programme.objects.create(
        code="IROP",
        name={"en": "IROP"},
        period="2021-2027",
        country="CZ",
        managing_authority={"cs": "MMR"},
        currency="CZK",
    )
    objective = SpecificObjective.objects.create(
        programme=irop, code="RSO 4.2", name={"en": "Education"}, fund="ERDF"
    )
    strategy = actions.create_strategy(olomouc, "2021-2027", {"cs": "Strategie ITI"}, actor=manager)
    v1 = strategy.versions.get()
    goal = actions.add_goal(v1, "2", {"cs": "Vzdělávání"}, actor=manager)
    sgoal = actions.add_specific_goal(v1, goal, "2.1", {"cs": "Předškolní"}, actor=manager)
    measure = actions.save_measure(
        v1,
        specific_goal=sgoal,
        code="2.1.1",
        name={"cs": "Kapacity MŠ"},
        specific_objectives=[objective],
        actor=manager,
    )
    actions.set_plan_amount(
        v1,
        measure=measure,
        specific_objective=objective,
        source=Source.EU,
        amount=Decimal("80348729.00"),
        currency="CZK",
        actor=manager,
    )
    transitions.transition(v1, VersionStatus.SUBMITTED, actor=manager)
    v1 = transitions.transition(v1, VersionStatus.APPROVED, actor=manager, approval=APPROVAL)
    strategy.refresh_from_db()
    draft = actions.start_amendment(strategy, "Raise the pre-school allocation", actor=manager)
    return World(olomouc, opole, strategy, v1, draft, measure, objective, users)


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


READERS = {"manager", "coordinator", "working_group", "committee", "auditor", "partner"}
AMENDMENT_READERS = {"manager", "coordinator", "committee", "auditor"}
EDITORS = {"manager", "coordinator"}
ALL = {role.value for role in Role}


def _pages(w: World) -> list[tuple[str, str, set[str]]]:
    base = f"/en/app/{w.agglomeration.slug}"
    s = w.strategy.pk
    return [
        ("dashboard", "/en/app/", ALL),
        ("agglomeration", f"{base}/", ALL),
        ("tree", f"{base}/strategies/{s}/", READERS),
        ("tree v1", f"{base}/strategies/{s}/?version=1", READERS),
        ("measure", f"{base}/strategies/{s}/measures/{w.measure.pk}/", READERS),
        ("versions", f"{base}/strategies/{s}/versions/", READERS),
        ("diff", f"{base}/strategies/{s}/diff/?old={w.v1.pk}&new={w.v1.pk}", READERS),
        ("amendment", f"{base}/amendments/{w.draft.pk}/", AMENDMENT_READERS),
        ("indicator codes", f"{base}/indicator-codes/", READERS),
        ("exchange rates", f"{base}/exchange-rates/", READERS),
        ("audit", f"{base}/audit/", {"manager", "auditor"}),
    ]


@pytest.mark.parametrize("role", sorted(ALL))
def test_each_role_sees_exactly_its_pages(world: World, role: str) -> None:
    # Given a member of the agglomeration with one role
    client = _client(world.users[role])
    for name, url, allowed in _pages(world):
        # When they open each staff page
        response = client.get(url)
        # Then they get it if the role allows, otherwise 403 (they know the agglomeration)
        expected = 200 if role in allowed else 403
        assert response.status_code == expected, (name, role, response.status_code)


def test_an_outsider_gets_404_on_every_page_of_another_agglomeration(world: World) -> None:
    # Given the Opole manager, who has no role in Olomouc
    client = _client(world.users["outsider"])
    for name, url, _allowed in _pages(world):
        if name == "dashboard":
            continue
        # Then Olomouc's pages do not reveal that they exist
        assert client.get(url).status_code == 404, name


def test_an_anonymous_visitor_is_sent_to_login(world: World) -> None:
    for name, url, _allowed in _pages(world):
        response = _client(None).get(url)
        assert response.status_code == 302, name
        assert "/accounts/login/" in response["Location"]


def test_the_dashboard_lists_only_my_agglomerations(world: World) -> None:
    response = _client(world.users["outsider"]).get("/en/app/")
    assert "Aglomeracja Opolska" in response.content.decode()
    assert "Olomoucká aglomerace" not in response.content.decode()


def _edit_plan(client: Client, w: World, amount: str, currency: str = "CZK") -> Any:
    draft_measure = Measure.objects.get(version=w.draft, code="2.1.1")
    w.draft.refresh_from_db()
    return client.post(
        f"/en/app/olomouc/amendments/{w.draft.pk}/edit/plan/",
        {
            "plan-measure": draft_measure.pk,
            "plan-specific_objective": w.objective.pk,
            "plan-source": Source.EU,
            "plan-amount": amount,
            "plan-currency": currency,
            "plan-revision": w.draft.revision,
        },
    )


@pytest.mark.parametrize("role", sorted(ALL))
def test_only_manager_and_coordinator_edit_an_amendment(world: World, role: str) -> None:
    response = _edit_plan(_client(world.users[role]), world, "90000000.00")
    line = FinancialPlanLine.objects.get(version=world.draft)
    if role in EDITORS:
        assert response.status_code == 302
        assert line.amount == Decimal("90000000.00")
    else:
        assert response.status_code == 403
        assert line.amount == Decimal("80348729.00")


@pytest.mark.parametrize("role", sorted(ALL))
def test_only_manager_and_coordinator_start_an_amendment(world: World, role: str) -> None:
    # Given no open amendment
    transitions.transition(world.draft, VersionStatus.DISCARDED, actor=world.users["manager"])
    response = _client(world.users[role]).post(
        f"/en/app/olomouc/strategies/{world.strategy.pk}/amendments/new/", {"title": "Top up"}
    )
    opened = StrategyVersion.objects.filter(strategy=world.strategy, status=VersionStatus.DRAFT)
    assert (response.status_code, opened.exists()) == (
        (302, True) if role in EDITORS else (403, False)
    )


@pytest.mark.parametrize("role", sorted(ALL))
def test_only_the_manager_records_an_approval(world: World, role: str) -> None:
    manager = world.users["manager"]
    transitions.transition(world.draft, VersionStatus.SUBMITTED, actor=manager)
    client = _client(world.users[role])
    response = client.post(
        f"/en/app/olomouc/amendments/{world.draft.pk}/transition/",
        {"to": "approved", "approved_on": "2024-03-01", "approved_by_body": "Steering committee"},
    )
    world.draft.refresh_from_db()
    if role == "manager":
        assert response.status_code == 302
        assert world.draft.status == VersionStatus.APPROVED
        assert world.draft.number == 2
    else:
        assert response.status_code in {403, 422}
        assert world.draft.status == VersionStatus.SUBMITTED


@pytest.mark.parametrize(
    ("amount", "currency", "field", "message"),
    [
        ("-5", "CZK", "amount", "The amount cannot be negative."),
        ("12.345", "CZK", "amount", "Enter the amount to the cent (at most two decimal places)."),
        ("abc", "CZK", "amount", "Enter an amount, for example 1,250,000.50."),
        ("100", "PLN", "currency", "The programme IROP is planned in CZK, not in PLN."),
    ],
)
def test_a_bad_amount_is_refused_next_to_the_field_and_kept(
    world: World, amount: str, currency: str, field: str, message: str
) -> None:
    # When the manager saves a bad amount
    response = _edit_plan(_client(world.users["manager"]), world, amount, currency)
    # Then the form comes back with the message next to the field and the typed value kept
    assert response.status_code == 422
    form = response.context["forms"]["plan"]
    assert message in form.errors[field]
    assert form["amount"].value() == amount
    # And nothing changed
    assert FinancialPlanLine.objects.get(version=world.draft).amount == Decimal("80348729.00")


def test_validation_messages_come_in_the_users_language(world: World) -> None:
    client = _client(world.users["manager"])
    draft_measure = Measure.objects.get(version=world.draft, code="2.1.1")
    response = client.post(
        f"/cs/app/olomouc/amendments/{world.draft.pk}/edit/plan/",
        {
            "plan-measure": draft_measure.pk,
            "plan-specific_objective": world.objective.pk,
            "plan-source": Source.EU,
            "plan-amount": "-1",
            "plan-currency": "CZK",
        },
    )
    assert response.status_code == 422
    assert "Částka nemůže být záporná." in response.content.decode()


def test_a_measure_code_that_breaks_the_tree_is_refused(world: World) -> None:
    client = _client(world.users["manager"])
    sgoal = SpecificGoal.objects.get(version=world.draft, code="2.1")
    response = client.post(
        f"/en/app/olomouc/amendments/{world.draft.pk}/edit/measure/",
        {
            "measure-specific_goal": sgoal.pk,
            "measure-code": "3.1.1",
            "measure-name_cs": "Nové opatření",
        },
    )
    assert response.status_code == 422
    form = response.context["forms"]["measure"]
    assert "2.1." in " ".join(form.errors["code"])
    assert form["code"].value() == "3.1.1"
    assert not Measure.objects.filter(version=world.draft, code="3.1.1").exists()


def test_a_target_below_the_baseline_of_a_growing_indicator_is_refused(world: World) -> None:
    indicator = IndicatorCode.objects.create(
        code="TEST01", kind="output", source="national", name={"en": "Places"}, unit={"en": "p"}
    )
    client = _client(world.users["manager"])
    draft_measure = Measure.objects.get(version=world.draft, code="2.1.1")
    response = client.post(
        f"/en/app/olomouc/amendments/{world.draft.pk}/edit/indicator/",
        {
            "indicator-measure": draft_measure.pk,
            "indicator-indicator": indicator.pk,
            "indicator-baseline": "100",
            "indicator-target_2029": "50",
        },
    )
    assert response.status_code == 422
    assert "cannot be below the baseline" in " ".join(
        response.context["forms"]["indicator"].errors["target_2029"]
    )
    assert not MeasureIndicator.objects.filter(version=world.draft).exists()


def test_a_stale_form_is_refused_and_tells_why(world: World) -> None:
    # Given two editors loaded the draft at revision r
    client = _client(world.users["manager"])
    world.draft.refresh_from_db()
    stale = world.draft.revision
    assert _edit_plan(_client(world.users["coordinator"]), world, "1.00").status_code == 302
    # When the other saves with the old revision
    draft_measure = Measure.objects.get(version=world.draft, code="2.1.1")
    response = client.post(
        f"/en/app/olomouc/amendments/{world.draft.pk}/edit/plan/",
        {
            "plan-measure": draft_measure.pk,
            "plan-specific_objective": world.objective.pk,
            "plan-source": Source.EU,
            "plan-amount": "2.00",
            "plan-currency": "CZK",
            "plan-revision": stale,
        },
    )
    # Then the first save is kept and the second editor is told why
    assert response.status_code == 422
    assert "Someone else changed this amendment" in response.content.decode()
    assert FinancialPlanLine.objects.get(version=world.draft).amount == Decimal("1.00")


def test_an_approved_amendment_shows_in_history_and_diff(world: World) -> None:
    manager = world.users["manager"]
    client = _client(manager)
    assert _edit_plan(client, world, "90000000.00").status_code == 302
    transitions.transition(world.draft, VersionStatus.SUBMITTED, actor=manager)
    transitions.transition(world.draft, VersionStatus.APPROVED, actor=manager, approval=APPROVAL)
    history = client.get(f"/en/app/olomouc/strategies/{world.strategy.pk}/versions/")
    assert "Raise the pre-school allocation" in history.content.decode()
    diff = client.get(
        f"/en/app/olomouc/strategies/{world.strategy.pk}/diff/?old={world.v1.pk}&new={world.draft.pk}"
    )
    body = diff.content.decode()
    assert "80,348,729.00" in body
    assert "90,000,000.00" in body
    assert "+9,651,271.00" in body


def test_the_admin_is_for_superusers_only(world: World) -> None:
    assert _client(world.users["manager"]).get("/admin/").status_code == 302


def _grow(strategy: Strategy, measures: int, version: StrategyVersion | None = None) -> None:
    """Add `measures` measures with plan lines and indicators to a version (default: current)."""
    version = version or strategy.current_version
    assert version is not None
    objective = SpecificObjective.objects.get(code="RSO 4.2")
    indicator = IndicatorCode.objects.get_or_create(
        code="BULK01",
        defaults={"kind": "output", "source": "national", "name": {"en": "x"}, "unit": {"en": "u"}},
    )[0]
    goal = Goal.objects.create(version=version, code="9", name={"en": "Bulk"})
    sgoal = SpecificGoal.objects.create(version=version, goal=goal, code="9.1", name={"en": "Bulk"})
    created = Measure.objects.bulk_create(
        Measure(version=version, specific_goal=sgoal, code=f"9.1.{i}", name={"en": f"M{i}"})
        for i in range(measures)
    )
    Measure.specific_objectives.through.objects.bulk_create(
        Measure.specific_objectives.through(measure_id=m.pk, specificobjective_id=objective.pk)
        for m in created
    )
    FinancialPlanLine.objects.bulk_create(
        FinancialPlanLine(
            version=version,
            measure=m,
            specific_objective=objective,
            source=source,
            amount=Decimal("1000.01"),
        )
        for m in created
        for source in (Source.EU, Source.NATIONAL)
    )
    MeasureIndicator.objects.bulk_create(
        MeasureIndicator(
            version=version, measure=m, indicator=indicator, baseline=0, target_2029=10
        )
        for m in created
    )


TREE_QUERIES = 16


@pytest.mark.parametrize("measures", [10, 500])
def test_the_strategy_tree_runs_a_fixed_number_of_queries(world: World, measures: int) -> None:
    # Given a strategy with few or many measures and an exchange rate
    ExchangeRate.objects.create(
        agglomeration=world.agglomeration,
        currency="CZK",
        valid_from=date(2024, 1, 1),
        units_per_eur=25,
    )
    _grow(world.strategy, measures)
    client = _client(world.users["manager"])
    url = f"/en/app/olomouc/strategies/{world.strategy.pk}/"
    # When the page is rendered
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    # Then the number of queries does not depend on the size
    assert response.status_code == 200
    assert response.content.decode().count("9.1.") >= measures
    assert len(queries) == TREE_QUERIES, [q["sql"][:120] for q in queries.captured_queries]


def test_one_office_changing_its_rates_leaves_the_others_eur_figures_alone(world: World) -> None:
    # Given Olomouc's CZK rate
    manager, outsider = world.users["manager"], world.users["outsider"]
    actions.set_exchange_rate(
        agglomeration=world.agglomeration,
        currency="CZK",
        valid_from=date(2024, 1, 1),
        units_per_eur=Decimal("25"),
        actor=manager,
    )
    # When Opole's manager records a different CZK rate for Opole
    actions.set_exchange_rate(
        agglomeration=world.other,
        currency="CZK",
        valid_from=date(2024, 1, 1),
        units_per_eur=Decimal("1"),
        actor=outsider,
    )
    # Then Olomouc's strategy still converts at its own rate
    body = _client(manager).get(f"/en/app/olomouc/strategies/{world.strategy.pk}/").content
    assert "3,213,949.16" in body.decode()  # 80,348,729.00 CZK / 25


def test_an_amount_beyond_the_column_is_refused_not_a_server_error(world: World) -> None:
    response = _edit_plan(_client(world.users["manager"]), world, "123456789012345.00")
    assert response.status_code == 422
    assert FinancialPlanLine.objects.get(version=world.draft).amount == Decimal("80348729.00")


def _page_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def test_no_staff_page_runs_more_queries_for_a_bigger_strategy(world: World) -> None:
    # Given a small strategy, its draft amendment and some audit history
    client = _client(world.users["manager"])
    base = "/en/app/olomouc"
    s = world.strategy.pk
    urls = [
        "/en/app/",
        f"{base}/",
        f"{base}/strategies/{s}/",
        f"{base}/strategies/{s}/measures/{world.measure.pk}/",
        f"{base}/strategies/{s}/versions/",
        f"{base}/strategies/{s}/diff/?old={world.v1.pk}&new={world.draft.pk}",
        f"{base}/amendments/{world.draft.pk}/",
        f"{base}/audit/",
        f"{base}/indicator-codes/",
        f"{base}/exchange-rates/",
    ]
    small = {url: _page_queries(client, url) for url in urls}
    # When both the approved version and the draft grow by 300 measures
    _grow(world.strategy, 300)
    _grow(world.strategy, 300, version=world.draft)
    # Then every page runs the same number of queries as before
    large = {url: _page_queries(client, url) for url in urls}
    assert large == small


@pytest.mark.parametrize(
    "query",
    [
        "?as_of=2024-13-45",
        "?as_of=garbage",
        "?version=abc",
        "?version=99",
        "?version=-1",
        "?as_of=99999-01-01",
    ],
)
def test_odd_query_parameters_never_cause_a_server_error(world: World, query: str) -> None:
    response = _client(world.users["manager"]).get(
        f"/en/app/olomouc/strategies/{world.strategy.pk}/{query}"
    )
    assert response.status_code in {200, 404}


@pytest.mark.parametrize(
    "query", ["", "?old=1", "?old=x&new=y", "?old=999999&new=1", "?old=1&new=1.5"]
)
def test_odd_diff_parameters_give_404_not_500(world: World, query: str) -> None:
    response = _client(world.users["manager"]).get(
        f"/en/app/olomouc/strategies/{world.strategy.pk}/diff/{query}"
    )
    assert response.status_code == 404


def test_an_unknown_step_or_editor_form_is_refused_cleanly(world: World) -> None:
    client = _client(world.users["manager"])
    base = f"/en/app/olomouc/amendments/{world.draft.pk}"
    assert client.post(f"{base}/transition/", {"to": "exploded"}).status_code == 422
    assert client.post(f"{base}/transition/", {"to": "approved"}).status_code == 422
    assert client.post(f"{base}/edit/nonsense/", {}).status_code == 404
    assert client.get(f"{base}/edit/plan/").status_code == 405
    world.draft.refresh_from_db()
    assert world.draft.status == VersionStatus.DRAFT


def test_a_manager_creates_a_strategy_for_the_next_period_as_a_draft(world: World) -> None:
    client = _client(world.users["manager"])
    # When the manager creates the 2028-2034 strategy
    response = client.post(
        "/en/app/olomouc/strategies/new/", {"period": "2028-2034", "name_cs": "Strategie 2028+"}
    )
    # Then it opens with a draft first version, shown in the amendment editor
    strategy = Strategy.objects.get(agglomeration=world.agglomeration, period="2028-2034")
    assert response.status_code == 302
    tree = client.get(response["Location"])
    first = StrategyVersion.objects.get(strategy=strategy)
    assert tree.status_code == 302
    assert tree["Location"] == f"/en/app/olomouc/amendments/{first.pk}/"
    assert client.get(tree["Location"]).status_code == 200


def test_a_second_strategy_for_the_same_period_is_refused_next_to_the_field(world: World) -> None:
    client = _client(world.users["manager"])
    response = client.post(
        "/en/app/olomouc/strategies/new/", {"period": "2021-2027", "name_cs": "Duplicate"}
    )
    assert response.status_code == 422
    assert response.context["form"].errors["period"]
    assert Strategy.objects.filter(agglomeration=world.agglomeration).count() == 1


@pytest.mark.parametrize("role", sorted(ALL - {"manager"}))
def test_only_the_manager_creates_strategies(world: World, role: str) -> None:
    client = _client(world.users[role])
    response = client.post(
        "/en/app/olomouc/strategies/new/", {"period": "2028-2034", "name_cs": "X"}
    )
    assert response.status_code == 403
    assert not Strategy.objects.filter(period="2028-2034").exists()


def test_a_measure_added_in_the_editor_shows_as_added_in_the_diff(world: World) -> None:
    client = _client(world.users["manager"])
    sgoal = SpecificGoal.objects.get(version=world.draft, code="2.1")
    world.draft.refresh_from_db()
    response = client.post(
        f"/en/app/olomouc/amendments/{world.draft.pk}/edit/measure/",
        {
            "measure-specific_goal": sgoal.pk,
            "measure-code": "2.1.2",
            "measure-name_cs": "Základní školy",
            "measure-name_pl": "Szkoły podstawowe",
            "measure-specific_objectives": [world.objective.pk],
            "measure-revision": world.draft.revision,
        },
    )
    assert response.status_code == 302
    measure = Measure.objects.get(version=world.draft, code="2.1.2")
    assert measure.name == {"cs": "Základní školy", "pl": "Szkoły podstawowe"}
    editor = client.get(f"/pl/app/olomouc/amendments/{world.draft.pk}/").content.decode()
    assert "2.1.2 Szkoły podstawowe" in editor


# ---- choices of another country (issue 9: the tenant boundary of the editor's forms) -------------


def _polish_objective() -> SpecificObjective:
    """A programme action of Poland (Opole's country) in the same programming period."""
    feo = Programme.objects.create(
        code="FEO",
        name={"pl": "Fundusze Europejskie dla Opolskiego"},
        period="2021-2027",
        country="PL",
        managing_authority={"pl": "Zarząd Województwa Opolskiego"},
        currency="PLN",
    )
    return SpecificObjective.objects.create(
        programme=feo, code="5.1", name={"pl": "Mobilność miejska"}, fund="ERDF"
    )


def test_the_editor_offers_only_programmes_of_the_agglomerations_country(world: World) -> None:
    # Given a Polish programme of the same period as Olomouc's strategy
    _polish_objective()
    # When the manager opens the Czech amendment
    response = _client(world.users["manager"]).get(f"/en/app/olomouc/amendments/{world.draft.pk}/")
    # Then the plan and measure forms offer the Czech objective only
    forms = response.context["forms"]
    assert list(forms["plan"].fields["specific_objective"].queryset) == [world.objective]
    assert list(forms["measure"].fields["specific_objectives"].queryset) == [world.objective]


def test_money_of_a_programme_of_another_country_is_refused_on_the_plan_form(
    world: World,
) -> None:
    # Given a Polish programme objective
    polish = _polish_objective()
    draft_measure = Measure.objects.get(version=world.draft, code="2.1.1")
    world.draft.refresh_from_db()
    # When the manager plans PLN of it on the Czech amendment
    response = _client(world.users["manager"]).post(
        f"/en/app/olomouc/amendments/{world.draft.pk}/edit/plan/",
        {
            "plan-measure": draft_measure.pk,
            "plan-specific_objective": polish.pk,
            "plan-source": Source.EU,
            "plan-amount": "1000",
            "plan-currency": "PLN",
            "plan-revision": world.draft.revision,
        },
    )
    # Then the choice is refused next to its field and nothing is written
    assert response.status_code == 422
    assert "specific_objective" in response.context["forms"]["plan"].errors
    assert not FinancialPlanLine.objects.filter(specific_objective=polish).exists()
    assert not draft_measure.specific_objectives.filter(pk=polish.pk).exists()


def test_a_measure_drawing_on_a_programme_of_another_country_is_refused(world: World) -> None:
    # Given a Polish programme objective
    polish = _polish_objective()
    sgoal = SpecificGoal.objects.get(version=world.draft, code="2.1")
    world.draft.refresh_from_db()
    # When the manager adds a measure drawing on it
    response = _client(world.users["manager"]).post(
        f"/en/app/olomouc/amendments/{world.draft.pk}/edit/measure/",
        {
            "measure-specific_goal": sgoal.pk,
            "measure-code": "2.1.2",
            "measure-name_cs": "Základní školy",
            "measure-specific_objectives": [polish.pk],
            "measure-revision": world.draft.revision,
        },
    )
    # Then the choice is refused next to its field and no measure is added
    assert response.status_code == 422
    assert "specific_objectives" in response.context["forms"]["measure"].errors
    assert not Measure.objects.filter(version=world.draft, code="2.1.2").exists()


@pytest.mark.parametrize("role", ["committee", "auditor"])
def test_a_reader_of_amendments_who_takes_no_step_is_refused_with_403(
    world: World, role: str
) -> None:
    # Given a submitted amendment, which committee members and auditors may read
    transitions.transition(world.draft, VersionStatus.SUBMITTED, actor=world.users["manager"])
    changes = StatusChange.objects.count()
    # When one of them tries a step of its workflow
    response = _client(world.users[role]).post(
        f"/en/app/olomouc/amendments/{world.draft.pk}/transition/",
        {"to": "draft", "reason": "Not ready"},
    )
    # Then the refusal is a 403 (not a form error) and nothing moves
    assert response.status_code == 403
    world.draft.refresh_from_db()
    assert world.draft.status == VersionStatus.SUBMITTED
    assert StatusChange.objects.count() == changes


def test_a_national_indicator_code_is_added_with_its_aggregation_rule(world: World) -> None:
    # When the manager adds a national code counted again by every project
    response = _client(world.users["manager"]).post(
        "/en/app/olomouc/indicator-codes/",
        {
            "code": "T-OBYV",
            "kind": "output",
            "name_cs": "Obyvatelé území",
            "unit_cs": "osoby",
            "direction": "increase",
            "aggregation": "max",
        },
    )
    # Then it is stored with the rule, and the codebook shows the rule of every code
    assert response.status_code == 302
    assert IndicatorCode.objects.get(code="T-OBYV").aggregation == "max"
    page = _client(world.users["manager"]).get("/en/app/olomouc/indicator-codes/")
    assert "largest value" in page.content.decode()


# ---- the steps of an amendment: what each box is for, and consultation only in Poland ----------


def _labels(html: str) -> list[str]:
    return re.findall(r'<label for="reason-[a-z_]+">([^<]*)</label>', html)


def test_each_step_of_an_amendment_says_what_its_text_box_is_for(world: World) -> None:
    client = _client(world.users["manager"])
    url = f"/en/app/olomouc/amendments/{world.draft.pk}/"
    # A draft: submitted with a comment, or discarded with a reason (both optional)
    assert _labels(client.get(url).content.decode()) == [
        "Comment for those who approve it (optional)",
        "Why the draft is discarded (optional)",
    ]
    # Submitted: returned or rejected, each with its required reason
    transitions.transition(world.draft, VersionStatus.SUBMITTED, actor=world.users["manager"])
    assert _labels(client.get(url).content.decode()) == [
        "Why it returns to draft (required)",
        "Reason for the rejection (required)",
    ]
    # A reason left out is asked for
    response = client.post(f"{url}transition/", {"to": "rejected", "reason": " "})
    assert response.status_code == 422
    assert "Say why the amendment goes back or is rejected." in response.content.decode()


def test_public_consultation_is_offered_and_taken_only_in_poland(world: World) -> None:
    # Given a draft amendment of a Czech strategy
    client = _client(world.users["manager"])
    url = f"/en/app/olomouc/amendments/{world.draft.pk}/"
    # Then public consultation (Polish law) is not offered
    assert "Open public consultation" not in client.get(url).content.decode()
    # And a crafted request for it is refused with the reason
    response = client.post(f"{url}transition/", {"to": "in_consultation"})
    assert response.status_code == 422
    assert "applies only to strategies in Poland" in response.content.decode()
    world.draft.refresh_from_db()
    assert world.draft.status == VersionStatus.DRAFT
    # Given the draft of a strategy of Opole (Poland)
    opole_manager = world.users["outsider"]
    draft = StrategyBuilder(world.other, opole_manager).build().versions.get()
    polish = _client(opole_manager)
    page = polish.get(f"/en/app/opole/amendments/{draft.pk}/").content.decode()
    # Then it is offered, with its own box, and taken
    assert "Open public consultation" in page
    assert "Note on the public consultation (optional)" in _labels(page)
    response = polish.post(
        f"/en/app/opole/amendments/{draft.pk}/transition/", {"to": "in_consultation"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == VersionStatus.IN_CONSULTATION
