"""The start page: my agglomerations, my roles in each, what waits for me there, and their
strategies."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from aglomera.accounts.permissions import roles_by_agglomeration
from aglomera.agglomerations.models import Agglomeration
from aglomera.agglomerations.queries.todo import todo_for
from aglomera.core.tenant import zone_of
from aglomera.strategy.queries import list_strategies_for


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """My agglomerations, my roles in each, what waits for me there, and their strategies."""
    roles = roles_by_agglomeration(request.user)
    agglomerations = list(Agglomeration.objects.filter(pk__in=roles).order_by("slug"))
    strategies = list(list_strategies_for(list(roles)))
    todo = todo_for(request.user, agglomerations)
    cards = [
        {
            "agglomeration": agglomeration,
            "roles": sorted(roles[agglomeration.pk], key=lambda r: r.label),
            "strategies": [s for s in strategies if s.agglomeration_id == agglomeration.pk],
            "can_view_strategy": request.user.has_perm("strategy.view", agglomeration),
            "todo": todo[agglomeration.pk],
            "zone": zone_of(agglomeration.time_zone),
        }
        for agglomeration in agglomerations
    ]
    return render(request, "core/dashboard.html", {"cards": cards})
