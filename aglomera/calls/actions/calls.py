"""Planned calls: creating and editing them, and their workflow (announce, close, cancel).

Status changes go through `aglomera.calls.transitions.CALL`; the guards that need more than a
role (criteria before announcing, the deadline before closing) are declared there, beside the
table, and judged at an injectable `now`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aglomera.accounts.permissions import require_perm as _require
from aglomera.agglomerations.models import Agglomeration, Municipality
from aglomera.calls import transitions
from aglomera.calls.models import Call, CallMode, CallSchedule, CallStatus
from aglomera.core import once
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.core.i18n import I18nText, as_i18n
from aglomera.core.money import MONEY_DIGITS, MONEY_PLACES
from aglomera.core.unique import Unique, unique_errors
from aglomera.strategy.eligibility import call_window_errors
from aglomera.strategy.models import Measure, OfficeRoleKind, SpecificObjective, Strategy
from aglomera.strategy.queries import office_role_for

MAX_AID_RATE = Decimal("100")


def clean_text(value: Any) -> I18nText:
    """Per-language text with surrounding blanks removed and empty languages dropped."""
    return I18nText({code: text.strip() for code, text in as_i18n(value).items() if text.strip()})


def money_error(value: Decimal | None) -> str | None:
    """Why an amount is not acceptable, or None: not negative, to the cent, storable."""
    if value is None:
        return None
    if not value.is_finite():
        return _("Enter a number.")
    if value < 0:
        return _("The amount cannot be negative.")
    exponent = value.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if places > MONEY_PLACES:
        return _("Enter the amount to the cent (at most two decimal places).")
    if value >= Decimal(10) ** (MONEY_DIGITS - MONEY_PLACES):
        return _("The amount is too large.")
    return None


# ---- planned calls ---------------------------------------------------------------------------


@dataclass
class CallFields:
    """What a manager or coordinator types for a call; the same names as the form fields."""

    strategy: Strategy
    number: str
    name: I18nText | dict[str, str]
    measure_code: str
    specific_objective: SpecificObjective
    allocation: Decimal
    opens_at: datetime
    closes_at: datetime
    aid_rate: Decimal
    mode: str = "office"
    schedule: CallSchedule | None = None
    eligible_applicants: I18nText | dict[str, str] | None = None
    supported_activities: I18nText | dict[str, str] | None = None
    min_eligible_cost: Decimal | None = None
    max_eligible_cost: Decimal | None = None
    territory: Iterable[Municipality] = field(default_factory=list)
    managing_authority_call: str = ""


SCALAR_FIELDS = (
    "strategy_id",
    "schedule_id",
    "number",
    "name",
    "mode",
    "measure_code",
    "specific_objective_id",
    "allocation",
    "opens_at",
    "closes_at",
    "eligible_applicants",
    "supported_activities",
    "min_eligible_cost",
    "max_eligible_cost",
    "aid_rate",
    "managing_authority_call",
)


def _validate_measure(errors: dict[str, str], data: CallFields, agglomeration_id: int) -> None:
    strategy = data.strategy
    if strategy.agglomeration_id != agglomeration_id:
        errors["strategy"] = _("Choose a strategy of this agglomeration.")
        return
    if strategy.current_version_id is None:
        errors["strategy"] = _("The strategy has no approved version yet.")
        return
    measure = (
        Measure.objects.filter(version_id=strategy.current_version_id, code=data.measure_code)
        .prefetch_related("specific_objectives")
        .first()
    )
    if measure is None:
        errors["measure_code"] = _(
            "There is no measure %(code)s in the current version of the strategy."
        ) % {"code": data.measure_code}
    objective = data.specific_objective
    if objective.programme.period != strategy.period:
        errors["specific_objective"] = _(
            "This programme specific objective belongs to another programming period "
            "than the strategy (%(period)s)."
        ) % {"period": strategy.get_period_display()}
    elif measure is not None and objective not in measure.specific_objectives.all():
        errors["specific_objective"] = _(
            "Measure %(code)s does not draw on this programme specific objective."
        ) % {"code": measure.code}


def _validate_office_role(errors: dict[str, str], data: CallFields, agglomeration_id: int) -> None:
    """The office's configured role in the programme action decides which calls it may run."""
    if "specific_objective" in errors or data.specific_objective is None:
        return
    role = office_role_for(agglomeration_id, data.specific_objective.pk)
    if role == OfficeRoleKind.MONITORS:
        errors["specific_objective"] = _(
            "The office only monitors this programme action; it runs no calls in it."
        )
    elif role == OfficeRoleKind.ASSESSES_CONSISTENCY and data.mode != CallMode.MANAGING_AUTHORITY:
        errors["mode"] = _(
            "In this programme action the managing authority runs the calls and the office "
            "assesses consistency: choose the managing authority's call."
        )


def _validate_call(data: CallFields, agglomeration_id: int, call_pk: int | None, zone: str) -> None:
    errors: dict[str, str] = {}
    data.number = data.number.strip()
    data.measure_code = data.measure_code.strip()
    data.managing_authority_call = data.managing_authority_call.strip()
    if not data.number:
        errors["number"] = _("Enter the call number.")
    elif (
        Call.objects.filter(strategy=data.strategy, number=data.number)
        .exclude(pk__in=[call_pk] if call_pk else [])
        .exists()
    ):
        errors["number"] = _number_taken(data.number)
    if not clean_text(data.name):
        errors["name"] = _("Fill in the text in at least one language.")
    _validate_measure(errors, data, agglomeration_id)
    _validate_office_role(errors, data, agglomeration_id)
    for name in ("allocation", "min_eligible_cost", "max_eligible_cost"):
        message = money_error(getattr(data, name))
        if message:
            errors[name] = message
    low, high = data.min_eligible_cost, data.max_eligible_cost
    both_valid = "min_eligible_cost" not in errors and "max_eligible_cost" not in errors
    if both_valid and low is not None and high is not None and low > high:
        errors["max_eligible_cost"] = _(
            "The maximum eligible cost must not be lower than the minimum."
        )
    if not Decimal(0) <= data.aid_rate <= MAX_AID_RATE:
        errors["aid_rate"] = _("The aid rate is a percentage between 0 and 100.")
    _validate_dates(errors, data, zone)
    if data.schedule is not None and data.schedule.agglomeration_id != agglomeration_id:
        errors["schedule"] = _("Choose a call schedule of this agglomeration.")
    if any(m.agglomeration_id != agglomeration_id for m in data.territory):
        errors["territory"] = _("Choose member municipalities of this agglomeration.")
    if errors:
        raise ValidationError(errors)


def _validate_dates(errors: dict[str, str], data: CallFields, zone: str) -> None:
    if data.closes_at <= data.opens_at:
        errors["closes_at"] = _("The deadline must be after the opening.")
    if "strategy" not in errors:
        window = call_window_errors(data.strategy.period, data.opens_at, data.closes_at, zone)
        for name, message in window.items():
            errors.setdefault(name, message)


def _number_taken(number: str) -> str:
    return _("The strategy already has a call numbered %(number)s.") % {"number": number}


def _save_call(call: Call) -> None:
    """Save; a number taken at the same moment by another request is a form error too."""
    with unique_errors(Unique(Call, "call_number_unique", "number", _number_taken(call.number))):
        call.save()


def _snapshot(call: Call) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(call, name) for name in SCALAR_FIELDS}
    values["name"] = dict(call.name)
    values["eligible_applicants"] = dict(call.eligible_applicants)
    values["supported_activities"] = dict(call.supported_activities)
    return values


def _apply(call: Call, data: CallFields) -> None:
    call.strategy = data.strategy
    call.schedule = data.schedule
    call.number = data.number
    call.name = clean_text(data.name)
    call.mode = data.mode
    call.measure_code = data.measure_code
    call.specific_objective = data.specific_objective
    call.allocation = data.allocation
    call.opens_at = data.opens_at
    call.closes_at = data.closes_at
    call.eligible_applicants = clean_text(data.eligible_applicants)
    call.supported_activities = clean_text(data.supported_activities)
    call.min_eligible_cost = data.min_eligible_cost
    call.max_eligible_cost = data.max_eligible_cost
    call.aid_rate = data.aid_rate
    call.managing_authority_call = data.managing_authority_call


@transaction.atomic
def create_call(
    agglomeration: Agglomeration,
    data: CallFields,
    *,
    actor: Actor,
    form_token: UUID | None = None,
) -> Call:
    """A new planned call; it is announced later through the workflow."""
    _require(actor, "calls.manage", agglomeration)
    earlier = once.claim(form_token, actor=actor, model=Call)
    if earlier is not None:
        return earlier
    _validate_call(data, agglomeration.pk, None, agglomeration.time_zone)
    call = Call(agglomeration=agglomeration, status=CallStatus.PLANNED)
    _apply(call, data)
    _save_call(call)
    once.bind(form_token, call)
    territory = list(data.territory)
    call.territory.set(territory)
    after = _snapshot(call) | {"territory": sorted(m.pk for m in territory)}
    record(
        "calls.call.created",
        actor=actor,
        target=call,
        agglomeration_id=agglomeration.pk,
        after=after,
    )
    return call


def lock_planned(call: Call) -> Call:
    locked = Call.objects.select_for_update().get(pk=call.pk)
    if locked.status != CallStatus.PLANNED:
        raise ValidationError(
            _(
                "This call is %(status)s: only a planned call can be edited. An announced call "
                "changes only through a modification."
            )
            % {"status": locked.get_status_display()},
            code="not_planned",
        )
    return locked


@transaction.atomic
def update_call(call: Call, data: CallFields, *, actor: Actor) -> Call:
    _require(actor, "calls.manage", call)
    locked = lock_planned(call)
    _validate_call(data, locked.agglomeration_id, locked.pk, locked.agglomeration.time_zone)
    before = _snapshot(locked) | {
        "territory": sorted(locked.territory.values_list("pk", flat=True))
    }
    _apply(locked, data)
    _save_call(locked)
    territory = list(data.territory)
    locked.territory.set(territory)
    after = _snapshot(locked) | {"territory": sorted(m.pk for m in territory)}
    changed = {key for key in after if before[key] != after[key]}
    record(
        "calls.call.updated",
        actor=actor,
        target=locked,
        agglomeration_id=locked.agglomeration_id,
        before={key: before[key] for key in sorted(changed)},
        after={key: after[key] for key in sorted(changed)},
    )
    return locked


# ---- the workflow: announce, close, cancel ----------------------------------------------------


@transaction.atomic
def change_call_status(
    call: Call, to: str, *, actor: Actor, reason: str = "", now: datetime | None = None
) -> Call:
    """Announce, close or cancel a call: role from the table, then the guards, then the step."""
    locked = Call.objects.select_for_update().select_related("agglomeration").get(pk=call.pk)
    perm = transitions.CALL.permission(locked.status, to)
    if perm is None:
        raise ValidationError(
            _("The call is %(status)s; this step is not possible now.")
            % {"status": locked.get_status_display()},
            code="not_allowed",
        )
    _require(actor, perm, locked)
    return transitions.CALL.step(locked, to, actor=actor, reason=reason.strip(), now=now)
