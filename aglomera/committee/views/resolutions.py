"""Deciding an item, and the list of resolutions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aglomera.committee.actions import resolutions as actions
from aglomera.committee.forms import resolutions as forms
from aglomera.committee.queries import resolutions as queries
from aglomera.committee.views.pages import item_of, run_on_meeting
from aglomera.core.tenant import TenantRequest, tenant_view


@login_required
@require_POST
@tenant_view("committee.manage")
def decide(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    item = item_of(request, pk)
    form = forms.DecideForm(request.POST)
    text = form.cleaned_data["text"] if form.is_valid() else ""
    return run_on_meeting(
        request,
        item.meeting,
        lambda: actions.decide_item(item, actor=request.user, text=text),
        _("The item is decided; its resolution is recorded."),
    )


@tenant_view("committee.view")
@require_GET
def resolutions(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    return render(
        request,
        "committee/resolutions.html",
        {"agglomeration": agglomeration, "resolutions": queries.list_resolutions(agglomeration)},
    )
