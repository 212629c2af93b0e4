"""The agenda of a planned meeting: items, proposed decisions, withdrawing an item."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from aglomera.committee.actions import agenda as actions
from aglomera.committee.forms import agenda as forms
from aglomera.committee.models import DecisionKind
from aglomera.committee.queries import agenda as queries
from aglomera.committee.queries import meetings as meeting_queries
from aglomera.committee.views.pages import item_of, meeting_of, run_on_meeting
from aglomera.core.tenant import TenantRequest, tenant_view
from aglomera.core.views.forms import submit_action_form


@tenant_view("committee.manage")
@require_http_methods(["GET", "POST"])
def agenda(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    meeting = meeting_of(request, pk)
    agglomeration = request.tenant.agglomeration
    form = forms.AgendaItemForm(request.POST or None, agglomeration=agglomeration)
    if submit_action_form(
        request,
        form,
        "committee.manage",
        meeting,
        lambda data: actions.add_agenda_item(
            meeting,
            title=data["title"],
            kind=data["kind"],
            target=form.target(),
            proposal=data["proposal"],
            actor=request.user,
            form_token=data["form_token"],
        ),
    ):
        messages.success(request, _("The item is on the agenda."))
        return redirect("committee:agenda", slug=slug, pk=pk)
    page = meeting_queries.get_meeting_page(meeting)
    return render(
        request,
        "committee/agenda.html",
        {
            "agglomeration": agglomeration,
            "committee": meeting.committee,
            "meeting": meeting,
            "page": page,
            "form": form,
            "call_kind": DecisionKind.CALL_INTENTIONS,
        },
        status=422 if form.errors else 200,
    )


@tenant_view("committee.manage")
@require_http_methods(["GET", "POST"])
def proposals(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    item = item_of(request, pk)
    if item.kind != DecisionKind.CALL_INTENTIONS or item.object_id is None:
        raise Http404
    rows = queries.get_proposal_rows(item)
    form = forms.ProposalsForm(request.POST or None, intentions=rows)
    if submit_action_form(
        request,
        form,
        "committee.manage",
        item,
        lambda _data: actions.set_item_proposals(item, form.decisions(), actor=request.user),
    ):
        messages.success(request, _("The proposed decisions are saved."))
        return redirect("committee:agenda", slug=slug, pk=item.meeting_id)
    return render(
        request,
        "committee/proposals.html",
        {
            "agglomeration": request.tenant.agglomeration,
            "committee": item.meeting.committee,
            "meeting": item.meeting,
            "item": item,
            "form": form,
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
@tenant_view("committee.manage")
def withdraw(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    item = item_of(request, pk)
    return run_on_meeting(
        request,
        item.meeting,
        lambda: actions.withdraw_item(item, actor=request.user),
        _("The item is withdrawn from the agenda."),
    )
