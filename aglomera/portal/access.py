"""Which agglomeration a portal page shows: the slug in the address on the shared host, or the
agglomeration bound to the host name (hosts.py). Every portal view goes through `portal_view`."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

from aglomera.agglomerations.models import Agglomeration
from aglomera.portal.page_cache import cached_page


class PortalRequest(HttpRequest):
    portal: Agglomeration
    portal_host: Agglomeration | None


PortalView = Callable[..., HttpResponse]


def portal_view(view: PortalView) -> Callable[..., HttpResponseBase]:
    """Gives the view `request.portal`, the agglomeration whose portal is shown (404 if none).
    Anonymous visitors get the page from the cache when it is there (page_cache.py)."""

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

    cached = cached_page(wrapper)
    cached.public_portal = True  # type: ignore[attr-defined]  # tests/test_tenant_boundary.py
    return cached
