"""Every write to the strategy backbone. Views, commands and the demo loader call these."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from aglomera.accounts.permissions import require_perm as _require
from aglomera.core import once
from aglomera.core.audit import record
from aglomera.core.i18n import I18nText, as_i18n
from aglomera.core.unique import Unique, unique_errors
from aglomera.strategy import rules
from aglomera.strategy.models import (
    OPEN_STATUSES,
    ExchangeRate,
    FinancialPlanLine,
    Goal,
    IndicatorCode,
    IndicatorCodeSource,
    IntegratedSolution,
    Measure,
    MeasureIndicator,
    OfficeRole,
    Period,
    SpecificGoal,
    SpecificObjective,
    Strategy,
    StrategyVersion,
    VersionStatus,
)


class StaleEdit(ValidationError):  # noqa: N818 - reads as the domain rule it is
    """Someone else changed the amendment since the form was loaded."""


def lock_editable_version(
    version: StrategyVersion, *, expected_revision: int | None
) -> StrategyVersion:
    """Lock the amendment row, check it is still editable and unchanged, and bump its revision."""
    locked = (
        StrategyVersion.objects.select_for_update().select_related("strategy").get(pk=version.pk)
    )
    if not locked.is_editable:
        raise ValidationError(
            _("This version is %(status)s and can no longer be edited.")
            % {"status": locked.get_status_display()},
            code="not_editable",
        )
    if expected_revision is not None and locked.revision != expected_revision:
        raise StaleEdit(
            _(
                "Someone else changed this amendment while you were editing. Your input is kept "
                "below; check the current values and save again."
            ),
            code="stale",
        )
    StrategyVersion.objects.filter(pk=locked.pk).update(revision=F("revision") + 1)
    locked.revision += 1
    return locked


def _audit(code: str, version: StrategyVersion, target: Any, actor: Any, **values: Any) -> None:
    record(
        code,
        actor=actor,
        target=target,
        agglomeration_id=version.strategy.agglomeration_id,
        before=values.get("before"),
        after=values.get("after"),
        reason=values.get("reason", ""),
    )


@transaction.atomic
def create_strategy(
    agglomeration: Any,
    period: str,
    name: I18nText | dict[str, str],
    *,
    actor: Any,
    form_token: UUID | None = None,
) -> Strategy:
    _require(actor, "strategy.approve", agglomeration)
    earlier = once.claim(form_token, actor=actor, model=Strategy)
    if earlier is not None:
        return earlier
    taken = _("This agglomeration already has a strategy for %(period)s.") % {
        "period": Period(period).label
    }
    if Strategy.objects.filter(agglomeration=agglomeration, period=period).exists():
        raise ValidationError({"period": taken})
    with unique_errors(Unique(Strategy, "strategy_unique", "period", taken)):
        strategy = Strategy.objects.create(
            agglomeration=agglomeration, period=period, name=as_i18n(name)
        )
    StrategyVersion.objects.create(strategy=strategy, title=_("First version"), created_by=actor)
    once.bind(form_token, strategy)
    record(
        "strategy.strategy.created",
        actor=actor,
        target=strategy,
        agglomeration_id=agglomeration.pk,
        after={"period": period, "name": dict(strategy.name)},
    )
    return strategy


@transaction.atomic
def start_amendment(
    strategy: Strategy, title: str, *, actor: Any, form_token: UUID | None = None
) -> StrategyVersion:
    """Open a draft amendment as a full copy of the current version."""
    _require(actor, "strategy.amend", strategy)
    earlier = once.claim(form_token, actor=actor, model=StrategyVersion)
    if earlier is not None:
        return earlier
    strategy = Strategy.objects.select_for_update().get(pk=strategy.pk)
    if StrategyVersion.objects.filter(strategy=strategy, status__in=OPEN_STATUSES).exists():
        raise ValidationError(
            _("An amendment of this strategy is already open. Finish or discard it first."),
            code="amendment_open",
        )
    base = strategy.current_version
    if base is None:
        raise ValidationError(
            _("The strategy has no approved version to amend yet."), code="no_base"
        )
    # No race is left for the one-open-amendment constraint to catch: the strategy row is locked
    # above, so a concurrent start_amendment waits and then sees this draft.
    draft = StrategyVersion.objects.create(
        strategy=strategy, base_version=base, title=title, created_by=actor
    )
    copy_tree(base, draft)
    once.bind(form_token, draft)
    _audit(
        "strategy.amendment.started",
        draft,
        draft,
        actor,
        after={"title": title, "base": base.number},
    )
    return draft


def copy_tree(source: StrategyVersion, target: StrategyVersion) -> None:
    """Copy goals, specific goals, measures, solutions, plan lines and indicators."""
    goal_map: dict[int, Goal] = {}
    for goal in Goal.objects.filter(version=source):
        goal_map[goal.pk] = Goal(
            version=target, code=goal.code, name=goal.name, description=goal.description
        )
    Goal.objects.bulk_create(goal_map.values())

    sgoal_map: dict[int, SpecificGoal] = {}
    for sgoal in SpecificGoal.objects.filter(version=source):
        sgoal_map[sgoal.pk] = SpecificGoal(
            version=target,
            goal=goal_map[sgoal.goal_id],
            code=sgoal.code,
            name=sgoal.name,
            description=sgoal.description,
        )
    SpecificGoal.objects.bulk_create(sgoal_map.values())

    measure_map: dict[int, Measure] = {}
    for measure in Measure.objects.filter(version=source):
        measure_map[measure.pk] = Measure(
            version=target,
            specific_goal=sgoal_map[measure.specific_goal_id],
            code=measure.code,
            name=measure.name,
            description=measure.description,
        )
    Measure.objects.bulk_create(measure_map.values())

    objective_links = Measure.specific_objectives.through
    objective_links.objects.bulk_create(
        objective_links(
            measure_id=measure_map[link.measure_id].pk,
            specificobjective_id=link.specificobjective_id,
        )
        for link in objective_links.objects.filter(measure__version=source)
    )

    solution_map: dict[int, IntegratedSolution] = {}
    for solution in IntegratedSolution.objects.filter(version=source):
        solution_map[solution.pk] = IntegratedSolution(
            version=target, code=solution.code, name=solution.name, description=solution.description
        )
    IntegratedSolution.objects.bulk_create(solution_map.values())
    solution_links = IntegratedSolution.measures.through
    solution_links.objects.bulk_create(
        solution_links(
            integratedsolution_id=solution_map[link.integratedsolution_id].pk,
            measure_id=measure_map[link.measure_id].pk,
        )
        for link in solution_links.objects.filter(integratedsolution__version=source)
    )

    FinancialPlanLine.objects.bulk_create(
        FinancialPlanLine(
            version=target,
            measure=measure_map[line.measure_id],
            specific_objective_id=line.specific_objective_id,
            source=line.source,
            amount=line.amount,
        )
        for line in FinancialPlanLine.objects.filter(version=source)
    )
    MeasureIndicator.objects.bulk_create(
        MeasureIndicator(
            version=target,
            measure=measure_map[row.measure_id],
            indicator_id=row.indicator_id,
            baseline=row.baseline,
            milestone_2024=row.milestone_2024,
            target_2029=row.target_2029,
        )
        for row in MeasureIndicator.objects.filter(version=source)
    )


def _unique_code_error(
    model: type[Any], version: StrategyVersion, code: str, exclude_pk: int | None
) -> None:
    clash = model.objects.filter(version=version, code=code)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(
            {"code": _("The code %(code)s is already used in this version.") % {"code": code}}
        )


def _check_amount(amount: Decimal, *, positive: bool = False) -> None:
    try:
        rules.validate_amount(amount, positive=positive)
    except ValidationError as exc:
        raise ValidationError({"amount": exc.messages}) from exc


def _check_code(code: str, parent_code: str | None) -> None:
    try:
        rules.validate_child_code(code, parent_code)
    except ValidationError as exc:
        raise ValidationError({"code": exc.messages}) from exc


@transaction.atomic
def add_goal(
    version: StrategyVersion,
    code: str,
    name: I18nText | dict[str, str],
    description: I18nText | dict[str, str] | None = None,
    *,
    actor: Any,
    expected_revision: int | None = None,
    form_token: UUID | None = None,
) -> Goal:
    _require(actor, "strategy.amend", version)
    earlier = once.claim(form_token, actor=actor, model=Goal)
    if earlier is not None:
        return earlier
    version = lock_editable_version(version, expected_revision=expected_revision)
    code = code.strip()
    _check_code(code, None)
    _unique_code_error(Goal, version, code, None)
    goal = Goal.objects.create(
        version=version, code=code, name=as_i18n(name), description=as_i18n(description)
    )
    once.bind(form_token, goal)
    _audit(
        "strategy.goal.added", version, goal, actor, after={"code": code, "name": dict(goal.name)}
    )
    return goal


@transaction.atomic
def add_specific_goal(
    version: StrategyVersion,
    goal: Goal,
    code: str,
    name: I18nText | dict[str, str],
    description: I18nText | dict[str, str] | None = None,
    *,
    actor: Any,
    expected_revision: int | None = None,
    form_token: UUID | None = None,
) -> SpecificGoal:
    _require(actor, "strategy.amend", version)
    earlier = once.claim(form_token, actor=actor, model=SpecificGoal)
    if earlier is not None:
        return earlier
    version = lock_editable_version(version, expected_revision=expected_revision)
    if goal.version_id != version.pk:
        raise ValidationError({"goal": _("Choose a goal of this version.")})
    code = code.strip()
    _check_code(code, goal.code)
    _unique_code_error(SpecificGoal, version, code, None)
    sgoal = SpecificGoal.objects.create(
        version=version, goal=goal, code=code, name=as_i18n(name), description=as_i18n(description)
    )
    once.bind(form_token, sgoal)
    _audit(
        "strategy.specific_goal.added",
        version,
        sgoal,
        actor,
        after={"code": code, "name": dict(sgoal.name)},
    )
    return sgoal


@transaction.atomic
def save_measure(
    version: StrategyVersion,
    *,
    specific_goal: SpecificGoal,
    code: str,
    name: I18nText | dict[str, str],
    description: I18nText | dict[str, str] | None = None,
    specific_objectives: Iterable[SpecificObjective] = (),
    measure: Measure | None = None,
    actor: Any,
    expected_revision: int | None = None,
    form_token: UUID | None = None,
) -> Measure:
    """Add a measure, or change an existing one of the draft (code, names, objectives).

    `form_token` (adding only) makes a repeated submission of the same form return the measure
    the first one added."""
    _require(actor, "strategy.amend", version)
    earlier = once.claim(form_token, actor=actor, model=Measure) if measure is None else None
    if earlier is not None:
        return earlier
    version = lock_editable_version(version, expected_revision=expected_revision)
    if specific_goal.version_id != version.pk or (
        measure is not None and measure.version_id != version.pk
    ):
        raise ValidationError({"specific_goal": _("Choose a specific goal of this version.")})
    code = code.strip()
    _check_code(code, specific_goal.code)
    _unique_code_error(Measure, version, code, measure.pk if measure else None)
    objectives = list(specific_objectives)
    period = version.strategy.period
    if any(obj.programme.period != period for obj in objectives):
        raise ValidationError(
            {"specific_objectives": _("Choose objectives of programmes of this period.")}
        )
    before = (
        {
            "code": measure.code,
            "name": dict(measure.name),
            "specific_goal": measure.specific_goal.code,
        }
        if measure
        else {}
    )
    if measure is None:
        measure = Measure(version=version)
    measure.specific_goal = specific_goal
    measure.code = code
    measure.name = as_i18n(name)
    measure.description = as_i18n(description)
    measure.save()
    measure.specific_objectives.set(objectives)
    if not before:
        once.bind(form_token, measure)
    _audit(
        "strategy.measure.changed" if before else "strategy.measure.added",
        version,
        measure,
        actor,
        before=before,
        after={"code": code, "name": dict(measure.name), "specific_goal": specific_goal.code},
    )
    return measure


@transaction.atomic
def set_plan_amount(
    version: StrategyVersion,
    *,
    measure: Measure,
    specific_objective: SpecificObjective,
    source: str,
    amount: Decimal,
    currency: str,
    actor: Any,
    expected_revision: int | None = None,
) -> FinancialPlanLine:
    """Set the planned amount of one measure x objective x source in the draft."""
    _require(actor, "strategy.amend", version)
    version = lock_editable_version(version, expected_revision=expected_revision)
    if measure.version_id != version.pk:
        raise ValidationError({"measure": _("Choose a measure of this version.")})
    _check_amount(amount)
    try:
        rules.validate_plan_currency(specific_objective, currency)
    except ValidationError as exc:
        raise ValidationError({"currency": exc.messages}) from exc
    if specific_objective.programme.period != version.strategy.period:
        raise ValidationError(
            {"specific_objective": _("Choose an objective of a programme of this period.")}
        )
    line, created = FinancialPlanLine.objects.get_or_create(
        version=version,
        measure=measure,
        specific_objective=specific_objective,
        source=source,
        defaults={"amount": amount},
    )
    before = {} if created else {"amount": line.amount}
    if not created:
        line.amount = amount
        line.save(update_fields=["amount"])
    measure.specific_objectives.add(specific_objective)
    _audit(
        "strategy.plan_line.set",
        version,
        line,
        actor,
        before=before,
        after={"amount": amount, "currency": currency},
    )
    return line


@transaction.atomic
def move_allocation(
    version: StrategyVersion,
    *,
    from_line: FinancialPlanLine,
    to_measure: Measure,
    amount: Decimal,
    actor: Any,
    reason: str = "",
    expected_revision: int | None = None,
) -> FinancialPlanLine:
    """Move money from one plan line to another measure, same objective and source."""
    _require(actor, "strategy.amend", version)
    version = lock_editable_version(version, expected_revision=expected_revision)
    source_line = FinancialPlanLine.objects.select_for_update().get(pk=from_line.pk)
    if source_line.version_id != version.pk or to_measure.version_id != version.pk:
        raise ValidationError(_("Both lines must belong to this amendment."))
    if to_measure.pk == source_line.measure_id:
        raise ValidationError({"to_measure": _("Choose a different measure.")})
    _check_amount(amount, positive=True)
    if amount > source_line.amount:
        raise ValidationError(
            {
                "amount": _("Only %(available)s is planned on this line.")
                % {"available": source_line.amount}
            }
        )
    target_line, _created = FinancialPlanLine.objects.select_for_update().get_or_create(
        version=version,
        measure=to_measure,
        specific_objective_id=source_line.specific_objective_id,
        source=source_line.source,
        defaults={"amount": Decimal("0.00")},
    )
    source_line.amount -= amount
    target_line.amount += amount
    source_line.save(update_fields=["amount"])
    target_line.save(update_fields=["amount"])
    to_measure.specific_objectives.add(source_line.specific_objective_id)
    _audit(
        "strategy.plan_line.moved",
        version,
        source_line,
        actor,
        before={"from": str(source_line), "to": str(target_line)},
        after={"amount": amount},
        reason=reason,
    )
    return target_line


@transaction.atomic
def set_measure_indicator(
    version: StrategyVersion,
    *,
    measure: Measure,
    indicator: IndicatorCode,
    baseline: Decimal,
    milestone_2024: Decimal | None,
    target_2029: Decimal,
    actor: Any,
    expected_revision: int | None = None,
) -> MeasureIndicator:
    _require(actor, "strategy.amend", version)
    version = lock_editable_version(version, expected_revision=expected_revision)
    if measure.version_id != version.pk:
        raise ValidationError({"measure": _("Choose a measure of this version.")})
    errors = rules.validate_indicator_values(indicator, baseline, milestone_2024, target_2029)
    if errors:
        raise ValidationError(errors)
    row, created = MeasureIndicator.objects.get_or_create(
        version=version,
        measure=measure,
        indicator=indicator,
        defaults={
            "baseline": baseline,
            "milestone_2024": milestone_2024,
            "target_2029": target_2029,
        },
    )
    before = {}
    if not created:
        before = {
            "baseline": row.baseline,
            "milestone_2024": row.milestone_2024,
            "target_2029": row.target_2029,
        }
        row.baseline, row.milestone_2024, row.target_2029 = baseline, milestone_2024, target_2029
        row.save(update_fields=["baseline", "milestone_2024", "target_2029"])
    _audit(
        "strategy.indicator.set",
        version,
        row,
        actor,
        before=before,
        after={"baseline": baseline, "milestone_2024": milestone_2024, "target_2029": target_2029},
    )
    return row


@transaction.atomic
def save_integrated_solution(
    version: StrategyVersion,
    *,
    code: str,
    name: I18nText | dict[str, str],
    measures: Iterable[Measure],
    description: I18nText | dict[str, str] | None = None,
    actor: Any,
    expected_revision: int | None = None,
) -> IntegratedSolution:
    _require(actor, "strategy.amend", version)
    version = lock_editable_version(version, expected_revision=expected_revision)
    chosen = list(measures)
    if any(m.version_id != version.pk for m in chosen):
        raise ValidationError({"measures": _("Choose measures of this version.")})
    solution, _created = IntegratedSolution.objects.update_or_create(
        version=version,
        code=code.strip(),
        defaults={"name": as_i18n(name), "description": as_i18n(description)},
    )
    solution.measures.set(chosen)
    _audit(
        "strategy.solution.saved",
        version,
        solution,
        actor,
        after={"measures": [m.code for m in chosen]},
    )
    return solution


@transaction.atomic
def add_indicator_code(
    *,
    agglomeration: Any,
    code: str,
    kind: str,
    name: I18nText | dict[str, str],
    unit: I18nText | dict[str, str],
    direction: str,
    note: str = "",
    actor: Any,
    form_token: UUID | None = None,
) -> IndicatorCode:
    """Add a national codebook entry (EU common indicators come with the product)."""
    _require(actor, "strategy.manage_codes", agglomeration)
    earlier = once.claim(form_token, actor=actor, model=IndicatorCode)
    if earlier is not None:
        return earlier
    code = code.strip().upper()
    taken = _("The indicator code %(code)s already exists.") % {"code": code}
    if IndicatorCode.objects.filter(code__iexact=code).exists():
        raise ValidationError({"code": taken})
    with unique_errors(Unique(IndicatorCode, "code", "code", taken)):
        indicator = IndicatorCode.objects.create(
            code=code,
            kind=kind,
            source=IndicatorCodeSource.NATIONAL,
            name=as_i18n(name),
            unit=as_i18n(unit),
            direction=direction,
            note=note,
        )
    once.bind(form_token, indicator)
    record(
        "strategy.indicator_code.added",
        actor=actor,
        target=indicator,
        agglomeration_id=agglomeration.pk,
        after={"code": code, "kind": kind},
    )
    return indicator


@transaction.atomic
def set_exchange_rate(
    *,
    agglomeration: Any,
    currency: str,
    valid_from: date,
    units_per_eur: Decimal,
    source: str = "",
    actor: Any,
) -> ExchangeRate:
    _require(actor, "strategy.manage_rates", agglomeration)
    if units_per_eur <= 0:
        raise ValidationError({"units_per_eur": _("The rate must be a positive number.")})
    rate, created = ExchangeRate.objects.select_for_update().get_or_create(
        agglomeration=agglomeration,
        currency=currency,
        valid_from=valid_from,
        defaults={"units_per_eur": units_per_eur, "source": source},
    )
    before = {} if created else {"units_per_eur": rate.units_per_eur}
    if not created:
        rate.units_per_eur = units_per_eur
        rate.source = source
        rate.save(update_fields=["units_per_eur", "source"])
    record(
        "strategy.exchange_rate.set",
        actor=actor,
        target=rate,
        agglomeration_id=agglomeration.pk,
        before=before,
        after={"units_per_eur": units_per_eur, "valid_from": valid_from},
    )
    return rate


__all__ = [
    "StaleEdit",
    "VersionStatus",
    "add_goal",
    "add_indicator_code",
    "add_specific_goal",
    "create_strategy",
    "move_allocation",
    "save_integrated_solution",
    "save_measure",
    "set_exchange_rate",
    "set_measure_indicator",
    "set_office_role",
    "set_plan_amount",
    "start_amendment",
]


@transaction.atomic
def set_office_role(
    agglomeration: Any, *, specific_objective: SpecificObjective, role: str, actor: Any
) -> OfficeRole:
    """Record what the office does in one programme action: selects, assesses or monitors."""
    _require(actor, "strategy.approve", agglomeration)
    if specific_objective.programme.country != agglomeration.country:
        raise ValidationError(
            {"specific_objective": _("Choose an objective of a programme of your country.")}
        )
    current = (
        OfficeRole.objects.select_for_update()
        .filter(agglomeration=agglomeration, specific_objective=specific_objective)
        .first()
    )
    before = {"role": current.role} if current else {}
    office_role, _created = OfficeRole.objects.update_or_create(
        agglomeration=agglomeration, specific_objective=specific_objective, defaults={"role": role}
    )
    record(
        "strategy.office_role.set",
        actor=actor,
        target=office_role,
        agglomeration_id=agglomeration.pk,
        before=before,
        after={"role": role},
    )
    return office_role
