"""Two coordinators acting on the same intention at the same moment, on PostgreSQL: one wins,
the other is told why, and nothing is lost or doubled.

These tests use real connections and row locks, so they run only on PostgreSQL (`make test-pg`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection

from aglomera.accounts.models import Role
from aglomera.core.models import StatusChange
from aglomera.intentions.actions import evaluation as actions
from aglomera.intentions.actions.evaluation import CheckAnswer
from aglomera.intentions.models import IntentionStatus, ProjectIntention, ReturnComment
from aglomera.intentions.tests.builders import PipelineWorld

S = IntentionStatus

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


def _ready_to_pass() -> tuple[PipelineWorld, ProjectIntention]:
    world = PipelineWorld.create()
    intention = world.intention(status=S.SUBMITTED)
    actions.record_formal_check(
        intention,
        {item.pk: CheckAnswer(True) for item in world.checklist},
        actor=world.users[Role.COORDINATOR],
    )
    return world, intention


def _steps(intention: ProjectIntention) -> list[tuple[str, str]]:
    return list(
        StatusChange.objects.filter(
            content_type=ContentType.objects.get_for_model(ProjectIntention),
            object_id=intention.pk,
        ).values_list("old_status", "new_status")
    )


@pytest.mark.parametrize("with_revision", [True, False], ids=["page-revision", "no-revision"])
def test_one_returns_and_one_passes_at_once_and_exactly_one_wins(with_revision: bool) -> None:
    # Given a submitted intention with a complete checklist, open on two coordinators' screens
    world, intention = _ready_to_pass()
    seen = intention.revision if with_revision else None
    manager, coordinator = world.users[Role.MANAGER], world.users[Role.COORDINATOR]
    # When one returns it and the other passes it at the same moment
    results = race(
        lambda: actions.return_intention(
            intention, "Attach the budget.", actor=manager, expected_revision=seen
        ),
        lambda: actions.pass_formal_check(intention, actor=coordinator, expected_revision=seen),
    )
    # Then exactly one step happened and the other person got a clear refusal
    winners = [r for r in results if isinstance(r, ProjectIntention)]
    losers = [r for r in results if isinstance(r, ValidationError)]
    assert (len(winners), len(losers)) == (1, 1), results
    assert losers[0].error_list[0].code == ("stale" if with_revision else "wrong_status")
    stored = ProjectIntention.objects.get(pk=intention.pk)
    assert stored.status == winners[0].status
    assert stored.revision == intention.revision + 1
    assert _steps(intention) == [(S.DRAFT, S.SUBMITTED), (S.SUBMITTED, stored.status)]
    # And a return comment exists only if the return won
    assert ReturnComment.objects.filter(intention=intention).count() == int(
        stored.status == S.RETURNED
    )


def test_two_coordinators_passing_at_once_pass_it_once() -> None:
    world, intention = _ready_to_pass()
    manager, coordinator = world.users[Role.MANAGER], world.users[Role.COORDINATOR]
    results = race(
        lambda: actions.pass_formal_check(
            intention, actor=manager, expected_revision=intention.revision
        ),
        lambda: actions.pass_formal_check(
            intention, actor=coordinator, expected_revision=intention.revision
        ),
    )
    assert sum(isinstance(r, ProjectIntention) for r in results) == 1
    [refusal] = [r for r in results if isinstance(r, ValidationError)]
    assert refusal.error_list[0].code == "stale"  # "Someone else acted on this intention ..."
    assert _steps(intention) == [
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.FORMAL_CHECK_PASSED),
    ]
