"""Every refusal of the API is JSON: {"detail": "...", "code": "..."} in the request's language.

- 400 `invalid`: the request's own input (query parameters, body) is malformed; `errors` names
  the fields.
- 401 `not_authenticated` / `authentication_failed`: no token or a wrong one (staff endpoints).
- 403 `permission_denied`: a member of the agglomeration whose role does not allow it.
- 404 `not_found`: unknown address or object, or an object of an agglomeration the client is
  not a member of (its existence is not revealed).
- 405 `method_not_allowed`, 429 `throttled`.
- 409: the object is not in a state that allows the step (`wrong_status`, `not_allowed`) or
  someone acted in the meantime (`stale`: the `revision` sent is not the current one).
- 422: the action refused the input by a domain rule (e.g. `checklist_incomplete`,
  `call_not_open`); `errors` names the fields when the rule does.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from aglomera.core.transitions import TransitionNotAllowed

# Codes of the actions' ValidationError that say "not in this state any more".
CONFLICT_CODES = frozenset({"stale", "wrong_status", "not_allowed", "not_editable"})


def _domain_error(exc: DjangoValidationError) -> Response:
    code = getattr(exc, "code", None)
    if code is None and hasattr(exc, "error_list"):
        code = next((error.code for error in exc.error_list if error.code), None)
    body: dict[str, Any] = {"detail": " ".join(exc.messages), "code": code or "invalid"}
    if hasattr(exc, "error_dict"):
        body["errors"] = exc.message_dict
    conflict = code in CONFLICT_CODES
    return Response(
        body,
        status=status.HTTP_409_CONFLICT if conflict else status.HTTP_422_UNPROCESSABLE_ENTITY,
    )


def handle(exc: Exception, context: dict[str, Any]) -> Response | None:
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]."""
    if isinstance(exc, DjangoValidationError):
        return _domain_error(exc)
    if isinstance(exc, TransitionNotAllowed):
        return Response(
            {"detail": str(exc), "code": "not_allowed"}, status=status.HTTP_409_CONFLICT
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    detail = exc.detail
    if isinstance(detail, dict | list):
        response.data = {"detail": _("Invalid input."), "code": "invalid", "errors": detail}
    else:
        response.data = {"detail": str(detail), "code": getattr(detail, "code", "error")}
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        response.data["wait"] = exc.wait
    return response


@csrf_exempt
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Every address under /api/ that names no endpoint, whatever the method."""
    return JsonResponse({"detail": _("Not found."), "code": "not_found"}, status=404)
