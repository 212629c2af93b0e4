"""Progress report pages: the project's reports and form (applicant), a report with its steps,
and the coordinators' queue of submitted reports.

Views parse, authorize, call one action or query and render; they never write to the ORM.
Who sees what: `intentions.view` opens a project's reports (staff of the agglomeration, the
applicant for its own organisation; another organisation's applicant gets 404; a draft is the
applicant's own: aglomera/intentions/views/access.py);
`monitoring.report_progress` (the applicant, own organisation) writes and submits;
`monitoring.approve_progress` (manager, coordinator) approves or returns and sees the queue.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from aglomera.core.once import form_token
from aglomera.core.tenant import TenantRequest, get_in_tenant, tenant_view
from aglomera.core.transitions import TransitionNotAllowed
from aglomera.core.views.forms import add_action_errors
from aglomera.intentions.views.access import VIEW, intention_of, require_own
from aglomera.monitoring.actions import payments as payment_actions
from aglomera.monitoring.actions import progress as actions
from aglomera.monitoring.forms import progress as forms
from aglomera.monitoring.models import ProgressReport, ReportStatus
from aglomera.monitoring.queries import progress as queries

REPORT = actions.REPORT
APPROVE = actions.APPROVE


def report_of(request: TenantRequest, pk: int) -> ProgressReport:
    """The tenant's report `pk`, when the user may open its project."""
    report = get_in_tenant(queries.progress_reports(), request.tenant, pk=pk)
    require_own(request.tenant, VIEW, report)
    return report


@tenant_view()
@require_http_methods(["GET", "POST"])
def progress_list(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    tenant = request.tenant
    intention = intention_of(request, pk)
    indicators = queries.committed_indicators(intention)
    can_report = tenant.can(REPORT, intention)
    form = forms.ProgressReportForm(
        request.POST if request.method == "POST" else None, indicators=indicators
    )
    if request.method == "POST":
        tenant.require(REPORT, intention)
        if form.is_valid():
            try:
                report = actions.create_progress_report(
                    intention,
                    period_end=form.cleaned_data["period_end"],
                    narrative=form.cleaned_data["narrative"],
                    values=form.values(),
                    actor=request.user,
                    form_token=form_token(form),
                )
            except ValidationError as exc:
                add_action_errors(form, exc)
            else:
                messages.success(request, _("The progress report is saved as a draft."))
                return redirect("monitoring:progress_report", slug=slug, pk=report.pk)
    return render(
        request,
        "monitoring/progress/list.html",
        {
            "agglomeration": intention.call.agglomeration,
            "intention": intention,
            "reports": queries.list_progress_reports(intention),
            "form": form if can_report else None,
            "reportable": intention.status in actions.REPORTABLE,
            "can_forecast": payment_actions.may_forecast(request.user, intention),
        },
        status=422 if form.errors else 200,
    )


def _detail(
    request: TenantRequest,
    report: ProgressReport,
    *,
    form: forms.ProgressReportForm | None = None,
    step_form: forms.ProgressStepForm | None = None,
    status: int = 200,
) -> HttpResponse:
    page = queries.get_report_page(report, request.user)
    editable = report.status in actions.EDITABLE and request.tenant.can(REPORT, report)
    if form is None and editable:
        form = forms.ProgressReportForm(
            indicators=queries.committed_indicators(report.intention), report=report
        )
    decisions = [to for to in page.allowed if to != ReportStatus.SUBMITTED]
    if step_form is None and decisions:
        step_form = forms.ProgressStepForm(allowed=decisions)
    return render(
        request,
        "monitoring/progress/report.html",
        {
            "agglomeration": report.intention.call.agglomeration,
            "intention": report.intention,
            "report": report,
            "page": page,
            "form": form if editable else None,
            "step_form": step_form,
            "can_submit": ReportStatus.SUBMITTED in page.allowed,
        },
        status=status,
    )


@tenant_view()
@require_http_methods(["GET", "POST"])
def progress_report(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    report = report_of(request, pk)
    if request.method != "POST":
        return _detail(request, report)
    request.tenant.require(REPORT, report)
    form = forms.ProgressReportForm(
        request.POST, indicators=queries.committed_indicators(report.intention)
    )
    if form.is_valid():
        try:
            actions.update_progress_report(
                report,
                period_end=form.cleaned_data["period_end"],
                narrative=form.cleaned_data["narrative"],
                values=form.values(),
                actor=request.user,
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The progress report is saved."))
            return redirect("monitoring:progress_report", slug=slug, pk=pk)
    return _detail(request, report, form=form, status=422)


@login_required
@require_POST
@tenant_view()
def progress_step(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    report = report_of(request, pk)
    to = request.POST.get("to", "")
    if to not in ReportStatus.values:
        raise PermissionDenied
    step_form = forms.ProgressStepForm(request.POST, allowed=[to])
    if not step_form.is_valid():  # only an over-long reason gets here
        return _detail(request, report, step_form=step_form, status=422)
    try:
        moved = actions.move_progress_report(
            report, to, actor=request.user, reason=step_form.cleaned_data["reason"]
        )
    except TransitionNotAllowed:
        messages.error(request, _("This step is no longer possible; the report has moved on."))
    except ValidationError as exc:
        add_action_errors(step_form, exc)
        return _detail(request, report, step_form=step_form, status=422)
    else:
        messages.success(
            request,
            _("The progress report is now: %(status)s.") % {"status": moved.get_status_display()},
        )
        if request.POST.get("next") == "queue":
            return redirect("monitoring:progress_queue", slug=slug)
    return redirect("monitoring:progress_report", slug=slug, pk=pk)


@tenant_view(APPROVE)
@require_http_methods(["GET"])
def progress_queue(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    return render(
        request,
        "monitoring/progress/queue.html",
        {
            "agglomeration": agglomeration,
            "reports": queries.list_submitted_reports(agglomeration),
            "steps": [
                (ReportStatus.APPROVED, forms.STEP_LABELS[ReportStatus.APPROVED]),
                (ReportStatus.RETURNED, forms.STEP_LABELS[ReportStatus.RETURNED]),
            ],
        },
    )
