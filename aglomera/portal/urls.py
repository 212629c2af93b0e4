"""The portal's addresses on the shared host: `/<lang>/` lists the agglomerations and each
portal lives under its agglomeration's slug (`/<lang>/<slug>/...`). `bound_portal` serves the
same pages at the root of a host bound to one agglomeration (hosts.py, urls_bound.py)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from aglomera.portal.views import home

app_name = "portal"


def portal_pages() -> list[URLPattern | URLResolver]:
    """The pages of one agglomeration's portal, relative to its root."""
    return [
        path("", home.home, name="home"),
    ]


urlpatterns = [
    path("", home.index, name="index"),
    path("<slug:slug>/", include(portal_pages())),
]

bound_portal = (portal_pages(), "portal")
