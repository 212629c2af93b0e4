from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "Aglomera"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", RedirectView.as_view(pattern_name="core:dashboard", permanent=False)),
]
urlpatterns += i18n_patterns(
    path("accounts/", include("aglomera.accounts.urls")),
    path("app/", include("aglomera.core.urls")),
    path("app/", include("aglomera.agglomerations.urls")),
    path("app/", include("aglomera.strategy.urls")),
    path("app/", include("aglomera.calls.urls")),
    path("app/", include("aglomera.intentions.urls")),
    path("app/", include("aglomera.committee.urls")),
    path("app/", include("aglomera.monitoring.urls")),
)
