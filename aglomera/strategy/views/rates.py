"""The page of the agglomeration's exchange rates."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aglomera.core.tenant import TenantRequest, in_tenant, tenant_view
from aglomera.core.views.forms import submit_action_form
from aglomera.strategy.actions import rates as rate_actions
from aglomera.strategy.forms import rates as rate_forms
from aglomera.strategy.models import ExchangeRate


@tenant_view("strategy.view")
@require_http_methods(["GET", "POST"])
def exchange_rates(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    form = rate_forms.ExchangeRateForm(request.POST or None)
    if submit_action_form(
        request,
        form,
        "strategy.manage_rates",
        agglomeration,
        lambda data: rate_actions.set_exchange_rate(
            agglomeration=agglomeration, actor=request.user, **data
        ),
    ):
        messages.success(request, _("The exchange rate is saved."))
        return redirect("strategy:exchange_rates", slug=slug)
    return render(
        request,
        "strategy/exchange_rates.html",
        {
            "agglomeration": agglomeration,
            "rates": in_tenant(ExchangeRate, agglomeration).order_by("currency", "-valid_from"),
            "form": form,
            "can_edit": request.tenant.can("strategy.manage_rates"),
        },
        status=422 if form.errors else 200,
    )
