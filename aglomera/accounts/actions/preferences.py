"""A user's own settings."""

from __future__ import annotations

from django.conf import settings

from aglomera.accounts.models import User


def set_preferred_language(user_id: int, code: str) -> None:
    """The language activated at the user's next login. A personal setting, not a record of
    the strategy's work: no audit event."""
    if code not in {c for c, _name in settings.LANGUAGES}:
        raise ValueError(code)
    User.objects.filter(pk=user_id).exclude(preferred_language=code).update(preferred_language=code)
