"""Report pages: the history of generated reports, the request form and the downloads.

Views parse, authorize, call one action or query and render; they never write to the ORM.
Who: `monitoring.view` (manager, coordinator, working group, committee, auditor) sees the history
and downloads; `monitoring.report` (manager, coordinator) requests reports. Outsiders get 404,
members without the right 403; a report of another agglomeration is a 404.
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
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aglomera.agglomerations.models import Agglomeration
from aglomera.core.actors import Actor
from aglomera.core.tenant import TenantRequest, get_in_tenant, tenant_view
from aglomera.core.views.forms import submit_action_form
from aglomera.monitoring.actions import jobs
from aglomera.monitoring.actions.reports import request_report
from aglomera.monitoring.forms.reports import ReportRequestForm
from aglomera.monitoring.models import GeneratedReport, GeneratedReportKind
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


@tenant_view(VIEW)
@require_GET
def report_list(request: TenantRequest, slug: str) -> HttpResponse:
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
    context["freshness"] = history.art49_freshness(agglomeration, today)
    context["gaps"] = history.art49_gaps(agglomeration, today)
    return render(request, "monitoring/reports/list.html", context)


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
