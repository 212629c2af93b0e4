"""The one permission layer: roles per agglomeration decide, asked via user.has_perm(perm, obj)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from aglomera.accounts.models import Role, User
from aglomera.accounts.permissions import (
    ROLE_PERMISSIONS,
    can_anywhere,
    require_member,
    roles_in,
)
from aglomera.agglomerations.models import Agglomeration
from aglomera.strategy.models import Programme
from aglomera.strategy.tests.builders import (
    StrategyBuilder,
    Users,
    make_user,
)

pytestmark = pytest.mark.django_db

PERMISSIONS = sorted(ROLE_PERMISSIONS)


@pytest.fixture
def olomouc_objects(olomouc: Agglomeration, alice: User) -> list[Any]:
    """Objects of every level inside Olomouc: the tenant, its strategy, a version, a goal."""
    builder = StrategyBuilder(olomouc, alice).with_goal("1", "Doprava")
    strategy = builder.build()
    return [olomouc, strategy, builder.version, builder.goals["1"]]


@pytest.mark.parametrize("perm", PERMISSIONS)
@pytest.mark.parametrize("role", list(Role))
def test_it_grants_a_permission_in_the_own_agglomeration_exactly_per_the_role_table(
    role: Role, perm: str, users: Users, olomouc: Agglomeration, olomouc_objects: list[Any]
) -> None:
    # Given a member of Olomouc with one role
    user = users(olomouc, role)

    # When the permission is asked for each object of Olomouc
    answers = {type(obj).__name__: user.has_perm(perm, obj) for obj in olomouc_objects}

    # Then it is granted on all of them iff the role holds it
    expected = role in ROLE_PERMISSIONS[perm]
    assert answers == dict.fromkeys(answers, expected)
    assert can_anywhere(user, perm) == expected


@pytest.mark.parametrize("perm", PERMISSIONS)
def test_it_grants_nothing_on_another_agglomerations_objects(
    perm: str, mallory: User, olomouc_objects: list[Any]
) -> None:
    # Given the manager of Opole, who holds every manager permission there
    # When she asks for a permission on Olomouc's objects
    # Then it is refused on each of them
    assert [mallory.has_perm(perm, obj) for obj in olomouc_objects] == [False] * 4


def test_it_grants_nothing_without_an_object_or_for_an_unknown_permission(
    alice: User, olomouc: Agglomeration
) -> None:
    # Given the manager of Olomouc
    # When she asks without an object, on an object outside any agglomeration, or for an
    # unknown permission
    # Then everything is refused
    assert not alice.has_perm("strategy.approve")
    assert not alice.has_perm("strategy.approve", Programme(code="IROP"))
    assert not alice.has_perm("strategy.delete_everything", olomouc)
    assert not can_anywhere(alice, "strategy.delete_everything")


def test_it_returns_404_to_outsiders_and_lets_members_through(
    alice: User, mallory: User, users: Users, olomouc_objects: list[Any]
) -> None:
    # Given Olomouc's objects, its manager, a partner of Olomouc and the manager of Opole
    partner = users(olomouc_objects[0], Role.PARTNER)

    for obj in olomouc_objects:
        # When each of them is required to be a member
        # Then the members pass ...
        require_member(alice, obj)
        require_member(partner, obj)
        # ... and the outsiders (including anonymous visitors) get 404
        with pytest.raises(Http404):
            require_member(mallory, obj)
        with pytest.raises(Http404):
            require_member(AnonymousUser(), obj)
    with pytest.raises(Http404):
        require_member(alice, Programme(code="IROP"))


def test_it_gives_no_permission_to_an_inactive_user(
    users: Users, olomouc: Agglomeration, olomouc_objects: list[Any]
) -> None:
    # Given the manager of Olomouc, deactivated
    manager = users(olomouc, Role.MANAGER)
    manager.is_active = False
    manager.save(update_fields=["is_active"])
    manager = User.objects.get(pk=manager.pk)

    # When any permission is asked on any Olomouc object
    answers = {manager.has_perm(perm, obj) for perm in PERMISSIONS for obj in olomouc_objects}

    # Then all are refused, and require_member treats the user as an outsider
    assert answers == {False}
    assert roles_in(manager, olomouc.pk) == frozenset()
    with pytest.raises(Http404):
        require_member(manager, olomouc)


def test_it_gives_a_user_with_two_roles_the_union_of_both(
    olomouc: Agglomeration, olomouc_objects: list[Any]
) -> None:
    # Given a coordinator (who amends) who is also the auditor (who reads the audit log)
    user = make_user("zdenek", (olomouc, Role.COORDINATOR), (olomouc, Role.AUDITOR))
    strategy = olomouc_objects[1]

    # When every permission is asked on the strategy
    answers = {perm: user.has_perm(perm, strategy) for perm in PERMISSIONS}

    # Then each is held iff one of the two roles holds it
    assert answers == {
        perm: bool(ROLE_PERMISSIONS[perm] & {Role.COORDINATOR, Role.AUDITOR})
        for perm in PERMISSIONS
    }
    assert answers["strategy.amend"] and answers["core.view_audit"]
    assert not answers["strategy.approve"]


def test_it_keeps_the_roles_of_each_agglomeration_apart(
    olomouc: Agglomeration, opole: Agglomeration
) -> None:
    # Given someone who manages Opole and is only a partner in Olomouc
    user = make_user("dual", (opole, Role.MANAGER), (olomouc, Role.PARTNER))

    # When asked about each agglomeration
    # Then the manager role does not leak into Olomouc
    assert user.has_perm("agglomerations.manage", opole)
    assert not user.has_perm("agglomerations.manage", olomouc)
    assert user.has_perm("strategy.view", olomouc)
    assert not user.has_perm("agglomerations.view_members", olomouc)
