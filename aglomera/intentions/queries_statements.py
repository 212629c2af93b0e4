"""The read side of compliance statements, the managing authority's record and change requests.

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
from aglomera.core.i18n import as_i18n
from aglomera.core.models import StatusChange
from aglomera.intentions import competence
from aglomera.intentions.actions.changes import CHANGEABLE, DATE_FIELDS, MONEY_FIELDS
from aglomera.intentions.actions.statements import TRACKED, track_targets
from aglomera.intentions.models import (
    ChangeRequest,
    ComplianceStatement,
    IntentionIndicator,
    ProjectIntention,
)
from aglomera.intentions.transitions import CHANGE_WORKFLOW, allowed_change_transitions

# --- Statements and the managing authority (one intention) -------------------------------------


def get_statement(agglomeration: Agglomeration, pk: int) -> ComplianceStatement | None:
    """One statement with everything its documents show (one query)."""
    return (
        ComplianceStatement.objects.select_related(
            "intention__call__agglomeration",
            "intention__applicant",
            "resolution",
            "issued_by",
            "change_request",
        )
        .filter(intention__call__agglomeration=agglomeration, pk=pk)
        .first()
    )


@dataclass
class StatementsPage:
    intention: ProjectIntention
    statements: list[ComplianceStatement]
    changes: list[ChangeRequest]
    track_targets: list[str]
    can_track: bool
    can_request_change: bool

    @property
    def is_tracked(self) -> bool:
        return self.intention.status in TRACKED


def get_statements_page(intention: ProjectIntention, user: Any) -> StatementsPage:
    """The intention's statements, its change requests and the managing-authority panel: two
    queries (the actor's roles are loaded once per request)."""
    statements = list(
        ComplianceStatement.objects.filter(intention=intention)
        .select_related("resolution", "issued_by")
        .order_by("issued_on", "id")
    )
    changes = list(
        ChangeRequest.objects.filter(intention=intention)
        .select_related("requested_by")
        .order_by("-created_at", "-id")
    )
    for statement in statements:
        statement.intention = intention
    for change in changes:
        change.intention = intention
    return StatementsPage(
        intention=intention,
        statements=statements,
        changes=changes,
        track_targets=track_targets(intention, user),
        can_track=intention.status in TRACKED and user.has_perm("intentions.track", intention),
        can_request_change=intention.status in CHANGEABLE
        and user.has_perm("changes.request", intention),
    )


# --- Change requests --------------------------------------------------------------------------


@dataclass
class ChangeRow:
    change: ChangeRequest
    routing: competence.Routing

    @property
    def kind_labels(self) -> list[str | Promise]:
        return [rule.kind_label for rule in self.routing.rules]


def _changes(agglomeration: Agglomeration) -> QuerySet[ChangeRequest]:
    return ChangeRequest.objects.filter(
        intention__call__agglomeration=agglomeration
    ).select_related("intention__call__agglomeration", "intention__applicant", "requested_by")


def _rules(agglomeration: Agglomeration) -> dict[str, str]:
    return {row.kind: row.decider for row in competence.effective_rules(agglomeration)}


def list_change_requests(agglomeration: Agglomeration, user: Any) -> list[ChangeRow]:
    """Staff see every change request of the agglomeration, an applicant those of their
    organisation; each with its routing under the current rules. Two queries."""
    queryset = _changes(agglomeration)
    if not roles_in(user, agglomeration.pk) & EVALUATORS:
        if Role.APPLICANT not in roles_in(user, agglomeration.pk):
            return []
        organisations = organisations_by_agglomeration(user).get(agglomeration.pk, frozenset())
        queryset = queryset.filter(intention__applicant_id__in=organisations)
    changes = list(queryset.order_by("-created_at", "-id"))
    rules = _rules(agglomeration)
    return [ChangeRow(change, competence.decide_routing(rules, change.kinds)) for change in changes]


@dataclass
class ProposedValue:
    label: str | Promise
    current: Any
    proposed: Any
    kind: str  # "money", "date", "quantity" or "text": how the template formats it


@dataclass
class ChangePage:
    change: ChangeRequest
    routing: competence.Routing
    values: list[ProposedValue]
    history: list[StatusChange]
    statements: list[ComplianceStatement]
    allowed: list[str]


def get_change(agglomeration: Agglomeration, pk: int) -> ChangeRequest | None:
    return _changes(agglomeration).filter(pk=pk).first()


def _label(field: str) -> str | Promise:
    return cast(str, ProjectIntention._meta.get_field(field).verbose_name)  # type: ignore[union-attr]


def _proposed_values(
    change: ChangeRequest, indicators: dict[int, IntentionIndicator]
) -> list[ProposedValue]:
    intention = change.intention
    proposed = change.proposed
    values: list[ProposedValue] = []
    for field in MONEY_FIELDS:
        if field in proposed:
            label = _label(field)
            values.append(
                ProposedValue(label, getattr(intention, field), Decimal(proposed[field]), "money")
            )
    for field in DATE_FIELDS:
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


def get_change_page(change: ChangeRequest, user: Any) -> ChangePage:
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
            workflow=CHANGE_WORKFLOW,
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
        routing=competence.decide_routing(_rules(agglomeration), change.kinds),
        values=_proposed_values(change, indicators),
        history=history,
        statements=statements,
        allowed=allowed_change_transitions(change, user),
    )


def list_competence_rules(agglomeration: Agglomeration) -> list[competence.RuleRow]:
    """Every kind of change with who decides it (the stored rule or the default); one query."""
    return competence.effective_rules(agglomeration)


def list_committed_indicators(intention: ProjectIntention) -> list[IntentionIndicator]:
    """The indicators the intention commits to, for the change request form; one query."""
    return list(
        IntentionIndicator.objects.filter(intention=intention)
        .select_related("indicator")
        .order_by("indicator__code")
    )
