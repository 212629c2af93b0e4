"""The language switch (see aglomera.core.language)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.views.decorators.http import require_GET

from aglomera.accounts.actions.preferences import set_preferred_language
from aglomera.core import language


@require_GET
def switch_language(request: HttpRequest, code: str) -> HttpResponse:
    """Show the page `next` in language `code` and remember the choice: in the cookie always,
    as the user's preferred language only when asked from this site (a GET: any other site
    could otherwise change it with an <img>)."""
    if code not in language.codes():
        raise Http404
    response = HttpResponseRedirect(language.in_language(request, request.GET.get("next"), code))
    if (
        request.user.is_authenticated
        and request.user.pk is not None
        and language.from_this_site(request)
    ):
        set_preferred_language(request.user.pk, code)
    return language.remember(response, code)
