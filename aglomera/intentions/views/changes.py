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
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from aglomera.core.once import form_token
from aglomera.core.views_helpers import (
    add_action_errors,
    authorize,
    get_agglomeration,
    submit_action_form,
)
from aglomera.core.workflow import TransitionNotAllowed
from aglomera.intentions.actions import changes as actions
from aglomera.intentions.forms import changes as forms
from aglomera.intentions.models import ChangeRequest, ChangeStatus, Decider
from aglomera.intentions.queries import changes as queries
from aglomera.intentions.rules import CHANGEABLE
from aglomera.intentions.transitions import CHANGE_REQUEST
from aglomera.intentions.views.statements import VIEW, authorize_own, visible_intention


@login_required
@require_http_methods(["GET", "POST"])
def change_new(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    intention = visible_intention(request, slug, pk, "changes.request")
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


@login_required
@require_http_methods(["GET"])
def change_list(request: HttpRequest, slug: str) -> HttpResponse:
    agglomeration = get_agglomeration(request.user, slug, VIEW)
    return render(
        request,
        "intentions/changes/list.html",
        {
            "agglomeration": agglomeration,
            "rows": queries.list_change_requests(agglomeration, request.user),
        },
    )


def _change(request: HttpRequest, slug: str, pk: int, perm: str = VIEW) -> ChangeRequest:
    agglomeration = get_agglomeration(request.user, slug)
    change = queries.get_change(agglomeration, pk)
    if change is None:
        raise Http404
    authorize_own(request.user, perm, change, agglomeration)
    return change


def _detail(
    request: HttpRequest,
    change: ChangeRequest,
    form: forms.ChangeDecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    page = queries.get_change_page(change, request.user)
    can_decide = change.status == ChangeStatus.SUBMITTED and request.user.has_perm(
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


@login_required
@require_http_methods(["GET", "POST"])
def change_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    change = _change(request, slug, pk)
    if request.method != "POST":
        return _detail(request, change)
    authorize(request.user, "changes.decide", change)
    allowed = CHANGE_REQUEST.allowed(change, request.user)  # type: ignore[arg-type]  # tenant_view (issue 9)
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
    return _detail(request, _change(request, slug, pk), form, status=422)


@login_required
@require_POST
def change_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    change = _change(request, slug, pk, "changes.request")
    try:
        actions.withdraw_change(change, actor=request.user)
    except TransitionNotAllowed:
        messages.error(request, _("This change request can no longer be withdrawn."))
    else:
        messages.success(request, _("The change request is withdrawn."))
    return redirect("intentions:change", slug=slug, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def competence_rules(request: HttpRequest, slug: str) -> HttpResponse:
    agglomeration = get_agglomeration(request.user, slug, "committee.view")
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
    can_edit = request.user.has_perm("changes.decide", agglomeration)
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
