"""API tokens (`Authorization: Token <key>`): one per user, issued by an administrator with
`manage.py create_api_token <username>` (docs/api.md). Issuing a new one replaces the old."""

from __future__ import annotations

from django.db import transaction
from rest_framework.authtoken.models import Token

from aglomera.accounts.models import User
from aglomera.core.actors import Actor
from aglomera.core.audit import record


@transaction.atomic
def issue_api_token(user: User, *, actor: Actor | None) -> Token:
    """A fresh token for `user`; any earlier token of theirs stops working. The key is never
    written to the audit log."""
    replaced = Token.objects.filter(user=user).delete()[0] > 0
    token = Token.objects.create(user=user)
    record("accounts.api_token.issued", actor=actor, target=user, after={"replaced": replaced})
    return token
