"""What each member of a partnership shares with the others, read (docs/cooperation.md, "What
each side shares"). The rows are `PartnershipShare`s, written only by `actions/sharing.py`.

A shared item counts only while both the member who shares it and the reader's agglomeration
are members of the partnership, and only for the sharer's own items (a row naming another
agglomeration's strategy or card shares nothing). Every function here starts from what the
caller may read: the partnership of the URL (`get_in_tenant`, 404 to non-members) or the
reader's agglomeration.

For other pages (the comparison of both strategies, the library):

- `shared_strategy_ids(partnership, owner, kind)`: ids of `owner`'s strategies it shares with
  the partnership, as strategies (`ShareKind.STRATEGY`, the default) or as dashboards
  (`ShareKind.DASHBOARD`). Empty when `owner` is not a member. 1 query.
- `shared_strategies(partnership, owner, kind)`: the same as `Strategy` objects (with their
  agglomeration and current version), newest period first. 1 query.
- `is_shared(partnership, owner, kind, object_id)`: one item, yes or no. 1 query.
- `get_shared_strategy(reader, partnership_pk, strategy_pk, kind)`: the partnership (a member's
  of `reader`) and a strategy one of its members shares with it as `kind`; 404 otherwise. 2
  queries.
- `shared_strategies_filter(partnership, kind)`: a `Q` on `Strategy` selecting the strategies
  shared with the partnership as `kind` (no query of its own: for a page that reads the
  members' strategies in one query, such as the comparison).
- `shared_practices_filter(reader)`: a `Q` on `GoodPractice` selecting the partners' cards with
  the visibility "partners" that their owner shares with a partnership `reader` is a member of
  (no query of its own; `queries/library.py` uses it).
- `sharing_page(reader, partnership_pk)`: everything the page "What we share" shows. 7 queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from aglomera.agglomerations.models import Agglomeration
from aglomera.cooperation.models import (
    GoodPractice,
    Partnership,
    PartnershipMember,
    PartnershipShare,
    ShareKind,
    Visibility,
)
from aglomera.core.collation import sort_key
from aglomera.core.tenant import get_in_tenant
from aglomera.strategy.models import Strategy


def _sharer_is_member() -> Exists:
    """The share's agglomeration is (still) a member of the share's partnership."""
    return Exists(
        PartnershipMember.objects.filter(
            partnership_id=OuterRef("partnership_id"), agglomeration_id=OuterRef("agglomeration_id")
        )
    )


def _shares(
    partnership: Partnership, owner: Agglomeration | int, kind: str
) -> QuerySet[PartnershipShare]:
    owner_id = owner if isinstance(owner, int) else owner.pk
    return PartnershipShare.objects.filter(
        _sharer_is_member(), partnership=partnership, agglomeration_id=owner_id, kind=kind
    )


def shared_strategy_ids(
    partnership: Partnership, owner: Agglomeration | int, kind: str = ShareKind.STRATEGY
) -> set[int]:
    """Ids of `owner`'s strategies it shares with the partnership as `kind` (strategy or
    dashboard; 1 query)."""
    if kind not in (ShareKind.STRATEGY, ShareKind.DASHBOARD):
        raise ValueError(kind)
    owner_id = owner if isinstance(owner, int) else owner.pk
    strategies = Strategy.objects.filter(agglomeration_id=owner_id)
    return set(
        _shares(partnership, owner_id, kind)
        .filter(object_id__in=strategies.values("pk"))
        .values_list("object_id", flat=True)
    )


def shared_strategies(
    partnership: Partnership, owner: Agglomeration | int, kind: str = ShareKind.STRATEGY
) -> list[Strategy]:
    """`owner`'s strategies it shares with the partnership as `kind`, newest period first
    (1 query)."""
    if kind not in (ShareKind.STRATEGY, ShareKind.DASHBOARD):
        raise ValueError(kind)
    owner_id = owner if isinstance(owner, int) else owner.pk
    ids = _shares(partnership, owner_id, kind).values("object_id")
    return list(
        Strategy.objects.filter(agglomeration_id=owner_id, pk__in=ids)
        .select_related("agglomeration", "current_version")
        .order_by("-period", "pk")
    )


def is_shared(
    partnership: Partnership, owner: Agglomeration | int, kind: str, object_id: int
) -> bool:
    """Whether `owner` shares the item with the partnership (1 query). For a card, only the row
    is asked: its visibility is the library's to check."""
    return _shares(partnership, owner, kind).filter(object_id=object_id).exists()


def get_shared_strategy(
    reader: Agglomeration, partnership_pk: int, strategy_pk: int, kind: str
) -> tuple[Partnership, Strategy]:
    """The partnership `partnership_pk` of the reader's agglomeration and the strategy
    `strategy_pk` that a member shares with it as `kind`, with its agglomeration and current
    version (2 queries); 404 when the reader is not a member, the strategy is not shared so,
    or its owner is no member."""
    partnership = get_in_tenant(Partnership, reader, pk=partnership_pk)
    shared = PartnershipShare.objects.filter(
        _sharer_is_member(),
        partnership=partnership,
        kind=kind,
        object_id=OuterRef("pk"),
        agglomeration_id=OuterRef("agglomeration_id"),
    )
    strategies = Strategy.objects.filter(Exists(shared)).select_related(
        "agglomeration", "current_version"
    )
    try:
        return partnership, strategies.get(pk=strategy_pk)
    except (Strategy.DoesNotExist, OverflowError, ValueError) as exc:
        raise Http404 from exc


def shared_strategies_filter(partnership: Partnership, kind: str = ShareKind.STRATEGY) -> Q:
    """On `Strategy`: the strategies their owner shares with the partnership as `kind` (and is
    still a member of it); no query of its own, so a page that already reads the members'
    strategies in one query (e.g. the comparison's `compared_strategies`) keeps to it:
    `Strategy.objects.filter(shared_strategies_filter(partnership, ShareKind.DASHBOARD), ...)`."""
    if kind not in (ShareKind.STRATEGY, ShareKind.DASHBOARD):
        raise ValueError(kind)
    shared = PartnershipShare.objects.filter(
        _sharer_is_member(),
        partnership=partnership,
        kind=kind,
        object_id=OuterRef("pk"),
        agglomeration_id=OuterRef("agglomeration_id"),
    )
    return Q(Exists(shared))


def shared_practices_filter(reader: Agglomeration) -> Q:
    """On `GoodPractice`: the other agglomerations' cards with the visibility "partners" shared
    by their owner with a partnership that both the owner and `reader` are members of."""
    reader_is_member = Exists(
        PartnershipMember.objects.filter(
            partnership_id=OuterRef("partnership_id"), agglomeration=reader
        )
    )
    shared = PartnershipShare.objects.filter(
        _sharer_is_member(),
        reader_is_member,
        kind=ShareKind.PRACTICE,
        object_id=OuterRef("pk"),
        agglomeration_id=OuterRef("agglomeration_id"),
    )
    return Q(Exists(shared), visibility=Visibility.PARTNERS) & ~Q(agglomeration=reader)


# ---- the page "What we share" ----------------------------------------------------------------


@dataclass
class StrategyChoice:
    strategy: Strategy
    shared: bool  # the measure tree
    dashboard: bool  # the monitoring dashboard


@dataclass
class CardChoice:
    card: GoodPractice
    shared: bool


@dataclass
class OwnSide:
    """What the reader's agglomeration may share and shares."""

    strategies: list[StrategyChoice] = field(default_factory=list)
    cards: list[CardChoice] = field(default_factory=list)  # its cards for partners
    public_cards: int = 0  # read by every partner anyway

    @property
    def nothing(self) -> bool:
        """Nothing is shared (a public card is read anyway and does not count)."""
        return not any(c.shared or c.dashboard for c in self.strategies) and not any(
            c.shared for c in self.cards
        )


@dataclass
class OtherSide:
    """What another member shares with the partnership."""

    agglomeration: Agglomeration
    strategies: list[Strategy] = field(default_factory=list)
    dashboards: list[Strategy] = field(default_factory=list)
    cards: list[GoodPractice] = field(default_factory=list)

    @property
    def nothing(self) -> bool:
        return not (self.strategies or self.dashboards or self.cards)


@dataclass
class SharingPage:
    partnership: Partnership
    own: OwnSide
    others: list[OtherSide]  # by name


def sharing_page(reader: Agglomeration, partnership_pk: int) -> SharingPage:
    """What the reader's agglomeration shares with the partnership (and may share), and what
    each other member shares with it (7 queries; 404 unless the reader is a member)."""
    partnership = get_in_tenant(
        Partnership.objects.prefetch_related("members__agglomeration"), reader, pk=partnership_pk
    )
    members = {
        member.agglomeration_id: member.agglomeration for member in partnership.members.all()
    }
    shares: dict[tuple[int, str], set[int]] = {}
    for owner_id, kind, object_id in PartnershipShare.objects.filter(
        partnership=partnership
    ).values_list("agglomeration_id", "kind", "object_id"):
        shares.setdefault((owner_id, kind), set()).add(object_id)

    def ids(owner_id: int, kind: str) -> set[int]:
        return shares.get((owner_id, kind), set())

    own = OwnSide()
    for strategy in Strategy.objects.filter(agglomeration=reader).order_by("-period", "pk"):
        own.strategies.append(
            StrategyChoice(
                strategy,
                strategy.pk in ids(reader.pk, ShareKind.STRATEGY),
                strategy.pk in ids(reader.pk, ShareKind.DASHBOARD),
            )
        )
    for card in GoodPractice.objects.filter(
        agglomeration=reader, visibility__in=(Visibility.PARTNERS, Visibility.PUBLIC)
    ).order_by("-updated_at", "-pk"):
        if card.visibility == Visibility.PUBLIC:
            own.public_cards += 1
        else:
            own.cards.append(CardChoice(card, card.pk in ids(reader.pk, ShareKind.PRACTICE)))

    others = {
        pk: OtherSide(agglomeration) for pk, agglomeration in members.items() if pk != reader.pk
    }

    def shared_here(*kinds: str) -> Exists:
        return Exists(
            PartnershipShare.objects.filter(
                partnership=partnership,
                kind__in=kinds,
                object_id=OuterRef("pk"),
                agglomeration_id=OuterRef("agglomeration_id"),
            )
        )

    for strategy in Strategy.objects.filter(
        shared_here(ShareKind.STRATEGY, ShareKind.DASHBOARD), agglomeration_id__in=list(others)
    ).order_by("-period", "pk"):
        side = others[strategy.agglomeration_id]
        strategy.agglomeration = side.agglomeration
        if strategy.pk in ids(side.agglomeration.pk, ShareKind.STRATEGY):
            side.strategies.append(strategy)
        if strategy.pk in ids(side.agglomeration.pk, ShareKind.DASHBOARD):
            side.dashboards.append(strategy)
    for card in GoodPractice.objects.filter(
        shared_here(ShareKind.PRACTICE),
        agglomeration_id__in=list(others),
        visibility=Visibility.PARTNERS,
    ).order_by("-updated_at", "-pk"):
        others[card.agglomeration_id].cards.append(card)
    ordered = sorted(others.values(), key=lambda side: sort_key(str(side.agglomeration.name)))
    return SharingPage(partnership, own, ordered)
