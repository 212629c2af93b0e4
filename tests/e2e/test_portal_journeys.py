"""Browser journeys on the public portal (issue 12, done-when): a visitor finds a project on the
map and opens it, switches language on its page, reads a resolution and downloads the list of
operations; a manager publishes a news item with a photo, which then appears on the portal."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management import call_command
from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in


def test_a_visitor_finds_a_project_on_the_map_and_reads_the_committee(
    page: Page, live_server: Any
) -> None:
    call_command("load_demo", verbosity=0)
    base = live_server.url
    page.goto(f"{base}/pl/olomouc/")
    page.locator(".portal-nav a[href$='/projects/']").click()
    page.wait_for_url(f"{base}/pl/olomouc/projects/")
    # The clusters are computed on the server: click them until one project's link shows.
    clusters = page.locator("#project-map path.leaflet-interactive")
    expect(clusters.first).to_be_visible()
    popup_link = page.locator(".leaflet-popup-content a").first
    for _ in range(8):
        if popup_link.count():
            break
        counts = page.locator("#project-map .map-count")
        (counts.first if counts.count() else clusters.last).click(force=True)
        page.wait_for_timeout(600)
    expect(popup_link).to_be_visible()
    popup_link.click()
    page.wait_for_url(re.compile(r"/pl/olomouc/projects/\d+/$"))
    assert page.locator("html").get_attribute("lang") == "pl"
    expect(page.locator("#decision-heading")).to_be_visible()

    # Switching language keeps the page.
    project_path = page.url.removeprefix(base).replace("/pl/", "/cs/", 1)
    page.locator(".languages a[hreflang=cs]").click()
    page.wait_for_url(f"{base}{project_path}")
    assert page.locator("html").get_attribute("lang") == "cs"

    # A resolution of the steering committee.
    page.locator(".portal-nav a[href$='/committee/']").click()
    # the newest meeting is still voting; the one before it is closed, with its resolutions
    page.locator("main a[href*='/committee/meetings/']").nth(1).click()
    expect(page.locator("article.resolution").first).to_be_visible()

    # The list of operations, downloaded from the open data page.
    page.goto(f"{base}/cs/olomouc/open-data/")
    with page.expect_download() as download_info:
        page.locator("a[href$='/open-data/operations.csv']").click()
    content = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    assert content.count("\n") >= 2  # a header and at least one operation


def _photo(tmp_path: Path) -> Path:
    path = tmp_path / "stavba.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (40, 120, 200)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def test_a_manager_publishes_news_with_a_photo_that_appears_on_the_portal(
    page: Page, live_server: Any, tmp_path: Path, new_page: Callable[..., Page]
) -> None:
    call_command("load_demo", verbosity=0)
    base = live_server.url
    # A visitor reads the news first: the page is kept in the cache from now on.
    visitor = new_page()
    visitor.goto(f"{base}/cs/olomouc/news/")
    assert visitor.reload().headers.get("x-portal-cache") == "hit"  # type: ignore[union-attr]
    log_in(page, base, "olomouc-manager", "demo12345", language="cs")
    page.goto(f"{base}/cs/app/olomouc/news/new/")
    page.locator("#id_title_0").fill("Otevřeli jsme novou cyklostezku")
    page.locator("#id_lead_0").fill("Cyklostezka spojuje dvě obce aglomerace.")
    page.locator("#id_body_0").fill("Stavba byla podpořena z integrované strategie.")
    page.locator("main form:has(#id_title_0) button[type=submit]").click()
    page.wait_for_url(re.compile(r"/cs/app/olomouc/news/\d+/$"))

    page.locator("details:has(#id_file) > summary").click()
    page.locator("#id_file").set_input_files(str(_photo(tmp_path)))
    page.locator("#id_alt_0").fill("Nová cyklostezka mezi poli")
    page.locator("#id_credit").fill("Statutární město Olomouc")
    page.locator("form[action$='/photos/'] button[type=submit]").click()
    page.wait_for_load_state("load")
    page.locator("form[action$='/transition/']:has(input[value=published]) button").click()
    page.wait_for_load_state("load")

    page.goto(f"{base}/cs/olomouc/news/")
    page.get_by_role("link", name="Otevřeli jsme novou cyklostezku").click()
    image = page.locator("main img[alt='Nová cyklostezka mezi poli']").first
    expect(image).to_be_visible()
    expect(page.locator("main")).to_contain_text("Statutární město Olomouc")

    # The visitor's next look shows the new item: publishing ended the kept page.
    response = visitor.reload()
    assert response is not None and response.headers.get("x-portal-cache") == "miss"
    expect(visitor.get_by_role("link", name="Otevřeli jsme novou cyklostezku")).to_be_visible()
