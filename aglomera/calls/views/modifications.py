"""The page modifying an announced call."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aglomera.calls import actions
from aglomera.calls.forms import modifications as modification_forms
from aglomera.calls.models import CallStatus
from aglomera.calls.views.calls import call_of, render_in_zone, submit_in_zone
from aglomera.core.views_helpers import authorize, get_agglomeration


@login_required
@require_http_methods(["GET", "POST"])
def call_modify(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    agglomeration = get_agglomeration(request.user, slug, "calls.manage")
    call = call_of(agglomeration, pk)
    authorize(request.user, "calls.manage", call)
    if call.status != CallStatus.ANNOUNCED:
        messages.info(request, _("Only an announced call can be modified."))
        return redirect("calls:detail", slug=slug, pk=pk)
    form = modification_forms.ModificationForm(
        request.POST or None,
        agglomeration=agglomeration,
        initial={"allocation": call.allocation, "closes_at": call.closes_at},
    )
    if submit_in_zone(
        request,
        agglomeration,
        form,
        "calls.manage",
        call,
        lambda data: actions.modify_call(
            call,
            allocation=data["allocation"],
            closes_at=data["closes_at"],
            reason=data["reason"],
            actor=request.user,
            form_token=data["form_token"],
        ),
    ):
        messages.success(request, _("The modification is recorded."))
        return redirect("calls:detail", slug=slug, pk=pk)
    return render_in_zone(
        request,
        agglomeration,
        "calls/modify.html",
        {"call": call, "form": form},
        status=422 if form.errors else 200,
    )
