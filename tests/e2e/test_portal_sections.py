"""The portal's sections (calls, strategy progress, committee, documents, contacts,
municipalities, accessibility statement, privacy, cookies) pass axe-core with no serious or
critical finding in Czech, Polish and English, with the page's language declared, and the skip
link leads to the content."""

from __future__ import annotations

import pytest
import time_machine
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from aglomera.intentions.tests.builders import DURING
from aglomera.portal.tests import sections_world
from tests.e2e.accessibility import DESKTOP, PHONE, horizontal_overflow, violations


@pytest.mark.parametrize("language", ["cs", "pl", "en"])
def test_every_section_page_passes_axe(page: Page, live_server: LiveServer, language: str) -> None:
    with time_machine.travel(DURING, tick=False):
        world = sections_world.build()
    addresses = [
        "calls/",
        f"calls/{world.open_call.pk}/",
        "strategy/",
        "strategy/goals/2/",
        "strategy/measures/2.1.1/",
        "committee/",
        f"committee/meetings/{world.closed_meeting.pk}/",
        f"committee/meetings/{world.planned_meeting.pk}/",
        "documents/",
        "contacts/",
        "municipalities/",
        "accessibility/",
        "privacy/",
        "cookies/",
    ]
    findings = []
    for address in addresses:
        url = f"{live_server.url}/{language}/{world.slug}/{address}"
        for viewport in (DESKTOP, PHONE):
            page.set_viewport_size(viewport)
            response = page.goto(url)
            assert response is not None and response.status == 200, url
            assert page.get_attribute("html", "lang") == language
            findings += [f"{address} {viewport['width']}: {v}" for v in violations(page)]
            if horizontal_overflow(page) > 0:
                findings.append(f"{address} {viewport['width']}: scrolls sideways")
    assert not findings, "\n".join(findings)


def test_the_skip_link_leads_to_the_content(page: Page, live_server: LiveServer) -> None:
    with time_machine.travel(DURING, tick=False):
        world = sections_world.build()
    page.goto(f"{live_server.url}/en/{world.slug}/calls/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
