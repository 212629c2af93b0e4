"""The office's forms for a partnership's frame: recording a new partnership (the agreement and
the other agglomerations that signed it), a cooperation project that funds it, and a partner's
budget in a project. Each answers 404 outside the partnership's members and 403 to a role
without `cooperation.manage`; a refused form answers 422 and keeps what was typed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aglomera.cooperation import actions, queries
from aglomera.cooperation.forms.partnerships import BudgetForm, PartnershipForm, ProjectForm
from aglomera.cooperation.models import CooperationProject, Partnership
from aglomera.core.once import form_token
from aglomera.core.tenant import TenantRequest, tenant_view
from aglomera.core.views.forms import submit_action_form


def _page(request: TenantRequest, template: str, **context: Any) -> HttpResponse:
    form = context["form"]
    return render(
        request,
        f"cooperation/{template}",
        {"agglomeration": request.tenant.agglomeration, **context},
        status=422 if form.errors else 200,
    )


@tenant_view("cooperation.manage")
@require_http_methods(["GET", "POST"])
def partnership_new(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    form = PartnershipForm(request.POST or None, agglomeration=agglomeration)
    created: list[Partnership] = []
    if submit_action_form(
        request,
        form,
        "cooperation.manage",
        agglomeration,
        lambda data: created.append(
            actions.create_partnership(
                agglomeration,
                list(data["partners"]),
                actions.PartnershipFields(
                    name=data["name"],
                    description=data.get("description") or {},
                    agreement_signed_on=data.get("agreement_signed_on"),
                    agreement_precision=data["agreement_precision"],
                    agreement_source=data.get("agreement_source") or "",
                ),
                actor=request.user,
                form_token=form_token(form),
            )
        ),
    ):
        messages.success(request, _("The partnership is saved."))
        return redirect("cooperation:partnership", slug=slug, pk=created[0].pk)
    return _page(request, "partnership_form.html", form=form)


@tenant_view("cooperation.manage")
@require_http_methods(["GET", "POST"])
def project_new(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    partnership = queries.partnership_of(agglomeration, pk)
    form = ProjectForm(request.POST or None)
    created: list[CooperationProject] = []
    if submit_action_form(
        request,
        form,
        "cooperation.manage",
        agglomeration,
        lambda data: created.append(
            actions.create_project(
                partnership,
                actions.ProjectFields(
                    name=data["name"],
                    programme=data.get("programme") or {},
                    registration_number=data.get("registration_number") or "",
                    starts_on=data.get("starts_on"),
                    starts_precision=data["starts_precision"],
                    ends_on=data.get("ends_on"),
                    ends_precision=data["ends_precision"],
                    activities=data.get("activities") or {},
                    source=data.get("source") or "",
                ),
                agglomeration=agglomeration,
                actor=request.user,
                form_token=form_token(form),
            )
        ),
    ):
        messages.success(request, _("The cooperation project is saved."))
        return redirect("cooperation:partnership", slug=slug, pk=partnership.pk)
    return _page(request, "project_form.html", form=form, partnership=partnership)


def _rate(percent: Decimal | None) -> Decimal | None:
    """The rate as the model keeps it (0.85) from the percentage typed (85)."""
    return None if percent is None else (percent / 100).quantize(Decimal("0.0001"))


@tenant_view("cooperation.manage")
@require_http_methods(["GET", "POST"])
def budget_set(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    project = queries.project_of(agglomeration, pk)
    members = queries.member_agglomerations(project.partnership)
    form = BudgetForm(
        request.POST or None,
        members=members,
        initial={"partner": agglomeration.pk, "currency": agglomeration.currency},
    )
    if submit_action_form(
        request,
        form,
        "cooperation.manage",
        agglomeration,
        lambda data: actions.set_budget(
            project,
            data["partner"],
            amount=data["amount"],
            currency=data["currency"],
            basis=data["basis"],
            eu_rate=_rate(data.get("eu_rate")),
            agglomeration=agglomeration,
            actor=request.user,
        ),
    ):
        messages.success(request, _("The partner's budget is saved."))
        return redirect("cooperation:partnership", slug=slug, pk=project.partnership_id)
    return _page(
        request,
        "budget_form.html",
        form=form,
        project=project,
        partnership=project.partnership,
    )
