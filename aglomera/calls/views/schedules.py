"""Pages of the yearly schedule of calls: creating one, its calls and its approval."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from aglomera.calls import actions, queries
from aglomera.calls.forms import schedules as schedule_forms
from aglomera.calls.views.calls import list_context, render_in_zone, submit_in_zone
from aglomera.core.views_helpers import get_agglomeration


@login_required
@require_POST
def schedule_new(request: HttpRequest, slug: str) -> HttpResponse:
    agglomeration = get_agglomeration(request.user, slug, "calls.manage")
    form = schedule_forms.ScheduleForm(request.POST)
    created: list[Any] = []
    if submit_in_zone(
        request,
        agglomeration,
        form,
        "calls.manage",
        agglomeration,
        lambda data: created.append(
            actions.create_schedule(
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
    context = list_context(request, agglomeration, form)
    return render_in_zone(request, agglomeration, "calls/list.html", context, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def schedule_detail(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    agglomeration = get_agglomeration(request.user, slug, "calls.view_planned")
    schedule = queries.get_schedule(agglomeration, year)
    form = schedule_forms.ScheduleApprovalForm(
        request.POST or None, initial={"approved_on": schedule.approved_on}
    )
    if submit_in_zone(
        request,
        agglomeration,
        form,
        "calls.announce",
        schedule,
        lambda data: actions.approve_schedule(schedule, data["approved_on"], actor=request.user),
    ):
        messages.success(request, _("The approval date of the schedule is recorded."))
        return redirect("calls:schedule", slug=slug, year=year)
    rows = queries.list_calls(agglomeration, request.user, timezone.now(), schedule=schedule)
    return render_in_zone(
        request,
        agglomeration,
        "calls/schedule.html",
        {
            "schedule": schedule,
            "rows": rows,
            "total": queries.total_allocation(rows),
            "form": form,
            "can_approve": request.user.has_perm("calls.announce", schedule),
        },
        status=422 if form.errors else 200,
    )
