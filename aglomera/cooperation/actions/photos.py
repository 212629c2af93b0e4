"""The photos of an exchange's report: adding and removing one, by the office of either member
(`cooperation.manage`), each change audited on the exchange.

An upload goes through the news photos' checks (aglomera/news/photos.py): refused when empty,
too large, not a JPEG, PNG or WebP picture by its content, or a decompression bomb; otherwise
re-encoded without its metadata. The files are written last (nothing is left behind by a refused
step) and deleted only once the removal is committed.
"""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from aglomera.agglomerations.models import Agglomeration
from aglomera.cooperation.actions.common import clean_text, require_member
from aglomera.cooperation.models import Exchange, ExchangePhoto
from aglomera.core import once
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.core.i18n import I18nText
from aglomera.news import photos

FOLDER = "cooperation"  # the stored files: cooperation/<agglomeration id>/<random>.jpg
CREDIT_LENGTH = 200
ALT_LENGTH = 300


def photo_snapshot(photo: ExchangePhoto) -> dict[str, Any]:
    """The photo as the audit log keeps it."""
    return {"photo": photo.pk, "alt": dict(photo.alt), "credit": photo.credit}


def _validate(alt: I18nText | dict[str, str], credit: str) -> tuple[I18nText, str]:
    alt_text = clean_text(alt)
    credit = " ".join(credit.split())
    errors: dict[str, str] = {}
    if not alt_text:
        errors["alt"] = _("Describe the photo for people who cannot see it.")
    elif any(len(text) > ALT_LENGTH for text in alt_text.values()):
        errors["alt"] = _("Write at most 300 characters.")
    if not credit:
        errors["credit"] = _("Say who took the photo or owns it.")
    elif len(credit) > CREDIT_LENGTH:
        errors["credit"] = _("Write at most 200 characters.")
    if errors:
        raise ValidationError(errors)
    return alt_text, credit


@transaction.atomic
def add_photo(
    exchange: Exchange,
    upload: Any,
    *,
    alt: I18nText | dict[str, str],
    credit: str,
    agglomeration: Agglomeration,
    actor: Actor,
    form_token: uuid.UUID | None = None,
) -> ExchangePhoto:
    """Check, re-encode and store a photo of the exchange, last in its gallery."""
    require_member(actor, "cooperation.manage", exchange.partnership, agglomeration)
    alt_text, credit = _validate(alt, credit)
    photos.check_size(upload)
    processed = photos.process(upload, str(getattr(upload, "name", "") or "?"))
    earlier = once.claim(form_token, actor=actor, model=ExchangePhoto)
    if earlier is not None:
        return earlier
    last = ExchangePhoto.objects.filter(exchange=exchange).aggregate(last=Max("order"))["last"]
    photo = ExchangePhoto.objects.create(
        exchange=exchange,
        width=processed.width,
        height=processed.height,
        alt=alt_text,
        credit=credit,
        order=(last or 0) + 1,
    )
    record(
        "cooperation.exchange.photo_added",
        actor=actor,
        target=exchange,
        agglomeration_id=agglomeration.pk,
        after=photo_snapshot(photo),
    )
    once.bind(form_token, photo)
    # The files are written last, so that nothing is left behind by a refused step before.
    photo.image, photo.thumbnail = photos.store(agglomeration.pk, processed, FOLDER)
    photo.save(update_fields=["image", "thumbnail"])
    return photo


@transaction.atomic
def remove_photo(photo: ExchangePhoto, *, agglomeration: Agglomeration, actor: Actor) -> None:
    """Remove a photo from the exchange; its files are deleted once this is committed."""
    exchange = photo.exchange
    require_member(actor, "cooperation.manage", exchange.partnership, agglomeration)
    names = (photo.image, photo.thumbnail)
    before = photo_snapshot(photo)
    photo.delete()
    record(
        "cooperation.exchange.photo_removed",
        actor=actor,
        target=exchange,
        agglomeration_id=agglomeration.pk,
        before=before,
    )
    transaction.on_commit(partial(photos.delete_stored, *names))
