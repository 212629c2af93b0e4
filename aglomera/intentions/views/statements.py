"""Statement pages: an intention's statements and the managing authority's record; downloads.

Views parse, authorize, call one action or query and render; they never write to the ORM.
Who sees what: `intentions.view` (staff of the agglomeration, and the applicant for its own
organisation) opens the page and downloads the PDF and DOCX; `intentions.track` (manager,
coordinator) keeps the managing authority's record. An applicant of another organisation gets
404 (the project's existence is not revealed), other members without the right 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aglomera.core.views_helpers import add_action_errors, authorize, get_agglomeration
from aglomera.intentions import documents
from aglomera.intentions.actions import statements as actions
from aglomera.intentions.forms import statements as forms
from aglomera.intentions.models import ComplianceStatement, ProjectIntention
from aglomera.intentions.queries import statements as queries
from aglomera.intentions.queries.submission import get_intention

VIEW = "intentions.view"


def authorize_own(user: Any, perm: str, obj: Any, agglomeration: Any) -> None:
    """403 for members without the right; 404 for an applicant of another organisation, who may
    see projects in general but must not learn that this one exists."""
    if user.has_perm(VIEW, obj):
        authorize(user, perm, obj)
        return
    if user.has_perm(VIEW, agglomeration):
        raise Http404
    raise PermissionDenied


def visible_intention(
    request: HttpRequest, slug: str, pk: int, perm: str = VIEW
) -> ProjectIntention:
    agglomeration = get_agglomeration(request.user, slug)
    intention = get_intention(agglomeration, pk)
    if intention is None:
        raise Http404
    authorize_own(request.user, perm, intention, agglomeration)
    return intention


def _page(
    request: HttpRequest,
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


@login_required
@require_GET
def intention_statements(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _page(request, visible_intention(request, slug, pk))


@login_required
@require_POST
def managing_authority(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    intention = visible_intention(request, slug, pk, "intentions.track")
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


def _statement(request: HttpRequest, slug: str, pk: int) -> ComplianceStatement:
    agglomeration = get_agglomeration(request.user, slug)
    statement = queries.get_statement(agglomeration, pk)
    if statement is None:
        raise Http404
    authorize_own(request.user, VIEW, statement, agglomeration)
    return statement


def _download(
    statement: ComplianceStatement, body: bytes, extension: str, mime: str
) -> HttpResponse:
    response = HttpResponse(body, content_type=mime)
    filename = statement.evidence_number.replace("/", "-") + f".{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def statement_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    statement = _statement(request, slug, pk)
    return _download(statement, documents.statement_pdf(statement), "pdf", "application/pdf")


@login_required
@require_GET
def statement_docx(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    statement = _statement(request, slug, pk)
    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return _download(statement, documents.statement_docx(statement), "docx", mime)
