"""The page of the office's rules of which operations of a list are the agglomeration's."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from aglomera.core.tenant import TenantRequest, get_in_tenant, tenant_view
from aglomera.core.views.forms import add_action_errors
from aglomera.monitoring.actions import scope as actions
from aglomera.monitoring.forms.scope import ScopeRuleForm
from aglomera.monitoring.models import ScopeRule
from aglomera.monitoring.queries import imports as queries

VIEW = "monitoring.view"
EDIT = actions.SCOPE_PERMISSION


@tenant_view(VIEW)
@require_http_methods(["GET", "POST"])
def scope_rules(request: TenantRequest, slug: str) -> HttpResponse:
    """The rules, the agglomeration's managing-authority calls, and for staff a form to add."""
    tenant = request.tenant
    agglomeration = tenant.agglomeration
    form = ScopeRuleForm(request.POST or None, agglomeration=agglomeration)
    if request.method == "POST":
        tenant.require(EDIT)
        if form.is_valid():
            try:
                actions.add_scope_rule(agglomeration, **form.cleaned_data, actor=request.user)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("The rule is saved; it applies from the next import."))
                return redirect("monitoring:scope_rules", slug=slug)
    return render(
        request,
        "monitoring/imports/scope.html",
        {
            "agglomeration": agglomeration,
            "rules": queries.scope_rules(agglomeration),
            "calls": queries.managing_authority_calls(agglomeration),
            "form": form,
            "can_edit": tenant.can(EDIT),
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
@tenant_view(VIEW)
def scope_rule_delete(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    rule = get_in_tenant(ScopeRule.objects.all(), request.tenant, pk=pk)
    request.tenant.require(EDIT, rule)
    actions.delete_scope_rule(rule, actor=request.user)
    messages.success(request, _("The rule is removed; it no longer applies from the next import."))
    return redirect("monitoring:scope_rules", slug=slug)
