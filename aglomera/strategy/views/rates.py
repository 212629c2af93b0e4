"""The page of the agglomeration's exchange rates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aglomera.core.views_helpers import get_agglomeration, submit_action_form
from aglomera.strategy import actions
from aglomera.strategy.forms import rates as rate_forms
from aglomera.strategy.models import ExchangeRate


@login_required
@require_http_methods(["GET", "POST"])
def exchange_rates(request: HttpRequest, slug: str) -> HttpResponse:
    agglomeration = get_agglomeration(request.user, slug, "strategy.view")
    form = rate_forms.ExchangeRateForm(request.POST or None)
    if submit_action_form(
        request,
        form,
        "strategy.manage_rates",
        agglomeration,
        lambda data: actions.set_exchange_rate(
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
            "rates": ExchangeRate.objects.filter(agglomeration=agglomeration).order_by(
                "currency", "-valid_from"
            ),
            "form": form,
            "can_edit": request.user.has_perm("strategy.manage_rates", agglomeration),
        },
        status=422 if form.errors else 200,
    )
