"""Pages of an approved strategy: its tree, one measure, the version history and diffs.

Views parse, authorize, call one action or query and render; they never write to the ORM.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from aglomera.core.query_params import query_date, query_int
from aglomera.core.views_helpers import authorize, get_agglomeration
from aglomera.strategy import queries
from aglomera.strategy.forms import amendments as amendment_forms
from aglomera.strategy.models import (
    OPEN_STATUSES,
    Measure,
    Strategy,
    StrategyVersion,
    VersionStatus,
)


def strategy_of(request: HttpRequest, slug: str, pk: int, perm: str = "strategy.view") -> Strategy:
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
    strategy = strategy_of(request, slug, pk)
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
            "start_form": amendment_forms.AmendmentStartForm(),
        },
    )


@login_required
def measure_detail(request: HttpRequest, slug: str, pk: int, measure_pk: int) -> HttpResponse:
    strategy = strategy_of(request, slug, pk)
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
    strategy = strategy_of(request, slug, pk)
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
    strategy = strategy_of(request, slug, pk)
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
