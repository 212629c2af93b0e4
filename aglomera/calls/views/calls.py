"""Staff and applicant pages of calls: the list, one call, its editing and its workflow.

Views parse, authorize, call one action or query and render; they never write to the ORM.
Date-times are typed and shown in the agglomeration's time zone (`timezone.override`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from aglomera.agglomerations.models import Agglomeration
from aglomera.calls import actions, queries, transitions
from aglomera.calls.forms import calls as call_forms
from aglomera.calls.forms import parts as part_forms
from aglomera.calls.forms import schedules as schedule_forms
from aglomera.calls.models import AttachmentKind, Call, CallStatus, Criterion, FormalCheckItem
from aglomera.core.views_helpers import (
    add_action_errors,
    authorize,
    get_agglomeration,
    submit_action_form,
)
from aglomera.core.workflow import TransitionNotAllowed

TRANSITION_LABELS: dict[str, Any] = {
    CallStatus.ANNOUNCED: gettext_lazy("Announce"),
    CallStatus.CLOSED: gettext_lazy("Close"),
    CallStatus.CANCELLED: gettext_lazy("Cancel the call"),
}


def render_in_zone(
    request: HttpRequest,
    agglomeration: Agglomeration,
    template: str,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> HttpResponse:
    """Render with date-times shown in the agglomeration's time zone."""
    with timezone.override(queries.zone_of(agglomeration.time_zone)):
        return render(request, template, {"agglomeration": agglomeration, **context}, status=status)


def submit_in_zone(
    request: HttpRequest,
    agglomeration: Agglomeration,
    form: BaseForm,
    perm: str,
    obj: Any,
    action: Callable[[dict[str, Any]], object],
) -> bool:
    """`submit_action_form`, with typed date-times read in the agglomeration's time zone."""
    with timezone.override(queries.zone_of(agglomeration.time_zone)):
        return submit_action_form(request, form, perm, obj, action)


# ---- the list ----------------------------------------------------------------------------------


def list_context(
    request: HttpRequest, agglomeration: Agglomeration, schedule_form: schedule_forms.ScheduleForm
) -> dict[str, Any]:
    see_planned = request.user.has_perm("calls.view_planned", agglomeration)
    rows = queries.list_calls(agglomeration, request.user, timezone.now())
    return {
        "rows": rows,
        "schedules": queries.list_schedules(agglomeration) if see_planned else [],
        "can_manage": request.user.has_perm("calls.manage", agglomeration),
        "schedule_form": schedule_form,
    }


@login_required
def call_list(request: HttpRequest, slug: str) -> HttpResponse:
    agglomeration = get_agglomeration(request.user, slug, "calls.view")
    context = list_context(request, agglomeration, schedule_forms.ScheduleForm())
    return render_in_zone(request, agglomeration, "calls/list.html", context)


# ---- creating and editing a planned call ------------------------------------------------------


def _call_fields(data: dict[str, Any]) -> actions.CallFields:
    return actions.CallFields(**{k: v for k, v in data.items() if k != "form_token"})


@login_required
@require_http_methods(["GET", "POST"])
def call_new(request: HttpRequest, slug: str) -> HttpResponse:
    agglomeration = get_agglomeration(request.user, slug, "calls.manage")
    initial: dict[str, Any] = {"aid_rate": "85", "mode": "office"}
    form = call_forms.CallForm(request.POST or None, agglomeration=agglomeration, initial=initial)
    created: list[Call] = []
    if submit_in_zone(
        request,
        agglomeration,
        form,
        "calls.manage",
        agglomeration,
        lambda data: created.append(
            actions.create_call(
                agglomeration,
                _call_fields(data),
                actor=request.user,
                form_token=data["form_token"],
            )
        ),
    ):
        messages.success(request, _("The call is planned. Add its criteria, then announce it."))
        return redirect("calls:detail", slug=slug, pk=created[0].pk)
    return render_in_zone(
        request,
        agglomeration,
        "calls/call_form.html",
        {"form": form, "call": None},
        status=422 if form.errors else 200,
    )


def _call_initial(call: Call) -> dict[str, Any]:
    return {
        "strategy": call.strategy_id,
        "schedule": call.schedule_id,
        "number": call.number,
        "name": call.name,
        "mode": call.mode,
        "measure_code": call.measure_code,
        "specific_objective": call.specific_objective_id,
        "allocation": call.allocation,
        "opens_at": call.opens_at,
        "closes_at": call.closes_at,
        "eligible_applicants": call.eligible_applicants,
        "supported_activities": call.supported_activities,
        "min_eligible_cost": call.min_eligible_cost,
        "max_eligible_cost": call.max_eligible_cost,
        "aid_rate": call.aid_rate,
        "territory": [m.pk for m in call.territory.all()],
        "managing_authority_call": call.managing_authority_call,
    }


def call_of(agglomeration: Agglomeration, pk: int) -> Call:
    return get_object_or_404(Call, pk=pk, agglomeration=agglomeration)


@login_required
@require_http_methods(["GET", "POST"])
def call_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    agglomeration = get_agglomeration(request.user, slug, "calls.manage")
    call = call_of(agglomeration, pk)
    if call.status != CallStatus.PLANNED and request.method == "GET":
        messages.info(request, _("Only a planned call can be edited; modify an announced one."))
        return redirect("calls:detail", slug=slug, pk=pk)
    form = call_forms.CallForm(
        request.POST or None, agglomeration=agglomeration, initial=_call_initial(call)
    )
    if submit_in_zone(
        request,
        agglomeration,
        form,
        "calls.manage",
        call,
        lambda data: actions.update_call(call, _call_fields(data), actor=request.user),
    ):
        messages.success(request, _("The call is saved."))
        return redirect("calls:detail", slug=slug, pk=pk)
    return render_in_zone(
        request,
        agglomeration,
        "calls/call_form.html",
        {"form": form, "call": call},
        status=422 if form.errors else 200,
    )


# ---- one call: the page and its workflow ----------------------------------------------------

PART_FORMS: dict[str, type[BaseForm]] = {
    "criterion": part_forms.CriterionForm,
    "checklist": part_forms.ChecklistItemForm,
    "attachment": part_forms.AttachmentKindForm,
}
PART_MODELS: dict[str, Any] = {
    "criterion": Criterion,
    "checklist": FormalCheckItem,
    "attachment": AttachmentKind,
}


def detail_context(
    request: HttpRequest, agglomeration: Agglomeration, pk: int, bound: dict[str, BaseForm]
) -> dict[str, Any]:
    detail = queries.get_call(agglomeration, pk, request.user, timezone.now())
    call = detail.call
    can_manage = request.user.has_perm("calls.manage", call)
    part_forms = {name: bound.get(name) or cls(prefix=name) for name, cls in PART_FORMS.items()}
    allowed = transitions.allowed_transitions(call, request.user)  # type: ignore[arg-type]  # tenant_view (issue 9)
    return {
        "detail": detail,
        "call": call,
        "row": detail.row,
        "can_edit": can_manage and call.status == CallStatus.PLANNED,
        "can_modify": call.status == CallStatus.ANNOUNCED
        and request.user.has_perm("calls.manage", call),
        "part_forms": part_forms,
        "buttons": [(to, TRANSITION_LABELS.get(to, to)) for to in allowed],
        "transition_form": bound.get("transition") or call_forms.CallTransitionForm(),
    }


@login_required
def call_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    agglomeration = get_agglomeration(request.user, slug, "calls.view")
    context = detail_context(request, agglomeration, pk, {})
    return render_in_zone(request, agglomeration, "calls/detail.html", context)


@login_required
@require_POST
def call_transition(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    agglomeration = get_agglomeration(request.user, slug, "calls.view")
    call = call_of(agglomeration, pk)
    authorize(request.user, "calls.announce", call)
    form = call_forms.CallTransitionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            call = actions.change_call_status(
                call, data["to"], actor=request.user, reason=data["reason"]
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        except TransitionNotAllowed:
            form.add_error(None, _("You cannot take this step on this call now."))
        else:
            messages.success(
                request,
                _("The call is now: %(status)s.") % {"status": call.get_status_display()},
            )
            return redirect("calls:detail", slug=slug, pk=pk)
    context = detail_context(request, agglomeration, pk, {"transition": form})
    context["open_form"] = "transition"
    return render_in_zone(request, agglomeration, "calls/detail.html", context, status=422)
