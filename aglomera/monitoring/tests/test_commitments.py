"""Programme tranches: the actions that keep a programme's yearly EU tranches, pre-financing and
reported decommitments per agglomeration (rules, audit, removal), the manager's pages (every
role, outsiders, bad input kept, fixed queries), and the data migration from the commitment
profiles. test_early_warning.py has the arithmetic."""

from __future__ import annotations

import importlib
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aglomera.accounts.models import Role, User
from aglomera.agglomerations.models import Agglomeration
from aglomera.core.models import AuditEvent
from aglomera.monitoring.actions.commitments import (
    record_decommitment,
    remove_decommitment,
    set_programme_financing,
)
from aglomera.monitoring.models import (
    ProgrammeFinancing,
    ProgrammeYear,
    RegionCategory,
    ReportedDecommitment,
)
from aglomera.monitoring.queries.commitments import commitments_page, offered_funds
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
LESS = RegionCategory.LESS_DEVELOPED
# IROP's tranches (whole programme, CZK): no 2021 tranche (moved to 2022-2025)
TRANCHES = {
    2021: "",
    2022: "1500000000",
    2023: "1500000000",
    2024: "1500000000",
    2025: "1500000000",
    2026: "1000000000",
    2027: "1000000000",
}
PRE = {2022: "90000000", 2023: "60000000", 2024: "30000000", 2025: "30000000", 2026: "30000000"}


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
        return reverse("monitoring:commitments", args=[self.agglomeration.slug])

    def programme_url(self, programme: Programme | None = None) -> str:
        return reverse(
            "monitoring:programme_commitments",
            args=[self.agglomeration.slug, (programme or self.irop).pk],
        )

    def decommitment_url(self, programme: Programme | None = None) -> str:
        return reverse(
            "monitoring:decommitment_new",
            args=[self.agglomeration.slug, (programme or self.irop).pk],
        )


def make_world(extra_programmes: int = 0) -> World:
    """Olomouc's 2021-2027 strategy planning EU money from IROP (ERDF, two measures,
    150,000,000.00) and OPD (CF, 300,000,000.00), and from `extra_programmes` more."""
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
            programme=programme, code="1.1", name={"cs": "Cíl"}, fund="ERDF"
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


def stored(agglomeration: Agglomeration) -> dict[tuple[str, str], dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for item in ProgrammeFinancing.objects.filter(agglomeration=agglomeration).select_related(
        "programme"
    ):
        years = ProgrammeYear.objects.filter(financing=item).order_by("year")
        found[(item.programme.code, item.fund)] = {
            "category": item.region_category,
            "shares_only": item.shares_only,
            "tranches": {y.year: y.tranche for y in years},
            "pre_financing": {y.year: y.pre_financing for y in years},
        }
    return found


def amounts(typed: dict[int, str]) -> dict[int, Decimal]:
    """What the action stores for every year of 2021-2027: the amounts, 0 where left empty."""
    values = {year: typed.get(year, "") for year in YEARS}
    return {
        year: D(str(value).replace(" ", "").replace(",", ".") or "0").quantize(D("0.01"))
        for year, value in values.items()
    }


def set_irop(world: World, **changes: Any) -> ProgrammeFinancing | None:
    values: dict[str, Any] = {
        "programme": world.irop,
        "fund": "ERDF",
        "region_category": LESS,
        "tranches": TRANCHES,
        "pre_financing": PRE,
        "actor": world.manager,
    }
    values.update(changes)
    return set_programme_financing(world.agglomeration, **values)


def decommit(world: World, **changes: Any) -> ReportedDecommitment:
    values: dict[str, Any] = {
        "programme": world.irop,
        "fund": "ERDF",
        "tranche_year": 2022,
        "amount": "25000000",
        "decided_on": date(2026, 3, 15),
        "reference": "MMR č. j. 1234/2026",
        "actor": world.manager,
    }
    values.update(changes)
    return record_decommitment(world.agglomeration, **values)


def posted(
    fund: str, tranches: dict[int, str], pre: dict[int, str], category: str = LESS
) -> dict[str, Any]:
    return (
        {"fund": fund, "region_category": category}
        | {f"tranche_{year}": tranches.get(year, "") for year in YEARS}
        | {f"pre_financing_{year}": pre.get(year, "") for year in YEARS}
    )


# ---- the action: tranches and pre-financing -----------------------------------------------------


def test_the_manager_sets_changes_and_removes_a_programmes_data_with_audit(world: World) -> None:
    # When the manager enters IROP's tranches and pre-financing
    saved = set_irop(world)
    # Then all seven years are stored for Olomouc, 2021 without a tranche, and audited
    assert saved is not None
    assert stored(world.agglomeration) == {
        ("IROP", "ERDF"): {
            "category": LESS,
            "shares_only": False,
            "tranches": amounts(TRANCHES),
            "pre_financing": amounts(PRE),
        }
    }
    event = AuditEvent.objects.get(code="monitoring.programme_financing.set")
    assert (event.agglomeration_id, event.object_repr, event.before) == (
        world.agglomeration.pk,
        "IROP",
        {},
    )
    assert event.after["tranches"]["2021"] == "0.00"
    assert event.after["tranches"]["2022"] == "1500000000.00"
    assert event.after["pre_financing"]["2022"] == "90000000.00"
    assert (event.after["fund"], event.after["region_category"]) == ("ERDF", LESS)
    # When the same data are saved again (written differently), nothing is written
    set_irop(world, tranches=TRANCHES | {2022: "1 500 000 000,00"})
    assert AuditEvent.objects.filter(code__startswith="monitoring.programme_financing").count() == 1
    # When a tranche and the category change, every year is rewritten with before and after
    set_irop(world, tranches=TRANCHES | {2027: "900000000"}, region_category="transition")
    last = AuditEvent.objects.filter(code="monitoring.programme_financing.set").latest("id")
    assert (last.before["tranches"]["2027"], last.after["tranches"]["2027"]) == (
        "1000000000.00",
        "900000000.00",
    )
    assert last.before["region_category"] == LESS
    assert stored(world.agglomeration)[("IROP", "ERDF")]["category"] == "transition"
    # When every year is left empty, the data are removed and audited
    removed = set_irop(world, tranches=dict.fromkeys(YEARS, ""), pre_financing={})
    assert removed is None
    assert stored(world.agglomeration) == {}
    gone = AuditEvent.objects.get(code="monitoring.programme_financing.removed")
    assert gone.before["tranches"]["2027"] == "900000000.00" and gone.after == {}
    # And removing what is not there does nothing
    assert set_irop(world, tranches={}, pre_financing={}) is None
    assert AuditEvent.objects.filter(code__startswith="monitoring.programme_financing").count() == 3


def test_amounts_are_read_as_people_type_them(world: World) -> None:
    typed = {2022: " 1 500 000 000,50 ", 2023: "1\xa0200\xa0000\xa0000", 2024: D("7"), 2025: 3}
    set_irop(world, tranches=typed, pre_financing={2022: "0"})
    saved = stored(world.agglomeration)[("IROP", "ERDF")]
    assert saved["tranches"] == amounts({}) | {
        2022: D("1500000000.50"),
        2023: D("1200000000.00"),
        2024: D("7.00"),
        2025: D("3.00"),
    }
    assert saved["pre_financing"] == amounts({})


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("abc", "Enter an amount, for example 1,250,000.50."),
        ("NaN", "Enter an amount, for example 1,250,000.50."),
        ("Infinity", "Enter an amount, for example 1,250,000.50."),
        ("-1", "The amount cannot be negative."),
        ("12.345", "Enter at most two decimal places."),
        ("10000000000000", "The amount is too large."),
        ("9" * 30, "The amount is too large."),  # beyond the decimal context: once a 500
        ("9" * 30 + ".123", "The amount is too large."),
        ("1e10", "Enter an amount, for example 1,250,000.50."),
        ("+5", "Enter an amount, for example 1,250,000.50."),
        ("5²", "Enter an amount, for example 1,250,000.50."),
    ],
)
def test_a_bad_amount_is_refused_on_its_year(world: World, bad: str, message: str) -> None:
    # When one tranche and one pre-financing are not amounts
    with pytest.raises(ValidationError) as refused:
        set_irop(world, tranches=TRANCHES | {2023: bad}, pre_financing=PRE | {2024: bad})
    # Then each is refused on its year, and nothing is stored
    assert refused.value.message_dict == {
        "tranche_2023": [message],
        "pre_financing_2024": [message],
    }
    assert stored(world.agglomeration) == {}


def test_the_category_and_a_tranche_are_required(world: World) -> None:
    with pytest.raises(ValidationError) as no_category:
        set_irop(world, region_category="")
    assert no_category.value.message_dict == {"region_category": ["Choose the category of region."]}
    with pytest.raises(ValidationError) as pre_only:
        set_irop(world, tranches={2022: "0"})
    assert pre_only.value.message_dict == {
        "tranches": ["Enter the tranche of at least one year (above zero)."]
    }
    assert stored(world.agglomeration) == {}


def test_only_the_strategys_programmes_and_funds_are_kept(world: World) -> None:
    # Given an IROP of 2014-2020 with data stored earlier (not offered: another period)
    old = Programme.objects.create(
        code="IROP",
        period=Period.P2014,
        name={"cs": "IROP 2014–2020"},
        country="CZ",
        managing_authority={"cs": "MMR"},
        currency="CZK",
    )
    ProgrammeFinancing.objects.create(agglomeration=world.agglomeration, programme=old, fund="ERDF")
    # When the manager sets another country's programme, the old period's, or IROP's CF
    for programme, fund in ((world.programmes.feo, "ERDF"), (old, "ERDF"), (world.irop, "CF")):
        with pytest.raises(ValidationError) as refused:
            set_irop(world, programme=programme, fund=fund)
        # Then it is refused on the fund
        assert list(refused.value.message_dict) == ["fund"]
    assert offered_funds(world.agglomeration, world.irop) == {"ERDF"}
    assert offered_funds(world.agglomeration, world.programmes.opd) == {"CF"}
    assert offered_funds(world.agglomeration, old) == set()


def test_a_fund_that_left_the_strategy_keeps_its_data_editable(world: World) -> None:
    # Given data stored for IROP's CF, which the strategy does not plan money from
    ProgrammeFinancing.objects.create(
        agglomeration=world.agglomeration, programme=world.irop, fund="CF"
    )
    # Then the page lists it, not in the strategy, and the manager can remove it
    row = next(r for r in commitments_page(world.agglomeration).rows if r.fund == "CF")
    assert (row.planned, row.allocation, row.financing is not None) == (False, D(0), True)
    assert offered_funds(world.agglomeration, world.irop) == {"CF", "ERDF"}
    set_irop(world, fund="CF", tranches={}, pre_financing={})
    assert stored(world.agglomeration) == {}


def test_yearly_shares_migrated_from_a_profile_are_replaced_by_amounts(world: World) -> None:
    # Given IROP's profile migrated as shares
    migrated = ProgrammeFinancing.objects.create(
        agglomeration=world.agglomeration, programme=world.irop, fund="ERDF", shares_only=True
    )
    ProgrammeYear.objects.create(financing=migrated, year=2021, tranche=D(100))
    # When the manager enters the amounts
    set_irop(world)
    # Then they replace the shares and the mark goes
    saved = stored(world.agglomeration)[("IROP", "ERDF")]
    assert (saved["shares_only"], saved["tranches"]) == (False, amounts(TRANCHES))
    assert AuditEvent.objects.get(code="monitoring.programme_financing.set").before["shares_only"]


@pytest.mark.parametrize("role", [role for role in Role if role != Role.MANAGER])
def test_only_the_manager_writes(world: World, role: Role) -> None:
    set_irop(world)
    item = decommit(world)
    actor = world.users[role]
    with pytest.raises(PermissionDenied):
        set_irop(world, actor=actor)
    with pytest.raises(PermissionDenied):
        decommit(world, actor=actor)
    with pytest.raises(PermissionDenied):
        remove_decommitment(item, actor=actor)


def test_data_are_per_agglomeration(world: World) -> None:
    # Given Opole's strategy drawing on the same IROP objective (programmes are shared)
    opole, opole_manager = opole_drawing_on(world.programmes.irop_mobility)
    # When each manager enters different data
    set_irop(world)
    set_programme_financing(
        opole,
        programme=world.irop,
        fund="ERDF",
        region_category="transition",
        tranches={2021: "1000"},
        pre_financing={},
        actor=opole_manager,
    )
    # Then each agglomeration keeps its own
    assert stored(world.agglomeration)[("IROP", "ERDF")]["category"] == LESS
    assert stored(opole)[("IROP", "ERDF")]["tranches"][2021] == D("1000.00")
    # And Opole's manager cannot set Olomouc's
    with pytest.raises(PermissionDenied):
        set_irop(world, actor=opole_manager)


# ---- the action: reported decommitments ----------------------------------------------------------


def test_the_manager_records_and_removes_a_reported_decommitment_with_audit(world: World) -> None:
    set_irop(world)
    token = uuid.uuid4()
    # When the manager records what the managing authority reported
    item = decommit(
        world, amount="25 000 000,00", reference="  MMR č. j. 1234/2026 ", form_token=token
    )
    # Then it is stored and audited
    assert (item.tranche_year, item.amount, item.decided_on, item.reference) == (
        2022,
        D("25000000.00"),
        date(2026, 3, 15),
        "MMR č. j. 1234/2026",
    )
    event = AuditEvent.objects.get(code="monitoring.decommitment.recorded")
    assert event.after == {
        "programme": "IROP",
        "fund": "ERDF",
        "tranche_year": 2022,
        "amount": "25000000.00",
        "decided_on": "2026-03-15",
        "reference": "MMR č. j. 1234/2026",
    }
    # And the same form sent twice records it once
    assert decommit(world, form_token=token) == item
    assert ReportedDecommitment.objects.count() == 1
    # While it exists, IROP's tranches cannot be removed
    with pytest.raises(ValidationError) as kept:
        set_irop(world, tranches={}, pre_financing={})
    assert list(kept.value.message_dict) == ["fund"]
    # When it is removed, that is audited too
    remove_decommitment(item, actor=world.manager)
    assert not ReportedDecommitment.objects.exists()
    removed = AuditEvent.objects.get(code="monitoring.decommitment.removed")
    assert removed.before["amount"] == "25000000.00"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"tranche_year": 2021}, "tranche_year", "The programme has no tranche in 2021."),
        (
            {"decided_on": date(2025, 12, 31)},
            "decided_on",
            "The 2022 tranche can be decommitted only after its deadline, 2025-12-31.",
        ),
        (  # a typed year 1 falls before the deadline (the future is refused too)
            {"decided_on": date(1, 1, 1)},
            "decided_on",
            "The 2022 tranche can be decommitted only after its deadline, 2025-12-31.",
        ),
        ({"amount": ""}, "amount", "Enter the amount decommitted (above zero)."),
        ({"amount": "0"}, "amount", "Enter the amount decommitted (above zero)."),
        ({"amount": "abc"}, "amount", "Enter an amount, for example 1,250,000.50."),
        (
            {"amount": "1500000000.01"},
            "amount",
            "With 0.00 CZK already reported, this is more than the 2022 tranche "
            "(1,500,000,000.00 CZK).",
        ),
        (
            {"reference": "  "},
            "reference",
            "Enter the reference of the managing authority's report (letter or decision).",
        ),
        ({"reference": "x" * 301}, "reference", "Keep the reference to 300 characters."),
    ],
)
def test_a_bad_decommitment_is_refused_on_its_field(
    world: World, changes: dict[str, Any], field: str, message: str
) -> None:
    set_irop(world)
    with pytest.raises(ValidationError) as refused:
        decommit(world, **changes)
    assert refused.value.message_dict[field] == [message]
    assert not ReportedDecommitment.objects.exists()


def test_a_decommitment_is_not_dated_in_the_future_nor_more_than_the_tranche(world: World) -> None:
    set_irop(world)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as future:
        decommit(world, decided_on=tomorrow)
    assert future.value.message_dict["decided_on"] == [
        "Enter the day the decommitment was decided, not a future one."
    ]
    decommit(world, amount="1000000000")
    with pytest.raises(ValidationError) as too_much:
        decommit(world, amount="500000000.01")
    assert too_much.value.message_dict["amount"][0].startswith(
        "With 1,000,000,000.00 CZK already reported"
    )


def test_a_decommitment_needs_the_tranches_in_money(world: World) -> None:
    # Without data, and with yearly shares only, a decommitment has nothing to refer to
    with pytest.raises(ValidationError) as missing:
        decommit(world)
    assert missing.value.message_dict == {
        "fund": ["Enter the programme's tranches in money before a decommitment."]
    }
    ProgrammeFinancing.objects.create(
        agglomeration=world.agglomeration, programme=world.irop, fund="ERDF", shares_only=True
    )
    with pytest.raises(ValidationError):
        decommit(world)
    with pytest.raises(ValidationError) as wrong_fund:
        decommit(world, fund="ESF+")
    assert list(wrong_fund.value.message_dict) == ["fund"]


# ---- the pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_the_pages_and_only_the_manager_saves(world: World, role: Role) -> None:
    set_irop(world)
    client = client_for(world.users[role])
    # When a member of each role opens the pages and tries to save OPD's data
    pages = [client.get(world.url), client.get(world.programme_url())]
    opd = world.programmes.opd
    saved = client.post(world.programme_url(opd), posted("CF", {2022: "100"}, {}, "none"))
    # Then the manager, coordinators and auditors read them, the others get 403
    assert [page.status_code for page in pages] == [200 if role in VIEWERS else 403] * 2
    # And only the manager saves
    assert saved.status_code == (302 if role == Role.MANAGER else 403)
    assert (("OPD", "CF") in stored(world.agglomeration)) == (role == Role.MANAGER)
    if role in VIEWERS:
        html = pages[1].content.decode()
        assert ('name="tranche_2022"' in html) == (role == Role.MANAGER)
        # (the manager's inputs hold the amounts as the page shows them: they read back)
        shown = 'value="1,500,000,000.00"' if role == Role.MANAGER else "1,500,000,000.00"
        assert shown in html
        # And the menu links to the list
        assert f'href="{world.url}"' in html


def test_outsiders_get_404_and_anonymous_visitors_log_in(world: World) -> None:
    set_irop(world)
    item = decommit(world)
    outsider = client_for(make_user("mallory", (make_opole(), Role.MANAGER)))
    remove = reverse("monitoring:decommitment_delete", args=[world.agglomeration.slug, item.pk])
    assert outsider.get(world.url).status_code == 404
    assert outsider.get(world.programme_url()).status_code == 404
    assert outsider.post(world.programme_url(), posted("ERDF", {2022: "1"}, {})).status_code == 404
    assert outsider.post(remove).status_code == 404
    assert ReportedDecommitment.objects.filter(pk=item.pk).exists()
    assert Client().get(world.url).status_code == 302


def test_a_programme_the_agglomeration_does_not_draw_on_is_404(world: World) -> None:
    client = client_for(world.manager)
    assert client.get(world.programme_url(world.programmes.feo)).status_code == 404
    missing = reverse("monitoring:programme_commitments", args=[world.agglomeration.slug, 999999])
    assert client.get(missing).status_code == 404
    assert client.post(world.decommitment_url(world.programmes.feo), {}).status_code == 404


def test_the_list_shows_each_programme_and_fund_with_its_data(world: World) -> None:
    set_irop(world)
    decommit(world)
    response = client_for(world.manager).get(world.url)
    rows = response.context["rows"]
    assert [(row.programme.code, row.fund, row.allocation) for row in rows] == [
        ("IROP", "ERDF", D("150000000.00")),
        ("OPD", "CF", D("300000000.00")),
    ]
    irop, opd = rows
    assert (irop.total, irop.pre_financing_total, irop.decommitted_total) == (
        D("8000000000.00"),
        D("240000000.00"),
        D("25000000.00"),
    )
    assert (irop.first_tranche_year, irop.region_category_label, irop.fund_label) == (
        2022,
        "less developed regions",
        "European Regional Development Fund (ERDF)",
    )
    assert (opd.financing, opd.region_category_label, opd.first_tranche_year) == (None, "", None)
    html = response.content.decode()
    assert "no tranche data" in html and "8,000,000,000.00 CZK" in html


def test_the_list_says_when_only_migrated_shares_are_there(world: World) -> None:
    ProgrammeFinancing.objects.create(
        agglomeration=world.agglomeration, programme=world.irop, fund="ERDF", shares_only=True
    )
    html = client_for(world.users[Role.COORDINATOR]).get(world.url).content.decode()
    assert "yearly shares only" in html and "not stated" in html
    page = client_for(world.manager).get(world.programme_url()).content.decode()
    assert "yearly shares in percent migrated from the commitment profile" in page
    assert 'name="tranche_2022" value=""' in page


def test_the_manager_saves_the_tranches_from_the_page(world: World) -> None:
    response = client_for(world.manager).post(
        world.programme_url(), posted("ERDF", TRANCHES, PRE), follow=True
    )
    assert response.status_code == 200
    assert "The programme&#x27;s tranches are saved." in response.content.decode()
    assert stored(world.agglomeration)[("IROP", "ERDF")]["tranches"] == amounts(TRANCHES)
    # The page shows each tranche's deadline; a year without one says so
    html = client_for(world.manager).get(world.programme_url()).content.decode()
    assert "2025-12-31" in html and "no tranche" in html


def test_refused_amounts_come_back_as_typed_with_the_messages(world: World) -> None:
    set_irop(world)
    client = client_for(world.manager)
    # When the manager types a bad tranche and no category
    response = client.post(
        world.programme_url(), posted("ERDF", TRANCHES | {2023: "12.345"}, PRE, category="")
    )
    # Then the page comes back with what was typed and the message next to its year
    assert response.status_code == 422
    [section] = response.context["sections"]
    cells = {cell.year: cell for cell in section.cells}
    assert (cells[2023].tranche, cells[2023].tranche_errors) == (
        "12.345",
        ["Enter at most two decimal places."],
    )
    assert cells[2022].tranche == "1500000000"
    html = response.content.decode()
    assert 'name="tranche_2023" value="12.345"' in html
    # When the amounts are fine but the category is missing, or no tranche is above zero
    response = client.post(world.programme_url(), posted("ERDF", TRANCHES, PRE, category=""))
    [section] = response.context["sections"]
    assert section.category_errors == ["Choose the category of region."]
    response = client.post(world.programme_url(), posted("ERDF", {2022: "0"}, PRE))
    [section] = response.context["sections"]
    assert section.errors == ["Enter the tranche of at least one year (above zero)."]
    assert not response.context["other_errors"]
    # And the stored data are unchanged
    assert stored(world.agglomeration)[("IROP", "ERDF")]["tranches"] == amounts(TRANCHES)


def test_a_fund_not_on_the_page_is_refused_at_the_top(world: World) -> None:
    client = client_for(world.manager)
    wrong = client.post(world.programme_url(), posted("CF", TRANCHES, PRE))
    assert wrong.status_code == 422
    assert wrong.context["other_errors"] == [
        "Choose a programme and fund that the strategy plans EU money from."
    ]
    assert stored(world.agglomeration) == {}


def test_the_manager_records_and_removes_a_decommitment_from_the_page(world: World) -> None:
    set_irop(world)
    client = client_for(world.manager)
    page = client.get(world.programme_url()).content.decode()
    assert 'id="decommitment-erdf-amount"' in page and 'name="form_token"' in page
    data = {
        "fund": "ERDF",
        "tranche_year": "2022",
        "amount": "25000000",
        "decided_on": "2026-03-15",
        "reference": "MMR 1234/2026",
        "form_token": str(uuid.uuid4()),
    }
    response = client.post(world.decommitment_url(), data, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The decommitment is recorded." in html and "MMR 1234/2026" in html
    item = ReportedDecommitment.objects.get()
    # The same form again records nothing more
    assert client.post(world.decommitment_url(), data).status_code == 302
    assert ReportedDecommitment.objects.count() == 1
    # Removing it
    remove = reverse("monitoring:decommitment_delete", args=[world.agglomeration.slug, item.pk])
    assert client.post(remove).status_code == 302
    assert not ReportedDecommitment.objects.exists()
    assert client.get(remove).status_code == 405


def test_a_refused_decommitment_comes_back_in_its_funds_section(world: World) -> None:
    set_irop(world)
    client = client_for(world.manager)
    data = {"fund": "ERDF", "tranche_year": "2021", "amount": "", "decided_on": "2026-03-15"}
    response = client.post(world.decommitment_url(), data)
    assert response.status_code == 422
    [section] = response.context["sections"]
    form = section.decommitment
    assert set(form.errors) == {"amount", "reference"}  # the form's own checks first
    data |= {"amount": "1", "reference": "MMR"}
    response = client.post(world.decommitment_url(), data)
    [section] = response.context["sections"]
    assert section.decommitment.errors == {
        "tranche_year": ["The programme has no tranche in 2021."]
    }
    assert 'value="MMR"' in response.content.decode()
    # A fund that is not the programme's is said at the top
    response = client.post(world.decommitment_url(), data | {"fund": "CF"})
    assert response.context["other_errors"]
    assert not ReportedDecommitment.objects.exists()


def test_a_decommitment_without_tranches_in_money_is_refused_on_the_page(world: World) -> None:
    client = client_for(world.manager)
    data = {
        "fund": "ERDF",
        "tranche_year": "2022",
        "amount": "1",
        "decided_on": "2026-03-15",
        "reference": "MMR",
    }
    response = client.post(world.decommitment_url(), data)
    assert response.status_code == 422
    assert (
        "Enter the programme&#x27;s tranches in money before a decommitment."
        in response.content.decode()
    )


def test_the_pages_without_an_approved_strategy_say_so(db: None) -> None:
    olomouc = make_olomouc()
    manager = make_user("boss", (olomouc, Role.MANAGER))
    response = client_for(manager).get(reverse("monitoring:commitments", args=[olomouc.slug]))
    assert response.status_code == 200
    assert "no approved strategy with EU money" in response.content.decode()
    page = commitments_page(olomouc)
    assert (page.strategy, page.years, page.rows) == (None, (), [])
    irop = make_programmes().irop
    programme = reverse("monitoring:programme_commitments", args=[olomouc.slug, irop.pk])
    assert client_for(manager).get(programme).status_code == 404


@pytest.mark.parametrize("extra", [0, 6])
def test_the_pages_run_a_fixed_number_of_queries(
    db: None, django_assert_num_queries: Any, extra: int
) -> None:
    # Given a strategy with 2 or 8 programmes, each with data and a decommitment
    world = make_world(extra_programmes=extra)
    for row in commitments_page(world.agglomeration).rows:
        set_programme_financing(
            world.agglomeration,
            programme=row.programme,
            fund=row.fund,
            region_category="none",
            tranches=TRANCHES,
            pre_financing=PRE,
            actor=world.manager,
        )
        decommit(world, programme=row.programme, fund=row.fund)
    client = client_for(world.manager)
    # When the manager opens the list: session, user, agglomeration, memberships, strategy, EU
    # plan per programme and fund, financing, programmes, years, decommitments
    with django_assert_num_queries(10):
        assert client.get(world.url).status_code == 200
    # And a programme's page: the same, plus the programme and its funds (2) and the tokens'
    # nothing (no query)
    with django_assert_num_queries(13):
        assert client.get(world.programme_url()).status_code == 200


# ---- the data migration from the commitment profiles ---------------------------------------------


def test_the_migration_turns_commitment_profiles_into_yearly_shares(world: World) -> None:
    migration = importlib.import_module("aglomera.monitoring.migrations.0012_programme_financing")
    # Given Olomouc's IROP profile (the table is gone: stand-in rows as the migration reads
    # them) and OPD's second fund (ERDF besides CF)
    SpecificObjective.objects.create(
        programme=world.programmes.opd, code="9.9", name={"cs": "Jiný"}, fund="ERDF"
    )
    shares = (D(0), D(10), D(20), D(20), D(20), D(15), D(15))
    profiles = [
        SimpleNamespace(
            agglomeration_id=world.agglomeration.pk,
            programme_id=programme.pk,
            year=year,
            share=share,
        )
        for programme in (world.irop, world.programmes.opd)
        for year, share in zip(YEARS, shares, strict=True)
    ]
    created: list[dict[str, Any]] = []

    class Profiles:
        objects = SimpleNamespace(all=lambda: profiles, create=lambda **row: created.append(row))

    class Apps:
        def get_model(self, app: str, name: str) -> Any:
            if name == "CommitmentProfile":
                return Profiles
            return django_apps.get_model(app, name)

    # When the migration runs
    migration.copy_commitment_profiles(Apps(), None)
    # Then each programme's funds get the shares, marked as shares only, no pre-financing
    data = stored(world.agglomeration)
    assert sorted(data) == [("IROP", "ERDF"), ("OPD", "CF"), ("OPD", "ERDF")]
    irop = data[("IROP", "ERDF")]
    assert (irop["category"], irop["shares_only"]) == ("", True)
    assert irop["tranches"] == dict(zip(YEARS, shares, strict=True))
    assert set(irop["pre_financing"].values()) == {D(0)}
    # And backwards, the shares become one profile per programme again
    migration.copy_back_to_profiles(Apps(), None)
    assert len(created) == 2 * 7
    assert {(row["programme_id"], row["year"], row["share"]) for row in created} >= {
        (world.irop.pk, 2022, D("10.00"))
    }
