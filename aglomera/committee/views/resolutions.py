"""Deciding an item, and the list of resolutions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aglomera.committee.actions import resolutions as actions
from aglomera.committee.forms import resolutions as forms
from aglomera.committee.queries import resolutions as queries
from aglomera.committee.views.pages import item_of, run_on_meeting
from aglomera.core.views_helpers import get_agglomeration


@login_required
@require_POST
def decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = item_of(request, slug, pk, "committee.manage")
    form = forms.DecideForm(request.POST)
    text = form.cleaned_data["text"] if form.is_valid() else ""
    return run_on_meeting(
        request,
        item.meeting,
        lambda: actions.decide_item(item, actor=request.user, text=text),
        _("The item is decided; its resolution is recorded."),
    )


@login_required
@require_GET
def resolutions(request: HttpRequest, slug: str) -> HttpResponse:
    agglomeration = get_agglomeration(request.user, slug, "committee.view")
    return render(
        request,
        "committee/resolutions.html",
        {"agglomeration": agglomeration, "resolutions": queries.list_resolutions(agglomeration)},
    )
