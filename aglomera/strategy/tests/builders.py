"""Personas, tenants, configuration data and a builder of strategy trees for tests.

Everything a user does goes through the actions (`aglomera.strategy.actions`) and the
workflow (`aglomera.strategy.transitions`), so a test starts from states the product can reach.
Tenants, users, memberships, programmes and indicator codes are configuration data and are
created directly.

    strategy = (
        StrategyBuilder(olomouc, alice)
        .with_goal("1", "Doprava")
        .with_specific_goal("1.1", "Udržitelná mobilita")
        .with_measure("1.1.1", "Cyklostezky", objectives=[programmes.irop_mobility])
        .with_plan("1.1.1", programmes.irop_mobility, eu="1000000.00", national="58823.53")
        .with_indicator("1.1.1", cycling_km, baseline="0", target="12.5")
        .approved(on=date(2023, 5, 15), by="ŘV ITI")
        .build()
    )
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from aglomera.accounts.models import Membership, Role, User
from aglomera.agglomerations.models import Agglomeration, Country
from aglomera.core.money import Currency
from aglomera.strategy import actions
from aglomera.strategy.models import (
    Direction,
    FinancialPlanLine,
    Fund,
    Goal,
    IndicatorCode,
    IndicatorCodeSource,
    IndicatorKind,
    IntegratedSolution,
    Measure,
    MeasureIndicator,
    Period,
    Programme,
    Source,
    SpecificGoal,
    SpecificObjective,
    Strategy,
    StrategyVersion,
    VersionStatus,
)
from aglomera.strategy.transitions import Approval, transition

Name = str | dict[str, str]
Amount = Decimal | str | int

APPROVAL_DATE = date(2023, 5, 15)
APPROVING_BODY = "ŘV ITI"


def money(value: Amount) -> Decimal:
    """Amounts are written as strings in tests so that no float ever sneaks in."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


# ---- tenants and people ---------------------------------------------------------------------


def make_olomouc() -> Agglomeration:
    return Agglomeration.objects.create(
        slug="olomouc",
        name={
            "cs": "Olomoucká aglomerace",
            "pl": "Aglomeracja ołomuniecka",
            "en": "Olomouc agglomeration",
        },
        country=Country.CZ,
        currency=Currency.CZK,
        time_zone="Europe/Prague",
        office_name={"cs": "Statutární město Olomouc, odbor ITI"},
    )


def make_opole() -> Agglomeration:
    return Agglomeration.objects.create(
        slug="opole",
        name={"pl": "Aglomeracja Opolska", "en": "Opole agglomeration"},
        country=Country.PL,
        currency=Currency.PLN,
        time_zone="Europe/Warsaw",
        office_name={"pl": "Stowarzyszenie Aglomeracja Opolska"},
    )


def make_user(username: str, *roles: tuple[Agglomeration, Role], **fields: Any) -> User:
    """A user with all its memberships created before any permission is asked.

    The permission layer caches roles on the user object at the first `has_perm`, so add
    memberships here rather than to a user that has already been used.
    """
    user = User.objects.create(username=username, email=f"{username}@example.org", **fields)
    Membership.objects.bulk_create(
        Membership(user=user, agglomeration=agglomeration, role=role)
        for agglomeration, role in roles
    )
    return user


class Users:
    """One user per role per agglomeration, created on first use: `users(olomouc, Role.AUDITOR)`."""

    def __init__(self) -> None:
        self._made: dict[tuple[int, Role], User] = {}

    def __call__(self, agglomeration: Agglomeration, role: Role) -> User:
        key = (agglomeration.pk, Role(role))
        if key not in self._made:
            self._made[key] = make_user(f"{agglomeration.slug}-{role}", (agglomeration, role))
        return self._made[key]

    def every_role(self, agglomeration: Agglomeration) -> dict[Role, User]:
        return {role: self(agglomeration, role) for role in Role}


# ---- configuration data -----------------------------------------------------------------------


@dataclass(frozen=True)
class Programmes:
    irop: Programme
    opd: Programme
    feo: Programme
    irop_mobility: SpecificObjective  # CZK
    opd_mobility: SpecificObjective  # CZK
    feo_mobility: SpecificObjective  # PLN


def make_programmes() -> Programmes:
    """IROP and OP Doprava (Czechia, CZK) and FE dla Opolskiego (Poland, PLN), 2021–2027."""
    irop, _ = Programme.objects.get_or_create(
        code="IROP",
        period=Period.P2021,
        defaults={
            "name": {"cs": "Integrovaný regionální operační program", "en": "IROP"},
            "country": Country.CZ,
            "managing_authority": {"cs": "Ministerstvo pro místní rozvoj"},
            "currency": Currency.CZK,
            "cci": "2021CZ16FFPR004",
        },
    )
    opd, _ = Programme.objects.get_or_create(
        code="OPD",
        period=Period.P2021,
        defaults={
            "name": {"cs": "Operační program Doprava", "en": "OP Transport"},
            "country": Country.CZ,
            "managing_authority": {"cs": "Ministerstvo dopravy"},
            "currency": Currency.CZK,
        },
    )
    feo, _ = Programme.objects.get_or_create(
        code="FEO",
        period=Period.P2021,
        defaults={
            "name": {"pl": "Fundusze Europejskie dla Opolskiego", "en": "EF for Opolskie"},
            "country": Country.PL,
            "managing_authority": {"pl": "Zarząd Województwa Opolskiego"},
            "currency": Currency.PLN,
        },
    )
    irop_mobility, _ = SpecificObjective.objects.get_or_create(
        programme=irop,
        code="2.8",
        defaults={"name": {"cs": "Udržitelná multimodální městská mobilita"}, "fund": Fund.ERDF},
    )
    opd_mobility, _ = SpecificObjective.objects.get_or_create(
        programme=opd,
        code="2.2",
        defaults={"name": {"cs": "Městská mobilita"}, "fund": Fund.CF},
    )
    feo_mobility, _ = SpecificObjective.objects.get_or_create(
        programme=feo,
        code="5.1",
        defaults={"name": {"pl": "Mobilność miejska"}, "fund": Fund.ERDF},
    )
    return Programmes(irop, opd, feo, irop_mobility, opd_mobility, feo_mobility)


def make_indicator(
    code: str,
    *,
    direction: str = Direction.INCREASE,
    kind: str = IndicatorKind.OUTPUT,
    name: Name | None = None,
    unit: Name = "km",
) -> IndicatorCode:
    """A national codebook entry. Test codes start with "T-" so that they never meet the EU
    common indicators (RCO/RCR) that migration strategy/0002 loads into every database."""
    indicator, _ = IndicatorCode.objects.get_or_create(
        code=code,
        defaults={
            "kind": kind,
            "source": IndicatorCodeSource.NATIONAL,
            "name": name or {"en": code},
            "unit": unit,
            "direction": direction,
        },
    )
    return indicator


def cycling_indicator() -> IndicatorCode:
    return make_indicator(
        "T-CYKLO",
        name={"cs": "Podpořená cyklistická infrastruktura", "en": "Cycling infrastructure"},
    )


def emissions_indicator() -> IndicatorCode:
    return make_indicator(
        "T-EMISE",
        direction=Direction.DECREASE,
        kind=IndicatorKind.RESULT,
        name={"cs": "Emise skleníkových plynů", "en": "Greenhouse gas emissions"},
        unit={"cs": "t CO2e/rok", "en": "t CO2e/year"},
    )


# ---- the strategy builder ---------------------------------------------------------------------


def parent_code(code: str) -> str:
    return code.rsplit(".", 1)[0]


@dataclass
class _Plan:
    measure: str
    objective: SpecificObjective
    amounts: dict[str, Decimal]


@dataclass
class _Indicator:
    measure: str
    indicator: IndicatorCode
    baseline: Decimal
    milestone: Decimal | None
    target: Decimal


@dataclass
class _Spec:
    goals: list[tuple[str, Name]] = field(default_factory=list)
    specific_goals: list[tuple[str, Name]] = field(default_factory=list)
    measures: list[tuple[str, Name, list[SpecificObjective]]] = field(default_factory=list)
    plans: list[_Plan] = field(default_factory=list)
    indicators: list[_Indicator] = field(default_factory=list)
    solutions: list[tuple[str, Name, list[str]]] = field(default_factory=list)


class StrategyBuilder:
    """Builds a strategy through the actions; after build() the rows are kept by code."""

    def __init__(
        self,
        agglomeration: Agglomeration,
        actor: User,
        *,
        period: str = Period.P2021,
        name: Name = "Strategie ITI",
    ) -> None:
        self.agglomeration = agglomeration
        self.actor = actor
        self.period = period
        self.name = name
        self._spec = _Spec()
        self._approval: Approval | None = None
        self.strategy: Strategy | None = None
        self.version: StrategyVersion | None = None
        self.goals: dict[str, Goal] = {}
        self.specific_goals: dict[str, SpecificGoal] = {}
        self.measures: dict[str, Measure] = {}
        self.lines: dict[tuple[str, int, str], FinancialPlanLine] = {}
        self.indicators: dict[tuple[str, str], MeasureIndicator] = {}
        self.solutions: dict[str, IntegratedSolution] = {}

    def with_goal(self, code: str, name: Name) -> StrategyBuilder:
        self._spec.goals.append((code, name))
        return self

    def with_specific_goal(self, code: str, name: Name) -> StrategyBuilder:
        """The parent goal is read from the code: "1.2" belongs to goal "1"."""
        self._spec.specific_goals.append((code, name))
        return self

    def with_measure(
        self, code: str, name: Name, *, objectives: Sequence[SpecificObjective] = ()
    ) -> StrategyBuilder:
        self._spec.measures.append((code, name, list(objectives)))
        return self

    def with_plan(
        self,
        measure: str,
        objective: SpecificObjective,
        *,
        eu: Amount | None = None,
        national: Amount | None = None,
        own: Amount | None = None,
    ) -> StrategyBuilder:
        amounts: dict[str, Decimal] = {
            source: money(value)
            for source, value in ((Source.EU, eu), (Source.NATIONAL, national), (Source.OWN, own))
            if value is not None
        }
        self._spec.plans.append(_Plan(measure, objective, amounts))
        return self

    def with_indicator(
        self,
        measure: str,
        indicator: IndicatorCode,
        *,
        baseline: Amount,
        target: Amount,
        milestone: Amount | None = None,
    ) -> StrategyBuilder:
        self._spec.indicators.append(
            _Indicator(
                measure,
                indicator,
                money(baseline),
                None if milestone is None else money(milestone),
                money(target),
            )
        )
        return self

    def with_solution(self, code: str, name: Name, *, measures: Iterable[str]) -> StrategyBuilder:
        self._spec.solutions.append((code, name, list(measures)))
        return self

    def approved(
        self, *, on: date = APPROVAL_DATE, by: str = APPROVING_BODY, reference: str = ""
    ) -> StrategyBuilder:
        self._approval = Approval(approved_on=on, approved_by_body=by, reference=reference)
        return self

    def build(self) -> Strategy:
        actor = self.actor
        strategy = actions.create_strategy(
            self.agglomeration, self.period, _name(self.name), actor=actor
        )
        version = strategy.versions.get()
        for code, name in self._spec.goals:
            self.goals[code] = actions.add_goal(version, code, _name(name), actor=actor)
        for code, name in self._spec.specific_goals:
            self.specific_goals[code] = actions.add_specific_goal(
                version, self.goals[parent_code(code)], code, _name(name), actor=actor
            )
        for code, name, objectives in self._spec.measures:
            self.measures[code] = actions.save_measure(
                version,
                specific_goal=self.specific_goals[parent_code(code)],
                code=code,
                name=_name(name),
                specific_objectives=objectives,
                actor=actor,
            )
        for plan in self._spec.plans:
            for source, amount in plan.amounts.items():
                line = actions.set_plan_amount(
                    version,
                    measure=self.measures[plan.measure],
                    specific_objective=plan.objective,
                    source=source,
                    amount=amount,
                    currency=plan.objective.programme.currency,
                    actor=actor,
                )
                self.lines[plan.measure, plan.objective.pk, source] = line
        for spec in self._spec.indicators:
            self.indicators[spec.measure, spec.indicator.code] = actions.set_measure_indicator(
                version,
                measure=self.measures[spec.measure],
                indicator=spec.indicator,
                baseline=spec.baseline,
                milestone_2024=spec.milestone,
                target_2029=spec.target,
                actor=actor,
            )
        for code, name, measure_codes in self._spec.solutions:
            self.solutions[code] = actions.save_integrated_solution(
                version,
                code=code,
                name=_name(name),
                measures=[self.measures[m] for m in measure_codes],
                actor=actor,
            )
        if self._approval is not None:
            version = approve(version, actor, self._approval)
        strategy.refresh_from_db()
        self.strategy = strategy
        self.version = StrategyVersion.objects.get(pk=version.pk)
        return strategy


def _name(name: Name) -> dict[str, str]:
    return dict(name) if isinstance(name, dict) else {"cs": name}


def approve(
    version: StrategyVersion, actor: User, approval: Approval | None = None
) -> StrategyVersion:
    """Submit (from draft or consultation) and approve an amendment."""
    version = transition(version, VersionStatus.SUBMITTED, actor=actor)
    return transition(
        version,
        VersionStatus.APPROVED,
        actor=actor,
        approval=approval or Approval(approved_on=APPROVAL_DATE, approved_by_body=APPROVING_BODY),
    )


# ---- large strategies for query-count tests ---------------------------------------------------

SPECIFIC_GOALS_PER_GOAL = 5
MEASURES_PER_SPECIFIC_GOAL = 10


def build_strategy_with_measures(
    agglomeration: Agglomeration,
    actor: User,
    n: int,
    *,
    programmes: Programmes | None = None,
    indicator: IndicatorCode | None = None,
    approved: bool = True,
) -> Strategy:
    """A strategy with `n` measures, each with plan lines and an indicator, in a few queries.

    The tree is bulk-created inside the first (draft) version, which is then submitted and
    approved through the workflow. Layout: 5 specific goals per goal, 10 measures per specific
    goal; every measure has IROP eu/national/own lines, every other one an OPD eu line too.
    """
    programmes = programmes or make_programmes()
    indicator = indicator or cycling_indicator()
    strategy = actions.create_strategy(agglomeration, Period.P2021, {"cs": "Velká"}, actor=actor)
    version = strategy.versions.get()

    per_goal = SPECIFIC_GOALS_PER_GOAL * MEASURES_PER_SPECIFIC_GOAL
    goals = Goal.objects.bulk_create(
        Goal(version=version, code=str(g), name={"cs": f"Cíl {g}"})
        for g in range(1, math.ceil(n / per_goal) + 1)
    )
    sgoals = SpecificGoal.objects.bulk_create(
        SpecificGoal(version=version, goal=goal, code=f"{goal.code}.{s}", name={"cs": f"SC {s}"})
        for goal in goals
        for s in range(1, SPECIFIC_GOALS_PER_GOAL + 1)
    )
    measures = Measure.objects.bulk_create(
        Measure(
            version=version,
            specific_goal=sgoals[i // MEASURES_PER_SPECIFIC_GOAL],
            code=f"{sgoals[i // MEASURES_PER_SPECIFIC_GOAL].code}."
            f"{i % MEASURES_PER_SPECIFIC_GOAL + 1}",
            name={"cs": f"Opatření {i + 1}", "en": f"Measure {i + 1}"},
        )
        for i in range(n)
    )
    links = Measure.specific_objectives.through
    lines: list[FinancialPlanLine] = []
    for i, measure in enumerate(measures):
        base = Decimal(1000 * (i + 1)) + Decimal("0.01") * (i % 100)
        for source, amount in (
            (Source.EU, base * 17),
            (Source.NATIONAL, base),
            (Source.OWN, base * 2),
        ):
            lines.append(
                FinancialPlanLine(
                    version=version,
                    measure=measure,
                    specific_objective=programmes.irop_mobility,
                    source=source,
                    amount=amount,
                )
            )
        if i % 2:
            lines.append(
                FinancialPlanLine(
                    version=version,
                    measure=measure,
                    specific_objective=programmes.opd_mobility,
                    source=Source.EU,
                    amount=base * 3,
                )
            )
    links.objects.bulk_create(
        links(measure_id=line.measure.pk, specificobjective_id=line.specific_objective.pk)
        for line in lines
        if line.source == Source.EU
    )
    FinancialPlanLine.objects.bulk_create(lines)
    MeasureIndicator.objects.bulk_create(
        MeasureIndicator(
            version=version,
            measure=measure,
            indicator=indicator,
            baseline=Decimal("0"),
            milestone_2024=Decimal("2"),
            target_2029=Decimal(10 + i),
        )
        for i, measure in enumerate(measures)
    )
    solution = IntegratedSolution.objects.create(
        version=version, code="IŘ1", name={"cs": "Integrované řešení 1"}
    )
    solution.measures.set(measures[:10])
    if approved:
        approve(version, actor)
    strategy.refresh_from_db()
    return strategy


def opole_drawing_on(objective: SpecificObjective) -> tuple[Agglomeration, User]:
    """Opole and its manager, with an approved strategy whose one measure plans EU money from
    `objective`: a programme objective another agglomeration uses too (programmes are shared)."""
    opole = make_opole()
    manager = make_user("opole-boss", (opole, Role.MANAGER))
    (
        StrategyBuilder(opole, manager)
        .with_goal("1", "Mobilność")
        .with_specific_goal("1.1", "Transport")
        .with_measure("1.1.1", "Rowery", objectives=[objective])
        .with_plan("1.1.1", objective, eu="1000.00")
        .approved()
        .build()
    )
    return opole, manager
