"""Registering organisations: by the office, or an applicant's own."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aglomera.agglomerations.actions import organisations as organisation_actions
from aglomera.agglomerations.forms.organisations import OrganisationForm
from aglomera.core.tenant import TenantRequest, tenant_view
from aglomera.core.views.forms import submit_action_form
from aglomera.intentions.queries.submission import applicant_organisation


@tenant_view("agglomerations.manage_organisations")
@require_http_methods(["GET", "POST"])
def organisation_new(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    form = OrganisationForm(request.POST or None, initial={"country": agglomeration.country})
    if submit_action_form(
        request,
        form,
        "agglomerations.manage_organisations",
        agglomeration,
        lambda data: organisation_actions.register_organisation(
            agglomeration, actor=request.user, **data
        ),
    ):
        messages.success(request, _("The organisation is registered."))
        return redirect("agglomerations:detail", slug=slug)
    return render(
        request,
        "agglomerations/organisation_form.html",
        {"agglomeration": agglomeration, "form": form},
        status=422 if form.errors else 200,
    )


@tenant_view("intentions.create")
@require_http_methods(["GET", "POST"])
def own_organisation_new(request: TenantRequest, slug: str) -> HttpResponse:
    """An applicant without an organisation registers it and acts for it from then on."""
    agglomeration = request.tenant.agglomeration
    if request.method == "GET" and applicant_organisation(request.user, agglomeration):
        messages.info(request, _("Your account already acts for an organisation here."))
        return redirect("intentions:list", slug=slug)
    form = OrganisationForm(request.POST or None, initial={"country": agglomeration.country})
    if submit_action_form(
        request,
        form,
        "intentions.create",
        agglomeration,
        lambda data: organisation_actions.register_own_organisation(
            agglomeration, actor=request.user, **data
        ),
    ):
        messages.success(
            request, _("Your organisation is registered; you can file project intentions now.")
        )
        return redirect("intentions:list", slug=slug)
    return render(
        request,
        "agglomerations/own_organisation_form.html",
        {"agglomeration": agglomeration, "form": form},
        status=422 if form.errors else 200,
    )
