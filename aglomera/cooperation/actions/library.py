"""Writing good-practice cards (the library, docs/cooperation.md).

A card belongs to one agglomeration; only that agglomeration's office writes it
(`cooperation.manage` there). Each write leaves an audit record in the office's log and keeps
the stamps of when each language version of the texts and the tags changed (`text_changed`,
aglomera/core/language_pairs.py).

Tags are per language ({"cs": [...], "pl": [...], "en": [...]}); a plain list is taken as the
English tags.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aglomera.accounts.permissions import require_perm
from aglomera.agglomerations.models import Agglomeration
from aglomera.cooperation.actions.common import clean_text, url_error
from aglomera.cooperation.models import GoodPractice, MoneyBasis, Visibility
from aglomera.core import once
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.core.i18n import I18nText, language_codes
from aglomera.core.language_pairs import restamp
from aglomera.core.money import Currency
from aglomera.intentions.models import ProjectIntention
from aglomera.portal.search import fold

TEXT_FIELDS = ("title", "what", "why")
MAX_TAGS = 20
MAX_TAG_LENGTH = 40


@dataclass
class GoodPracticeFields:
    """What the office types for a card; the same names as the form fields."""

    title: I18nText | dict[str, str]
    what: I18nText | dict[str, str] = field(default_factory=I18nText)
    why: I18nText | dict[str, str] = field(default_factory=I18nText)
    amount: Decimal | None = None
    currency: str = ""
    basis: str = ""
    contact: str = ""
    intention: ProjectIntention | None = None
    tags: dict[str, list[str]] | list[str] = field(default_factory=dict)  # a list: English
    visibility: str = Visibility.OWN
    source: str = ""


def clean_tags(tags: list[str]) -> list[str]:
    """Tags without surrounding blanks, empty ones and repeats (compared folded), in order."""
    seen: set[str] = set()
    kept: list[str] = []
    for tag in tags:
        text = " ".join(tag.split())
        if text and fold(text) not in seen:
            seen.add(fold(text))
            kept.append(text)
    return kept


def tags_per_language(tags: dict[str, list[str]] | list[str]) -> dict[str, list[str]]:
    """The tags of each language of the product, cleaned (a plain list: the English ones)."""
    given = {"en": tags} if isinstance(tags, list) else tags
    return {code: clean_tags(list(given.get(code) or [])) for code in language_codes()}


def search_text(card: GoodPractice) -> str:
    """What the library's search box looks in, folded: titles, texts and the tags of every
    language."""
    parts = [text for name in TEXT_FIELDS for text in getattr(card, name).values()]
    tags = [tag for values in card.tags_by_language().values() for tag in values]
    return fold(" ".join([*parts, *tags]))


def _texts(card: GoodPractice) -> dict[str, dict[str, Any]]:
    """The per-language values the language-pair stamps cover: the texts and the tags."""
    return {
        **{name: dict(getattr(card, name)) for name in TEXT_FIELDS},
        "tags": card.tags_by_language(),
    }


def _validate(agglomeration: Agglomeration, data: GoodPracticeFields) -> dict[str, Any]:
    texts = {name: clean_text(getattr(data, name)) for name in TEXT_FIELDS}
    tags = tags_per_language(data.tags)
    source = data.source.strip()
    errors: dict[str, str] = {}
    if not texts["title"]:
        errors["title"] = _("Fill in the title in at least one language.")
    money = (data.amount is not None, bool(data.currency), bool(data.basis))
    if any(money) and not all(money):
        errors["amount"] = _(
            "Give the amount with its currency and money basis, or leave all three empty."
        )
    elif data.amount is not None and data.amount < 0:
        errors["amount"] = _("The amount cannot be negative.")
    if data.currency and data.currency not in Currency.values:
        errors["currency"] = _("Choose a currency.")
    if data.basis and data.basis not in MoneyBasis.values:
        errors["basis"] = _("Choose a money basis.")
    if data.visibility not in Visibility.values:
        errors["visibility"] = _("Choose who may read the card.")
    if data.intention is not None and data.intention.call.agglomeration_id != agglomeration.pk:
        errors["intention"] = _("Choose a project of this agglomeration.")
    if any(
        len(values) > MAX_TAGS or any(len(tag) > MAX_TAG_LENGTH for tag in values)
        for values in tags.values()
    ):
        errors["tags"] = _("Give at most 20 tags per language of at most 40 characters each.")
    if message := url_error(source):
        errors["source"] = message
    if errors:
        raise ValidationError(errors)
    return {
        **texts,
        "amount": data.amount,
        "currency": data.currency,
        "basis": data.basis,
        "contact": data.contact.strip(),
        "intention": data.intention,
        **{f"tags_{code}": values for code, values in tags.items()},
        "visibility": data.visibility,
        "source": source,
    }


def snapshot(card: GoodPractice) -> dict[str, Any]:
    """The card as the audit log keeps it."""
    return {
        **{name: dict(getattr(card, name)) for name in TEXT_FIELDS},
        "amount": None if card.amount is None else str(card.amount),
        "currency": card.currency,
        "basis": card.basis,
        "contact": card.contact,
        "intention": card.intention_id,
        "tags": card.tags_by_language(),
        "visibility": card.visibility,
        "source": card.source,
    }


def _require_owner(actor: Actor, agglomeration: Agglomeration, card: GoodPractice | None) -> None:
    require_perm(actor, "cooperation.manage", agglomeration)
    if card is not None and card.agglomeration_id != agglomeration.pk:
        raise PermissionDenied


@transaction.atomic
def create_good_practice(
    data: GoodPracticeFields,
    *,
    agglomeration: Agglomeration,
    actor: Actor,
    form_token: uuid.UUID | None = None,
) -> GoodPractice:
    """A card of `agglomeration`, written by its office."""
    _require_owner(actor, agglomeration, None)
    values = _validate(agglomeration, data)
    earlier = once.claim(form_token, actor=actor, model=GoodPractice)
    if earlier is not None:
        return earlier
    card = GoodPractice(agglomeration=agglomeration, **values)
    card.search_text = search_text(card)
    card.text_changed = restamp({}, {}, _texts(card), now=timezone.now())
    card.save()
    record(
        "cooperation.good_practice.created",
        actor=actor,
        target=card,
        agglomeration_id=agglomeration.pk,
        after=snapshot(card),
    )
    once.bind(form_token, card)
    return card


@transaction.atomic
def update_good_practice(
    card: GoodPractice,
    data: GoodPracticeFields,
    *,
    agglomeration: Agglomeration,
    actor: Actor,
) -> GoodPractice:
    """Save the edits of the owner's office (refused for any other agglomeration)."""
    _require_owner(actor, agglomeration, card)
    values = _validate(agglomeration, data)
    locked = GoodPractice.objects.select_for_update().get(pk=card.pk)
    before = snapshot(locked)
    texts_before = _texts(locked)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.search_text = search_text(locked)
    locked.text_changed = restamp(
        locked.text_changed, texts_before, _texts(locked), now=timezone.now()
    )
    locked.save()
    after = snapshot(locked)
    changed = [name for name in after if before[name] != after[name]]
    record(
        "cooperation.good_practice.edited",
        actor=actor,
        target=locked,
        agglomeration_id=agglomeration.pk,
        before={name: before[name] for name in changed},
        after={name: after[name] for name in changed},
    )
    return locked
