"""The workflow engine refuses a malformed declaration and a step in nobody's name."""

from __future__ import annotations

from typing import Any

import pytest

from aglomera.calls.models import Call, CallStatus
from aglomera.calls.transitions import CALL
from aglomera.core.transitions import WORKFLOWS, TransitionNotAllowed, Workflow
from aglomera.intentions.tests.builders import PipelineWorld

S = CallStatus


def declare(name: str, **rules: Any) -> Workflow[Call, CallStatus]:
    fields: dict[str, Any] = {
        "name": name,
        "model": Call,
        "statuses": CallStatus,
        "table": {(S.PLANNED, S.ANNOUNCED): "calls.announce"},
        "agglomeration_id": lambda call: call.agglomeration_id,
    }
    return Workflow(**(fields | rules))


@pytest.mark.parametrize(
    ("name", "rules", "message"),
    [
        ("calls.call", {}, "two workflows are named calls.call"),
        ("test.bad_step", {"table": {(S.PLANNED, "launched"): "calls.announce"}}, "not a step"),
        ("test.bad_rule", {"guards": {"launched": []}}, "keyed by a status"),
        ("test.no_stale", {"revision_field": "revision"}, "needs a stale check"),
        ("test.no_field", {"stale": lambda obj, expected: None}, "needs a stale check"),
    ],
)
def test_a_malformed_workflow_is_refused_and_not_registered(
    name: str, rules: dict[str, Any], message: str
) -> None:
    before = dict(WORKFLOWS)
    with pytest.raises(TypeError, match=message):
        declare(name, **rules)
    assert before == WORKFLOWS


@pytest.mark.django_db
def test_no_step_is_taken_in_nobodys_name_unless_it_is_a_system_step() -> None:
    world = PipelineWorld.create()
    with pytest.raises(TransitionNotAllowed):
        CALL.step(world.call, S.CLOSED, actor=None)
    with pytest.raises(TransitionNotAllowed):
        CALL.step(world.call, S.CLOSED, actor=None, system=True)
    world.call.refresh_from_db()
    assert world.call.status == S.ANNOUNCED
