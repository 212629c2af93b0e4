"""Who answers a change request: the competence rules (domain.md section 4), kept as data.

Each agglomeration has one `CompetenceRule` row per `ChangeKind` saying whether the strategy
manager decides alone or the steering committee decides. A request is routed to the committee
when ANY of its kinds maps to the committee, else to the manager; there are no code branches
per kind, only the rows.

Default rules (`DEFAULT_RULES`), created lazily: `route_change` calls
`ensure_default_competence_rules` the first time it meets an agglomeration without a rule for a
kind it needs, so a new agglomeration works without any setup, and the manager can change the
rows afterwards on the competence rules page. Creating the defaults is idempotent (existing rows,
edited or not, are never overwritten). Reading the rules for display (`effective_rules`) never
writes: a kind without a row shows its default.

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

from aglomera.agglomerations.models import Agglomeration
from aglomera.intentions.models import ChangeKind, ChangeRequest, CompetenceRule, Decider

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


def ensure_default_competence_rules(agglomeration: Agglomeration) -> int:
    """Create the default rule for every kind that has no row yet; returns how many were made.

    Idempotent and safe under concurrency: existing rows are left alone (also when two requests
    create the defaults at the same moment, thanks to the unique constraint).
    """
    existing = set(
        CompetenceRule.objects.filter(agglomeration_id=agglomeration.pk).values_list(
            "change_kind", flat=True
        )
    )
    missing = [
        CompetenceRule(agglomeration_id=agglomeration.pk, change_kind=kind, decider=decider)
        for kind, decider in DEFAULT_RULES.items()
        if kind not in existing
    ]
    CompetenceRule.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def _stored_rules(agglomeration_id: int) -> dict[str, str]:
    return dict(
        CompetenceRule.objects.filter(agglomeration_id=agglomeration_id).values_list(
            "change_kind", "decider"
        )
    )


def effective_rules(agglomeration: Agglomeration) -> list[RuleRow]:
    """Every kind with its decider (the stored rule, else the default); one query, no writes."""
    stored = _stored_rules(agglomeration.pk)
    return [
        RuleRow(
            kind=kind,
            decider=stored.get(kind, DEFAULT_RULES[kind]),
            is_default=stored.get(kind, DEFAULT_RULES[kind]) == DEFAULT_RULES[kind],
        )
        for kind in ChangeKind.values
    ]


def decide_routing(rules: dict[str, str], kinds: Iterable[str]) -> Routing:
    """Route a set of kinds with the given rules (kind -> decider): committee if any says so."""
    rows = [
        RuleRow(kind=kind, decider=rules[kind], is_default=rules[kind] == DEFAULT_RULES[kind])
        for kind in kinds
    ]
    committee = any(row.decider == Decider.COMMITTEE for row in rows)
    return Routing(decider=Decider.COMMITTEE if committee else Decider.MANAGER, rules=rows)


def routing_for(agglomeration_id: int, kinds: Iterable[str]) -> Routing:
    """The routing of these kinds under the agglomeration's rules, creating defaults if needed."""
    kinds = list(kinds)
    rules = _stored_rules(agglomeration_id)
    if any(kind not in rules for kind in kinds):
        ensure_default_competence_rules(Agglomeration(pk=agglomeration_id))
        rules = _stored_rules(agglomeration_id)
    return decide_routing(rules, kinds)


def route_change(change: ChangeRequest) -> Decider:
    """Who decides this change request under the current rules of its agglomeration."""
    routing = routing_for(change.intention.call.agglomeration_id, change.kinds)
    return Decider(routing.decider)
