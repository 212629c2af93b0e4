from __future__ import annotations

from typing import Any

from aglomera.accounts.permissions import can


class AgglomerationRoleBackend:
    """Answers object permissions from the user's roles in the object's agglomeration."""

    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def get_user(self, user_id: int) -> None:
        return None

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if obj is None:
            return False
        return can(user_obj, perm, obj)
