"""The comparison of a partnership's strategies: EUR at each office's own rate of the as-of
day's month (a rate change between two days, a month without a rate), one money basis, the
per-capita figures, the EU common indicators matched by code, the groups per policy objective
and type of intervention, who opens the page (written by hand per role) and a fixed number of
queries whatever the size of the strategies."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aglomera.accounts.models import Role, User
from aglomera.agglomerations.models import Agglomeration, Municipality, MunicipalityKind
from aglomera.cooperation import actions
from aglomera.cooperation.actions import sharing as sharing_actions
from aglomera.cooperation.models import Partnership
from aglomera.cooperation.queries.comparison import (
    compared_strategies,
    get_comparison,
    policy_objective,
)
from aglomera.cooperation.tests.helpers import CooperationWorld
from aglomera.monitoring.actions.intervention import set_intervention_field
from aglomera.monitoring.actions.summary import rebuild_strategy_summary
from aglomera.strategy import actions as strategy_actions
from aglomera.strategy.models import (
    Fund,
    IndicatorCode,
    Period,
    Programme,
    SpecificObjective,
    Strategy,
)
from aglomera.strategy.tests.builders import StrategyBuilder, make_programmes

pytestmark = pytest.mark.django_db

JANUARY = date(2026, 1, 15)
FEBRUARY = date(2026, 2, 10)
MARCH = date(2026, 3, 5)  # no rate for March in either table

READ_ANSWERS = {
    Role.MANAGER: 200,
    Role.COORDINATOR: 200,
    Role.AUDITOR: 200,
    Role.PARTNER: 200,
    Role.APPLICANT: 403,
    Role.COMMITTEE: 403,
    Role.WORKING_GROUP: 403,
}


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def objective(programme_code: str, code: str) -> SpecificObjective:
    programmes = make_programmes()
    programme = programmes.irop if programme_code == "IROP" else programmes.feo
    found, _ = SpecificObjective.objects.get_or_create(
        programme=programme, code=code, defaults={"name": {"en": code}, "fund": Fund.ERDF}
    )
    return found


def rate(agglomeration: Agglomeration, currency: str, day: date, units: str, user: User) -> None:
    strategy_actions.set_exchange_rate(
        agglomeration=agglomeration,
        currency=currency,
        valid_from=day,
        units_per_eur=Decimal(units),
        source="ECB test rate",
        actor=user,
    )


def olomouc_strategy(w: CooperationWorld, extra_measures: int = 0) -> Strategy:
    """CZK: 2,500,000 in IROP RSO 2.8 (type of intervention 081, RCO58 target 10 km) and
    1,500,000 in IROP RSO 4.2 (no type recorded); `extra_measures` more in RSO 4.2, 0.01 each."""
    mobility, schools = objective("IROP", "RSO 2.8"), objective("IROP", "RSO 4.2")
    builder = (
        StrategyBuilder(w.olomouc, w.manager, name={"en": "Olomouc ITI 2021+"})
        .with_goal("1", "Mobilita")
        .with_specific_goal("1.1", "Doprava")
        .with_measure("1.1.1", "Cyklo", objectives=[mobility])
        .with_plan("1.1.1", mobility, eu="2500000.00")
        .with_indicator("1.1.1", IndicatorCode.objects.get(code="RCO58"), baseline=0, target=10)
        .with_measure("1.1.2", "Školy", objectives=[schools])
        .with_plan("1.1.2", schools, eu="1500000.00")
    )
    for i in range(extra_measures):
        code = f"1.1.{i + 3}"
        builder.with_measure(code, f"Další {i}", objectives=[schools])
        builder.with_plan(code, schools, eu="0.01")
    strategy = builder.approved().build()
    rebuild_strategy_summary(strategy)  # the dashboard's summary
    set_intervention_field(w.olomouc, specific_objective=mobility, code="081", actor=w.manager)
    return strategy


def opole_strategy(w: CooperationWorld) -> Strategy:
    """PLN: 430,000 in FEO Działanie 2.8 (type 081; RCO58 target 20 km, RCO57 only here)."""
    manager = w.users(w.opole, Role.MANAGER)
    mobility = objective("FEO", "Działanie 2.8")
    strategy = (
        StrategyBuilder(w.opole, manager, name={"en": "Opole ZIT 2021+"})
        .with_goal("1", "Mobilność")
        .with_specific_goal("1.1", "Transport")
        .with_measure("1.1.1", "Rowery", objectives=[mobility])
        .with_plan("1.1.1", mobility, eu="430000.00")
        .with_indicator("1.1.1", IndicatorCode.objects.get(code="RCO58"), baseline=0, target=20)
        .with_indicator("1.1.1", IndicatorCode.objects.get(code="RCO57"), baseline=0, target=5)
        .approved()
        .build()
    )
    rebuild_strategy_summary(strategy)
    set_intervention_field(w.opole, specific_objective=mobility, code="081", actor=manager)
    return strategy


def rates(w: CooperationWorld) -> None:
    opole_manager = w.users(w.opole, Role.MANAGER)
    rate(w.olomouc, "CZK", date(2026, 1, 1), "25", w.manager)
    rate(w.olomouc, "CZK", date(2026, 2, 1), "24", w.manager)
    rate(w.opole, "PLN", date(2026, 1, 1), "4.3", opole_manager)
    rate(w.opole, "PLN", date(2026, 2, 1), "4", opole_manager)
    # Opole's own CZK rate is never used for Olomouc's figures: each office states its own
    rate(w.opole, "CZK", date(2026, 1, 1), "20", opole_manager)


def populations(w: CooperationWorld) -> None:
    for agglomeration, code, name, kind, people in (
        (w.olomouc, "500496", "Olomouc", MunicipalityKind.CITY, 80000),
        (w.olomouc, "552356", "Babice", MunicipalityKind.MUNICIPALITY, 20000),
        (w.opole, "1661011", "Opole", MunicipalityKind.CITY, 50000),
        (w.opole, "1609", "Powiat Opolski", MunicipalityKind.POWIAT, None),  # left out
    ):
        Municipality.objects.create(
            agglomeration=agglomeration, code=code, name=name, kind=kind, population=people
        )


@pytest.fixture
def compared(world: CooperationWorld) -> CooperationWorld:
    olomouc_strategy(world)
    share_dashboard(world, world.opole, opole_strategy(world))
    rates(world)
    populations(world)
    return world


def share_dashboard(w: CooperationWorld, sharer: Agglomeration, strategy: Strategy) -> None:
    """`sharer`'s manager shares the dashboard of its strategy with the partnership."""
    sharing_actions.share(
        w.partnership,
        agglomeration=sharer,
        actor=w.users(sharer, Role.MANAGER),
        dashboards=[strategy.pk],
    )


def url(w: CooperationWorld, slug: str = "olomouc", partnership: Partnership | None = None) -> str:
    return reverse("cooperation:comparison", args=[slug, (partnership or w.partnership).pk])


# ---- conversion -----------------------------------------------------------------------------


def test_each_side_is_converted_at_its_own_rate_of_the_days_month(
    compared: CooperationWorld,
) -> None:
    january = get_comparison(compared.partnership, as_of=JANUARY)
    olomouc, opole = january.sides
    assert (olomouc.agglomeration, opole.agglomeration) == (compared.olomouc, compared.opole)
    assert olomouc.native == {
        "CZK": {
            "allocation": Decimal("4000000.00"),
            "endorsed": Decimal("0"),
            "contracted": Decimal("0"),
            "paid": Decimal("0"),
        }
    }
    assert olomouc.eur["allocation"] == Decimal("160000.00")  # 4,000,000 / 25
    assert opole.eur["allocation"] == Decimal("100000.00")  # 430,000 / 4.3
    assert olomouc.rates["CZK"] is not None
    assert olomouc.rates["CZK"].valid_from == date(2026, 1, 1)
    assert list(opole.rates) == ["PLN"]  # Opole's CZK rate plays no part

    # the rates changed on 1 February
    february = get_comparison(compared.partnership, as_of=FEBRUARY)
    assert february.sides[0].eur["allocation"] == Decimal("166666.67")  # / 24
    assert february.sides[1].eur["allocation"] == Decimal("107500.00")  # / 4


def test_the_page_shows_the_rate_its_day_and_source_next_to_the_figures(
    compared: CooperationWorld,
) -> None:
    page = client_of(compared.manager).get(url(compared), {"as_of": "2026-02-10"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "1 EUR = 24 CZK" in text and "1 EUR = 4 PLN" in text
    assert "ECB test rate" in text
    assert "166,666.67 EUR" in text and "107,500.00 EUR" in text
    assert "4,000,000.00 CZK" in text and "430,000.00 PLN" in text


def test_a_month_without_a_rate_is_said_and_no_eur_figure_is_shown(
    compared: CooperationWorld,
) -> None:
    march = get_comparison(compared.partnership, as_of=MARCH)
    olomouc, opole = march.sides
    assert olomouc.missing_rates == ["CZK"] and opole.missing_rates == ["PLN"]
    assert olomouc.eur["allocation"] is None and opole.eur["allocation"] is None
    assert olomouc.per_capita["allocation"] is None
    assert all(cell.eur is None for group in march.themes for side in group.cells for cell in side)

    page = client_of(compared.manager).get(url(compared), {"as_of": "2026-03-05"})
    text = page.content.decode()
    assert "has no CZK rate for the month of 2026-03-05" in text
    assert "has no PLN rate for the month of 2026-03-05" in text
    assert "EUR unknown (no rate)" in text
    assert "0.00 EUR" not in text  # unknown is never shown as zero
    assert "160,000.00" not in text  # January's rate is not borrowed


def test_a_strategy_in_eur_needs_no_rate(world: CooperationWorld) -> None:
    # Ostrava draws on a programme in EUR (an Interreg one) and keeps no rate at all
    manager = world.users(world.ostrava, Role.MANAGER)
    interreg = Programme.objects.create(
        code="Interreg CZ-PL",
        period=Period.P2021,
        name={"en": "Interreg Czechia-Poland"},
        country="CZ",
        managing_authority={"cs": "MMR"},
        currency="EUR",
    )
    shared = SpecificObjective.objects.create(
        programme=interreg, code="RSO 2.4", name={"en": "Climate"}, fund=Fund.ERDF
    )
    ostrava_strategy = (
        StrategyBuilder(world.ostrava, manager)
        .with_goal("1", "Klima")
        .with_specific_goal("1.1", "Adaptace")
        .with_measure("1.1.1", "Zeleň", objectives=[shared])
        .with_plan("1.1.1", shared, eu="12345.67")
        .approved()
        .build()
    )
    olomouc_strategy(world)
    partnership = actions.create_partnership(
        world.olomouc,
        [world.ostrava],
        actions.PartnershipFields(name={"cs": "Olomouc–Ostrava"}),
        actor=world.manager,
    )
    sharing_actions.share(
        partnership, agglomeration=world.ostrava, actor=manager, dashboards=[ostrava_strategy.pk]
    )
    olomouc, ostrava = get_comparison(partnership, as_of=JANUARY).sides
    assert ostrava.rates == {} and ostrava.missing_rates == []
    assert ostrava.eur["allocation"] == Decimal("12345.67")
    assert olomouc.missing_rates == ["CZK"]  # Olomouc has no rate in this test
    text = client_of(world.manager).get(url(world, partnership=partnership)).content.decode()
    assert "EUR: no conversion needed." in text
    assert "12,345.67 EUR" in text


# ---- one basis --------------------------------------------------------------------------------


def test_only_the_basis_the_dashboard_summary_holds_is_offered(compared: CooperationWorld) -> None:
    client = client_of(compared.manager)
    page = client.get(url(compared), {"as_of": "2026-01-15", "basis": "eu"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "EU support (the Union contribution)" in text
    assert '<option value="eu" selected>' in text
    assert text.count("<option") == 1  # no other basis to mix with

    refused = client.get(url(compared), {"as_of": "2026-01-15", "basis": "total"})
    assert refused.status_code == 422
    text = refused.content.decode()
    assert 'aria-invalid="true" aria-describedby="c-basis-errors"' in text
    assert "160,000.00 EUR" in text  # shown on EU support, the one basis
    with pytest.raises(ValueError, match="basis"):
        get_comparison(compared.partnership, as_of=JANUARY, basis="total")


def test_a_date_outside_the_bounds_is_refused_and_today_shown(compared: CooperationWorld) -> None:
    page = client_of(compared.manager).get(url(compared), {"as_of": "1999-12-31"})
    assert page.status_code == 422
    assert 'value="1999-12-31"' in page.content.decode()  # what was typed is kept


# ---- per capita, groups, indicators -------------------------------------------------------


def test_per_capita_figures_from_the_municipalities_without_the_counties(
    compared: CooperationWorld,
) -> None:
    olomouc, opole = get_comparison(compared.partnership, as_of=JANUARY).sides
    assert olomouc.population.total == 100000
    assert olomouc.per_capita["allocation"] == Decimal("1.60")  # 160,000 EUR / 100,000
    assert opole.population.total == 50000  # the powiat is left out
    assert opole.per_capita["allocation"] == Decimal("2.00")


def test_an_unknown_population_gives_no_per_capita_figure(compared: CooperationWorld) -> None:
    Municipality.objects.create(
        agglomeration=compared.opole, code="1605013", name="Gogolin", kind=MunicipalityKind.GMINA
    )
    opole = get_comparison(compared.partnership, as_of=JANUARY).sides[1]
    assert not opole.population.known
    assert opole.per_capita["allocation"] is None
    text = client_of(compared.manager).get(url(compared), {"as_of": "2026-01-15"}).content
    assert "1 municipality has no population recorded" in text.decode()


def test_shares_per_policy_objective_and_per_type_of_intervention(
    compared: CooperationWorld,
) -> None:
    found = get_comparison(compared.partnership, as_of=JANUARY)
    objectives = {group.key: group for group in found.objectives}
    assert list(objectives) == ["2", "4", ""]
    po2 = objectives["2"].cells
    assert (po2[0][0].eur, po2[0][0].share) == (Decimal("100000.00"), Decimal("62.5"))
    assert objectives["4"].cells[0][0].share == Decimal("37.5")
    # FEO numbers its actions its own way: no policy objective is guessed
    assert objectives[""].cells[1][0].share == Decimal("100.0")
    assert objectives["2"].cells[1][0].eur == Decimal("0")

    themes = {group.key: group for group in found.themes}
    assert list(themes) == ["081", ""]
    assert themes["081"].label.startswith("081 ")
    both = themes["081"].cells
    assert (both[0][0].eur, both[0][0].share) == (Decimal("100000.00"), Decimal("62.5"))
    assert (both[1][0].eur, both[1][0].share) == (Decimal("100000.00"), Decimal("100.0"))


def test_policy_objectives_are_read_only_from_the_regulations_codes() -> None:
    assert [policy_objective(c) for c in ("RSO 2.8", "ESO 4.1", "rso1.1")] == ["2", "4", "1"]
    assert [policy_objective(c) for c in ("Działanie 2.8", "SC 1.1", "2.8", "RSO 9.1")] == [
        "",
        "",
        "",
        "",
    ]


def test_indicators_are_matched_by_their_eu_common_code(compared: CooperationWorld) -> None:
    found = get_comparison(compared.partnership, as_of=JANUARY)
    assert [match.code for match in found.indicators] == ["RCO58"]  # RCO57 is Opole's only
    match = found.indicators[0]
    assert match.unit == "km"
    targets = [row.target_2029 for row in match.rows if row is not None]
    assert targets == [Decimal("10"), Decimal("20")]
    text = client_of(compared.manager).get(url(compared), {"as_of": "2026-01-15"}).content
    assert "RCO58" in text.decode() and "RCO57" not in text.decode()


def test_a_member_without_a_strategy_is_said(world: CooperationWorld) -> None:
    olomouc_strategy(world)
    chosen, withheld = compared_strategies(world.partnership, [world.olomouc, world.opole])
    assert chosen[world.opole.pk] is None and not withheld
    assert chosen[world.olomouc.pk] is not None
    text = client_of(world.manager).get(url(world)).content.decode()
    assert "No approved strategy to compare." in text


def test_the_partnership_page_links_the_comparison(world: CooperationWorld) -> None:
    page = client_of(world.manager).get(
        reverse("cooperation:partnership", args=["olomouc", world.partnership.pk])
    )
    assert f'href="{url(world)}"' in page.content.decode()


def test_charts_carry_the_csp_nonce_and_their_data(compared: CooperationWorld) -> None:
    text = client_of(compared.manager).get(url(compared), {"as_of": "2026-01-15"}).content
    page = text.decode()
    assert 'src="/static/plotly/plotly.min.js" defer nonce="' in page
    for chart in ("totals", "per-capita", "objectives", "themes", "indicators"):
        assert f'data-chart-source="{chart}-data"' in page
        assert f'<script id="{chart}-data" type="application/json">' in page
    assert "<script>" not in page  # no inline script without a nonce


# ---- who reads it ---------------------------------------------------------------------------


@pytest.mark.parametrize("side", ["olomouc", "opole"])
@pytest.mark.parametrize("role", list(Role))
def test_the_staff_of_both_members_read_the_comparison_by_role(
    compared: CooperationWorld, side: str, role: Role
) -> None:
    agglomeration = compared.olomouc if side == "olomouc" else compared.opole
    client = client_of(compared.users(agglomeration, role))
    assert client.get(url(compared, side)).status_code == READ_ANSWERS[role]


def test_an_outsider_gets_404_on_every_slug(compared: CooperationWorld) -> None:
    client = client_of(compared.users(compared.ostrava, Role.MANAGER))
    for slug in ("olomouc", "opole", "ostrava"):
        assert client.get(url(compared, slug)).status_code == 404


# ---- a fixed number of queries ---------------------------------------------------------------


QUERIES = 38


@pytest.mark.parametrize("size", [0, 25])
def test_the_page_takes_a_fixed_number_of_queries(world: CooperationWorld, size: int) -> None:
    olomouc_strategy(world, extra_measures=size)
    share_dashboard(world, world.opole, opole_strategy(world))
    rates(world)
    populations(world)
    for i in range(size):
        Municipality.objects.create(
            agglomeration=world.olomouc,
            code=f"9{i:05}",
            name=f"Obec {i}",
            kind=MunicipalityKind.MUNICIPALITY,
            population=100,
        )
    other = actions.create_partnership(
        world.olomouc,
        [world.ostrava],
        actions.PartnershipFields(name={"cs": "Olomouc–Ostrava"}),
        actor=world.manager,
    )
    assert other.pk
    client = client_of(world.manager)
    client.get(url(world))  # warm the session and the content types
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url(world), {"as_of": "2026-01-15"}).status_code == 200
    assert len(captured) == QUERIES


# ---- sharing ---------------------------------------------------------------------------------


def test_a_partner_figures_show_only_when_its_dashboard_is_shared(world: CooperationWorld) -> None:
    """Olomouc reads its own figures always, Opole's only once Opole shares its dashboard; and
    the other way round: Olomouc shares nothing, so Opole's staff see only their own side."""
    olomouc_strategy(world)
    opole = opole_strategy(world)
    rates(world)
    populations(world)
    olomouc_page = client_of(world.manager).get(url(world), {"as_of": "2026-01-15"})
    text = olomouc_page.content.decode()
    assert "Shares no strategy's dashboard with this partnership." in text
    assert "Opole ZIT 2021+" not in text and "Olomouc ITI 2021+" in text
    opole_manager = client_of(world.users(world.opole, Role.MANAGER))
    text = opole_manager.get(url(world, "opole"), {"as_of": "2026-01-15"}).content.decode()
    assert "Olomouc ITI 2021+" not in text and "Opole ZIT 2021+" in text
    assert "Shares no strategy's dashboard with this partnership." in text
    # sharing the strategy (the tree) is not sharing its figures
    sharing_actions.share(
        world.partnership,
        agglomeration=world.opole,
        actor=world.users(world.opole, Role.MANAGER),
        strategies=[opole.pk],
    )
    text = client_of(world.manager).get(url(world), {"as_of": "2026-01-15"}).content.decode()
    assert "Opole ZIT 2021+" not in text
    share_dashboard(world, world.opole, opole)
    text = client_of(world.manager).get(url(world), {"as_of": "2026-01-15"}).content.decode()
    assert "Opole ZIT 2021+" in text
    assert "Shares no strategy's dashboard with this partnership." not in text
