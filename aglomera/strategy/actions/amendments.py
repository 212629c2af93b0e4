"""Amendments: opening one as a full copy of the current version, and the lock every edit
of a draft takes."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from aglomera.accounts.permissions import require_perm as _require
from aglomera.core import once
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.strategy.models import (
    OPEN_STATUSES,
    FinancialPlanLine,
    Goal,
    IntegratedSolution,
    Measure,
    MeasureIndicator,
    SpecificGoal,
    Strategy,
    StrategyVersion,
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


def audit_version_change(
    code: str, version: StrategyVersion, target: Any, actor: Actor, **values: Any
) -> None:
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
def start_amendment(
    strategy: Strategy, title: str, *, actor: Actor, form_token: UUID | None = None
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
    audit_version_change(
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
