"""The page of an agglomeration: what waits for the reader there, its strategies, members,
organisations and staff."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from aglomera.agglomerations.queries import overview as overview_queries
from aglomera.agglomerations.queries.todo import todo_for
from aglomera.core.tenant import TenantRequest, tenant_view
from aglomera.strategy.queries.strategies import list_strategies_for


@tenant_view("agglomerations.view")
def agglomeration_detail(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    see_members = request.tenant.can("agglomerations.view_members")
    municipalities = (
        list(overview_queries.list_municipalities(agglomeration)) if see_members else []
    )
    return render(
        request,
        "agglomerations/detail.html",
        {
            "agglomeration": agglomeration,
            "strategies": list_strategies_for([agglomeration.pk]),
            "municipalities": municipalities,
            "population": sum(m.population or 0 for m in municipalities if m.kind != "powiat"),
            "organisations": overview_queries.list_organisations(agglomeration)
            if see_members
            else [],
            "memberships": overview_queries.list_memberships(agglomeration) if see_members else [],
            "see_members": see_members,
            "todo": todo_for(request.user, [agglomeration])[agglomeration.pk],
            "zone": request.tenant.zone,
        },
    )
