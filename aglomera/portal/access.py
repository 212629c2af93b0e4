"""Which agglomeration a portal page shows: the slug in the address on the shared host, or the
agglomeration bound to the host name (hosts.py). Every portal view goes through `portal_view`."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from aglomera.agglomerations.models import Agglomeration


class PortalRequest(HttpRequest):
    portal: Agglomeration
    portal_host: Agglomeration | None


PortalView = Callable[..., HttpResponse]


def portal_view(view: PortalView) -> Callable[..., HttpResponse]:
    """Gives the view `request.portal`, the agglomeration whose portal is shown (404 if none)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, slug: str | None = None, **kwargs: Any) -> Any:
        bound: Agglomeration | None = getattr(request, "portal_host", None)
        if bound is not None:
            agglomeration = bound
        else:
            found = Agglomeration.objects.filter(slug=slug).first() if slug else None
            if found is None:
                raise Http404
            agglomeration = found
        request.portal = agglomeration  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    wrapper.public_portal = True  # type: ignore[attr-defined]  # tests/test_tenant_boundary.py
    return wrapper
