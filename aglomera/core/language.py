"""The language switch: where its links lead, and how the choice is remembered.

A page re-rendered after a refused POST (a form error) has a POST-only address: a link to it
answers 405. The links therefore lead through `core:language`, with the page's GET address:
the request's own for GET, the page the form was on (the Referer, same site only) for POST, or
else the start page. The choice is kept in the language cookie and, for a signed-in user, as the
preferred language activated at the next login.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils.http import url_has_allowed_host_and_scheme

SAFE_METHODS = ("GET", "HEAD")


def codes() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def _resolvable(path: str) -> bool:
    try:
        resolve(urlsplit(path).path)
    except Resolver404:
        return False
    return True


def start_page(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    return reverse("core:dashboard" if user and user.is_authenticated else "accounts:login")


def safe_next(request: HttpRequest, target: str | None) -> str | None:
    """`target` if it is a path of this site that resolves, else None."""
    if not target or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    parts = urlsplit(target)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return path if path.startswith("/") and _resolvable(path) else None


def page_address(request: HttpRequest) -> str:
    """The GET address of the page being shown."""
    if request.method in SAFE_METHODS:
        return request.get_full_path()
    return safe_next(request, request.headers.get("Referer")) or start_page(request)


def in_language(request: HttpRequest, target: str | None, code: str) -> str:
    """`target` (a page of this site) in language `code`; the start page when it is not one."""
    path = safe_next(request, target)
    if path is None:
        return translate_url(start_page(request), code)
    return translate_url(path, code)


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


__all__ = ["codes", "in_language", "page_address", "remember", "safe_next", "start_page"]
