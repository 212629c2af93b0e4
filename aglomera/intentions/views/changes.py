"""Change request pages: the applicant's request, the list, the manager's decision with the
competence routing, and the competence rules.

Views parse, authorize, call one action or query and render; they never write to the ORM.
Who sees what: `changes.request` (the applicant, own organisation) asks and withdraws;
`intentions.view` lists and opens requests (staff all, an applicant those of its organisation;
another organisation's request is 404); `changes.decide` (manager) decides and edits the rules;
`committee.view` reads the rules.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from aglomera.core.once import form_token
from aglomera.core.tenant import TenantRequest, get_in_tenant, tenant_view
from aglomera.core.transitions import TransitionNotAllowed
from aglomera.core.views.forms import add_action_errors, submit_action_form
from aglomera.intentions.actions import changes as actions
from aglomera.intentions.forms import changes as forms
from aglomera.intentions.models import ChangeRequest, ChangeStatus, Decider
from aglomera.intentions.queries import changes as queries
from aglomera.intentions.rules import CHANGEABLE
from aglomera.intentions.transitions import CHANGE_REQUEST
from aglomera.intentions.views.access import VIEW, intention_of, require_own


@tenant_view()
@require_http_methods(["GET", "POST"])
def change_new(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    intention = intention_of(request, pk, "changes.request")
    indicators = queries.list_committed_indicators(intention)
    data = request.POST if request.method == "POST" else None
    form = forms.ChangeRequestForm(data, intention=intention, indicators=indicators)
    if request.method == "POST" and form.is_valid():
        try:
            change = actions.request_change(
                intention,
                kinds=form.cleaned_data["kinds"],
                proposed=form.proposed(),
                justification=form.cleaned_data["justification"],
                actor=request.user,
                form_token=form_token(form),
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(
                request,
                _("The change request is submitted. It will be decided by: %(decider)s.")
                % {"decider": change.get_decider_display()},
            )
            return redirect("intentions:change", slug=slug, pk=change.pk)
    return render(
        request,
        "intentions/changes/form.html",
        {
            "agglomeration": intention.call.agglomeration,
            "intention": intention,
            "form": form,
            "changeable": intention.status in CHANGEABLE,
        },
        status=422 if form.errors else 200,
    )


@tenant_view(VIEW)
@require_http_methods(["GET"])
def change_list(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    return render(
        request,
        "intentions/changes/list.html",
        {
            "agglomeration": agglomeration,
            "rows": queries.list_change_requests(agglomeration, request.user),
            "can_see_rules": request.tenant.can("committee.view"),
        },
    )


def _change(request: TenantRequest, pk: int, perm: str = VIEW) -> ChangeRequest:
    change = get_in_tenant(queries.change_requests(), request.tenant, pk=pk)
    require_own(request.tenant, perm, change)
    return change


def _detail(
    request: TenantRequest,
    change: ChangeRequest,
    form: forms.ChangeDecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    page = queries.get_change_page(change, request.user)
    can_decide = change.status == ChangeStatus.SUBMITTED and request.tenant.can(
        "changes.decide", change
    )
    if form is None and can_decide:
        # Offer what the competence rules allow; a refused choice posted anyway gets the
        # action's explanation.
        offered = [
            to
            for to in page.allowed
            if page.routing.decider == Decider.MANAGER or to == ChangeStatus.WITH_COMMITTEE
        ]
        form = forms.ChangeDecisionForm(allowed=offered)
    return render(
        request,
        "intentions/changes/detail.html",
        {
            "agglomeration": change.intention.call.agglomeration,
            "intention": change.intention,
            "change": change,
            "page": page,
            "form": form if can_decide else None,
            "can_withdraw": ChangeStatus.WITHDRAWN in page.allowed,
        },
        status=status,
    )


@tenant_view()
@require_http_methods(["GET", "POST"])
def change_detail(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    change = _change(request, pk)
    if request.method != "POST":
        return _detail(request, change)
    request.tenant.require("changes.decide", change)
    allowed = CHANGE_REQUEST.allowed(change, request.user)
    form = forms.ChangeDecisionForm(request.POST, allowed=allowed)
    if form.is_valid():
        try:
            change = actions.decide_change(
                change,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(
                request,
                _("The change request is now: %(status)s.")
                % {"status": change.get_status_display()},
            )
            return redirect("intentions:change", slug=slug, pk=change.pk)
    return _detail(request, _change(request, pk), form, status=422)


@login_required
@require_POST
@tenant_view()
def change_withdraw(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    change = _change(request, pk, "changes.request")
    try:
        actions.withdraw_change(change, actor=request.user)
    except TransitionNotAllowed:
        messages.error(request, _("This change request can no longer be withdrawn."))
    else:
        messages.success(request, _("The change request is withdrawn."))
    return redirect("intentions:change", slug=slug, pk=pk)


@tenant_view("committee.view")
@require_http_methods(["GET", "POST"])
def competence_rules(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    form = forms.CompetenceRuleForm(request.POST if request.method == "POST" else None)
    if submit_action_form(
        request,
        form,
        "changes.decide",
        agglomeration,
        lambda data: actions.set_competence_rule(
            agglomeration,
            change_kind=data["change_kind"],
            decider=data["decider"],
            actor=request.user,
        ),
    ):
        messages.success(request, _("The competence rule is saved."))
        return redirect("intentions:competence_rules", slug=slug)
    rules = queries.list_competence_rules(agglomeration)
    can_edit = request.tenant.can("changes.decide")
    rows = [
        (
            rule,
            form
            if form.is_bound and form.data.get("change_kind") == rule.kind
            else forms.CompetenceRuleForm(
                initial={"change_kind": rule.kind, "decider": rule.decider}
            ),
        )
        for rule in rules
    ]
    return render(
        request,
        "intentions/changes/rules.html",
        {"agglomeration": agglomeration, "rows": rows, "can_edit": can_edit},
        status=422 if form.errors else 200,
    )
