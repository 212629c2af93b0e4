"""The intention's page of what the list of operations (CPR 2021/1060 Art. 49(3)) publishes:
purpose and achievements, and the contractors of its public procurement.

Views parse, authorize, call one action or query and render; they never write to the ORM.
Who: `intentions.view` opens the page (staff of the agglomeration, and the applicant for its own
organisation's intention); the applicant of that organisation and the office (manager,
coordinator) fill it (`actions.publication.may_edit_publication`), other readers get 403. An
applicant of another organisation gets 404 (`views.access`), an outsider 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from aglomera.core.once import form_token
from aglomera.core.tenant import TenantRequest, get_in_tenant, tenant_view
from aglomera.core.views.forms import add_action_errors
from aglomera.intentions.actions import publication as actions
from aglomera.intentions.forms.publication import ContractorForm, PublicationTextsForm
from aglomera.intentions.models import ProjectIntention
from aglomera.intentions.queries import publication as queries
from aglomera.intentions.views.access import intention_of


def _editable(request: TenantRequest, pk: int) -> ProjectIntention:
    intention = intention_of(request, pk)
    if not actions.may_edit_publication(request.user, intention):
        raise PermissionDenied
    return intention


def _texts_form(intention: ProjectIntention, data: Any = None) -> PublicationTextsForm:
    return PublicationTextsForm(
        data,
        initial={"purpose": intention.art49_purpose, "achievements": intention.art49_achievements},
    )


def _contractor_form(intention: ProjectIntention, data: Any = None) -> ContractorForm:
    return ContractorForm(data, initial={"country": intention.call.agglomeration.country})


def _page(
    request: TenantRequest,
    intention: ProjectIntention,
    *,
    texts_form: PublicationTextsForm | None = None,
    contractor_form: ContractorForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "intentions/publication/page.html",
        {
            "agglomeration": intention.call.agglomeration,
            "intention": intention,
            "page": queries.get_publication_page(intention),
            "can_edit": actions.may_edit_publication(request.user, intention),
            "texts_form": texts_form or _texts_form(intention),
            "contractor_form": contractor_form or _contractor_form(intention),
        },
        status=status,
    )


@tenant_view()
@require_http_methods(["GET", "POST"])
def publication(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    """The page; POST saves the purpose and achievements."""
    if request.method != "POST":
        return _page(request, intention_of(request, pk))
    intention = _editable(request, pk)
    form = _texts_form(intention, request.POST)
    if form.is_valid():
        try:
            actions.set_publication_texts(
                intention,
                purpose=form.cleaned_data["purpose"],
                achievements=form.cleaned_data["achievements"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("Saved. The next list of operations publishes it."))
            return redirect("intentions:publication", slug=slug, pk=pk)
    return _page(request, intention, texts_form=form, status=422)


@login_required
@require_POST
@tenant_view()
def contractor_add(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    intention = _editable(request, pk)
    form = _contractor_form(intention, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.add_contractor(
                intention,
                name=data["name"],
                natural_person=data["natural_person"],
                country=data["country"],
                identifier=data["identifier"],
                procurement_reference=data["procurement_reference"],
                actor=request.user,
                form_token=form_token(form),
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("The contractor is recorded."))
            return redirect("intentions:publication", slug=slug, pk=pk)
    return _page(request, intention, contractor_form=form, status=422)


@login_required
@require_POST
@tenant_view()
def contractor_remove(
    request: TenantRequest, slug: str, pk: int, contractor_pk: int
) -> HttpResponse:
    intention = _editable(request, pk)
    contractor = get_in_tenant(queries.contractors_of(intention), request.tenant, pk=contractor_pk)
    actions.remove_contractor(contractor, actor=request.user)
    messages.success(request, _("The contractor is removed."))
    return redirect("intentions:publication", slug=slug, pk=pk)
