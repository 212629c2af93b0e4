"""Oversized requests are refused from their Content-Length, before anything reads the body.

Each view says what it receives with `@upload_limit("attachment")` or `@upload_limit("import")`;
every other view takes at most REQUEST_MAX_BYTES (form fields only). The limits:

- ``"import"``: a list of operations, IMPORT_MAX_BYTES for the file plus REQUEST_MAX_BYTES for the
  rest of the form;
- ``"attachment"``: UPLOAD_REQUEST_MAX_BYTES for the whole request (an intention form may carry
  several files, each of them also limited to UPLOAD_MAX_BYTES by the attachment check);
- anything else: REQUEST_MAX_BYTES.

`RequestSizeLimitMiddleware` (aglomera/core/middleware.py) asks `refusal()` before the CSRF
middleware or a view could read the body, and answers 413 with a page in the user's language
(JSON when the client asks for JSON). A body without a Content-Length (chunked transfer
encoding) is refused with 411: under WSGI Django would silently read none of it, and browsers
always send the length of a form. Under ASGI, Django reads the whole body before any
middleware, so `guard_asgi_body` (config/asgi.py) hands Django an empty body for the requests
the middleware will refuse: they are answered the same way, without being received.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger("aglomera.request")

Kind = Literal["attachment", "import"]
KINDS: tuple[Kind, ...] = ("attachment", "import")
KIND_ATTRIBUTE = "upload_limit_kind"
View = TypeVar("View", bound=Callable[..., Any])


def upload_limit(kind: Kind) -> Callable[[View], View]:
    """Mark a view as receiving attachments or a list of operations (put it outermost)."""
    if kind not in KINDS:
        raise ValueError(f"unknown upload kind {kind!r}; expected one of {KINDS}")

    def mark(view: View) -> View:
        setattr(view, KIND_ATTRIBUTE, kind)
        return view

    return mark


def limit_for(kind: str | None) -> int:
    """The largest request body, in bytes, accepted by a view of this kind."""
    if kind == "import":
        return int(settings.IMPORT_MAX_BYTES) + int(settings.REQUEST_MAX_BYTES)
    if kind == "attachment":
        return int(settings.UPLOAD_REQUEST_MAX_BYTES)
    return int(settings.REQUEST_MAX_BYTES)


def view_kind(path_info: str, urlconf: str | None = None) -> str | None:
    """The upload kind of the view at this path (None: an ordinary view or no view at all)."""
    language = translation.get_language_from_path(path_info)
    try:
        with translation.override(language) if language else nullcontext():
            match = resolve(path_info, urlconf)
    except Resolver404:
        return None
    kind = getattr(match.func, KIND_ATTRIBUTE, None)
    return kind if isinstance(kind, str) else None


@dataclass(frozen=True)
class Refusal:
    status: int  # 413 too large, 411 length missing
    kind: str | None
    limit: int
    length: int | None


def refusal(
    path_info: str,
    content_length: str | None,
    transfer_encoding: str | None,
    urlconf: str | None = None,
) -> Refusal | None:
    """Why this request must be refused before its body is read, or None to let it in."""
    if not content_length:
        if transfer_encoding:
            return Refusal(411, None, 0, None)
        return None
    try:
        length = int(content_length)
    except ValueError:
        return None  # Django reads no body of a malformed length
    if length <= int(settings.REQUEST_MAX_BYTES):
        return None  # the smallest limit: no need to look the view up
    kind = view_kind(path_info, urlconf)
    limit = limit_for(kind)
    return Refusal(413, kind, limit, length) if length > limit else None


def _message(found: Refusal) -> str:
    if found.status == 411:
        return _(
            "Your browser sent the data without saying how large it is, so it was refused. "
            "Nothing was saved. Please send the form again."
        )
    if found.kind == "import":
        return _(
            "The list of operations is too large: the largest file accepted is %(limit)s. "
            "Nothing was saved."
        ) % {"limit": filesizeformat(settings.IMPORT_MAX_BYTES)}
    if found.kind == "attachment":
        return _(
            "The files are too large: at most %(limit)s can be sent at once, and each "
            "attachment may have at most %(file_limit)s. Nothing was saved. Send fewer or "
            "smaller files."
        ) % {
            "limit": filesizeformat(found.limit),
            "file_limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
        }
    return _("The data sent is too large (at most %(limit)s). Nothing was saved.") % {
        "limit": filesizeformat(found.limit)
    }


def refusal_response(request: HttpRequest, found: Refusal) -> HttpResponse:
    """The 413 (or 411) answer: JSON for clients that ask for JSON, else a short page."""
    logger.warning(
        "Refused %s %s: body of %s bytes, limit %s (%s)",
        request.method,
        request.path,
        "unknown" if found.length is None else found.length,
        found.limit,
        found.kind or "form",
    )
    message = _message(found)
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(
            {"error": message, "max_bytes": found.limit or None}, status=found.status
        )
    title = _("Too large") if found.status == 413 else _("Request refused")
    html = render_to_string("413.html", {"title": title, "message": message})
    return HttpResponse(html, status=found.status)


# ---- ASGI: refuse before Django's handler receives the body ---------------------------------

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Any]]
Send = Callable[[Any], Awaitable[None]]
AsgiApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if bytes(key).lower() == name:
            return bytes(value).decode("latin-1")
    return None


def _path_info(scope: Scope) -> str:
    path = str(scope.get("path", "/"))
    root = str(scope.get("root_path", ""))
    return path.removeprefix(root) if root and path.startswith(root) else path


def _empty_body(receive: Receive) -> Receive:
    """Hand over an empty body at once; never receive the real one."""
    given = False

    async def replacement() -> Any:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": b"", "more_body": False}
        # Django waits for a disconnect while the view runs and cancels this when done.
        await asyncio.Event().wait()
        return await receive()  # pragma: no cover - never reached, the wait is cancelled

    return replacement


def guard_asgi_body(app: AsgiApp) -> AsgiApp:
    """Wrap Django's ASGI application so that a refused request's body is never read."""

    async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") == "http" and refusal(
            _path_info(scope),
            _header(scope, b"content-length"),
            _header(scope, b"transfer-encoding"),
        ):
            receive = _empty_body(receive)
        await app(scope, receive, send)

    return guarded
