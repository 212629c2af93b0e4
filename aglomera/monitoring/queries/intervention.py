"""Reads for the type of intervention per programme specific objective (CPR Annex I, Table 1).

The page lists the programme specific objectives that the agglomeration's current strategy (the
newest programming period with an approved version) plans money from, plus any objective the
agglomeration has already given a code, so that no published code is hidden. Fixed number of
queries (four), whatever the size of the strategy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from aglomera.agglomerations.models import Agglomeration
from aglomera.monitoring.models import InterventionField, InterventionFieldMapping
from aglomera.monitoring.queries.strategies import current_strategy, current_strategy_value
from aglomera.strategy.models import FinancialPlanLine, SpecificObjective, Strategy


@dataclass
class InterventionRow:
    specific_objective: SpecificObjective
    code: str = ""  # the code set by the agglomeration, "" when none
    measures: list[str] = field(default_factory=list)  # codes of the measures planning money

    @property
    def in_strategy(self) -> bool:
        return bool(self.measures)


@dataclass
class InterventionPage:
    strategy: Strategy | None
    rows: list[InterventionRow]
    fields: list[InterventionField]


def _rows(agglomeration: Agglomeration, strategy: Strategy | None) -> list[InterventionRow]:
    rows: dict[int, InterventionRow] = {}
    if strategy is not None:
        lines = (
            FinancialPlanLine.objects.filter(version_id=strategy.current_version_id)
            .select_related("specific_objective__programme", "measure")
            .order_by("measure__code")
        )
        for line in lines:
            row = rows.setdefault(
                line.specific_objective_id, InterventionRow(line.specific_objective)
            )
            if line.measure.code not in row.measures:
                row.measures.append(line.measure.code)
    mappings = InterventionFieldMapping.objects.filter(agglomeration=agglomeration).select_related(
        "specific_objective__programme"
    )
    for mapping in mappings:
        row = rows.setdefault(
            mapping.specific_objective_id, InterventionRow(mapping.specific_objective)
        )
        row.code = mapping.code_id
    return sorted(
        rows.values(),
        key=lambda row: (row.specific_objective.programme.code, row.specific_objective.code),
    )


def intervention_page(agglomeration: Agglomeration) -> InterventionPage:
    """Objectives with their codes, and the codebook for the choice (4 queries)."""
    strategy = current_strategy(agglomeration)
    return InterventionPage(
        strategy, _rows(agglomeration, strategy), list(InterventionField.objects.all())
    )


def codable_objectives(agglomeration: Agglomeration) -> QuerySet[SpecificObjective]:
    """Objectives the agglomeration may give a code: those its current strategy plans money
    from, and those it has given one already (the choices of the form; read when used)."""
    planned = FinancialPlanLine.objects.filter(
        version_id=current_strategy_value(agglomeration, "current_version_id")
    ).values("specific_objective_id")
    mapped = InterventionFieldMapping.objects.filter(agglomeration=agglomeration).values(
        "specific_objective_id"
    )
    return SpecificObjective.objects.filter(Q(pk__in=planned) | Q(pk__in=mapped)).select_related(
        "programme"
    )


def objective_ids(agglomeration: Agglomeration) -> set[int]:
    """The ids of `codable_objectives` (1 query)."""
    return set(codable_objectives(agglomeration).values_list("pk", flat=True))
