"""The versions of a strategy: their history, the diff between two, the steps of one."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from aglomera.core.i18n import I18nText
from aglomera.core.money import ZERO
from aglomera.strategy.models import (
    FinancialPlanLine,
    Goal,
    Measure,
    MeasureIndicator,
    SpecificGoal,
    Strategy,
    StrategyVersion,
)


def get_version_history(strategy: Strategy) -> QuerySet[StrategyVersion]:
    return (
        StrategyVersion.objects.filter(strategy=strategy)
        .select_related("created_by", "base_version")
        .order_by("-number", "-id")
    )


# ---- diff ---------------------------------------------------------------------------------


@dataclass
class MoneyChange:
    measure_code: str
    measure_name: str
    objective: str
    source: str
    currency: str
    old: Decimal
    new: Decimal

    @property
    def delta(self) -> Decimal:
        return self.new - self.old


@dataclass
class IndicatorChange:
    measure_code: str
    indicator_code: str
    indicator_name: str
    field: str
    old: Decimal | None
    new: Decimal | None


@dataclass
class StructureChange:
    kind: str  # "added", "removed", "renamed"
    level: str  # "goal", "specific_goal", "measure"
    code: str
    old_name: str
    new_name: str


@dataclass
class VersionDiff:
    old: StrategyVersion
    new: StrategyVersion
    money: list[MoneyChange]
    indicators: list[IndicatorChange]
    structure: list[StructureChange]
    money_delta_by_currency: dict[str, Decimal]

    @property
    def is_empty(self) -> bool:
        return not (self.money or self.indicators or self.structure)


def _money_map(
    version: StrategyVersion,
) -> dict[tuple[str, str, str], tuple[FinancialPlanLine, str]]:
    rows = FinancialPlanLine.objects.filter(version=version).select_related(
        "measure", "specific_objective__programme"
    )
    return {
        (line.measure.code, str(line.specific_objective), line.source): (
            line,
            str(line.measure.name),
        )
        for line in rows
    }


def _named(model: type[Any], version: StrategyVersion) -> dict[str, I18nText]:
    """Names in every language: a change in any language is a rename, shown in the active one."""
    return {
        obj.code: obj.name for obj in model.objects.filter(version=version).only("code", "name")
    }


def diff_versions(old: StrategyVersion, new: StrategyVersion) -> VersionDiff:
    """What changed from `old` to `new`: money per line, indicator values, the tree."""
    old_money, new_money = _money_map(old), _money_map(new)
    money: list[MoneyChange] = []
    delta_by_currency: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for key in sorted(set(old_money) | set(new_money)):
        old_line = old_money.get(key)
        new_line = new_money.get(key)
        old_amount = old_line[0].amount if old_line else ZERO
        new_amount = new_line[0].amount if new_line else ZERO
        if old_amount == new_amount:
            continue
        line, name = new_line or old_line  # type: ignore[misc]
        currency = line.specific_objective.programme.currency
        money.append(
            MoneyChange(
                key[0], name, key[1], line.get_source_display(), currency, old_amount, new_amount
            )
        )
        delta_by_currency[currency] += new_amount - old_amount

    def indicator_map(version: StrategyVersion) -> dict[tuple[str, str], MeasureIndicator]:
        rows = MeasureIndicator.objects.filter(version=version).select_related(
            "measure", "indicator"
        )
        return {(r.measure.code, r.indicator.code): r for r in rows}

    old_ind, new_ind = indicator_map(old), indicator_map(new)
    indicators: list[IndicatorChange] = []
    for ind_key in sorted(set(old_ind) | set(new_ind)):
        before, after = old_ind.get(ind_key), new_ind.get(ind_key)
        ref = after or before
        assert ref is not None  # noqa: S101 - narrows the type; one side always exists
        for fname in ("baseline", "milestone_2024", "target_2029"):
            old_value = getattr(before, fname) if before else None
            new_value = getattr(after, fname) if after else None
            if old_value != new_value:
                indicators.append(
                    IndicatorChange(
                        ind_key[0], ind_key[1], str(ref.indicator.name), fname, old_value, new_value
                    )
                )

    structure: list[StructureChange] = []
    for level, model in (("goal", Goal), ("specific_goal", SpecificGoal), ("measure", Measure)):
        before_names, after_names = _named(model, old), _named(model, new)
        for code in sorted(set(before_names) | set(after_names)):
            if code not in after_names:
                structure.append(
                    StructureChange("removed", level, code, str(before_names[code]), "")
                )
            elif code not in before_names:
                structure.append(StructureChange("added", level, code, "", str(after_names[code])))
            elif before_names[code] != after_names[code]:
                structure.append(
                    StructureChange(
                        "renamed", level, code, str(before_names[code]), str(after_names[code])
                    )
                )

    return VersionDiff(old, new, money, indicators, structure, dict(delta_by_currency))


def get_status_changes(version: StrategyVersion) -> QuerySet[Any]:
    from django.contrib.contenttypes.models import ContentType

    from aglomera.core.models import StatusChange

    return StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(StrategyVersion), object_id=version.pk
    ).select_related("actor")
