"""The evaluation actions and queries: formal check, return, pass, reviews, recommendation."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from aglomera.accounts.models import Role, User
from aglomera.core.models import AuditEvent, StatusChange
from aglomera.intentions.actions import evaluation as actions
from aglomera.intentions.actions.evaluation import CheckAnswer
from aglomera.intentions.models import (
    FormalCheckResult,
    IntentionStatus,
    ProjectIntention,
    Recommendation,
    ReturnComment,
    Review,
    ReviewScore,
)
from aglomera.intentions.queries import evaluation as queries
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.strategy.tests.builders import make_user

S = IntentionStatus
pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db: None, pipeline_world: PipelineWorld) -> PipelineWorld:
    return copy.deepcopy(pipeline_world)


def coordinator(world: PipelineWorld) -> User:
    return world.users[Role.COORDINATOR]


def check_all(world: PipelineWorld, intention: ProjectIntention, passed: bool = True) -> None:
    actions.record_formal_check(
        intention,
        {item.pk: CheckAnswer(passed, "" if passed else "missing") for item in world.checklist},
        actor=coordinator(world),
    )


def reviewers(world: PipelineWorld, count: int) -> list[User]:
    return [world.users[Role.WORKING_GROUP]] + [
        make_user(f"wg-{i}", (world.agglomeration, Role.WORKING_GROUP)) for i in range(count - 1)
    ]


def review(
    world: PipelineWorld,
    intention: ProjectIntention,
    reviewer: User,
    *,
    gate: bool = True,
    readiness: int = 8,
    efficiency: int = 6,
    recommend: bool = True,
    conflict: bool = False,
) -> Review:
    gate_c, readiness_c, efficiency_c = world.criteria
    return actions.save_review(
        intention,
        actor=reviewer,
        conflict_of_interest=conflict,
        gates={gate_c.pk: gate},
        points={readiness_c.pk: readiness, efficiency_c.pk: efficiency},
        recommendation=Recommendation.RECOMMEND if recommend else Recommendation.NOT_RECOMMEND,
        comment="  ok  ",
    )


def changes(intention: ProjectIntention) -> list[StatusChange]:
    return list(
        StatusChange.objects.filter(
            content_type=ContentType.objects.get_for_model(ProjectIntention),
            object_id=intention.pk,
        )
    )


# --- formal check ---------------------------------------------------------------------------


def test_it_records_the_checklist_and_updates_it_later(world: PipelineWorld) -> None:
    # Given a submitted intention
    intention = world.intention(status=S.SUBMITTED)
    first, second = world.checklist
    # When the coordinator records one item fulfilled and one not, then corrects the second
    actions.record_formal_check(
        intention,
        {first.pk: CheckAnswer(True), second.pk: CheckAnswer(False, " no statute ")},
        actor=coordinator(world),
        expected_revision=intention.revision,
    )
    actions.record_formal_check(
        intention, {second.pk: CheckAnswer(True, "added")}, actor=coordinator(world)
    )
    # Then one result per item is stored, the latest answer wins, and both are audited
    results = {r.item_id: r for r in FormalCheckResult.objects.filter(intention=intention)}
    assert (results[first.pk].passed, results[second.pk].passed) == (True, True)
    assert results[second.pk].note == "added"
    assert results[second.pk].checked_by == coordinator(world)
    events = AuditEvent.objects.filter(code="intentions.formal_check.recorded").order_by("id")
    assert [e.before for e in events] == [
        {},
        {str(second.pk): {"passed": False, "note": "no statute"}},
    ]


def test_an_item_not_fulfilled_needs_a_note(world: PipelineWorld) -> None:
    intention = world.intention(status=S.SUBMITTED)
    item = world.checklist[0]
    with pytest.raises(ValidationError) as error:
        actions.record_formal_check(
            intention, {item.pk: CheckAnswer(False, "  ")}, actor=coordinator(world)
        )
    assert f"note_{item.pk}" in error.value.message_dict
    assert not FormalCheckResult.objects.exists()


def test_an_item_of_another_call_is_refused(world: PipelineWorld) -> None:
    intention = world.intention(status=S.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        actions.record_formal_check(
            intention, {999999: CheckAnswer(True)}, actor=coordinator(world)
        )
    assert error.value.error_list[0].code == "unknown_item"


@pytest.mark.parametrize(
    "role", [Role.WORKING_GROUP, Role.COMMITTEE, Role.APPLICANT, Role.AUDITOR, Role.PARTNER]
)
def test_only_staff_run_the_formal_check(world: PipelineWorld, role: Role) -> None:
    intention = world.intention(status=S.SUBMITTED)
    actor = world.users[role]
    with pytest.raises(PermissionDenied):
        actions.record_formal_check(intention, {}, actor=actor)
    with pytest.raises(PermissionDenied):
        actions.return_intention(intention, "fix it", actor=actor)
    with pytest.raises(PermissionDenied):
        actions.pass_formal_check(intention, actor=actor)
    assert ProjectIntention.objects.get(pk=intention.pk).status == S.SUBMITTED


def test_the_checklist_is_closed_once_the_intention_moved_on(world: PipelineWorld) -> None:
    intention = world.intention(status=S.RETURNED)
    with pytest.raises(ValidationError) as error:
        actions.record_formal_check(intention, {}, actor=coordinator(world))
    assert error.value.error_list[0].code == "wrong_status"
    assert "Returned for completion" in error.value.messages[0]


def test_a_stale_page_is_refused(world: PipelineWorld) -> None:
    intention = world.intention(status=S.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        actions.record_formal_check(
            intention, {}, actor=coordinator(world), expected_revision=intention.revision - 1
        )
    assert error.value.error_list[0].code == "stale"


# --- return and pass ---------------------------------------------------------------------------


def test_it_returns_an_intention_with_the_comment_as_reason(world: PipelineWorld) -> None:
    # Given a submitted intention
    intention = world.intention(status=S.SUBMITTED)
    # When the coordinator returns it with a comment
    moved = actions.return_intention(
        intention,
        "  Attach the budget.  ",
        actor=coordinator(world),
        expected_revision=intention.revision,
    )
    # Then it is returned, the comment is kept for the applicant and is the step's reason
    assert moved.status == S.RETURNED
    comment = ReturnComment.objects.get(intention=intention)
    assert (comment.text, comment.author) == ("Attach the budget.", coordinator(world))
    last = changes(intention)[-1]
    assert (last.old_status, last.new_status, last.reason) == (
        S.SUBMITTED,
        S.RETURNED,
        "Attach the budget.",
    )


def test_a_return_without_a_comment_is_refused(world: PipelineWorld) -> None:
    intention = world.intention(status=S.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        actions.return_intention(intention, "   ", actor=coordinator(world))
    assert "comment" in error.value.message_dict
    assert ProjectIntention.objects.get(pk=intention.pk).status == S.SUBMITTED
    assert not ReturnComment.objects.exists()


def test_the_check_passes_only_when_every_item_is_fulfilled(world: PipelineWorld) -> None:
    # Given a submitted intention with one item not fulfilled and one not checked
    intention = world.intention(status=S.SUBMITTED)
    first = world.checklist[0]
    actions.record_formal_check(
        intention, {first.pk: CheckAnswer(False, "missing")}, actor=coordinator(world)
    )
    # When the coordinator tries to pass it, it is refused naming both items
    with pytest.raises(ValidationError) as error:
        actions.pass_formal_check(intention, actor=coordinator(world))
    assert error.value.error_list[0].code == "checklist_incomplete"
    assert "Záměr je úplný" in error.value.messages[0]
    assert "Žadatel je oprávněný" in error.value.messages[0]
    assert ProjectIntention.objects.get(pk=intention.pk).status == S.SUBMITTED
    # When every item is fulfilled, it passes
    check_all(world, intention)
    moved = actions.pass_formal_check(
        intention, actor=coordinator(world), expected_revision=intention.revision
    )
    assert moved.status == S.FORMAL_CHECK_PASSED
    # And passing again is refused with the current state
    with pytest.raises(ValidationError) as again:
        actions.pass_formal_check(intention, actor=world.users[Role.MANAGER])
    assert again.value.error_list[0].code == "wrong_status"


# --- reviews ---------------------------------------------------------------------------------


def test_a_reviewer_scores_every_criterion_and_may_correct_it(world: PipelineWorld) -> None:
    # Given an intention that passed the formal check
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    reviewer = world.users[Role.WORKING_GROUP]
    world.assign(intention, reviewer)
    # When the reviewer scores it, then corrects the score
    review(world, intention, reviewer, readiness=5)
    stored = review(world, intention, reviewer, readiness=9, recommend=False)
    # Then one review with the latest scores is kept
    assert Review.objects.filter(intention=intention).count() == 1
    assert stored.comment == "ok"
    assert stored.submitted_at is not None
    assert stored.recommendation == Recommendation.NOT_RECOMMEND
    points = dict(ReviewScore.objects.filter(review=stored).values_list("criterion_id", "points"))
    assert points == {world.criteria[0].pk: None, world.criteria[1].pk: 9, world.criteria[2].pk: 6}
    event = AuditEvent.objects.filter(code="intentions.review.submitted").order_by("id").last()
    assert event is not None
    assert event.before["recommendation"] == Recommendation.RECOMMEND


def test_a_conflicted_reviewer_is_excluded(world: PipelineWorld) -> None:
    # Given two reviewers who scored, one of whom then declares a conflict of interest
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    first, second = reviewers(world, 2)
    world.assign(intention, first, second)
    review(world, intention, first, readiness=4, efficiency=2)
    review(world, intention, second, readiness=10, efficiency=10)
    conflicted = review(world, intention, second, conflict=True)
    # Then their scores are dropped and only the other review counts
    assert conflicted.conflict_of_interest
    assert conflicted.recommendation == ""
    assert not ReviewScore.objects.filter(review=conflicted).exists()
    result = queries.get_consolidation(intention)
    assert (result.score, result.counted, result.conflicted) == (Decimal("10.00"), 1, 1)


def test_a_conflict_needs_no_scores(world: PipelineWorld) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    world.assign(intention)
    stored = actions.save_review(
        intention, actor=world.users[Role.WORKING_GROUP], conflict_of_interest=True
    )
    assert stored.conflict_of_interest


def test_an_incomplete_review_is_refused_field_by_field(world: PipelineWorld) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    world.assign(intention)
    gate, readiness, efficiency = world.criteria
    with pytest.raises(ValidationError) as error:
        actions.save_review(
            intention,
            actor=world.users[Role.WORKING_GROUP],
            gates={gate.pk: None},
            points={readiness.pk: 11},
            recommendation="maybe",
        )
    assert set(error.value.message_dict) == {
        f"criterion_{gate.pk}",
        f"criterion_{readiness.pk}",
        f"criterion_{efficiency.pk}",
        "recommendation",
    }
    assert "Give 0 to 10 points." in error.value.message_dict[f"criterion_{readiness.pk}"]
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    "role", [Role.MANAGER, Role.COORDINATOR, Role.COMMITTEE, Role.APPLICANT, Role.AUDITOR]
)
def test_only_the_working_group_reviews(world: PipelineWorld, role: Role) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    with pytest.raises(PermissionDenied):
        review(world, intention, world.users[role])


def test_reviews_are_closed_outside_the_working_group_phase(world: PipelineWorld) -> None:
    intention = world.intention(status=S.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        review(world, intention, world.users[Role.WORKING_GROUP])
    assert error.value.error_list[0].code == "wrong_status"


# --- recommendation ------------------------------------------------------------------------


def test_no_recommendation_before_a_review_counts(world: PipelineWorld) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    world.assign(intention)
    review(world, intention, world.users[Role.WORKING_GROUP], conflict=True)
    with pytest.raises(ValidationError) as error:
        actions.recommend_intention(intention, S.RECOMMENDED, actor=coordinator(world))
    assert error.value.error_list[0].code == "no_reviews"


def test_a_recommendation_must_be_one_of_the_two(world: PipelineWorld) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    with pytest.raises(ValidationError) as error:
        actions.recommend_intention(intention, S.COMPLIANT, actor=coordinator(world))
    assert "to" in error.value.message_dict


def test_only_staff_record_the_recommendation(world: PipelineWorld) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    with pytest.raises(PermissionDenied):
        actions.recommend_intention(intention, S.RECOMMENDED, actor=world.users[Role.WORKING_GROUP])


def test_the_recommendation_records_the_consolidated_result(world: PipelineWorld) -> None:
    # Given three reviews (one conflicted): 8x2+6 = 22 and 6x2+4 = 16, both recommending
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    first, second, third = reviewers(world, 3)
    world.assign(intention, first, second, third)
    review(world, intention, first)
    review(world, intention, second, readiness=6, efficiency=4)
    review(world, intention, third, conflict=True)
    # When the coordinator records it as recommended with a note
    moved = actions.recommend_intention(
        intention,
        S.RECOMMENDED,
        actor=coordinator(world),
        note=" Agreed at the meeting. ",
        expected_revision=intention.revision,
    )
    # Then the step's reason is the consolidated result followed by the note
    assert moved.status == S.RECOMMENDED
    reason = changes(intention)[-1].reason_text
    assert reason.startswith(
        "Consolidated score 19.00 from 2 reviews (excluded for a conflict of interest: 1)"
    )
    assert "recommend: 2, do not recommend: 0; gate criteria: fulfilled." in reason
    assert reason.endswith("\nAgreed at the meeting.")


def test_a_negative_recommendation_mentions_failed_gates(world: PipelineWorld) -> None:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED)
    world.assign(intention)
    review(world, intention, world.users[Role.WORKING_GROUP], gate=False, recommend=False)
    moved = actions.recommend_intention(intention, S.NOT_RECOMMENDED, actor=coordinator(world))
    assert moved.status == S.NOT_RECOMMENDED
    assert changes(intention)[-1].reason_text.endswith("gate criteria: failed.")


# --- queries ------------------------------------------------------------------------------------


def test_the_call_list_counts_intentions_by_phase(world: PipelineWorld) -> None:
    world.intention(status=S.DRAFT)
    world.intention(status=S.SUBMITTED)
    world.intention(status=S.FORMAL_CHECK_PASSED)
    world.intention(status=S.RECOMMENDED)
    world.intention(status=S.NOT_RECOMMENDED)
    [summary] = queries.list_evaluation_calls(world.agglomeration)
    assert summary.call == world.call
    assert (summary.total, summary.in_evaluation, summary.recommended) == (4, 2, 1)


def test_the_call_intentions_leave_drafts_out_and_carry_scores(world: PipelineWorld) -> None:
    world.intention(status=S.DRAFT)
    submitted = world.intention(
        status=S.SUBMITTED, requested_national="5.00", eligible_cost="11764712.00"
    )
    reviewed = world.intention(status=S.FORMAL_CHECK_PASSED)
    world.assign(reviewed)
    review(world, reviewed, world.users[Role.WORKING_GROUP])
    rows = queries.list_call_intentions(world.call)
    assert [row.intention.pk for row in rows] == [submitted.pk, reviewed.pk]
    assert rows[0].requested_support == Decimal("10000005.00")
    assert rows[0].consolidation.score is None
    assert rows[1].consolidation.score == Decimal("22.00")


def test_the_intention_evaluation_gathers_checklist_reviews_and_steps(
    world: PipelineWorld,
) -> None:
    intention = world.intention(status=S.SUBMITTED)
    first = world.checklist[0]
    actions.record_formal_check(intention, {first.pk: CheckAnswer(True)}, actor=coordinator(world))
    evaluation = queries.get_intention_evaluation(intention)
    assert [line.result is not None for line in evaluation.checklist] == [True, False]
    assert evaluation.checklist_complete is False
    assert evaluation.review_of(world.users[Role.WORKING_GROUP]) is None
    assert [c.new_status for c in evaluation.history] == [S.SUBMITTED]
    check_all(world, intention)
    actions.pass_formal_check(intention, actor=coordinator(world))
    world.assign(intention)
    review(world, intention, world.users[Role.WORKING_GROUP])
    evaluation = queries.get_intention_evaluation(intention)
    assert evaluation.checklist_complete is True
    own = evaluation.review_of(world.users[Role.WORKING_GROUP])
    assert own is not None
    assert evaluation.consolidation.counted == 1


def recommended(
    world: PipelineWorld, requested: str, points: tuple[int, int], **fields: Any
) -> ProjectIntention:
    intention = world.intention(status=S.FORMAL_CHECK_PASSED, requested_eu=requested, **fields)
    world.assign(intention)
    review(
        world, intention, world.users[Role.WORKING_GROUP], readiness=points[0], efficiency=points[1]
    )
    return actions.recommend_intention(intention, S.RECOMMENDED, actor=coordinator(world))


def test_rank_call_puts_the_cut_line_at_the_allocation(world: PipelineWorld) -> None:
    # Given an allocation of 80,348,729 CZK and recommended intentions asking for more
    third = recommended(world, "20000000.00", (5, 5))
    best = recommended(
        world,
        "40000000.00",
        (10, 10),
        requested_national="2000000.00",
        eligible_cost="49411765.00",
        total_cost="60000000.00",
    )
    second = recommended(world, "30000000.00", (9, 9))
    world.intention(status=S.SUBMITTED, requested_eu="7000000.00")
    world.intention(status=S.NOT_RECOMMENDED, requested_eu="3000000.00")
    world.intention(status=S.WITHDRAWN, requested_eu="99000000.00")
    # When the call is ranked
    result = queries.rank_call(world.call)
    # Then the two best are within the allocation and the third is on the reserve list
    ranking = result.ranking
    assert [row.candidate.item.pk for row in ranking.within] == [best.pk, second.pk]
    assert [row.candidate.item.pk for row in ranking.reserve] == [third.pk]
    # (EU support only: national co-financing does not count against the allocation)
    assert ranking.total_requested == Decimal("90000000.00")
    assert ranking.percent_of_allocation == Decimal("112")
    # And the demand counts every submitted intention except drafts and withdrawn ones
    assert result.demand == Decimal("100000000.00")
    assert result.demand_percent == Decimal("124")
    assert result.in_evaluation == 1


def test_rank_call_of_an_empty_call(world: PipelineWorld) -> None:
    result = queries.rank_call(world.call)
    assert result.ranking.rows == []
    assert (result.demand, result.in_evaluation) == (Decimal("0"), 0)
