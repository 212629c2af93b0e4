"""Shared pieces of the call tests: a world with a planned call, and valid form input."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.test import Client

from aglomera.accounts.models import Role, User
from aglomera.agglomerations.models import Municipality, MunicipalityKind
from aglomera.calls import actions
from aglomera.calls.models import Call
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.strategy.tests.builders import make_opole, make_user

# A planned call for the next season (the world's announced call runs March-May 2025).
NEXT_OPENS = datetime(2025, 9, 1, 6, 0, tzinfo=UTC)  # 8:00 in Prague (CEST)
NEXT_DEADLINE = datetime(2025, 11, 28, 11, 0, tzinfo=UTC)  # 12:00 in Prague (CET)


def municipalities(world: PipelineWorld) -> list[Municipality]:
    return [
        Municipality.objects.get_or_create(
            agglomeration=world.agglomeration,
            code=code,
            defaults={"name": name, "kind": MunicipalityKind.CITY},
        )[0]
        for code, name in (("500496", "Olomouc"), ("511382", "Přerov"))
    ]


def fields(world: PipelineWorld, **overrides: Any) -> actions.CallFields:
    values: dict[str, Any] = {
        "strategy": world.strategy,
        "number": "7",
        "name": {"cs": "Mateřské školy II", "en": "Kindergartens II"},
        "measure_code": "2.1.1",
        "specific_objective": world.objective,
        "allocation": Decimal("25000000.00"),
        "opens_at": NEXT_OPENS,
        "closes_at": NEXT_DEADLINE,
        "aid_rate": Decimal("85"),
    }
    values.update(overrides)
    return actions.CallFields(**values)


def planned_call(world: PipelineWorld, **overrides: Any) -> Call:
    return actions.create_call(
        world.agglomeration, fields(world, **overrides), actor=world.users[Role.MANAGER]
    )


def form_data(world: PipelineWorld, **overrides: str | list[str]) -> dict[str, Any]:
    """What a manager types on the call form (times in the agglomeration's time zone)."""
    data: dict[str, Any] = {
        "strategy": str(world.strategy.pk),
        "schedule": "",
        "number": "7",
        "name_cs": "Mateřské školy II",
        "name_pl": "",
        "name_en": "Kindergartens II",
        "mode": "office",
        "measure_code": "2.1.1",
        "specific_objective": str(world.objective.pk),
        "allocation": "25000000.00",
        "opens_at": "2025-09-01T08:00",
        "closes_at": "2025-11-28T12:00",
        "eligible_applicants_cs": "Obce",
        "supported_activities_cs": "Stavby",
        "min_eligible_cost": "1000000",
        "max_eligible_cost": "20000000",
        "aid_rate": "85",
        "managing_authority_call": "IROP 51",
    }
    data.update(overrides)
    return data


def outsider() -> User:
    """The manager of Opole, with no role in Olomouc."""
    return make_user("opole-outsider", (make_opole(), Role.MANAGER))


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
