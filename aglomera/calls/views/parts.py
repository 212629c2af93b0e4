"""Adding and removing criteria, formal checks and required attachments of a planned call."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aglomera.calls.actions import parts as part_actions
from aglomera.calls.views.calls import PART_FORMS, PART_MODELS, call_of, detail_context
from aglomera.core.tenant import TenantRequest, get_in_tenant, tenant_view
from aglomera.core.views.forms import submit_action_form


@login_required
@require_POST
@tenant_view("calls.manage")
def call_part_add(request: TenantRequest, slug: str, pk: int, part: str) -> HttpResponse:
    form_class = PART_FORMS.get(part)
    if form_class is None:
        raise Http404
    call = call_of(request, pk)
    form = form_class(request.POST, prefix=part)

    def add(data: dict[str, Any]) -> object:
        if part == "criterion":
            return part_actions.add_criterion(
                call,
                data["name"],
                data["kind"],
                weight=data["weight"],
                max_points=data["max_points"],
                actor=request.user,
                form_token=data["form_token"],
            )
        if part == "checklist":
            return part_actions.add_checklist_item(
                call, data["text"], actor=request.user, form_token=data["form_token"]
            )
        return part_actions.add_attachment_kind(
            call,
            data["name"],
            mandatory=data["mandatory"],
            actor=request.user,
            form_token=data["form_token"],
        )

    if submit_action_form(request, form, "calls.manage", call, add):
        messages.success(request, _("Added to the call."))
        return redirect("calls:detail", slug=slug, pk=pk)
    context = detail_context(request, pk, {part: form})
    context["open_form"] = part
    return render(request, "calls/detail.html", context, status=422)


@login_required
@require_POST
@tenant_view("calls.manage")
def call_part_remove(
    request: TenantRequest, slug: str, pk: int, part: str, part_pk: int
) -> HttpResponse:
    model = PART_MODELS.get(part)
    if model is None:
        raise Http404
    call = call_of(request, pk)
    request.tenant.require("calls.manage", call)
    item = get_in_tenant(model.objects.filter(call=call), request.tenant, pk=part_pk)
    try:
        part_actions.remove_call_part(item, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Removed from the call."))
    return redirect("calls:detail", slug=slug, pk=pk)
