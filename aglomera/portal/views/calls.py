"""The portal's calls: open, planned (the CPR 2021/1060 Art. 49(2) calendar) and closed."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone

from aglomera.portal.access import PortalRequest, portal_view
from aglomera.portal.queries.calls import get_public_call, list_public_calls
from aglomera.portal.views.rendering import portal_render


@portal_view
def call_list(request: PortalRequest) -> HttpResponse:
    calls = list_public_calls(request.portal, timezone.now())
    return portal_render(request, "portal/calls/list.html", "calls", {"calls": calls})


@portal_view
def call_detail(request: PortalRequest, pk: int) -> HttpResponse:
    page = get_public_call(request.portal, pk, timezone.now())
    return portal_render(request, "portal/calls/detail.html", "calls", {"page": page})
