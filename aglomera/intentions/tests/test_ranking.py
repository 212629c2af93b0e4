"""The arithmetic of consolidation and ranking (pure functions, no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from aglomera.intentions.calculations.ranking import (
    Candidate,
    CriterionSpec,
    ReviewSheet,
    consolidate,
    fails_a_gate,
    percent,
    rank,
    review_total,
)

GATE = CriterionSpec(id=1, is_gate=True)
READINESS = CriterionSpec(id=2, is_gate=False, weight=Decimal("2"), max_points=10)
EFFICIENCY = CriterionSpec(id=3, is_gate=False, weight=Decimal("1.5"), max_points=10)
CRITERIA = [GATE, READINESS, EFFICIENCY]
T0 = datetime(2025, 4, 1, 9, 0, tzinfo=UTC)


def sheet(
    reviewer: int,
    readiness: int,
    efficiency: int,
    *,
    gate: bool | None = True,
    recommends: bool = True,
    conflict: bool = False,
    submitted: bool = True,
) -> ReviewSheet:
    return ReviewSheet(
        reviewer_id=reviewer,
        submitted=submitted,
        conflict_of_interest=conflict,
        recommends=recommends,
        gates={1: gate},
        points={2: readiness, 3: efficiency},
    )


def test_it_weights_the_points_of_each_scored_criterion() -> None:
    # 8 x 2 + 6 x 1.5 = 25; the gate adds nothing
    assert review_total(sheet(1, 8, 6), CRITERIA) == Decimal("25.0")


def test_it_counts_missing_points_as_zero() -> None:
    incomplete = ReviewSheet(reviewer_id=1, submitted=True, points={2: None})
    assert review_total(incomplete, CRITERIA) == 0


@pytest.mark.parametrize(("gate", "fails"), [(True, False), (False, True), (None, True)])
def test_a_gate_not_answered_yes_fails(gate: bool | None, fails: bool) -> None:
    assert fails_a_gate(sheet(1, 5, 5, gate=gate), CRITERIA) is fails


def test_it_averages_counted_reviews_and_rounds_half_up_to_the_cent() -> None:
    # Given three reviews totalling 25, 20 and 21.5 (average 22.1666...)
    result = consolidate([sheet(1, 8, 6), sheet(2, 7, 4), sheet(3, 7, 5)], CRITERIA)
    # Then the consolidated score is rounded half-up to two decimals
    assert result.score == Decimal("22.17")
    assert (result.counted, result.conflicted, result.recommending) == (3, 0, 3)
    assert result.recommended is True


def test_a_conflict_of_interest_and_an_unsubmitted_review_do_not_count() -> None:
    # Given one counted review, one conflicted reviewer (with high marks) and one draft
    sheets = [
        sheet(1, 5, 2),
        sheet(2, 10, 10, conflict=True),
        sheet(3, 10, 10, submitted=False),
    ]
    result = consolidate(sheets, CRITERIA)
    # Then only the first one is averaged
    assert result.score == Decimal("13.00")
    assert (result.counted, result.conflicted) == (1, 1)


def test_nothing_is_proposed_before_a_review_counts() -> None:
    result = consolidate([sheet(1, 9, 9, conflict=True)], CRITERIA)
    assert result.score is None
    assert result.recommended is None
    assert result.gate_failed is False


def test_a_tie_in_recommendations_is_not_recommended() -> None:
    result = consolidate([sheet(1, 9, 9), sheet(2, 9, 9, recommends=False)], CRITERIA)
    assert (result.recommending, result.not_recommending) == (1, 1)
    assert result.majority_recommends is False
    assert result.recommended is False


def test_the_gate_fails_only_for_a_majority_of_counted_reviewers() -> None:
    # One of three fails the gate: it holds
    minority = consolidate([sheet(1, 5, 5, gate=False), sheet(2, 5, 5), sheet(3, 5, 5)], CRITERIA)
    assert minority.gate_failed is False
    assert minority.recommended is True
    # Two of three fail it: the proposal is "not recommended" whatever the votes
    majority = consolidate(
        [sheet(1, 5, 5, gate=False), sheet(2, 5, 5, gate=False), sheet(3, 5, 5)], CRITERIA
    )
    assert majority.gate_failed is True
    assert majority.majority_recommends is True
    assert majority.recommended is False


def candidate(pk: int, score: str | None, requested: str, minutes: int = 0) -> Candidate:
    return Candidate(
        id=pk,
        score=None if score is None else Decimal(score),
        submitted_at=T0 + timedelta(minutes=minutes),
        requested=Decimal(requested),
    )


def test_an_oversubscribed_call_gets_a_cut_line_and_a_reserve_list() -> None:
    # Given an allocation of 100 and four recommended intentions asking 246 in all
    candidates = [
        candidate(1, "50", "40"),
        candidate(2, "80", "50"),
        candidate(3, "30", "6"),
        candidate(4, "60", "150"),
    ]
    # When ranked
    result = rank(candidates, Decimal("100"))
    # Then the order follows the score, and the cut line falls where the sum exceeds 100
    assert [row.candidate.id for row in result.rows] == [2, 4, 1, 3]
    assert [row.cumulative for row in result.rows] == [50, 200, 240, 246]
    assert [row.candidate.id for row in result.within] == [2]
    # And even the small one that would still fit stays on the reserve list (order of merit)
    assert [row.candidate.id for row in result.reserve] == [4, 1, 3]
    assert result.cut_after == 1
    assert result.oversubscribed is True
    assert result.total_requested == Decimal("246")
    assert result.percent_of_allocation == Decimal("246")
    assert (result.within_total, result.remaining) == (Decimal("50"), Decimal("50"))


def test_an_intention_exactly_at_the_allocation_is_within_it() -> None:
    result = rank([candidate(1, "9", "60"), candidate(2, "8", "40")], Decimal("100"))
    assert [row.within_allocation for row in result.rows] == [True, True]
    assert result.cut_after is None
    assert result.oversubscribed is False
    assert result.remaining == 0


def test_an_undersubscribed_call_has_no_reserve_list() -> None:
    result = rank([candidate(1, "9", "30"), candidate(2, "8", "20")], Decimal("100"))
    assert result.reserve == []
    assert result.cut_after is None
    assert result.percent_of_allocation == Decimal("50")
    assert result.remaining == Decimal("50")


def test_equal_scores_rank_by_submission_time_then_id() -> None:
    result = rank(
        [
            candidate(3, "20", "1", minutes=5),
            candidate(2, "20", "1", minutes=1),
            candidate(1, "20", "1", minutes=5),
            candidate(4, None, "1", minutes=0),
        ],
        Decimal("10"),
    )
    # Same score: the earlier submission first, then the lower id; no score last
    assert [row.candidate.id for row in result.rows] == [2, 1, 3, 4]
    assert [row.position for row in result.rows] == [1, 2, 3, 4]


def test_an_intention_without_a_submission_time_comes_after_those_with_one() -> None:
    unsubmitted = Candidate(id=1, score=Decimal("5"), submitted_at=None, requested=Decimal(1))
    result = rank([unsubmitted, candidate(2, "5", "1")], Decimal("10"))
    assert [row.candidate.id for row in result.rows] == [2, 1]


def test_the_first_intention_alone_can_exceed_the_allocation() -> None:
    result = rank([candidate(1, "9", "120"), candidate(2, "8", "10")], Decimal("100"))
    assert result.within == []
    assert result.cut_after == 0
    assert result.within_total == 0


def test_an_empty_ranking_asks_for_nothing() -> None:
    result = rank([], Decimal("100"))
    assert result.total_requested == 0
    assert result.percent_of_allocation == 0
    assert result.cut_after is None


def test_a_zero_allocation_has_no_percentage() -> None:
    assert percent(Decimal("10"), Decimal("0")) is None
    assert percent(Decimal("1"), Decimal("3")) == Decimal("33")
