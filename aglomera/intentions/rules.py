"""Domain rules of project intentions that read no database: pure functions on given values.

Who answers a change request: the competence rules (domain.md section 4), kept as data.
Each agglomeration has one `CompetenceRule` row per `ChangeKind` saying whether the strategy
manager decides alone or the steering committee decides. A request is routed to the committee
when ANY of its kinds maps to the committee, else to the manager (`decide_routing`); there are
no code branches per kind, only the rows.

Default rules (`DEFAULT_RULES`), created lazily: `actions.changes.routing_for` creates them the
first time it meets an agglomeration without a rule for a kind it needs, so a new agglomeration
works without any setup, and the manager can change the rows afterwards on the competence rules
page. Creating the defaults is idempotent (existing rows, edited or not, are never overwritten).
Reading the rules for display (`queries.changes.effective_rules`) never writes: a kind without a
row shows its default.

Our reading of domain.md:
- the manager alone: a lower requested support, higher indicator values, formal edits, a date
  move with no effect on the financial plan;
- the steering committee: lower indicator values, a date move that shifts money between years;
- a lower cost is not named there. We give it to the committee: a lower cost usually lowers the
  outputs bought with it and can change the call's financial picture, so the body that declared
  compliance should see it. An office that reads it otherwise edits one row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.functional import Promise

from aglomera.intentions.models import ChangeKind, Decider, IntentionStatus

S = IntentionStatus

# --- Where an intention stands ---------------------------------------------------------------

# After the statement: the states the managing authority's record is kept in.
AFTER_STATEMENT: tuple[str, ...] = (
    S.STATEMENT_ISSUED,
    S.APPLICATION_FILED,
    S.LEGAL_ACT,
    S.IN_IMPLEMENTATION,
    S.PHYSICALLY_COMPLETED,
    S.FINANCIALLY_CLOSED,
    S.SUSTAINABILITY,
)
TRACKED: tuple[str, ...] = (*AFTER_STATEMENT, S.REJECTED_BY_MA)
# From filing on, the application has a registration number at the managing authority.
FILED: tuple[str, ...] = tuple(s for s in TRACKED if s != S.STATEMENT_ISSUED)

# A change can be asked for once the statement is issued and until the project is closed.
CHANGEABLE: tuple[str, ...] = (
    S.STATEMENT_ISSUED,
    S.APPLICATION_FILED,
    S.LEGAL_ACT,
    S.IN_IMPLEMENTATION,
    S.PHYSICALLY_COMPLETED,
)
# The values a change request may change, in the order its pages show them.
CHANGE_MONEY_FIELDS = ("requested_eu", "requested_national", "total_cost", "eligible_cost")
CHANGE_DATE_FIELDS = ("start_date", "end_date")

# --- Who answers a change request ------------------------------------------------------------

DEFAULT_RULES: dict[str, str] = {
    ChangeKind.LOWER_SUPPORT: Decider.MANAGER,
    ChangeKind.HIGHER_INDICATOR: Decider.MANAGER,
    ChangeKind.FORMAL_EDIT: Decider.MANAGER,
    ChangeKind.DATE_MOVE: Decider.MANAGER,
    ChangeKind.LOWER_INDICATOR: Decider.COMMITTEE,
    ChangeKind.DATE_MOVE_SHIFTING_MONEY: Decider.COMMITTEE,
    ChangeKind.LOWER_COST: Decider.COMMITTEE,
}


@dataclass(frozen=True)
class RuleRow:
    """The decider for one kind of change, and whether it is still the product's default."""

    kind: str
    decider: str
    is_default: bool

    @property
    def kind_label(self) -> str | Promise:
        return ChangeKind(self.kind).label

    @property
    def decider_label(self) -> str | Promise:
        return Decider(self.decider).label


@dataclass(frozen=True)
class Routing:
    """Where a request goes and why: the rule applied to each of its kinds."""

    decider: str
    rules: list[RuleRow]

    @property
    def decider_label(self) -> str | Promise:
        return Decider(self.decider).label

    @property
    def deciding_rules(self) -> list[RuleRow]:
        """The rules that make the decider what it is (for the committee: those that send it)."""
        return [rule for rule in self.rules if rule.decider == self.decider]


def decide_routing(rules: dict[str, str], kinds: Iterable[str]) -> Routing:
    """Route a set of kinds with the given rules (kind -> decider): committee if any says so."""
    rows = [
        RuleRow(kind=kind, decider=rules[kind], is_default=rules[kind] == DEFAULT_RULES[kind])
        for kind in kinds
    ]
    committee = any(row.decider == Decider.COMMITTEE for row in rows)
    return Routing(decider=Decider.COMMITTEE if committee else Decider.MANAGER, rules=rows)
