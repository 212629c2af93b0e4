"""Whole portal pages kept in the cache for visitors who are not signed in.

A page is stored under the data generation (core/freshness.py) read before it was rendered, so
any write to the product's data makes it unreachable: the next visitor gets a fresh page. A
stored page also expires by itself at the next moment the clock changes what the portal shows
(queries/clock.py: a scheduled news item goes public, a call opens or closes, midnight), and
after `PORTAL_CACHE_SECONDS` at most (0 turns the cache off; the test settings do).

What is never stored: requests other than GET, requests that carry a session cookie (signed-in
staff see the live data) or a query parameter no portal page reads, and responses other than a plain 200 (errors, redirects, streamed
files, responses that set a cookie or say `private`/`no-store`, or larger than
`PORTAL_CACHE_MAX_BYTES`). The page's CSP nonce is swapped for a placeholder when stored and for
the current request's nonce when served, so every response keeps its own nonce.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any, TypeGuard

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone

from aglomera.core.freshness import current_generation
from aglomera.portal.queries.clock import next_clock_change

NONCE_PLACEHOLDER = b"__aglomera_csp_nonce__"
CACHE_HEADER = "X-Portal-Cache"
# The query parameters portal pages read (search, facets, sorting, pages, the map's view). A
# request with any other parameter is answered but not kept: made-up parameters would let
# anyone fill the cache with copies of the same page.
CACHEABLE_PARAMETERS = frozenset(
    {
        "q",
        "page",
        "sort",
        "tag",
        "measure",
        "programme",
        "fund",
        "municipality",
        "state",
        "year",
        "band",
        "bbox",
        "zoom",
    }
)
MAX_QUERY_LENGTH = 512


def cached_page(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            return _served(request, stored)
        response = view(request, *args, **kwargs)
        if _storable(response) and (timeout := _timeout()):
            cache.set(key, _stored(request, response), timeout=timeout)
            response[CACHE_HEADER] = "miss"
        return response

    return wrapper


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.PORTAL_CACHE_SECONDS > 0
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_LENGTH
        and set(request.GET) <= CACHEABLE_PARAMETERS
    )


def _key(request: HttpRequest) -> str:
    # The scheme and host appear in the page (Open Graph address, feed links).
    address = f"{request.scheme}://{request.get_host()}\n{request.get_full_path()}"
    digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()
    return f"portal-page:{current_generation()}:{digest}"


def _storable(response: HttpResponseBase) -> TypeGuard[HttpResponse]:
    control = response.get("Cache-Control", "")
    return (
        isinstance(response, HttpResponse)
        and response.status_code == 200
        and not response.cookies
        and "private" not in control
        and "no-store" not in control
        and len(response.content) <= settings.PORTAL_CACHE_MAX_BYTES
    )


def _stored(request: HttpRequest, response: HttpResponse) -> dict[str, Any]:
    content = response.content
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str) and nonce:
        # Only the nonce attributes the templates wrote: text a visitor or staff typed can
        # never become a nonce when the page is served.
        content = content.replace(_nonce_attribute(nonce.encode("ascii")), _PLACEHOLDER_ATTRIBUTE)
    return {"content": content, "headers": dict(response.headers)}


def _nonce_attribute(nonce: bytes) -> bytes:
    return b'nonce="' + nonce + b'"'


_PLACEHOLDER_ATTRIBUTE = _nonce_attribute(NONCE_PLACEHOLDER)


def _served(request: HttpRequest, stored: dict[str, Any]) -> HttpResponse:
    content: bytes = stored["content"]
    if _PLACEHOLDER_ATTRIBUTE in content:
        nonce = str(request.csp_nonce)  # type: ignore[attr-defined]
        content = content.replace(_PLACEHOLDER_ATTRIBUTE, _nonce_attribute(nonce.encode("ascii")))
    response = HttpResponse(content, headers=stored["headers"])
    response[CACHE_HEADER] = "hit"
    return response


def _timeout() -> int:
    """Whole seconds until the clock changes a page, at most the setting; 0 (not kept) when
    that moment is less than a second away."""
    now = timezone.now()
    until_change = (next_clock_change(now) - now).total_seconds()
    return min(settings.PORTAL_CACHE_SECONDS, int(until_change))
