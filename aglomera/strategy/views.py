"""Staff pages of the strategy: the tree, a measure, versions, diffs and the amendment editor.

Views parse, authorize, call one action or query and render; they never write to the ORM.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from aglomera.core.once import form_token
from aglomera.core.query_params import query_date, query_int
from aglomera.core.views_helpers import (
    add_action_errors,
    authorize,
    get_agglomeration,
    submit_action_form,
)
from aglomera.strategy import actions, forms, queries, transitions
from aglomera.strategy.models import (
    OPEN_STATUSES,
    ExchangeRate,
    IndicatorCode,
    Measure,
    OfficeRoleKind,
    Strategy,
    StrategyVersion,
    VersionStatus,
)


def _strategy(request: HttpRequest, slug: str, pk: int, perm: str = "strategy.view") -> Strategy:
    agglomeration = get_agglomeration(request.user, slug, perm)
    strategy = get_object_or_404(
        Strategy.objects.select_related("agglomeration", "current_version"),
        pk=pk,
        agglomeration=agglomeration,
    )
    return strategy


def _as_of(request: HttpRequest) -> date:
    """The day whose exchange rates convert to EUR; today when missing or not a real date."""
    return query_date(request.GET, "as_of") or timezone.localdate()


def _chosen_version(request: HttpRequest, strategy: Strategy) -> StrategyVersion:
    """The version asked for by ?version=N, else the current one; drafts only for those allowed."""
    if request.GET.get("version", ""):
        number = query_int(request.GET, "version")
        if number is None:
            raise Http404
        return get_object_or_404(
            StrategyVersion.objects.select_related("strategy"),
            strategy=strategy,
            number=number,
            status=VersionStatus.APPROVED,
        )
    if strategy.current_version is None:  # a new strategy: its first version is still a draft
        raise Http404
    version = strategy.current_version
    version.strategy = strategy
    return version


@login_required
def strategy_tree(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    strategy = _strategy(request, slug, pk)
    if strategy.current_version is None and request.user.has_perm(
        "strategy.view_amendments", strategy
    ):
        first = StrategyVersion.objects.filter(strategy=strategy, status__in=OPEN_STATUSES).first()
        if first is not None:
            return redirect("strategy:amendment", slug=slug, version_pk=first.pk)
    version = _chosen_version(request, strategy)
    tree = queries.get_strategy_tree(version, as_of=_as_of(request))
    approved = list(
        StrategyVersion.objects.filter(strategy=strategy, status=VersionStatus.APPROVED)
        .order_by("-number")
        .values_list("number", flat=True)
    )
    open_amendment = None
    if request.user.has_perm("strategy.view_amendments", strategy):
        open_amendment = StrategyVersion.objects.filter(
            strategy=strategy, status__in=OPEN_STATUSES
        ).first()
    template = "strategy/_tree.html" if getattr(request, "htmx", False) else "strategy/tree.html"
    return render(
        request,
        template,
        {
            "agglomeration": strategy.agglomeration,
            "strategy": strategy,
            "tree": tree,
            "approved_numbers": approved,
            "open_amendment": open_amendment,
            "start_form": forms.AmendmentStartForm(),
        },
    )


@login_required
def measure_detail(request: HttpRequest, slug: str, pk: int, measure_pk: int) -> HttpResponse:
    strategy = _strategy(request, slug, pk)
    measure = get_object_or_404(
        Measure.objects.select_related("version", "specific_goal__goal").prefetch_related(
            "specific_objectives__programme", "solutions"
        ),
        pk=measure_pk,
        version__strategy=strategy,
    )
    version = measure.version
    if version.status != VersionStatus.APPROVED:
        authorize(request.user, "strategy.view_amendments", strategy)
    tree = queries.get_strategy_tree(version, as_of=_as_of(request))
    node = next(
        m
        for g in tree.goals
        for sg in g.specific_goals
        for m in sg.measures
        if m.measure.pk == measure.pk
    )
    return render(
        request,
        "strategy/measure.html",
        {
            "agglomeration": strategy.agglomeration,
            "strategy": strategy,
            "version": version,
            "node": node,
            "tree": tree,
        },
    )


@login_required
def version_history(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    strategy = _strategy(request, slug, pk)
    versions = list(queries.get_version_history(strategy))
    if not request.user.has_perm("strategy.view_amendments", strategy):
        versions = [v for v in versions if v.status == VersionStatus.APPROVED]
    return render(
        request,
        "strategy/versions.html",
        {"agglomeration": strategy.agglomeration, "strategy": strategy, "versions": versions},
    )


@login_required
def version_diff(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    strategy = _strategy(request, slug, pk)
    see_drafts = request.user.has_perm("strategy.view_amendments", strategy)

    def pick(param: str) -> StrategyVersion:
        pk = query_int(request.GET, param)
        if pk is None:
            raise Http404
        version = get_object_or_404(
            StrategyVersion.objects.select_related("strategy"), strategy=strategy, pk=pk
        )
        if version.status != VersionStatus.APPROVED and not see_drafts:
            raise Http404
        return version

    old, new = pick("old"), pick("new")
    diff = queries.diff_versions(old, new)
    return render(
        request,
        "strategy/diff.html",
        {"agglomeration": strategy.agglomeration, "strategy": strategy, "diff": diff},
    )


@login_required
@require_POST
def amendment_start(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    strategy = _strategy(request, slug, pk, perm="strategy.amend")
    form = forms.AmendmentStartForm(request.POST)
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


EDITOR_FORMS: dict[str, type[forms.VersionScopedForm]] = {
    "plan": forms.PlanAmountForm,
    "move": forms.MoveAllocationForm,
    "indicator": forms.IndicatorForm,
    "goal": forms.GoalForm,
    "specific_goal": forms.SpecificGoalForm,
    "measure": forms.MeasureForm,
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
        "transition_form": bound.get("transition") or forms.TransitionForm(),
        "status_changes": queries.get_status_changes(version),
    }


@login_required
def amendment_editor(request: HttpRequest, slug: str, version_pk: int) -> HttpResponse:
    version = _amendment(request, slug, version_pk, "strategy.view_amendments")
    return render(request, "strategy/amendment.html", _editor_context(request, version))


def _run_editor_action(
    form: forms.VersionScopedForm, name: str, version: StrategyVersion, actor: Any
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
    form = forms.TransitionForm(request.POST)
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


@login_required
@require_http_methods(["GET", "POST"])
def indicator_codes(request: HttpRequest, slug: str) -> HttpResponse:
    agglomeration = get_agglomeration(request.user, slug, "strategy.view")
    form = forms.IndicatorCodeForm(request.POST or None)
    if submit_action_form(
        request,
        form,
        "strategy.manage_codes",
        agglomeration,
        lambda data: actions.add_indicator_code(
            agglomeration=agglomeration, actor=request.user, **data
        ),
    ):
        messages.success(request, _("The indicator code is added."))
        return redirect("strategy:indicator_codes", slug=slug)
    return render(
        request,
        "strategy/indicator_codes.html",
        {
            "agglomeration": agglomeration,
            "codes": IndicatorCode.objects.order_by("source", "code"),
            "form": form,
            "can_add": request.user.has_perm("strategy.manage_codes", agglomeration),
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def exchange_rates(request: HttpRequest, slug: str) -> HttpResponse:
    agglomeration = get_agglomeration(request.user, slug, "strategy.view")
    form = forms.ExchangeRateForm(request.POST or None)
    if submit_action_form(
        request,
        form,
        "strategy.manage_rates",
        agglomeration,
        lambda data: actions.set_exchange_rate(
            agglomeration=agglomeration, actor=request.user, **data
        ),
    ):
        messages.success(request, _("The exchange rate is saved."))
        return redirect("strategy:exchange_rates", slug=slug)
    return render(
        request,
        "strategy/exchange_rates.html",
        {
            "agglomeration": agglomeration,
            "rates": ExchangeRate.objects.filter(agglomeration=agglomeration).order_by(
                "currency", "-valid_from"
            ),
            "form": form,
            "can_edit": request.user.has_perm("strategy.manage_rates", agglomeration),
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def strategy_new(request: HttpRequest, slug: str) -> HttpResponse:
    """A new strategy (e.g. for the next programming period) starts as a draft first version."""
    agglomeration = get_agglomeration(request.user, slug, "strategy.approve")
    form = forms.StrategyForm(request.POST or None)
    created: list[Strategy] = []
    if submit_action_form(
        request,
        form,
        "strategy.approve",
        agglomeration,
        lambda data: created.append(
            actions.create_strategy(
                agglomeration,
                data["period"],
                data["name"],
                actor=request.user,
                form_token=data["form_token"],
            )
        ),
    ):
        messages.success(request, _("The strategy is created. Fill in its first version."))
        return redirect("strategy:tree", slug=slug, pk=created[0].pk)
    return render(
        request,
        "strategy/strategy_form.html",
        {"agglomeration": agglomeration, "form": form},
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def office_roles(request: HttpRequest, slug: str) -> HttpResponse:
    """Per programme action: does the office select, assess consistency, or only monitor?"""
    agglomeration = get_agglomeration(request.user, slug, "strategy.view")
    form = forms.OfficeRoleForm(request.POST or None)
    if submit_action_form(
        request,
        form,
        "strategy.approve",
        agglomeration,
        lambda data: actions.set_office_role(agglomeration, actor=request.user, **data),
    ):
        messages.success(request, _("The role of the office is saved."))
        return redirect("strategy:office_roles", slug=slug)
    return render(
        request,
        "strategy/office_roles.html",
        {
            "agglomeration": agglomeration,
            "rows": queries.list_office_roles(agglomeration.pk, agglomeration.country),
            "choices": OfficeRoleKind.choices,
            "form": form,
            "can_edit": request.user.has_perm("strategy.approve", agglomeration),
        },
        status=422 if form.errors else 200,
    )
