"""Import pages: upload a list, map its columns, watch the job, read the result, link operations.

Views parse, authorize, call one action or query and render; they never write to the ORM.
Every page is a `tenant_view`: a job or an operation of another agglomeration is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from aglomera.core.request_size import upload_limit
from aglomera.core.tenant import TenantRequest, get_in_tenant, tenant_view
from aglomera.core.views.forms import add_action_errors
from aglomera.monitoring.actions import imports as actions
from aglomera.monitoring.actions import jobs
from aglomera.monitoring.forms import imports as forms
from aglomera.monitoring.models import ImportJob, ImportStatus, Operation
from aglomera.monitoring.queries import imports as queries

VIEW = "monitoring.view"
IMPORT = "monitoring.import"
ACTIVE = (ImportStatus.QUEUED, ImportStatus.RUNNING)


def job_of(request: TenantRequest, pk: int) -> ImportJob:
    # The user sees a stopped worker at once.
    jobs.expire_stale_jobs(agglomeration=request.tenant.agglomeration)
    return get_in_tenant(queries.import_jobs(), request.tenant, pk=pk)


@upload_limit("import")
@tenant_view(VIEW)
@require_http_methods(["GET", "POST"])
def import_list(request: TenantRequest, slug: str) -> HttpResponse:
    """The latest imports and, for staff, the upload form."""
    tenant = request.tenant
    agglomeration = tenant.agglomeration
    jobs.expire_stale_jobs(agglomeration=agglomeration)
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        tenant.require(IMPORT)
        if form.is_valid():
            data = form.cleaned_data
            try:
                job = actions.start_import(
                    agglomeration,
                    data["file"],
                    file_name=data["file"].name,
                    source_name=data["source_name"],
                    layout=data["layout"],
                    as_of=data["as_of"],
                    dry_run=data["dry_run"],
                    encoding=data["encoding"],
                    delimiter=data["delimiter"],
                    currency=data["currency"],
                    actor=request.user,
                    form_token=data["form_token"],
                )
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                return redirect("monitoring:import_job", slug=slug, pk=job.pk)
    return render(
        request,
        "monitoring/imports/list.html",
        {
            "agglomeration": agglomeration,
            "jobs": queries.list_import_jobs(agglomeration),
            "sources": queries.list_sources(agglomeration),
            "form": form,
            "can_import": tenant.can(IMPORT),
        },
        status=422 if form.errors else 200,
    )


@tenant_view(VIEW)
def import_job(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    """A queued or running import with its progress bar; a finished one goes to its result."""
    job = job_of(request, pk)
    if job.status not in ACTIVE:
        return redirect("monitoring:import_result", slug=slug, pk=pk)
    if queries.needs_mapping(job) and request.tenant.can(IMPORT, job):
        return redirect("monitoring:import_mapping", slug=slug, pk=pk)
    return render(
        request, "monitoring/imports/job.html", {"agglomeration": job.agglomeration, "job": job}
    )


@tenant_view(VIEW)
def import_progress(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    """The progress fragment the job page polls every second (htmx)."""
    job = job_of(request, pk)
    if job.status not in ACTIVE:
        target = reverse("monitoring:import_result", kwargs={"slug": slug, "pk": pk})
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(target)
        return redirect(target)
    return render(
        request,
        "monitoring/imports/_progress.html",
        {"agglomeration": job.agglomeration, "job": job},
    )


def _result_page(
    request: TenantRequest,
    job: ImportJob,
    *,
    link_error: tuple[int, str, str] | None = None,
) -> HttpResponse:
    result = queries.get_import_result(job, page=request.GET.get("page", 1))
    return render(
        request,
        "monitoring/imports/result.html",
        {
            "agglomeration": job.agglomeration,
            "job": job,
            "result": result,
            "scope": queries.scope_table(job),
            "can_link": request.tenant.can(IMPORT, job),
            "can_start_again": jobs.can_start_again(job, request.user),
            "link_error": link_error,
        },
        status=422 if link_error else 200,
    )


@tenant_view(VIEW)
def import_result(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    job = job_of(request, pk)
    if job.status in ACTIVE:
        return redirect("monitoring:import_job", slug=slug, pk=pk)
    return _result_page(request, job)


@tenant_view(IMPORT)
@require_http_methods(["GET", "POST"])
def import_mapping(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    """Map the columns of a custom list to our fields; saved on the source for next time."""
    job = job_of(request, pk)
    headers = queries.mapping_headers(job)
    if headers is None:
        return redirect("monitoring:import_job", slug=slug, pk=pk)
    form = forms.MappingForm(
        headers, dict(job.source.column_mapping), request.POST if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        mapping = {k: v for k, v in form.cleaned_data.items() if v}
        try:
            actions.map_columns(job, mapping, actor=request.user)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The column mapping is saved; the import has started."))
            return redirect("monitoring:import_job", slug=slug, pk=pk)
    return render(
        request,
        "monitoring/imports/mapping.html",
        {
            "agglomeration": job.agglomeration,
            "job": job,
            "form": form,
            "headers": headers,
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
@tenant_view(IMPORT)
def import_again(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    """Start again an import whose background worker stopped (its lease expired)."""
    job = job_of(request, pk)
    try:
        jobs.start_import_again(job, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("monitoring:import_result", slug=slug, pk=pk)
    messages.success(request, _("The import is queued again; it reads the same file."))
    return redirect("monitoring:import_job", slug=slug, pk=pk)


@login_required
@require_POST
@tenant_view(VIEW)
def link_operation(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    """Link an unmatched operation to an intention; errors re-render the import's result."""
    tenant = request.tenant
    operation = get_in_tenant(Operation, tenant, pk=pk)
    tenant.require(IMPORT, operation)
    job_pk = request.POST.get("job", "")
    if not job_pk.isdigit():
        raise Http404
    job = get_in_tenant(queries.import_jobs(), tenant, pk=int(job_pk))
    form = forms.LinkForm(queries.linkable_intentions(tenant.agglomeration), request.POST)
    reason = ""
    if form.is_valid():
        try:
            actions.link_operation(operation, form.cleaned_data["intention"], actor=request.user)
        except ValidationError as error:
            reason = " ".join(error.messages)
        else:
            messages.success(
                request,
                _("Operation %(number)s is linked to the intention.")
                % {"number": operation.registration_number},
            )
            return redirect(
                f"{reverse('monitoring:import_result', kwargs={'slug': slug, 'pk': job.pk})}"
                f"#unmatched"
            )
    else:
        reason = " ".join(str(message) for message in form.errors["intention"])
    value = request.POST.get("intention", "")
    return _result_page(request, job, link_error=(operation.pk, value, reason))
