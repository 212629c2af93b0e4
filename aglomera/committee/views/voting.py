"""Votes: a member online, the manager for the room; declared conflicts of interest."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from aglomera.committee.actions import conflicts as conflict_actions
from aglomera.committee.actions import voting as actions
from aglomera.committee.forms import voting as forms
from aglomera.committee.queries import members as queries
from aglomera.committee.views.ballot import confirmation, receipt
from aglomera.committee.views.pages import item_of, render_meeting, run_on_meeting
from aglomera.core import once
from aglomera.core.tenant import TenantRequest, tenant_view


@login_required
@require_http_methods(["GET", "POST"])
@tenant_view("committee.vote")
def vote(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    """Two steps, without JavaScript: the meeting page's buttons ask (GET) for the confirmation
    page, which shows the voter, the item and the choice; only its POST (`confirmed`) casts."""
    item = item_of(request, pk)
    data = request.POST if request.method == "POST" else request.GET
    form = forms.VoteForm(data, agglomeration=request.tenant.agglomeration)
    if not form.is_valid():
        return render_meeting(
            request, item.meeting, error=_("Choose for whom and how to vote."), status=422
        )
    member = form.cleaned_data["member"]
    choice = form.cleaned_data["choice"]
    if request.method == "GET" or not form.cleaned_data["confirmed"]:
        return confirmation(request, item, member, choice)
    return run_on_meeting(
        request,
        item.meeting,
        lambda: actions.cast_vote(
            item, member, choice, actor=request.user, form_token=once.form_token(form)
        ),
        receipt(request.tenant.user, item, member, choice),
    )


@login_required
@require_POST
@tenant_view("committee.manage")
def room_votes(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    item = item_of(request, pk)
    members = queries.list_members(item.meeting.committee)
    form = forms.RoomVotesForm(request.POST, members=[m for m in members if m.active])
    if not form.is_valid():
        error = " ".join(map(str, form.non_field_errors())) or _("Choose the votes.")
        return render_meeting(request, item.meeting, error=error, status=422)
    return run_on_meeting(
        request,
        item.meeting,
        lambda: actions.record_room_votes(item, form.choices(), actor=request.user),
        _("The votes of the room are recorded."),
    )


@login_required
@require_POST
@tenant_view("committee.view")
def conflict(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    """A member declares a conflict of interest (the manager records anyone's)."""
    item = item_of(request, pk)
    tenant = request.tenant
    if not (tenant.can("committee.manage", item) or tenant.can("committee.vote", item)):
        raise PermissionDenied
    form = forms.ConflictForm(request.POST, agglomeration=tenant.agglomeration, item=item)
    if not form.is_valid():
        return render_meeting(
            request,
            item.meeting,
            error=_("Choose the member and say what the conflict of interest is."),
            status=422,
            conflict_form=form,
        )
    return run_on_meeting(
        request,
        item.meeting,
        lambda: conflict_actions.declare_conflict(
            item,
            form.cleaned_data["member"],
            intention=form.intention_on_item(),
            reason=form.cleaned_data["reason"],
            actor=request.user,
        ),
        _("The conflict of interest is recorded."),
        conflict_form=form,
    )
