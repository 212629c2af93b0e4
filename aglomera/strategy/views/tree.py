"""Pages of an approved strategy: its tree, one measure, the version history and diffs.

Views parse, authorize, call one action or query and render; they never write to the ORM.
"""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from aglomera.core.query_params import query_date, query_int
from aglomera.core.tenant import TenantRequest, get_in_tenant, tenant_view
from aglomera.strategy.forms import amendments as amendment_forms
from aglomera.strategy.models import (
    OPEN_STATUSES,
    Measure,
    Strategy,
    StrategyVersion,
    VersionStatus,
)
from aglomera.strategy.queries import tree as tree_queries
from aglomera.strategy.queries import versions as version_queries


def strategy_of(request: TenantRequest, pk: int) -> Strategy:
    strategies = Strategy.objects.select_related("agglomeration", "current_version")
    return get_in_tenant(strategies, request.tenant, pk=pk)


def _as_of(request: TenantRequest) -> date:
    """The day whose exchange rates convert to EUR; today when missing or not a real date."""
    return query_date(request.GET, "as_of") or timezone.localdate()


def _chosen_version(request: TenantRequest, strategy: Strategy) -> StrategyVersion:
    """The version asked for by ?version=N, else the current one; drafts only for those allowed."""
    if request.GET.get("version", ""):
        number = query_int(request.GET, "version")
        if number is None:
            raise Http404
        approved = StrategyVersion.objects.filter(strategy=strategy, status=VersionStatus.APPROVED)
        return get_in_tenant(approved.select_related("strategy"), request.tenant, number=number)
    if strategy.current_version is None:  # a new strategy: its first version is still a draft
        raise Http404
    version = strategy.current_version
    version.strategy = strategy
    return version


@tenant_view("strategy.view")
def strategy_tree(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    strategy = strategy_of(request, pk)
    see_drafts = request.tenant.can("strategy.view_amendments", strategy)
    if strategy.current_version is None and see_drafts:
        first = StrategyVersion.objects.filter(strategy=strategy, status__in=OPEN_STATUSES).first()
        if first is not None:
            return redirect("strategy:amendment", slug=slug, version_pk=first.pk)
    version = _chosen_version(request, strategy)
    tree = tree_queries.get_strategy_tree(version, as_of=_as_of(request))
    approved = list(
        StrategyVersion.objects.filter(strategy=strategy, status=VersionStatus.APPROVED)
        .order_by("-number")
        .values_list("number", flat=True)
    )
    open_amendment = None
    if see_drafts:
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


@tenant_view("strategy.view")
def measure_detail(request: TenantRequest, slug: str, pk: int, measure_pk: int) -> HttpResponse:
    strategy = strategy_of(request, pk)
    measures = (
        Measure.objects.filter(version__strategy=strategy)
        .select_related("version", "specific_goal__goal")
        .prefetch_related("specific_objectives__programme", "solutions")
    )
    measure = get_in_tenant(measures, request.tenant, pk=measure_pk)
    version = measure.version
    if version.status != VersionStatus.APPROVED:
        request.tenant.require("strategy.view_amendments", strategy)
    tree = tree_queries.get_strategy_tree(version, as_of=_as_of(request))
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


@tenant_view("strategy.view")
def version_history(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    strategy = strategy_of(request, pk)
    versions = list(version_queries.get_version_history(strategy))
    if not request.tenant.can("strategy.view_amendments", strategy):
        versions = [v for v in versions if v.status == VersionStatus.APPROVED]
    return render(
        request,
        "strategy/versions.html",
        {"agglomeration": strategy.agglomeration, "strategy": strategy, "versions": versions},
    )


@tenant_view("strategy.view")
def version_diff(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    strategy = strategy_of(request, pk)
    see_drafts = request.tenant.can("strategy.view_amendments", strategy)

    def pick(param: str) -> StrategyVersion:
        pk = query_int(request.GET, param)
        if pk is None:
            raise Http404
        versions = StrategyVersion.objects.filter(strategy=strategy).select_related("strategy")
        version = get_in_tenant(versions, request.tenant, pk=pk)
        if version.status != VersionStatus.APPROVED and not see_drafts:
            raise Http404
        return version

    old, new = pick("old"), pick("new")
    diff = version_queries.diff_versions(old, new)
    return render(
        request,
        "strategy/diff.html",
        {"agglomeration": strategy.agglomeration, "strategy": strategy, "diff": diff},
    )
