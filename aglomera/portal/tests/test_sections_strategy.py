"""Strategy progress on the portal: the tree, and per goal and measure the money funnel (EU
basis, currency, as-of date, unknown shown as unknown), the indicators against their targets
and the measure's public projects."""

from __future__ import annotations

import html
import re
from decimal import Decimal

from django.test import Client
from django.utils import translation

from aglomera.agglomerations.models import Agglomeration
from aglomera.monitoring.calculations.funnel import CONTRACTED, PAID, FunnelRow
from aglomera.portal.queries.strategy import (
    _money,
    goal_page,
    measure_page,
    strategy_tree,
)
from aglomera.portal.tests.sections_world import Sections


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def test_the_tree_links_every_goal_and_measure(client: Client, sections: Sections) -> None:
    html = client.get("/cs/olomouc/strategy/").content.decode()
    assert 'href="/cs/olomouc/strategy/goals/2/"' in html
    assert 'href="/cs/olomouc/strategy/measures/2.1.1/"' in html
    assert "Předškolní vzdělávání" in html


def test_a_measure_page_shows_its_money_on_the_eu_basis_as_of_today(
    client: Client, sections: Sections
) -> None:
    text = _text(client.get("/en/olomouc/strategy/measures/2.1.1/").content.decode())
    assert "EU support, as of 2025-04-15" in text
    assert "EU support in CZK" in text
    assert "80,348,729.00 CZK" in text  # the allocation
    assert "In pipeline 10,000,000.00 CZK 1" in text
    # the project with operation data: its EU contribution; the other: its requested support
    assert "Contracted 10,700,000.00 CZK 2" in text


def test_an_amount_nobody_knows_is_unknown_not_zero(client: Client, sections: Sections) -> None:
    text = _text(client.get("/en/olomouc/strategy/measures/2.1.1/").content.decode())
    # one contracted project's list gives no paid amount, the other has none paid: 0 is known
    # for one project only
    assert "Paid 0.00 CZK without 1 project whose amount is not known yet" in text


def test_paid_is_unknown_when_no_contracted_project_knows_it() -> None:
    row = FunnelRow("2.1.1", "", "IROP", "2.8", "ERDF", "CZK")
    row.counts[CONTRACTED] = 1
    row.amounts[CONTRACTED] = Decimal("700000.00")
    row.unknown[PAID] = 1
    (money,) = _money([row])
    paid = next(figure for figure in money.figures if figure.stage == PAID)
    assert paid.all_unknown
    assert paid.count is None


def test_a_measure_page_shows_its_indicators_against_their_targets(
    client: Client, sections: Sections
) -> None:
    text = _text(client.get("/en/olomouc/strategy/measures/2.1.1/").content.decode())
    assert "T-CYKLO Cycling infrastructure km 0 — 10 4 0 0 %" in text


def test_a_measure_page_lists_only_public_projects(client: Client, sections: Sections) -> None:
    html = client.get("/cs/olomouc/strategy/measures/2.1.1/").content.decode()
    assert "Mateřská škola Hodolany" in html  # legal act
    assert "Statutární město Přerov" in html
    assert "Mateřská škola Nemilany" not in html  # only submitted
    assert "Dětská skupina Svatý Kopeček" in html
    # a beneficiary who is a natural person is not named
    assert "Univerzita Palackého" not in html


def test_a_goal_page_rolls_up_its_measures(client: Client, sections: Sections) -> None:
    text = _text(client.get("/en/olomouc/strategy/goals/2/").content.decode())
    assert "Goal 2: Vzdělávání" in text
    assert "2.1.1 Kapacity mateřských škol" in text
    assert "80,348,729.00 CZK" in text
    assert "T-CYKLO" in text


def test_an_agglomeration_without_a_strategy_says_so(
    client: Client, olomouc: Agglomeration
) -> None:
    html = client.get("/en/olomouc/strategy/").content.decode()
    assert "The strategy has not been published yet." in html
    assert client.get("/en/olomouc/strategy/goals/2/").status_code == 404
    assert client.get("/en/olomouc/strategy/measures/2.1.1/").status_code == 404
    assert strategy_tree(olomouc) is None


def test_the_queries_give_the_tree_goal_and_measure(sections: Sections) -> None:
    agglomeration = sections.world.agglomeration
    with translation.override("cs"):
        tree = strategy_tree(agglomeration)
        goal = goal_page(agglomeration, "2")
        measure = measure_page(agglomeration, "2.1.1")
    assert tree is not None
    assert [node.goal.code for node in tree.goals] == ["2"]
    assert [m.code for m in tree.goals[0].specific_goals[0].measures] == ["2.1.1"]
    assert goal.not_combined == []
    assert [p.intention for p in measure.projects] == [
        sections.person_project,
        sections.project,
    ]
    assert measure.projects[0].beneficiary == ""
    assert measure.projects[1].currency == "CZK"
