"""The page creating a strategy."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aglomera.core.tenant import TenantRequest, tenant_view
from aglomera.core.views.forms import submit_action_form
from aglomera.strategy.actions import strategies as strategy_actions
from aglomera.strategy.forms import strategies as strategy_forms
from aglomera.strategy.models import Strategy


@tenant_view("strategy.approve")
@require_http_methods(["GET", "POST"])
def strategy_new(request: TenantRequest, slug: str) -> HttpResponse:
    """A new strategy (e.g. for the next programming period) starts as a draft first version."""
    agglomeration = request.tenant.agglomeration
    form = strategy_forms.StrategyForm(request.POST or None)
    created: list[Strategy] = []
    if submit_action_form(
        request,
        form,
        "strategy.approve",
        agglomeration,
        lambda data: created.append(
            strategy_actions.create_strategy(
                agglomeration,
                data["period"],
                data["name"],
                actor=request.user,
                form_token=data["form_token"],
            )
        ),
    ):
        messages.success(request, _("The strategy is created. Fill in its first version."))
        return redirect("strategy:tree", slug=slug, pk=created[0].pk)
    return render(
        request,
        "strategy/strategy_form.html",
        {"agglomeration": agglomeration, "form": form},
        status=422 if form.errors else 200,
    )
