"""Who acts: the type every action, transition and query takes as `actor`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aglomera.accounts.models import User

    # A signed-in user; the permission layer (accounts.permissions) answers `has_perm`.
    Actor = User
else:
    Actor = Any

__all__ = ["Actor"]
