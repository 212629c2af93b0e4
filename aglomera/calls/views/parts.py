"""Adding and removing criteria, formal checks and required attachments of a planned call."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aglomera.calls import actions
from aglomera.calls.views.calls import (
    PART_FORMS,
    PART_MODELS,
    call_of,
    detail_context,
    render_in_zone,
    submit_in_zone,
)
from aglomera.core.views_helpers import authorize, get_agglomeration


@login_required
@require_POST
def call_part_add(request: HttpRequest, slug: str, pk: int, part: str) -> HttpResponse:
    agglomeration = get_agglomeration(request.user, slug, "calls.manage")
    form_class = PART_FORMS.get(part)
    if form_class is None:
        raise Http404
    call = call_of(agglomeration, pk)
    form = form_class(request.POST, prefix=part)

    def add(data: dict[str, Any]) -> object:
        if part == "criterion":
            return actions.add_criterion(
                call,
                data["name"],
                data["kind"],
                weight=data["weight"],
                max_points=data["max_points"],
                actor=request.user,
                form_token=data["form_token"],
            )
        if part == "checklist":
            return actions.add_checklist_item(
                call, data["text"], actor=request.user, form_token=data["form_token"]
            )
        return actions.add_attachment_kind(
            call,
            data["name"],
            mandatory=data["mandatory"],
            actor=request.user,
            form_token=data["form_token"],
        )

    if submit_in_zone(request, agglomeration, form, "calls.manage", call, add):
        messages.success(request, _("Added to the call."))
        return redirect("calls:detail", slug=slug, pk=pk)
    context = detail_context(request, agglomeration, pk, {part: form})
    context["open_form"] = part
    return render_in_zone(request, agglomeration, "calls/detail.html", context, status=422)


@login_required
@require_POST
def call_part_remove(
    request: HttpRequest, slug: str, pk: int, part: str, part_pk: int
) -> HttpResponse:
    agglomeration = get_agglomeration(request.user, slug, "calls.manage")
    model = PART_MODELS.get(part)
    if model is None:
        raise Http404
    call = call_of(agglomeration, pk)
    authorize(request.user, "calls.manage", call)
    item = get_object_or_404(model, pk=part_pk, call=call)
    try:
        actions.remove_call_part(item, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Removed from the call."))
    return redirect("calls:detail", slug=slug, pk=pk)
