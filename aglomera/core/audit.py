"""Writing the audit log. Every action calls `record` inside its transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from aglomera.core.actors import Actor
from aglomera.core.models import AuditEvent


def record(
    code: str,
    *,
    actor: Actor | None,
    target: models.Model | None = None,
    agglomeration_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    at: datetime | None = None,
) -> AuditEvent:
    """`at`: when it happened, if not now (a workflow step replayed with its own date)."""
    moment = {"created_at": at} if at is not None else {}
    return AuditEvent.objects.create(
        **moment,
        code=code,
        actor=actor if actor is not None and actor.pk else None,
        agglomeration_id=agglomeration_id,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=target.pk if target is not None else None,
        object_repr=str(target)[:300] if target is not None else "",
        before=before or {},
        after=after or {},
        reason=reason,
    )
