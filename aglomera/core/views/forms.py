"""What views do with a form that runs an action: authorize, validate, run, show its errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.forms import BaseForm

from aglomera.accounts.permissions import require_perm
from aglomera.core.tenant import TenantRequest


def add_action_errors(form: BaseForm, error: ValidationError) -> None:
    """Attach an action's ValidationError to the form: to its fields where they exist."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def submit_action_form(
    request: TenantRequest,
    form: BaseForm,
    perm: str,
    obj: Any,
    action: Callable[[dict[str, Any]], object],
) -> bool:
    """On POST: authorize, validate, run the action; errors land on the form. True on success."""
    if request.method != "POST":
        return False
    require_perm(request.user, perm, obj)
    if not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except ValidationError as exc:
        add_action_errors(form, exc)
        return False
    return True
