"""The amendment of a strategy: opening it, its editor, its edits and its workflow steps.

Views parse, authorize, call one action or query and render; they never write to the ORM.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aglomera.core.actors import Actor
from aglomera.core.once import form_token
from aglomera.core.tenant import TenantRequest, get_in_tenant, tenant_view
from aglomera.core.views.forms import add_action_errors
from aglomera.strategy import transitions
from aglomera.strategy.actions import amendments as amendment_actions
from aglomera.strategy.actions import editing as editing_actions
from aglomera.strategy.forms import amendments as amendment_forms
from aglomera.strategy.forms import editing as editing_forms
from aglomera.strategy.models import StrategyVersion, VersionStatus
from aglomera.strategy.queries import tree as tree_queries
from aglomera.strategy.queries import versions as version_queries
from aglomera.strategy.views.tree import strategy_of


@login_required
@require_POST
@tenant_view("strategy.amend")
def amendment_start(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    strategy = strategy_of(request, pk)
    form = amendment_forms.AmendmentStartForm(request.POST)
    if form.is_valid():
        try:
            draft = amendment_actions.start_amendment(
                strategy,
                form.cleaned_data["title"],
                actor=request.user,
                form_token=form_token(form),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _(
                    "The draft amendment is open. Changes you make here stay a draft until approved."
                ),
            )
            return redirect("strategy:amendment", slug=slug, version_pk=draft.pk)
    else:
        messages.error(request, _("Describe what the amendment changes."))
    return redirect("strategy:tree", slug=slug, pk=pk)


def amendment_of(request: TenantRequest, version_pk: int) -> StrategyVersion:
    versions = StrategyVersion.objects.select_related(
        "strategy__agglomeration", "base_version", "created_by"
    )
    return get_in_tenant(versions, request.tenant, pk=version_pk)


EDITOR_FORMS: dict[str, type[editing_forms.VersionScopedForm]] = {
    "plan": editing_forms.PlanAmountForm,
    "move": editing_forms.MoveAllocationForm,
    "indicator": editing_forms.IndicatorForm,
    "goal": editing_forms.GoalForm,
    "specific_goal": editing_forms.SpecificGoalForm,
    "measure": editing_forms.MeasureForm,
}


def _editor_context(
    request: TenantRequest, version: StrategyVersion, bound: dict[str, Any] | None = None
) -> dict[str, Any]:
    bound = bound or {}
    initial = {"revision": version.revision}
    editor_forms = {
        name: bound.get(name) or cls(version=version, initial=initial, prefix=name)
        for name, cls in EDITOR_FORMS.items()
    }
    tree = tree_queries.get_strategy_tree(version, as_of=timezone.localdate())
    diff = (
        version_queries.diff_versions(version.base_version, version)
        if version.base_version
        else None
    )
    return {
        "agglomeration": request.tenant.agglomeration,
        "strategy": version.strategy,
        "version": version,
        "tree": tree,
        "diff": diff,
        "forms": editor_forms,
        "can_edit": version.is_editable and request.tenant.can("strategy.amend", version),
        "allowed": transitions.allowed_transitions(version, request.user),
        "transition_form": bound.get("transition") or amendment_forms.TransitionForm(),
        "status_changes": version_queries.get_status_changes(version),
    }


@tenant_view("strategy.view_amendments")
def amendment_editor(request: TenantRequest, slug: str, version_pk: int) -> HttpResponse:
    version = amendment_of(request, version_pk)
    return render(request, "strategy/amendment.html", _editor_context(request, version))


def _run_editor_action(
    form: editing_forms.VersionScopedForm, name: str, version: StrategyVersion, actor: Actor
) -> None:
    data = form.cleaned_data
    common: dict[str, Any] = {"actor": actor, "expected_revision": data.get("revision")}
    if name == "plan":
        editing_actions.set_plan_amount(
            version,
            measure=data["measure"],
            specific_objective=data["specific_objective"],
            source=data["source"],
            amount=data["amount"],
            currency=data["currency"],
            **common,
        )
    elif name == "move":
        editing_actions.move_allocation(
            version,
            from_line=data["from_line"],
            to_measure=data["to_measure"],
            amount=data["amount"],
            reason=data["reason"],
            **common,
        )
    elif name == "indicator":
        editing_actions.set_measure_indicator(
            version,
            measure=data["measure"],
            indicator=data["indicator"],
            baseline=data["baseline"],
            milestone_2024=data["milestone_2024"],
            target_2029=data["target_2029"],
            **common,
        )
    elif name == "goal":
        editing_actions.add_goal(
            version, data["code"], data["name"], form_token=form_token(form), **common
        )
    elif name == "specific_goal":
        editing_actions.add_specific_goal(
            version,
            data["goal"],
            data["code"],
            data["name"],
            form_token=form_token(form),
            **common,
        )
    elif name == "measure":
        editing_actions.save_measure(
            version,
            specific_goal=data["specific_goal"],
            code=data["code"],
            name=data["name"],
            description=data["description"],
            specific_objectives=data["specific_objectives"],
            form_token=form_token(form),
            **common,
        )


@login_required
@require_POST
@tenant_view("strategy.view_amendments")
def amendment_edit(
    request: TenantRequest, slug: str, version_pk: int, form_name: str
) -> HttpResponse:
    version = amendment_of(request, version_pk)
    request.tenant.require("strategy.amend", version)
    form_class = EDITOR_FORMS.get(form_name)
    if form_class is None:
        raise Http404
    form = form_class(request.POST, version=version, prefix=form_name)
    if form.is_valid():
        try:
            _run_editor_action(form, form_name, version, request.user)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("Saved in the draft amendment."))
            return redirect("strategy:amendment", slug=slug, version_pk=version.pk)
    version.refresh_from_db()
    context = _editor_context(request, version, bound={form_name: form})
    context["open_form"] = form_name
    return render(request, "strategy/amendment.html", context, status=422)


@login_required
@require_POST
@tenant_view("strategy.view_amendments")
def amendment_transition(request: TenantRequest, slug: str, version_pk: int) -> HttpResponse:
    version = amendment_of(request, version_pk)
    if not transitions.may_take_steps(version, request.user):
        raise PermissionDenied  # may read the amendment, never take a step on it
    form = amendment_forms.TransitionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        approval = None
        if data["to"] == VersionStatus.APPROVED:
            approval = transitions.Approval(
                approved_on=data["approved_on"],
                approved_by_body=data["approved_by_body"],
                reference=data["reference"],
            )
        try:
            version = transitions.transition(
                version, data["to"], actor=request.user, reason=data["reason"], approval=approval
            )
        except transitions.TransitionNotAllowed:
            form.add_error(None, _("You cannot take this step on this amendment now."))
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(
                request,
                _("The amendment is now: %(status)s.") % {"status": version.get_status_display()},
            )
            if version.status == VersionStatus.APPROVED:
                return redirect("strategy:tree", slug=slug, pk=version.strategy_id)
            return redirect("strategy:amendment", slug=slug, version_pk=version.pk)
    context = _editor_context(request, version, bound={"transition": form})
    context["open_form"] = "transition"
    return render(request, "strategy/amendment.html", context, status=422)
