"""The product's addresses plus three minimal views, the yardsticks of `make bench`, served the
same way (same middleware, same test Client, same process) as the pages measured:

- `/bench/minimal/`: a bare response for anyone;
- `/bench/minimal-logged-in/`: a bare response behind the login;
- `/bench/<slug>/minimal-page/`: the smallest staff page of an agglomeration: login, tenant and
  permission check as the dashboard does, and the product's layout with its navigation around
  a heading, which is what every staff page costs before its own content.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import URLPattern, URLResolver, path

from aglomera.core.tenant import TenantRequest, tenant_view
from config.urls import urlpatterns as product

MINIMAL_PAGE = engines["django"].from_string(
    '{% extends "base.html" %}'
    '{% block breadcrumbs %}{% include "agglomerations/_nav.html" %}{% endblock %}'
    "{% block content %}<h1>{{ agglomeration.name }}</h1>{% endblock %}"
)


def minimal(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@tenant_view("monitoring.view")
def minimal_page(request: TenantRequest, slug: str) -> HttpResponse:
    return HttpResponse(
        MINIMAL_PAGE.render({"agglomeration": request.tenant.agglomeration}, request)
    )


urlpatterns: list[URLPattern | URLResolver] = [
    path("bench/minimal/", minimal, name="bench_minimal"),
    path("bench/minimal-logged-in/", login_required(minimal), name="bench_minimal_logged_in"),
    path("bench/<slug:slug>/minimal-page/", minimal_page, name="bench_minimal_page"),
    *product,
]
