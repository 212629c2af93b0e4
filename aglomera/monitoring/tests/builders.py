"""Builders of monitoring data for tests (the pipeline world is in
aglomera/intentions/tests/builders.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from aglomera.agglomerations.models import Agglomeration
from aglomera.monitoring.models import Operation

OUTSIDE_ITI = "CZ.06.02.01/00/22_012/0009999"


def operation_outside_iti(
    agglomeration: Agglomeration,
    *,
    eligible_cost: Decimal = Decimal("1000000.00"),
    eu_contribution: Decimal = Decimal("700000.00"),
    total_cost: Decimal | None = Decimal("1000000.00"),
    **fields: Any,
) -> Operation:
    """An operation of the managing authority's list that no intention of the strategy matches
    (number OUTSIDE_ITI, beneficiary "Obec Bystročice"); `fields` are further model fields."""
    return Operation.objects.create(
        agglomeration=agglomeration,
        registration_number=OUTSIDE_ITI,
        name="Projekt mimo ITI",
        beneficiary="Obec Bystročice",
        currency="CZK",
        total_cost=total_cost,
        eligible_cost=eligible_cost,
        eu_contribution=eu_contribution,
        **fields,
    )
