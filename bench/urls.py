"""The product's addresses plus two minimal Django views, the yardsticks of `make bench`: served
the same way (same middleware, same test Client, same process) as the pages measured."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path

from config.urls import urlpatterns as product


def minimal(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns: list[URLPattern | URLResolver] = [
    path("bench/minimal/", minimal, name="bench_minimal"),
    path("bench/minimal-logged-in/", login_required(minimal), name="bench_minimal_logged_in"),
    *product,
]
