"""The page modifying an announced call."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aglomera.calls.actions import modifications as modification_actions
from aglomera.calls.forms import modifications as modification_forms
from aglomera.calls.models import CallStatus
from aglomera.calls.views.calls import call_of
from aglomera.core.tenant import TenantRequest, tenant_view
from aglomera.core.views.forms import submit_action_form


@tenant_view("calls.manage")
@require_http_methods(["GET", "POST"])
def call_modify(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    call = call_of(request, pk)
    request.tenant.require("calls.manage", call)
    if call.status != CallStatus.ANNOUNCED:
        messages.info(request, _("Only an announced call can be modified."))
        return redirect("calls:detail", slug=slug, pk=pk)
    form = modification_forms.ModificationForm(
        request.POST or None,
        agglomeration=agglomeration,
        initial={"allocation": call.allocation, "closes_at": call.closes_at},
    )
    if submit_action_form(
        request,
        form,
        "calls.manage",
        call,
        lambda data: modification_actions.modify_call(
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
    return render(
        request,
        "calls/modify.html",
        {"agglomeration": agglomeration, "call": call, "form": form},
        status=422 if form.errors else 200,
    )
