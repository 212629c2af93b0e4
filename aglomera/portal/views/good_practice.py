"""The portal's good-practice pages: the agglomeration's cards its office made public
(docs/cooperation.md, good-practice library). Cached like every portal page (`portal_view`)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from aglomera.cooperation.queries import public_card, public_cards
from aglomera.portal.access import PortalRequest, portal_view


@portal_view
def good_practice_list(request: PortalRequest) -> HttpResponse:
    return render(
        request,
        "portal/good_practice_list.html",
        {"cards": public_cards(request.portal), "section": "good_practice"},
    )


@portal_view
def good_practice(request: PortalRequest, pk: int) -> HttpResponse:
    return render(
        request,
        "portal/good_practice.html",
        {"card": public_card(request.portal, pk), "section": "good_practice"},
    )
