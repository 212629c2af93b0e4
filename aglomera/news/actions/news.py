"""Writing news: items, their tags and photos, and their workflow (publish, schedule, withdraw).

Status changes go through `aglomera.news.transitions.NEWS`; every other write leaves an audit
record. The office (manager and coordinators) writes and edits; the manager publishes.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from aglomera.accounts.permissions import require_perm
from aglomera.agglomerations.models import Agglomeration
from aglomera.core import once
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.core.i18n import I18nText, as_i18n
from aglomera.news import photos
from aglomera.news.models import NewsItem, NewsPhoto, NewsStatus, NewsTag
from aglomera.news.transitions import NEWS

TEXT_FIELDS = ("title", "lead", "body")


def clean_text(value: Any) -> I18nText:
    """Per-language text with surrounding blanks removed and empty languages dropped."""
    return I18nText({code: text.strip() for code, text in as_i18n(value).items() if text.strip()})


@dataclass
class NewsFields:
    """What the office types for a news item; the same names as the form fields."""

    title: I18nText | dict[str, str]
    lead: I18nText | dict[str, str]
    body: I18nText | dict[str, str] = field(default_factory=I18nText)
    tags: Iterable[NewsTag] = ()
    new_tag: I18nText | dict[str, str] = field(default_factory=I18nText)


def _validate(agglomeration: Agglomeration, data: NewsFields) -> dict[str, I18nText]:
    texts = {name: clean_text(getattr(data, name)) for name in TEXT_FIELDS}
    errors: dict[str, str] = {}
    if not texts["title"]:
        errors["title"] = _("Fill in the title in at least one language.")
    if not texts["lead"]:
        errors["lead"] = _("Fill in the lead in at least one language.")
    if any(tag.agglomeration_id != agglomeration.pk for tag in data.tags):
        errors["tags"] = _("Choose tags of this agglomeration.")
    if errors:
        raise ValidationError(errors)
    return texts


def _tags(agglomeration: Agglomeration, data: NewsFields, actor: Actor) -> list[NewsTag]:
    tags = list(data.tags)
    name = clean_text(data.new_tag)
    if name:
        tags.append(create_tag(agglomeration, name, actor=actor))
    return tags


@transaction.atomic
def create_tag(
    agglomeration: Agglomeration,
    name: I18nText | dict[str, str],
    *,
    actor: Actor,
    slug: str = "",
) -> NewsTag:
    """A tag named in each language; an existing tag of the same short name is reused. The
    short name in addresses is `slug`, or made of the English (else the first) name."""
    require_perm(actor, "news.manage", agglomeration)
    text = clean_text(name)
    base = slugify(slug or text.get("en") or text.localized())[:40] or "tag"
    existing = NewsTag.objects.filter(agglomeration=agglomeration, slug=base).first()
    if existing is not None:
        return existing
    tag = NewsTag.objects.create(agglomeration=agglomeration, slug=base, name=text)
    record(
        "news.tag.created",
        actor=actor,
        target=tag,
        agglomeration_id=agglomeration.pk,
        after={"slug": tag.slug, "name": dict(text)},
    )
    return tag


@transaction.atomic
def create_news_item(
    agglomeration: Agglomeration,
    data: NewsFields,
    *,
    actor: Actor,
    form_token: uuid.UUID | None = None,
) -> NewsItem:
    """A draft news item written by `actor`."""
    require_perm(actor, "news.manage", agglomeration)
    texts = _validate(agglomeration, data)
    earlier = once.claim(form_token, actor=actor, model=NewsItem)
    if earlier is not None:
        return earlier
    item = NewsItem.objects.create(agglomeration=agglomeration, author=actor, **texts)
    tags = _tags(agglomeration, data, actor)
    item.tags.set(tags)
    record(
        "news.item.created",
        actor=actor,
        target=item,
        agglomeration_id=agglomeration.pk,
        after={**{k: dict(v) for k, v in texts.items()}, "tags": [t.slug for t in tags]},
    )
    once.bind(form_token, item)
    return item


@transaction.atomic
def update_news_item(item: NewsItem, data: NewsFields, *, actor: Actor) -> NewsItem:
    """Edit the texts and tags (in any status: a published item's typo is fixed in place)."""
    agglomeration = item.agglomeration
    require_perm(actor, "news.manage", item)
    texts = _validate(agglomeration, data)
    locked = NewsItem.objects.select_for_update().get(pk=item.pk)
    before = {name: dict(getattr(locked, name)) for name in TEXT_FIELDS}
    before["tags"] = sorted(locked.tags.values_list("slug", flat=True))  # type: ignore[assignment]
    for name, value in texts.items():
        setattr(locked, name, value)
    locked.save(update_fields=[*TEXT_FIELDS, "updated_at"])
    tags = _tags(agglomeration, data, actor)
    locked.tags.set(tags)
    after: dict[str, Any] = {name: dict(value) for name, value in texts.items()}
    after["tags"] = sorted(t.slug for t in tags)
    changed = [name for name in after if before.get(name) != after[name]]
    record(
        "news.item.edited",
        actor=actor,
        target=locked,
        agglomeration_id=agglomeration.pk,
        before={name: before[name] for name in changed},
        after={name: after[name] for name in changed},
    )
    return locked


# ---- photos ------------------------------------------------------------------------------------


@transaction.atomic
def add_photo(
    item: NewsItem,
    upload: Any,
    *,
    alt: I18nText | dict[str, str],
    credit: str,
    actor: Actor,
    form_token: uuid.UUID | None = None,
) -> NewsPhoto:
    """Check, re-encode and store a photo (aglomera/news/photos.py), last in the gallery."""
    require_perm(actor, "news.manage", item)
    alt_text = clean_text(alt)
    credit = credit.strip()
    errors: dict[str, str] = {}
    if not alt_text:
        errors["alt"] = _("Describe the photo for people who cannot see it.")
    if not credit:
        errors["credit"] = _("Say who took the photo or owns it.")
    if errors:
        raise ValidationError(errors)
    photos.check_size(upload)
    processed = photos.process(upload, str(getattr(upload, "name", "") or "?"))
    earlier = once.claim(form_token, actor=actor, model=NewsPhoto)
    if earlier is not None:
        return earlier
    last = NewsPhoto.objects.filter(item=item).aggregate(last=Max("order"))["last"]
    photo = NewsPhoto.objects.create(
        item=item,
        width=processed.width,
        height=processed.height,
        alt=alt_text,
        credit=credit,
        order=(last or 0) + 1,
    )
    record(
        "news.photo.added",
        actor=actor,
        target=item,
        agglomeration_id=item.agglomeration_id,
        after={"photo": photo.pk, "alt": dict(alt_text), "credit": credit},
    )
    once.bind(form_token, photo)
    # The files are written last, so that nothing is left behind by a refused step before.
    photo.image, photo.thumbnail = photos.store(item.agglomeration_id, processed)
    photo.save(update_fields=["image", "thumbnail"])
    return photo


@transaction.atomic
def remove_photo(photo: NewsPhoto, *, actor: Actor) -> None:
    item = photo.item
    require_perm(actor, "news.manage", item)
    names = (photo.image, photo.thumbnail)
    before = {"photo": photo.pk, "alt": dict(photo.alt), "credit": photo.credit}
    photo.delete()
    record(
        "news.photo.removed",
        actor=actor,
        target=item,
        agglomeration_id=item.agglomeration_id,
        before=before,
    )
    transaction.on_commit(partial(photos.delete_stored, *names))


# ---- the workflow -------------------------------------------------------------------------------


def publish_now(item: NewsItem, *, actor: Actor, now: datetime | None = None) -> NewsItem:
    return NEWS.step(item, NewsStatus.PUBLISHED, actor=actor, now=now)


def schedule(
    item: NewsItem, publish_at: datetime | None, *, actor: Actor, now: datetime | None = None
) -> NewsItem:
    return NEWS.step(
        item, NewsStatus.SCHEDULED, actor=actor, now=now, data={"publish_at": publish_at}
    )


def withdraw(
    item: NewsItem, *, actor: Actor, reason: str = "", now: datetime | None = None
) -> NewsItem:
    return NEWS.step(item, NewsStatus.WITHDRAWN, actor=actor, reason=reason.strip(), now=now)


def back_to_draft(item: NewsItem, *, actor: Actor, now: datetime | None = None) -> NewsItem:
    return NEWS.step(item, NewsStatus.DRAFT, actor=actor, now=now)
