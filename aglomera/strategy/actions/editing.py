"""Edits of a draft amendment: goals, specific goals, measures, plan lines, indicators and
integrated solutions. Each locks the draft and checks its revision first."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aglomera.accounts.permissions import require_perm as _require
from aglomera.core import once
from aglomera.core.actors import Actor
from aglomera.core.amounts import format_amount
from aglomera.core.i18n import I18nText, as_i18n
from aglomera.strategy import rules
from aglomera.strategy.actions.amendments import audit_version_change, lock_editable_version
from aglomera.strategy.models import (
    FinancialPlanLine,
    Goal,
    IndicatorCode,
    IntegratedSolution,
    Measure,
    MeasureIndicator,
    SpecificGoal,
    SpecificObjective,
    StrategyVersion,
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
    actor: Actor,
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
    audit_version_change(
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
    actor: Actor,
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
    audit_version_change(
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
    actor: Actor,
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
    audit_version_change(
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
    actor: Actor,
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
    audit_version_change(
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
    actor: Actor,
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
                % {"available": format_amount(source_line.amount)}
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
    audit_version_change(
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
    actor: Actor,
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
    audit_version_change(
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
    actor: Actor,
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
    audit_version_change(
        "strategy.solution.saved",
        version,
        solution,
        actor,
        after={"measures": [m.code for m in chosen]},
    )
    return solution
