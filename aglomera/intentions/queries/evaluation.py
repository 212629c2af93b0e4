"""The read side of the evaluation: call lists, one intention's check and reviews, the ranking.

Every function runs a fixed number of queries whatever the number of intentions and reviews;
the arithmetic lives in `calculations/ranking.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from aglomera.agglomerations.models import Agglomeration
from aglomera.calls.models import Call, CallStatus, Criterion, CriterionKind, FormalCheckItem
from aglomera.core.actors import Actor
from aglomera.core.models import StatusChange
from aglomera.intentions.calculations import ranking
from aglomera.intentions.models import (
    FormalCheckResult,
    IntentionStatus,
    ProjectIntention,
    Recommendation,
    ReturnComment,
    Review,
    ReviewAssignment,
)
from aglomera.intentions.queries.assignments import is_overdue

S = IntentionStatus

# Intentions in evaluation: submitted to the call and not yet decided by the steering committee.
IN_EVALUATION = (S.SUBMITTED, S.RETURNED, S.FORMAL_CHECK_PASSED)
# Intentions that take their place in the ranking: recommended, and what the committee made of
# them while they still claim money (a withdrawn or negatively assessed one frees its place).
RANKED = (
    S.RECOMMENDED,
    S.COMPLIANT,
    S.NON_COMPLIANT_OVERSUBSCRIBED,
    S.DEFERRED,
    S.STATEMENT_ISSUED,
    S.APPLICATION_FILED,
    S.LEGAL_ACT,
    S.IN_IMPLEMENTATION,
    S.PHYSICALLY_COMPLETED,
    S.FINANCIALLY_CLOSED,
    S.SUSTAINABILITY,
)
# Intentions whose requested support counts as demand on the call (submitted at least once).
DEMAND_EXCLUDES = (S.DRAFT, S.WITHDRAWN)


def criterion_specs(criteria: Iterable[Criterion]) -> list[ranking.CriterionSpec]:
    return [
        ranking.CriterionSpec(
            id=c.pk,
            is_gate=c.kind == CriterionKind.GATE,
            weight=Decimal(c.weight),
            max_points=c.max_points,
        )
        for c in criteria
    ]


def review_sheet(review: Review) -> ranking.ReviewSheet:
    """A stored review as plain data; uses the prefetched `scores`."""
    scores = list(review.scores.all())
    return ranking.ReviewSheet(
        reviewer_id=review.reviewer_id,
        submitted=review.submitted_at is not None,
        conflict_of_interest=review.conflict_of_interest,
        recommends=review.recommendation == Recommendation.RECOMMEND,
        gates={s.criterion_id: s.passed for s in scores},
        points={s.criterion_id: s.points for s in scores},
    )


def consolidate(
    reviews: Iterable[Review], criteria: list[ranking.CriterionSpec]
) -> ranking.Consolidation:
    return ranking.consolidate([review_sheet(r) for r in reviews], criteria)


def _reviews_prefetch() -> Prefetch[Any]:
    return Prefetch(
        "reviews",
        queryset=Review.objects.select_related("reviewer")
        .prefetch_related("scores")
        .order_by("id"),
    )


def evaluated_intentions() -> QuerySet[ProjectIntention]:
    """Every intention that left the draft, with its call and applicant: what the evaluation
    pages open (drafts stay the applicants' own). For `get_in_tenant`."""
    return ProjectIntention.objects.select_related(
        "call__agglomeration", "call__specific_objective__programme", "applicant"
    ).exclude(status=S.DRAFT)


@dataclass(frozen=True)
class CallSummary:
    call: Call
    in_evaluation: int
    recommended: int
    total: int


def list_evaluation_calls(agglomeration: Agglomeration) -> list[CallSummary]:
    """The agglomeration's announced and closed calls with their intentions counted (1 query)."""
    calls = (
        Call.objects.filter(
            agglomeration=agglomeration, status__in=(CallStatus.ANNOUNCED, CallStatus.CLOSED)
        )
        .annotate(
            n_evaluation=Count("intentions", filter=Q(intentions__status__in=IN_EVALUATION)),
            n_ranked=Count("intentions", filter=Q(intentions__status__in=RANKED)),
            n_total=Count("intentions", filter=~Q(intentions__status=S.DRAFT)),
        )
        .order_by("-opens_at", "number")
    )
    return [CallSummary(call, call.n_evaluation, call.n_ranked, call.n_total) for call in calls]


@dataclass(frozen=True)
class IntentionRow:
    intention: ProjectIntention
    consolidation: ranking.Consolidation
    assigned: int = 0  # working-group members assigned to review it
    # for a reviewer's own list: the due date of their review, and whether they submitted it
    due_on: date | None = None
    reviewed: bool = False
    overdue: bool = False

    @property
    def requested_support(self) -> Decimal:
        return self.intention.requested_support


def _submitted_intentions(call: Call) -> QuerySet[ProjectIntention]:
    return (
        ProjectIntention.objects.filter(call=call)
        .exclude(status=S.DRAFT)
        .select_related("applicant")
        .prefetch_related(_reviews_prefetch())
        .order_by("submitted_at", "id")
    )


def list_call_intentions(
    call: Call, *, reviewer: Actor | None = None, today: date | None = None
) -> list[IntentionRow]:
    """Every intention submitted to the call (drafts stay private) with its consolidated score
    and the number of reviewers assigned to it; for a `reviewer`, only those assigned to them,
    with the due date judged on `today` (the day in the agglomeration).

    Four queries: criteria, intentions with applicants, reviews, scores.
    """
    specs = criterion_specs(Criterion.objects.filter(call=call))
    own = ReviewAssignment.objects.filter(
        intention_id=OuterRef("pk"), reviewer_id=reviewer.pk if reviewer is not None else None
    )
    intentions = _submitted_intentions(call).annotate(
        n_assigned=Count("assignments", distinct=True),
        own_due_on=Subquery(own.values("due_on")[:1]),
    )
    if reviewer is not None:
        intentions = intentions.filter(own_due_on__isnull=False)
    rows = []
    for intention in intentions:
        intention.call = call
        reviews = list(intention.reviews.all())
        row = IntentionRow(intention, consolidate(reviews, specs), assigned=intention.n_assigned)
        if reviewer is not None:
            due_on: date = intention.own_due_on
            reviewed = any(
                r.reviewer_id == reviewer.pk and r.submitted_at is not None for r in reviews
            )
            late = is_overdue(due_on, intention.status, reviewed, today or timezone.localdate())
            row = replace(row, due_on=due_on, reviewed=reviewed, overdue=late)
        rows.append(row)
    return rows


@dataclass(frozen=True)
class ChecklistLine:
    item: FormalCheckItem
    result: FormalCheckResult | None


@dataclass(frozen=True)
class IntentionEvaluation:
    intention: ProjectIntention
    checklist: list[ChecklistLine]
    comments: list[ReturnComment]
    criteria: list[Criterion]
    reviews: list[Review]
    consolidation: ranking.Consolidation
    history: list[StatusChange]

    @property
    def checklist_complete(self) -> bool:
        return all(line.result is not None and line.result.passed for line in self.checklist)

    def review_of(self, user: Actor) -> Review | None:
        return next((r for r in self.reviews if r.reviewer_id == user.pk), None)


def get_intention_evaluation(intention: ProjectIntention) -> IntentionEvaluation:
    """The formal check, return comments, reviews, consolidation and steps of one intention."""
    results = {
        r.item_id: r
        for r in FormalCheckResult.objects.filter(intention=intention).select_related("checked_by")
    }
    items = FormalCheckItem.objects.filter(call_id=intention.call_id)
    criteria = list(Criterion.objects.filter(call_id=intention.call_id))
    reviews = list(
        Review.objects.filter(intention=intention)
        .select_related("reviewer")
        .prefetch_related("scores")
        .order_by("id")
    )
    history = list(
        StatusChange.objects.filter(
            content_type=ContentType.objects.get_for_model(ProjectIntention),
            object_id=intention.pk,
        ).select_related("actor")
    )
    return IntentionEvaluation(
        intention=intention,
        checklist=[ChecklistLine(item, results.get(item.pk)) for item in items],
        comments=list(ReturnComment.objects.filter(intention=intention).select_related("author")),
        criteria=criteria,
        reviews=reviews,
        consolidation=consolidate(reviews, criterion_specs(criteria)),
        history=history,
    )


def get_consolidation(intention: ProjectIntention) -> ranking.Consolidation:
    """The working group's consolidated result of one intention (three queries)."""
    specs = criterion_specs(Criterion.objects.filter(call_id=intention.call_id))
    reviews = Review.objects.filter(intention=intention).prefetch_related("scores")
    return consolidate(reviews, specs)


@dataclass(frozen=True)
class CallRanking:
    call: Call
    ranking: ranking.Ranking
    demand: Decimal
    in_evaluation: int

    @property
    def demand_percent(self) -> Decimal | None:
        """EU support asked by every intention submitted to the call, as % of the allocation."""
        return ranking.percent(self.demand, Decimal(self.call.allocation))


def rank_call(call: Call) -> CallRanking:
    """The ranking of the recommended intentions of a call against its allocation (EU support).

    Five queries: criteria, intentions with applicants, reviews, scores, the demand totals.
    """
    specs = criterion_specs(Criterion.objects.filter(call=call))
    candidates = []
    for intention in _submitted_intentions(call).filter(status__in=RANKED):
        intention.call = call
        result = consolidate(intention.reviews.all(), specs)
        candidates.append(
            ranking.Candidate(
                id=intention.pk,
                score=result.score,
                submitted_at=intention.submitted_at,
                requested=Decimal(intention.requested_eu),
                item=intention,
            )
        )
    totals = (
        ProjectIntention.objects.filter(call=call)
        .exclude(status__in=DEMAND_EXCLUDES)
        .aggregate(
            demand=Sum("requested_eu"),
            in_evaluation=Count("id", filter=Q(status__in=IN_EVALUATION)),
        )
    )
    return CallRanking(
        call=call,
        ranking=ranking.rank(candidates, Decimal(call.allocation)),
        demand=totals["demand"] or Decimal("0"),
        in_evaluation=totals["in_evaluation"],
    )
