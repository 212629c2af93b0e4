"""The portal's home page: the strategy, EU money at a glance on one labelled basis, and the
calls that are open or coming, for anyone, with a fixed number of queries."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from aglomera.agglomerations.models import Agglomeration
from aglomera.portal.tests.sections_world import Sections


@pytest.mark.parametrize("language", ["cs", "pl", "en"])
def test_the_home_page_shows_money_on_one_basis_and_the_coming_calls(
    client: Client,
    sections: Sections,
    django_assert_num_queries: DjangoAssertNumQueries,
    language: str,
) -> None:
    client.get(f"/{language}/{sections.slug}/")  # warm the caches of the first request
    with django_assert_num_queries(12):  # 11 + the latest news (1)
        response = client.get(f"/{language}/{sections.slug}/")
    home = response.context["home"]
    assert home.strategy == sections.world.strategy
    assert [glance.currency for glance in home.glance] == ["CZK"]
    labels = [figure.label for figure in home.glance[0].figures]
    assert len(labels) == 4
    page = response.content.decode()
    assert "CZK" in page
    assert {call.number for call in home.calls} == {
        sections.open_call.number,
        sections.planned_call.number,
    }


def test_the_home_page_without_a_strategy_says_so(client: Client, olomouc: Agglomeration) -> None:
    response = client.get("/en/olomouc/")
    assert response.context["home"].glance == []
    assert "The strategy has not been published yet." in response.content.decode()


def test_the_coming_calls_say_their_state_as_the_calls_page_does(
    client: Client, sections: Sections
) -> None:
    page = client.get(f"/en/{sections.slug}/").content.decode()
    assert "(open for intentions," in page  # the open call, not the office's "Announced"
    assert "(planned," in page
    assert "Announced" not in page
