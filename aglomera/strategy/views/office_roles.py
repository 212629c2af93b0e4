"""The page of the office's role per programme action."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aglomera.core.views_helpers import get_agglomeration, submit_action_form
from aglomera.strategy import actions, queries
from aglomera.strategy.forms import office_roles as office_role_forms
from aglomera.strategy.models import OfficeRoleKind


@login_required
@require_http_methods(["GET", "POST"])
def office_roles(request: HttpRequest, slug: str) -> HttpResponse:
    """Per programme action: does the office select, assess consistency, or only monitor?"""
    agglomeration = get_agglomeration(request.user, slug, "strategy.view")
    form = office_role_forms.OfficeRoleForm(request.POST or None)
    if submit_action_form(
        request,
        form,
        "strategy.approve",
        agglomeration,
        lambda data: actions.set_office_role(agglomeration, actor=request.user, **data),
    ):
        messages.success(request, _("The role of the office is saved."))
        return redirect("strategy:office_roles", slug=slug)
    return render(
        request,
        "strategy/office_roles.html",
        {
            "agglomeration": agglomeration,
            "rows": queries.list_office_roles(agglomeration.pk, agglomeration.country),
            "choices": OfficeRoleKind.choices,
            "form": form,
            "can_edit": request.user.has_perm("strategy.approve", agglomeration),
        },
        status=422 if form.errors else 200,
    )
