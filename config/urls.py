from __future__ import annotations

from typing import Any

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

admin.site.site_header = "Aglomera"


def localized(portal: Any) -> list[URLPattern | URLResolver]:
    """Every address, with the public portal's patterns given by the caller: on the shared host
    (here) the portals live under their slugs; on a host bound to one agglomeration
    (aglomera/portal/urls_bound.py) its portal lives at the root. `/` has no pattern: the locale
    middleware sends it to the reader's language (`/cs/`, `/pl/`, `/en/`)."""
    return [
        path("i18n/", include("django.conf.urls.i18n")),
        path("admin/", admin.site.urls),
        # The REST API: no language in its addresses (Accept-Language chooses), docs/api.md.
        path("api/", include("aglomera.api.urls")),
        *i18n_patterns(
            path("accounts/", include("aglomera.accounts.urls")),
            path("app/", include("aglomera.core.urls")),
            path("app/", include("aglomera.agglomerations.urls")),
            path("app/", include("aglomera.strategy.urls")),
            path("app/", include("aglomera.calls.urls")),
            path("app/", include("aglomera.intentions.urls")),
            path("app/", include("aglomera.committee.urls")),
            path("app/", include("aglomera.monitoring.urls")),
            path("app/", include("aglomera.news.urls")),
            path("app/", include("aglomera.cooperation.urls")),
            path("", include(portal)),
        ),
    ]


urlpatterns = localized("aglomera.portal.urls")
