"""Pages of the yearly schedule of calls: creating one, its calls and its approval."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from aglomera.calls.actions import schedules as schedule_actions
from aglomera.calls.forms import schedules as schedule_forms
from aglomera.calls.models import CallSchedule
from aglomera.calls.queries import calls as call_queries
from aglomera.calls.queries import schedules as schedule_queries
from aglomera.calls.views.calls import list_context
from aglomera.core.tenant import TenantRequest, get_in_tenant, tenant_view
from aglomera.core.views.forms import submit_action_form


@login_required
@require_POST
@tenant_view("calls.manage")
def schedule_new(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    form = schedule_forms.ScheduleForm(request.POST)
    created: list[Any] = []
    if submit_action_form(
        request,
        form,
        "calls.manage",
        agglomeration,
        lambda data: created.append(
            schedule_actions.create_schedule(
                agglomeration,
                data["year"],
                data["note"],
                actor=request.user,
                form_token=data["form_token"],
            )
        ),
    ):
        messages.success(request, _("The call schedule is created."))
        return redirect("calls:schedule", slug=slug, year=created[0].year)
    return render(request, "calls/list.html", list_context(request, form), status=422)


@tenant_view("calls.view_planned")
@require_http_methods(["GET", "POST"])
def schedule_detail(request: TenantRequest, slug: str, year: int) -> HttpResponse:
    tenant = request.tenant
    schedule = get_in_tenant(CallSchedule, tenant, year=year)
    form = schedule_forms.ScheduleApprovalForm(
        request.POST or None, initial={"approved_on": schedule.approved_on}
    )
    if submit_action_form(
        request,
        form,
        "calls.announce",
        schedule,
        lambda data: schedule_actions.approve_schedule(
            schedule, data["approved_on"], actor=request.user
        ),
    ):
        messages.success(request, _("The approval date of the schedule is recorded."))
        return redirect("calls:schedule", slug=slug, year=year)
    rows = call_queries.list_calls(
        tenant.agglomeration, tenant.user, timezone.now(), schedule=schedule
    )
    return render(
        request,
        "calls/schedule.html",
        {
            "agglomeration": tenant.agglomeration,
            "schedule": schedule,
            "rows": rows,
            "total": schedule_queries.total_allocation(rows),
            "form": form,
            "can_approve": tenant.can("calls.announce", schedule),
        },
        status=422 if form.errors else 200,
    )
