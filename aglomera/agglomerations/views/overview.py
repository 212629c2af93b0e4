"""The page of an agglomeration: what waits for the reader there, its strategies, members,
organisations and staff."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from aglomera.agglomerations.queries import overview as overview_queries
from aglomera.agglomerations.queries.todo import todo_for
from aglomera.core.collation import collated, sort_key
from aglomera.core.tenant import TenantRequest, tenant_view
from aglomera.strategy.queries.strategies import list_strategies_for


@tenant_view("agglomerations.view")
def agglomeration_detail(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    see_members = request.tenant.can("agglomerations.view_members")
    municipalities = sorted(
        overview_queries.list_municipalities(agglomeration) if see_members else [],
        key=lambda municipality: (municipality.kind, sort_key(municipality.name)),
    )
    return render(
        request,
        "agglomerations/detail.html",
        {
            "agglomeration": agglomeration,
            "strategies": list_strategies_for([agglomeration.pk]),
            "municipalities": municipalities,
            "population": sum(m.population or 0 for m in municipalities if m.kind != "powiat"),
            "organisations": collated(
                overview_queries.list_organisations(agglomeration) if see_members else [],
                key=lambda organisation: organisation.name,
            ),
            "memberships": sorted(
                overview_queries.list_memberships(agglomeration) if see_members else [],
                key=lambda membership: (membership.role, sort_key(str(membership.user))),
            ),
            "see_members": see_members,
            "todo": todo_for(request.user, [agglomeration])[agglomeration.pk],
            "zone": request.tenant.zone,
        },
    )
