"""What each side shares, under /app/<slug>/cooperation/<pk>/: the page "What we share" (the
manager of the URL's member ticks its strategies, their dashboards and its cards for partners;
everyone else who reads the partnership sees it read-only, with what the other members share),
and a shared strategy's measure tree and dashboard, read-only, 404 unless a member shares them
with this partnership. Views parse, authorize, call one action or query and render.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aglomera.cooperation import actions, queries
from aglomera.cooperation.forms.sharing import SharingForm
from aglomera.cooperation.models import ShareKind
from aglomera.core.query_params import query_date
from aglomera.core.tenant import TenantRequest, tenant_view
from aglomera.core.views.forms import submit_action_form
from aglomera.monitoring.calculations.funnel import FunnelFilters
from aglomera.monitoring.queries.dashboard import get_dashboard
from aglomera.monitoring.views.dashboard import csv_download, results_context
from aglomera.strategy.queries.tree import get_strategy_tree


@tenant_view("cooperation.view")
@require_http_methods(["GET", "POST"])
def sharing(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    page = queries.sharing_page(agglomeration, pk)
    can_share = request.tenant.can("cooperation.share")
    posted = request.POST if request.method == "POST" else None
    form = SharingForm(posted, own=page.own)
    changes: list[actions.SharingChange] = []
    if submit_action_form(
        request,
        form,
        "cooperation.share",
        agglomeration,
        lambda data: changes.append(
            actions.set_sharing(
                page.partnership,
                actions.Sharing(
                    frozenset(data["strategies"]),
                    frozenset(data["dashboards"]),
                    frozenset(data["practices"]),
                ),
                agglomeration=agglomeration,
                actor=request.user,
            )
        ),
    ):
        if changes[0].changed:
            messages.success(request, _("What you share with the partnership is saved."))
        else:
            messages.info(request, _("Nothing changed."))
        return redirect("cooperation:sharing", slug=slug, pk=pk)
    return render(
        request,
        "cooperation/sharing.html",
        {
            "agglomeration": agglomeration,
            "partnership": page.partnership,
            "page": page,
            "form": form if can_share else None,
        },
        status=422 if form.errors else 200,
    )


@tenant_view("cooperation.view")
def shared_strategy(request: TenantRequest, slug: str, pk: int, strategy_pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    partnership, strategy = queries.get_shared_strategy(
        agglomeration, pk, strategy_pk, ShareKind.STRATEGY
    )
    version = strategy.current_version
    tree = None
    if version is not None:
        version.strategy = strategy
        as_of = query_date(request.GET, "as_of") or timezone.localdate()
        tree = get_strategy_tree(version, as_of=as_of)
    return render(
        request,
        "cooperation/shared_strategy.html",
        {
            "agglomeration": agglomeration,
            "partnership": partnership,
            "strategy": strategy,
            "tree": tree,
            "shared": True,  # strategy/_tree.html: no links to the owner's own pages
        },
    )


@tenant_view("cooperation.view")
def shared_dashboard(request: TenantRequest, slug: str, pk: int, strategy_pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    partnership, strategy = queries.get_shared_strategy(
        agglomeration, pk, strategy_pk, ShareKind.DASHBOARD
    )
    filters = FunnelFilters(as_of=query_date(request.GET, "as_of") or timezone.localdate())
    board = None
    if strategy.current_version_id is not None:
        board = get_dashboard(strategy.agglomeration, strategy_id=strategy.pk, filters=filters)
    if request.GET.get("format") == "csv":
        if board is None:
            raise Http404
        return csv_download(strategy.agglomeration, board, filters, request.GET.get("chart", ""))
    context = results_context(board, filters, request.GET) if board is not None else {}
    return render(
        request,
        "cooperation/shared_dashboard.html",
        {
            **context,
            "agglomeration": agglomeration,
            "partnership": partnership,
            "strategy": strategy,
            "board": board,
        },
    )
