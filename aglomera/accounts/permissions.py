"""The one permission layer: may this actor do this to this object?

Permissions are granted per agglomeration by role. Every object that the UI protects exposes
`agglomeration_id` (directly or as a property); the roles of the actor in that agglomeration
decide. Applicants act only for their own organisation: on an object that exposes
`applicant_id` (an intention, its attachment, a change request), the applicant role counts only
when the user's membership names that organisation. Views and actions only ask
`user.has_perm(perm, obj)` or the helpers below.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from aglomera.accounts.models import Membership, Role
from aglomera.core.actors import Actor

ALL_ROLES = frozenset(Role)
STAFF = frozenset({Role.MANAGER, Role.COORDINATOR})
READERS = frozenset(
    {Role.MANAGER, Role.COORDINATOR, Role.WORKING_GROUP, Role.COMMITTEE, Role.AUDITOR, Role.PARTNER}
)
EVALUATORS = READERS - {Role.PARTNER}

# permission -> roles that hold it, in the agglomeration of the object
ROLE_PERMISSIONS: dict[str, frozenset[Role]] = {
    "agglomerations.view": ALL_ROLES,
    "agglomerations.view_members": READERS - {Role.PARTNER},
    "agglomerations.manage": frozenset({Role.MANAGER}),
    "agglomerations.manage_organisations": STAFF,
    # the manager's pages of people and organisations (docs/people-and-organisations.md)
    "agglomerations.administer_organisations": frozenset({Role.MANAGER}),
    "agglomerations.manage_members": frozenset({Role.MANAGER}),
    "strategy.view": READERS,
    "strategy.view_amendments": frozenset(
        {Role.MANAGER, Role.COORDINATOR, Role.COMMITTEE, Role.AUDITOR}
    ),
    "strategy.amend": STAFF,
    "strategy.approve": frozenset({Role.MANAGER}),
    "strategy.manage_codes": STAFF,
    "strategy.manage_rates": frozenset({Role.MANAGER}),
    "core.view_audit": frozenset({Role.MANAGER, Role.AUDITOR}),
    # calls
    "calls.view": ALL_ROLES,
    "calls.view_planned": EVALUATORS,  # planned and cancelled calls: not applicants, partners
    "calls.manage": STAFF,
    "calls.announce": frozenset({Role.MANAGER}),
    # project intentions
    "intentions.create": frozenset({Role.APPLICANT}),
    "intentions.view": EVALUATORS | {Role.APPLICANT},
    # the evaluation pages: a call's intentions, reviews, ranking
    "intentions.view_evaluation": EVALUATORS,
    # every intention of a call in those lists, and who is assigned to review each; the working
    # group lists the intentions assigned to it
    "intentions.view_all_evaluations": EVALUATORS - {Role.WORKING_GROUP},
    "intentions.edit": frozenset({Role.APPLICANT}),
    "intentions.submit": frozenset({Role.APPLICANT}),
    "intentions.withdraw": frozenset({Role.APPLICANT, Role.MANAGER}),
    "intentions.formal_check": STAFF,
    "intentions.assign_reviews": STAFF,  # who of the working group reviews what, by when
    "intentions.review": frozenset({Role.WORKING_GROUP}),  # an intention assigned to them
    "intentions.recommend": STAFF,
    "intentions.decide": frozenset({Role.MANAGER}),
    "intentions.issue_statement": frozenset({Role.MANAGER}),
    "intentions.track": STAFF,
    "changes.request": frozenset({Role.APPLICANT}),
    "changes.decide": frozenset({Role.MANAGER}),
    # monitoring
    "monitoring.view": EVALUATORS,
    "monitoring.import": STAFF,
    "monitoring.report": STAFF,
    "monitoring.report_progress": frozenset({Role.APPLICANT}),
    "monitoring.approve_progress": STAFF,
    # type of intervention (CPR Annex I code) per programme objective, for the Art. 49(3) list
    "monitoring.view_intervention": frozenset({Role.MANAGER, Role.COORDINATOR, Role.AUDITOR}),
    "monitoring.set_intervention": frozenset({Role.MANAGER}),
    # commitment profile (yearly shares of a programme's EU money) used by early warning
    "monitoring.view_commitments": frozenset({Role.MANAGER, Role.COORDINATOR, Role.AUDITOR}),
    "monitoring.set_commitments": frozenset({Role.MANAGER}),
    # steering committee
    "committee.view": frozenset({Role.MANAGER, Role.COORDINATOR, Role.COMMITTEE, Role.AUDITOR}),
    "committee.manage": frozenset({Role.MANAGER}),
    "committee.vote": frozenset({Role.COMMITTEE}),
    # news of the public portal: the office writes them, the manager publishes them
    "news.manage": STAFF,
    "news.publish": frozenset({Role.MANAGER}),
    # cross-border cooperation (docs/cooperation.md): asked on an agglomeration that is a member
    # of the partnership (the pages and actions check the membership); the office of a member
    # adds and edits the partnership's exchanges and projects
    "cooperation.view": frozenset({Role.MANAGER, Role.COORDINATOR, Role.AUDITOR, Role.PARTNER}),
    "cooperation.manage": STAFF,
    # what a member shares with the other members of a partnership (its strategies, their
    # dashboards, its partners' good-practice cards): that member's manager only
    "cooperation.share": frozenset({Role.MANAGER}),
    # comments on a joint project idea: the staff of a member who work on it (its office and its
    # partner staff); the auditor reads them and writes nothing
    "cooperation.comment": frozenset({Role.MANAGER, Role.COORDINATOR, Role.PARTNER}),
}

# Roles that act only on objects of their own organisation (objects with `applicant_id`).
OWN_ORGANISATION_ONLY = frozenset({Role.APPLICANT})


def roles_by_agglomeration(user: Any) -> dict[int, frozenset[Role]]:
    """All roles of the user, loaded once per user object (one query per request)."""
    return _memberships(user)[0]


def organisations_by_agglomeration(user: Any) -> dict[int, frozenset[int]]:
    """The organisations the user acts for, per agglomeration (same single query)."""
    return _memberships(user)[1]


def _memberships(user: Any) -> tuple[dict[int, frozenset[Role]], dict[int, frozenset[int]]]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}, {}
    cached: tuple[dict[int, frozenset[Role]], dict[int, frozenset[int]]] | None = getattr(
        user, "_aglomera_memberships", None
    )
    if cached is None:
        roles: dict[int, set[Role]] = {}
        organisations: dict[int, set[int]] = {}
        for agglomeration_id, role, organisation_id in Membership.objects.filter(
            user=user
        ).values_list("agglomeration_id", "role", "organisation_id"):
            roles.setdefault(agglomeration_id, set()).add(Role(role))
            if organisation_id is not None:
                organisations.setdefault(agglomeration_id, set()).add(organisation_id)
        cached = (
            {key: frozenset(value) for key, value in roles.items()},
            {key: frozenset(value) for key, value in organisations.items()},
        )
        user._aglomera_memberships = cached
    return cached


def roles_in(user: Any, agglomeration_id: int) -> frozenset[Role]:
    return roles_by_agglomeration(user).get(agglomeration_id, frozenset())


def agglomeration_id_of(obj: Any) -> int | None:
    value = getattr(obj, "agglomeration_id", None)
    return int(value) if value is not None else None


def can(user: Any, perm: str, obj: Any) -> bool:
    # An object of several agglomerations (a partnership's joint idea exposes the ids of all its
    # members as `agglomeration_ids`) is granted by the actor's own membership in any of them.
    shared: tuple[int, ...] | None = getattr(obj, "agglomeration_ids", None)
    if shared is not None:
        return any(_can_in(user, perm, obj, int(pk)) for pk in shared)
    agglomeration_id = agglomeration_id_of(obj)
    if agglomeration_id is None:
        return False
    return _can_in(user, perm, obj, agglomeration_id)


def _can_in(user: Any, perm: str, obj: Any, agglomeration_id: int) -> bool:
    allowed = ROLE_PERMISSIONS.get(perm)
    if allowed is None:
        return False
    granting = roles_in(user, agglomeration_id) & allowed
    if granting - OWN_ORGANISATION_ONLY:
        return True
    if not granting:
        return False
    applicant_id = getattr(obj, "applicant_id", None)
    if applicant_id is None:  # not an applicant's object (e.g. the call they apply to)
        return True
    return applicant_id in organisations_by_agglomeration(user).get(agglomeration_id, frozenset())


def can_anywhere(user: Any, perm: str) -> bool:
    allowed = ROLE_PERMISSIONS.get(perm, frozenset())
    return any(roles & allowed for roles in roles_by_agglomeration(user).values())


def require_perm(actor: Actor, perm: str, obj: Any) -> None:
    """Refuse (403) unless the actor holds the permission on the object; every action asks this."""
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def require_member(user: Any, obj: Any) -> None:
    """Outsiders get 404: the existence of another tenant's object is not revealed."""
    agglomeration_id = agglomeration_id_of(obj)
    if agglomeration_id is None or not roles_in(user, agglomeration_id):
        raise Http404
