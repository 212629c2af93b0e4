"""The audit log of an agglomeration."""

from __future__ import annotations

from django.db.models import QuerySet

from aglomera.agglomerations.models import Agglomeration
from aglomera.core.models import AuditEvent


def list_audit_events(agglomeration: Agglomeration, limit: int = 200) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(agglomeration=agglomeration).select_related("actor")[:limit]
