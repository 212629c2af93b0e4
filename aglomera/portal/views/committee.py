"""The portal's steering committee: members, meetings, resolutions and attendance."""

from __future__ import annotations

from django.http import HttpResponse

from aglomera.portal.access import PortalRequest, portal_view
from aglomera.portal.queries.committee import committee_page, meeting_page
from aglomera.portal.views.rendering import portal_render


@portal_view
def committee(request: PortalRequest) -> HttpResponse:
    page = committee_page(request.portal)
    return portal_render(request, "portal/committee/committee.html", "committee", {"page": page})


@portal_view
def meeting(request: PortalRequest, pk: int) -> HttpResponse:
    page = meeting_page(request.portal, pk)
    return portal_render(request, "portal/committee/meeting.html", "committee", {"page": page})
