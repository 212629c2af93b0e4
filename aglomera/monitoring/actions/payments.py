"""Payment forecasts of a project: the schedule of expected EU payments that early warning reads.

`set_payment_forecast` replaces the whole forecast schedule of an intention (rows of kind
"forecast"); paid and certified rows are left alone. Staff of the agglomeration (manager,
coordinator) or the project's own applicant enter it. Errors are keyed by the form field `rows`
and name the line.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from aglomera.core import amounts
from aglomera.core.actors import Actor
from aglomera.core.amounts import format_amount
from aglomera.core.audit import record
from aglomera.core.money import CENT, ZERO
from aglomera.intentions.models import IntentionStatus, ProjectIntention
from aglomera.monitoring.models import Payment, PaymentKind
from aglomera.strategy.rules import MAX_AMOUNT

S = IntentionStatus

# A schedule makes sense once the project is endorsed, until it is financially closed.
FORECASTABLE = (
    S.COMPLIANT,
    S.STATEMENT_ISSUED,
    S.APPLICATION_FILED,
    S.LEGAL_ACT,
    S.IN_IMPLEMENTATION,
    S.PHYSICALLY_COMPLETED,
)
FORECAST_PERMS = ("monitoring.approve_progress", "monitoring.report_progress")

Rows = Sequence[tuple[Any, Any]]


def may_forecast(actor: Actor, intention: ProjectIntention) -> bool:
    """Staff of the agglomeration, or the applicant for its own organisation's project."""
    return any(actor.has_perm(perm, intention) for perm in FORECAST_PERMS)


def _amount(raw: Any) -> Decimal:
    try:
        # typed text in the user's language (9 200 000,50 in Czech), or a Decimal
        value = raw if isinstance(raw, Decimal) else amounts.parse_amount_leniently(raw)
    except ValueError:
        value = None
    if value is None or not value.is_finite():
        raise ValidationError(
            _("enter an amount, for example %(example)s")
            % {"example": amounts.format_amount(amounts.EXAMPLE)}
        )
    if value < 0:
        raise ValidationError(_("the amount cannot be negative"))
    if value != value.quantize(CENT):
        raise ValidationError(_("use whole cents"))
    if value >= MAX_AMOUNT:
        raise ValidationError(_("the amount is too large"))
    return value.quantize(CENT)


def clean_rows(rows: Rows, support: Decimal, currency: str) -> list[tuple[date, Decimal]]:
    """Dates and amounts checked line by line; the total may not exceed the EU support."""
    errors: list[str] = []
    cleaned: list[tuple[date, Decimal]] = []
    seen: set[date] = set()
    for line, (day, raw) in enumerate(rows, start=1):
        if not isinstance(day, date):
            errors.append(_("Line %(line)s: enter a date.") % {"line": line})
            continue
        if day in seen:
            errors.append(
                _("Line %(line)s: the date %(day)s is already in the schedule.")
                % {"line": line, "day": date_format(day, "SHORT_DATE_FORMAT")}
            )
            continue
        seen.add(day)
        try:
            cleaned.append((day, _amount(raw)))
        except ValidationError as exc:
            errors.append(
                _("Line %(line)s: %(message)s.") % {"line": line, "message": exc.messages[0]}
            )
    total = sum((amount for _day, amount in cleaned), ZERO)
    if not errors and total > support:
        errors.append(
            _(
                "The forecast payments add up to %(total)s %(currency)s, more than the project's EU "
                "support of %(support)s %(currency)s."
            )
            % {
                "total": format_amount(total),
                "support": format_amount(support),
                "currency": currency,
            }
        )
    if errors:
        raise ValidationError({"rows": errors})
    return sorted(cleaned)


@transaction.atomic
def set_payment_forecast(intention: ProjectIntention, rows: Rows, *, actor: Actor) -> list[Payment]:
    """Replace the project's forecast schedule with `rows` of (date, amount); [] clears it."""
    if not may_forecast(actor, intention):
        raise PermissionDenied
    locked = (
        ProjectIntention.objects.select_for_update()
        .select_related("call__specific_objective__programme")
        .get(pk=intention.pk)
    )
    if locked.status not in FORECASTABLE:
        raise ValidationError(
            _(
                "Payments can be forecast from the steering committee's endorsement until the "
                "project is financially closed; it is now: %(status)s."
            )
            % {"status": locked.get_status_display()},
            code="not_forecastable",
        )
    cleaned = clean_rows(rows, locked.requested_eu, locked.call.currency)
    existing = Payment.objects.filter(intention=locked, kind=PaymentKind.FORECAST)
    before = [(p.on.isoformat(), str(p.amount)) for p in existing.order_by("on")]
    existing.delete()
    payments = Payment.objects.bulk_create(
        Payment(intention=locked, kind=PaymentKind.FORECAST, on=day, amount=amount)
        for day, amount in cleaned
    )
    record(
        "monitoring.payment_forecast.set",
        actor=actor,
        target=locked,
        agglomeration_id=locked.call.agglomeration_id,
        before={"forecast": before},
        after={"forecast": [(day.isoformat(), str(amount)) for day, amount in cleaned]},
    )
    return payments
