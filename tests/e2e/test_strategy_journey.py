"""A strategy manager browses the strategy in three languages and recomputes EUR in place."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(db: Any) -> None:
    call_command("load_demo", verbosity=0)


def test_a_manager_browses_the_strategy_and_switches_language(
    page: Page, live_server: Any, demo: None
) -> None:
    base = live_server.url
    # Given the Olomouc manager logged in
    log_in(page, base, "olomouc-manager", "demo12345")
    # When they open the 2021-2027 strategy
    page.get_by_role(
        "link", name="Integrated ITI strategy of the Olomouc agglomeration 2021–2027"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2021–2027")
    expect(page.locator("#tree tfoot")).to_contain_text("3,666,099,590.00")
    # And change the exchange-rate date, the tree is recomputed in place (htmx)
    before = page.locator("#tree tfoot").inner_text()
    page.locator("#as-of").fill("2024-01-15")
    page.locator("#as-of").dispatch_event("change")
    expect(page).to_have_url(re.compile(r"as_of=2024-01-15"))
    expect(page.locator("#tree tfoot")).not_to_have_text(before)
    # And switch to Czech and Polish
    page.get_by_role("link", name="CS", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "cs")
    expect(page.get_by_role("heading", name="Finanční plán")).to_be_visible()
    page.get_by_role("link", name="PL", exact=True).click()
    expect(page.get_by_role("heading", name="Plan finansowy")).to_be_visible()
