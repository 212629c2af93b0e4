"""What each member shares with the other members of a partnership (docs/cooperation.md, "What
each side shares").

A member shares, per partnership: some of its strategies (the measure tree with names and
allocations), the monitoring dashboard of some of its strategies, and some of its good-practice
cards with the visibility "partners". Only that member's manager changes it
(`cooperation.share` in that agglomeration, which must be a member); each change leaves one
audit record in that member's log with what was shared before and after, per kind, by name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aglomera.agglomerations.models import Agglomeration
from aglomera.cooperation.actions.common import require_member
from aglomera.cooperation.models import (
    GoodPractice,
    Partnership,
    PartnershipMember,
    PartnershipShare,
    ShareKind,
    Visibility,
)
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.strategy.models import Strategy

# the form's field and the audit record's key per kind
FIELDS = {
    ShareKind.STRATEGY: "strategies",
    ShareKind.DASHBOARD: "dashboards",
    ShareKind.PRACTICE: "practices",
}


@dataclass(frozen=True)
class Sharing:
    """Everything one member shares with one partnership: ids of its own strategies, of its own
    strategies whose dashboard is shared, and of its own cards with the visibility "partners"."""

    strategies: frozenset[int] = field(default_factory=frozenset)
    dashboards: frozenset[int] = field(default_factory=frozenset)
    practices: frozenset[int] = field(default_factory=frozenset)

    def of(self, kind: str) -> frozenset[int]:
        return frozenset(getattr(self, FIELDS[ShareKind(kind)]))


@dataclass(frozen=True)
class SharingChange:
    added: dict[str, list[int]]  # kind -> ids newly shared
    removed: dict[str, list[int]]  # kind -> ids no longer shared

    @property
    def changed(self) -> bool:
        return any(self.added.values()) or any(self.removed.values())


def _names(agglomeration: Agglomeration, ids: Iterable[int], kind: str) -> dict[int, str]:
    wanted = set(ids)
    if kind == ShareKind.PRACTICE:
        cards = GoodPractice.objects.filter(agglomeration=agglomeration, pk__in=wanted)
        return {card.pk: str(card.title) for card in cards}
    strategies = Strategy.objects.filter(agglomeration=agglomeration, pk__in=wanted)
    return {strategy.pk: str(strategy.name) for strategy in strategies}


def _validate(agglomeration: Agglomeration, sharing: Sharing) -> None:
    """Every id is the member's own item of the right kind (and a card is for partners)."""
    errors: dict[str, str] = {}
    strategies = set(
        Strategy.objects.filter(agglomeration=agglomeration).values_list("pk", flat=True)
    )
    cards = set(
        GoodPractice.objects.filter(
            agglomeration=agglomeration, visibility=Visibility.PARTNERS
        ).values_list("pk", flat=True)
    )
    if not sharing.strategies <= strategies:
        errors["strategies"] = _("Choose strategies of your own agglomeration.")
    if not sharing.dashboards <= strategies:
        errors["dashboards"] = _("Choose dashboards of your own agglomeration's strategies.")
    if not sharing.practices <= cards:
        errors["practices"] = _(
            "Choose good-practice cards of your own agglomeration that partners may read."
        )
    if errors:
        raise ValidationError(errors)


def current_sharing(partnership: Partnership, agglomeration: Agglomeration) -> Sharing:
    """What the member shares with the partnership now (1 query)."""
    found: dict[str, set[int]] = {kind: set() for kind in ShareKind.values}
    for kind, object_id in PartnershipShare.objects.filter(
        partnership=partnership, agglomeration=agglomeration
    ).values_list("kind", "object_id"):
        found[kind].add(object_id)
    return Sharing(**{FIELDS[ShareKind(kind)]: frozenset(ids) for kind, ids in found.items()})


@transaction.atomic
def set_sharing(
    partnership: Partnership,
    sharing: Sharing,
    *,
    agglomeration: Agglomeration,
    actor: Actor,
) -> SharingChange:
    """Make `sharing` exactly what `agglomeration` shares with the partnership: rows added and
    removed, one audit record naming what was shared before and after (none when nothing
    changed). Refused (403) unless the actor is the manager of that member."""
    require_member(actor, "cooperation.share", partnership, agglomeration)
    _validate(agglomeration, sharing)
    # one change of a member's sharing at a time: the member's row is the lock
    PartnershipMember.objects.select_for_update().get(
        partnership=partnership, agglomeration=agglomeration
    )
    before = current_sharing(partnership, agglomeration)
    added = {kind: sorted(sharing.of(kind) - before.of(kind)) for kind in ShareKind.values}
    removed = {kind: sorted(before.of(kind) - sharing.of(kind)) for kind in ShareKind.values}
    change = SharingChange(added, removed)
    if not change.changed:
        return change
    rows = PartnershipShare.objects.filter(partnership=partnership, agglomeration=agglomeration)
    for kind, ids in removed.items():
        if ids:
            rows.filter(kind=kind, object_id__in=ids).delete()
    PartnershipShare.objects.bulk_create(
        [
            PartnershipShare(
                partnership=partnership, agglomeration=agglomeration, kind=kind, object_id=pk
            )
            for kind, ids in added.items()
            for pk in ids
        ]
    )
    logged_before: dict[str, list[str]] = {}
    logged_after: dict[str, list[str]] = {}
    for kind in ShareKind.values:
        if not (added[kind] or removed[kind]):
            continue
        names = _names(agglomeration, before.of(kind) | sharing.of(kind), kind)
        key = FIELDS[ShareKind(kind)]
        logged_before[key] = [_named(names, pk) for pk in sorted(before.of(kind))]
        logged_after[key] = [_named(names, pk) for pk in sorted(sharing.of(kind))]
    record(
        "cooperation.sharing.changed",
        actor=actor,
        target=partnership,
        agglomeration_id=agglomeration.pk,
        before=logged_before,
        after=logged_after,
    )
    return change


def _named(names: dict[int, str], pk: int) -> str:
    return f"{names.get(pk, '?')} (#{pk})"


def share(
    partnership: Partnership,
    *,
    agglomeration: Agglomeration,
    actor: Actor,
    strategies: Iterable[int] = (),
    dashboards: Iterable[int] = (),
    practices: Iterable[int] = (),
) -> SharingChange:
    """Add items to what the member shares (keeping what it shares already); `set_sharing`'s
    rules and audit."""
    now = current_sharing(partnership, agglomeration)
    return set_sharing(
        partnership,
        Sharing(
            now.strategies | frozenset(strategies),
            now.dashboards | frozenset(dashboards),
            now.practices | frozenset(practices),
        ),
        agglomeration=agglomeration,
        actor=actor,
    )
