"""The audit log of an agglomeration."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from aglomera.agglomerations.queries import audit as audit_queries
from aglomera.core.views_helpers import get_agglomeration


@login_required
def audit_log(request: HttpRequest, slug: str) -> HttpResponse:
    agglomeration = get_agglomeration(request.user, slug, "core.view_audit")
    return render(
        request,
        "agglomerations/audit.html",
        {
            "agglomeration": agglomeration,
            "events": audit_queries.list_audit_events(agglomeration),
        },
    )
