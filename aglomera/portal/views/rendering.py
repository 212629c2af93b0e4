"""Rendering a portal section's page: in the agglomeration's time zone, with the section marked
in the navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from aglomera.core.tenant import zone_of
from aglomera.portal.access import PortalRequest


def portal_render(
    request: PortalRequest, template: str, section: str, context: dict[str, Any] | None = None
) -> HttpResponse:
    """Dates and times on the page are in the agglomeration's time zone, whoever reads it."""
    with timezone.override(zone_of(request.portal.time_zone)):
        return render(
            request,
            template,
            {"section": section, "agglomeration": request.portal, **(context or {})},
        )
