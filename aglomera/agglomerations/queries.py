from __future__ import annotations

from django.db.models import QuerySet

from aglomera.accounts.models import Membership
from aglomera.agglomerations.models import Agglomeration, Municipality, Organisation
from aglomera.core.models import AuditEvent


def list_municipalities(agglomeration: Agglomeration) -> QuerySet[Municipality]:
    return agglomeration.municipalities.order_by("kind", "name")


def list_organisations(agglomeration: Agglomeration) -> QuerySet[Organisation]:
    return agglomeration.organisations.order_by("name")


def list_audit_events(agglomeration: Agglomeration, limit: int = 200) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(agglomeration=agglomeration).select_related("actor")[:limit]


def list_memberships(agglomeration: Agglomeration) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(agglomeration=agglomeration)
        .select_related("user", "organisation")
        .order_by("role", "user__last_name", "user__username")
    )
