"""The statute's arithmetic: who may vote on an item, quorum and majority. Pure functions.

Definitions (used by the decision, the meeting page and the minutes):

- *members*: the active members of the committee when the item is decided.
- *recused*: members whose represented organisation is concerned by the item (e.g. the
  applicant of an intention on it); they neither vote nor count towards quorum or majority.
- *eligible*: members minus recused.
- *taking part*: eligible members present at an in-person meeting (themselves or through their
  alternate) or who voted; at a per rollam meeting, eligible members who voted.
- **quorum**: the item is quorate when taking part / eligible is MORE than the statute's share
  (0.5 means "more than half"); with nobody eligible it is never quorate.
- **majority**
  - `of_voting`: more than half of the votes cast (for > against + abstained: an abstention
    counts as a vote cast, so it works against adoption);
  - `of_all`: more than half of the eligible members vote for.
- **adopted** = quorate and majority.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from aglomera.committee.models import MajorityRule, VoteChoice


@dataclass(frozen=True)
class MemberFacts:
    """What the rules need to know about a member."""

    id: int
    organisation_id: int | None


@dataclass(frozen=True)
class Tally:
    members: int
    recused: int
    taking_part: int
    yes: int
    no: int
    abstain: int

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

    @property
    def adopted(self) -> bool:
        return self.quorate and self.majority


def is_recused(member: MemberFacts, concerned_organisation_ids: Collection[int]) -> bool:
    return (
        member.organisation_id is not None and member.organisation_id in concerned_organisation_ids
    )


def count(
    members: Iterable[MemberFacts],
    concerned_organisation_ids: Collection[int],
    votes: Mapping[int, str],
    present: Collection[int] = (),
) -> Tally:
    """Count one item: `votes` maps member id -> choice, `present` lists members in the room."""
    total = recused = taking_part = yes = no = abstain = 0
    for member in members:
        total += 1
        if is_recused(member, concerned_organisation_ids):
            recused += 1
            continue
        choice = votes.get(member.id)
        if choice is not None or member.id in present:
            taking_part += 1
        if choice == VoteChoice.YES:
            yes += 1
        elif choice == VoteChoice.NO:
            no += 1
        elif choice == VoteChoice.ABSTAIN:
            abstain += 1
    return Tally(total, recused, taking_part, yes, no, abstain)


def is_quorate(tally: Tally, quorum: Decimal) -> bool:
    return tally.eligible > 0 and Decimal(tally.taking_part) > quorum * tally.eligible


def has_majority(tally: Tally, rule: str) -> bool:
    if rule == MajorityRule.OF_ALL:
        return 2 * tally.yes > tally.eligible
    return 2 * tally.yes > tally.votes_cast


def evaluate(tally: Tally, quorum: Decimal, rule: str) -> Outcome:
    return Outcome(quorate=is_quorate(tally, quorum), majority=has_majority(tally, rule))
