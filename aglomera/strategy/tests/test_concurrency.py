"""Two people acting at the same moment on PostgreSQL: one wins, the other is told why.

These tests use real connections and row locks, so they run only on PostgreSQL (`make test-pg`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from aglomera.accounts.models import Role, User
from aglomera.agglomerations.models import Agglomeration
from aglomera.strategy import actions
from aglomera.strategy.models import (
    FinancialPlanLine,
    Measure,
    Source,
    StrategyVersion,
    VersionStatus,
)
from aglomera.strategy.tests.builders import (
    Programmes,
    StrategyBuilder,
    make_olomouc,
    make_programmes,
    make_user,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def race(*jobs: Callable[[], Any]) -> list[Any]:
    """Run the jobs at the same moment in threads (own DB connections); return result or error."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = job()
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def _approved_strategy() -> tuple[Agglomeration, User, User, Programmes, Any]:
    olomouc = make_olomouc()
    alice = make_user("alice", (olomouc, Role.MANAGER))
    bob = make_user("bob", (olomouc, Role.COORDINATOR))
    programmes = make_programmes()
    strategy = (
        StrategyBuilder(olomouc, alice)
        .with_goal("1", "Mobilita")
        .with_specific_goal("1.1", "Doprava")
        .with_measure("1.1.1", "Tramvaje", objectives=[programmes.irop_mobility])
        .with_measure("1.1.2", "Terminály", objectives=[programmes.irop_mobility])
        .with_plan("1.1.1", programmes.irop_mobility, eu="1000000.00")
        .approved()
        .build()
    )
    return olomouc, alice, bob, programmes, strategy


def test_two_people_opening_an_amendment_at_once_get_one_draft() -> None:
    # Given an approved strategy
    _olomouc, alice, bob, _programmes, strategy = _approved_strategy()
    # When the manager and the coordinator both start an amendment at the same moment
    results = race(
        lambda: actions.start_amendment(strategy, "Alice's change", actor=alice),
        lambda: actions.start_amendment(strategy, "Bob's change", actor=bob),
    )
    # Then exactly one draft exists and the other person got a clear refusal
    drafts = StrategyVersion.objects.filter(strategy=strategy, status=VersionStatus.DRAFT)
    assert drafts.count() == 1
    errors = [r for r in results if isinstance(r, ValidationError)]
    assert len(errors) == 1
    assert errors[0].error_list[0].code == "amendment_open"


def test_two_edits_from_the_same_revision_keep_one_and_refuse_the_other() -> None:
    # Given a draft amendment both editors loaded at the same revision
    _olomouc, alice, bob, programmes, strategy = _approved_strategy()
    draft = actions.start_amendment(strategy, "Top up", actor=alice)
    measure = Measure.objects.get(version=draft, code="1.1.1")
    seen = StrategyVersion.objects.get(pk=draft.pk).revision

    def save(actor: User, amount: str) -> FinancialPlanLine:
        return actions.set_plan_amount(
            draft,
            measure=measure,
            specific_objective=programmes.irop_mobility,
            source=Source.EU,
            amount=Decimal(amount),
            currency="CZK",
            actor=actor,
            expected_revision=seen,
        )

    # When both save at the same moment
    results = race(lambda: save(alice, "1100000.00"), lambda: save(bob, "1200000.00"))
    # Then one value is stored, the other editor is told someone else changed the draft
    stale = [r for r in results if isinstance(r, actions.StaleEdit)]
    saved = [r for r in results if isinstance(r, FinancialPlanLine)]
    assert (len(stale), len(saved)) == (1, 1)
    line = FinancialPlanLine.objects.get(version=draft, measure=measure, source=Source.EU)
    assert line.amount == saved[0].amount
    assert StrategyVersion.objects.get(pk=draft.pk).revision == seen + 1


def test_two_moves_of_the_same_money_never_overdraw_a_line() -> None:
    # Given 1,000,000 on measure 1.1.1 in a draft
    _olomouc, alice, bob, _programmes, strategy = _approved_strategy()
    draft = actions.start_amendment(strategy, "Moves", actor=alice)
    source_line = FinancialPlanLine.objects.get(version=draft, measure__code="1.1.1")
    target = Measure.objects.get(version=draft, code="1.1.2")

    def move(actor: User) -> FinancialPlanLine:
        return actions.move_allocation(
            draft,
            from_line=source_line,
            to_measure=target,
            amount=Decimal("700000.00"),
            actor=actor,
        )

    # When two people move 700,000 each at the same moment (no revision check)
    results = race(lambda: move(alice), lambda: move(bob))
    # Then only one move happens; the money is neither lost nor doubled
    assert sum(isinstance(r, FinancialPlanLine) for r in results) == 1
    assert sum(isinstance(r, ValidationError) for r in results) == 1
    lines = FinancialPlanLine.objects.filter(version=draft, source=Source.EU)
    assert {line.measure.code: line.amount for line in lines} == {
        "1.1.1": Decimal("300000.00"),
        "1.1.2": Decimal("700000.00"),
    }
