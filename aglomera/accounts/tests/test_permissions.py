"""The one permission layer: roles per agglomeration decide, asked via user.has_perm(perm, obj)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from aglomera.accounts.models import Role, User
from aglomera.accounts.permissions import (
    ROLE_PERMISSIONS,
    can,
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

PERMISSIONS = sorted(ROLE_PERMISSIONS)

# The policy, written by hand from domain.md section 2 (roles) - never derived from
# ROLE_PERMISSIONS, which is what it checks. Columns: manager, coordinator, working group,
# committee, auditor, partner staff, applicant. Y = holds the permission in its agglomeration.
COLUMNS = (
    Role.MANAGER,
    Role.COORDINATOR,
    Role.WORKING_GROUP,
    Role.COMMITTEE,
    Role.AUDITOR,
    Role.PARTNER,
    Role.APPLICANT,
)
POLICY = {
    #                                     man coo wg  com aud par app
    "agglomerations.view":                "Y   Y   Y   Y   Y   Y   Y",
    "agglomerations.view_members":        "Y   Y   Y   Y   Y   .   .",
    "agglomerations.manage":              "Y   .   .   .   .   .   .",
    "agglomerations.manage_organisations": "Y   Y   .   .   .   .   .",
    "agglomerations.administer_organisations": "Y   .   .   .   .   .   .",
    "agglomerations.manage_members":      "Y   .   .   .   .   .   .",
    "strategy.view":                      "Y   Y   Y   Y   Y   Y   .",
    "strategy.view_amendments":           "Y   Y   .   Y   Y   .   .",
    "strategy.amend":                     "Y   Y   .   .   .   .   .",
    "strategy.approve":                   "Y   .   .   .   .   .   .",
    "strategy.manage_codes":              "Y   Y   .   .   .   .   .",
    "strategy.manage_rates":              "Y   .   .   .   .   .   .",
    "core.view_audit":                    "Y   .   .   .   Y   .   .",
    "calls.view":                         "Y   Y   Y   Y   Y   Y   Y",
    "calls.view_planned":                 "Y   Y   Y   Y   Y   .   .",
    "calls.manage":                       "Y   Y   .   .   .   .   .",
    "calls.announce":                     "Y   .   .   .   .   .   .",
    "intentions.create":                  ".   .   .   .   .   .   Y",
    "intentions.view":                    "Y   Y   Y   Y   Y   .   Y",
    "intentions.view_evaluation":         "Y   Y   Y   Y   Y   .   .",
    "intentions.view_all_evaluations":    "Y   Y   .   Y   Y   .   .",
    "intentions.edit":                    ".   .   .   .   .   .   Y",
    "intentions.submit":                  ".   .   .   .   .   .   Y",
    "intentions.withdraw":                "Y   .   .   .   .   .   Y",
    "intentions.formal_check":            "Y   Y   .   .   .   .   .",
    "intentions.assign_reviews":          "Y   Y   .   .   .   .   .",
    "intentions.review":                  ".   .   Y   .   .   .   .",
    "intentions.recommend":               "Y   Y   .   .   .   .   .",
    "intentions.decide":                  "Y   .   .   .   .   .   .",
    "intentions.issue_statement":         "Y   .   .   .   .   .   .",
    "intentions.track":                   "Y   Y   .   .   .   .   .",
    "changes.request":                    ".   .   .   .   .   .   Y",
    "changes.decide":                     "Y   .   .   .   .   .   .",
    "monitoring.view":                    "Y   Y   Y   Y   Y   .   .",
    "monitoring.import":                  "Y   Y   .   .   .   .   .",
    "monitoring.report":                  "Y   Y   .   .   .   .   .",
    "monitoring.report_progress":         ".   .   .   .   .   .   Y",
    "monitoring.approve_progress":        "Y   Y   .   .   .   .   .",
    "monitoring.view_intervention":       "Y   Y   .   .   Y   .   .",
    "monitoring.set_intervention":        "Y   .   .   .   .   .   .",
    "monitoring.view_commitments":        "Y   Y   .   .   Y   .   .",
    "monitoring.set_commitments":         "Y   .   .   .   .   .   .",
    "committee.view":                     "Y   Y   .   Y   Y   .   .",
    "committee.manage":                   "Y   .   .   .   .   .   .",
    "committee.vote":                     ".   .   .   Y   .   .   .",
    # news of the public portal: the office writes them, the manager publishes them
    "news.manage":                        "Y   Y   .   .   .   .   .",
    "news.publish":                       "Y   .   .   .   .   .   .",
    # cross-border cooperation, in a member agglomeration of the partnership: the office, the
    # auditor and partner staff read it; the office writes its exchanges and projects
    "cooperation.view":                   "Y   Y   .   .   Y   Y   .",
    "cooperation.manage":                 "Y   Y   .   .   .   .   .",
    # what a member shares with the partnership: its manager decides
    "cooperation.share":                  "Y   .   .   .   .   .   .",
    # comments on a joint project idea: the people working on it, not the auditor
    "cooperation.comment":                "Y   Y   .   .   .   Y   .",
}  # fmt: skip


def holds(role: Role, perm: str) -> bool:
    return POLICY[perm].split()[COLUMNS.index(role)] == "Y"


def member(*roles: Role, agglomeration_id: int = 1) -> User:
    """A signed-in user whose roles are given in memory: the policy is a pure function of them."""
    user = User(username="-".join(roles) or "nobody")
    user._aglomera_memberships = ({agglomeration_id: frozenset(roles)}, {})  # type: ignore[attr-defined]
    return user


def test_the_policy_names_every_permission_and_nothing_else() -> None:
    assert sorted(POLICY) == PERMISSIONS


@pytest.mark.parametrize("perm", PERMISSIONS)
@pytest.mark.parametrize("role", COLUMNS)
def test_each_role_holds_exactly_the_permissions_the_policy_gives(role: Role, perm: str) -> None:
    # Given a member of agglomeration 1 with one role, and objects of agglomeration 1 and 2
    user, here, elsewhere = member(role), Agglomeration(pk=1), Agglomeration(pk=2)
    # Then the permission is granted here iff the policy says so, and never elsewhere
    assert can(user, perm, here) is holds(role, perm)
    assert can(user, perm, elsewhere) is False
    assert can_anywhere(user, perm) is holds(role, perm)


@pytest.mark.parametrize("perm", PERMISSIONS)
def test_a_user_with_two_roles_holds_the_union_of_both(perm: str) -> None:
    user = member(Role.COORDINATOR, Role.AUDITOR)
    expected = holds(Role.COORDINATOR, perm) or holds(Role.AUDITOR, perm)
    assert can(user, perm, Agglomeration(pk=1)) is expected


@pytest.fixture
def olomouc_objects(olomouc: Agglomeration, alice: User) -> list[Any]:
    """Objects of every level inside Olomouc: the tenant, its strategy, a version, a goal."""
    builder = StrategyBuilder(olomouc, alice).with_goal("1", "Doprava")
    strategy = builder.build()
    return [olomouc, strategy, builder.version, builder.goals["1"]]


@pytest.mark.django_db
@pytest.mark.parametrize("role", COLUMNS)
def test_has_perm_reads_the_roles_stored_for_the_user_on_every_level_of_objects(
    role: Role, users: Users, olomouc: Agglomeration, olomouc_objects: list[Any]
) -> None:
    # Given a member of Olomouc with one role, loaded from the database
    user = users(olomouc, role)
    for perm in ("strategy.view", "strategy.amend", "intentions.create"):
        # When the permission is asked for each object of Olomouc
        answers = {type(obj).__name__: user.has_perm(perm, obj) for obj in olomouc_objects}
        # Then it is granted on all of them iff the policy gives it to the role
        assert answers == dict.fromkeys(answers, holds(role, perm)), perm


@pytest.mark.django_db
def test_it_grants_nothing_on_another_agglomerations_objects(
    mallory: User, olomouc_objects: list[Any]
) -> None:
    # Given the manager of Opole, who holds every manager permission there
    # When she asks for any permission on Olomouc's objects
    # Then it is refused on each of them
    answers = {mallory.has_perm(perm, obj) for perm in PERMISSIONS for obj in olomouc_objects}
    assert answers == {False}


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


@pytest.mark.parametrize("perm", PERMISSIONS)
def test_an_object_of_several_agglomerations_is_granted_by_a_membership_in_any(perm: str) -> None:
    """A joint idea of a partnership belongs to every member (`agglomeration_ids`): the role in
    the actor's own member agglomeration decides, whichever member it is."""

    class Joint:
        agglomeration_ids = (1, 3)

    class Foreign:
        agglomeration_ids = (2, 3)

    for role in COLUMNS:
        user = member(role)
        assert can(user, perm, Joint()) is holds(role, perm)
        assert can(user, perm, Foreign()) is False
