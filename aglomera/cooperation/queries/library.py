"""The read side of the good-practice library.

The office of an agglomeration reads its own cards, its partners' (the other members of any
partnership it belongs to) public cards, and their cards for partners that their manager shares
with a partnership both belong to (`queries/sharing.py`); nobody reads another agglomeration's
card otherwise (404). The portal shows an agglomeration's public cards.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from aglomera.agglomerations.models import Agglomeration
from aglomera.cooperation.models import GoodPractice, PartnershipMember, Visibility, pick_tags
from aglomera.cooperation.queries.cooperation import missing_languages
from aglomera.cooperation.queries.sharing import shared_practices_filter
from aglomera.core.collation import sort_key
from aglomera.core.i18n import I18nText, Localized, language_codes
from aglomera.core.language_pairs import StaleRow, stale_rows
from aglomera.core.tenant import get_in_tenant, in_tenant
from aglomera.intentions.models import ProjectIntention
from aglomera.portal.models import PublicProject
from aglomera.portal.search import fold


def visible_cards(agglomeration: Agglomeration) -> QuerySet[GoodPractice]:
    """The cards the office of `agglomeration` reads: its own, its partners' public ones, and
    its partners' cards for partners shared with a partnership of both."""
    partners = (
        PartnershipMember.objects.filter(partnership__members__agglomeration=agglomeration)
        .exclude(agglomeration=agglomeration)
        .values("agglomeration_id")
    )
    return GoodPractice.objects.filter(
        Q(agglomeration=agglomeration)
        | Q(agglomeration__in=partners, visibility=Visibility.PUBLIC)
        | shared_practices_filter(agglomeration)
    )


@dataclass(frozen=True)
class LibraryPage:
    cards: list[GoodPractice]  # matching the search and the tag, newest edit first
    tags: list[Localized]  # the tags of the cards the office reads, in the reader's language
    query: str
    tag: str


TAG_FIELDS = [f"tags_{code}" for code in language_codes()]


def list_library(
    agglomeration: Agglomeration, query: str = "", tag: str = "", language: str | None = None
) -> LibraryPage:
    """The office's library, searched (diacritics and case ignored, titles, texts and the tags
    of every language) and filtered by a tag given in any language (2 queries). The tag filter
    offers each card's tags in `language` (the reader's), else in its fallback."""
    cards = visible_cards(agglomeration)
    every: dict[str, Localized] = {}
    for values in cards.values_list(*TAG_FIELDS):
        by_language = dict(zip(language_codes(), values, strict=True))
        for local in pick_tags(by_language, language or get_language()):
            every.setdefault(fold(local), local)
    folded = fold(query)
    if folded:
        cards = cards.filter(search_text__contains=folded)
    rows = list(cards.select_related("agglomeration").order_by("-updated_at", "-pk"))
    if tag:
        wanted = fold(tag)
        rows = [
            card
            for card in rows
            if any(fold(t) == wanted for values in card.tags_by_language().values() for t in values)
        ]
    return LibraryPage(rows, sorted(every.values(), key=sort_key), query, tag)


def _with_public_project(queryset: QuerySet[GoodPractice]) -> QuerySet[GoodPractice]:
    public = PublicProject.objects.filter(intention_id=OuterRef("intention_id"))
    return queryset.select_related("agglomeration", "intention").annotate(
        public_project=Exists(public)
    )


def _one(queryset: QuerySet[GoodPractice], pk: int) -> GoodPractice:
    """The card `pk` of the queryset, or 404 (also for an id too large for the database)."""
    try:
        return queryset.get(pk=pk)
    except (GoodPractice.DoesNotExist, OverflowError) as exc:
        raise Http404 from exc


def get_card(agglomeration: Agglomeration, pk: int) -> GoodPractice:
    """One card the office reads (1 query; 404 otherwise), with `public_project`: whether its
    project is on the owner's portal."""
    return _one(_with_public_project(visible_cards(agglomeration)), pk)


def own_card(agglomeration: Agglomeration, pk: int) -> GoodPractice:
    """One card of the agglomeration itself (the edit form; 404 for a partner's)."""
    return get_in_tenant(GoodPractice, agglomeration, pk=pk)


def intention_choices(agglomeration: Agglomeration) -> QuerySet[ProjectIntention]:
    """The agglomeration's project records a card may link to."""
    return in_tenant(ProjectIntention, agglomeration).order_by("pk")


def public_cards(agglomeration: Agglomeration) -> list[GoodPractice]:
    """The agglomeration's public cards, for its portal (1 query)."""
    return list(
        _with_public_project(
            GoodPractice.objects.filter(agglomeration=agglomeration, visibility=Visibility.PUBLIC)
        ).order_by("-updated_at", "-pk")
    )


def public_card(agglomeration: Agglomeration, pk: int) -> GoodPractice:
    """One public card of the agglomeration (1 query; 404 for any other)."""
    public = GoodPractice.objects.filter(agglomeration=agglomeration, visibility=Visibility.PUBLIC)
    return _one(_with_public_project(public), pk)


def card_missing(card: GoodPractice) -> list[str]:
    """The languages some of the card's filled texts (and its tags) lack."""
    tags = {code: ", ".join(values) for code, values in card.tags_by_language().items() if values}
    return missing_languages(card.title, card.what, card.why, I18nText(tags))


CARD_TEXTS = {
    "title": _("Title"),
    "what": _("What it is"),
    "why": _("Why it worked"),
    "tags": _("Tags"),
}


def card_texts(card: GoodPractice) -> dict[str, dict[str, object]]:
    """The card's texts and tags as saved, {field: {language: value}} (the language pairs)."""
    return {
        "title": card.title,
        "what": card.what,
        "why": card.why,
        "tags": card.tags_by_language(),
    }


def card_stale(card: GoodPractice) -> list[StaleRow]:
    """The translations of the card's texts and tags older than their source."""
    texts = card_texts(card)
    return stale_rows(
        card.text_changed, {name: (label, texts[name]) for name, label in CARD_TEXTS.items()}
    )
