"""The manager's pages of organisations: list, detail, edit, deactivate/reactivate, merge.

Organisations belong to one agglomeration: one of another agglomeration is a 404 here.
"""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aglomera.agglomerations.actions import organisation_admin as actions
from aglomera.agglomerations.forms.people import (
    MergeForm,
    OrganisationEditForm,
    OrganisationSearchForm,
    ReasonForm,
)
from aglomera.agglomerations.models import Organisation, OrganisationStatus
from aglomera.agglomerations.queries import people as queries
from aglomera.agglomerations.transitions import ADMINISTER, allowed_transitions
from aglomera.agglomerations.views.lists import search_list
from aglomera.core.tenant import TenantRequest, get_in_tenant, tenant_view
from aglomera.core.transitions import TransitionNotAllowed
from aglomera.core.views.forms import add_action_errors, submit_action_form

S = OrganisationStatus


def _organisation(request: TenantRequest, pk: int) -> Organisation:
    return get_in_tenant(Organisation.objects.select_related("merged_into"), request.tenant, pk=pk)


@tenant_view(ADMINISTER)
@require_GET
def organisation_list(request: TenantRequest, slug: str) -> HttpResponse:
    return search_list(
        request,
        OrganisationSearchForm,
        "agglomerations/organisation_list.html",
        queries.organisation_page,
    )


def _detail(
    request: TenantRequest,
    organisation: Organisation,
    *,
    status_form: ReasonForm | None = None,
    http_status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "agglomerations/organisation_detail.html",
        {
            "agglomeration": request.tenant.agglomeration,
            "organisation": organisation,
            "use": queries.organisation_use(organisation),
            "steps": [str(s) for s in allowed_transitions(organisation, request.user)],
            "status_form": status_form or ReasonForm(prefix="status"),
        },
        status=http_status,
    )


@tenant_view(ADMINISTER)
@require_GET
def organisation_detail(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    return _detail(request, _organisation(request, pk))


@login_required
@require_POST
@tenant_view(ADMINISTER)
def organisation_status(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    """Deactivate (`to=inactive`) or reactivate (`to=active`) with a reason."""
    organisation = _organisation(request, pk)
    step = {
        S.INACTIVE.value: actions.deactivate_organisation,
        S.ACTIVE.value: actions.reactivate_organisation,
    }.get(request.POST.get("to", ""))
    form = ReasonForm(request.POST, prefix="status")
    if step is None:
        messages.error(request, _("Choose whether to deactivate or reactivate the organisation."))
        return redirect("agglomerations:organisation_detail", slug=slug, pk=pk)
    if form.is_valid():
        try:
            step(organisation, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_action_errors(form, exc)
        except TransitionNotAllowed:
            messages.error(request, _("The organisation has changed meanwhile; look at it again."))
            return redirect("agglomerations:organisation_detail", slug=slug, pk=pk)
        else:
            if request.POST["to"] == S.INACTIVE:
                messages.success(request, _("The organisation is deactivated."))
            else:
                messages.success(request, _("The organisation is active again."))
            return redirect("agglomerations:organisation_detail", slug=slug, pk=pk)
    return _detail(request, organisation, status_form=form, http_status=422)


@tenant_view(ADMINISTER)
@require_http_methods(["GET", "POST"])
def organisation_edit(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _organisation(request, pk)
    # The form writes what was typed into its instance; the page's heading keeps the saved name.
    form = OrganisationEditForm(request.POST or None, instance=copy.copy(organisation))
    if submit_action_form(
        request,
        form,
        ADMINISTER,
        organisation,
        lambda data: actions.update_organisation(organisation, actor=request.user, **data),
    ):
        messages.success(request, _("The organisation is saved."))
        return redirect("agglomerations:organisation_detail", slug=slug, pk=pk)
    return render(
        request,
        "agglomerations/organisation_edit.html",
        {"agglomeration": request.tenant.agglomeration, "organisation": organisation, "form": form},
        status=422 if form.errors else 200,
    )


def _merge(
    request: TenantRequest, form: MergeForm, organisation: Organisation
) -> HttpResponse | None:
    """The confirmed merge: back to the organisation kept, or None with the refusal on the form."""
    kept, duplicate = form.kept_and_duplicate(organisation)

    def merge(data: dict[str, Any]) -> Organisation:
        return actions.merge_organisations(
            kept,
            duplicate,
            actor=request.user,
            reason=data["reason"],
            delete_duplicate=data["duplicate"] == MergeForm.DELETE,
        )

    try:
        if not submit_action_form(request, form, ADMINISTER, organisation, merge):
            return None
    except TransitionNotAllowed:
        form.add_error(None, _("One of the organisations has changed meanwhile; try again."))
        return None
    messages.success(
        request,
        _("%(duplicate)s is merged into %(kept)s.")
        % {"duplicate": duplicate.name, "kept": kept.name},
    )
    return redirect(
        "agglomerations:organisation_detail", slug=request.tenant.agglomeration.slug, pk=kept.pk
    )


def _merge_confirmation(
    request: TenantRequest, form: MergeForm, organisation: Organisation
) -> HttpResponse:
    """Both organisations named, which one is kept, what moves and what happens to the other;
    the form's values travel hidden to the button that merges."""
    kept, duplicate = form.kept_and_duplicate(organisation)
    return render(
        request,
        "agglomerations/organisation_merge_confirm.html",
        {
            "agglomeration": request.tenant.agglomeration,
            "organisation": organisation,
            "form": form,
            "kept": kept,
            "duplicate": duplicate,
            "moved": queries.merge_preview(duplicate),
            "delete": form.cleaned_data["duplicate"] == MergeForm.DELETE,
        },
    )


@tenant_view(ADMINISTER)
@require_http_methods(["GET", "POST"])
def organisation_merge(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    """Two steps: the form (which one, which is kept, why) asks for the confirmation page, whose
    button alone merges."""
    organisation = _organisation(request, pk)
    if organisation.status == S.MERGED:
        messages.info(request, _("This organisation is already merged into another one."))
        return redirect("agglomerations:organisation_detail", slug=slug, pk=pk)
    form = MergeForm(request.POST or None, candidates=queries.merge_candidates(organisation))
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data["confirmed"]:
            return _merge_confirmation(request, form, organisation)
        done = _merge(request, form, organisation)
        if done is not None:
            return done
    return render(
        request,
        "agglomerations/organisation_merge.html",
        {"agglomeration": request.tenant.agglomeration, "organisation": organisation, "form": form},
        status=422 if form.errors else 200,
    )
