"""The portal's strategy progress: the tree, a page per goal and per measure."""

from __future__ import annotations

from django.http import HttpResponse

from aglomera.portal.access import PortalRequest, portal_view
from aglomera.portal.queries.strategy import goal_page, measure_page, strategy_tree
from aglomera.portal.views.rendering import portal_render


@portal_view
def strategy(request: PortalRequest) -> HttpResponse:
    tree = strategy_tree(request.portal)
    return portal_render(request, "portal/strategy/tree.html", "strategy", {"tree": tree})


@portal_view
def goal(request: PortalRequest, code: str) -> HttpResponse:
    page = goal_page(request.portal, code)
    return portal_render(request, "portal/strategy/goal.html", "strategy", {"page": page})


@portal_view
def measure(request: PortalRequest, code: str) -> HttpResponse:
    page = measure_page(request.portal, code)
    return portal_render(request, "portal/strategy/measure.html", "strategy", {"page": page})
