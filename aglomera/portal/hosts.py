"""Serving an agglomeration's portal on its own host name.

On the shared host every portal lives under its agglomeration's slug (`/cs/olomouc/`). A request
whose host is bound to an agglomeration (`PortalHost`) gets `aglomera.portal.urls_bound` as its
URL configuration, where the same pages live at the root (`/cs/`), and `request.portal_host`
names the agglomeration. Reversing inside such a request uses that configuration too, so the
`portal_url` template tag builds the right address in both cases.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from aglomera.agglomerations.models import Agglomeration

BOUND_URLCONF = "aglomera.portal.urls_bound"


def bound_agglomeration(request: HttpRequest) -> Agglomeration | None:
    """The agglomeration bound to the request's host; None on the shared host names, which
    (`PORTAL_SHARED_HOSTS`) are answered without a query."""
    from aglomera.portal.models import PortalHost

    host = request.get_host().rsplit(":", 1)[0].lower()
    if host in settings.PORTAL_SHARED_HOSTS:
        return None
    bound = PortalHost.objects.select_related("agglomeration").filter(host=host).first()
    return bound.agglomeration if bound else None


class PortalHostMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        agglomeration = bound_agglomeration(request)
        request.portal_host = agglomeration  # type: ignore[attr-defined]
        if agglomeration is not None:
            request.urlconf = BOUND_URLCONF  # type: ignore[attr-defined]
        return self.get_response(request)
