"""Statement pages: an intention's statements and the managing authority's record; downloads.

Views parse, authorize, call one action or query and render; they never write to the ORM.
Who sees what: `intentions.view` (staff of the agglomeration, and the applicant for its own
organisation) opens the page and downloads the PDF and DOCX; `intentions.track` (manager,
coordinator) keeps the managing authority's record. An applicant of another organisation gets
404 (the project's existence is not revealed), other members without the right 403
(`views.access`).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aglomera.core.tenant import TenantRequest, get_in_tenant, tenant_view
from aglomera.core.views.forms import add_action_errors
from aglomera.intentions import documents
from aglomera.intentions.actions import statements as actions
from aglomera.intentions.forms import statements as forms
from aglomera.intentions.models import ComplianceStatement, ProjectIntention
from aglomera.intentions.queries import statements as queries
from aglomera.intentions.views.access import VIEW, intention_of, require_own


def _page(
    request: TenantRequest,
    intention: ProjectIntention,
    form: forms.ManagingAuthorityForm | None = None,
    status: int = 200,
) -> HttpResponse:
    page = queries.get_statements_page(intention, request.user)
    if form is None and page.can_track:
        form = forms.ManagingAuthorityForm(
            initial={
                "registration_number": intention.registration_number,
                "ma_state_code": intention.ma_state_code,
            },
            targets=page.track_targets,
        )
    return render(
        request,
        "intentions/statements/intention.html",
        {
            "agglomeration": intention.call.agglomeration,
            "intention": intention,
            "page": page,
            "form": form,
        },
        status=status,
    )


@tenant_view()
@require_GET
def intention_statements(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    return _page(request, intention_of(request, pk))


@login_required
@require_POST
@tenant_view()
def managing_authority(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    intention = intention_of(request, pk, "intentions.track")
    targets = queries.track_targets(intention, request.user)
    form = forms.ManagingAuthorityForm(request.POST, targets=targets)
    if form.is_valid():
        data = form.cleaned_data
        try:
            intention = actions.record_managing_authority(
                intention,
                registration_number=data["registration_number"],
                ma_state_code=data["ma_state_code"],
                to=data["to"],
                reason=data["reason"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(
                request,
                _("Saved. The project intention is now: %(status)s.")
                % {"status": intention.get_status_display()},
            )
            return redirect("intentions:statements", slug=slug, pk=pk)
    return _page(request, intention, form, status=422)


def _statement(request: TenantRequest, pk: int) -> ComplianceStatement:
    statement = get_in_tenant(queries.statements(), request.tenant, pk=pk)
    require_own(request.tenant, VIEW, statement)
    return statement


def _download(
    statement: ComplianceStatement, body: bytes, extension: str, mime: str
) -> HttpResponse:
    response = HttpResponse(body, content_type=mime)
    filename = statement.evidence_number.replace("/", "-") + f".{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@tenant_view()
@require_GET
def statement_pdf(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    statement = _statement(request, pk)
    return _download(statement, documents.statement_pdf(statement), "pdf", "application/pdf")


@tenant_view()
@require_GET
def statement_docx(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    statement = _statement(request, pk)
    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return _download(statement, documents.statement_docx(statement), "docx", mime)
