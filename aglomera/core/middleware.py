"""Project middleware: headers on every response, the request size limit, the idle timeout,
the page of a 405.

Their places in settings.MIDDLEWARE matter:

- `SecurityHeadersMiddleware` right after Django's SecurityMiddleware, so that it sees every
  response, the static files of WhiteNoise included;
- `RequestSizeLimitMiddleware` after LocaleMiddleware (its page is in the user's language) and
  before CommonMiddleware and CsrfViewMiddleware (nothing has read the body yet);
- `IdleSessionMiddleware` after AuthenticationMiddleware and MessageMiddleware (it logs out
  and leaves a message);
- `MethodNotAllowedPageMiddleware` after AuthenticationMiddleware (its link back depends on
  the user) and CSPMiddleware (its page uses the CSP nonce).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext

from aglomera.core.language import SAFE_METHODS, nearest_page
from aglomera.core.request_size import refusal, refusal_response

Handler = Callable[[HttpRequest], HttpResponse]

# Browser features no page of Aglomera uses, switched off for every page and any frame.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)
PRIVATE = "private, no-store"


class SecurityHeadersMiddleware:
    """`Permissions-Policy` on every response; `Cache-Control: private, no-store` on every page
    and download (everything but the static files).

    A view's own Cache-Control is kept when it already forbids storing (`no-store`), or when it
    answers an anonymous visitor (a view may allow caching of a public page); for a signed-in
    user anything weaker is replaced, since pages and files carry personal data.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if request.path_info.startswith(settings.STATIC_URL):
            return response  # public, hashed files: WhiteNoise sets their caching
        current = response.get("Cache-Control", "")
        if "no-store" in current:
            return response
        user = getattr(request, "user", None)
        if current and not (user is not None and user.is_authenticated):
            return response
        response["Cache-Control"] = PRIVATE
        return response


class RequestSizeLimitMiddleware:
    """Answer 413 (411 without a length) before anything reads a body that is too large."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        found = refusal(
            request.path_info,
            request.META.get("CONTENT_LENGTH"),
            request.META.get("HTTP_TRANSFER_ENCODING"),
            getattr(request, "urlconf", None),
        )
        if found is not None:
            return refusal_response(request, found)
        return self.get_response(request)


class IdleSessionMiddleware:
    """Log a signed-in user out after SESSION_IDLE_MINUTES without a request.

    The time of the last request is kept in the session (on the server: the browser cannot
    change it) and written at most once a minute, so that an active user does not cost a
    session write per request. A session without it (started before this check existed) starts
    counting now. SESSION_IDLE_MINUTES = None switches the check off (the test suite does, so
    that tests may travel in time with a signed-in client).
    """

    KEY = "_aglomera_last_request"
    REFRESH_SECONDS = 60

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        minutes = settings.SESSION_IDLE_MINUTES
        session = request.session
        if minutes and SESSION_KEY in session:
            now = time.time()
            last = session.get(self.KEY)
            if isinstance(last, int | float) and now - last > minutes * 60:
                logout(request)
                message = ngettext(
                    "You were logged out after %(minutes)s minute without activity. "
                    "Please log in again.",
                    "You were logged out after %(minutes)s minutes without activity. "
                    "Please log in again.",
                    minutes,
                )
                messages.info(request, message % {"minutes": minutes})
            elif not isinstance(last, int | float) or now - last >= self.REFRESH_SECONDS:
                session[self.KEY] = now
        return self.get_response(request)


class MethodNotAllowedPageMiddleware:
    """Turn the empty 405 of a POST-only address opened with GET (a bookmark, a link copied
    from an error page) into a page in the user's language with a way back.

    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or getattr(response, "streaming", False):
            return response
        if response.content or request.method not in SAFE_METHODS:
            return response
        page = render(
            request,
            "405.html",
            {"back": nearest_page(request, request.path_info)},
            status=405,
        )
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page
