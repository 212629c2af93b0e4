"""Commitment profiles: the action that sets the yearly shares of a programme's EU money per
agglomeration (rules, audit, removal), the manager's page (every role, outsiders, bad input kept,
fixed queries) and what early warning makes of it (test_early_warning.py has the arithmetic)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from aglomera.accounts.models import Role, User
from aglomera.agglomerations.models import Agglomeration
from aglomera.core.models import AuditEvent
from aglomera.monitoring.actions.commitments import set_commitment_profile
from aglomera.monitoring.forms.commitments import ProfileForm
from aglomera.monitoring.models import CommitmentProfile
from aglomera.monitoring.queries.commitments import (
    commitments_page,
    profile_programmes,
    programme_ids,
)
from aglomera.strategy.models import Period, Programme, SpecificObjective, Strategy
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

D = Decimal
VIEWERS = {Role.MANAGER, Role.COORDINATOR, Role.AUDITOR}
YEARS = tuple(range(2021, 2028))
# An uneven profile: little in 2021, most in the middle of the period
PROFILE = {2021: "0", 2022: "10", 2023: "20", 2024: "20", 2025: "20", 2026: "15", 2027: "15"}


@dataclass
class World:
    agglomeration: Agglomeration
    programmes: Programmes
    strategy: Strategy
    users: dict[Role, User]

    @property
    def manager(self) -> User:
        return self.users[Role.MANAGER]

    @property
    def irop(self) -> Programme:
        return self.programmes.irop

    @property
    def url(self) -> str:
        return reverse("monitoring:commitment_profiles", args=[self.agglomeration.slug])


def make_world(extra_programmes: int = 0) -> World:
    """Olomouc's 2021-2027 strategy planning EU money from IROP (two measures, 150,000,000.00)
    and OPD (300,000,000.00), and from `extra_programmes` more programmes."""
    olomouc = make_olomouc()
    programmes = make_programmes()
    users = Users().every_role(olomouc)
    builder = (
        StrategyBuilder(olomouc, users[Role.MANAGER])
        .with_goal("1", "Mobilita")
        .with_specific_goal("1.1", "Veřejná doprava")
        .with_measure("1.1.1", "Tramvaje", objectives=[programmes.opd_mobility])
        .with_measure("1.1.2", "Terminály", objectives=[programmes.irop_mobility])
        .with_measure("1.1.3", "Cyklostezky", objectives=[programmes.irop_mobility])
        .with_plan("1.1.1", programmes.opd_mobility, eu="300000000.00")
        .with_plan("1.1.2", programmes.irop_mobility, eu="100000000.00", national="5000000.00")
        .with_plan("1.1.3", programmes.irop_mobility, eu="50000000.00")
    )
    for index in range(extra_programmes):
        programme = Programme.objects.create(
            code=f"OP {index}",
            period=Period.P2021,
            name={"cs": f"Program {index}"},
            country="CZ",
            managing_authority={"cs": "MMR"},
            currency="CZK",
        )
        objective = SpecificObjective.objects.create(
            programme=programme, code="1.1", name={"cs": "Cíl"}, fund="erdf"
        )
        code = f"1.1.{index + 4}"
        builder.with_measure(code, f"Opatření {index}", objectives=[objective])
        builder.with_plan(code, objective, eu="1000000.00")
    strategy = builder.approved().build()
    return World(olomouc, programmes, strategy, users)


@pytest.fixture
def world(db: None) -> World:
    return make_world()


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def stored(agglomeration: Agglomeration) -> dict[str, dict[int, Decimal]]:
    profiles: dict[str, dict[int, Decimal]] = {}
    for row in CommitmentProfile.objects.filter(agglomeration=agglomeration).select_related(
        "programme"
    ):
        profiles.setdefault(row.programme.code, {})[row.year] = row.share
    return profiles


def shares(profile: dict[int, str]) -> dict[int, Decimal]:
    return {year: D(share).quantize(D("0.01")) for year, share in profile.items()}


def posted(programme: Programme, profile: dict[int, str]) -> dict[str, Any]:
    return {"programme": programme.pk} | {f"share_{year}": v for year, v in profile.items()}


# ---- the action -------------------------------------------------------------------------------


def test_the_manager_sets_changes_and_removes_a_profile_with_audit(world: World) -> None:
    # When the manager enters IROP's profile
    saved = set_commitment_profile(
        world.agglomeration, programme=world.irop, shares=PROFILE, actor=world.manager
    )
    # Then all seven years are stored for Olomouc, and the change is audited
    assert saved == shares(PROFILE)
    assert stored(world.agglomeration) == {"IROP": shares(PROFILE)}
    event = AuditEvent.objects.get(code="monitoring.commitment_profile.set")
    assert event.agglomeration_id == world.agglomeration.pk
    assert event.object_repr == "IROP"
    assert event.before == {}
    assert event.after == {
        "programme": "IROP",
        "shares": {
            "2021": "0.00",
            "2022": "10.00",
            "2023": "20.00",
            "2024": "20.00",
            "2025": "20.00",
            "2026": "15.00",
            "2027": "15.00",
        },
    }
    # When the same shares are saved again (written differently), nothing is written
    same = {year: f"{value},00" for year, value in PROFILE.items()}
    set_commitment_profile(
        world.agglomeration, programme=world.irop, shares=same, actor=world.manager
    )
    assert AuditEvent.objects.filter(code__startswith="monitoring.commitment_profile").count() == 1
    # When one year's share moves to another, every year is rewritten with before and after
    changed = PROFILE | {2021: "5", 2027: "10"}
    set_commitment_profile(
        world.agglomeration, programme=world.irop, shares=changed, actor=world.manager
    )
    assert stored(world.agglomeration) == {"IROP": shares(changed)}
    last = AuditEvent.objects.filter(code="monitoring.commitment_profile.set").latest("id")
    assert last.before["shares"]["2021"] == "0.00"
    assert (last.after["shares"]["2021"], last.after["shares"]["2027"]) == ("5.00", "10.00")
    # When every year is left empty, the profile is removed (even spread again) and audited
    removed = set_commitment_profile(
        world.agglomeration,
        programme=world.irop,
        shares=dict.fromkeys(YEARS, ""),
        actor=world.manager,
    )
    assert removed == {}
    assert stored(world.agglomeration) == {}
    gone = AuditEvent.objects.get(code="monitoring.commitment_profile.removed")
    assert gone.before["shares"]["2021"] == "5.00" and gone.after == {}
    # And removing what is not there does nothing
    set_commitment_profile(
        world.agglomeration, programme=world.irop, shares={}, actor=world.manager
    )
    assert AuditEvent.objects.filter(code__startswith="monitoring.commitment_profile").count() == 3


def test_shares_are_read_as_people_type_them(world: World) -> None:
    # When the shares come with a decimal comma, spaces, a percent sign or as numbers
    typed: dict[int, object] = {
        2021: " 2,5 ",
        2022: "7.5 %",
        2023: "20",
        2024: D("20"),
        2025: 20,
        2026: "15,00",
        2027: "1\xa05",
    }
    set_commitment_profile(
        world.agglomeration, programme=world.irop, shares=typed, actor=world.manager
    )
    # Then they are stored to the cent
    assert stored(world.agglomeration)["IROP"] == {
        2021: D("2.50"),
        2022: D("7.50"),
        2023: D("20.00"),
        2024: D("20.00"),
        2025: D("20.00"),
        2026: D("15.00"),
        2027: D("15.00"),
    }


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("abc", "Enter a number, e.g. 12.5."),
        ("NaN", "Enter a number, e.g. 12.5."),
        ("Infinity", "Enter a number, e.g. 12.5."),
        ("-1", "Enter a share from 0 to 100."),
        ("100.01", "Enter a share from 0 to 100."),
        ("12.345", "Enter at most two decimal places."),
    ],
)
def test_a_bad_share_is_refused_on_its_year(world: World, bad: str, message: str) -> None:
    # When one year's share is not a number from 0 to 100 with at most two decimals
    with pytest.raises(ValidationError) as refused:
        set_commitment_profile(
            world.agglomeration,
            programme=world.irop,
            shares=PROFILE | {2023: bad},
            actor=world.manager,
        )
    # Then it is refused on that year only, and nothing is stored
    assert refused.value.message_dict == {"share_2023": [message]}
    assert stored(world.agglomeration) == {}


def test_every_year_must_be_given_and_they_must_add_up_to_100(world: World) -> None:
    # When two years are left empty
    with pytest.raises(ValidationError) as partial:
        set_commitment_profile(
            world.agglomeration,
            programme=world.irop,
            shares=PROFILE | {2021: "", 2027: None},
            actor=world.manager,
        )
    # Then each empty year is named
    assert partial.value.message_dict == {
        "share_2021": ["Enter the share of 2021 (0 if nothing is committed)."],
        "share_2027": ["Enter the share of 2027 (0 if nothing is committed)."],
    }
    # When the shares add up to 99.99 or to 100.01
    for last in ("14.99", "15.01"):
        with pytest.raises(ValidationError) as total:
            set_commitment_profile(
                world.agglomeration,
                programme=world.irop,
                shares=PROFILE | {2027: last},
                actor=world.manager,
            )
        # Then the total is refused, with what it adds up to
        [message] = total.value.message_dict["shares"]
        assert message.startswith(f"The shares add up to {99.99 if last < '15' else 100.01}")
        assert "must add up to exactly 100.00" in message
    assert stored(world.agglomeration) == {}


def test_only_programmes_the_strategy_plans_eu_money_from_get_a_profile(world: World) -> None:
    # Given an IROP of 2014-2020 with a profile stored earlier (not on the page)
    old = Programme.objects.create(
        code="IROP",
        period=Period.P2014,
        name={"cs": "IROP 2014–2020"},
        country="CZ",
        managing_authority={"cs": "MMR"},
        currency="CZK",
    )
    CommitmentProfile.objects.create(
        agglomeration=world.agglomeration, programme=old, year=2014, share=D(100)
    )
    # When the manager sets a profile of another country's programme or of the old period
    for programme in (world.programmes.feo, old):
        with pytest.raises(ValidationError) as refused:
            set_commitment_profile(
                world.agglomeration, programme=programme, shares=PROFILE, actor=world.manager
            )
        # Then it is refused on the programme
        assert "programme" in refused.value.message_dict
    assert programme_ids(world.agglomeration) == {world.irop.pk, world.programmes.opd.pk}


def test_a_programme_that_left_the_strategy_keeps_its_profile_editable(world: World) -> None:
    # Given a profile stored for FEO, which the current version no longer plans money from
    feo = world.programmes.feo
    CommitmentProfile.objects.bulk_create(
        CommitmentProfile(
            agglomeration=world.agglomeration, programme=feo, year=year, share=D(share)
        )
        for year, share in PROFILE.items()
    )
    # Then the page lists it, not in the strategy, with its shares
    row = next(r for r in commitments_page(world.agglomeration).rows if r.programme == feo)
    assert (row.planned, row.profiled, row.allocation) == (False, True, D(0))
    # And the manager removes it
    set_commitment_profile(world.agglomeration, programme=feo, shares={}, actor=world.manager)
    assert stored(world.agglomeration) == {}


@pytest.mark.parametrize("role", [role for role in Role if role != Role.MANAGER])
def test_only_the_manager_sets_a_profile(world: World, role: Role) -> None:
    with pytest.raises(PermissionDenied):
        set_commitment_profile(
            world.agglomeration, programme=world.irop, shares=PROFILE, actor=world.users[role]
        )


def test_profiles_are_per_agglomeration(world: World) -> None:
    # Given Opole's strategy drawing on the same IROP objective (programmes are shared)
    objective = world.programmes.irop_mobility
    opole, opole_manager = opole_drawing_on(objective)
    # When each manager enters a different profile
    set_commitment_profile(
        world.agglomeration, programme=world.irop, shares=PROFILE, actor=world.manager
    )
    even_ish = dict.fromkeys(YEARS, "14.28") | {2027: "14.32"}
    set_commitment_profile(opole, programme=world.irop, shares=even_ish, actor=opole_manager)
    # Then each agglomeration keeps its own
    assert stored(world.agglomeration) == {"IROP": shares(PROFILE)}
    assert stored(opole) == {"IROP": shares(even_ish)}
    # And Opole's manager cannot set Olomouc's
    with pytest.raises(PermissionDenied):
        set_commitment_profile(
            world.agglomeration, programme=world.irop, shares=PROFILE, actor=opole_manager
        )


# ---- the page ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_the_page_and_only_the_manager_saves(world: World, role: Role) -> None:
    # Given IROP's profile
    set_commitment_profile(
        world.agglomeration, programme=world.irop, shares=PROFILE, actor=world.manager
    )
    client = client_for(world.users[role])
    # When a member of each role opens the page and tries to save OPD's profile
    page = client.get(world.url)
    saved = client.post(world.url, posted(world.programmes.opd, PROFILE))
    # Then the manager, coordinators and auditors read it, the others get 403
    assert page.status_code == (200 if role in VIEWERS else 403)
    # And only the manager saves
    assert saved.status_code == (302 if role == Role.MANAGER else 403)
    expected = {"IROP": shares(PROFILE)}
    if role == Role.MANAGER:
        expected["OPD"] = shares(PROFILE)
    assert stored(world.agglomeration) == expected
    if role in VIEWERS:
        html = page.content.decode()
        assert "as entered" in html and "even (no profile)" in html
        assert ('name="share_2021"' in html) == (role == Role.MANAGER)
        # And the menu links to the page
        assert f'href="{world.url}"' in html


def test_an_outsider_gets_404_and_anonymous_visitors_log_in(world: World) -> None:
    outsider = client_for(make_user("mallory", (make_opole(), Role.MANAGER)))
    assert outsider.get(world.url).status_code == 404
    assert outsider.post(world.url, posted(world.irop, PROFILE)).status_code == 404
    assert stored(world.agglomeration) == {}
    assert Client().get(world.url).status_code == 302


def test_the_page_lists_the_programmes_with_their_yearly_commitments(world: World) -> None:
    # Given IROP's profile; OPD has none
    set_commitment_profile(
        world.agglomeration, programme=world.irop, shares=PROFILE, actor=world.manager
    )
    # When the manager opens the page
    response = client_for(world.manager).get(world.url)
    # Then both programmes of the plan are listed with their EU allocation and one input a year
    lines = response.context["lines"]
    assert [(line.row.programme.code, line.row.allocation) for line in lines] == [
        ("IROP", D("150000000.00")),
        ("OPD", D("300000000.00")),
    ]
    assert response.context["years"] == YEARS
    irop, opd = lines
    # IROP by its shares (10 % of 150,000,000 in 2022), OPD evenly
    assert [(c.year, c.value) for c in irop.cells][:2] == [(2021, "0.00"), (2022, "10.00")]
    assert [c.amount for c in irop.cells][:2] == [D("0.00"), D("15000000.00")]
    assert [c.value for c in opd.cells] == [""] * 7
    assert opd.cells[0].amount == D("42857142.85")
    html = response.content.decode()
    assert html.count('name="share_2021"') == 2
    assert f'form="profile-{world.irop.pk}" name="share_2022" value="10.00"' in html
    assert "15,000,000.00" in html


def test_the_manager_saves_a_profile_from_the_page(world: World) -> None:
    response = client_for(world.manager).post(world.url, posted(world.irop, PROFILE), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The commitment profile is saved." in html
    assert stored(world.agglomeration) == {"IROP": shares(PROFILE)}


def test_refused_shares_come_back_as_typed_with_the_messages(world: World) -> None:
    # Given IROP's profile
    set_commitment_profile(
        world.agglomeration, programme=world.irop, shares=PROFILE, actor=world.manager
    )
    client = client_for(world.manager)
    # When the manager types a bad share and leaves a year empty
    typed = PROFILE | {2022: "12,345", 2023: ""}
    response = client.post(world.url, posted(world.irop, typed))
    # Then the page comes back with what was typed and each message next to its year
    assert response.status_code == 422
    irop = response.context["lines"][0]
    assert [c.value for c in irop.cells][:3] == ["0", "12,345", ""]
    assert irop.cells[1].errors == ["Enter at most two decimal places."]
    assert irop.cells[3].errors == []
    html = response.content.decode()
    assert 'name="share_2022" value="12,345"' in html
    assert f'id="share-error-{world.irop.pk}-2022"' in html
    # (a bad value is reported first; the empty year then on the next try)
    response = client.post(world.url, posted(world.irop, PROFILE | {2023: ""}))
    assert response.context["lines"][0].cells[2].errors == [
        "Enter the share of 2023 (0 if nothing is committed)."
    ]
    # When the shares add up to 110
    response = client.post(world.url, posted(world.irop, PROFILE | {2021: "10"}))
    # Then the message about the total is under the row, the values as typed
    assert response.status_code == 422
    irop = response.context["lines"][0]
    assert irop.errors == [
        "The shares add up to 110.00; they must add up to exactly 100.00 (or leave every year "
        "empty for an even spread)."
    ]
    assert irop.cells[0].value == "10"
    assert f'id="shares-error-{world.irop.pk}"' in response.content.decode()
    assert not response.context["other_errors"]
    # And OPD's row shows its stored state; the stored profile is unchanged
    assert response.context["lines"][1].errors == []
    assert stored(world.agglomeration) == {"IROP": shares(PROFILE)}


def test_a_programme_outside_the_strategy_is_refused_at_the_top(world: World) -> None:
    client = client_for(world.manager)
    wrong = client.post(world.url, posted(world.programmes.feo, PROFILE))
    missing = client.post(world.url, posted(world.irop, PROFILE) | {"programme": "999999"})
    assert wrong.status_code == missing.status_code == 422
    assert "Choose a programme that the strategy plans EU money from." in wrong.content.decode()
    assert missing.context["other_errors"]
    assert stored(world.agglomeration) == {}


def test_a_programme_only_another_agglomeration_plans_is_refused_by_the_form(
    world: World,
) -> None:
    # Given Opole's strategy planning EU money from a Polish programme that Olomouc's does not
    opole_drawing_on(world.programmes.feo_mobility)
    events = AuditEvent.objects.count()
    # Then Olomouc's form does not accept it
    form = ProfileForm(
        posted(world.programmes.feo, PROFILE), programmes=profile_programmes(world.agglomeration)
    )
    assert not form.is_valid()
    assert list(form.errors) == ["programme"]
    # When Olomouc's manager posts a profile of that programme
    response = client_for(world.manager).post(world.url, posted(world.programmes.feo, PROFILE))
    # Then the page refuses it at the top and nothing is written
    assert response.status_code == 422
    assert response.context["other_errors"] == [
        "Choose a programme that the strategy plans EU money from."
    ]
    assert not CommitmentProfile.objects.exists()
    assert AuditEvent.objects.count() == events


def test_errors_of_a_programme_not_on_the_page_are_shown_at_the_top(world: World) -> None:
    # When a share the form refuses (too long) and a wrong total come for FEO (not on the page)
    client = client_for(world.manager)
    too_long = client.post(world.url, posted(world.programmes.feo, {2021: "1" * 30}))
    # Then the messages are above the table, as no row can hold them
    assert too_long.status_code == 422
    assert too_long.context["other_errors"]
    assert not any(c.errors for line in too_long.context["lines"] for c in line.cells)


def test_the_page_without_an_approved_strategy_says_so(db: None) -> None:
    olomouc = make_olomouc()
    manager = make_user("boss", (olomouc, Role.MANAGER))
    url = reverse("monitoring:commitment_profiles", args=[olomouc.slug])
    response = client_for(manager).get(url)
    assert response.status_code == 200
    assert "no approved strategy with EU money" in response.content.decode()
    page = commitments_page(olomouc)
    assert (page.strategy, page.years, page.rows) == (None, (), [])
    with pytest.raises(ValidationError):
        set_commitment_profile(
            olomouc, programme=make_programmes().irop, shares=PROFILE, actor=manager
        )


@pytest.mark.parametrize("extra", [0, 6])
def test_the_page_runs_a_fixed_number_of_queries(
    db: None, django_assert_num_queries: Any, extra: int
) -> None:
    # Given a strategy with 2 or 8 programmes, each with a profile
    world = make_world(extra_programmes=extra)
    for row in commitments_page(world.agglomeration).rows:
        set_commitment_profile(
            world.agglomeration, programme=row.programme, shares=PROFILE, actor=world.manager
        )
    client = client_for(world.manager)
    # When the manager opens the page
    # Then the same number of queries runs: session, user, agglomeration, memberships,
    # strategy, EU plan per programme, profiles, programmes
    with django_assert_num_queries(8):
        assert client.get(world.url).status_code == 200
