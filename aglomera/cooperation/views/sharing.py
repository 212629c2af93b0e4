"""What each side shares, under /app/<slug>/cooperation/<pk>/: the page "What we share" (the
manager of the URL's member ticks its strategies, their dashboards and its cards for partners;
everyone else who reads the partnership sees it read-only, with what the other members share),
and a shared strategy's measure tree and dashboard, read-only, 404 unless a member shares them
with this partnership. Views parse, authorize, call one action or query and render.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from aglomera.cooperation import actions, queries
from aglomera.cooperation.forms.sharing import SharingForm
from aglomera.cooperation.models import ShareKind
from aglomera.core.dates import EARLIEST, LATEST
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


def _as_of(request: TenantRequest) -> tuple[date, bool]:
    """The day asked for (today when none), and whether a given day was refused: not a date,
    or outside the years the product accepts (the page then shows today and says so, 422)."""
    given = query_date(request.GET, "as_of")
    refused = bool(request.GET.get("as_of")) and given is None
    return given or timezone.localdate(), refused


AS_OF_REFUSED = gettext_lazy(
    "The day asked for is not a valid date from %(earliest)s to %(latest)s; today's figures "
    "are shown."
)


def _refusal() -> str:
    return str(AS_OF_REFUSED) % {
        "earliest": date_format(EARLIEST, "SHORT_DATE_FORMAT"),
        "latest": date_format(LATEST, "SHORT_DATE_FORMAT"),
    }


@tenant_view("cooperation.view")
def shared_strategy(request: TenantRequest, slug: str, pk: int, strategy_pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    partnership, strategy = queries.get_shared_strategy(
        agglomeration, pk, strategy_pk, ShareKind.STRATEGY
    )
    version = strategy.current_version
    tree = None
    as_of, refused = _as_of(request)
    if version is not None:
        version.strategy = strategy
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
            "as_of_error": _refusal() if refused else "",
        },
        status=422 if refused else 200,
    )


@tenant_view("cooperation.view")
def shared_dashboard(request: TenantRequest, slug: str, pk: int, strategy_pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    partnership, strategy = queries.get_shared_strategy(
        agglomeration, pk, strategy_pk, ShareKind.DASHBOARD
    )
    as_of, refused = _as_of(request)
    filters = FunnelFilters(as_of=as_of)
    board = None
    if strategy.current_version_id is not None:
        board = get_dashboard(strategy.agglomeration, strategy_id=strategy.pk, filters=filters)
    if request.GET.get("format") == "csv":
        if board is None:
            raise Http404
        if refused:
            return HttpResponse(_refusal(), status=422, content_type="text/plain; charset=utf-8")
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
            "as_of_error": _refusal() if refused else "",
        },
        status=422 if refused else 200,
    )
