"""The read side of change requests and of the competence rules that route them.

Each function runs a fixed number of queries whatever the amount of data (pinned in tests).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils.functional import Promise

from aglomera.accounts.models import Role
from aglomera.accounts.permissions import EVALUATORS, organisations_by_agglomeration, roles_in
from aglomera.agglomerations.models import Agglomeration
from aglomera.core.actors import Actor
from aglomera.core.i18n import as_i18n
from aglomera.core.models import StatusChange
from aglomera.core.tenant import in_tenant
from aglomera.intentions import rules
from aglomera.intentions.models import (
    ChangeKind,
    ChangeRequest,
    ChangeStatus,
    CompetenceRule,
    ComplianceStatement,
    IntentionIndicator,
    ProjectIntention,
)
from aglomera.intentions.rules import CHANGE_DATE_FIELDS, CHANGE_MONEY_FIELDS
from aglomera.intentions.transitions import CHANGE_REQUEST


@dataclass
class ChangeRow:
    change: ChangeRequest
    routing: rules.Routing

    @property
    def kind_labels(self) -> list[str | Promise]:
        return [rule.kind_label for rule in self.routing.rules]


def change_requests() -> QuerySet[ChangeRequest]:
    """Change requests with their intention, for `get_in_tenant` and the list (one query)."""
    return ChangeRequest.objects.select_related(
        "intention__call__agglomeration", "intention__applicant", "requested_by"
    )


def _changes(agglomeration: Agglomeration) -> QuerySet[ChangeRequest]:
    return in_tenant(change_requests(), agglomeration)


def _rules(agglomeration: Agglomeration) -> dict[str, str]:
    return {row.kind: row.decider for row in effective_rules(agglomeration)}


def list_change_requests(agglomeration: Agglomeration, user: Actor) -> list[ChangeRow]:
    """Staff see every change request of the agglomeration, an applicant those of their
    organisation; each with its routing under the current rules. Two queries."""
    queryset = _changes(agglomeration)
    if not roles_in(user, agglomeration.pk) & EVALUATORS:
        if Role.APPLICANT not in roles_in(user, agglomeration.pk):
            return []
        organisations = organisations_by_agglomeration(user).get(agglomeration.pk, frozenset())
        queryset = queryset.filter(intention__applicant_id__in=organisations)
    changes = list(queryset.order_by("-created_at", "-id"))
    deciders = _rules(agglomeration)
    return [ChangeRow(change, rules.decide_routing(deciders, change.kinds)) for change in changes]


@dataclass
class ProposedValue:
    label: str | Promise
    current: Any
    proposed: Any
    kind: str  # "money", "date", "quantity" or "text": how the template formats it


@dataclass
class ChangePage:
    change: ChangeRequest
    routing: rules.Routing
    values: list[ProposedValue]
    history: list[StatusChange]
    statements: list[ComplianceStatement]
    allowed: list[ChangeStatus]


def _label(field: str) -> str | Promise:
    return cast(str, ProjectIntention._meta.get_field(field).verbose_name)  # type: ignore[union-attr]


def _proposed_values(
    change: ChangeRequest, indicators: dict[int, IntentionIndicator]
) -> list[ProposedValue]:
    intention = change.intention
    proposed = change.proposed
    values: list[ProposedValue] = []
    for field in CHANGE_MONEY_FIELDS:
        if field in proposed:
            label = _label(field)
            values.append(
                ProposedValue(label, getattr(intention, field), Decimal(proposed[field]), "money")
            )
    for field in CHANGE_DATE_FIELDS:
        if field in proposed:
            label = _label(field)
            current = getattr(intention, field)
            values.append(
                ProposedValue(label, current, date.fromisoformat(proposed[field]), "date")
            )
    if "name" in proposed:
        label = _label("name")
        values.append(ProposedValue(label, intention.name, as_i18n(proposed["name"]), "text"))
    for raw_pk, value in (proposed.get("indicators") or {}).items():
        row = indicators.get(int(raw_pk))
        if row is not None:
            values.append(
                ProposedValue(
                    f"{row.indicator.code} {row.indicator.name} ({row.indicator.unit})",
                    row.committed_value,
                    Decimal(value),
                    "quantity",
                )
            )
    return values


def get_change_page(change: ChangeRequest, user: Actor) -> ChangePage:
    """A change request with its routing and why, current vs proposed values, its history and
    statement: five queries."""
    agglomeration = change.intention.call.agglomeration
    indicators = {
        row.pk: row
        for row in IntentionIndicator.objects.filter(intention_id=change.intention_id)
        .select_related("indicator")
        .order_by("indicator__code")
    }
    history = list(
        StatusChange.objects.filter(
            workflow=CHANGE_REQUEST.name,
            content_type=ContentType.objects.get_for_model(ChangeRequest),
            object_id=change.pk,
        )
        .select_related("actor")
        .order_by("created_at", "id")
    )
    statements = list(
        ComplianceStatement.objects.filter(change_request=change).order_by("issued_on", "id")
    )
    for statement in statements:
        statement.intention = change.intention
    return ChangePage(
        change=change,
        routing=rules.decide_routing(_rules(agglomeration), change.kinds),
        values=_proposed_values(change, indicators),
        history=history,
        statements=statements,
        allowed=CHANGE_REQUEST.allowed(change, user),
    )


def list_competence_rules(agglomeration: Agglomeration) -> list[rules.RuleRow]:
    """Every kind of change with who decides it (the stored rule or the default); one query."""
    return effective_rules(agglomeration)


def list_committed_indicators(intention: ProjectIntention) -> list[IntentionIndicator]:
    """The indicators the intention commits to, for the change request form; one query."""
    return list(
        IntentionIndicator.objects.filter(intention=intention)
        .select_related("indicator")
        .order_by("indicator__code")
    )


# --- The competence rules -----------------------------------------------------------------------


def stored_rules(agglomeration_id: int) -> dict[str, str]:
    """The agglomeration's rule rows, kind -> decider (one query)."""
    return dict(
        CompetenceRule.objects.filter(agglomeration_id=agglomeration_id).values_list(
            "change_kind", "decider"
        )
    )


def effective_rules(agglomeration: Agglomeration) -> list[rules.RuleRow]:
    """Every kind with its decider (the stored rule, else the default); one query, no writes."""
    stored = stored_rules(agglomeration.pk)
    return [
        rules.RuleRow(
            kind=kind,
            decider=stored.get(kind, rules.DEFAULT_RULES[kind]),
            is_default=stored.get(kind, rules.DEFAULT_RULES[kind]) == rules.DEFAULT_RULES[kind],
        )
        for kind in ChangeKind.values
    ]
