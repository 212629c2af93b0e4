"""Report pages: the history of generated reports, the request form and the downloads.

Views parse, authorize, call one action or query and render; they never write to the ORM.
Who: `monitoring.view` (manager, coordinator, working group, committee, auditor) sees the history
and downloads; `monitoring.report` (manager, coordinator) requests reports, sets the schedule of
the list of operations and asks the beneficiaries for what it lacks. Outsiders get 404, members
without the right 403; a report of another agglomeration is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aglomera.agglomerations.models import Agglomeration
from aglomera.core.actors import Actor
from aglomera.core.once import form_token
from aglomera.core.tenant import TenantRequest, get_in_tenant, tenant_view
from aglomera.core.views.forms import submit_action_form
from aglomera.monitoring.actions import jobs
from aglomera.monitoring.actions.publication import request_art49_details
from aglomera.monitoring.actions.reports import request_report
from aglomera.monitoring.actions.schedule import set_list_schedule
from aglomera.monitoring.forms.reports import (
    DetailsRequestForm,
    ListScheduleForm,
    ReportRequestForm,
)
from aglomera.monitoring.models import GeneratedReport, GeneratedReportKind, ListSchedule
from aglomera.monitoring.queries import reports as history
from aglomera.monitoring.reports import storage

VIEW = "monitoring.view"
REQUEST = "monitoring.report"


def _request(agglomeration: Agglomeration, actor: Actor, data: dict[str, Any]) -> None:
    request_report(
        agglomeration,
        kind=data["kind"],
        period_start=data["period_start"],
        period_end=data["period_end"],
        narrative={
            name: data[name] for name in ("introduction", "progress", "problems", "outlook")
        },
        actor=actor,
        form_token=data["form_token"],
    )


def report_of(request: TenantRequest, pk: int) -> GeneratedReport:
    return get_in_tenant(
        GeneratedReport.objects.select_related("agglomeration"), request.tenant, pk=pk
    )


def _schedule_form(schedule: history.ScheduleState, data: Any = None) -> ListScheduleForm:
    current = schedule.schedule
    return ListScheduleForm(
        data,
        initial={
            "enabled": current.enabled if current is not None else True,
            "interval_days": current.interval_days
            if current is not None
            else ListSchedule.DEFAULT_DAYS,
        },
    )


def _list_page(
    request: TenantRequest,
    *,
    schedule_form: ListScheduleForm | None = None,
    details_errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    jobs.expire_stale_jobs(agglomeration=agglomeration)  # the user sees a stopped worker at once
    lines = history.list_reports(agglomeration)
    context: dict[str, Any] = {
        "agglomeration": agglomeration,
        "lines": lines,
        "pending": any(line.pending for line in lines),
        "can_request": request.tenant.can(REQUEST),
        "restartable": {
            line.report.pk for line in lines if jobs.can_start_again(line.report, request.user)
        },
    }
    if getattr(request, "htmx", False):
        # The history polls itself every 5 s while a report is pending: only the history.
        return render(request, "monitoring/reports/_history.html", context)
    today = timezone.localdate()
    freshness = history.art49_freshness(agglomeration, today)
    schedule = history.list_schedule_state(agglomeration, freshness)
    context.update(
        freshness=freshness,
        gaps=history.art49_gaps(agglomeration, today),
        schedule=schedule,
        schedule_form=schedule_form or _schedule_form(schedule),
        last_request=history.last_details_request(agglomeration),
        details_form=DetailsRequestForm(),
        details_errors=details_errors or [],
    )
    return render(request, "monitoring/reports/list.html", context, status=status)


@tenant_view(VIEW)
@require_GET
def report_list(request: TenantRequest, slug: str) -> HttpResponse:
    return _list_page(request)


@login_required
@require_POST
@tenant_view(REQUEST)
def report_schedule(request: TenantRequest, slug: str) -> HttpResponse:
    """Set the schedule of the list of operations (its owner becomes the one who saves it)."""
    agglomeration = request.tenant.agglomeration
    form = ListScheduleForm(request.POST)
    saved = submit_action_form(
        request,
        form,
        REQUEST,
        agglomeration,
        lambda data: set_list_schedule(
            agglomeration,
            enabled=data["enabled"],
            interval_days=data["interval_days"],
            actor=request.user,
        ),
    )
    if not saved:
        return _list_page(request, schedule_form=form, status=422)
    if form.cleaned_data["enabled"]:
        messages.success(
            request,
            ngettext(
                "The list of operations is generated by itself every %(days)s day, in your name.",
                "The list of operations is generated by itself every %(days)s days, in your name.",
                form.cleaned_data["interval_days"],
            )
            % {"days": form.cleaned_data["interval_days"]},
        )
    else:
        messages.success(request, _("The list of operations is no longer generated by itself."))
    return redirect("monitoring:reports", slug=slug)


@login_required
@require_POST
@tenant_view(REQUEST)
def report_details_request(request: TenantRequest, slug: str) -> HttpResponse:
    """Ask the beneficiaries for the purposes and achievements the list lacks."""
    form = DetailsRequestForm(request.POST)
    form.is_valid()  # only the one-time token: a missing or bad one is no error
    try:
        event = request_art49_details(
            request.tenant.agglomeration, actor=request.user, form_token=form_token(form)
        )
    except ValidationError as error:
        return _list_page(request, details_errors=error.messages, status=422)
    after = event.after or {}
    messages.success(
        request,
        _(
            "The request is sent (operations: %(operations)s, people asked: %(people)s). Each "
            "person gets an e-mail with a link to each operation's page."
        )
        % {
            "people": len(after.get("recipients") or []),
            "operations": len(after.get("intentions") or {}),
        },
    )
    return redirect("monitoring:reports", slug=slug)


@login_required
@require_POST
@tenant_view(REQUEST)
def report_again(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    """Start again a report whose background worker stopped (its lease expired)."""
    try:
        jobs.start_report_again(report_of(request, pk), actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The report is being generated again. It appears in the list when it is ready."),
        )
    return redirect("monitoring:reports", slug=slug)


@tenant_view(REQUEST)
@require_http_methods(["GET", "POST"])
def report_request(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    today = timezone.localdate()
    form = ReportRequestForm(
        request.POST if request.method == "POST" else None,
        initial={
            "kind": GeneratedReportKind.FULFILMENT,
            "period_start": today.replace(month=1, day=1),
            "period_end": today,
        },
    )
    if submit_action_form(
        request,
        form,
        REQUEST,
        agglomeration,
        lambda data: _request(agglomeration, request.user, data),
    ):
        messages.success(
            request, _("The report is being generated. It appears in the list when it is ready.")
        )
        return redirect("monitoring:reports", slug=slug)
    return render(
        request,
        "monitoring/reports/request.html",
        {"agglomeration": agglomeration, "form": form},
        status=422 if request.method == "POST" else 200,
    )


@tenant_view(VIEW)
@require_GET
def report_download(request: TenantRequest, slug: str, pk: int, extension: str) -> HttpResponseBase:
    report = report_of(request, pk)
    handle = storage.open_file(report, extension)  # streamed from the shared private storage
    if handle is None:
        raise Http404
    return FileResponse(
        handle,
        as_attachment=True,
        filename=storage.download_name(report, extension),
        content_type=storage.MIME_TYPES.get(extension, "application/octet-stream"),
    )
