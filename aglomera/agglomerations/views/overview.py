"""The page of an agglomeration: its strategies, members, organisations and staff."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from aglomera.agglomerations.queries import overview as overview_queries
from aglomera.core.views_helpers import get_agglomeration
from aglomera.strategy.queries.strategies import list_strategies_for


@login_required
def agglomeration_detail(request: HttpRequest, slug: str) -> HttpResponse:
    agglomeration = get_agglomeration(request.user, slug)
    see_members = request.user.has_perm("agglomerations.view_members", agglomeration)
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
        },
    )
