"""The portal's pages about the agglomeration: documents, contacts, member municipalities, the
accessibility statement, privacy and cookies."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse

from aglomera.agglomerations.models import Country
from aglomera.portal.access import PortalRequest, portal_view
from aglomera.portal.queries import about
from aglomera.portal.views.rendering import portal_render


@portal_view
def documents(request: PortalRequest) -> HttpResponse:
    found = about.documents(request.portal)
    return portal_render(request, "portal/about/documents.html", "documents", {"documents": found})


@portal_view
def contacts(request: PortalRequest) -> HttpResponse:
    return portal_render(request, "portal/about/contacts.html", "contacts")


@portal_view
def municipalities(request: PortalRequest) -> HttpResponse:
    found = about.member_municipalities(request.portal)
    return portal_render(
        request, "portal/about/municipalities.html", "municipalities", {"found": found}
    )


@portal_view
def accessibility(request: PortalRequest) -> HttpResponse:
    """The statement in the structure the agglomeration's country prescribes: Czech act
    99/2019 Sb. with the model of decree 515/2020 Sb., or the Polish act of 4 April 2019."""
    template = (
        "portal/about/accessibility_pl.html"
        if request.portal.country == Country.PL
        else "portal/about/accessibility_cz.html"
    )
    context = {
        "published_on": about.PORTAL_PUBLISHED_ON,
        "prepared_on": about.STATEMENT_PREPARED_ON,
        "reviewed_on": about.STATEMENT_REVIEWED_ON,
    }
    return portal_render(request, template, "accessibility", context)


@portal_view
def privacy(request: PortalRequest) -> HttpResponse:
    return portal_render(request, "portal/about/privacy.html", "privacy")


@portal_view
def cookies(request: PortalRequest) -> HttpResponse:
    names = {
        "language": settings.LANGUAGE_COOKIE_NAME,
        "session": settings.SESSION_COOKIE_NAME,
        "csrf": settings.CSRF_COOKIE_NAME,
    }
    return portal_render(request, "portal/about/cookies.html", "cookies", {"cookie_names": names})
