"""The public queries of the API on their own: ids from URLs, the strategy tree with its
indicators, the co-financing rate."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.http import Http404

from aglomera.accounts.models import User
from aglomera.agglomerations.models import Agglomeration
from aglomera.api.queries import public as queries
from aglomera.intentions.models import ProjectIntention
from aglomera.strategy.models import IndicatorCode
from aglomera.strategy.tests.builders import Programmes, StrategyBuilder


@pytest.mark.parametrize("value", ["abc", "0", "-1", str(2**63), "1.5"])
def test_what_is_no_database_id_is_not_found(value: str) -> None:
    with pytest.raises(Http404):
        queries._pk(value)


def test_an_id_is_read_from_the_url() -> None:
    assert queries._pk("42") == 42


def test_the_strategy_tree_carries_each_measures_indicators(
    olomouc: Agglomeration, alice: User, programmes: Programmes, cycling_km: IndicatorCode
) -> None:
    # Given an approved strategy with an indicator on one of its two measures
    objective = programmes.irop_mobility
    (
        StrategyBuilder(olomouc, alice)
        .with_goal("1", "Doprava")
        .with_specific_goal("1.1", "Cyklodoprava")
        .with_measure("1.1.1", "Cyklostezky", objectives=[objective])
        .with_measure("1.1.2", "Parkování kol", objectives=[objective])
        .with_indicator("1.1.1", cycling_km, baseline="0", target="12", milestone="4")
        .approved()
        .build()
    )
    # When the tree is read
    tree = queries.get_strategy_tree(olomouc)
    # Then the indicator hangs under its measure only
    assert tree is not None
    measures = tree.goals[0].specific_goals[0].measures
    assert [m.measure.code for m in measures] == ["1.1.1", "1.1.2"]
    assert [(i.indicator.code, i.target_2029) for i in measures[0].indicators] == [
        (cycling_km.code, Decimal("12.000"))
    ]
    assert measures[1].indicators == []
    assert tree.version == 1


def test_without_an_eligible_cost_the_rate_is_unknown() -> None:
    intention = ProjectIntention(eligible_cost=Decimal("0"), requested_eu=Decimal("10"))
    assert queries.cofinancing_rate(intention) is None
    intention.eligible_cost = Decimal("200")
    assert queries.cofinancing_rate(intention) == Decimal("5.00")
