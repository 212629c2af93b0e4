"""Votes arriving together on PostgreSQL: one wins, the other is told why, nothing is lost.

These tests use real connections and row locks, so they run only on PostgreSQL (`make test-pg`).
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from aglomera.committee import actions
from aglomera.committee.models import AgendaItem, Resolution, Vote
from aglomera.committee.tests.world import DURING_VOTE, CommitteeWorld
from aglomera.intentions.models import IntentionStatus
from aglomera.strategy.tests.test_concurrency import race

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _open_item() -> tuple[CommitteeWorld, AgendaItem]:
    cw = CommitteeWorld.create()
    cw.world.intention(status=IntentionStatus.RECOMMENDED)
    meeting = cw.per_rollam()
    item = cw.call_item(meeting)
    cw.open(meeting)
    return cw, item


def test_a_member_and_their_alternate_voting_at_once_store_one_vote() -> None:
    # Given open voting; the member and their alternate both press a button at once
    cw, item = _open_item()
    member = cw.members["plain"]
    alternate = cw.alternate
    assert alternate is not None
    results = race(
        lambda: actions.cast_vote(item, member, "yes", actor=cw.user("plain"), now=DURING_VOTE),
        lambda: actions.cast_vote(item, member, "no", actor=alternate, now=DURING_VOTE),
    )
    # Then exactly one vote is stored and the other voter is told it is already recorded
    assert Vote.objects.filter(item=item, member=member).count() == 1
    errors = [r for r in results if isinstance(r, ValidationError)]
    assert [e.error_list[0].code for e in errors] == ["already_voted"]


def test_two_members_voting_at_once_are_both_counted() -> None:
    cw, item = _open_item()
    results = race(
        lambda: cw.vote(item, "chair", "yes"),
        lambda: cw.vote(item, "university", "no"),
    )
    assert all(isinstance(r, Vote) for r in results)
    assert dict(Vote.objects.filter(item=item).values_list("member_id", "choice")) == {
        cw.members["chair"].pk: "yes",
        cw.members["university"].pk: "no",
    }


def test_a_vote_arriving_while_the_item_is_decided_is_counted_or_refused() -> None:
    # Given everyone eligible but one has voted
    cw, item = _open_item()
    cw.vote(item, "chair", "yes")
    cw.vote(item, "university", "yes")
    # When the last vote and the manager's decision arrive together
    vote, decision = race(
        lambda: cw.vote(item, "plain", "no"),
        lambda: actions.decide_item(item, actor=cw.manager, now=DURING_VOTE),
    )
    # Then the vote is stored, and the resolution either counts it or was refused for now
    assert isinstance(vote, Vote)
    if isinstance(decision, Resolution):
        assert (decision.votes_for, decision.votes_against) == (2, 1)
    else:
        assert isinstance(decision, ValidationError)
        assert decision.error_list[0].code == "voting_open"
        assert not Resolution.objects.exists()


def test_a_vote_arriving_after_the_decision_is_refused_not_lost() -> None:
    # Given the voting was closed; the decision and a late vote arrive together
    cw, item = _open_item()
    cw.vote(item, "chair", "yes")
    cw.close(item.meeting)
    vote, decision = race(
        lambda: cw.vote(item, "plain", "no"),
        lambda: actions.decide_item(item, actor=cw.manager, now=DURING_VOTE),
    )
    # Then the resolution counts exactly the stored votes and the late voter was told why
    assert isinstance(decision, Resolution)
    assert isinstance(vote, ValidationError)
    assert vote.error_list[0].code in {"not_open", "decided"}
    assert Vote.objects.filter(item=item).count() == decision.votes_for + decision.votes_against
