"""Progress report pages: the project's reports and form (applicant), a report with its steps,
and the coordinators' queue of submitted reports.

Views parse, authorize, call one action or query and render; they never write to the ORM.
Who sees what: `intentions.view` opens a project's reports (staff of the agglomeration, the
applicant for its own organisation; another organisation's applicant gets 404);
`monitoring.report_progress` (the applicant, own organisation) writes and submits;
`monitoring.approve_progress` (manager, coordinator) approves or returns and sees the queue.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from aglomera.core.once import form_token
from aglomera.core.views_helpers import add_action_errors, authorize, get_agglomeration
from aglomera.core.workflow import TransitionNotAllowed
from aglomera.intentions.views.statements import VIEW, authorize_own, visible_intention
from aglomera.monitoring.actions import payments as payment_actions
from aglomera.monitoring.actions import progress as actions
from aglomera.monitoring.forms import progress as forms
from aglomera.monitoring.models import ProgressReport, ReportStatus
from aglomera.monitoring.queries import progress as queries

REPORT = actions.REPORT
APPROVE = actions.APPROVE


def _report(request: HttpRequest, slug: str, pk: int) -> ProgressReport:
    agglomeration = get_agglomeration(request.user, slug)
    report = queries.get_progress_report(agglomeration, pk)
    if report is None:
        raise Http404
    authorize_own(request.user, VIEW, report, agglomeration)
    return report


@login_required
@require_http_methods(["GET", "POST"])
def progress_list(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    intention = visible_intention(request, slug, pk)
    indicators = queries.committed_indicators(intention)
    can_report = request.user.has_perm(REPORT, intention)
    form = forms.ProgressReportForm(
        request.POST if request.method == "POST" else None, indicators=indicators
    )
    if request.method == "POST":
        authorize(request.user, REPORT, intention)
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
    request: HttpRequest,
    report: ProgressReport,
    *,
    form: forms.ProgressReportForm | None = None,
    step_form: forms.ProgressStepForm | None = None,
    status: int = 200,
) -> HttpResponse:
    page = queries.get_report_page(report, request.user)
    editable = report.status in actions.EDITABLE and request.user.has_perm(REPORT, report)
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


@login_required
@require_http_methods(["GET", "POST"])
def progress_report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    report = _report(request, slug, pk)
    if request.method != "POST":
        return _detail(request, report)
    authorize(request.user, REPORT, report)
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
def progress_step(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    report = _report(request, slug, pk)
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


@login_required
@require_http_methods(["GET"])
def progress_queue(request: HttpRequest, slug: str) -> HttpResponse:
    agglomeration = get_agglomeration(request.user, slug, APPROVE)
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
