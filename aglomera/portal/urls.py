"""The portal's addresses on the shared host: `/<lang>/` lists the agglomerations and each
portal lives under its agglomeration's slug (`/<lang>/<slug>/...`). `bound_portal` serves the
same pages at the root of a host bound to one agglomeration (hosts.py, urls_bound.py)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from aglomera.portal.views import (
    about,
    calls,
    committee,
    good_practice,
    home,
    news,
    open_data,
    projects,
    strategy,
)

app_name = "portal"


def portal_pages() -> list[URLPattern | URLResolver]:
    """The pages of one agglomeration's portal, relative to its root."""
    return [
        path("", home.home, name="home"),
        path("news/", news.news_list, name="news"),
        path("news/feed/", news.news_feed, name="news_feed"),
        path("news/<int:pk>/", news.news_detail, name="news_detail"),
        path("news/photos/<int:pk>/<slug:size>/", news.news_photo, name="news_photo"),
        path("calls/", calls.call_list, name="calls"),
        path("calls/<int:pk>/", calls.call_detail, name="call"),
        path("strategy/", strategy.strategy, name="strategy"),
        path("strategy/goals/<str:code>/", strategy.goal, name="strategy_goal"),
        path("strategy/measures/<str:code>/", strategy.measure, name="strategy_measure"),
        path("committee/", committee.committee, name="committee"),
        path("committee/meetings/<int:pk>/", committee.meeting, name="committee_meeting"),
        path("documents/", about.documents, name="documents"),
        path("contacts/", about.contacts, name="contacts"),
        path("municipalities/", about.municipalities, name="municipalities"),
        path("accessibility/", about.accessibility, name="accessibility"),
        path("privacy/", about.privacy, name="privacy"),
        path("cookies/", about.cookies, name="cookies"),
        path("projects/", projects.projects, name="projects"),
        path("projects/map.json", projects.projects_map, name="projects_map"),
        path("projects/<int:pk>/", projects.project, name="project"),
        path("good-practice/", good_practice.good_practice_list, name="good_practice_list"),
        path("good-practice/<int:pk>/", good_practice.good_practice, name="good_practice"),
        path("open-data/", open_data.catalogue, name="open_data"),
        path("open-data/catalog.ttl", open_data.dcat, name="open_data_dcat"),
        path("open-data/<slug:dataset>.<slug:fmt>", open_data.download, name="open_data_file"),
        path("sitemap.xml", open_data.sitemap, name="sitemap"),
    ]


urlpatterns = [
    path("", home.index, name="index"),
    path("<slug:slug>/", include(portal_pages())),
]

bound_portal = (portal_pages(), "portal")
