"""The page of the office's role per programme action."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aglomera.core.tenant import TenantRequest, tenant_view
from aglomera.core.views.forms import submit_action_form
from aglomera.strategy.actions import office_roles as office_role_actions
from aglomera.strategy.forms import office_roles as office_role_forms
from aglomera.strategy.models import OfficeRoleKind
from aglomera.strategy.queries import office_roles as office_role_queries


@tenant_view("strategy.view")
@require_http_methods(["GET", "POST"])
def office_roles(request: TenantRequest, slug: str) -> HttpResponse:
    """Per programme action: does the office select, assess consistency, or only monitor?"""
    agglomeration = request.tenant.agglomeration
    form = office_role_forms.OfficeRoleForm(request.POST or None, agglomeration=agglomeration)
    if submit_action_form(
        request,
        form,
        "strategy.approve",
        agglomeration,
        lambda data: office_role_actions.set_office_role(agglomeration, actor=request.user, **data),
    ):
        messages.success(request, _("The role of the office is saved."))
        return redirect("strategy:office_roles", slug=slug)
    return render(
        request,
        "strategy/office_roles.html",
        {
            "agglomeration": agglomeration,
            "rows": office_role_queries.list_office_roles(agglomeration.pk, agglomeration.country),
            "choices": OfficeRoleKind.choices,
            "form": form,
            "can_edit": request.tenant.can("strategy.approve"),
        },
        status=422 if form.errors else 200,
    )
