"""Browser tests: Playwright drives the operating system's Chromium (never a downloaded one).

Run with `make e2e`. CHROMIUM_PATH overrides the browser (default /usr/bin/chromium, Debian's
`chromium` package). The Django server is pytest-django's `live_server`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

# Playwright's sync API runs an event loop in the test thread; the ORM calls that set up test
# data run in the same thread but outside that loop, which Django would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package")
    with sync_playwright() as playwright:
        yield playwright


# A refused form is answered 422 with the form and its messages, by design; Chromium logs every
# 4xx document as a console error, which is no fault of the page.
REFUSED_FORM = "the server responded with a status of 422"


def _launch(playwright: Playwright, locale: str | None = None) -> Browser:
    """Chromium; with `locale` ("cs-CZ") its own user interface runs in that locale. A date
    field orders its parts by that locale (day first in Czech and Polish), not by the page's
    or the context's; Debian's Chromium has the locale files only with `chromium-l10n`
    installed, and asks month first in every locale without them."""
    env: dict[str, str | float | bool] | None = None
    if locale:
        language = locale.split("-")[0]
        env = {**os.environ, "LANG": f"{locale.replace('-', '_')}.UTF-8", "LANGUAGE": language}
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, env=env)


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = _launch(playwright)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def local_browsers(playwright: Playwright) -> Iterator[dict[str, Browser]]:
    """A browser per locale other than English, launched when first asked for."""
    browsers: dict[str, Browser] = {}
    yield browsers
    for browser in browsers.values():
        browser.close()


def _open_page(
    browser: Browser, errors: list[str], locale: str = "en-GB"
) -> tuple[BrowserContext, Page]:
    """A page in a fresh context (own cookies: one logged-in user, the browser's locale, e.g.
    "cs-CZ"); errors go to `errors`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text)
            if msg.type == "error" and REFUSED_FORM not in msg.text
            else None
        ),
    )
    return context, page


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests are transactional: the database is flushed after each one, which also
    removes the rows the migrations load (the EU indicator codebook that `load_demo` needs).
    Serialized rollback restores them before every browser test, whichever ran first."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture(autouse=True)
def caches_as_in_production(settings: Any) -> Iterator[None]:
    """The browser walks the product with its caches on (the unit tests turn them off), so the
    journeys prove that what staff change reaches the next visitor."""
    from django.core.cache import cache

    settings.PORTAL_CACHE_SECONDS = 300
    settings.DASHBOARD_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    errors: list[str] = []
    context, page = _open_page(browser, errors)
    yield page
    context.close()
    assert not errors, f"the browser reported errors: {errors}"


@pytest.fixture
def new_page(
    browser: Browser, playwright: Playwright, local_browsers: dict[str, Browser]
) -> Iterator[Callable[..., Page]]:
    """Open one page per user, each in its own context (`new_page(locale="pl-PL")`: in a Polish
    browser); no page may report a browser error."""
    errors: list[str] = []
    contexts: list[BrowserContext] = []

    def open_page(locale: str = "en-GB") -> Page:
        if locale == "en-GB":
            chosen = browser
        else:
            if locale not in local_browsers:
                local_browsers[locale] = _launch(playwright, locale)
            chosen = local_browsers[locale]
        context, page = _open_page(chosen, errors, locale)
        contexts.append(context)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not errors, f"the browser reported errors: {errors}"


def log_in(page: Page, base_url: str, username: str, password: str, language: str = "en") -> None:
    """Sign in on the login page in `language`. The start page opens in the person's preferred
    language (the demo's people have one); if that is another, its language link switches."""
    page.goto(f"{base_url}/{language}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/[a-z]{2}/app/$"))
    if not page.url.endswith(f"/{language}/app/"):
        page.get_by_role("link", name=language.upper(), exact=True).click()
    page.wait_for_url(f"{base_url}/{language}/app/")
