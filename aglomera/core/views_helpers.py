"""What every staff view does first: find the agglomeration and check the actor's role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404
from django.shortcuts import get_object_or_404

from aglomera.accounts.permissions import require_member, require_perm
from aglomera.agglomerations.models import Agglomeration


def get_agglomeration(user: Any, slug: str, perm: str = "agglomerations.view") -> Agglomeration:
    """404 for outsiders (existence is not revealed), 403 for members without the permission."""
    if not user.is_authenticated:
        raise Http404
    agglomeration = get_object_or_404(Agglomeration, slug=slug)
    require_member(user, agglomeration)
    authorize(user, perm, agglomeration)
    return agglomeration


authorize = require_perm


def add_action_errors(form: BaseForm, error: ValidationError) -> None:
    """Attach an action's ValidationError to the form: to its fields where they exist."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def submit_action_form(
    request: Any, form: BaseForm, perm: str, obj: Any, action: Callable[[dict[str, Any]], object]
) -> bool:
    """On POST: authorize, validate, run the action; errors land on the form. True on success."""
    if request.method != "POST":
        return False
    authorize(request.user, perm, obj)
    if not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except ValidationError as exc:
        add_action_errors(form, exc)
        return False
    return True
