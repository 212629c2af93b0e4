"""Staff and applicant pages of calls: the list, one call, its editing and its workflow.

Views parse, authorize, call one action or query and render; they never write to the ORM.
Every page is a `tenant_view`: date-times are typed and shown in the agglomeration's time zone.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from aglomera.calls import transitions
from aglomera.calls.actions import calls as call_actions
from aglomera.calls.forms import calls as call_forms
from aglomera.calls.forms import parts as part_forms
from aglomera.calls.forms import schedules as schedule_forms
from aglomera.calls.models import AttachmentKind, Call, CallStatus, Criterion, FormalCheckItem
from aglomera.calls.queries import calls as call_queries
from aglomera.calls.queries import schedules as schedule_queries
from aglomera.core.tenant import TenantRequest, get_in_tenant, tenant_view
from aglomera.core.transitions import TransitionNotAllowed
from aglomera.core.views.forms import add_action_errors, submit_action_form

TRANSITION_LABELS: dict[str, Any] = {
    CallStatus.ANNOUNCED: gettext_lazy("Announce"),
    CallStatus.CLOSED: gettext_lazy("Close"),
    CallStatus.CANCELLED: gettext_lazy("Cancel the call"),
}


def call_of(request: TenantRequest, pk: int) -> Call:
    return get_in_tenant(Call, request.tenant, pk=pk)


# ---- the list ----------------------------------------------------------------------------------


def list_context(
    request: TenantRequest, schedule_form: schedule_forms.ScheduleForm
) -> dict[str, Any]:
    tenant = request.tenant
    see_planned = tenant.can("calls.view_planned")
    return {
        "agglomeration": tenant.agglomeration,
        "rows": call_queries.list_calls(tenant.agglomeration, tenant.user, timezone.now()),
        "schedules": schedule_queries.list_schedules(tenant.agglomeration) if see_planned else [],
        "can_manage": tenant.can("calls.manage"),
        "schedule_form": schedule_form,
    }


@tenant_view("calls.view")
def call_list(request: TenantRequest, slug: str) -> HttpResponse:
    context = list_context(request, schedule_forms.ScheduleForm())
    return render(request, "calls/list.html", context)


# ---- creating and editing a planned call ------------------------------------------------------


def _call_fields(data: dict[str, Any]) -> call_actions.CallFields:
    return call_actions.CallFields(**{k: v for k, v in data.items() if k != "form_token"})


@tenant_view("calls.manage")
@require_http_methods(["GET", "POST"])
def call_new(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    initial: dict[str, Any] = {"aid_rate": "85", "mode": "office"}
    form = call_forms.CallForm(request.POST or None, agglomeration=agglomeration, initial=initial)
    created: list[Call] = []
    if submit_action_form(
        request,
        form,
        "calls.manage",
        agglomeration,
        lambda data: created.append(
            call_actions.create_call(
                agglomeration,
                _call_fields(data),
                actor=request.user,
                form_token=data["form_token"],
            )
        ),
    ):
        messages.success(request, _("The call is planned. Add its criteria, then announce it."))
        return redirect("calls:detail", slug=slug, pk=created[0].pk)
    return render(
        request,
        "calls/call_form.html",
        {"agglomeration": agglomeration, "form": form, "call": None},
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


@tenant_view("calls.manage")
@require_http_methods(["GET", "POST"])
def call_edit(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    call = call_of(request, pk)
    if call.status != CallStatus.PLANNED and request.method == "GET":
        messages.info(request, _("Only a planned call can be edited; modify an announced one."))
        return redirect("calls:detail", slug=slug, pk=pk)
    form = call_forms.CallForm(
        request.POST or None, agglomeration=agglomeration, initial=_call_initial(call)
    )
    if submit_action_form(
        request,
        form,
        "calls.manage",
        call,
        lambda data: call_actions.update_call(call, _call_fields(data), actor=request.user),
    ):
        messages.success(request, _("The call is saved."))
        return redirect("calls:detail", slug=slug, pk=pk)
    return render(
        request,
        "calls/call_form.html",
        {"agglomeration": agglomeration, "form": form, "call": call},
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


def detail_context(request: TenantRequest, pk: int, bound: dict[str, BaseForm]) -> dict[str, Any]:
    tenant = request.tenant
    detail = call_queries.get_call(tenant.agglomeration, pk, tenant.user, timezone.now())
    call = detail.call
    can_manage = tenant.can("calls.manage", call)
    part_forms = {name: bound.get(name) or cls(prefix=name) for name, cls in PART_FORMS.items()}
    allowed = transitions.allowed_transitions(call, tenant.user)
    return {
        "agglomeration": tenant.agglomeration,
        "detail": detail,
        "call": call,
        "row": detail.row,
        "can_edit": can_manage and call.status == CallStatus.PLANNED,
        "can_modify": can_manage and call.status == CallStatus.ANNOUNCED,
        "part_forms": part_forms,
        "buttons": [(to, TRANSITION_LABELS.get(to, to)) for to in allowed],
        "transition_form": bound.get("transition") or call_forms.CallTransitionForm(),
    }


@tenant_view("calls.view")
def call_detail(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    return render(request, "calls/detail.html", detail_context(request, pk, {}))


@login_required
@require_POST
@tenant_view("calls.view")
def call_transition(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    call = call_of(request, pk)
    request.tenant.require("calls.announce", call)
    form = call_forms.CallTransitionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            call = call_actions.change_call_status(
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
    context = detail_context(request, pk, {"transition": form})
    context["open_form"] = "transition"
    return render(request, "calls/detail.html", context, status=422)
