"""Browser journeys of the cross-border cooperation (issue 13, done-when), in Czech and Polish.

- In Czech: Olomouc's manager opens the Olomouc–Opole partnership from the "Cooperation" menu,
  adds an exchange (dates typed day first, texts in Czech and Polish side by side) and publishes
  it as news on both portals with one action; an anonymous visitor reads it on Olomouc's portal
  in Czech; Opole's manager (Polish pages) finds the draft "from the partnership" in the news
  list and publishes it; Opole's portal shows it in Polish.
- In Polish: Opole's manager edits an exchange that Olomouc's manager saved meanwhile: the save
  is refused with both versions shown, and saving again keeps both sides' changes.

The demo is loaded first (`load_demo`); each person works in a browser of their locale (cs-CZ,
pl-PL) and their own session. Labels come from the catalogues at run time (`tr`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import translation
from playwright.sync_api import Locator, Page, expect

from aglomera.agglomerations.models import Agglomeration
from aglomera.cooperation.models import Exchange, Partnership
from aglomera.news.models import NewsItem, NewsStatus
from tests.e2e.accessibility import violations
from tests.e2e.conftest import log_in
from tests.e2e.test_role_journeys import expect_message, tr, type_date

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "demo12345"
LOCALES = {"cs": "cs-CZ", "pl": "pl-PL"}
NewPage = Callable[..., Page]


@pytest.fixture
def demo(db: Any) -> None:
    call_command("load_demo", verbosity=0)


def start(new_page: NewPage, base: str, username: str, language: str) -> Page:
    """The start page of `username` in `language`, in a browser of the language's locale."""
    page = new_page(locale=LOCALES[language])
    log_in(page, base, username, PASSWORD, language)
    expect(page.locator("html")).to_have_attribute("lang", language)
    return page


def name_of(slug: str, language: str) -> str:
    with translation.override(language):
        return str(Agglomeration.objects.get(slug=slug).name)


def partnership_name(language: str) -> str:
    partnership = Partnership.objects.get(members__agglomeration__slug="opole")
    return str(partnership.name.localized(language))


def open_partnership(page: Page, slug: str, language: str) -> None:
    """From the start page: the agglomeration, its menu's "Cooperation" group, the partnership."""
    page.locator("main h2").get_by_role("link", name=name_of(slug, language)).click()
    menu = page.get_by_role("navigation", name=tr(language, "Agglomeration sections"))
    group = menu.get_by_role("list", name=tr(language, "Cooperation"))
    group.get_by_role("link", name=tr(language, "Partnerships"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(language, "Cooperation"))
    page.get_by_role("link", name=partnership_name(language), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(partnership_name(language))


def text_input(page: Page, language: str, label: str, code: str) -> Locator:
    """The input of one language of a text written side by side in cs/pl/en."""
    group = page.get_by_role("group", name=tr(language, label), exact=True)
    return group.locator(f"[name$='_{code}']")


def news_link(page: Page, title: str) -> Locator:
    return page.locator("main").get_by_role("link", name=title, exact=True)


# --- Czech: an exchange published as news on both portals ---------------------------------


TITLE = {
    "cs": "Stáž olomoucké kolegyně v Opolí: hodnocení projektů",
    "pl": "Staż koleżanki z Ołomuńca w Opolu: ocena projektów",
}
PROGRAMME = {
    "cs": "Hodnocení projektových záměrů, monitorování a příprava společných projektů.",
    "pl": "Ocena zamierzeń projektowych, monitorowanie i przygotowanie wspólnych projektów.",
}
OUTCOMES = {
    "cs": "Společný kontrolní seznam pro hodnocení přeshraničních projektů.",
    "pl": "Wspólna lista kontrolna do oceny projektów transgranicznych.",
}


def test_a_czech_manager_publishes_an_exchange_as_news_on_both_portals(
    new_page: NewPage, live_server: Any, demo: None
) -> None:
    base = live_server.url
    # A visitor has read Olomouc's news before: the page is kept in the portal cache.
    visitor = new_page(locale="cs-CZ")
    visitor.goto(f"{base}/cs/olomouc/news/")
    assert visitor.reload().headers.get("x-portal-cache") == "hit"  # type: ignore[union-attr]

    # Given Olomouc's manager on the partnership with Opole, in Czech
    manager = start(new_page, base, "olomouc-manager", "cs")
    open_partnership(manager, "olomouc", "cs")
    # When they add an exchange hosted by Opole, the dates typed day first, texts in cs and pl
    manager.get_by_role("link", name=tr("cs", "Add an exchange"), exact=True).click()
    expect(manager.get_by_role("heading", level=1)).to_have_text(tr("cs", "Add an exchange"))
    manager.get_by_label(tr("cs", "Kind"), exact=True).select_option("internship")
    manager.get_by_label(tr("cs", "Host"), exact=True).select_option(label=name_of("opole", "cs"))
    type_date(manager.get_by_label(tr("cs", "Start"), exact=True), date(2026, 11, 9))
    type_date(manager.get_by_label(tr("cs", "End"), exact=True), date(2026, 11, 13))
    for code in ("cs", "pl"):
        text_input(manager, "cs", "Title", code).fill(TITLE[code])
        text_input(manager, "cs", "Programme and topics", code).fill(PROGRAMME[code])
        text_input(manager, "cs", "Outcomes", code).fill(OUTCOMES[code])
    manager.get_by_role("button", name=tr("cs", "Save the exchange")).click()
    # Then the exchange page shows it, the dates the Czech way, English marked as missing
    expect_message(manager, tr("cs", "The exchange is saved."))
    expect(manager.get_by_role("heading", level=1)).to_have_text(TITLE["cs"])
    facts = manager.locator("main dl.facts")
    expect(facts).to_contain_text("9. 11. 2026 – 13. 11. 2026")
    expect(facts).to_contain_text(name_of("opole", "cs"))
    expect(manager.locator("main .translation-missing")).to_have_text("EN")
    expect(manager.locator("main")).to_contain_text(tr("cs", "Not published as news yet."))

    # When they publish it as news on both portals with one action, after the preview
    publish = tr("cs", "Publish as news on both portals")
    manager.get_by_role("link", name=publish, exact=True).click()
    expect(manager.get_by_role("heading", level=1)).to_have_text(publish)
    previews = manager.locator("main section.portal-preview")
    expect(previews).to_have_count(2)
    expect(previews.nth(0).get_by_role("heading", level=2)).to_have_text(name_of("olomouc", "cs"))
    # each portal's own language first: Czech on Olomouc's, Polish on Opole's
    expect(previews.nth(0).locator("article").first).to_have_attribute("lang", "cs")
    expect(previews.nth(1).locator("article").first).to_have_attribute("lang", "pl")
    expect(previews.nth(1).locator("article[lang=pl]")).to_contain_text(OUTCOMES["pl"])
    manager.locator("main form").get_by_role("button", name=publish).click()
    # Then it is on Olomouc's portal, and a draft waits for Opole's manager
    expect_message(
        manager,
        tr(
            "cs",
            "The exchange is published as news on your portal; on the partner's portal the "
            "item waits as a draft for its manager to publish it.",
        ),
    )
    portals = manager.locator("main ul.exchange-news > li")
    expect(portals.filter(has_text=name_of("olomouc", "cs"))).to_contain_text(
        tr("cs", "on the portal")
    )
    expect(portals.filter(has_text=name_of("opole", "cs"))).to_contain_text(
        tr("cs", "waiting for the manager of that agglomeration")
    )

    # The visitor's next look at Olomouc's portal shows the item, in Czech
    response = visitor.reload()
    assert response is not None and response.headers.get("x-portal-cache") == "miss"
    news_link(visitor, TITLE["cs"]).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE["cs"])
    article = visitor.locator("main")
    expect(article).to_contain_text(name_of("opole", "cs"))  # the lead names the host
    expect(article).to_contain_text(OUTCOMES["cs"])
    # Opole's portal has nothing yet: its manager has not published the draft
    visitor.goto(f"{base}/pl/opole/news/")
    expect(news_link(visitor, TITLE["pl"])).to_have_count(0)

    # Given Opole's manager, in Polish, on the news of Opole's portal
    partner = start(new_page, base, "opole-manager", "pl")
    partner.locator("main h2").get_by_role("link", name=name_of("opole", "pl")).click()
    menu = partner.get_by_role("navigation", name=tr("pl", "Agglomeration sections"))
    menu.get_by_role("link", name=tr("pl", "News"), exact=True).click()
    # the draft is marked as coming from the partnership
    row = partner.locator("main tr").filter(has=partner.get_by_role("link", name=TITLE["pl"]))
    expect(row.locator(".badge")).to_have_text(tr("pl", "from the partnership"))
    row.get_by_role("link", name=TITLE["pl"], exact=True).click()
    expect(partner.get_by_role("heading", level=1)).to_have_text(TITLE["pl"])
    expect(partner.locator("main")).to_contain_text(tr("pl", "from the partnership"))
    # When they publish it
    partner.locator("form:has(input[name=to][value=published]) button[type=submit]").click()
    expect(partner.get_by_role("link", name=tr("pl", "Open on the portal"))).to_be_visible()

    # Then Opole's portal shows it in Polish
    visitor.goto(f"{base}/pl/opole/news/")
    news_link(visitor, TITLE["pl"]).click()
    expect(visitor.locator("html")).to_have_attribute("lang", "pl")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE["pl"])
    expect(visitor.locator("main")).to_contain_text(name_of("opole", "pl"))
    expect(visitor.locator("main")).to_contain_text(PROGRAMME["pl"])
    exchange = Exchange.objects.latest("pk")
    assert exchange.title.get("cs") == TITLE["cs"]
    items = NewsItem.objects.filter(exchange=exchange)
    assert {(i.agglomeration.slug, i.status) for i in items} == {
        ("olomouc", NewsStatus.PUBLISHED),
        ("opole", NewsStatus.PUBLISHED),
    }


# --- Polish: the refusal of a save after the partner's edit, and nothing lost ---------------


def open_exchange_form(page: Page, slug: str, language: str, exchange: Exchange) -> None:
    open_partnership(page, slug, language)
    title = exchange.title.localized(language)
    page.get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    page.get_by_role("link", name=tr(language, "Edit the exchange"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(language, "Edit the exchange"))


def test_a_polish_manager_saves_after_the_partner_and_both_changes_are_kept(
    new_page: NewPage, live_server: Any, demo: None
) -> None:
    base = live_server.url
    exchange = Exchange.objects.filter(host__slug="opole").order_by("starts_on").first()
    assert exchange is not None
    old_title_cs = exchange.title["cs"]
    new_title_cs = f"{old_title_cs} (doplněno olomouckou kanceláří)"
    new_programme_cs = "Výzvy ZIT, hodnocení projektů a monitorování; návštěva v Turawě."
    new_outcomes_pl = "Wspólny harmonogram kolejnych staży i lista dobrych praktyk."

    # Given Opole's manager with the exchange's form open, in Polish
    opole = start(new_page, base, "opole-manager", "pl")
    open_exchange_form(opole, "opole", "pl", exchange)
    # and Olomouc's manager, who meanwhile changes the Czech title and programme and saves
    olomouc = start(new_page, base, "olomouc-manager", "cs")
    open_exchange_form(olomouc, "olomouc", "cs", exchange)
    text_input(olomouc, "cs", "Title", "cs").fill(new_title_cs)
    text_input(olomouc, "cs", "Programme and topics", "cs").fill(new_programme_cs)
    olomouc.get_by_role("button", name=tr("cs", "Save the exchange")).click()
    expect_message(olomouc, tr("cs", "The exchange is saved."))
    expect(olomouc.get_by_role("heading", level=1)).to_have_text(new_title_cs)

    # When Opole's manager saves the Polish outcomes from the form opened before
    text_input(opole, "pl", "Outcomes", "pl").fill(new_outcomes_pl)
    opole.get_by_role("button", name=tr("pl", "Save the exchange")).click()

    # Then the save is refused and the page shows both versions of what Olomouc changed
    saved = opole.get_by_role("region", name=tr("pl", "The version saved meanwhile"))
    expect(saved).to_be_visible()
    title_row = saved.locator("tr#change-title_cs")
    expect(title_row.locator("del")).to_have_text(old_title_cs)
    expect(title_row.locator("ins")).to_have_text(new_title_cs)
    expect(title_row).to_contain_text(tr("pl", "taken from the version saved meanwhile"))
    programme_row = saved.locator("tr#change-programme_cs")
    expect(programme_row.locator("ins")).to_have_text(new_programme_cs)
    expect(saved.locator("tr[data-outcome=conflict]")).to_have_count(0)
    expect(saved.locator("[role=alert]")).to_have_count(0)  # no conflict to check
    # the form holds Olomouc's changes and keeps what Opole typed
    expect(text_input(opole, "pl", "Title", "cs")).to_have_value(new_title_cs)
    expect(text_input(opole, "pl", "Programme and topics", "cs")).to_have_value(new_programme_cs)
    expect(text_input(opole, "pl", "Outcomes", "pl")).to_have_value(new_outcomes_pl)
    # the refusal page (a POST's answer, which the accessibility crawl never reaches) passes axe
    assert violations(opole) == []
    exchange.refresh_from_db()
    assert exchange.outcomes.get("pl") != new_outcomes_pl  # nothing written by the refusal

    # When they save again, Then both sides' changes are kept
    opole.get_by_role("button", name=tr("pl", "Save the exchange")).click()
    expect_message(opole, tr("pl", "The exchange is saved."))
    expect(opole.locator("main")).to_contain_text(new_outcomes_pl)
    olomouc.reload()
    expect(olomouc.get_by_role("heading", level=1)).to_have_text(new_title_cs)
    expect(olomouc.locator("main")).to_contain_text(new_programme_cs)
    exchange.refresh_from_db()
    assert exchange.title["cs"] == new_title_cs
    assert exchange.programme["cs"] == new_programme_cs
    assert exchange.outcomes["pl"] == new_outcomes_pl
