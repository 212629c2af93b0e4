from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Sum

from aglomera.accounts.models import Membership, Role
from aglomera.core.money import to_eur
from aglomera.strategy.models import (
    FinancialPlanLine,
    IndicatorCode,
    IndicatorCodeSource,
    Source,
    Strategy,
    VersionStatus,
)
from aglomera.strategy.queries import diff_versions, rates_on


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"accounts", "agglomerations", "strategy", "core"}
    }


@pytest.mark.django_db
def test_load_demo_is_complete_and_idempotent() -> None:
    out = StringIO()
    call_command("load_demo", stdout=out)
    first = _row_counts()
    assert "olomouc-manager" in out.getvalue()
    assert "demo12345" in out.getvalue()

    second_out = StringIO()
    call_command("load_demo", stdout=second_out)
    assert _row_counts() == first
    assert "nothing changed" in second_out.getvalue()

    # every role has a demo user in both agglomerations
    for slug in ("olomouc", "opole"):
        for role in Role:
            username = f"{slug}-{role.value}".replace("_", "-")
            assert Membership.objects.filter(
                user__username=username, agglomeration__slug=slug, role=role
            ).exists(), username

    # the published IROP 2021-2027 allocation is reproduced to the cent
    olomouc_2021 = Strategy.objects.get(agglomeration__slug="olomouc", period="2021-2027")
    irop_eu = FinancialPlanLine.objects.filter(
        version=olomouc_2021.current_version,
        specific_objective__programme__code="IROP",
        source=Source.EU,
    ).aggregate(total=Sum("amount"))["total"]
    assert irop_eu == Decimal("2016099590.00")
    assert olomouc_2021.versions.filter(status=VersionStatus.DRAFT).count() == 1

    # 2014-2020: version 1 and the real strategy change No. 7, both approved
    olomouc_2014 = Strategy.objects.get(agglomeration__slug="olomouc", period="2014-2020")
    approved = list(olomouc_2014.versions.filter(status=VersionStatus.APPROVED).order_by("number"))
    assert [v.number for v in approved] == [1, 2]
    assert olomouc_2014.current_version == approved[1]
    diff = diff_versions(approved[0], approved[1])
    deltas = {change.measure_code: change.delta for change in diff.money}
    assert deltas == {
        "1.1.1": Decimal("-24994324.00"),
        "1.1.2": Decimal("26182340.00"),
        "1.1.4": Decimal("-1188016.00"),
    }

    # Opole: planned in PLN, the EU lines reproduce the published EUR total at the stated rate
    opole = Strategy.objects.get(agglomeration__slug="opole", period="2021-2027")
    rates = rates_on(opole.agglomeration_id, date(2024, 1, 15))
    assert rates["PLN"].units_per_eur == Decimal("4.3372")
    eur = sum(
        to_eur(line.amount, rates["PLN"].units_per_eur)
        for line in FinancialPlanLine.objects.filter(
            version=opole.current_version, source=Source.EU
        )
    )
    assert eur == Decimal("88718560.00")

    # the EU code list came with the migration
    assert IndicatorCode.objects.filter(source=IndicatorCodeSource.EU, code="RCO74").exists()
