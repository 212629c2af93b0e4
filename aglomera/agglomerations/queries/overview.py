"""What the page of an agglomeration lists: member municipalities, organisations, memberships."""

from __future__ import annotations

from django.db.models import QuerySet

from aglomera.accounts.models import Membership
from aglomera.agglomerations.models import Agglomeration, Municipality, Organisation


def list_municipalities(agglomeration: Agglomeration) -> QuerySet[Municipality]:
    return agglomeration.municipalities.order_by("kind", "name")


def list_organisations(agglomeration: Agglomeration) -> QuerySet[Organisation]:
    return agglomeration.organisations.order_by("name")


def list_memberships(agglomeration: Agglomeration) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(agglomeration=agglomeration)
        .select_related("user", "organisation")
        .order_by("role", "user__last_name", "user__username")
    )
