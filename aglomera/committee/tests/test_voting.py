"""The statute's arithmetic, table-driven: quorum, simple and qualified majorities, ties and the
chair's casting vote, recusals (organisations and declared conflicts), counting per intention."""

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


# --- statute rules: qualified majorities, the chair's casting vote, counting per intention -----

CHAIR = 1  # the chair is member 1 in the tables below


def _members(recused: int = 0, *, chair_recused: bool = False) -> list[voting.MemberFacts]:
    """Five members, member 1 the chair; the last `recused` (and the chair, if `chair_recused`)
    represent the concerned organisation 99."""
    return [
        voting.MemberFacts(
            i, 99 if i > 5 - recused or (i == CHAIR and chair_recused) else None, i == CHAIR
        )
        for i in range(1, 6)
    ]


def _votes(votes: str) -> dict[int, str]:
    codes = {"y": "yes", "n": "no", "a": "abstain"}
    return {i + 1: codes[c] for i, c in enumerate(votes) if c in codes}


def _outcome(
    votes: str,
    rule: str = OF_VOTING,
    *,
    casting: bool = False,
    recused: int = 0,
    chair_recused: bool = False,
) -> voting.Outcome:
    members = _members(recused, chair_recused=chair_recused)
    tally = voting.count(members, {99}, _votes(votes))
    return voting.evaluate(tally, Decimal("0.5"), voting.Majority(rule, casting_vote=casting))


@pytest.mark.parametrize(
    ("votes", "rule", "casting", "adopted", "tie", "decided_by_chair"),
    [
        # 2 for, 2 against: a tie among the four votes cast
        ("yynn-", OF_VOTING, False, False, True, False),  # no casting vote: not adopted
        ("yynn-", OF_VOTING, True, True, True, True),  # the chair voted for: adopted
        ("nnyy-", OF_VOTING, True, False, True, True),  # the chair voted against
        ("ayyn-", OF_VOTING, True, False, True, True),  # the chair abstained: not for
        ("-yynn", OF_VOTING, True, False, True, False),  # the chair did not vote
        ("yyyn-", OF_VOTING, True, True, False, False),  # no tie: the majority decides
        # of all: 2 for out of 4 eligible (one recused) is exactly half
        ("yyn--", OF_ALL, True, True, True, True),
        ("yyn--", OF_ALL, False, False, True, False),
        # a qualified majority has no tie to break
        ("yynn-", MajorityRule.TWO_THIRDS_OF_VOTING, True, False, False, False),
    ],
)
def test_the_chair_breaks_a_tie_when_the_statute_says_so(
    votes: str, rule: str, casting: bool, adopted: bool, tie: bool, decided_by_chair: bool
) -> None:
    recused = 1 if rule == OF_ALL else 0
    outcome = _outcome(votes, rule, casting=casting, recused=recused)
    assert (outcome.adopted, outcome.tie, outcome.decided_by_chair) == (
        adopted,
        tie,
        decided_by_chair,
    )


def test_a_recused_chair_does_not_break_a_tie() -> None:
    # Given a chair recused (their organisation is concerned) and a 2:2 tie among the others
    outcome = _outcome("yyynn", casting=True, chair_recused=True)
    # Then the chair's vote neither counts nor decides: the tie stays not adopted
    assert (outcome.tie, outcome.casting_vote, outcome.adopted) == (True, None, False)


def test_a_tie_without_quorum_is_not_adopted() -> None:
    # 1 for, 1 against of 5: two take part, not more than half
    outcome = _outcome("yn---", casting=True)
    assert (outcome.quorate, outcome.tie, outcome.decided_by_chair, outcome.adopted) == (
        False,
        True,
        False,
        False,
    )


@pytest.mark.parametrize(
    ("votes", "rule", "adopted"),
    [
        # at least two thirds of the votes cast
        ("yyn--", MajorityRule.TWO_THIRDS_OF_VOTING, True),  # 2 of 3: exactly two thirds
        ("yyna-", MajorityRule.TWO_THIRDS_OF_VOTING, False),  # 2 of 4
        ("yyyyn", MajorityRule.TWO_THIRDS_OF_VOTING, True),  # 4 of 5
        # at least two thirds of all five eligible: 4 (3 of 5 is 60 %)
        ("yyyyn", MajorityRule.TWO_THIRDS_OF_ALL, True),
        ("yyy--", MajorityRule.TWO_THIRDS_OF_ALL, False),
        # three fifths of all five: exactly 3 is enough
        ("yyy--", MajorityRule.THREE_FIFTHS_OF_ALL, True),
        ("yyaa-", MajorityRule.THREE_FIFTHS_OF_ALL, False),
        ("yyyn-", MajorityRule.THREE_FIFTHS_OF_VOTING, True),  # 3 of 4
        ("yynn-", MajorityRule.THREE_FIFTHS_OF_VOTING, False),
        # three quarters
        ("yyyn-", MajorityRule.THREE_QUARTERS_OF_VOTING, True),  # 3 of 4
        ("yyyn-", MajorityRule.THREE_QUARTERS_OF_ALL, False),  # 3 of 5
        ("yyyyn", MajorityRule.THREE_QUARTERS_OF_ALL, True),  # 4 of 5
        # a share of nothing is no majority
        ("aaa--", MajorityRule.TWO_THIRDS_OF_VOTING, False),
    ],
)
def test_a_qualified_majority_is_at_least_its_share(votes: str, rule: str, adopted: bool) -> None:
    assert _outcome(votes, rule).adopted is adopted


def test_every_majority_rule_has_its_arithmetic() -> None:
    assert set(voting.RULES) == set(MajorityRule.values)


def test_a_declared_conflict_recuses_a_member_without_an_organisation() -> None:
    member = voting.MemberFacts(7, None)
    assert voting.is_recused(member, set(), declared={7})
    assert not voting.is_recused(member, set(), declared={8})


# Five members: 1 the chair, 2 and 3 represent the cities 10 and 20, 4 and 5 represent nobody.
CITIES = [
    voting.MemberFacts(1, None, is_chair=True),
    voting.MemberFacts(2, 10),
    voting.MemberFacts(3, 20),
    voting.MemberFacts(4, None),
    voting.MemberFacts(5, None),
]


def _decide(
    votes: str,
    parts: dict[int, voting.Question],
    *,
    item: voting.Question | None = None,
    rule: str = OF_VOTING,
    casting: bool = False,
) -> voting.Result:
    return voting.decide(
        CITIES,
        item or voting.Question(),
        parts,
        _votes(votes),
        (),
        Decimal("0.5"),
        voting.Majority(rule, casting),
    )


def test_each_intention_is_counted_without_its_own_applicant() -> None:
    # Given a call item with the intention of city 10 and one of city 20 with city 10 as its
    # partner, and a member (5) who declared a conflict on the second
    parts = {
        101: voting.Question(concerned=frozenset({10})),
        102: voting.Question(concerned=frozenset({20, 10}), declared=frozenset({5})),
    }
    # When everyone votes: the chair and member 4 for, the cities for, member 5 against
    result = _decide("yyyyn", parts)
    first, second = result.parts
    # Then the first intention is counted without member 2 (4 eligible, 3 for, 1 against)
    assert (first.key, first.recused) == (101, frozenset({2}))
    assert (first.tally.eligible, first.tally.yes, first.tally.no) == (4, 3, 1)
    # And the second without members 2 (partner), 3 (applicant) and 5 (declared): 2 for of 2
    assert (second.key, second.recused) == (102, frozenset({2, 3, 5}))
    assert (second.tally.eligible, second.tally.yes, second.tally.no) == (2, 2, 0)
    assert first.outcome.adopted and second.outcome.adopted
    # And the item as a whole recuses only who is recused from both: member 2
    assert (result.recused, result.tally.eligible, result.tally.votes_cast) == (
        frozenset({2}),
        4,
        4,
    )
    assert result.per_intention and result.adopted and result.everyone_voted


def test_quorum_is_counted_per_intention() -> None:
    # Given five members: the chair, the three big cities 10, 20 and 30, and member 5; and a
    # call item with one intention of each city
    members = [
        voting.MemberFacts(1, None, is_chair=True),
        voting.MemberFacts(2, 10),
        voting.MemberFacts(3, 20),
        voting.MemberFacts(4, 30),
        voting.MemberFacts(5, None),
    ]
    parts = {
        pk: voting.Question(concerned=frozenset({city})) for pk, city in ((1, 10), (2, 20), (3, 30))
    }
    votes = _votes("yyyy-")  # everyone for but member 5, who did not vote
    # When the item is counted as one question recusing every applicant, only the chair and
    # member 5 are eligible and one of them voted: not quorate
    whole_item = voting.count(members, {10, 20, 30}, votes)
    assert (whole_item.eligible, whole_item.taking_part) == (2, 1)
    assert not voting.is_quorate(whole_item, Decimal("0.5"))
    # Then counted per intention, each city votes on the others' intentions: 3 of 4 eligible
    # take part in each, so each is quorate and adopted
    result = voting.decide(
        members, voting.Question(), parts, votes, (), Decimal("0.5"), voting.Majority()
    )
    assert [(p.tally.eligible, p.tally.taking_part, p.tally.yes) for p in result.parts] == [
        (4, 3, 3),
        (4, 3, 3),
        (4, 3, 3),
    ]
    assert all(p.outcome.quorate and p.outcome.adopted for p in result.parts)
    # And no member is recused from the whole item
    assert (result.recused, result.tally.eligible) == (frozenset(), 5)


def test_each_intention_has_its_own_outcome() -> None:
    # Given the intentions of city 10 and city 20: city 10 votes against, city 20 for
    parts = {
        101: voting.Question(concerned=frozenset({10})),
        102: voting.Question(concerned=frozenset({20})),
    }
    result = _decide("ynyn-", parts)  # chair for, city 10 against, city 20 for, member 4 against
    first, second = result.parts
    # Then the first (city 10 recused) is 2 for, 1 against: adopted; the second (city 20
    # recused) is 1 for, 2 against: not adopted; the item is adopted through the first
    assert ((first.tally.yes, first.tally.no), first.outcome.adopted) == ((2, 1), True)
    assert ((second.tally.yes, second.tally.no), second.outcome.adopted) == ((1, 2), False)
    assert result.adopted and result.quorate


def test_an_item_without_intentions_is_one_question() -> None:
    # Given an item about something else, where city 10 is concerned and member 4 declared
    item = voting.Question(concerned=frozenset({10}), declared=frozenset({4}))
    # When the chair and member 5 vote for and city 20 against: a 2:1 majority of 3 eligible
    result = _decide("y-y-y", {}, item=item)
    # Then there is one part, for the item itself
    (part,) = result.parts
    assert (part.key, part.recused, result.recused) == (None, frozenset({2, 4}), frozenset({2, 4}))
    assert (result.tally.eligible, result.tally.yes) == (3, 3)
    assert not result.per_intention
    assert result.adopted and not result.decided_by_chair
    # And the casting vote shows through the item: a 1:1 tie of the chair and city 20
    tied = _decide("y-n--", {}, item=item, casting=True)
    assert (tied.adopted, tied.decided_by_chair) == (True, True)
