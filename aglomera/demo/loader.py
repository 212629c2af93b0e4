"""Load the demo data set: two agglomerations, their people, programmes and strategies,
(through `aglomera.demo.pipeline`) their calls, project intentions, committees and meetings,
and (through `aglomera.demo.monitoring`) payments, progress reports, imported lists of
operations and generated reports.

The facts are data files (aglomera/demo/data/, read by `aglomera.demo.dataset`); this module
only turns them into records. Idempotent: every object is looked up by its natural key first
and only created when missing; a strategy that already exists for an agglomeration and period is
left alone. Strategies are built only through the actions and transitions of aglomera.strategy,
acting as the demo manager of the agglomeration, so the audit log reads like real use.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from aglomera.accounts.models import Membership, Role
from aglomera.agglomerations.models import Agglomeration, Municipality, Organisation
from aglomera.core.actors import Actor
from aglomera.demo import cooperation, monitoring, news, pipeline
from aglomera.demo.credentials import ADMIN_USERNAME, DEMO_PASSWORD
from aglomera.demo.dataset import demo_data
from aglomera.demo.specs import (
    AgglomerationData,
    AgglomerationSpec,
    AmendmentSpec,
    ApprovalSpec,
    DemoData,
    MeasureSpec,
    OrganisationSpec,
    PersonSpec,
    StrategySpec,
)
from aglomera.monitoring.actions.summary import rebuild_summaries
from aglomera.strategy import actions
from aglomera.strategy.models import (
    ExchangeRate,
    FinancialPlanLine,
    IndicatorCode,
    Measure,
    Programme,
    Source,
    SpecificObjective,
    Strategy,
    StrategyVersion,
    VersionStatus,
)
from aglomera.strategy.transitions import Approval, transition

WHOLE = Decimal("1")
CENT = Decimal("0.01")


@dataclass
class Report:
    created: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    logins: list[tuple[str, str, str, str]] = field(default_factory=list)

    def count(self, what: str, n: int = 1) -> None:
        if n:
            self.created[what] = self.created.get(what, 0) + n

    def summary(self) -> str:
        if not self.created:
            return "Demo data already loaded; nothing changed."
        parts = ", ".join(f"{n} {what}" for what, n in self.created.items())
        return f"Demo data loaded: {parts}."


def username(slug: str, role: str) -> str:
    return f"{slug}-{role}".replace("_", "-")


# ---- reference data -------------------------------------------------------------------------


def ensure_agglomeration(spec: AgglomerationSpec, report: Report) -> Agglomeration:
    agglomeration, created = Agglomeration.objects.get_or_create(
        slug=spec.slug,
        defaults={
            "name": spec.name,
            "country": spec.country,
            "currency": spec.currency,
            "time_zone": spec.time_zone,
            "office_name": spec.office_name,
            "office_address": spec.office_address,
            "website": spec.website,
            "office_email": spec.office_email,
            "office_phone": spec.office_phone,
        },
    )
    report.count("agglomerations", int(created))
    return agglomeration


def _territory_rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def ensure_municipalities(
    agglomeration: Agglomeration, spec: AgglomerationSpec, report: Report
) -> None:
    existing = set(
        Municipality.objects.filter(agglomeration=agglomeration).values_list("code", flat=True)
    )
    new = [
        Municipality(
            agglomeration=agglomeration,
            code=row["code"],
            name=row["name"],
            kind=row["kind"],
            district=row["district"],
            nuts3=row["nuts3"],
            population=int(row["population"]) if row["population"] else None,
            latitude=Decimal(row["latitude"]) if row["latitude"] else None,
            longitude=Decimal(row["longitude"]) if row["longitude"] else None,
        )
        for row in _territory_rows(spec.territory)
        if row["code"] not in existing
    ]
    Municipality.objects.bulk_create(new)
    report.count("municipalities", len(new))


def ensure_organisations(
    agglomeration: Agglomeration, specs: tuple[OrganisationSpec, ...], report: Report
) -> dict[str, Organisation]:
    found: dict[str, Organisation] = {}
    for spec in specs:
        key = (
            {"ico": spec.ico}
            if spec.ico
            else ({"regon": spec.regon} if spec.regon else {"nip": spec.nip})
        )
        organisation, created = Organisation.objects.get_or_create(
            agglomeration=agglomeration,
            **key,
            defaults={
                "name": spec.name,
                "kind": spec.kind,
                "country": agglomeration.country,
                "ico": spec.ico,
                "regon": spec.regon,
                "nip": spec.nip,
                "address": spec.address,
            },
        )
        if created:
            organisation.full_clean()  # the identifiers must pass the national checks
        report.count("organisations", int(created))
        found[spec.key] = organisation
    return found


def ensure_people(
    agglomeration: Agglomeration,
    people: tuple[PersonSpec, ...],
    organisations: dict[str, Organisation],
    password_hash: str,
    report: Report,
) -> Any:
    """Create one user per role; return the manager (fresh, with no cached roles)."""
    user_model = get_user_model()
    manager_name = ""
    for person in people:
        name = username(agglomeration.slug, person.role)
        user, created = user_model.objects.get_or_create(
            username=name,
            defaults={
                "first_name": person.first_name,
                "last_name": person.last_name,
                "email": f"{name}@example.org",
                "preferred_language": person.language,
                "password": password_hash,
            },
        )
        report.count("users", int(created))
        _membership, created = Membership.objects.get_or_create(
            user=user,
            agglomeration=agglomeration,
            role=person.role,
            defaults={"organisation": organisations.get(person.organisation)},
        )
        report.count("memberships", int(created))
        report.logins.append(
            (
                name,
                agglomeration.slug,
                str(Role(person.role).label),
                f"{person.first_name} {person.last_name}",
            )
        )
        if person.role == Role.MANAGER:
            manager_name = name
    return user_model.objects.get(username=manager_name)


def ensure_admin(password_hash: str, report: Report) -> None:
    user_model = get_user_model()
    _admin, created = user_model.objects.get_or_create(
        username=ADMIN_USERNAME,
        defaults={
            "email": "admin@example.org",
            "is_staff": True,
            "is_superuser": True,
            "preferred_language": "en",
            "password": password_hash,
        },
    )
    report.count("users", int(created))
    report.logins.append((ADMIN_USERNAME, "*", "superuser", "Administrator"))


def ensure_programmes(
    data: DemoData, report: Report
) -> dict[tuple[str, str, str], SpecificObjective]:
    objectives: dict[tuple[str, str, str], SpecificObjective] = {}
    for spec in data.programmes:
        programme, created = Programme.objects.get_or_create(
            code=spec.code,
            period=spec.period,
            defaults={
                "name": spec.name,
                "country": spec.country,
                "managing_authority": spec.managing_authority,
                "currency": spec.currency,
                "cci": spec.cci,
            },
        )
        report.count("programmes", int(created))
        for objective_spec in spec.objectives:
            objective, created = SpecificObjective.objects.get_or_create(
                programme=programme,
                code=objective_spec.code,
                defaults={"name": objective_spec.name, "fund": objective_spec.fund},
            )
            report.count("programme objectives", int(created))
            objectives[(spec.period, spec.code, objective_spec.code)] = objective
    return objectives


def ensure_rates(
    data: AgglomerationData, agglomeration: Agglomeration, manager: Any, report: Report
) -> None:
    rates = data.rates
    existing = set(
        ExchangeRate.objects.filter(
            agglomeration=agglomeration, currency=rates.currency
        ).values_list("valid_from", flat=True)
    )
    for rate in rates.rates:
        if rate.valid_from in existing:
            continue
        actions.set_exchange_rate(
            agglomeration=agglomeration,
            currency=rates.currency,
            valid_from=rate.valid_from,
            units_per_eur=rate.units_per_eur,
            source=rates.source,
            actor=manager,
        )
        report.count("exchange rates")


def ensure_national_codes(
    data: AgglomerationData, agglomeration: Agglomeration, actor: Actor, report: Report
) -> None:
    for entry in data.indicator_codes:
        if IndicatorCode.objects.filter(code__iexact=entry.code).exists():
            continue
        actions.add_indicator_code(
            agglomeration=agglomeration,
            code=entry.code,
            kind=entry.kind,
            name=entry.name,
            unit=entry.unit,
            direction="increase",
            note=entry.note,
            actor=actor,
        )
        report.count("national indicator codes")


# ---- strategies -----------------------------------------------------------------------------


def _share(eu: Decimal, ratio: Decimal) -> Decimal:
    return (eu * ratio).quantize(WHOLE, rounding=ROUND_HALF_UP).quantize(CENT)


def _eu_amounts(spec: StrategySpec) -> dict[tuple[str, str, str], Decimal]:
    """EU amount per (measure, programme, objective) in the programme currency."""
    amounts: dict[tuple[str, str, str], Decimal] = {}
    balance_key: tuple[str, str, str] | None = None
    for goal in spec.goals:
        for sgoal in goal.specific_goals:
            for measure in sgoal.measures:
                for money in measure.money:
                    key = (measure.code, money.programme, money.objective)
                    if money.eu is None:
                        balance_key = key
                        continue
                    value = money.eu
                    if spec.planning_rate is not None:
                        value = value * spec.planning_rate  # EUR -> the programme currency
                    amounts[key] = value.quantize(CENT, rounding=ROUND_HALF_UP)
    if balance_key is not None and spec.balance is not None:  # a fixed, published total
        programme = spec.balance.programme
        planned = sum((v for k, v in amounts.items() if k[1] == programme), Decimal(0))
        amounts[balance_key] = (spec.balance.eu_total - planned).quantize(CENT)
    return amounts


class StrategyBuilder:
    """Builds the tree of one draft version through the strategy actions."""

    def __init__(
        self,
        version: StrategyVersion,
        actor: Actor,
        currency: str,
        objectives: dict[tuple[str, str, str], SpecificObjective],
        data: DemoData,
    ) -> None:
        self.version = version
        self.actor = actor
        self.currency = currency
        self.objectives = objectives
        self.period = version.strategy.period
        self.measures: dict[str, Measure] = {}
        self.indicator_codes = {c.code: c for c in IndicatorCode.objects.all()}
        self.cofinancing = data.cofinancing

    def build(self, spec: StrategySpec) -> None:
        amounts = _eu_amounts(spec)
        for goal_spec in spec.goals:
            goal = actions.add_goal(self.version, goal_spec.code, goal_spec.name, actor=self.actor)
            for sgoal_spec in goal_spec.specific_goals:
                sgoal = actions.add_specific_goal(
                    self.version, goal, sgoal_spec.code, sgoal_spec.name, actor=self.actor
                )
                for measure_spec in sgoal_spec.measures:
                    self._measure(sgoal, measure_spec, amounts)
        for solution in spec.solutions:
            actions.save_integrated_solution(
                self.version,
                code=solution.code,
                name=solution.name,
                description=solution.description,
                measures=[self.measures[code] for code in solution.measures],
                actor=self.actor,
            )

    def _objective(self, programme: str, code: str) -> SpecificObjective:
        return self.objectives[(self.period, programme, code)]

    def _measure(
        self,
        sgoal: Any,
        spec: MeasureSpec,
        amounts: dict[tuple[str, str, str], Decimal],
    ) -> None:
        measure = actions.save_measure(
            self.version,
            specific_goal=sgoal,
            code=spec.code,
            name=spec.name,
            specific_objectives=[self._objective(m.programme, m.objective) for m in spec.money],
            actor=self.actor,
        )
        self.measures[spec.code] = measure
        for money in spec.money:
            objective = self._objective(money.programme, money.objective)
            eu = amounts[(spec.code, money.programme, money.objective)]
            shares = self.cofinancing[money.programme]
            for source, value in (
                (Source.EU, eu),
                (Source.NATIONAL, _share(eu, shares.national)),
                (Source.OWN, _share(eu, shares.own)),
            ):
                if value > 0:
                    actions.set_plan_amount(
                        self.version,
                        measure=measure,
                        specific_objective=objective,
                        source=source,
                        amount=value,
                        currency=self.currency,
                        actor=self.actor,
                    )
        for row in spec.indicators:
            actions.set_measure_indicator(
                self.version,
                measure=measure,
                indicator=self.indicator_codes[row.code],
                baseline=row.baseline,
                milestone_2024=row.milestone,
                target_2029=row.target,
                actor=self.actor,
            )


def _approve(
    version: StrategyVersion,
    actor: Actor,
    approval: ApprovalSpec,
    *,
    consultation: bool = False,
) -> StrategyVersion:
    if consultation:
        version = transition(version, VersionStatus.IN_CONSULTATION, actor=actor)
    version = transition(version, VersionStatus.SUBMITTED, actor=actor)
    return transition(
        version,
        VersionStatus.APPROVED,
        actor=actor,
        approval=Approval(
            approved_on=approval.approved_on,
            approved_by_body=approval.approved_by,
            reference=approval.reference,
        ),
    )


def _line(
    version: StrategyVersion, measure_code: str, programme: str, objective: str
) -> FinancialPlanLine:
    return FinancialPlanLine.objects.get(
        version=version,
        measure__code=measure_code,
        specific_objective__programme__code=programme,
        specific_objective__code=objective,
        source=Source.EU,
    )


def build_strategy(
    data: DemoData,
    spec: StrategySpec,
    agglomeration: Agglomeration,
    manager: Any,
    objectives: dict[tuple[str, str, str], SpecificObjective],
    report: Report,
) -> Strategy | None:
    if Strategy.objects.filter(agglomeration=agglomeration, period=spec.period).exists():
        report.skipped.append(f"{agglomeration.slug} {spec.period}")
        return None
    strategy = actions.create_strategy(agglomeration, spec.period, spec.name, actor=manager)
    draft = StrategyVersion.objects.get(strategy=strategy)
    StrategyBuilder(draft, manager, agglomeration.currency, objectives, data).build(spec)
    _approve(draft, manager, spec.approval, consultation=spec.consultation)
    strategy.refresh_from_db()
    report.count("strategies")
    return strategy


def amend_strategy(strategy: Strategy, spec: AmendmentSpec, manager: Any) -> None:
    """An amendment after the first approval: money moved between measures and targets changed,
    then approved, or left open as a draft for the amendment editor to show."""
    draft = actions.start_amendment(strategy, spec.title, actor=manager)
    measures = {m.code: m for m in Measure.objects.filter(version=draft)}
    for move in spec.moves:
        actions.move_allocation(
            draft,
            from_line=_line(draft, move.from_measure, move.programme, move.objective),
            to_measure=measures[move.to_measure],
            amount=move.amount,
            actor=manager,
            reason=spec.title,
        )
    for change in spec.targets:
        current = measures[change.measure].indicators.get(indicator__code=change.indicator)
        actions.set_measure_indicator(
            draft,
            measure=measures[change.measure],
            indicator=current.indicator,
            baseline=current.baseline,
            milestone_2024=current.milestone_2024,
            target_2029=change.target,
            actor=manager,
        )
    if spec.approval is not None:
        _approve(draft, manager, spec.approval)


# ---- entry point ----------------------------------------------------------------------------


def load_demo(now: datetime | None = None) -> Report:
    """Load everything; `now` (default: the current time) dates the open call and the open vote."""
    with pipeline.quiet_notifications():  # the e-mails of the demo history go to memory
        return _load_demo(now)


@transaction.atomic
def _load_demo(now: datetime | None) -> Report:
    data = demo_data()
    report = Report()
    # Hashed once: the same for every demo user. Set directly, not through the password
    # validators (demo12345 is shorter than the 12 characters they ask for); production refuses
    # to start while an account has it (aglomera/accounts/demo_passwords.py).
    password_hash = make_password(DEMO_PASSWORD)
    agglomerations: dict[str, Agglomeration] = {}
    managers: dict[str, Any] = {}
    for folder in data.agglomerations:
        spec = folder.agglomeration
        agglomeration = ensure_agglomeration(spec, report)
        ensure_municipalities(agglomeration, spec, report)
        organisations = ensure_organisations(agglomeration, spec.organisations, report)
        managers[spec.slug] = ensure_people(
            agglomeration, spec.people, organisations, password_hash, report
        )
        agglomerations[spec.slug] = agglomeration
    ensure_admin(password_hash, report)

    objectives = ensure_programmes(data, report)
    for folder in data.agglomerations:
        ensure_rates(folder, agglomerations[folder.slug], managers[folder.slug], report)
    for folder in data.agglomerations:
        ensure_national_codes(folder, agglomerations[folder.slug], managers[folder.slug], report)

    for folder in data.agglomerations:
        for strategy_spec in folder.strategies:
            manager = managers[folder.slug]
            strategy = build_strategy(
                data, strategy_spec, agglomerations[folder.slug], manager, objectives, report
            )
            if strategy is None:
                continue
            for amendment in strategy_spec.amendments:
                amend_strategy(strategy, amendment, manager)
    pipeline.load_pipeline(data, report, password_hash, now=now)
    monitoring.load_monitoring(data, report, now=now)
    # The demo writes payments and operations directly: the monitoring summaries are built last
    # (once: a second run changes nothing, and its workflow steps refresh their own spans).
    rebuild_summaries(
        Strategy.objects.filter(agglomeration__in=agglomerations.values(), summary_built_at=None)
        .exclude(current_version=None)
        .order_by("pk")
    )
    for agglomeration in agglomerations.values():
        news.load_news(agglomeration, report)
    cooperation.load_cooperation(agglomerations, report)
    return report


def logins_table(report: Report) -> str:
    header = ("username", "agglomeration", "role", "name")
    rows = [header, *report.logins]
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(header))]
    lines = ["  ".join(str(value).ljust(widths[i]) for i, value in enumerate(row)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(f"Password for every demo login: {DEMO_PASSWORD}")
    return "\n".join(lines)
