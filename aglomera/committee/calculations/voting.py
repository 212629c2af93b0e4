"""The statute's arithmetic: who may vote on what, quorum, majority and the chair's casting vote.
Pure functions.

Definitions (used by the decision, the meeting page and the minutes; docs/committee-rules.md):

- *members*: the active members of the committee when the item is decided.
- a *question* is what is counted on its own: an item, or one project intention of a call item
  (each intention of a call has its own applicant and partners).
- *recused* from a question: members whose represented organisation is concerned by it (the
  applicant or a project partner of the intention), and members who declared a personal conflict
  of interest on it (or on the whole item). They neither vote nor count towards its quorum or
  majority. A member recused from every intention of a call item is recused from the item.
- *eligible*: members minus recused.
- *taking part*: eligible members present at an in-person meeting (themselves or through their
  alternate) or who voted; at a per rollam meeting, eligible members who voted.
- A member votes once on an item; on a call item the vote counts for every intention the member
  is not recused from.
- **quorum**: a question is quorate when taking part / eligible is MORE than the statute's share
  (0.5 means "more than half"); with nobody eligible it is never quorate.
- **majority** (`RULES`): a share of the votes cast (`of_voting`; an abstention is a vote cast,
  so it works against adoption) or of the eligible members (`of_all`). Half means MORE than
  half; the qualified shares (3/5, 2/3, 3/4) mean AT LEAST that share, and at least one vote for.
- **tie**: under a simple majority (more than half), the votes for are exactly half of what the
  rule counts. With the statute's casting vote, the chair's vote decides a tie: adopted if the
  chair voted for, not adopted if against or abstained. If the chair did not vote or is recused
  from the question, the tie stays not adopted. A qualified majority has no tie to break.
- **adopted** = quorate and (majority, or a tie the chair's vote decided for).
- A call item is adopted when at least one of its intentions is; each intention's decision
  follows its own outcome.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from aglomera.committee.models import MajorityRule, VoteChoice

VOTING = "voting"
ALL = "all"

# rule -> (numerator, denominator, what it counts): half is "more than", the others "at least".
RULES: dict[str, tuple[int, int, str]] = {
    MajorityRule.OF_VOTING: (1, 2, VOTING),
    MajorityRule.OF_ALL: (1, 2, ALL),
    MajorityRule.THREE_FIFTHS_OF_VOTING: (3, 5, VOTING),
    MajorityRule.THREE_FIFTHS_OF_ALL: (3, 5, ALL),
    MajorityRule.TWO_THIRDS_OF_VOTING: (2, 3, VOTING),
    MajorityRule.TWO_THIRDS_OF_ALL: (2, 3, ALL),
    MajorityRule.THREE_QUARTERS_OF_VOTING: (3, 4, VOTING),
    MajorityRule.THREE_QUARTERS_OF_ALL: (3, 4, ALL),
}


@dataclass(frozen=True)
class MemberFacts:
    """What the rules need to know about a member."""

    id: int
    organisation_id: int | None
    is_chair: bool = False


@dataclass(frozen=True)
class Question:
    """Who is recused from one question: representatives of the `concerned` organisations and
    the members who `declared` a conflict of interest on it."""

    concerned: frozenset[int] = frozenset()
    declared: frozenset[int] = frozenset()

    def also(self, other: Question) -> Question:
        """This question with the recusals of `other` (the whole item) added."""
        return Question(self.concerned | other.concerned, self.declared | other.declared)


@dataclass(frozen=True)
class Majority:
    """The statute's majority for one kind of item, and whether the chair breaks a tie."""

    rule: str = MajorityRule.OF_VOTING
    casting_vote: bool = False


@dataclass(frozen=True)
class Tally:
    members: int
    recused: int
    taking_part: int
    yes: int
    no: int
    abstain: int
    chair_choice: str | None = None  # the chair's vote, when the chair may vote on the question

    @property
    def eligible(self) -> int:
        return self.members - self.recused

    @property
    def votes_cast(self) -> int:
        return self.yes + self.no + self.abstain


@dataclass(frozen=True)
class Outcome:
    quorate: bool
    majority: bool
    tie: bool = False
    casting_vote: str | None = None  # the chair's vote that decided the tie

    @property
    def decided_by_chair(self) -> bool:
        return self.quorate and self.casting_vote is not None

    @property
    def adopted(self) -> bool:
        return self.quorate and (self.majority or self.casting_vote == VoteChoice.YES)


def is_recused(
    member: MemberFacts, concerned_organisation_ids: Collection[int], declared: Collection[int] = ()
) -> bool:
    return member.id in declared or (
        member.organisation_id is not None and member.organisation_id in concerned_organisation_ids
    )


def recused_from(members: Iterable[MemberFacts], question: Question) -> frozenset[int]:
    return frozenset(m.id for m in members if is_recused(m, question.concerned, question.declared))


def tally(
    members: Iterable[MemberFacts],
    recused: Collection[int],
    votes: Mapping[int, str],
    present: Collection[int] = (),
) -> Tally:
    """Count one question: `votes` maps member id -> choice, `present` lists members in the
    room; the votes of `recused` members do not count."""
    total = skipped = taking_part = yes = no = abstain = 0
    chair_choice = None
    for member in members:
        total += 1
        if member.id in recused:
            skipped += 1
            continue
        choice = votes.get(member.id)
        if choice is not None or member.id in present:
            taking_part += 1
        if member.is_chair:
            chair_choice = choice
        if choice == VoteChoice.YES:
            yes += 1
        elif choice == VoteChoice.NO:
            no += 1
        elif choice == VoteChoice.ABSTAIN:
            abstain += 1
    return Tally(total, skipped, taking_part, yes, no, abstain, chair_choice)


def count(
    members: Iterable[MemberFacts],
    concerned_organisation_ids: Collection[int],
    votes: Mapping[int, str],
    present: Collection[int] = (),
    declared: Collection[int] = (),
) -> Tally:
    """Count one question whose recusals are the concerned organisations and declarations."""
    members = list(members)
    question = Question(frozenset(concerned_organisation_ids), frozenset(declared))
    return tally(members, recused_from(members, question), votes, present)


def is_quorate(tally: Tally, quorum: Decimal) -> bool:
    return tally.eligible > 0 and Decimal(tally.taking_part) > quorum * tally.eligible


def _base(tally: Tally, counts: str) -> int:
    return tally.eligible if counts == ALL else tally.votes_cast


def has_majority(tally: Tally, rule: str) -> bool:
    numerator, denominator, counts = RULES[rule]
    base = _base(tally, counts)
    if (numerator, denominator) == (1, 2):
        return 2 * tally.yes > base
    return tally.yes > 0 and denominator * tally.yes >= numerator * base


def is_tie(tally: Tally, rule: str) -> bool:
    """Under a simple majority: the votes for are exactly half of what the rule counts."""
    numerator, denominator, counts = RULES[rule]
    base = _base(tally, counts)
    return (numerator, denominator) == (1, 2) and base > 0 and 2 * tally.yes == base


def evaluate(tally: Tally, quorum: Decimal, majority: Majority) -> Outcome:
    tie = is_tie(tally, majority.rule)
    return Outcome(
        quorate=is_quorate(tally, quorum),
        majority=has_majority(tally, majority.rule),
        tie=tie,
        casting_vote=tally.chair_choice if tie and majority.casting_vote else None,
    )


@dataclass(frozen=True)
class Part:
    """One question of an item (`key`: the proposal of a call item's intention, or None for the
    item itself) with who is recused from it, its count and its outcome."""

    key: int | None
    recused: frozenset[int]
    tally: Tally
    outcome: Outcome


@dataclass(frozen=True)
class Result:
    """An item counted: its parts (one per intention of a call item, else the item itself) and
    the item as a whole (members recused from every part are recused from the item)."""

    tally: Tally
    recused: frozenset[int]
    parts: tuple[Part, ...] = field(default_factory=tuple)

    @property
    def per_intention(self) -> bool:
        return any(part.key is not None for part in self.parts)

    @property
    def adopted(self) -> bool:
        return any(part.outcome.adopted for part in self.parts)

    @property
    def quorate(self) -> bool:
        return any(part.outcome.quorate for part in self.parts)

    @property
    def decided_by_chair(self) -> bool:
        return any(part.outcome.decided_by_chair for part in self.parts)

    @property
    def everyone_voted(self) -> bool:
        return self.tally.votes_cast >= self.tally.eligible


def decide(
    members: Iterable[MemberFacts],
    item: Question,
    parts: Mapping[int, Question],
    votes: Mapping[int, str],
    present: Collection[int],
    quorum: Decimal,
    majority: Majority,
) -> Result:
    """Count an item: per intention (`parts`, keyed by proposal) when it has any, each with the
    item's own recusals added; otherwise the item as one question."""
    members = list(members)
    questions: dict[int | None, Question] = (
        {key: question.also(item) for key, question in parts.items()} if parts else {None: item}
    )
    counted = []
    for key, question in questions.items():
        recused = recused_from(members, question)
        part_tally = tally(members, recused, votes, present)
        counted.append(Part(key, recused, part_tally, evaluate(part_tally, quorum, majority)))
    whole = frozenset.intersection(*(part.recused for part in counted))
    return Result(tally(members, whole, votes, present), whole, tuple(counted))
