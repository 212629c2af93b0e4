"""Writing partnerships, projects, budgets and exchanges: who may, what is refused (texts,
dates with their precision, members, addresses), the audit record of every write and the
refusal of a stale edit."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from aglomera.accounts.models import Role
from aglomera.cooperation import actions
from aglomera.cooperation.actions.common import dates_errors, precision_error, url_error
from aglomera.cooperation.models import (
    DatePrecision,
    Exchange,
    ExchangeKind,
    MoneyBasis,
    PartnershipMember,
    ProjectBudget,
)
from aglomera.cooperation.tests.helpers import CooperationWorld, exchange_fields
from aglomera.core.models import AuditEvent
from aglomera.core.money import Currency

pytestmark = pytest.mark.django_db


def errors_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(excinfo.value.message_dict)


# ---- dates and their precision ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "precision", "refused"),
    [
        (date(2016, 9, 14), DatePrecision.DAY, False),
        (None, DatePrecision.MONTH, False),
        (date(2016, 9, 1), DatePrecision.MONTH, False),
        (date(2016, 9, 14), DatePrecision.MONTH, True),
        (date(2017, 1, 1), DatePrecision.YEAR, False),
        (date(2017, 3, 1), DatePrecision.YEAR, True),
        (date(2017, 1, 5), DatePrecision.YEAR, True),
        (date(2017, 1, 1), "week", True),
    ],
)
def test_a_date_fits_its_precision(day: date | None, precision: str, refused: bool) -> None:
    assert bool(precision_error(day, precision)) is refused


def test_a_month_only_and_a_year_only_date_are_refused_with_their_own_reason() -> None:
    assert "month's first day" in precision_error(date(2016, 9, 14), DatePrecision.MONTH)
    assert "1 January" in precision_error(date(2017, 3, 1), DatePrecision.YEAR)


def test_dates_out_of_range_end_before_start_and_precision() -> None:
    day = DatePrecision.DAY
    assert dates_errors(("a", date(2020, 1, 1), day)) == {}
    assert set(dates_errors(("a", date(1999, 12, 31), day))) == {"a"}
    assert set(dates_errors(("a", date(2020, 1, 2), day), ("b", date(2020, 1, 1), day))) == {"b"}
    # the range is said first; the precision only of a day in range
    out = dates_errors(("a", date(1999, 12, 5), DatePrecision.MONTH))
    assert "between" in out["a"]
    month = dates_errors(("a", date(2020, 2, 5), DatePrecision.MONTH))
    assert "first day" in month["a"]


def test_a_source_is_a_web_address() -> None:
    assert url_error("") == ""
    assert url_error("https://razemdlarozwoju.eu/") == ""
    assert url_error("javascript:alert(1)") != ""
    assert url_error("not an address") != ""


# ---- partnerships -----------------------------------------------------------------------------


def test_a_partnership_is_created_with_its_members_and_audited(world: CooperationWorld) -> None:
    members = PartnershipMember.objects.filter(partnership=world.partnership)
    assert {m.agglomeration_id for m in members} == {world.olomouc.pk, world.opole.pk}
    assert {m.joined_on for m in members} == {date(2016, 9, 1)}
    event = AuditEvent.objects.get(code="cooperation.partnership.created")
    assert event.agglomeration_id == world.olomouc.pk
    assert event.actor == world.manager
    assert event.after["agreement_signed_on"] == "2016-09-01"
    assert event.after["agreement_precision"] == "month"
    assert event.after["members"] == [world.olomouc.pk, world.opole.pk]


def test_a_partnership_without_a_date_keeps_none(world: CooperationWorld) -> None:
    partnership = actions.create_partnership(
        world.olomouc,
        [world.ostrava, world.olomouc],
        actions.PartnershipFields(name={"cs": "Bez data"}),
        actor=world.manager,
    )
    assert partnership.agreement_signed_on is None
    event = AuditEvent.objects.filter(code="cooperation.partnership.created").order_by("pk").last()
    assert event is not None and event.after["agreement_signed_on"] is None


def test_a_partnership_needs_a_name_a_partner_a_fitting_date_and_an_address(
    world: CooperationWorld,
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        actions.create_partnership(
            world.olomouc,
            [world.olomouc],
            actions.PartnershipFields(
                name={"cs": "  "},
                agreement_signed_on=date(2016, 9, 14),
                agreement_precision=DatePrecision.MONTH,
                agreement_source="ftp://example.org/x",
            ),
            actor=world.manager,
        )
    assert errors_of(excinfo) == {"name", "partners", "agreement_signed_on", "agreement_source"}


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.PARTNER, Role.APPLICANT])
def test_only_the_office_creates_a_partnership(world: CooperationWorld, role: Role) -> None:
    with pytest.raises(PermissionDenied):
        actions.create_partnership(
            world.olomouc,
            [world.opole],
            actions.PartnershipFields(name={"cs": "X"}),
            actor=world.users(world.olomouc, role),
        )


# ---- projects and budgets ---------------------------------------------------------------------


def test_a_project_is_recorded_and_audited(world: CooperationWorld) -> None:
    assert world.project.starts_precision == DatePrecision.MONTH
    event = AuditEvent.objects.get(code="cooperation.project.created")
    assert event.after["registration_number"] == "CZ.11.4.120/0.0/0.0/16_026/0001080"
    assert (event.after["starts_on"], event.after["ends_on"]) == ("2020-02-01", "2023-01-01")


def test_a_project_is_refused_without_a_name_with_a_bad_address_or_its_end_first(
    world: CooperationWorld,
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        actions.create_project(
            world.partnership,
            actions.ProjectFields(
                name={},
                starts_on=date(2020, 2, 1),
                ends_on=date(2019, 1, 1),
                source="nowhere",
            ),
            agglomeration=world.olomouc,
            actor=world.manager,
        )
    assert errors_of(excinfo) == {"name", "ends_on", "source"}


def test_a_non_member_office_cannot_record_a_project(world: CooperationWorld) -> None:
    ostrava_manager = world.users(world.ostrava, Role.MANAGER)
    with pytest.raises(PermissionDenied):
        actions.create_project(
            world.partnership,
            actions.ProjectFields(name={"cs": "Cizí"}),
            agglomeration=world.ostrava,
            actor=ostrava_manager,
        )


def test_each_partner_keeps_its_budget_in_its_currency_and_basis(world: CooperationWorld) -> None:
    budgets = {
        (b.agglomeration_id, b.basis): (b.amount, b.currency)
        for b in ProjectBudget.objects.filter(project=world.project)
    }
    assert budgets == {
        (world.olomouc.pk, "eligible"): (Decimal("1200000.00"), "CZK"),
        (world.opole.pk, "eligible"): (Decimal("210000.00"), "PLN"),
    }
    first = AuditEvent.objects.filter(code="cooperation.budget.set").order_by("pk").first()
    assert first is not None and first.before == {}


def test_a_budget_on_the_same_basis_is_replaced_and_the_old_figure_audited(
    world: CooperationWorld,
) -> None:
    actions.set_budget(
        world.project,
        world.opole,
        amount=Decimal("200000"),
        currency=Currency.PLN,
        basis=MoneyBasis.ELIGIBLE,
        agglomeration=world.opole,
        actor=world.users(world.opole, Role.COORDINATOR),
    )
    actions.set_budget(
        world.project,
        world.opole,
        amount=Decimal("170000"),
        currency=Currency.PLN,
        basis=MoneyBasis.EU,
        agglomeration=world.opole,
        actor=world.users(world.opole, Role.COORDINATOR),
    )
    opole = ProjectBudget.objects.filter(project=world.project, agglomeration=world.opole)
    assert {b.basis: b.amount for b in opole} == {
        "eligible": Decimal("200000.00"),
        "eu": Decimal("170000.00"),
    }
    # the builder's budgets were set by Olomouc's office (Opole's also in Opole's log); this one
    # by Opole's own office, in its log once
    coordinator = world.users(world.opole, Role.COORDINATOR)
    events = AuditEvent.objects.filter(code="cooperation.budget.set", actor=coordinator)
    replaced = events.order_by("pk")[0]
    assert events.count() == 2
    assert replaced.before == {"amount": "210000.00", "currency": "PLN", "eu_rate": "0.8500"}
    assert replaced.after["eu_rate"] is None
    assert replaced.agglomeration_id == world.opole.pk


def test_a_budget_is_refused_for_an_outsider_a_negative_amount_or_unknown_terms(
    world: CooperationWorld,
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        actions.set_budget(
            world.project,
            world.ostrava,
            amount=Decimal("-1"),
            currency="USD",
            basis="paid",
            eu_rate=Decimal("1.5"),
            agglomeration=world.olomouc,
            actor=world.manager,
        )
    assert errors_of(excinfo) == {"partner", "amount", "currency", "basis", "eu_rate"}


# ---- exchanges --------------------------------------------------------------------------------


def test_an_exchange_is_recorded_and_audited_in_the_recording_office(
    world: CooperationWorld,
) -> None:
    events = AuditEvent.objects.filter(code="cooperation.exchange.created").order_by("pk")
    assert [e.agglomeration_id for e in events] == [world.olomouc.pk, world.opole.pk]
    assert events[0].after["starts_on"] == "2021-08-15"
    assert events[0].after["project"] == world.project.pk
    assert events[0].after["title"]["pl"] == "Staż w Opolu"


def test_an_exchange_without_an_end_or_a_project(world: CooperationWorld) -> None:
    exchange = actions.create_exchange(
        world.partnership,
        exchange_fields(world.olomouc, ends_on=None, kind=ExchangeKind.OTHER),
        agglomeration=world.olomouc,
        actor=world.manager,
    )
    assert exchange.ends_on is None and exchange.project is None
    event = AuditEvent.objects.filter(code="cooperation.exchange.created").order_by("pk").last()
    assert event is not None and event.after["ends_on"] is None


def test_the_same_form_sent_twice_records_one_exchange(world: CooperationWorld) -> None:
    token = uuid.uuid4()
    first, second = (
        actions.create_exchange(
            world.partnership,
            exchange_fields(world.opole),
            agglomeration=world.olomouc,
            actor=world.manager,
            form_token=token,
        )
        for _ in range(2)
    )
    assert first == second
    assert Exchange.objects.count() == 3


def test_an_exchange_is_refused_with_what_is_wrong(world: CooperationWorld) -> None:
    other = actions.create_partnership(
        world.olomouc,
        [world.ostrava],
        actions.PartnershipFields(name={"cs": "Jiná"}),
        actor=world.manager,
    )
    foreign_project = actions.create_project(
        other,
        actions.ProjectFields(name={"cs": "Cizí projekt"}),
        agglomeration=world.olomouc,
        actor=world.manager,
    )
    with pytest.raises(ValidationError) as excinfo:
        actions.create_exchange(
            world.partnership,
            exchange_fields(
                world.ostrava,
                kind="holiday",
                title={"en": " "},
                project=foreign_project,
                starts_on=date(2021, 8, 15),
                ends_on=date(2021, 8, 1),
                source="www",
            ),
            agglomeration=world.olomouc,
            actor=world.manager,
        )
    assert errors_of(excinfo) == {"kind", "title", "host", "project", "ends_on", "source"}


def test_a_month_only_exchange_is_entered_as_the_first_day(world: CooperationWorld) -> None:
    fields: dict[str, Any] = {"dates_precision": DatePrecision.MONTH, "ends_on": None}
    with pytest.raises(ValidationError) as excinfo:
        actions.create_exchange(
            world.partnership,
            exchange_fields(world.opole, starts_on=date(2020, 10, 21), **fields),
            agglomeration=world.olomouc,
            actor=world.manager,
        )
    assert errors_of(excinfo) == {"starts_on"}
    exchange = actions.create_exchange(
        world.partnership,
        exchange_fields(world.opole, starts_on=date(2020, 10, 1), **fields),
        agglomeration=world.olomouc,
        actor=world.manager,
    )
    assert exchange.dates_precision == DatePrecision.MONTH


@pytest.mark.parametrize(
    "role", [Role.AUDITOR, Role.PARTNER, Role.APPLICANT, Role.COMMITTEE, Role.WORKING_GROUP]
)
def test_only_the_office_of_a_member_writes_exchanges(world: CooperationWorld, role: Role) -> None:
    with pytest.raises(PermissionDenied):
        actions.create_exchange(
            world.partnership,
            exchange_fields(world.opole),
            agglomeration=world.olomouc,
            actor=world.users(world.olomouc, role),
        )


def test_an_edit_by_the_partner_office_is_saved_and_audited_with_what_changed(
    world: CooperationWorld,
) -> None:
    opole_coordinator = world.users(world.opole, Role.COORDINATOR)
    saved = actions.update_exchange(
        world.exchange,
        exchange_fields(world.opole, project=world.project, outcomes={"pl": "Wnioski"}),
        agglomeration=world.opole,
        actor=opole_coordinator,
        expected_revision=0,
    )
    assert saved.revision == 1
    assert saved.outcomes == {"pl": "Wnioski"}
    event = AuditEvent.objects.get(code="cooperation.exchange.edited")
    assert event.agglomeration_id == world.opole.pk
    assert event.before == {"outcomes": {}}
    assert event.after == {"outcomes": {"pl": "Wnioski"}}


def test_a_stale_edit_is_refused_and_nothing_is_written(world: CooperationWorld) -> None:
    actions.update_exchange(
        world.exchange,
        exchange_fields(world.opole, outcomes={"pl": "Pierwsza wersja"}),
        agglomeration=world.opole,
        actor=world.users(world.opole, Role.MANAGER),
        expected_revision=0,
    )
    with pytest.raises(actions.StaleEdit) as excinfo:
        actions.update_exchange(
            world.exchange,
            exchange_fields(world.opole, outcomes={"cs": "Druhá verze"}),
            agglomeration=world.olomouc,
            actor=world.manager,
            expected_revision=0,
        )
    assert excinfo.value.code == "stale"
    world.exchange.refresh_from_db()
    assert world.exchange.outcomes == {"pl": "Pierwsza wersja"}
    assert AuditEvent.objects.filter(code="cooperation.exchange.edited").count() == 1


def test_an_edit_without_a_revision_is_refused(world: CooperationWorld) -> None:
    with pytest.raises(ValidationError) as excinfo:
        actions.update_exchange(
            world.older,
            exchange_fields(world.olomouc, title={"en": "Study visit"}),
            agglomeration=world.olomouc,
            actor=world.manager,
            expected_revision=None,
        )
    assert excinfo.value.code == "revision"
    world.older.refresh_from_db()
    assert world.older.revision == 0 and world.older.host == world.opole
    assert not AuditEvent.objects.filter(code="cooperation.exchange.edited").exists()


def test_a_non_member_office_cannot_edit(world: CooperationWorld) -> None:
    with pytest.raises(PermissionDenied):
        actions.update_exchange(
            world.exchange,
            exchange_fields(world.opole),
            agglomeration=world.ostrava,
            actor=world.users(world.ostrava, Role.MANAGER),
            expected_revision=0,
        )
