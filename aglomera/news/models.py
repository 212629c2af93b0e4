"""News of an agglomeration for its public portal: items with a photo gallery and tags.

An item is written in Czech, Polish and English (`I18nField`), moves draft → scheduled /
published → withdrawn through `aglomera.news.transitions`, and is public once it is scheduled or
published and its `publish_at` has come. Photos are stored re-encoded (aglomera/news/photos.py)
in the default (public media) storage; the portal serves them only for public items.

Each model names its way to the agglomeration in `TENANT_PATH` (aglomera.core.tenant).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aglomera.core.i18n import I18nField


class NewsStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The long side of a photo's thumbnail, in pixels (aglomera/news/photos.py makes it).
THUMB_SIDE = 480

# Statuses whose items the portal shows once their `publish_at` has come.
PUBLIC_STATUSES = (NewsStatus.SCHEDULED, NewsStatus.PUBLISHED)


class NewsTag(models.Model):
    """A topic readers can filter the news by, named in each language."""

    TENANT_PATH = "agglomeration"

    agglomeration = models.ForeignKey(
        "agglomerations.Agglomeration", on_delete=models.CASCADE, related_name="news_tags"
    )
    slug = models.SlugField(_("short name in addresses"), max_length=50)
    name = I18nField(_("name"), max_length=60)

    class Meta:
        ordering = ["agglomeration", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["agglomeration", "slug"], name="news_tag_unique")
        ]
        verbose_name = _("news tag")
        verbose_name_plural = _("news tags")

    def __str__(self) -> str:
        return str(self.name)


class NewsItem(models.Model):
    TENANT_PATH = "agglomeration"

    agglomeration = models.ForeignKey(
        "agglomerations.Agglomeration", on_delete=models.CASCADE, related_name="news"
    )
    title = I18nField(_("title"), max_length=200)
    lead = I18nField(_("lead"), max_length=600, textarea=True)
    body = I18nField(_("text"), blank=True, textarea=True, max_length=20_000)
    tags = models.ManyToManyField(NewsTag, verbose_name=_("tags"), blank=True, related_name="items")
    publish_at = models.DateTimeField(_("publication"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=NewsStatus.choices, default=NewsStatus.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    meeting = models.ForeignKey(
        "committee.Meeting",
        verbose_name=_("steering committee meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news",
    )
    # The exchange of a cross-border partnership the item was made from
    # (aglomera/cooperation/actions/news.py): one item per exchange and portal.
    exchange = models.ForeignKey(
        "cooperation.Exchange",
        verbose_name=_("exchange of the partnership"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agglomeration", "-publish_at", "-id"]
        indexes = [models.Index(fields=["agglomeration", "status", "publish_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["scheduled", "published"]) | Q(publish_at__isnull=False),
                name="news_public_has_date",
            ),
            models.UniqueConstraint(
                fields=["exchange", "agglomeration"],
                condition=Q(exchange__isnull=False),
                name="news_one_item_per_exchange_and_portal",
            ),
        ]
        verbose_name = _("news item")
        verbose_name_plural = _("news")

    def __str__(self) -> str:
        return str(self.title)


class GalleryPhoto(models.Model):
    """A photo of a gallery (a news item's, an exchange report's): the re-encoded picture and its
    thumbnail (stored names in the default storage, checked and written by
    aglomera/news/photos.py), its size, the alternative text and the credit."""

    image = models.CharField(max_length=200)
    thumbnail = models.CharField(max_length=200)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    alt = I18nField(_("alternative text"), max_length=300)
    credit = models.CharField(_("credit"), max_length=200)
    order = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self.alt)

    @property
    def thumbnail_size(self) -> tuple[int, int]:
        """The thumbnail's width and height (the photo reduced to THUMB_SIDE on its long side)."""
        scale = min(1.0, THUMB_SIDE / max(self.width, self.height, 1))
        return max(1, round(self.width * scale)), max(1, round(self.height * scale))


class NewsPhoto(GalleryPhoto):
    """One photo of a news item's gallery."""

    TENANT_PATH = "item__agglomeration"

    item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="photos")

    class Meta:
        ordering = ["item", "order", "id"]
        verbose_name = _("news photo")
        verbose_name_plural = _("news photos")

    @property
    def agglomeration_id(self) -> int:
        return self.item.agglomeration_id
