"""The portal's news: the list (paginated, by tag), one item with its gallery, the Atom feed in
the reader's language and the photos of public items."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from aglomera.agglomerations.models import Agglomeration
from aglomera.news.models import NewsItem
from aglomera.news.views.photos import photo_response
from aglomera.portal.access import PortalRequest, portal_view
from aglomera.portal.queries import news as queries


def portal_reverse(request: HttpRequest, name: str, **kwargs: Any) -> str:
    """Like the `portal_url` tag: under the slug on the shared host, at the root of a bound one."""
    if getattr(request, "portal_host", None) is None:
        kwargs["slug"] = request.portal.slug  # type: ignore[attr-defined]
    return reverse(f"portal:{name}", kwargs=kwargs)


@portal_view
def news_list(request: PortalRequest) -> HttpResponse:
    listing = queries.news_list(
        request.portal,
        timezone.now(),
        tag=request.GET.get("tag"),
        page=request.GET.get("page"),
    )
    return render(request, "portal/news_list.html", {"listing": listing, "section": "news"})


@portal_view
def news_detail(request: PortalRequest, pk: int) -> HttpResponse:
    item = queries.news_item(request.portal, pk, timezone.now())
    if item is None:
        raise Http404
    return render(request, "portal/news_detail.html", {"item": item, "section": "news"})


@portal_view
def news_photo(request: PortalRequest, pk: int, size: str) -> HttpResponse:
    photo = queries.public_photo(request.portal, pk, timezone.now())
    if photo is None:
        raise Http404
    return photo_response(photo, size, cache="public, max-age=3600")


class NewsFeed(Feed):  # type: ignore[type-arg]
    """The Atom feed of one portal's news, in the language of the address."""

    feed_type = Atom1Feed

    def __init__(self, request: HttpRequest) -> None:
        super().__init__()
        self.request = request

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Agglomeration:
        agglomeration: Agglomeration = request.portal  # type: ignore[attr-defined]
        return agglomeration

    def title(self, obj: Agglomeration) -> str:
        return _("News of %(name)s") % {"name": obj.name}

    def subtitle(self, obj: Agglomeration) -> str:
        return _("News of the integrated territorial strategy of %(name)s.") % {"name": obj.name}

    def link(self, obj: Agglomeration) -> str:
        return portal_reverse(self.request, "news")

    def feed_url(self, obj: Agglomeration) -> str:
        return portal_reverse(self.request, "news_feed")

    def items(self, obj: Agglomeration) -> list[NewsItem]:
        return queries.feed_items(obj, timezone.now())

    def item_title(self, item: NewsItem) -> str:
        return str(item.title)

    def item_description(self, item: NewsItem) -> str:
        # Atom's summary is read as HTML: the lead is plain text, so its markup is escaped.
        return escape(str(item.lead))

    def item_link(self, item: NewsItem) -> str:
        return portal_reverse(self.request, "news_detail", pk=item.pk)

    def item_pubdate(self, item: NewsItem) -> Any:
        return item.publish_at

    def item_updateddate(self, item: NewsItem) -> Any:
        return max(item.updated_at, item.publish_at or item.updated_at)

    def item_categories(self, item: NewsItem) -> list[str]:
        return [str(tag.name) for tag in item.tags.all()]


@portal_view
def news_feed(request: PortalRequest) -> HttpResponse:
    return NewsFeed(request)(request)
