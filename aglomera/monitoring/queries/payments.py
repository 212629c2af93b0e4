"""The read side of payment forecasts: a project's forecast schedule and its total."""

from __future__ import annotations

from decimal import Decimal

from aglomera.intentions.models import ProjectIntention
from aglomera.monitoring.models import Payment, PaymentKind


def list_forecast(intention: ProjectIntention) -> list[Payment]:
    return list(
        Payment.objects.filter(intention=intention, kind=PaymentKind.FORECAST).order_by("on")
    )


def forecast_total(payments: list[Payment]) -> Decimal:
    return sum((p.amount for p in payments), Decimal("0.00"))
