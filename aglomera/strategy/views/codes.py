"""The page of indicator codes (EU common and national)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aglomera.core.tenant import TenantRequest, tenant_view
from aglomera.core.views.forms import submit_action_form
from aglomera.strategy.actions import codes as code_actions
from aglomera.strategy.forms import codes as code_forms
from aglomera.strategy.models import IndicatorCode


@tenant_view("strategy.view")
@require_http_methods(["GET", "POST"])
def indicator_codes(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    form = code_forms.IndicatorCodeForm(request.POST or None)
    if submit_action_form(
        request,
        form,
        "strategy.manage_codes",
        agglomeration,
        lambda data: code_actions.add_indicator_code(
            agglomeration=agglomeration, actor=request.user, **data
        ),
    ):
        messages.success(request, _("The indicator code is added."))
        return redirect("strategy:indicator_codes", slug=slug)
    return render(
        request,
        "strategy/indicator_codes.html",
        {
            "agglomeration": agglomeration,
            "codes": IndicatorCode.objects.order_by("source", "code"),
            "form": form,
            "can_add": request.tenant.can("strategy.manage_codes"),
        },
        status=422 if form.errors else 200,
    )
