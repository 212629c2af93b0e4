from __future__ import annotations

from django.urls import path

from aglomera.core.views import dashboard

app_name = "core"

urlpatterns = [path("", dashboard.dashboard, name="dashboard")]
