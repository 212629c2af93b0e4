"""The audit log of an agglomeration."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from aglomera.agglomerations.queries import audit as audit_queries
from aglomera.core.tenant import TenantRequest, tenant_view


@tenant_view("core.view_audit")
def audit_log(request: TenantRequest, slug: str) -> HttpResponse:
    agglomeration = request.tenant.agglomeration
    return render(
        request,
        "agglomerations/audit.html",
        {
            "agglomeration": agglomeration,
            "events": audit_queries.list_audit_events(agglomeration),
        },
    )
