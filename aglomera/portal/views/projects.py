"""The portal's public projects: the list (search, facets, sorting, pages; also the plain-text
alternative to the map), the map's clusters as GeoJSON and a project's page."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language

from aglomera.portal.access import PortalRequest, portal_view
from aglomera.portal.queries.project import get_public_project
from aglomera.portal.queries.projects import (
    MapRequestError,
    ProjectFilters,
    list_public_projects,
    map_clusters,
    member_points,
    parse_map_request,
)


def _portal_reverse(request: PortalRequest, name: str, **kwargs: object) -> str:
    if getattr(request, "portal_host", None) is None:
        kwargs["slug"] = request.portal.slug
    return reverse(f"portal:{name}", kwargs=kwargs)


@portal_view
def projects(request: PortalRequest) -> HttpResponse:
    filters = ProjectFilters.from_query(request.GET)
    page = list_public_projects(request.portal, filters, language=get_language())
    return render(
        request,
        "portal/projects.html",
        {
            "page": page,
            "section": "projects",
            "map_url": _portal_reverse(request, "projects_map"),
            "map_query": page.filters.query()[1:],
            "members": member_points(request.portal),
            "tile_url": settings.PORTAL_TILE_URL,
        },
    )


@portal_view
def projects_map(request: PortalRequest) -> HttpResponse:
    """GeoJSON clusters of the projects matching the list's filters in `bbox` at `zoom`."""
    try:
        bbox, zoom = parse_map_request(request.GET)
    except MapRequestError as error:
        return JsonResponse({"error": str(error)}, status=400)
    filters = ProjectFilters.from_query(request.GET)
    data = map_clusters(
        request.portal,
        filters,
        bbox,
        zoom,
        language=get_language(),
        url=lambda pk: _portal_reverse(request, "project", pk=pk),
    )
    return JsonResponse(data, content_type="application/geo+json")


@portal_view
def project(request: PortalRequest, pk: int) -> HttpResponse:
    page = get_public_project(request.portal, pk, language=get_language())
    if page is None:
        raise Http404
    return render(
        request,
        "portal/project.html",
        {
            "project": page,
            "section": "projects",
            "tile_url": settings.PORTAL_TILE_URL,
            "points": [
                [place.name, float(place.latitude or 0), float(place.longitude or 0)]
                for place in page.located
            ],
        },
    )
