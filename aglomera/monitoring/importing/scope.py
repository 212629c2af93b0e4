"""Which rows of a list are the agglomeration's (domain.md section 7).

A national list covers every operation in the country. A row is the agglomeration's (*inside*)
when any of these holds:

1. its registration number matches one of the agglomeration's intentions, or the stored
   operation is linked to an intention by hand;
2. its call number is the managing-authority call of one of the agglomeration's calls
   (`Call.managing_authority_call`, exactly, ignoring surrounding spaces);
3. a `ScopeRule` of the agglomeration matches it: the rule is for any source or for this
   import's source, and every condition it fills in holds (the call number starts with the
   prefix; the place of realisation is the NUTS 3 region). A condition on a column the list
   does not have cannot hold. A rule with no condition takes every row of its source.

Every other row is *outside*: it is counted and totalled per money basis, never stored, and an
operation stored by an earlier import that the list now shows outside (it can have no intention
link, or rule 1 would keep it) is removed, so it feeds neither the funnel nor the public list.

The classification runs as SQL on the import's staging table (importing/merge.py).
"""

# The SQL is built from model metadata and constants only; every value is a query parameter.
# ruff: noqa: S608

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q

from aglomera.calls.models import Call
from aglomera.monitoring.importing.layouts import AMOUNTS
from aglomera.monitoring.models import ImportJob, ScopeRule

INSIDE = "inside"
OUTSIDE = "outside"


@dataclass
class Side:
    """The rows on one side, and per amount column the sum of the known values and how many
    rows knew it (a column the list lacks is absent: unknown, not 0)."""

    rows: int = 0
    totals: dict[str, dict[str, Any]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "totals": self.totals}


@dataclass
class ScopeSummary:
    inside: Side
    outside: Side

    def as_dict(self) -> dict[str, Any]:
        return {INSIDE: self.inside.as_dict(), OUTSIDE: self.outside.as_dict()}


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _rule_condition(
    rule: ScopeRule, provided: tuple[str, ...], staging: str
) -> tuple[str, list[Any]] | None:
    """The SQL condition of one rule, or None when it cannot hold for this list."""
    parts: list[str] = []
    params: list[Any] = []
    if rule.call_prefix:
        if "call_number" not in provided:
            return None
        parts.append(f"{staging}.call_number LIKE %s ESCAPE '\\'")
        params.append(_escape_like(rule.call_prefix.strip()) + "%")
    if rule.nuts3:
        if "nuts3" not in provided:
            return None
        parts.append(f"{staging}.nuts3 = %s")
        params.append(rule.nuts3)
    return (" AND ".join(parts) or "TRUE"), params


def classify(
    cursor: Any, job: ImportJob, staging: str, provided: tuple[str, ...], operations: str
) -> None:
    """Set `inside` on every staged row."""
    cursor.execute(f"UPDATE {staging} SET inside = TRUE WHERE intention_id IS NOT NULL")
    cursor.execute(
        f"UPDATE {staging} SET inside = TRUE FROM {operations} o "
        f"WHERE o.id = {staging}.operation_id AND o.intention_id IS NOT NULL"
    )
    if "call_number" in provided:
        calls = (
            Call.objects.filter(agglomeration_id=job.agglomeration_id)
            .exclude(managing_authority_call="")
            .values_list("managing_authority_call", flat=True)
        )
        numbers = sorted({number.strip() for number in calls if number.strip()})
        if numbers:
            marks = ", ".join(["%s"] * len(numbers))
            cursor.execute(
                f"UPDATE {staging} SET inside = TRUE WHERE call_number IN ({marks})", numbers
            )
    rules = ScopeRule.objects.filter(
        Q(source__isnull=True) | Q(source_id=job.source_id), agglomeration_id=job.agglomeration_id
    )
    for rule in rules.order_by("id"):
        condition = _rule_condition(rule, provided, staging)
        if condition is None:
            continue
        sql, params = condition
        cursor.execute(f"UPDATE {staging} SET inside = TRUE WHERE NOT inside AND {sql}", params)


def summarise(cursor: Any, staging: str, provided: tuple[str, ...]) -> ScopeSummary:
    """Rows and totals per basis inside and outside (one query)."""
    amounts = [name for name in AMOUNTS if name in provided]
    selected = ", ".join(f"SUM({name}), COUNT({name})" for name in amounts)
    cursor.execute(
        f"SELECT inside, COUNT(*){', ' + selected if selected else ''} FROM {staging} "
        "GROUP BY inside"
    )
    sides = {True: Side(), False: Side()}
    for row in cursor.fetchall():
        side = sides[bool(row[0])]
        side.rows = int(row[1])
        for index, name in enumerate(amounts):
            total, known = row[2 + 2 * index], row[3 + 2 * index]
            side.totals[name] = {
                "sum": str(Decimal(str(total)).quantize(Decimal("0.01")))
                if total is not None
                else None,
                "known": int(known),
            }
    for side in sides.values():
        for name in amounts:
            side.totals.setdefault(name, {"sum": None, "known": 0})
    return ScopeSummary(inside=sides[True], outside=sides[False])
