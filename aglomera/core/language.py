"""The language switch: where its links lead, and how the choice is remembered.

A page re-rendered after a refused POST (a form error) has a POST-only address: a link to it
answers 405. The links therefore lead through `core:language`, with the page's GET address:
the request's own for GET, the page the form was on (the Referer, same site only) for POST, or
else the agglomeration's page or the start page. An address is used only when its view answers
GET (the Referer of a second try on an error page is the POST-only address itself). The choice is kept in the language cookie and, for a signed-in user, as the
preferred language activated at the next login.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, Resolver404, ResolverMatch, resolve, reverse, translate_url
from django.utils.http import url_has_allowed_host_and_scheme

SAFE_METHODS = ("GET", "HEAD")


def codes() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def _match(path: str) -> ResolverMatch | None:
    try:
        return resolve(urlsplit(path).path)
    except Resolver404:
        return None


def allowed_methods(view: Callable[..., Any]) -> set[str] | None:
    """The HTTP methods `view` answers, as far as its decorators (require_GET, require_POST,
    require_http_methods) or its class say; None when nothing limits them."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return {m.upper() for m in view_class.http_method_names if hasattr(view_class, m)}
    allowed: set[str] | None = None
    current: Any = view
    while callable(current):
        try:
            limit = inspect.getclosurevars(current).nonlocals.get("request_method_list")
        except TypeError:  # not a Python function (a partial, a callable object)
            limit = None
        if isinstance(limit, list | tuple | set | frozenset):
            methods = {str(m).upper() for m in limit}
            allowed = methods if allowed is None else allowed & methods
        current = getattr(current, "__wrapped__", None)
    return allowed


def answers_get(path: str) -> bool:
    """Whether `path` is an address of this site whose view answers GET."""
    match = _match(path)
    if match is None:
        return False
    methods = allowed_methods(match.func)
    return methods is None or "GET" in methods


def start_page(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    # The public see the portal's index; staff their start page.
    return reverse("core:dashboard" if user and user.is_authenticated else "portal:index")


def nearest_page(request: HttpRequest, path: str) -> str:
    """A GET page for a POST-only `path`: its agglomeration's page, else the start page."""
    match = _match(path)
    slug = match.kwargs.get("slug") if match else None
    user = getattr(request, "user", None)
    if slug and user is not None and user.is_authenticated:
        try:
            return reverse("agglomerations:detail", kwargs={"slug": slug})
        except NoReverseMatch:
            pass
    return start_page(request)


def _same_site(request: HttpRequest, target: str | None) -> str | None:
    """The path (and query) of `target` when it is an address of this site, else None."""
    if not target or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    parts = urlsplit(target)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return path if path.startswith("/") else None


def safe_next(request: HttpRequest, target: str | None) -> str | None:
    """`target` if it is a path of this site whose view answers GET, else None."""
    path = _same_site(request, target)
    return path if path is not None and answers_get(path) else None


def page_address(request: HttpRequest) -> str:
    """The GET address of the page being shown (never a POST-only one)."""
    if request.method in SAFE_METHODS and answers_get(request.path_info):
        return request.get_full_path()
    if request.method not in SAFE_METHODS:
        referer = safe_next(request, request.headers.get("Referer"))
        if referer is not None:
            return referer
    return nearest_page(request, request.path_info)


def in_language(request: HttpRequest, target: str | None, code: str) -> str:
    """`target` (a GET page of this site) in language `code`; else the agglomeration's page of
    a POST-only `target`, or the start page."""
    path = _same_site(request, target)
    if path is None:
        return translate_url(start_page(request), code)
    if not answers_get(path):
        return translate_url(nearest_page(request, path), code)
    return translate_url(path, code)


def from_this_site(request: HttpRequest) -> bool:
    """Whether the request was made from a page of this site (a link clicked here), not by a
    third-party page (an <img> pointing here): Sec-Fetch-Site when the browser sends it, else
    the Referer's host."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    referer = request.headers.get("Referer") or ""
    return urlsplit(referer).netloc != "" and _same_site(request, referer) is not None


def remember(response: HttpResponse, code: str) -> HttpResponse:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 3600,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


__all__ = [
    "allowed_methods",
    "answers_get",
    "codes",
    "from_this_site",
    "in_language",
    "nearest_page",
    "page_address",
    "remember",
    "safe_next",
    "start_page",
]
