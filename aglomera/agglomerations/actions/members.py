"""The manager's writes to the members of an agglomeration: roles granted and revoked, accounts
added or created. Every grant and revocation is audited with who, whom, which role and why.

Accounts are shared by all agglomerations (one person may work for two offices), so a manager
changes only the roles held in their own agglomeration, never the account itself (its password,
its active flag or its roles elsewhere). A new account's person chooses their own password. docs/people-and-organisations.md explains the rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from aglomera.accounts.models import Membership, Role, User
from aglomera.agglomerations.account_tasks import send_set_password_link
from aglomera.agglomerations.models import Agglomeration, Organisation
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.core.unique import Unique, unique_errors

MANAGE = "agglomerations.manage_members"
UNKNOWN_PASSWORD_LENGTH = 40


def _require(actor: Actor, agglomeration: Agglomeration) -> None:
    if not actor.has_perm(MANAGE, agglomeration):
        raise PermissionDenied


def _reason(reason: str) -> str:
    if not reason.strip():
        raise ValidationError({"reason": _("Say why.")}, code="no_reason")
    return reason.strip()


def _forget_roles(*users: User) -> None:
    """The permission layer caches roles on the user object; a changed user asks again."""
    for user in users:
        user.__dict__.pop("_aglomera_memberships", None)


def _described(membership: Membership) -> dict[str, object]:
    return {
        "user_id": membership.user_id,
        "username": membership.user.username,
        "role": membership.role,
        "organisation_id": membership.organisation_id,
    }


def find_user(identifier: str) -> User:
    """The account with this username, or else this e-mail (both regardless of case)."""
    identifier = identifier.strip()
    if not identifier:
        raise ValidationError({"user": _("Enter a username or an e-mail address.")})
    by_name = User.objects.filter(username__iexact=identifier).first()
    if by_name is not None:
        return by_name
    by_email = list(User.objects.filter(email__iexact=identifier)[:2])
    if len(by_email) == 1:
        return by_email[0]
    if by_email:
        raise ValidationError(
            {"user": _("Several accounts use this e-mail address; enter the username instead.")},
            code="ambiguous",
        )
    raise ValidationError(
        {"user": _("No account has this username or e-mail address; create an account instead.")},
        code="unknown",
    )


def _check_organisation(agglomeration: Agglomeration, organisation: Organisation | None) -> None:
    if organisation is None:
        return
    if organisation.agglomeration_id != agglomeration.pk:
        raise PermissionDenied
    if not organisation.is_active:
        message = _("%(name)s is deactivated; choose an active organisation.") % {
            "name": organisation.name
        }
        raise ValidationError({"organisation": message}, code="inactive")


@transaction.atomic
def grant_role(
    agglomeration: Agglomeration,
    user: User,
    role: Role | str,
    *,
    actor: Actor,
    reason: str,
    organisation: Organisation | None = None,
) -> Membership:
    """Give `user` a role in the agglomeration; an applicant may act for an organisation."""
    _require(actor, agglomeration)
    reason = _reason(reason)
    role = Role(role)
    _check_organisation(agglomeration, organisation)
    message = _("%(user)s already holds this role here.") % {"user": user}
    if Membership.objects.filter(user=user, agglomeration=agglomeration, role=role).exists():
        raise ValidationError({"role": message}, code="held")
    membership = Membership(
        user=user, agglomeration=agglomeration, role=role, organisation=organisation
    )
    with unique_errors(Unique(Membership, "membership_unique_role", "role", message)):
        membership.save()
    _forget_roles(user, actor)
    record(
        "agglomerations.membership.granted",
        actor=actor,
        target=user,
        agglomeration_id=agglomeration.pk,
        after=_described(membership),
        reason=reason,
    )
    return membership


def _keep_a_manager(agglomeration: Agglomeration, leaving: Iterable[User], actor: Actor) -> None:
    """The agglomeration keeps a manager, and no manager removes their own manager role (another
    manager does it). The manager rows are locked: two managers removing each other at the same
    moment cannot leave the agglomeration without one."""
    leaving_ids = {user.pk for user in leaving}
    managers = set(
        Membership.objects.select_for_update()
        .filter(agglomeration=agglomeration, role=Role.MANAGER)
        .values_list("user_id", flat=True)
    )
    going = managers & leaving_ids
    if not going:
        return
    if actor.pk in going:
        raise ValidationError(
            _(
                "You cannot remove your own manager role; another manager of this agglomeration can."
            ),
            code="own_manager_role",
        )
    if not managers - going:
        raise ValidationError(
            _("The agglomeration must keep at least one manager."), code="last_manager"
        )


def _revoke(memberships: list[Membership], *, actor: Actor, reason: str) -> None:
    for membership in memberships:
        record(
            "agglomerations.membership.revoked",
            actor=actor,
            target=membership.user,
            agglomeration_id=membership.agglomeration_id,
            before=_described(membership),
            reason=reason,
        )
        membership.delete()


@transaction.atomic
def revoke_role(
    agglomeration: Agglomeration, user: User, role: Role | str, *, actor: Actor, reason: str
) -> None:
    _require(actor, agglomeration)
    reason = _reason(reason)
    role = Role(role)
    if role == Role.MANAGER:
        _keep_a_manager(agglomeration, [user], actor)
    memberships = list(
        Membership.objects.select_for_update()
        .select_related("user")
        .filter(user=user, agglomeration=agglomeration, role=role)
    )
    if not memberships:
        raise ValidationError(
            _("%(user)s no longer holds this role here.") % {"user": user}, code="not_held"
        )
    _revoke(memberships, actor=actor, reason=reason)
    _forget_roles(user, actor)


@transaction.atomic
def deactivate_membership(
    agglomeration: Agglomeration, user: User, *, actor: Actor, reason: str
) -> int:
    """Revoke every role of `user` here (each revocation audited); their account and their
    roles in other agglomerations stay. Returns how many roles were revoked."""
    _require(actor, agglomeration)
    reason = _reason(reason)
    _keep_a_manager(agglomeration, [user], actor)
    memberships = list(
        Membership.objects.select_for_update()
        .select_related("user")
        .filter(user=user, agglomeration=agglomeration)
        .order_by("role")
    )
    _revoke(memberships, actor=actor, reason=reason)
    _forget_roles(user, actor)
    return len(memberships)


@transaction.atomic
def create_account(
    agglomeration: Agglomeration,
    *,
    actor: Actor,
    username: str,
    email: str,
    role: Role | str,
    reason: str,
    first_name: str = "",
    last_name: str = "",
    preferred_language: str = "",
    organisation: Organisation | None = None,
) -> User:
    """A new account with its first role here. Nobody knows its password (a random one): the
    person gets an e-mail with a link to choose their own (account_tasks.py)."""
    _require(actor, agglomeration)
    reason = _reason(reason)
    _check_organisation(agglomeration, organisation)
    username, email = username.strip(), email.strip()
    taken = _("This username is taken; choose another one.")
    errors: dict[str, str] = {}
    if User.objects.filter(username__iexact=username).exists():
        errors["username"] = taken
    if not email:
        errors["email"] = _(
            "Enter the person's e-mail address: the link to choose their password goes there."
        )
    elif User.objects.filter(email__iexact=email).exists():
        errors["email"] = _(
            "An account with this e-mail address exists; add that account to the agglomeration "
            "instead."
        )
    if errors:
        raise ValidationError(errors, code="taken")
    user = User(
        username=username,
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        preferred_language=preferred_language,
    )
    # Usable (so that "Forgot your password?" serves the person too), never shown nor kept.
    user.set_password(get_random_string(UNKNOWN_PASSWORD_LENGTH))
    user.full_clean(exclude=["password"])
    with unique_errors(Unique(User, "username", "username", taken)):
        user.save()
    record(
        "accounts.user.created",
        actor=actor,
        target=user,
        agglomeration_id=agglomeration.pk,
        after={
            "username": user.username,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
        },
        reason=reason,
    )
    grant_role(agglomeration, user, role, actor=actor, reason=reason, organisation=organisation)
    transaction.on_commit(
        partial(send_set_password_link.enqueue, user.pk, agglomeration.pk, actor.pk)
    )
    return user
