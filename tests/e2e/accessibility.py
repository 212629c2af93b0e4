"""Crawl the staff pages as one logged-in user and check each with axe-core (issue 11, point 16).

axe-core comes from the `axe-playwright-python` package (its bundled axe.min.js), never a CDN.
A page type is a URL name of the URL conf; the crawl follows the links a user sees, from the
home page, and checks one page of each type, at a desktop and at a phone-sized viewport.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]
from django.urls import Resolver404, resolve
from django.utils import translation
from playwright.sync_api import Page, ViewportSize

DESKTOP: ViewportSize = {"width": 1366, "height": 768}
PHONE: ViewportSize = {"width": 390, "height": 844}
BLOCKING = ("serious", "critical")
# Reported as well, though axe rates it moderate: the issue names it (headings in order).
ALSO_BLOCKING = ("heading-order",)
# Links that are files or leave the staff side: nothing for axe to check.
NOT_PAGES = (
    "csv",
    "pdf",
    "docx",
    "xlsx",
    "json",
    "geojson",
    "xml",
    "ttl",
    "rdf",
    "feed",
    "atom",
    "download",
    "attachment",
    "export",
    "file",
)
# Pages that log the user out or change state on GET never exist; a cap bounds a crawl anyway.
MAX_PAGES = 150
# Page types whose pages show different links by whose item they are: every page of such a type
# the crawl finds is opened for its links (the first one only is checked). A good-practice card of
# the office itself links its edit form; a partner's card, which may come first, does not.
EXPLORE_EVERY = ("cooperation:card",)

_AXE = Axe()


@dataclass
class Crawl:
    """What one user's crawl saw: the page types checked and the blocking findings."""

    user: str
    visited: dict[str, str] = field(default_factory=dict)  # page type -> the URL checked
    findings: list[str] = field(default_factory=list)


def page_type(path: str) -> str | None:
    """The URL name of a path under /<lang>/app/, or None for anything else."""
    language = path.strip("/").split("/", 1)[0]
    try:
        # The URL conf answers only the active language's prefix (i18n_patterns).
        with translation.override(language):
            match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def is_page(url: str) -> bool:
    lowered = url.lower()
    return "format=" not in lowered and not any(
        f"/{word}" in lowered or f".{word}" in lowered for word in NOT_PAGES
    )


def violations(page: Page) -> list[str]:
    """The serious and critical axe findings on the page as it is displayed now."""
    result = _AXE.run(page)
    found = []
    for violation in result.response["violations"]:
        if violation["impact"] not in BLOCKING and violation["id"] not in ALSO_BLOCKING:
            continue
        targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found


def horizontal_overflow(page: Page) -> int:
    """How many pixels the page is wider than the viewport (0: no sideways page scroll)."""
    return int(
        page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
    )


def check_page(page: Page, url: str) -> list[str]:
    """Open `url` and check it at the desktop and at the phone size."""
    findings = []
    for name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        if name == "desktop":
            page.goto(url)
            page.wait_for_load_state("load")
        else:
            page.wait_for_timeout(100)  # let the charts follow the new width
        findings += [f"{name}: {finding}" for finding in violations(page)]
        if name == "phone" and (overflow := horizontal_overflow(page)) > 1:
            findings.append(f"phone: the page scrolls sideways by {overflow} px")
    return findings


def links(page: Page, base_url: str, prefix: str) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all(
        "a[href]:not([download])", "anchors => anchors.map(a => a.href)"
    )
    found = []
    for href in hrefs:
        url = urldefrag(href)[0]
        if url.startswith(base_url + prefix) and is_page(url):
            found.append(url)
    return found


def crawl(
    page: Page,
    base_url: str,
    user: str,
    language: str,
    *,
    start: str | None = None,
    outside: tuple[str, ...] = (),
) -> Crawl:
    """Visit every page type reachable by links from the user's home page (or `start`), one page
    per type, never entering the path prefixes `outside`."""
    prefix = f"/{language}/app/" if start is None else f"/{language}/"
    result = Crawl(user)
    queue = deque([base_url + (start or prefix)])
    seen = set(queue)
    while queue and len(result.visited) < MAX_PAGES:
        url = queue.popleft()
        kind = page_type(urlsplit(url).path)
        if kind is None:
            continue
        if kind not in result.visited:
            result.visited[kind] = url
            result.findings += [f"{user} {kind} {url} {f}" for f in check_page(page, url)]
        elif kind in EXPLORE_EVERY:
            page.goto(url)
            page.wait_for_load_state("load")
        else:
            continue
        for link in links(page, base_url, prefix):
            if urlsplit(link).path.startswith(outside):
                continue
            link_kind = page_type(urlsplit(link).path)
            if link not in seen and (link_kind not in result.visited or link_kind in EXPLORE_EVERY):
                seen.add(link)
                queue.append(link)
    return result
