"""The portal's addresses on the shared host: `/<lang>/` lists the agglomerations and each
portal lives under its agglomeration's slug (`/<lang>/<slug>/...`). `bound_portal` serves the
same pages at the root of a host bound to one agglomeration (hosts.py, urls_bound.py)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from aglomera.portal.views import home, news

app_name = "portal"


def portal_pages() -> list[URLPattern | URLResolver]:
    """The pages of one agglomeration's portal, relative to its root."""
    return [
        path("", home.home, name="home"),
        path("news/", news.news_list, name="news"),
        path("news/feed/", news.news_feed, name="news_feed"),
        path("news/<int:pk>/", news.news_detail, name="news_detail"),
        path("news/photos/<int:pk>/<slug:size>/", news.news_photo, name="news_photo"),
    ]


urlpatterns = [
    path("", home.index, name="index"),
    path("<slug:slug>/", include(portal_pages())),
]

bound_portal = (portal_pages(), "portal")
