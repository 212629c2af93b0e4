"""The one permission layer: may this actor do this to this object?

Permissions are granted per agglomeration by role. Every object that the UI protects exposes
`agglomeration_id` (directly or as a property); the roles of the actor in that agglomeration
decide. Views and actions only ask `user.has_perm(perm, obj)` or the helpers below.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from aglomera.accounts.models import Membership, Role

ALL_ROLES = frozenset(Role)
STAFF = frozenset({Role.MANAGER, Role.COORDINATOR})
READERS = frozenset(
    {Role.MANAGER, Role.COORDINATOR, Role.WORKING_GROUP, Role.COMMITTEE, Role.AUDITOR, Role.PARTNER}
)

# permission -> roles that hold it, in the agglomeration of the object
ROLE_PERMISSIONS: dict[str, frozenset[Role]] = {
    "agglomerations.view": ALL_ROLES,
    "agglomerations.view_members": READERS - {Role.PARTNER},
    "agglomerations.manage": frozenset({Role.MANAGER}),
    "agglomerations.manage_organisations": STAFF,
    "strategy.view": READERS,
    "strategy.view_amendments": frozenset(
        {Role.MANAGER, Role.COORDINATOR, Role.COMMITTEE, Role.AUDITOR}
    ),
    "strategy.amend": STAFF,
    "strategy.approve": frozenset({Role.MANAGER}),
    "strategy.manage_codes": STAFF,
    "strategy.manage_rates": frozenset({Role.MANAGER}),
    "core.view_audit": frozenset({Role.MANAGER, Role.AUDITOR}),
}


def roles_by_agglomeration(user: Any) -> dict[int, frozenset[Role]]:
    """All roles of the user, loaded once per user object (one query per request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached: dict[int, frozenset[Role]] | None = getattr(user, "_aglomera_roles", None)
    if cached is None:
        collected: dict[int, set[Role]] = {}
        for agglomeration_id, role in Membership.objects.filter(user=user).values_list(
            "agglomeration_id", "role"
        ):
            collected.setdefault(agglomeration_id, set()).add(Role(role))
        cached = {key: frozenset(value) for key, value in collected.items()}
        user._aglomera_roles = cached
    return cached


def roles_in(user: Any, agglomeration_id: int) -> frozenset[Role]:
    return roles_by_agglomeration(user).get(agglomeration_id, frozenset())


def agglomeration_id_of(obj: Any) -> int | None:
    value = getattr(obj, "agglomeration_id", None)
    return int(value) if value is not None else None


def can(user: Any, perm: str, obj: Any) -> bool:
    allowed = ROLE_PERMISSIONS.get(perm)
    agglomeration_id = agglomeration_id_of(obj)
    if allowed is None or agglomeration_id is None:
        return False
    return bool(roles_in(user, agglomeration_id) & allowed)


def can_anywhere(user: Any, perm: str) -> bool:
    allowed = ROLE_PERMISSIONS.get(perm, frozenset())
    return any(roles & allowed for roles in roles_by_agglomeration(user).values())


def require_member(user: Any, obj: Any) -> None:
    """Outsiders get 404: the existence of another tenant's object is not revealed."""
    agglomeration_id = agglomeration_id_of(obj)
    if agglomeration_id is None or not roles_in(user, agglomeration_id):
        raise Http404
