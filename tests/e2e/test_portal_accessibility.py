"""Accessibility of every public portal page type, in Czech, Polish and English (issue 12).

Anonymous visitors follow the links of each agglomeration's portal from its home page; axe-core
checks one page of each type at a desktop and a phone-sized viewport (no serious or critical
finding, headings in order, no sideways scroll). Every page carries the `lang` of its address,
and the skip link moves the keyboard focus to the main content.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver
from playwright.sync_api import Browser

from tests.e2e.accessibility import DESKTOP, crawl

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ("cs", "pl", "en")
PORTALS = ("olomouc", "opole")
STAFF = tuple(f"/{language}/{area}/" for language in LANGUAGES for area in ("app", "accounts"))
# Portal URL names that are not pages: data, feeds and files. Each needs a reason.
NOT_CHECKED: dict[str, str] = {
    "portal:news_feed": "the Atom feed of the news (XML for feed readers), not a page",
    "portal:news_photo": "a photo of a news item (a JPEG file), not a page",
    "portal:projects_map": "GeoJSON for the map of the projects page",
    "portal:open_data_file": "the open data files (CSV, XLSX, JSON, GeoJSON)",
    "portal:open_data_dcat": "the DCAT-AP catalogue in Turtle",
    "portal:sitemap": "the sitemap in XML",
}
# The good-practice library of the cooperation (issue 13): checked in every language, not only in
# one (the demo's public card is Opole's, so Opole's portal reaches the card's page).
EVERY_LANGUAGE = ("portal:good_practice_list", "portal:good_practice")


def portal_page_types() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name and namespace == "portal":
                names.add(f"portal:{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return names


def test_every_portal_page_type_has_no_serious_accessibility_finding(
    browser: Browser, live_server: Any
) -> None:
    call_command("load_demo", verbosity=0)
    findings: list[str] = []
    checked: set[str] = set()
    not_in_every_language: list[str] = []
    for language in LANGUAGES:
        context = browser.new_context(viewport=DESKTOP, locale=language)
        page = context.new_page()
        page.set_default_timeout(15_000)
        in_language: set[str] = set()
        for slug in PORTALS:
            result = crawl(
                page,
                live_server.url,
                f"visitor of {slug}",
                language,
                start=f"/{language}/{slug}/",
                outside=STAFF,
            )
            findings += result.findings
            checked |= set(result.visited)
            in_language |= set(result.visited)
        not_in_every_language += [
            f"{kind} ({language})" for kind in EVERY_LANGUAGE if kind not in in_language
        ]
        context.close()
    checked.add("portal:index")  # the crawls start under it; checked on its own below
    missing = portal_page_types() - checked - set(NOT_CHECKED)
    assert not findings and not missing and not not_in_every_language, "\n".join(
        [
            *findings,
            f"portal page types not reached by a link: {sorted(missing)}",
            f"not checked in every language: {not_in_every_language}",
        ]
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_index_has_the_language_of_its_address_and_a_working_skip_link(
    browser: Browser, live_server: Any, language: str
) -> None:
    call_command("load_demo", verbosity=0)
    context = browser.new_context(viewport=DESKTOP, locale=language)
    page = context.new_page()
    page.goto(f"{live_server.url}/{language}/olomouc/")
    assert page.locator("html").get_attribute("lang") == language
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.goto(f"{live_server.url}/{language}/")
    assert page.locator("html").get_attribute("lang") == language
    context.close()
