"""Types of intervention: the codebook, the action that sets a code per agglomeration and
objective, the manager's page (every role, outsiders, bad input, fixed queries) and the
Art. 49(3) list that publishes the code."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aglomera.accounts.models import Role, User
from aglomera.agglomerations.models import Agglomeration
from aglomera.core.models import AuditEvent
from aglomera.monitoring.actions.intervention import set_intervention_field
from aglomera.monitoring.forms.intervention import InterventionFieldForm
from aglomera.monitoring.models import InterventionField, InterventionFieldMapping
from aglomera.monitoring.queries.intervention import codable_objectives, intervention_page
from aglomera.monitoring.reports import art49
from aglomera.strategy.models import Fund, Period, Programme, SpecificObjective, Strategy
from aglomera.strategy.tests.builders import (
    Programmes,
    StrategyBuilder,
    Users,
    make_olomouc,
    make_opole,
    make_programmes,
    make_user,
    opole_drawing_on,
)

VIEWERS = {Role.MANAGER, Role.COORDINATOR, Role.AUDITOR}


@dataclass
class World:
    agglomeration: Agglomeration
    programmes: Programmes
    strategy: Strategy
    users: dict[Role, User]
    old_objective: SpecificObjective  # of the 2014-2020 strategy only

    @property
    def manager(self) -> User:
        return self.users[Role.MANAGER]

    @property
    def url(self) -> str:
        return reverse("monitoring:intervention_fields", args=[self.agglomeration.slug])


def make_world(extra_objectives: int = 0) -> World:
    """Olomouc: a 2014-2020 strategy and the current 2021-2027 one drawing on IROP 2.8 (two
    measures), OPD 2.2 and `extra_objectives` more IROP objectives."""
    olomouc = make_olomouc()
    programmes = make_programmes()
    users = Users().every_role(olomouc)
    manager = users[Role.MANAGER]
    old_programme = Programme.objects.create(
        code="IROP",
        period=Period.P2014,
        name={"cs": "IROP 2014–2020"},
        country="CZ",
        managing_authority={"cs": "MMR"},
        currency="CZK",
    )
    old_objective = SpecificObjective.objects.create(
        programme=old_programme, code="SC 1.2", name={"cs": "Udržitelná doprava"}, fund=Fund.ERDF
    )
    (
        StrategyBuilder(olomouc, manager, period=Period.P2014)
        .with_goal("3", "Doprava")
        .with_specific_goal("3.1", "Mobilita")
        .with_measure("3.1.2", "Cyklistika", objectives=[old_objective])
        .with_plan("3.1.2", old_objective, eu="1000000.00")
        .approved()
        .build()
    )
    builder = (
        StrategyBuilder(olomouc, manager)
        .with_goal("1", "Mobilita")
        .with_specific_goal("1.1", "Veřejná doprava")
        .with_specific_goal("1.2", "Cyklistika")
        .with_measure("1.1.1", "Tramvaje", objectives=[programmes.opd_mobility])
        .with_measure("1.1.2", "Přestupní terminály", objectives=[programmes.irop_mobility])
        .with_measure("1.2.1", "Cyklostezky", objectives=[programmes.irop_mobility])
        .with_plan("1.1.1", programmes.opd_mobility, eu="300000000.00")
        .with_plan("1.1.2", programmes.irop_mobility, eu="100000000.00", national="5000000.00")
        .with_plan("1.2.1", programmes.irop_mobility, eu="50000000.00")
    )
    for index in range(extra_objectives):
        objective = SpecificObjective.objects.create(
            programme=programmes.irop,
            code=f"9.{index}",
            name={"cs": f"Cíl {index}"},
            fund=Fund.ERDF,
        )
        code = f"1.2.{index + 2}"
        builder.with_measure(code, f"Opatření {index}", objectives=[objective])
        builder.with_plan(code, objective, eu="1000000.00")
    strategy = builder.approved().build()
    return World(olomouc, programmes, strategy, users, old_objective)


@pytest.fixture
def world(db: None) -> World:
    return make_world()


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def mapped(world: World) -> dict[str, str]:
    return {
        str(m.specific_objective): m.code_id
        for m in InterventionFieldMapping.objects.filter(
            agglomeration=world.agglomeration
        ).select_related("specific_objective__programme")
    }


# ---- the codebook -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_codebook_holds_annex_i_table_1_from_001_to_182() -> None:
    # Given the data migration has run
    codes = list(InterventionField.objects.values_list("code", flat=True))
    # Then it holds every code of CPR Annex I, Table 1 once, with the English names of the source
    assert codes == [f"{number:03d}" for number in range(1, 183)]
    assert (
        str(InterventionField.objects.get(code="081")) == "081 Clean urban transport infrastructure"
    )
    assert InterventionField.objects.get(code="083").name == {
        "en": "Cycling infrastructure",
        "cs": "Cyklistická infrastruktura",
        "pl": "Infrastruktura rowerowa",
    }
    # And the code no source names (031) is there with an empty name
    assert str(InterventionField.objects.get(code="031")) == "031"


@pytest.mark.django_db
def test_every_code_but_031_has_a_czech_polish_and_english_name() -> None:
    # Given the data migrations have run (0013 adds Czech, Polish and the missing English names)
    names = dict(InterventionField.objects.values_list("code", "name"))
    # Then every code has a name in each language of the product, except 031 (no source names it)
    incomplete = [
        code
        for code, name in names.items()
        if not all(name.get(lang) for lang in ("cs", "pl", "en"))
    ]
    assert incomplete == ["031"]
    assert names["031"] == {}
    # And the names the first codebook lacked are there, e.g. the TEN-T core road network
    assert names["087"] == {
        "en": "Newly built or upgraded motorways and roads - TEN-T core network",
        "cs": "Nově vybudované nebo modernizované dálnice a silnice – hlavní síť TEN-T",
        "pl": "Nowo wybudowane lub zmodernizowane autostrady i drogi – sieć bazowa TEN-T",
    }


# ---- the action -------------------------------------------------------------------------------


def test_the_manager_sets_changes_and_clears_a_code_with_audit(world: World) -> None:
    # When the manager sets 083 for IROP 2.8
    objective = world.programmes.irop_mobility
    mapping = set_intervention_field(
        world.agglomeration, specific_objective=objective, code=" 083 ", actor=world.manager
    )
    # Then it is stored for Olomouc and audited
    assert mapping is not None and mapping.code_id == "083"
    assert mapped(world) == {"IROP 2.8": "083"}
    event = AuditEvent.objects.get(code="monitoring.intervention_field.set")
    assert event.agglomeration_id == world.agglomeration.pk
    assert event.before == {}
    assert event.after == {"code": "083", "specific_objective": "IROP 2.8"}
    # When the same code is saved again, nothing changes and nothing is audited
    set_intervention_field(
        world.agglomeration, specific_objective=objective, code="083", actor=world.manager
    )
    assert AuditEvent.objects.filter(code__startswith="monitoring.intervention_field").count() == 1
    # When it is changed to 081, the row is updated with the old code in the audit
    set_intervention_field(
        world.agglomeration, specific_objective=objective, code="081", actor=world.manager
    )
    assert mapped(world) == {"IROP 2.8": "081"}
    last = AuditEvent.objects.filter(code="monitoring.intervention_field.set").latest("id")
    assert (last.before, last.after["code"]) == ({"code": "083"}, "081")
    # When it is cleared, the row goes and the clearing is audited
    assert (
        set_intervention_field(
            world.agglomeration, specific_objective=objective, code="", actor=world.manager
        )
        is None
    )
    assert mapped(world) == {}
    cleared = AuditEvent.objects.get(code="monitoring.intervention_field.cleared")
    assert cleared.before == {"code": "081", "specific_objective": "IROP 2.8"}
    # And clearing what is not set does nothing
    set_intervention_field(
        world.agglomeration, specific_objective=objective, code="", actor=world.manager
    )
    assert AuditEvent.objects.filter(code__startswith="monitoring.intervention_field").count() == 3


def test_a_code_outside_the_codebook_is_refused(world: World) -> None:
    # When the manager sends a code that is not in CPR Annex I, Table 1
    for bad in ("999", "83", "abc"):
        with pytest.raises(ValidationError) as refused:
            set_intervention_field(
                world.agglomeration,
                specific_objective=world.programmes.irop_mobility,
                code=bad,
                actor=world.manager,
            )
        # Then it is refused on the code, and nothing is stored
        assert "code" in refused.value.message_dict
    assert mapped(world) == {}


def test_only_objectives_of_the_current_strategy_may_get_a_code(world: World) -> None:
    # When the manager picks an objective of another country's programme or of the old strategy
    for objective in (world.programmes.feo_mobility, world.old_objective):
        with pytest.raises(ValidationError) as refused:
            set_intervention_field(
                world.agglomeration, specific_objective=objective, code="081", actor=world.manager
            )
        # Then it is refused on the objective
        assert "specific_objective" in refused.value.message_dict
    assert mapped(world) == {}


def test_an_objective_that_left_the_strategy_keeps_its_code_editable(world: World) -> None:
    # Given a code set earlier for an objective the current version no longer plans money from
    InterventionFieldMapping.objects.create(
        agglomeration=world.agglomeration, specific_objective=world.old_objective, code_id="083"
    )
    # When the manager clears it
    set_intervention_field(
        world.agglomeration, specific_objective=world.old_objective, code="", actor=world.manager
    )
    # Then it is cleared
    assert mapped(world) == {}


@pytest.mark.parametrize("role", [role for role in Role if role != Role.MANAGER])
def test_only_the_manager_sets_a_code(world: World, role: Role) -> None:
    # When any other role tries to set a code
    # Then it is refused
    with pytest.raises(PermissionDenied):
        set_intervention_field(
            world.agglomeration,
            specific_objective=world.programmes.irop_mobility,
            code="081",
            actor=world.users[role],
        )


def test_codes_are_per_agglomeration(world: World) -> None:
    # Given Opole's strategy drawing on the same IROP objective (programmes are shared)
    objective = world.programmes.irop_mobility
    opole, opole_manager = opole_drawing_on(objective)
    # When each manager sets a different code
    set_intervention_field(
        world.agglomeration, specific_objective=objective, code="083", actor=world.manager
    )
    set_intervention_field(opole, specific_objective=objective, code="081", actor=opole_manager)
    # Then each agglomeration keeps its own
    assert mapped(world) == {"IROP 2.8": "083"}
    assert InterventionFieldMapping.objects.get(agglomeration=opole).code_id == "081"
    # And a manager cannot set Olomouc's code
    with pytest.raises(PermissionDenied):
        set_intervention_field(
            world.agglomeration, specific_objective=objective, code="081", actor=opole_manager
        )


# ---- the page ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_the_page_and_only_the_manager_edits(world: World, role: Role) -> None:
    # Given a code for IROP 2.8
    set_intervention_field(
        world.agglomeration,
        specific_objective=world.programmes.irop_mobility,
        code="083",
        actor=world.manager,
    )
    client = client_for(world.users[role])
    # When a member of each role opens the page and tries to save
    page = client.get(world.url)
    saved = client.post(
        world.url,
        {"specific_objective": world.programmes.opd_mobility.pk, "code": "081"},
    )
    # Then the manager, coordinators and auditors read it, the others get 403
    assert page.status_code == (200 if role in VIEWERS else 403)
    # And only the manager saves
    assert saved.status_code == (302 if role == Role.MANAGER else 403)
    expected = (
        {"IROP 2.8": "083", "OPD 2.2": "081"} if role == Role.MANAGER else {"IROP 2.8": "083"}
    )
    assert mapped(world) == expected
    if role in VIEWERS:
        html = page.content.decode()
        assert "Cycling infrastructure" in html
        assert ('name="code"' in html) == (role == Role.MANAGER)
        # And the menu links to the page
        assert f'href="{world.url}"' in html


def test_an_outsider_gets_404_and_anonymous_visitors_log_in(world: World) -> None:
    # Given the manager of another agglomeration
    outsider = client_for(make_user("mallory", (make_opole(), Role.MANAGER)))
    # When they open or post to Olomouc's page
    # Then it does not exist for them, and nothing is stored
    assert outsider.get(world.url).status_code == 404
    posted = outsider.post(
        world.url, {"specific_objective": world.programmes.irop_mobility.pk, "code": "081"}
    )
    assert posted.status_code == 404
    assert mapped(world) == {}
    # And anonymous visitors are sent to log in
    assert Client().get(world.url).status_code == 302


def test_the_page_lists_the_objectives_of_the_current_strategy(world: World) -> None:
    # When the manager opens the page
    response = client_for(world.manager).get(world.url)
    # Then the objectives of the 2021-2027 plan are listed with the measures that use them
    lines = response.context["lines"]
    assert [(str(line.row.specific_objective), line.row.measures) for line in lines] == [
        ("IROP 2.8", ["1.1.2", "1.2.1"]),
        ("OPD 2.2", ["1.1.1"]),
    ]
    # And each has a choice of the 182 codes, "code — name"
    html = response.content.decode()
    assert html.count('<option value="083"') == 2
    assert "083 — Cycling infrastructure" in html
    assert "087 — Newly built or upgraded motorways and roads - TEN-T core network" in html
    # And the one code without a name says so
    assert "031 — name not in the reference source" in html
    # And the 2014-2020 objective is not listed
    assert "SC 1.2" not in html


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("cs", "083 — Cyklistická infrastruktura"),
        ("pl", "083 — Infrastruktura rowerowa"),
        ("en", "083 — Cycling infrastructure"),
    ],
)
def test_the_codes_are_named_in_the_readers_language(
    world: World, language: str, shown: str
) -> None:
    # When the manager opens the page in Czech, Polish or English
    url = world.url.replace("/en/", f"/{language}/")
    response = client_for(world.manager).get(url, HTTP_ACCEPT_LANGUAGE=language)
    # Then the codes are offered with their names in that language
    assert response.status_code == 200
    assert shown in response.content.decode()


def test_the_manager_saves_a_code_from_the_page(world: World) -> None:
    client = client_for(world.manager)
    # When the manager chooses 083 for IROP 2.8 and saves
    response = client.post(
        world.url,
        {"specific_objective": world.programmes.irop_mobility.pk, "code": "083"},
        follow=True,
    )
    # Then the page says so and shows the code with its name
    assert response.status_code == 200
    html = response.content.decode()
    assert "The type of intervention is saved." in html
    assert "<strong>083</strong> Cycling infrastructure" in html
    assert mapped(world) == {"IROP 2.8": "083"}


def test_a_bad_code_is_refused_next_to_the_select_and_kept(world: World) -> None:
    # Given IROP 2.8 has the code 083
    set_intervention_field(
        world.agglomeration,
        specific_objective=world.programmes.irop_mobility,
        code="083",
        actor=world.manager,
    )
    client = client_for(world.manager)
    # When the manager posts a code outside the codebook
    response = client.post(
        world.url, {"specific_objective": world.programmes.irop_mobility.pk, "code": "999"}
    )
    # Then the page comes back with the message next to that objective's select
    assert response.status_code == 422
    html = response.content.decode()
    assert "Choose a type of intervention from the list (CPR 2021/1060 Annex I, Table 1)." in html
    line = next(
        line
        for line in response.context["lines"]
        if line.row.specific_objective == world.programmes.irop_mobility
    )
    assert line.errors and line.selected == "999" and line.unknown
    assert '<option value="999" selected>999</option>' in html
    assert f'id="code-error-{world.programmes.irop_mobility.pk}"' in html
    # And the stored code is unchanged
    assert mapped(world) == {"IROP 2.8": "083"}
    # And a good code saved next is accepted
    other = client.post(
        world.url, {"specific_objective": world.programmes.opd_mobility.pk, "code": "082"}
    )
    assert other.status_code == 302


def test_an_objective_outside_the_strategy_is_refused_at_the_top(world: World) -> None:
    client = client_for(world.manager)
    # When the manager posts an objective of another country, and one that does not exist
    wrong = client.post(
        world.url, {"specific_objective": world.programmes.feo_mobility.pk, "code": "081"}
    )
    missing = client.post(world.url, {"specific_objective": "999999", "code": "081"})
    # Then both are refused with a message above the table, and nothing is stored
    assert wrong.status_code == missing.status_code == 422
    assert "Choose a programme specific objective that the strategy draws on." in (
        wrong.content.decode()
    )
    assert missing.context["other_errors"]
    assert mapped(world) == {}


def test_an_objective_only_another_agglomeration_draws_on_is_refused_by_the_form(
    world: World,
) -> None:
    # Given Opole's strategy drawing on a Polish objective that Olomouc's does not
    opole_drawing_on(world.programmes.feo_mobility)
    events = AuditEvent.objects.count()
    posted = {"specific_objective": world.programmes.feo_mobility.pk, "code": "081"}
    # Then Olomouc's form does not accept it
    form = InterventionFieldForm(posted, objectives=codable_objectives(world.agglomeration))
    assert not form.is_valid()
    assert list(form.errors) == ["specific_objective"]
    # When Olomouc's manager posts that objective
    response = client_for(world.manager).post(world.url, posted)
    # Then the page refuses it at the top and nothing is written
    assert response.status_code == 422
    assert response.context["other_errors"] == [
        "Choose a programme specific objective that the strategy draws on."
    ]
    assert not InterventionFieldMapping.objects.exists()
    assert AuditEvent.objects.count() == events


def test_a_bad_code_for_an_unlisted_objective_is_shown_at_the_top(world: World) -> None:
    # When a code the form refuses (too long) is posted for an objective that is not on the page
    response = client_for(world.manager).post(
        world.url, {"specific_objective": world.old_objective.pk, "code": "x" * 30}
    )
    # Then the message is shown above the table, as no row can hold it
    assert response.status_code == 422
    assert response.context["other_errors"]
    assert not any(line.errors for line in response.context["lines"])


def test_the_page_without_an_approved_strategy_says_so(db: None) -> None:
    # Given an agglomeration without a strategy
    olomouc = make_olomouc()
    manager = make_user("boss", (olomouc, Role.MANAGER))
    # When the manager opens the page
    url = reverse("monitoring:intervention_fields", args=[olomouc.slug])
    response = client_for(manager).get(url)
    # Then it says there is nothing to set yet
    assert response.status_code == 200
    assert "The agglomeration has no approved strategy with a financial plan yet." in (
        response.content.decode()
    )
    assert intervention_page(olomouc).rows == []
    # And no objective can get a code
    with pytest.raises(ValidationError):
        set_intervention_field(
            olomouc,
            specific_objective=make_programmes().irop_mobility,
            code="081",
            actor=manager,
        )


def _page_queries(django_assert_num_queries: Any, world: World, expected: int) -> None:
    client = client_for(world.manager)
    with django_assert_num_queries(expected):
        assert client.get(world.url).status_code == 200


@pytest.mark.parametrize("extra", [0, 8])
def test_the_page_runs_a_fixed_number_of_queries(
    db: None, django_assert_num_queries: Any, extra: int
) -> None:
    # Given a strategy with 2 or 10 objectives, each with a code
    world = make_world(extra_objectives=extra)
    for line in intervention_page(world.agglomeration).rows:
        set_intervention_field(
            world.agglomeration,
            specific_objective=line.specific_objective,
            code="081",
            actor=world.manager,
        )
    # When the manager opens the page
    # Then the same number of queries runs: session, user, memberships, agglomeration,
    # strategy, plan lines, codes, codebook
    _page_queries(django_assert_num_queries, world, 8)


# ---- the list of operations -------------------------------------------------------------------


def test_the_published_list_carries_the_code_chosen_on_the_page(db: None) -> None:
    # Given an intention whose application was filed, under IROP 2.8 (the operations world)
    from aglomera.monitoring.tests.test_art49 import SELECTED_CODE, operations_world

    ow = operations_world()
    manager = ow.world.users[Role.MANAGER]
    url = reverse("monitoring:intervention_fields", args=[ow.world.agglomeration.slug])
    # When the manager chooses 082 on the page
    response = client_for(manager).post(
        url, {"specific_objective": ow.world.objective.pk, "code": "082"}
    )
    assert response.status_code == 302
    # Then the CSV of the list of operations carries the code and its name
    files = art49.art49_files(ow.world.agglomeration, timezone.localdate())
    rows = list(csv.DictReader(io.StringIO(files["csv"].decode("utf-8"))))
    code_header = next(c.header for c in art49.COLUMNS if c.key == "intervention_code")
    name_header = next(c.header for c in art49.COLUMNS if c.key == "intervention_name")
    row = next(r for r in rows if SELECTED_CODE in r.values())
    # in the list's language (Olomouc publishes in Czech)
    assert (row[code_header], row[name_header]) == (
        "082",
        "Vozový park pro čistou městskou dopravu",
    )
