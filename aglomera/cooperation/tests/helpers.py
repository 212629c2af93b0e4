"""A partnership of Olomouc and Opole with a project, a budget per partner and two exchanges,
made through the actions; Ostrava is a third agglomeration, not a member."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from aglomera.accounts.models import Role, User
from aglomera.agglomerations.models import Agglomeration, Country
from aglomera.cooperation import actions
from aglomera.cooperation.models import (
    CooperationProject,
    DatePrecision,
    Exchange,
    ExchangeKind,
    MoneyBasis,
    Partnership,
)
from aglomera.core.money import Currency
from aglomera.strategy.tests.builders import Users


def make_ostrava() -> Agglomeration:
    return Agglomeration.objects.create(
        slug="ostrava",
        name={"cs": "Ostravská aglomerace", "en": "Ostrava agglomeration"},
        country=Country.CZ,
        currency=Currency.CZK,
        time_zone="Europe/Prague",
    )


def exchange_fields(host: Agglomeration, **overrides: object) -> actions.ExchangeFields:
    values: dict[str, object] = {
        "kind": ExchangeKind.INTERNSHIP,
        "host": host,
        "starts_on": date(2021, 8, 15),
        "ends_on": date(2021, 8, 22),
        "title": {"cs": "Stáž v Opolí", "pl": "Staż w Opolu", "en": "Internship in Opole"},
        "participants": {"en": "One colleague of the Olomouc office."},
        "programme": {"cs": "Hodnocení projektů", "en": "Project evaluation"},
        "source": "https://www.olomoucka-aglomerace.eu/aktuality/26880",
    }
    values.update(overrides)
    return actions.ExchangeFields(**values)  # type: ignore[arg-type]


@dataclass
class CooperationWorld:
    olomouc: Agglomeration
    opole: Agglomeration
    ostrava: Agglomeration
    users: Users
    partnership: Partnership
    project: CooperationProject
    exchange: Exchange  # August 2021, in Opole
    older: Exchange  # June 2018, in Opole

    @property
    def manager(self) -> User:
        return self.users(self.olomouc, Role.MANAGER)


def build(olomouc: Agglomeration, opole: Agglomeration, users: Users) -> CooperationWorld:
    ostrava = make_ostrava()
    manager = users(olomouc, Role.MANAGER)
    partnership = actions.create_partnership(
        olomouc,
        [opole],
        actions.PartnershipFields(
            name={"cs": "Spolupráce Olomouc–Opole", "en": "Olomouc-Opole cooperation"},
            agreement_signed_on=date(2016, 9, 1),
            agreement_precision=DatePrecision.MONTH,
            agreement_source="https://razemdlarozwoju.eu/cs/historie-spoluprace/",
        ),
        actor=manager,
    )
    project = actions.create_project(
        partnership,
        actions.ProjectFields(
            name={"cs": "Společně pro rozvoj aglomerací", "en": "Together for agglomerations"},
            programme={"en": "Interreg V-A Czech Republic – Poland"},
            registration_number="CZ.11.4.120/0.0/0.0/16_026/0001080",
            starts_on=date(2020, 2, 1),
            starts_precision=DatePrecision.MONTH,
            ends_on=date(2023, 1, 1),
            ends_precision=DatePrecision.MONTH,
        ),
        agglomeration=olomouc,
        actor=manager,
    )
    for partner, amount, currency in (
        (olomouc, Decimal("1200000.00"), Currency.CZK),
        (opole, Decimal("210000.00"), Currency.PLN),
    ):
        actions.set_budget(
            project,
            partner,
            amount=amount,
            currency=currency,
            basis=MoneyBasis.ELIGIBLE,
            eu_rate=Decimal("0.85"),
            agglomeration=olomouc,
            actor=manager,
        )
    exchange = actions.create_exchange(
        partnership, exchange_fields(opole, project=project), agglomeration=olomouc, actor=manager
    )
    older = actions.create_exchange(
        partnership,
        exchange_fields(
            opole,
            kind=ExchangeKind.STUDY_VISIT,
            starts_on=date(2018, 6, 27),
            ends_on=date(2018, 6, 29),
            title={"en": "Study visit to Opole"},
        ),
        agglomeration=opole,
        actor=users(opole, Role.MANAGER),
    )
    return CooperationWorld(olomouc, opole, ostrava, users, partnership, project, exchange, older)


def build_more(w: CooperationWorld) -> None:
    """More projects, budgets and exchanges, and a second partnership, for the query counts."""
    manager = w.manager
    other = actions.create_partnership(
        w.olomouc,
        [w.ostrava],
        actions.PartnershipFields(name={"cs": "Olomouc–Ostrava"}),
        actor=manager,
    )
    for partnership in (w.partnership, other):
        project = actions.create_project(
            partnership,
            actions.ProjectFields(name={"cs": "Další projekt"}),
            agglomeration=w.olomouc,
            actor=manager,
        )
        actions.set_budget(
            project,
            w.olomouc,
            amount=Decimal("1000"),
            currency=Currency.EUR,
            basis=MoneyBasis.EU,
            agglomeration=w.olomouc,
            actor=manager,
        )
        for day in (1, 2, 3):
            actions.create_exchange(
                partnership,
                exchange_fields(w.olomouc, project=project, starts_on=date(2019, 5, day)),
                agglomeration=w.olomouc,
                actor=manager,
            )
    for name, side, organisation in (
        ("Petr Kladivo", w.olomouc, ""),
        ("Anna Nowak", w.opole, ""),
        ("Jan Novák", None, "Statutární město Přerov"),
    ):
        actions.add_participant(
            w.exchange,
            actions.ParticipantFields(name=name, side=side, organisation=organisation),
            agglomeration=w.olomouc,
            actor=manager,
        )
