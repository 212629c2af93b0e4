"""What each side shares with a partnership (docs/cooperation.md, "What each side shares").

Olomouc shares its 2021+ strategy, that strategy's dashboard and one card for partners (X) with
the partnership of Olomouc and Opole; Opole shares its strategy (not its dashboard) and one card
(Z), not another card for partners (Y). Expectations are written by hand per role and side:
what is shared is read through the pages, the search, the CSV export and not the public API
(the staff API: tests/api/test_cooperation.py); what is not shared is a 404 everywhere; only a
member's manager changes what it shares, audited.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aglomera.accounts.models import Role
from aglomera.cooperation import actions, queries
from aglomera.cooperation.models import GoodPractice, PartnershipShare, ShareKind, Visibility
from aglomera.cooperation.queries.sharing import shared_strategies_filter
from aglomera.cooperation.tests.helpers import CooperationWorld
from aglomera.cooperation.tests.test_pages import client_of
from aglomera.core.models import AuditEvent
from aglomera.strategy.models import Period, Strategy
from aglomera.strategy.tests.builders import StrategyBuilder, make_programmes

pytestmark = pytest.mark.django_db


@dataclass
class Shared:
    w: CooperationWorld
    olomouc_strategy: Strategy  # shared, with its dashboard
    olomouc_old: Strategy  # 2014-2020, not shared
    opole_strategy: Strategy  # shared, its dashboard not
    x: GoodPractice  # Olomouc's, shared
    y: GoodPractice  # Opole's, for partners, NOT shared
    z: GoodPractice  # Opole's, shared
    public: GoodPractice  # Opole's public card: every partner reads it


def _card(w: CooperationWorld, owner: Any, title: str, **more: Any) -> GoodPractice:
    values = {"visibility": Visibility.PARTNERS, **more}
    return actions.create_good_practice(
        actions.GoodPracticeFields(title={"en": title}, tags=[title.lower()], **values),
        agglomeration=owner,
        actor=w.users(owner, Role.MANAGER),
    )


def _strategy(w: CooperationWorld, owner: Any, name: str, period: str = Period.P2021) -> Strategy:
    programmes = make_programmes()
    objective = programmes.irop_mobility if owner == w.olomouc else programmes.feo_mobility
    builder = (
        StrategyBuilder(owner, w.users(owner, Role.MANAGER), period=period, name=name)
        .with_goal("1", f"{name} goal")
        .with_specific_goal("1.1", f"{name} specific goal")
    )
    if period == Period.P2021:  # the programmes of the builders are of 2021-2027
        builder = builder.with_measure("1.1.1", f"{name} measure", objectives=[objective])
        builder = builder.with_plan("1.1.1", objective, eu="1000000")
    return builder.approved().build()


@pytest.fixture
def shared(world: CooperationWorld) -> Shared:
    w = world
    olomouc_strategy = _strategy(w, w.olomouc, "Olomouc ITI")
    olomouc_old = _strategy(w, w.olomouc, "Olomouc ITI 2014", Period.P2014)
    opole_strategy = _strategy(w, w.opole, "Opole ZIT")
    x = _card(w, w.olomouc, "Xylophone")
    y = _card(w, w.opole, "Yodel")
    z = _card(w, w.opole, "Zither")
    public = _card(w, w.opole, "Pianola", visibility=Visibility.PUBLIC)
    actions.share(
        w.partnership,
        agglomeration=w.olomouc,
        actor=w.manager,
        strategies=[olomouc_strategy.pk],
        dashboards=[olomouc_strategy.pk],
        practices=[x.pk],
    )
    actions.share(
        w.partnership,
        agglomeration=w.opole,
        actor=w.users(w.opole, Role.MANAGER),
        strategies=[opole_strategy.pk],
        practices=[z.pk],
    )
    return Shared(w, olomouc_strategy, olomouc_old, opole_strategy, x, y, z, public)


def _urls(s: Shared, slug: str, strategy: Strategy) -> dict[str, str]:
    args = [slug, s.w.partnership.pk, strategy.pk]
    dashboard = reverse("cooperation:shared_dashboard", args=args)
    return {
        "strategy": reverse("cooperation:shared_strategy", args=args),
        "dashboard": dashboard,
        "csv": dashboard + "?format=csv&chart=funnel",
    }


def _card_url(slug: str, card: GoodPractice) -> str:
    return reverse("cooperation:card", args=[slug, card.pk])


def _sharing_url(s: Shared, slug: str) -> str:
    return reverse("cooperation:sharing", args=[slug, s.w.partnership.pk])


def _body(response: Any) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.content)


def _answers(client: Client, urls: list[str]) -> list[int]:
    return [client.get(url).status_code for url in urls]


# ---- both ways, by role -----------------------------------------------------------------------

# The staff of each side, on their own slug: [Olomouc's shared strategy, its dashboard, its CSV,
# Opole's shared strategy, Opole's dashboard (not shared), its CSV, Olomouc's 2014 strategy (not
# shared), its dashboard, the sharing page]
READERS = {
    Role.MANAGER: [200, 200, 200, 200, 404, 404, 404, 404, 200],
    Role.COORDINATOR: [200, 200, 200, 200, 404, 404, 404, 404, 200],
    Role.AUDITOR: [200, 200, 200, 200, 404, 404, 404, 404, 200],
    Role.PARTNER: [200, 200, 200, 200, 404, 404, 404, 404, 200],
    Role.APPLICANT: [403] * 9,
    Role.COMMITTEE: [403] * 9,
    Role.WORKING_GROUP: [403] * 9,
}


def _strategy_urls(s: Shared, slug: str) -> list[str]:
    mine, theirs, old = (
        _urls(s, slug, s.olomouc_strategy),
        _urls(s, slug, s.opole_strategy),
        _urls(s, slug, s.olomouc_old),
    )
    return [
        mine["strategy"],
        mine["dashboard"],
        mine["csv"],
        theirs["strategy"],
        theirs["dashboard"],
        theirs["csv"],
        old["strategy"],
        old["dashboard"],
        _sharing_url(s, slug),
    ]


@pytest.mark.parametrize("side", ["olomouc", "opole"])
def test_each_side_reads_what_is_shared_and_nothing_else(shared: Shared, side: str) -> None:
    agglomeration = shared.w.olomouc if side == "olomouc" else shared.w.opole
    got = {
        role: _answers(client_of(shared.w.users(agglomeration, role)), _strategy_urls(shared, side))
        for role in Role
    }
    assert got == READERS


def test_a_third_agglomeration_learns_nothing(shared: Shared) -> None:
    outsider = client_of(shared.w.users(shared.w.ostrava, Role.MANAGER))
    for slug in ("ostrava", "olomouc", "opole"):
        urls = _strategy_urls(shared, slug)
        assert set(_answers(outsider, urls)) == {404}, slug


def test_cards_both_ways_through_the_pages_search_and_tags(shared: Shared) -> None:
    s = shared
    olomouc = client_of(s.w.users(s.w.olomouc, Role.PARTNER))
    opole = client_of(s.w.users(s.w.opole, Role.COORDINATOR))
    # Olomouc's staff read Opole's shared Z and public card, never Y
    assert _answers(olomouc, [_card_url("olomouc", c) for c in (s.z, s.public, s.y)]) == [
        200,
        200,
        404,
    ]
    # Opole's staff read Olomouc's shared X
    assert _answers(opole, [_card_url("opole", s.x)]) == [200]
    library = reverse("cooperation:library", args=["olomouc"])
    page = olomouc.get(library).content.decode()
    assert "Zither" in page and "Pianola" in page and "Xylophone" in page
    assert "Yodel" not in page and "yodel" not in page  # neither the card nor its tag
    assert "Yodel" not in olomouc.get(library, {"q": "yodel"}).content.decode()
    assert "Yodel" not in olomouc.get(library, {"tag": "yodel"}).content.decode()
    assert [c.pk for c in queries.list_library(s.w.olomouc, "yodel").cards] == []
    assert "yodel" not in queries.list_library(s.w.olomouc).tags
    # Opole reads its own Y, of course
    assert [c.pk for c in queries.list_library(s.w.opole, "yodel").cards] == [s.y.pk]


def test_nothing_unshared_leaks_through_the_api_the_portal_or_the_export(shared: Shared) -> None:
    s = shared
    olomouc = client_of(s.w.manager)
    reads = [
        "/api/v1/agglomerations/opole/",
        "/api/v1/agglomerations/opole/strategy/",
        "/api/v1/agglomerations/opole/funnel/",
        "/en/opole/good-practice/",
        "/en/opole/sitemap.xml",
        _urls(s, "olomouc", s.olomouc_strategy)["csv"],
    ]
    for url in reads:
        response = olomouc.get(url)
        body = _body(response)
        assert b"Yodel" not in body and b"Zither" not in body, url
    # the public API answers a card's id under no path (the staff API reads the library with a
    # token: tests/api/test_cooperation.py), and the shared dashboard's export of Opole's
    # unshared dashboard is a 404
    assert olomouc.get(f"/api/v1/agglomerations/opole/good-practice/{s.y.pk}/").status_code == 404
    assert olomouc.get(_urls(s, "olomouc", s.opole_strategy)["csv"]).status_code == 404


def test_the_shared_pages_show_the_owners_figures_read_only(shared: Shared) -> None:
    s = shared
    opole = client_of(s.w.users(s.w.opole, Role.MANAGER))
    urls = _urls(s, "opole", s.olomouc_strategy)
    tree = opole.get(urls["strategy"]).content.decode()
    assert "Olomouc ITI measure" in tree and "1,000,000.00 CZK" in tree
    assert "/app/olomouc/" not in tree  # no link into the owner's own pages
    assert "Start amendment" not in tree
    board = opole.get(urls["dashboard"]).content.decode()
    assert "Money funnel" in board and "Olomouc ITI" in board
    assert "/app/olomouc/" not in board
    csv = opole.get(urls["csv"])
    assert csv["Content-Type"].startswith("text/csv")
    assert "Olomouc ITI measure" in _body(csv).decode("utf-8-sig")
    assert opole.get(urls["dashboard"] + "?format=csv&chart=nothing").status_code == 404
    # a day that is no date, or out of bounds, is refused with a message; today is shown
    for bad in ("2024-99-99", "x" * 5000, "0001-01-01", "9999-12-31"):
        refused = opole.get(urls["strategy"], {"as_of": bad})
        assert refused.status_code == 422 and "is not a valid date" in refused.content.decode()
        refused = opole.get(urls["dashboard"], {"as_of": bad})
        assert refused.status_code == 422 and "Olomouc ITI" in refused.content.decode()
    assert opole.get(urls["csv"] + "&as_of=0001-01-01").status_code == 422


def test_the_sharing_page_for_the_manager_and_read_only_for_everyone_else(shared: Shared) -> None:
    s = shared
    manager = client_of(s.w.manager)
    page = manager.get(_sharing_url(s, "olomouc")).content.decode()
    assert f'name="strategies" value="{s.olomouc_strategy.pk}"' in page
    assert "checked" in page
    assert "What Opole" in page or "shares with us" in page
    assert "Zither" in page and "Yodel" not in page  # what Opole shares with us
    coordinator = client_of(s.w.users(s.w.olomouc, Role.COORDINATOR))
    read_only = coordinator.get(_sharing_url(s, "olomouc")).content.decode()
    assert 'name="strategies"' not in read_only and "Xylophone" in read_only
    # Opole's manager sees what Olomouc shares with Opole, read-only, on Opole's own page
    opole = client_of(s.w.users(s.w.opole, Role.MANAGER)).get(_sharing_url(s, "opole"))
    text = opole.content.decode()
    assert "Xylophone" in text and "Olomouc ITI 2014" not in text
    assert f'name="practices" value="{s.x.pk}"' not in text  # not Opole's to tick


# ---- who changes it, and the audit ------------------------------------------------------------


def test_only_the_members_manager_changes_what_it_shares(shared: Shared) -> None:
    s = shared
    url = _sharing_url(s, "olomouc")
    before = set(PartnershipShare.objects.values_list("pk", flat=True))
    for role in (Role.COORDINATOR, Role.AUDITOR, Role.PARTNER):
        response = client_of(s.w.users(s.w.olomouc, role)).post(url, {})
        assert response.status_code == 403, role
    for role in (Role.APPLICANT, Role.COMMITTEE, Role.WORKING_GROUP):
        assert client_of(s.w.users(s.w.olomouc, role)).post(url, {}).status_code == 403
    # Opole's manager on Olomouc's slug: 404; the actions refuse it for Olomouc too
    assert client_of(s.w.users(s.w.opole, Role.MANAGER)).post(url, {}).status_code == 404
    with pytest.raises(PermissionDenied):
        actions.set_sharing(
            s.w.partnership,
            actions.Sharing(),
            agglomeration=s.w.olomouc,
            actor=s.w.users(s.w.opole, Role.MANAGER),
        )
    with pytest.raises(PermissionDenied):
        actions.set_sharing(
            s.w.partnership,
            actions.Sharing(),
            agglomeration=s.w.olomouc,
            actor=s.w.users(s.w.olomouc, Role.COORDINATOR),
        )
    # Ostrava's manager is no member of the partnership
    with pytest.raises(PermissionDenied):
        actions.set_sharing(
            s.w.partnership,
            actions.Sharing(),
            agglomeration=s.w.ostrava,
            actor=s.w.users(s.w.ostrava, Role.MANAGER),
        )
    assert set(PartnershipShare.objects.values_list("pk", flat=True)) == before


def test_the_manager_changes_it_through_the_page_and_each_change_is_audited(
    shared: Shared,
) -> None:
    s = shared
    url = _sharing_url(s, "olomouc")
    manager = client_of(s.w.manager)
    events = AuditEvent.objects.filter(code="cooperation.sharing.changed")
    assert events.count() == 2  # the fixture's: one per side
    response = manager.post(
        url, {"strategies": [s.olomouc_strategy.pk, s.olomouc_old.pk], "practices": [s.x.pk]}
    )
    assert response.status_code == 302 and response["Location"] == url
    assert queries.shared_strategy_ids(s.w.partnership, s.w.olomouc) == {
        s.olomouc_strategy.pk,
        s.olomouc_old.pk,
    }
    assert queries.shared_strategy_ids(s.w.partnership, s.w.olomouc, ShareKind.DASHBOARD) == set()
    event = events.order_by("pk").last()
    assert event is not None
    assert (event.agglomeration_id, event.actor, event.object_id) == (
        s.w.olomouc.pk,
        s.w.manager,
        s.w.partnership.pk,
    )
    assert event.before == {
        "strategies": [f"Olomouc ITI (#{s.olomouc_strategy.pk})"],
        "dashboards": [f"Olomouc ITI (#{s.olomouc_strategy.pk})"],
    }
    assert event.after == {
        "strategies": [
            f"Olomouc ITI (#{s.olomouc_strategy.pk})",
            f"Olomouc ITI 2014 (#{s.olomouc_old.pk})",
        ],
        "dashboards": [],
    }
    # Opole now reads the 2014 strategy, no longer the dashboard
    opole = client_of(s.w.users(s.w.opole, Role.AUDITOR))
    urls, old = _urls(s, "opole", s.olomouc_strategy), _urls(s, "opole", s.olomouc_old)
    assert _answers(opole, [old["strategy"], urls["dashboard"], urls["csv"]]) == [200, 404, 404]
    # the same again changes nothing and writes no record
    again = manager.post(
        url, {"strategies": [s.olomouc_strategy.pk, s.olomouc_old.pk], "practices": [s.x.pk]}
    )
    assert again.status_code == 302 and events.count() == 3
    # unsharing the card: Opole's staff get 404 on it at once
    manager.post(url, {"strategies": [s.olomouc_strategy.pk]})
    assert (
        client_of(s.w.users(s.w.opole, Role.MANAGER)).get(_card_url("opole", s.x)).status_code
        == 404
    )
    assert events.order_by("pk").last().before == {  # type: ignore[union-attr]
        "strategies": [
            f"Olomouc ITI (#{s.olomouc_strategy.pk})",
            f"Olomouc ITI 2014 (#{s.olomouc_old.pk})",
        ],
        "practices": [f"Xylophone (#{s.x.pk})"],
    }


def test_only_the_members_own_items_may_be_shared(shared: Shared) -> None:
    s = shared
    own_only = _card(s.w, s.w.olomouc, "Private", visibility=Visibility.OWN)
    bad = [
        (actions.Sharing(strategies=frozenset({s.opole_strategy.pk})), "strategies"),
        (actions.Sharing(dashboards=frozenset({s.opole_strategy.pk})), "dashboards"),
        (actions.Sharing(practices=frozenset({s.y.pk})), "practices"),
        (actions.Sharing(practices=frozenset({own_only.pk})), "practices"),
        (actions.Sharing(strategies=frozenset({2**63 - 1})), "strategies"),
    ]
    for sharing, name in bad:
        with pytest.raises(ValidationError) as refused:
            actions.set_sharing(
                s.w.partnership, sharing, agglomeration=s.w.olomouc, actor=s.w.manager
            )
        assert name in refused.value.message_dict
    manager = client_of(s.w.manager)
    url = _sharing_url(s, "olomouc")
    for data in (
        {"strategies": [s.opole_strategy.pk]},
        {"practices": ["x"]},
        {"dashboards": ["99999999999999999999999"]},
        {"practices": [s.y.pk]},
    ):
        response = manager.post(url, data)
        assert response.status_code == 422, data
        assert 'class="errors"' in response.content.decode()
    assert queries.is_shared(s.w.partnership, s.w.olomouc, ShareKind.PRACTICE, s.x.pk)


def test_a_card_shared_and_then_made_own_is_not_read(shared: Shared) -> None:
    s = shared
    actions.update_good_practice(
        s.x,
        actions.GoodPracticeFields(title={"en": "Xylophone"}, visibility=Visibility.OWN),
        agglomeration=s.w.olomouc,
        actor=s.w.manager,
    )
    opole = client_of(s.w.users(s.w.opole, Role.MANAGER))
    assert opole.get(_card_url("opole", s.x)).status_code == 404


def test_a_row_naming_another_agglomerations_item_shares_nothing(shared: Shared) -> None:
    """Written around the actions (e.g. by hand in the database): Olomouc "sharing" Opole's Y
    and Opole's dashboard shows neither to anybody."""
    s = shared
    PartnershipShare.objects.create(
        partnership=s.w.partnership, agglomeration=s.w.olomouc, kind="practice", object_id=s.y.pk
    )
    PartnershipShare.objects.create(
        partnership=s.w.partnership,
        agglomeration=s.w.olomouc,
        kind="dashboard",
        object_id=s.opole_strategy.pk,
    )
    olomouc = client_of(s.w.manager)
    assert olomouc.get(_card_url("olomouc", s.y)).status_code == 404
    assert olomouc.get(_urls(s, "olomouc", s.opole_strategy)["dashboard"]).status_code == 404
    assert s.opole_strategy.pk not in queries.shared_strategy_ids(
        s.w.partnership, s.w.olomouc, ShareKind.DASHBOARD
    )


def test_the_helpers_for_other_pages(shared: Shared) -> None:
    s = shared
    p = s.w.partnership
    assert queries.shared_strategy_ids(p, s.w.olomouc) == {s.olomouc_strategy.pk}
    assert queries.shared_strategy_ids(p, s.w.opole) == {s.opole_strategy.pk}
    assert queries.shared_strategy_ids(p, s.w.opole, ShareKind.DASHBOARD) == set()
    assert queries.shared_strategy_ids(p, s.w.ostrava) == set()
    assert [x.pk for x in queries.shared_strategies(p, s.w.olomouc, ShareKind.DASHBOARD)] == [
        s.olomouc_strategy.pk
    ]
    assert queries.is_shared(p, s.w.opole, ShareKind.PRACTICE, s.z.pk)
    assert not queries.is_shared(p, s.w.opole, ShareKind.PRACTICE, s.y.pk)
    with pytest.raises(ValueError, match="practice"):
        queries.shared_strategy_ids(p, s.w.olomouc, ShareKind.PRACTICE)
    boards = Strategy.objects.filter(shared_strategies_filter(p, ShareKind.DASHBOARD))
    assert [x.pk for x in boards] == [s.olomouc_strategy.pk]
    plans = Strategy.objects.filter(shared_strategies_filter(p)).order_by("pk")
    assert [x.pk for x in plans] == [s.olomouc_strategy.pk, s.opole_strategy.pk]


# ---- fixed query counts -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "count"), [("sharing", 12), ("strategy", 15), ("dashboard", 26), ("csv", 26)]
)
def test_each_page_takes_a_fixed_number_of_queries(shared: Shared, name: str, count: int) -> None:
    s = shared
    client = client_of(s.w.users(s.w.opole, Role.MANAGER))
    urls = {**_urls(s, "opole", s.olomouc_strategy), "sharing": _sharing_url(s, "opole")}
    url = urls[name]
    client.get(url)

    def measure() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            assert response.status_code == 200
            _body(response)  # a streamed CSV is read to its end
        return len(captured)

    before = measure()
    for n in range(3):  # more cards and strategies on both sides, shared and not
        for owner in (s.w.olomouc, s.w.opole):
            card = _card(s.w, owner, f"More {n}")
            actions.share(
                s.w.partnership,
                agglomeration=owner,
                actor=s.w.users(owner, Role.MANAGER),
                practices=[card.pk],
            )
            _card(s.w, owner, f"Unshared {n}")
    opole_old = _strategy(s.w, s.w.opole, "Opole ZIT 2014", Period.P2014)
    actions.share(
        s.w.partnership,
        agglomeration=s.w.opole,
        actor=s.w.users(s.w.opole, Role.MANAGER),
        strategies=[opole_old.pk],
        dashboards=[opole_old.pk, s.opole_strategy.pk],
    )
    actions.share(
        s.w.partnership,
        agglomeration=s.w.olomouc,
        actor=s.w.manager,
        dashboards=[s.olomouc_old.pk],
    )
    assert (before, measure()) == (count, count)


def test_the_audit_log_says_what_was_shared_before_and_after(shared: Shared) -> None:
    s = shared
    actions.set_sharing(
        s.w.partnership,
        actions.Sharing(strategies=frozenset({s.olomouc_strategy.pk})),
        agglomeration=s.w.olomouc,
        actor=s.w.manager,
    )
    page = client_of(s.w.manager).get(reverse("agglomerations:audit", args=["olomouc"]))
    text = page.content.decode()
    assert "changed what the office shares with the partnership" in text
    assert "Shared monitoring dashboards" in text and "Shared good-practice cards" in text
    assert f"Xylophone (#{s.x.pk})" in text


def test_a_side_that_shares_nothing_says_so(shared: Shared) -> None:
    s = shared
    actions.set_sharing(
        s.w.partnership, actions.Sharing(), agglomeration=s.w.olomouc, actor=s.w.manager
    )
    coordinator = client_of(s.w.users(s.w.olomouc, Role.COORDINATOR))
    assert "Nothing yet." in coordinator.get(_sharing_url(s, "olomouc")).content.decode()
    opole = client_of(s.w.users(s.w.opole, Role.PARTNER))
    text = opole.get(_sharing_url(s, "opole")).content.decode()
    assert "What Olomouc agglomeration shares with us" in text and "Nothing yet." in text
    assert "Xylophone" not in text


def test_the_migration_keeps_what_partners_read_before_it(world: CooperationWorld) -> None:
    """Before 0005_sharing a card for partners was read by every partnership of its owner: the
    migration lists it as shared with each of them (and nothing else)."""
    from django.apps import apps

    migration = importlib.import_module("aglomera.cooperation.migrations.0005_sharing")
    x = _card(world, world.olomouc, "Xylophone")
    _card(world, world.olomouc, "Private", visibility=Visibility.OWN)
    _card(world, world.olomouc, "Public", visibility=Visibility.PUBLIC)
    other = actions.create_partnership(
        world.olomouc,
        [world.ostrava],
        actions.PartnershipFields(name={"cs": "Olomouc–Ostrava"}),
        actor=world.manager,
    )
    migration.keep_what_partners_read(apps, None)
    rows = set(PartnershipShare.objects.values_list("partnership_id", "agglomeration_id", "kind"))
    assert rows == {
        (world.partnership.pk, world.olomouc.pk, "practice"),
        (other.pk, world.olomouc.pk, "practice"),
    }
    assert set(PartnershipShare.objects.values_list("object_id", flat=True)) == {x.pk}


def test_only_strategies_and_dashboards_are_shared_as_strategies(shared: Shared) -> None:
    """A card is no kind of strategy: asking the strategy helpers for it is a programming error."""
    with pytest.raises(ValueError, match="practice"):
        queries.shared_strategies(shared.w.partnership, shared.w.olomouc, ShareKind.PRACTICE)
    with pytest.raises(ValueError, match="practice"):
        shared_strategies_filter(shared.w.partnership, ShareKind.PRACTICE)
