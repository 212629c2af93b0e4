"""/api/: version 1 of the REST API (docs/api.md), its OpenAPI schema, and a JSON 404 for
every other address under /api/ (any method)."""

from __future__ import annotations

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from aglomera.api.exceptions import not_found
from aglomera.api.views import cooperation, public, staff

app_name = "api"

AGGLOMERATION = "agglomerations/<slug:slug>/"
STAFF = "staff/agglomerations/<slug:slug>/"

v1 = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("agglomerations/", public.AgglomerationList.as_view(), name="agglomerations"),
    path(AGGLOMERATION, public.AgglomerationDetail.as_view(), name="agglomeration"),
    path(f"{AGGLOMERATION}strategy/", public.StrategyDetail.as_view(), name="strategy"),
    path(f"{AGGLOMERATION}calls/", public.CallList.as_view(), name="calls"),
    path(f"{AGGLOMERATION}calls/<int:pk>/", public.CallDetail.as_view(), name="call"),
    path(f"{AGGLOMERATION}projects/", public.ProjectList.as_view(), name="projects"),
    path(f"{AGGLOMERATION}projects/<int:pk>/", public.ProjectDetail.as_view(), name="project"),
    path(f"{AGGLOMERATION}meetings/", public.MeetingList.as_view(), name="meetings"),
    path(f"{AGGLOMERATION}resolutions/", public.ResolutionList.as_view(), name="resolutions"),
    path(
        f"{AGGLOMERATION}resolutions/<int:pk>/",
        public.ResolutionDetail.as_view(),
        name="resolution",
    ),
    path(f"{AGGLOMERATION}funnel/", public.FunnelDetail.as_view(), name="funnel"),
    path(f"{STAFF}intentions/", staff.IntentionList.as_view(), name="staff_intentions"),
    path(
        f"{STAFF}intentions/<int:pk>/",
        staff.IntentionDetail.as_view(),
        name="staff_intention",
    ),
    path(
        f"{STAFF}intentions/<int:pk>/submit/",
        staff.SubmitIntention.as_view(),
        name="staff_submit",
    ),
    path(
        f"{STAFF}intentions/<int:pk>/formal-check/",
        staff.RecordFormalCheck.as_view(),
        name="staff_formal_check",
    ),
    path(
        f"{STAFF}intentions/<int:pk>/return/",
        staff.ReturnIntention.as_view(),
        name="staff_return",
    ),
    path(
        f"{STAFF}intentions/<int:pk>/pass-formal-check/",
        staff.PassFormalCheck.as_view(),
        name="staff_pass",
    ),
    path(
        f"{STAFF}intentions/<int:pk>/recommend/",
        staff.RecommendIntention.as_view(),
        name="staff_recommend",
    ),
    path(
        f"{STAFF}cooperation/partnerships/",
        cooperation.PartnershipList.as_view(),
        name="staff_partnerships",
    ),
    path(
        f"{STAFF}cooperation/partnerships/<int:pk>/exchanges/",
        cooperation.ExchangeList.as_view(),
        name="staff_exchanges",
    ),
    path(f"{STAFF}cooperation/library/", cooperation.LibraryList.as_view(), name="staff_library"),
    path(
        f"{STAFF}cooperation/library/<int:pk>/",
        cooperation.LibraryCard.as_view(),
        name="staff_card",
    ),
    path(f"{STAFF}cooperation/ideas/", cooperation.IdeaList.as_view(), name="staff_ideas"),
    path(
        f"{STAFF}cooperation/ideas/<int:pk>/", cooperation.IdeaDetail.as_view(), name="staff_idea"
    ),
]

urlpatterns = [
    path("v1/", include(v1)),
    re_path(r"", not_found, name="not_found"),
]
