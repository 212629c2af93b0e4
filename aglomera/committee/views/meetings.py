"""Meetings: planning one, its page, its steps and its attendance."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aglomera.committee.actions import meetings as actions
from aglomera.committee.forms import meetings as forms
from aglomera.committee.models import Meeting, SteeringCommittee
from aglomera.committee.queries import members as queries
from aglomera.committee.views.pages import form_page, meeting_of, render_meeting, run_on_meeting
from aglomera.core.tenant import TenantRequest, get_in_tenant, tenant_view
from aglomera.core.views.forms import submit_action_form


@tenant_view("committee.manage")
@require_http_methods(["GET", "POST"])
def meeting_new(request: TenantRequest, slug: str) -> HttpResponse:
    committee = get_in_tenant(SteeringCommittee, request.tenant)  # 404 until it is set up
    form = forms.PlanMeetingForm(request.POST or None, initial={"period": "2021-2027"})
    planned: list[Meeting] = []
    if submit_action_form(
        request,
        form,
        "committee.manage",
        committee,
        lambda data: planned.append(actions.plan_meeting(committee, actor=request.user, **data)),
    ):
        messages.success(request, _("The meeting is planned. Put items on its agenda."))
        return redirect("committee:agenda", slug=slug, pk=planned[0].pk)
    return form_page(request, form, _("Plan a meeting"), committee=committee)


@tenant_view("committee.view")
@require_GET
def meeting_detail(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    return render_meeting(request, meeting_of(request, pk))


@login_required
@require_POST
@tenant_view("committee.manage")
def meeting_transition(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    meeting = meeting_of(request, pk)
    form = forms.TransitionForm(request.POST)
    if not form.is_valid():
        return render_meeting(request, meeting, error=_("Choose a step."), status=422)
    return run_on_meeting(
        request,
        meeting,
        lambda: actions.change_meeting_status(
            meeting, form.cleaned_data["to"], actor=request.user, reason=form.cleaned_data["reason"]
        ),
        _("The meeting status is changed."),
    )


@login_required
@require_POST
@tenant_view("committee.manage")
def attendance(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    meeting = meeting_of(request, pk)
    members = [m for m in queries.list_members(meeting.committee) if m.active]
    form = forms.AttendanceForm(request.POST, members=members, current={})
    if not form.is_valid():
        error = " ".join(map(str, form.non_field_errors())) or _("Record each member.")
        return render_meeting(request, meeting, error=error, status=422)
    return run_on_meeting(
        request,
        meeting,
        lambda: actions.record_attendance(meeting, form.presence(), actor=request.user),
        _("The attendance is recorded."),
    )
