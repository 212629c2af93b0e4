from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from aglomera.agglomerations import queries
from aglomera.core.views_helpers import get_agglomeration
from aglomera.strategy.queries import list_strategies_for


@login_required
def agglomeration_detail(request: HttpRequest, slug: str) -> HttpResponse:
    agglomeration = get_agglomeration(request.user, slug)
    see_members = request.user.has_perm("agglomerations.view_members", agglomeration)
    municipalities = list(queries.list_municipalities(agglomeration)) if see_members else []
    return render(
        request,
        "agglomerations/detail.html",
        {
            "agglomeration": agglomeration,
            "strategies": list_strategies_for([agglomeration.pk]),
            "municipalities": municipalities,
            "population": sum(m.population or 0 for m in municipalities if m.kind != "powiat"),
            "organisations": queries.list_organisations(agglomeration) if see_members else [],
            "see_members": see_members,
        },
    )


@login_required
def audit_log(request: HttpRequest, slug: str) -> HttpResponse:
    agglomeration = get_agglomeration(request.user, slug, "core.view_audit")
    return render(
        request,
        "agglomerations/audit.html",
        {"agglomeration": agglomeration, "events": queries.list_audit_events(agglomeration)},
    )


