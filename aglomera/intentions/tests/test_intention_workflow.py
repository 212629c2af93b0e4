"""Every step of the intention workflow for every role: allowed exactly when the role holds the
step's permission (the applicant only for their own organisation), refused steps change nothing,
and steps outside the table are refused for everyone."""

from __future__ import annotations

import copy

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from aglomera.accounts.models import Role, User
from aglomera.accounts.permissions import ROLE_PERMISSIONS
from aglomera.core.models import StatusChange
from aglomera.core.transitions import TransitionNotAllowed
from aglomera.intentions import transitions
from aglomera.intentions.models import IntentionStatus, ProjectIntention
from aglomera.intentions.tests.builders import DURING, PipelineWorld

pytestmark = pytest.mark.django_db

PAIRS = sorted(transitions.TRANSITIONS)


@pytest.fixture
def world(db: None, pipeline_world: PipelineWorld) -> PipelineWorld:
    return copy.deepcopy(pipeline_world)


def _changes(intention: ProjectIntention) -> list[StatusChange]:
    return list(
        StatusChange.objects.filter(
            content_type=ContentType.objects.get_for_model(ProjectIntention),
            object_id=intention.pk,
        ).order_by("id")
    )


def _actors(world: PipelineWorld) -> dict[str, tuple[User, Role]]:
    actors = {role.value: (world.users[role], role) for role in Role}
    actors["other_applicant"] = (world.other_applicant, Role.APPLICANT)
    return actors


def _may(role: Role, name: str, perm: str) -> bool:
    return role in ROLE_PERMISSIONS[perm] and name != "other_applicant"


@pytest.mark.parametrize(("old", "new"), PAIRS, ids=[f"{o}->{n}" for o, n in PAIRS])
def test_each_step_is_allowed_exactly_for_the_roles_holding_its_permission(
    world: PipelineWorld, old: IntentionStatus, new: IntentionStatus
) -> None:
    # Given an intention of the applicant's organisation at `old`, tried by each actor in a
    # savepoint of its own (rolled back after each, so every actor finds it at `old`)
    perm = transitions.TRANSITIONS[(old, new)]
    walked = world.intention(status=old)
    for name, (actor, role) in _actors(world).items():
        with transaction.atomic():
            intention = ProjectIntention.objects.get(pk=walked.pk)
            before = _changes(intention)
            # When the actor takes the step
            if _may(role, name, perm):
                moved = transitions.INTENTION.step(
                    intention, new, actor=actor, reason=f"by {name}", now=DURING
                )
                # Then it moves, and the step is recorded with who, from, to and why
                assert moved.status == new, name
                assert (
                    ProjectIntention.objects.get(pk=intention.pk).revision == intention.revision + 1
                )
                change = _changes(intention)[-1]
                assert len(_changes(intention)) == len(before) + 1
                assert (change.actor, change.old_status, change.new_status, change.reason) == (
                    actor,
                    old,
                    new,
                    f"by {name}",
                )
                assert change.workflow == transitions.INTENTION.name == "intentions.intention"
            else:
                # Otherwise it is refused and nothing changes
                with pytest.raises(TransitionNotAllowed):
                    transitions.INTENTION.step(intention, new, actor=actor, reason="x", now=DURING)
                stored = ProjectIntention.objects.get(pk=intention.pk)
                assert (stored.status, stored.revision) == (old, intention.revision), name
                assert _changes(intention) == before, name
            transaction.set_rollback(True)


def test_every_permission_of_the_table_exists_in_the_permission_layer() -> None:
    # The table's permissions all exist in the permission layer (a typo would refuse everyone)
    assert {perm for perm in transitions.TRANSITIONS.values()} <= set(ROLE_PERMISSIONS)


@pytest.mark.parametrize("old", sorted(IntentionStatus.values))
def test_steps_outside_the_table_are_refused_for_everyone(world: PipelineWorld, old: str) -> None:
    # Given an intention at `old`
    intention = world.intention(status=old)
    before = _changes(intention)
    missing = [new for new in IntentionStatus.values if (old, new) not in transitions.TRANSITIONS]
    assert missing
    for name, (actor, _role) in _actors(world).items():
        for new in missing:
            # When anyone tries a step the table does not have, it is refused
            with pytest.raises(TransitionNotAllowed):
                transitions.INTENTION.step(intention, new, actor=actor, now=DURING)
            assert ProjectIntention.objects.get(pk=intention.pk).status == old, (name, new)
    # And nothing was recorded
    assert _changes(intention) == before


def test_the_buttons_offer_exactly_the_steps_the_role_may_take(world: PipelineWorld) -> None:
    # Given a submitted intention
    intention = world.intention(status=IntentionStatus.SUBMITTED)
    for name, (actor, role) in _actors(world).items():
        expected = sorted(
            new
            for (old, new), perm in transitions.TRANSITIONS.items()
            if old == IntentionStatus.SUBMITTED and _may(role, name, perm)
        )
        # Then the buttons read the same table as the step itself
        assert sorted(transitions.INTENTION.allowed(intention, actor)) == expected, name
