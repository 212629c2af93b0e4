"""The arithmetic of the working group and of the ranking: pure functions on plain data.

Consolidation of one intention (domain.md section 4, working-group recommendation):

- only submitted reviews without a declared conflict of interest count;
- a reviewer's total is the sum of points x weight over the scored criteria;
- the consolidated score is the average of the counted totals, rounded half-up to 0.01;
- the gates fail when a majority of the counted reviewers failed at least one gate;
- the recommendation is the majority of the counted reviewers (a tie is *not recommended*);
- the proposal is "recommended" only when the majority recommends and the gates hold.

Ranking of a call: recommended intentions by consolidated score (highest first), ties by the
time of submission (earlier first), then by id. The requested **EU support** is summed against
the call allocation (the allocation of an office call is EU money; national co-financing is
not part of it). The cut line falls before the first intention at which the cumulative sum
exceeds the allocation: that intention and every one after it form the reserve list, even when
a later, smaller one would still fit (the order of merit is not broken).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

CENT = Decimal("0.01")
ZERO = Decimal("0")


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    is_gate: bool
    weight: Decimal = Decimal("1")
    max_points: int = 0


@dataclass(frozen=True)
class ReviewSheet:
    """One reviewer's answers: gate results and points per criterion id."""

    reviewer_id: int
    submitted: bool
    conflict_of_interest: bool = False
    recommends: bool = False
    gates: dict[int, bool | None] = field(default_factory=dict)
    points: dict[int, int | None] = field(default_factory=dict)


def review_total(sheet: ReviewSheet, criteria: Iterable[CriterionSpec]) -> Decimal:
    """Sum of points x weight over the scored criteria (missing points count as 0)."""
    total = ZERO
    for criterion in criteria:
        if not criterion.is_gate:
            total += Decimal(sheet.points.get(criterion.id) or 0) * criterion.weight
    return total


def fails_a_gate(sheet: ReviewSheet, criteria: Iterable[CriterionSpec]) -> bool:
    """True when the reviewer answered "no" (or nothing) to any gate."""
    return any(c.is_gate and sheet.gates.get(c.id) is not True for c in criteria)


def counts(sheet: ReviewSheet) -> bool:
    return sheet.submitted and not sheet.conflict_of_interest


@dataclass(frozen=True)
class Consolidation:
    counted: int
    conflicted: int
    score: Decimal | None
    gate_failures: int
    recommending: int

    @property
    def gate_failed(self) -> bool:
        return self.counted > 0 and self.gate_failures * 2 > self.counted

    @property
    def not_recommending(self) -> int:
        return self.counted - self.recommending

    @property
    def majority_recommends(self) -> bool:
        return self.recommending * 2 > self.counted

    @property
    def recommended(self) -> bool | None:
        """The proposal: None until a review counts."""
        if not self.counted:
            return None
        return self.majority_recommends and not self.gate_failed


def consolidate(sheets: Iterable[ReviewSheet], criteria: Sequence[CriterionSpec]) -> Consolidation:
    sheets = list(sheets)
    valid = [sheet for sheet in sheets if counts(sheet)]
    score = None
    if valid:
        total = sum((review_total(sheet, criteria) for sheet in valid), ZERO)
        score = (total / len(valid)).quantize(CENT, rounding=ROUND_HALF_UP)
    return Consolidation(
        counted=len(valid),
        conflicted=sum(sheet.conflict_of_interest for sheet in sheets),
        score=score,
        gate_failures=sum(fails_a_gate(sheet, criteria) for sheet in valid),
        recommending=sum(sheet.recommends for sheet in valid),
    )


@dataclass(frozen=True)
class Candidate:
    """An intention entering the ranking; `item` is carried through for display."""

    id: int
    score: Decimal | None
    submitted_at: datetime | None
    requested: Decimal
    item: Any = None


@dataclass(frozen=True)
class RankedRow:
    position: int
    candidate: Candidate
    cumulative: Decimal
    within_allocation: bool


@dataclass(frozen=True)
class Ranking:
    allocation: Decimal
    rows: list[RankedRow]

    @property
    def within(self) -> list[RankedRow]:
        return [row for row in self.rows if row.within_allocation]

    @property
    def reserve(self) -> list[RankedRow]:
        return [row for row in self.rows if not row.within_allocation]

    @property
    def total_requested(self) -> Decimal:
        return self.rows[-1].cumulative if self.rows else ZERO

    @property
    def within_total(self) -> Decimal:
        within = self.within
        return within[-1].cumulative if within else ZERO

    @property
    def remaining(self) -> Decimal:
        """Allocation left above the cut line."""
        return self.allocation - self.within_total

    @property
    def percent_of_allocation(self) -> Decimal | None:
        """Total requested as % of the allocation (246 means 2.46 times oversubscribed)."""
        return percent(self.total_requested, self.allocation)

    @property
    def oversubscribed(self) -> bool:
        return self.total_requested > self.allocation

    @property
    def cut_after(self) -> int | None:
        """The position of the last intention above the cut line; None when all fit."""
        if not self.reserve:
            return None
        return len(self.within)


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    if whole <= 0:
        return None
    return (part * 100 / whole).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def merit_order(candidate: Candidate) -> tuple[Decimal, bool, float, int]:
    """Highest score first (no score last), then the earliest submission, then the id."""
    score = candidate.score if candidate.score is not None else Decimal("-Infinity")
    submitted = candidate.submitted_at
    return (-score, submitted is None, submitted.timestamp() if submitted else 0.0, candidate.id)


def rank(candidates: Iterable[Candidate], allocation: Decimal) -> Ranking:
    ordered = sorted(candidates, key=merit_order)
    rows: list[RankedRow] = []
    cumulative = ZERO
    fits = True
    for position, candidate in enumerate(ordered, start=1):
        cumulative += candidate.requested
        fits = fits and cumulative <= allocation
        rows.append(RankedRow(position, candidate, cumulative, fits))
    return Ranking(allocation=allocation, rows=rows)
