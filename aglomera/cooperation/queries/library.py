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

from aglomera.agglomerations.models import Agglomeration
from aglomera.cooperation.models import GoodPractice, PartnershipMember, Visibility
from aglomera.cooperation.queries.cooperation import missing_languages
from aglomera.cooperation.queries.sharing import shared_practices_filter
from aglomera.core.collation import sort_key
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
    tags: list[str]  # every tag of the cards the office reads, alphabetically
    query: str
    tag: str


def list_library(agglomeration: Agglomeration, query: str = "", tag: str = "") -> LibraryPage:
    """The office's library, searched (diacritics and case ignored) and filtered by a tag
    (2 queries)."""
    cards = visible_cards(agglomeration)
    every = {t for tags in cards.values_list("tags", flat=True) for t in tags}
    folded = fold(query)
    if folded:
        cards = cards.filter(search_text__contains=folded)
    rows = list(cards.select_related("agglomeration").order_by("-updated_at", "-pk"))
    if tag:
        rows = [card for card in rows if tag in card.tags]
    return LibraryPage(rows, sorted(every, key=sort_key), query, tag)


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
    """The languages some of the card's filled texts lack."""
    return missing_languages(card.title, card.what, card.why)
