from __future__ import annotations

from django.urls import path

from aglomera.core.views import dashboard, language

app_name = "core"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("language/<str:code>/", language.switch_language, name="language"),
]
