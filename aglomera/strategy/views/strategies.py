"""The page creating a strategy."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aglomera.core.views_helpers import get_agglomeration, submit_action_form
from aglomera.strategy import actions
from aglomera.strategy.forms import strategies as strategy_forms
from aglomera.strategy.models import Strategy


@login_required
@require_http_methods(["GET", "POST"])
def strategy_new(request: HttpRequest, slug: str) -> HttpResponse:
    """A new strategy (e.g. for the next programming period) starts as a draft first version."""
    agglomeration = get_agglomeration(request.user, slug, "strategy.approve")
    form = strategy_forms.StrategyForm(request.POST or None)
    created: list[Strategy] = []
    if submit_action_form(
        request,
        form,
        "strategy.approve",
        agglomeration,
        lambda data: created.append(
            actions.create_strategy(
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
