"""The portal index (`/<lang>/`: what Aglomera is and which agglomerations it serves) and each
agglomeration's home page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from aglomera.portal.access import PortalRequest, portal_view
from aglomera.portal.page_cache import cached_page
from aglomera.portal.queries.home import portal_home, portal_index


@cached_page
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/index.html", {"agglomerations": portal_index()})


@portal_view
def home(request: PortalRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"home": portal_home(request.portal)})
