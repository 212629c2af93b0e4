"""The amendment of a strategy: opening it, its editor, its edits and its workflow steps.

Views parse, authorize, call one action or query and render; they never write to the ORM.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aglomera.core.once import form_token
from aglomera.core.views_helpers import add_action_errors, authorize, get_agglomeration
from aglomera.strategy import actions, queries, transitions
from aglomera.strategy.forms import amendments as amendment_forms
from aglomera.strategy.forms import editing as editing_forms
from aglomera.strategy.models import StrategyVersion, VersionStatus
from aglomera.strategy.views.tree import strategy_of


@login_required
@require_POST
def amendment_start(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    strategy = strategy_of(request, slug, pk, perm="strategy.amend")
    form = amendment_forms.AmendmentStartForm(request.POST)
    if form.is_valid():
        try:
            draft = actions.start_amendment(
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


def _amendment(request: HttpRequest, slug: str, version_pk: int, perm: str) -> StrategyVersion:
    agglomeration = get_agglomeration(request.user, slug, "strategy.view_amendments")
    version = get_object_or_404(
        StrategyVersion.objects.select_related(
            "strategy__agglomeration", "base_version", "created_by"
        ),
        pk=version_pk,
        strategy__agglomeration=agglomeration,
    )
    authorize(request.user, perm, version)
    return version


EDITOR_FORMS: dict[str, type[editing_forms.VersionScopedForm]] = {
    "plan": editing_forms.PlanAmountForm,
    "move": editing_forms.MoveAllocationForm,
    "indicator": editing_forms.IndicatorForm,
    "goal": editing_forms.GoalForm,
    "specific_goal": editing_forms.SpecificGoalForm,
    "measure": editing_forms.MeasureForm,
}


def _editor_context(
    request: HttpRequest, version: StrategyVersion, bound: dict[str, Any] | None = None
) -> dict[str, Any]:
    bound = bound or {}
    initial = {"revision": version.revision}
    editor_forms = {
        name: bound.get(name) or cls(version=version, initial=initial, prefix=name)
        for name, cls in EDITOR_FORMS.items()
    }
    tree = queries.get_strategy_tree(version, as_of=timezone.localdate())
    diff = queries.diff_versions(version.base_version, version) if version.base_version else None
    return {
        "agglomeration": version.strategy.agglomeration,
        "strategy": version.strategy,
        "version": version,
        "tree": tree,
        "diff": diff,
        "forms": editor_forms,
        "can_edit": version.is_editable and request.user.has_perm("strategy.amend", version),
        "allowed": transitions.allowed_transitions(version, request.user),
        "transition_form": bound.get("transition") or amendment_forms.TransitionForm(),
        "status_changes": queries.get_status_changes(version),
    }


@login_required
def amendment_editor(request: HttpRequest, slug: str, version_pk: int) -> HttpResponse:
    version = _amendment(request, slug, version_pk, "strategy.view_amendments")
    return render(request, "strategy/amendment.html", _editor_context(request, version))


def _run_editor_action(
    form: editing_forms.VersionScopedForm, name: str, version: StrategyVersion, actor: Any
) -> None:
    data = form.cleaned_data
    common = {"actor": actor, "expected_revision": data.get("revision")}
    if name == "plan":
        actions.set_plan_amount(
            version,
            measure=data["measure"],
            specific_objective=data["specific_objective"],
            source=data["source"],
            amount=data["amount"],
            currency=data["currency"],
            **common,
        )
    elif name == "move":
        actions.move_allocation(
            version,
            from_line=data["from_line"],
            to_measure=data["to_measure"],
            amount=data["amount"],
            reason=data["reason"],
            **common,
        )
    elif name == "indicator":
        actions.set_measure_indicator(
            version,
            measure=data["measure"],
            indicator=data["indicator"],
            baseline=data["baseline"],
            milestone_2024=data["milestone_2024"],
            target_2029=data["target_2029"],
            **common,
        )
    elif name == "goal":
        actions.add_goal(version, data["code"], data["name"], form_token=form_token(form), **common)
    elif name == "specific_goal":
        actions.add_specific_goal(
            version,
            data["goal"],
            data["code"],
            data["name"],
            form_token=form_token(form),
            **common,
        )
    elif name == "measure":
        actions.save_measure(
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
def amendment_edit(
    request: HttpRequest, slug: str, version_pk: int, form_name: str
) -> HttpResponse:
    version = _amendment(request, slug, version_pk, "strategy.amend")
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
def amendment_transition(request: HttpRequest, slug: str, version_pk: int) -> HttpResponse:
    version = _amendment(request, slug, version_pk, "strategy.view_amendments")
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
