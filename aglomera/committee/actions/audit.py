"""The audit record of every committee write: codes under `committee.`."""

from __future__ import annotations

from typing import Any

from django.db import models

from aglomera.core.actors import Actor
from aglomera.core.audit import record


def audit(
    code: str,
    target: models.Model,
    agglomeration_id: int,
    actor: Actor,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> None:
    record(
        f"committee.{code}",
        actor=actor,
        target=target,
        agglomeration_id=agglomeration_id,
        before=before,
        after=after,
        reason=reason,
    )
