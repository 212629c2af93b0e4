"""Django's LocaleMiddleware for every page, except that an API answer is left as it is.

The API lives outside `i18n_patterns` (`/api/v1/...`, no language in the path; the language of
its messages comes from Accept-Language). Django's middleware turns a 404 of a path without a
language prefix into a redirect to `/<lang>/<path>` whenever that path resolves, and `/cs/api/`
does (the portal of an agglomeration whose slug would be "api"): an API client must get the
JSON 404 instead.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

API_PREFIX = "/api/"


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not request.path_info.startswith(API_PREFIX):
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
