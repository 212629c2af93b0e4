"""Evaluation pages: the intentions of a call, formal check, reviews, recommendation, ranking.

Views parse, authorize, call one action or query and render; they never write to the ORM.
Every page is a `tenant_view`; calls and intentions of another agglomeration, and drafts, are 404.
Who sees what: `intentions.view_evaluation` (manager, coordinator, working group, committee,
auditor) opens the lists, an intention's evaluation and the ranking; a call's list shows every
intention with `intentions.view_all_evaluations`, and a working-group member only those assigned
to them, with the due dates. The forms are shown and accepted only with `intentions.formal_check`,
`intentions.assign_reviews` (who reviews by when), `intentions.recommend`, or
`intentions.review` for an intention assigned to the member (else 403).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aglomera.calls.models import Call
from aglomera.core import once
from aglomera.core.dates import show_date
from aglomera.core.tenant import TenantRequest, get_in_tenant, tenant_view
from aglomera.core.views.forms import submit_action_form
from aglomera.intentions import transitions
from aglomera.intentions.actions import assignments as assignment_actions
from aglomera.intentions.actions import evaluation as actions
from aglomera.intentions.forms import evaluation as forms
from aglomera.intentions.models import IntentionStatus, ProjectIntention, ReviewAssignment
from aglomera.intentions.queries import assignments as assignment_queries
from aglomera.intentions.queries import evaluation as queries
from aglomera.intentions.queries.submission import get_call

S = IntentionStatus
VIEW = "intentions.view_evaluation"
ALL = "intentions.view_all_evaluations"
ASSIGN = "intentions.assign_reviews"


def _call(request: TenantRequest, call_pk: int) -> Call:
    call = get_call(request.tenant.agglomeration, call_pk)
    if call is None:
        raise Http404
    return call


def _intention(request: TenantRequest, pk: int) -> ProjectIntention:
    return get_in_tenant(queries.evaluated_intentions(), request.tenant, pk=pk)


@tenant_view(VIEW)
@require_GET
def evaluation_calls(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    reviews = (
        assignment_queries.list_assigned_reviews(
            agglomeration, request.user, today=timezone.localdate()
        )
        if request.tenant.can("intentions.review")
        else None
    )
    return render(
        request,
        "intentions/evaluation/calls.html",
        {
            "agglomeration": agglomeration,
            "calls": queries.list_evaluation_calls(agglomeration),
            "assigned_reviews": reviews,
        },
    )


@tenant_view(VIEW)
@require_GET
def call_intentions(request: TenantRequest, slug: str, call_pk: int) -> HttpResponse:
    call = _call(request, call_pk)
    sees_all = request.tenant.can(ALL)
    return render(
        request,
        "intentions/evaluation/call.html",
        {
            "agglomeration": call.agglomeration,
            "call": call,
            "sees_all": sees_all,
            "rows": queries.list_call_intentions(
                call,
                reviewer=None if sees_all else request.user,
                today=timezone.localdate(),
            ),
        },
    )


@tenant_view(VIEW)
@require_GET
def call_ranking(request: TenantRequest, slug: str, call_pk: int) -> HttpResponse:
    call = _call(request, call_pk)
    return render(
        request,
        "intentions/evaluation/ranking.html",
        {"agglomeration": call.agglomeration, "call": call, "result": queries.rank_call(call)},
    )


def _page(
    request: TenantRequest,
    intention: ProjectIntention,
    bound: dict[str, BaseForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    bound = bound or {}
    user = request.user
    tenant = request.tenant
    evaluation = queries.get_intention_evaluation(intention)
    initial = {"revision": intention.revision}
    allowed = transitions.INTENTION.allowed(intention, user)
    results = {line.item.pk: line.result for line in evaluation.checklist if line.result}
    proposal = evaluation.consolidation.recommended
    own = evaluation.review_of(user)
    waiting = intention.status == S.FORMAL_CHECK_PASSED
    reviewer = tenant.can("intentions.review", intention)
    today = timezone.localdate()
    assignments = assignment_queries.list_assignments(intention, evaluation.reviews, today=today)
    own_assignment = next((a for a in assignments if a.assignment.reviewer_id == user.pk), None)
    can_check = S.RETURNED in allowed
    can_recommend = S.RECOMMENDED in allowed
    can_assign = waiting and tenant.can(ASSIGN, intention)
    # An error of a form the page no longer shows (someone else moved the intention meanwhile).
    shown = {
        "check": can_check,
        "return": can_check,
        "pass": can_check,
        "recommend": can_recommend,
        "assign": can_assign,
        "unassign": can_assign,
    }
    hidden_errors = [
        error
        for name, form in bound.items()
        if not shown[name]
        for error in form.non_field_errors()
    ]
    context: dict[str, Any] = {
        "agglomeration": intention.call.agglomeration,
        "call": intention.call,
        "intention": intention,
        "evaluation": evaluation,
        "allowed": allowed,
        "can_check": can_check,
        "can_recommend": can_recommend,
        "hidden_errors": hidden_errors,
        "may_review": reviewer and waiting and own_assignment is not None,
        "own_review": own,
        "own_assignment": own_assignment if reviewer else None,
        "not_assigned": reviewer and waiting and own_assignment is None,
        "show_reviews": not reviewer or (own is not None and own.submitted_at is not None),
        "show_assignments": tenant.can(ALL, intention),
        "assignments": assignments,
        "can_assign": can_assign,
        "assign_form": (bound.get("assign") or _assign_form(intention, assignments))
        if can_assign
        else None,
        "unassign_form": bound.get("unassign"),
        "check_form": bound.get("check")
        or forms.FormalCheckForm(
            items=[line.item for line in evaluation.checklist], results=results, initial=initial
        ),
        "return_form": bound.get("return") or forms.ReturnForm(initial=initial),
        "pass_form": bound.get("pass") or forms.PassForm(initial=initial),
        "recommend_form": bound.get("recommend")
        or forms.RecommendForm(
            initial={
                **initial,
                "to": S.RECOMMENDED if proposal else S.NOT_RECOMMENDED,
            }
        ),
        "proposal": proposal,
        "open_form": next(iter(bound), None),
    }
    return render(request, "intentions/evaluation/intention.html", context, status=status)


@tenant_view(VIEW)
@require_GET
def intention_evaluation(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    return _page(request, _intention(request, pk))


def _done(request: TenantRequest, intention: ProjectIntention, message: str) -> HttpResponse:
    messages.success(request, message)
    slug = intention.call.agglomeration.slug
    return redirect("intentions:evaluation_intention", slug=slug, pk=intention.pk)


@login_required
@require_POST
@tenant_view(VIEW)
def formal_check(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    intention = _intention(request, pk)
    items = list(intention.call.checklist.all())
    form = forms.FormalCheckForm(request.POST, items=items)
    if submit_action_form(
        request,
        form,
        "intentions.formal_check",
        intention,
        lambda data: actions.record_formal_check(
            intention, form.answers(), actor=request.user, expected_revision=data["revision"]
        ),
    ):
        return _done(request, intention, _("The formal check is recorded."))
    return _page(request, intention, {"check": form}, status=422)


@login_required
@require_POST
@tenant_view(VIEW)
def return_for_completion(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    intention = _intention(request, pk)
    form = forms.ReturnForm(request.POST)
    if submit_action_form(
        request,
        form,
        "intentions.formal_check",
        intention,
        lambda data: actions.return_intention(
            intention, data["comment"], actor=request.user, expected_revision=data["revision"]
        ),
    ):
        return _done(request, intention, _("The intention is returned to the applicant."))
    return _page(request, intention, {"return": form}, status=422)


@login_required
@require_POST
@tenant_view(VIEW)
def pass_check(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    intention = _intention(request, pk)
    form = forms.PassForm(request.POST)
    if submit_action_form(
        request,
        form,
        "intentions.formal_check",
        intention,
        lambda data: actions.pass_formal_check(
            intention, actor=request.user, expected_revision=data["revision"]
        ),
    ):
        return _done(request, intention, _("The intention passed the formal check."))
    return _page(request, intention, {"pass": form}, status=422)


@login_required
@require_POST
@tenant_view(VIEW)
def recommend(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    intention = _intention(request, pk)
    form = forms.RecommendForm(request.POST)
    if submit_action_form(
        request,
        form,
        "intentions.recommend",
        intention,
        lambda data: actions.recommend_intention(
            intention,
            data["to"],
            actor=request.user,
            note=data["note"],
            expected_revision=data["revision"],
        ),
    ):
        return _done(request, intention, _("The working group's recommendation is recorded."))
    return _page(request, intention, {"recommend": form}, status=422)


def _assign_form(
    intention: ProjectIntention,
    assignments: list[assignment_queries.AssignmentLine],
    data: Any = None,
) -> forms.AssignReviewerForm:
    return forms.AssignReviewerForm(
        data,
        reviewers=assignment_queries.working_group(intention.call.agglomeration_id),
        assigned=[line.assignment.reviewer_id for line in assignments],
        today=timezone.localdate(),
    )


@login_required
@require_POST
@tenant_view(VIEW)
def assign(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    intention = _intention(request, pk)
    request.tenant.require(ASSIGN, intention)
    assigned = assignment_queries.list_assignments(intention, [], today=timezone.localdate())
    form = _assign_form(intention, assigned, request.POST)
    if submit_action_form(
        request,
        form,
        ASSIGN,
        intention,
        lambda data: assignment_actions.assign_reviewer(
            intention,
            data["reviewer"],
            due_on=data["due_on"],
            actor=request.user,
            form_token=once.form_token(form),
        ),
    ):
        message = _("%(name)s is assigned to review this intention by %(due)s.") % {
            "name": form.cleaned_data["reviewer"],
            "due": show_date(form.cleaned_data["due_on"]),
        }
        return _done(request, intention, message)
    return _page(request, intention, {"assign": form}, status=422)


@login_required
@require_POST
@tenant_view(VIEW)
def unassign(request: TenantRequest, slug: str, pk: int, assignment_pk: int) -> HttpResponse:
    intention = _intention(request, pk)
    request.tenant.require(ASSIGN, intention)
    assignment = get_in_tenant(
        ReviewAssignment.objects.filter(intention=intention).select_related("reviewer"),
        request.tenant,
        pk=assignment_pk,
    )
    assignment.intention = intention
    form = forms.UnassignForm(request.POST)
    if submit_action_form(
        request,
        form,
        ASSIGN,
        intention,
        lambda data: assignment_actions.unassign_reviewer(assignment, actor=request.user),
    ):
        message = _("%(name)s is no longer assigned to review this intention.") % {
            "name": assignment.reviewer
        }
        return _done(request, intention, message)
    return _page(request, intention, {"unassign": form}, status=422)


@tenant_view("intentions.review")
@require_http_methods(["GET", "POST"])
def review(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    intention = _intention(request, pk)
    request.tenant.require("intentions.review", intention)
    assignment = assignment_queries.assignment_of(intention, request.user)
    if assignment is None:  # only the members assigned to it review an intention
        raise PermissionDenied
    evaluation = queries.get_intention_evaluation(intention)
    own = evaluation.review_of(request.user)
    form = forms.ReviewForm(
        request.POST or None,
        criteria=evaluation.criteria,
        initial=forms.review_initial(own),
    )
    if submit_action_form(
        request,
        form,
        "intentions.review",
        intention,
        lambda data: actions.save_review(
            intention,
            actor=request.user,
            conflict_of_interest=data["conflict_of_interest"],
            gates=form.gates(),
            points=form.points(),
            recommendation=data["recommendation"],
            comment=data["comment"],
        ),
    ):
        return _done(request, intention, _("Your review is saved."))
    return render(
        request,
        "intentions/evaluation/review.html",
        {
            "agglomeration": intention.call.agglomeration,
            "call": intention.call,
            "intention": intention,
            "form": form,
            "own_review": own,
            "assignment": assignment,
            "overdue": assignment_queries.is_overdue(
                assignment.due_on,
                intention.status,
                own is not None and own.submitted_at is not None,
                timezone.localdate(),
            ),
            "open": intention.status == S.FORMAL_CHECK_PASSED,
        },
        status=422 if form.errors else 200,
    )
