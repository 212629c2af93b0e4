"""Change requests after the statement, routed by the competence rules.

The applicant asks for one or more kinds of change with the proposed values
(`request_change`); the competence rules (`aglomera.intentions.rules`, `routing_for`) say who
answers.
The manager decides alone (`decide_change`: approved / rejected) or refers the request to the
steering committee (with_committee); the committee's resolution approves or rejects it later
(the committee area calls `approve_change` / `reject_change`, or `CHANGE_REQUEST.step` followed
by `apply_approved_change`). An approved change is applied to the intention (audited with the values
before and after) and answered with a "change" compliance statement.

`proposed` is stored as JSON: {"requested_eu": "…", "requested_national": "…",
"total_cost": "…", "eligible_cost": "…", "start_date": "YYYY-MM-DD", "end_date": "…",
"indicators": {"<IntentionIndicator pk>": "…"}, "name": {"cs": "…"}}, only the keys that change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aglomera.accounts.permissions import require_perm as _require
from aglomera.agglomerations.models import Agglomeration
from aglomera.core import once
from aglomera.core.actors import Actor
from aglomera.core.amounts import format_amount
from aglomera.core.audit import record
from aglomera.core.i18n import as_i18n
from aglomera.core.signals import announce_public_data_change
from aglomera.core.texts import Generated
from aglomera.intentions import rules
from aglomera.intentions.actions.statements import issue_statement
from aglomera.intentions.models import (
    ChangeKind,
    ChangeRequest,
    ChangeStatus,
    CompetenceRule,
    ComplianceStatement,
    Decider,
    IntentionIndicator,
    IntentionStatus,
    ProjectIntention,
    StatementOutcome,
    StatementType,
)
from aglomera.intentions.queries.changes import stored_rules
from aglomera.intentions.rules import CHANGE_DATE_FIELDS, CHANGE_MONEY_FIELDS, CHANGEABLE
from aglomera.intentions.transitions import CHANGE_REQUEST
from aglomera.strategy.eligibility import project_date_errors

if TYPE_CHECKING:
    from aglomera.committee.models import Resolution

S = IntentionStatus
K = ChangeKind

OPEN_CHANGE: tuple[str, ...] = (ChangeStatus.SUBMITTED, ChangeStatus.WITH_COMMITTEE)


# Which proposed values belong to which kind of change (a value needs its kind chosen).
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    K.LOWER_SUPPORT: ("requested_eu", "requested_national"),
    K.LOWER_COST: ("total_cost", "eligible_cost"),
    K.DATE_MOVE: CHANGE_DATE_FIELDS,
    K.DATE_MOVE_SHIFTING_MONEY: CHANGE_DATE_FIELDS,
    K.HIGHER_INDICATOR: ("indicators",),
    K.LOWER_INDICATOR: ("indicators",),
    K.FORMAL_EDIT: ("name",),
}
# The kinds a new value may belong to, and where "enter the new value" goes for each kind
# (a formal edit may need no new value; indicator kinds are checked per indicator).
FIELD_KINDS: dict[str, tuple[str, ...]] = {
    field: tuple(kind for kind, fields in KIND_FIELDS.items() if field in fields)
    for field in (*CHANGE_MONEY_FIELDS, *CHANGE_DATE_FIELDS, "name")
}
VALUE_NEEDED: dict[str, str] = {
    K.LOWER_SUPPORT: "requested_eu",
    K.LOWER_COST: "total_cost",
    K.DATE_MOVE: "end_date",
    K.DATE_MOVE_SHIFTING_MONEY: "end_date",
}


def indicator_field(pk: int) -> str:
    """The form field name of a committed indicator's new value."""
    return f"indicator_{pk}"


@dataclass
class _Changes:
    """The proposed values that differ from the intention's current ones."""

    values: dict[str, Any]
    indicators: dict[int, Decimal]

    def has(self, field: str) -> bool:
        return bool(self.indicators) if field == "indicators" else field in self.values


def _changed_values(
    intention: ProjectIntention,
    proposed: Mapping[str, Any],
    indicators: dict[int, IntentionIndicator],
    errors: dict[str, str],
) -> _Changes:
    values: dict[str, Any] = {}
    for field in (*CHANGE_MONEY_FIELDS, *CHANGE_DATE_FIELDS):
        value = proposed.get(field)
        if value is not None and value != getattr(intention, field):
            values[field] = Decimal(value) if field in CHANGE_MONEY_FIELDS else value
    name = as_i18n(proposed.get("name"))
    if name and dict(name) != dict(as_i18n(intention.name)):
        values["name"] = name
    new_indicators: dict[int, Decimal] = {}
    for raw_pk, value in (proposed.get("indicators") or {}).items():
        pk = int(raw_pk)
        if pk not in indicators:
            errors["indicators"] = _("This indicator is not committed in the project.")
        elif value is not None and Decimal(value) != indicators[pk].committed_value:
            new_indicators[pk] = Decimal(value)
    return _Changes(values, new_indicators)


def _check_kinds(kinds: list[str], changes: _Changes, errors: dict[str, str]) -> None:
    """Each new value needs a chosen kind that covers it; each chosen kind needs a new value."""
    for field in changes.values:
        covering = FIELD_KINDS[field]
        if not set(covering) & set(kinds):
            errors.setdefault(
                field,
                _("Choose the kind of change this new value belongs to (“%(kind)s”).")
                % {"kind": ChangeKind(covering[0]).label},
            )
    for kind, field in VALUE_NEEDED.items():
        if kind in kinds and not any(changes.has(f) for f in KIND_FIELDS[kind]):
            errors.setdefault(
                field,
                _("Enter the new value for the change “%(kind)s”.")
                % {"kind": ChangeKind(kind).label},
            )


def _check_money(
    intention: ProjectIntention, kinds: list[str], changes: _Changes, errors: dict[str, str]
) -> None:
    new = {f: changes.values.get(f, getattr(intention, f)) for f in CHANGE_MONEY_FIELDS}
    for field in CHANGE_MONEY_FIELDS:
        if new[field] < 0:
            errors.setdefault(field, _("The amount cannot be negative."))
    if K.LOWER_SUPPORT in kinds:
        current = intention.requested_eu + intention.requested_national
        if new["requested_eu"] + new["requested_national"] >= current or any(
            new[f] > getattr(intention, f) for f in ("requested_eu", "requested_national")
        ):
            errors.setdefault(
                "requested_eu",
                _("The new requested support must be lower than the current %(amount)s.")
                % {"amount": format_amount(current)},
            )
    if K.LOWER_COST in kinds:
        for field in ("total_cost", "eligible_cost"):
            if new[field] > getattr(intention, field):
                errors.setdefault(
                    field,
                    _("A lower cost must be lower than the current %(amount)s.")
                    % {"amount": format_amount(getattr(intention, field))},
                )
    if new["eligible_cost"] > new["total_cost"]:
        errors.setdefault("eligible_cost", _("The eligible cost cannot exceed the total cost."))


def _check_dates(intention: ProjectIntention, changes: _Changes, errors: dict[str, str]) -> None:
    start: date = changes.values.get("start_date", intention.start_date)
    end: date = changes.values.get("end_date", intention.end_date)
    moved = {
        field: changes.values[field] for field in CHANGE_DATE_FIELDS if field in changes.values
    }
    if moved and end <= start:
        errors.setdefault("end_date", _("The end must be after the start."))
    if moved:
        period = intention.call.strategy.period
        outside = project_date_errors(period, moved.get("start_date"), moved.get("end_date"))
        for field, message in outside.items():
            errors.setdefault(field, message)


def _check_indicators(
    kinds: list[str],
    changes: _Changes,
    indicators: dict[int, IntentionIndicator],
    errors: dict[str, str],
) -> None:
    lowered = [pk for pk, v in changes.indicators.items() if v < indicators[pk].committed_value]
    raised = [pk for pk, v in changes.indicators.items() if v > indicators[pk].committed_value]
    for pk in changes.indicators:
        if changes.indicators[pk] < 0:
            errors.setdefault(indicator_field(pk), _("The value cannot be negative."))
    for pk in lowered:
        if K.LOWER_INDICATOR not in kinds:
            errors.setdefault(
                indicator_field(pk),
                _("A lower value is the change “%(kind)s”: choose it.")
                % {"kind": K.LOWER_INDICATOR.label},
            )
    for pk in raised:
        if K.HIGHER_INDICATOR not in kinds:
            errors.setdefault(
                indicator_field(pk),
                _("A higher value is the change “%(kind)s”: choose it.")
                % {"kind": K.HIGHER_INDICATOR.label},
            )
    for kind, found in ((K.LOWER_INDICATOR, lowered), (K.HIGHER_INDICATOR, raised)):
        if kind in kinds and not found:
            errors.setdefault(
                "kinds",
                _("No indicator value matches the change “%(kind)s”.") % {"kind": kind.label},
            )


def validate_change(
    intention: ProjectIntention,
    kinds: Iterable[str],
    proposed: Mapping[str, Any],
    justification: str,
) -> tuple[list[str], dict[str, Any]]:
    """Check a requested change against the intention; returns the kinds and the JSON values.

    Raises ValidationError keyed by the form's field names ("kinds", "requested_eu",
    "end_date", "indicator_<pk>", ...).
    """
    errors: dict[str, str] = {}
    chosen = list(dict.fromkeys(kinds))
    if not chosen or any(kind not in ChangeKind.values for kind in chosen):
        raise ValidationError({"kinds": _("Choose what the change is.")})
    if K.DATE_MOVE in chosen and K.DATE_MOVE_SHIFTING_MONEY in chosen:
        errors["kinds"] = _("A date move either shifts money between years or it does not.")
    if not justification.strip():
        errors["justification"] = _("Explain why the change is needed.")
    indicators = {
        row.pk: row
        for row in IntentionIndicator.objects.filter(intention=intention).select_related(
            "indicator"
        )
    }
    changes = _changed_values(intention, proposed, indicators, errors)
    _check_kinds(chosen, changes, errors)
    _check_money(intention, chosen, changes, errors)
    _check_dates(intention, changes, errors)
    _check_indicators(chosen, changes, indicators, errors)
    if errors:
        raise ValidationError(errors)
    stored: dict[str, Any] = {}
    for field, value in changes.values.items():
        if field == "name":
            stored[field] = dict(value)
        else:
            stored[field] = value.isoformat() if isinstance(value, date) else str(value)
    if changes.indicators:
        stored["indicators"] = {str(pk): str(v) for pk, v in changes.indicators.items()}
    return [kind for kind in ChangeKind.values if kind in chosen], stored


@transaction.atomic
def request_change(
    intention: ProjectIntention,
    *,
    kinds: Iterable[str],
    proposed: Mapping[str, Any],
    justification: str,
    actor: Actor,
    form_token: UUID | None = None,
    now: datetime | None = None,
) -> ChangeRequest:
    """The applicant asks for a change (at `now`, by default the present moment); it is submitted
    and routed by the competence rules.

    The same form sent again returns the request its first submission created."""
    _require(actor, "changes.request", intention)
    earlier = once.claim(form_token, actor=actor, model=ChangeRequest)
    if earlier is not None:
        return earlier
    intention = (
        ProjectIntention.objects.select_for_update(of=("self",))
        .select_related("call__agglomeration", "applicant")
        .get(pk=intention.pk)
    )
    if intention.status not in CHANGEABLE:
        raise ValidationError(
            _(
                "A change can be requested after the compliance statement and before the "
                "project is closed; the project intention is now: %(status)s."
            )
            % {"status": intention.get_status_display()},
            code="not_changeable",
        )
    if ChangeRequest.objects.filter(intention=intention, status__in=OPEN_CHANGE).exists():
        raise ValidationError(
            _("An earlier change request of this project is still being decided."),
            code="open_change",
        )
    chosen, stored = validate_change(intention, kinds, proposed, justification)
    routing = routing_for(intention.call.agglomeration_id, chosen)
    change = ChangeRequest.objects.create(
        intention=intention,
        kinds=chosen,
        proposed=stored,
        justification=justification.strip(),
        decider=routing.decider,
        requested_by=actor,
    )
    once.bind(form_token, change)
    change.intention = intention
    record(
        "intentions.change_request.created",
        actor=actor,
        target=change,
        agglomeration_id=intention.call.agglomeration_id,
        after={"kinds": chosen, "proposed": stored, "decider": routing.decider},
        reason=change.justification,
        at=now,
    )
    return CHANGE_REQUEST.step(change, ChangeStatus.SUBMITTED, actor=actor, now=now)


def _lock_change(change: ChangeRequest) -> ChangeRequest:
    return (
        ChangeRequest.objects.select_for_update(of=("self",))
        .select_related("intention__call__agglomeration")
        .get(pk=change.pk)
    )


@transaction.atomic
def decide_change(
    change: ChangeRequest,
    *,
    decision: str,
    reason: str = "",
    actor: Actor,
    now: datetime | None = None,
) -> ChangeRequest:
    """The manager's answer (at `now`, by default the present moment): approve or reject alone
    (when the rules allow), or refer it to the steering committee. The routing is taken from the
    rules as they are now."""
    _require(actor, "changes.decide", change)
    change = _lock_change(change)
    if change.status != ChangeStatus.SUBMITTED:
        raise ValidationError(
            _("This change request is no longer waiting for a decision (it is now: %(status)s).")
            % {"status": change.get_status_display()},
            code="stale",
        )
    if decision not in (ChangeStatus.APPROVED, ChangeStatus.REJECTED, ChangeStatus.WITH_COMMITTEE):
        raise ValidationError({"decision": _("Choose a decision.")})
    routing = routing_for(change.intention.call.agglomeration_id, change.kinds)
    if routing.decider != change.decider:
        change.decider = routing.decider
        change.save(update_fields=["decider"])
    if routing.decider == Decider.COMMITTEE and decision != ChangeStatus.WITH_COMMITTEE:
        raise ValidationError(
            {
                "decision": _(
                    "The competence rules give this change to the steering committee; refer it."
                )
            }
        )
    if decision == ChangeStatus.REJECTED and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the rejection.")})
    change = CHANGE_REQUEST.step(change, decision, actor=actor, reason=reason.strip(), now=now)
    if decision == ChangeStatus.APPROVED:
        apply_approved_change(change, actor=actor, now=now)
    return change


def _require_with_committee(change: ChangeRequest) -> None:
    if change.status != ChangeStatus.WITH_COMMITTEE:
        raise ValidationError(
            _("This change request is not with the steering committee (it is: %(status)s).")
            % {"status": change.get_status_display()},
            code="not_with_committee",
        )


@transaction.atomic
def approve_change(
    change: ChangeRequest,
    *,
    actor: Actor,
    resolution: Resolution | None = None,
    reason: str | Generated = "",
    now: datetime | None = None,
) -> ComplianceStatement:
    """The steering committee's resolution approves a referred request: apply the values and
    issue the change statement (the actor is the one who carries out the resolution; `now` is
    when, by default the present moment)."""
    change = _lock_change(change)
    _require_with_committee(change)
    change = CHANGE_REQUEST.step(change, ChangeStatus.APPROVED, actor=actor, reason=reason, now=now)
    return apply_approved_change(change, actor=actor, resolution=resolution, now=now)


@transaction.atomic
def reject_change(
    change: ChangeRequest, *, actor: Actor, reason: str = "", now: datetime | None = None
) -> ChangeRequest:
    """The steering committee's resolution rejects a referred request (at `now`)."""
    change = _lock_change(change)
    _require_with_committee(change)
    return CHANGE_REQUEST.step(change, ChangeStatus.REJECTED, actor=actor, reason=reason, now=now)


@transaction.atomic
def withdraw_change(
    change: ChangeRequest, *, actor: Actor, reason: str = "", now: datetime | None = None
) -> ChangeRequest:
    """The applicant takes the request back while it waits for the manager (at `now`)."""
    return CHANGE_REQUEST.step(change, ChangeStatus.WITHDRAWN, actor=actor, reason=reason, now=now)


def _snapshot(intention: ProjectIntention, fields: Iterable[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in fields:
        value = getattr(intention, field)
        if field == "name":
            out[field] = dict(value)
        else:
            out[field] = value.isoformat() if isinstance(value, date) else str(value)
    return out


@transaction.atomic
def apply_approved_change(
    change: ChangeRequest,
    *,
    actor: Actor,
    resolution: Resolution | None = None,
    now: datetime | None = None,
) -> ComplianceStatement:
    """Write an approved change's values to the intention and issue its change statement (at
    `now`, by default the present moment)."""
    _require(actor, "intentions.issue_statement", change.intention)
    change = _lock_change(change)
    if change.status != ChangeStatus.APPROVED:
        raise ValidationError(_("Only an approved change request is applied."), code="not_approved")
    if ComplianceStatement.objects.filter(change_request=change).exists():
        raise ValidationError(_("This change is already applied."), code="applied")
    intention = ProjectIntention.objects.select_for_update().get(pk=change.intention_id)
    proposed = change.proposed
    fields = [f for f in (*CHANGE_MONEY_FIELDS, *CHANGE_DATE_FIELDS, "name") if f in proposed]
    before = _snapshot(intention, fields)
    for field in fields:
        value = proposed[field]
        if field in CHANGE_MONEY_FIELDS:
            value = Decimal(value)
        elif field in CHANGE_DATE_FIELDS:
            value = date.fromisoformat(value)
        else:
            value = as_i18n(value)
        setattr(intention, field, value)
    dates_moved = any(field in fields for field in CHANGE_DATE_FIELDS)
    if intention.eligible_cost > intention.total_cost or (
        dates_moved and intention.end_date <= intention.start_date
    ):
        raise ValidationError(
            _("The project changed since the request; the change no longer fits. Reject it."),
            code="conflict",
        )
    intention.revision += 1
    intention.save(update_fields=[*fields, "revision", "updated_at"])
    after = _snapshot(intention, fields)
    new_values = {int(pk): Decimal(v) for pk, v in (proposed.get("indicators") or {}).items()}
    rows = list(IntentionIndicator.objects.filter(intention=intention, pk__in=new_values))
    before["indicators"] = {str(row.pk): str(row.committed_value) for row in rows}
    for row in rows:
        row.committed_value = new_values[row.pk]
    IntentionIndicator.objects.bulk_update(rows, ["committed_value"])
    after["indicators"] = {str(row.pk): str(row.committed_value) for row in rows}
    announce_public_data_change([intention.pk])
    record(
        "intentions.intention.changed",
        actor=actor,
        target=intention,
        agglomeration_id=change.intention.call.agglomeration_id,
        before=before,
        after=after,
        reason=_("Change request no. %(number)s") % {"number": change.pk},
        at=now,
    )
    return issue_statement(
        intention,
        statement_type=StatementType.CHANGE,
        outcome=StatementOutcome.COMPLIANT,
        resolution=resolution,
        change_request=change,
        actor=actor,
        now=now,
    )


@transaction.atomic
def set_competence_rule(
    agglomeration: Agglomeration, *, change_kind: str, decider: str, actor: Actor
) -> CompetenceRule:
    """The manager changes who decides one kind of change in the agglomeration."""
    _require(actor, "changes.decide", agglomeration)
    if change_kind not in ChangeKind.values:
        raise ValidationError({"change_kind": _("Choose a kind of change.")})
    if decider not in Decider.values:
        raise ValidationError({"decider": _("Choose who decides.")})
    ensure_default_competence_rules(agglomeration)
    rule = CompetenceRule.objects.select_for_update().get(
        agglomeration=agglomeration, change_kind=change_kind
    )
    before = {"decider": rule.decider}
    rule.decider = decider
    rule.save(update_fields=["decider"])
    record(
        "intentions.competence_rule.changed",
        actor=actor,
        target=rule,
        agglomeration_id=agglomeration.pk,
        before=before,
        after={"decider": decider},
    )
    return rule


# --- the competence rules ---------------------------------------------------------------------


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
        for kind, decider in rules.DEFAULT_RULES.items()
        if kind not in existing
    ]
    CompetenceRule.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def routing_for(agglomeration_id: int, kinds: Iterable[str]) -> rules.Routing:
    """The routing of these kinds under the agglomeration's rules, creating defaults if needed."""
    kinds = list(kinds)
    deciders = stored_rules(agglomeration_id)
    if any(kind not in deciders for kind in kinds):
        ensure_default_competence_rules(Agglomeration(pk=agglomeration_id))
        deciders = stored_rules(agglomeration_id)
    return rules.decide_routing(deciders, kinds)


def route_change(change: ChangeRequest) -> Decider:
    """Who decides this change request under the current rules of its agglomeration."""
    routing = routing_for(change.intention.call.agglomeration_id, change.kinds)
    return Decider(routing.decider)
