"""Publishing an exchange as news on the portals of the partnership's members: the confirmation
page with the preview of each portal's item in its languages (GET) and the one action (POST).

For a manager of the agglomeration of the URL (`cooperation.manage` and `news.publish` there);
coordinators and the other readers of the exchange get 403, every one else 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aglomera.cooperation import actions, queries
from aglomera.core.tenant import TenantRequest, tenant_view
from aglomera.news.models import NewsStatus


@tenant_view("cooperation.manage")
@require_http_methods(["GET", "POST"])
def exchange_publish_news(request: TenantRequest, slug: str, pk: int) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    exchange = queries.get_exchange(agglomeration, pk)
    request.tenant.require("news.publish")
    if request.method == "POST":
        result = actions.publish_exchange_as_news(
            exchange, agglomeration=agglomeration, actor=request.user
        )
        if not result.changed:
            messages.info(
                request,
                _("This exchange is already published as news: its items are listed below."),
            )
        elif all(portal.item.status != NewsStatus.DRAFT for portal in result.portals):
            messages.success(request, _("The exchange is published as news on every portal."))
        else:
            messages.success(
                request,
                _(
                    "The exchange is published as news on your portal; on the partner's portal "
                    "the item waits as a draft for its manager to publish it."
                ),
            )
        return redirect("cooperation:exchange", slug=slug, pk=pk)
    return render(
        request,
        "cooperation/exchange_news.html",
        {
            "agglomeration": agglomeration,
            "exchange": exchange,
            "partnership": exchange.partnership,
            "previews": queries.publish_preview(exchange, agglomeration, request.user),
        },
    )
