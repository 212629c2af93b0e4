"""The statute's arithmetic, table-driven: quorum, both majority rules, ties, recusals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aglomera.committee.calculations import voting
from aglomera.committee.models import MajorityRule

OF_VOTING = MajorityRule.OF_VOTING
OF_ALL = MajorityRule.OF_ALL

FIVE = [voting.MemberFacts(i, None) for i in range(1, 6)]


def _tally(votes: str, *, present: int = 0, recused: int = 0) -> voting.Tally:
    """Five members; `votes` like "yyna-" per member (y/n/a, - = no vote); first `recused`
    members represent the concerned organisation 99; first `present` are in the room."""
    members = [voting.MemberFacts(m.id, 99 if m.id <= recused else None) for m in FIVE]
    codes = {"y": "yes", "n": "no", "a": "abstain"}
    chosen = {i + 1: codes[c] for i, c in enumerate(votes) if c in codes}
    return voting.count(members, {99}, chosen, set(range(1, present + 1)))


@pytest.mark.parametrize(
    ("votes", "recused", "rule", "quorate", "majority", "adopted"),
    [
        # of_voting: more than half of the votes cast (abstentions count as cast)
        ("yyy--", 0, OF_VOTING, True, True, True),
        ("yynn-", 0, OF_VOTING, True, False, False),  # tie: not adopted
        ("yyna-", 0, OF_VOTING, True, False, False),  # abstention works against
        ("yyya-", 0, OF_VOTING, True, True, True),
        ("yy---", 0, OF_VOTING, False, True, False),  # 2 of 5 take part: not quorate
        ("-----", 0, OF_VOTING, False, False, False),
        # of_all: more than half of the eligible members
        ("yyy--", 0, OF_ALL, True, True, True),
        ("yyaa-", 0, OF_ALL, True, False, False),
        ("yynnn", 0, OF_ALL, True, False, False),
        # recusals shrink the eligible set: 2 recused -> 3 eligible
        ("--yy-", 2, OF_ALL, True, True, True),  # 2 of 3 eligible for
        ("--y--", 2, OF_ALL, False, False, False),
        ("yyy--", 2, OF_VOTING, False, True, False),  # recused votes do not count: 1 of 3
        ("--yn-", 2, OF_VOTING, True, False, False),
        ("yyyyy", 5, OF_VOTING, False, False, False),  # everyone recused: never quorate
    ],
)
def test_it_applies_quorum_and_majority(
    votes: str, recused: int, rule: str, quorate: bool, majority: bool, adopted: bool
) -> None:
    # Given five members, some recused, and the votes cast
    tally = _tally(votes, recused=recused)
    # When the rules of the statute (quorum: more than half) are applied
    outcome = voting.evaluate(tally, Decimal("0.5"), voting.Majority(rule))
    # Then quorum, majority and adoption follow the definitions
    assert (outcome.quorate, outcome.majority, outcome.adopted) == (quorate, majority, adopted)
    assert tally.recused == recused
    assert tally.eligible == 5 - recused


@pytest.mark.parametrize(
    ("quorum", "taking_part", "quorate"),
    [
        ("0.5", 2, False),
        ("0.5", 3, True),
        ("0.6", 3, False),  # exactly the share is not "more than"
        ("0.6", 4, True),
        ("0", 1, True),
        ("0", 0, False),
    ],
)
def test_the_quorum_is_more_than_the_share(quorum: str, taking_part: int, quorate: bool) -> None:
    tally = _tally("y" * taking_part)
    assert voting.is_quorate(tally, Decimal(quorum)) is quorate


def test_members_in_the_room_take_part_without_voting() -> None:
    # Given an in-person meeting where three members are present but only one voted
    tally = _tally("y----", present=3)
    # Then three take part (quorate) and the vote counts as one for
    assert tally.taking_part == 3
    assert voting.is_quorate(tally, Decimal("0.5"))
    assert (tally.yes, tally.votes_cast) == (1, 1)


def test_a_member_without_organisation_is_never_recused() -> None:
    assert not voting.is_recused(voting.MemberFacts(1, None), {1, 2})
    assert voting.is_recused(voting.MemberFacts(1, 2), {1, 2})
