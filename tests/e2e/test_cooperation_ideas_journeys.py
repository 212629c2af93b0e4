"""Browser journeys of the joint project ideas, the comparison and what each side shares.

- In Polish: Opole's manager edits the demo's joint idea (the Olomouc–Opole partnership, status
  concept): its Polish title and summary and Opole's budget typed the Polish way. Olomouc's
  manager saved a new Czech summary meanwhile: the save is refused with both versions shown and
  nothing lost, and saving again keeps both. Opole's manager comments in Polish; Olomouc's
  manager (Czech pages) reads the comment and marks the idea as submitted with a reason; Opole's
  manager is e-mailed in Polish.
- In Czech: Olomouc's manager opens the comparison of the partnership's strategies, types the
  as-of day the Czech way and reads both sides' EUR figures with their rates and the rates'
  days, and the charts with their tables. On "What we share" they untick Olomouc's dashboard:
  Opole's manager's comparison shows no Olomouc figures and says Olomouc shares none; ticked
  back, the figures return.

The demo is loaded first (`load_demo`); each person works in a browser of their locale and their
own session. Labels come from the catalogues at run time (`tr`).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.template import Context, Template
from django.utils import translation
from playwright.sync_api import Locator, Page, expect

from aglomera.accounts.models import User
from aglomera.agglomerations.models import Agglomeration
from aglomera.cooperation.models import (
    IdeaStatus,
    JointIdea,
    Partnership,
    PartnershipShare,
    ShareKind,
)
from aglomera.cooperation.queries.comparison import get_comparison
from aglomera.cooperation.queries.sharing import shared_strategy_ids
from aglomera.monitoring.calculations.funnel import STAGE_LABELS
from tests.e2e.accessibility import violations
from tests.e2e.test_cooperation_journeys import (
    NewPage,
    name_of,
    open_partnership,
    start,
    text_input,
)
from tests.e2e.test_role_journeys import expect_message, tr, type_amount, type_date

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(db: Any) -> None:
    call_command("load_demo", verbosity=0)


def render(language: str, template: str, **values: Any) -> str:
    """A value as the pages show it in `language` (the project's filters)."""
    with translation.override(language):
        return Template("{% load aglomera %}" + template).render(Context(values))


def open_idea(page: Page, slug: str, language: str, idea: JointIdea) -> None:
    open_partnership(page, slug, language)
    title = idea.title.localized(language)
    page.get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def open_idea_form(page: Page, slug: str, language: str, idea: JointIdea) -> None:
    open_idea(page, slug, language, idea)
    page.get_by_role("link", name=tr(language, "Edit the idea"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(tr(language, "Edit the joint idea"))


def budget_input(page: Page, language: str, slug: str) -> Locator:
    label = tr(language, "%(side)s: budget") % {"side": name_of(slug, language)}
    return page.get_by_label(label, exact=True)


# --- Polish: co-editing a joint idea, a comment, a step and its e-mail ----------------------


NEW_TITLE_PL = "Transgraniczna trasa rowerowa Ołomuniec–Opole z parkingami dla rowerów"
NEW_SUMMARY_PL = (
    "Przykład poglądowy, a nie rzeczywisty projekt. Trasa połączy węzły przesiadkowe obu "
    "aglomeracji; strona opolska zwiększa szacunek kosztów o parkingi przy dworcu w Opolu."
)
NEW_SUMMARY_CS = (
    "Ilustrativní příklad, nikoli skutečný projekt. Trasa propojí přestupní uzly obou "
    "aglomerací; olomoucká strana doplnila úsek do Uničova."
)
COMMENT_PL = "Zaktualizowaliśmy budżet po stronie opolskiej: 4,3 mln zł kosztów całkowitych."
REASON_CS = "Koncept je dohodnutý oběma kancelářemi; podáváme ho do výzvy programu Interreg."


def test_a_polish_manager_co_edits_a_joint_idea_and_the_czech_manager_submits_it(
    new_page: NewPage, live_server: Any, demo: None, mailoutbox: list[Any]
) -> None:
    base = live_server.url
    idea = JointIdea.objects.get(partnership__members__agglomeration__slug="opole")
    assert idea.status == IdeaStatus.CONCEPT
    opole = Agglomeration.objects.get(slug="opole")
    old_summary_cs = idea.summary["cs"]

    # Given Opole's manager with the idea's form open, in Polish
    partner = start(new_page, base, "opole-manager", "pl")
    open_idea_form(partner, "opole", "pl", idea)
    expect(budget_input(partner, "pl", "opole")).to_have_value(re.compile(r"^4\s?200\s?000,00$"))
    # and Olomouc's manager, who meanwhile changes the Czech summary and saves
    manager = start(new_page, base, "olomouc-manager", "cs")
    open_idea_form(manager, "olomouc", "cs", idea)
    text_input(manager, "cs", "Summary", "cs").fill(NEW_SUMMARY_CS)
    manager.get_by_role("button", name=tr("cs", "Save the idea")).click()
    expect_message(manager, tr("cs", "The joint idea is saved."))
    expect(manager.locator("main")).to_contain_text(NEW_SUMMARY_CS)

    # When Opole's manager saves the Polish title and summary and Opole's budget typed the
    # Polish way, from the form opened before
    text_input(partner, "pl", "Title", "pl").fill(NEW_TITLE_PL)
    text_input(partner, "pl", "Summary", "pl").fill(NEW_SUMMARY_PL)
    type_amount(budget_input(partner, "pl", "opole"), "4 300 000,00")
    partner.get_by_role("button", name=tr("pl", "Save the idea")).click()

    # Then the save is refused and the page shows both versions of what Olomouc changed
    saved = partner.get_by_role("region", name=tr("pl", "The version saved meanwhile"))
    expect(saved).to_be_visible()
    summary_row = saved.locator("tr#change-summary_cs")
    expect(summary_row.locator("del")).to_have_text(old_summary_cs)
    expect(summary_row.locator("ins")).to_have_text(NEW_SUMMARY_CS)
    expect(summary_row).to_contain_text(tr("pl", "taken from the version saved meanwhile"))
    expect(saved.locator("tr[data-outcome=conflict]")).to_have_count(0)
    # the form holds Olomouc's change and keeps everything Opole typed
    expect(text_input(partner, "pl", "Summary", "cs")).to_have_value(NEW_SUMMARY_CS)
    expect(text_input(partner, "pl", "Title", "pl")).to_have_value(NEW_TITLE_PL)
    expect(text_input(partner, "pl", "Summary", "pl")).to_have_value(NEW_SUMMARY_PL)
    expect(budget_input(partner, "pl", "opole")).to_have_value(re.compile(r"^4\s?300\s?000,00$"))
    assert violations(partner) == []  # the refusal page, a POST's answer, passes axe
    idea.refresh_from_db()
    assert idea.title["pl"] != NEW_TITLE_PL  # nothing written by the refusal

    # When they save again, Then both sides' changes are kept, the budget in złoty
    partner.get_by_role("button", name=tr("pl", "Save the idea")).click()
    expect_message(partner, tr("pl", "The joint idea is saved."))
    expect(partner.get_by_role("heading", level=1)).to_have_text(NEW_TITLE_PL)
    expect(partner.locator("main")).to_contain_text(NEW_SUMMARY_PL)
    caption = (
        "Each side's measure and budget (each in its own currency and on its own basis; "
        "not added up)"
    )
    sides = partner.get_by_role("table", name=tr("pl", caption))
    opole_row = sides.get_by_role("row").filter(has_text=name_of("opole", "pl"))
    expect(opole_row).to_contain_text(render("pl", "{{ v|money }}", v=Decimal("4300000")))
    expect(opole_row).to_contain_text("PLN")
    idea.refresh_from_db()
    assert idea.summary["cs"] == NEW_SUMMARY_CS
    assert (idea.title["pl"], idea.summary["pl"]) == (NEW_TITLE_PL, NEW_SUMMARY_PL)
    side = idea.sides.get(agglomeration=opole)
    assert (side.amount, side.currency) == (Decimal("4300000.00"), "PLN")

    # When Opole's manager adds a comment in Polish
    partner.get_by_label(tr("pl", "Comment"), exact=True).fill(COMMENT_PL)
    expect(partner.get_by_label(tr("pl", "Written in"), exact=True)).to_have_value("pl")
    partner.get_by_role("button", name=tr("pl", "Add the comment")).click()
    expect_message(partner, tr("pl", "Your comment is saved; both offices are told."))

    # Then Olomouc's manager, in Czech, reads it on the idea's page (still open there)
    manager.reload()
    expect(manager.get_by_role("heading", level=1)).to_have_text(idea.title["cs"])
    comment = manager.locator("main article[lang=pl]").filter(has_text=COMMENT_PL)
    expect(comment).to_contain_text(name_of("opole", "cs"))
    # and marks the idea as submitted to the programme, with a reason
    mailoutbox.clear()
    manager.get_by_label(tr("cs", "Reason or comment"), exact=True).fill(REASON_CS)
    manager.get_by_role("button", name=tr("cs", "Mark as submitted to the programme")).click()
    with translation.override("cs"):
        submitted_cs = str(IdeaStatus.SUBMITTED.label)
    expect_message(manager, tr("cs", "The idea is now: %(status)s.") % {"status": submitted_cs})
    expect(manager.locator("main [data-status]")).to_have_attribute("data-status", "submitted")
    expect(manager.locator("main ol")).to_contain_text(REASON_CS)
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.SUBMITTED

    # And Opole's manager got an e-mail in Polish with the Polish title and a link to the idea on
    # Opole's pages (the live server runs in this process: its mail goes to the test's outbox)
    address = User.objects.get(username="opole-manager").email
    to_opole = [message for message in mail.outbox if address in message.to]
    assert len(to_opole) == 1, [message.subject for message in mail.outbox]
    message = to_opole[0]
    with translation.override("pl"):
        submitted_pl = str(IdeaStatus.SUBMITTED.label)
    assert NEW_TITLE_PL in message.subject and submitted_pl in message.subject
    assert tr("pl", "Reason:") in message.body and REASON_CS in message.body
    assert f"/pl/app/opole/cooperation/ideas/{idea.pk}/" in message.body
    # olomouc-manager took the step: no e-mail to themselves
    own = User.objects.get(username="olomouc-manager").email
    assert not [message for message in mail.outbox if own in message.to]


# --- Czech: the comparison, and a partner's figures gone when the dashboard is unshared ------


AS_OF = date(2025, 9, 30)


def money_table(page: Page, language: str) -> Locator:
    caption = tr(
        language, "Money per stage: in the programme currency, in EUR and in EUR per inhabitant"
    )
    return page.get_by_role("table", name=caption)


def members_row(page: Page, language: str, slug: str) -> Locator:
    table = page.get_by_role(
        "table", name=tr(language, "Compared strategies, exchange rates and populations")
    )
    return table.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=name_of(slug, language))
    )


def open_comparison(page: Page, slug: str, language: str) -> None:
    open_partnership(page, slug, language)
    page.get_by_role("link", name=tr(language, "Compare the members' strategies in EUR")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        tr(language, "Comparison of the strategies")
    )


def test_a_czech_manager_compares_the_strategies_and_unshares_the_dashboard(
    new_page: NewPage, live_server: Any, demo: None
) -> None:
    base = live_server.url
    partnership = Partnership.objects.get(members__agglomeration__slug="opole")
    olomouc = Agglomeration.objects.get(slug="olomouc")
    expected = get_comparison(partnership, as_of=AS_OF, reader=olomouc)
    assert [side.agglomeration.slug for side in expected.compared] == ["olomouc", "opole"]

    # Given Olomouc's manager on the comparison (Porovnání), in Czech
    manager = start(new_page, base, "olomouc-manager", "cs")
    open_comparison(manager, "olomouc", "cs")
    # When they type the as-of day the Czech way and show it
    type_date(manager.get_by_label(tr("cs", "As of"), exact=True), AS_OF)
    manager.get_by_role("button", name=tr("cs", "Show"), exact=True).click()
    expect(manager).to_have_url(re.compile(r"as_of=2025-09-30"))
    expect(manager.locator("main p[role=status]").first).to_contain_text(
        render("cs", '{{ v|date:"SHORT_DATE_FORMAT" }}', v=AS_OF)
    )

    # Then each side shows its own office's rate of that month, with its day and source
    for side in expected.compared:
        row = members_row(manager, "cs", side.agglomeration.slug)
        assert side.strategy is not None
        with translation.override("cs"):
            strategy_name = str(side.strategy.name)
        expect(row).to_contain_text(strategy_name)
        for rate in side.known_rates:
            expect(row).to_contain_text(
                f"1 EUR = {render('cs', '{{ v|quantity }}', v=rate.units_per_eur)} {rate.currency}"
            )
            day = render("cs", '{{ v|date:"SHORT_DATE_FORMAT" }}', v=rate.valid_from)
            expect(row).to_contain_text(day)
            assert rate.valid_from <= AS_OF and rate.valid_from.month == AS_OF.month
        assert {rate.currency for rate in side.known_rates} == {
            "olomouc": {"CZK"},
            "opole": {"PLN"},
        }[side.agglomeration.slug]
    # and both sides' money in EUR per stage, as the query computes it
    table = money_table(manager, "cs")
    for stage in ("allocation", "contracted"):
        with translation.override("cs"):
            label = str(STAGE_LABELS[stage])
        row = table.get_by_role("row").filter(has=manager.get_by_role("rowheader", name=label))
        for side in expected.compared:
            eur = side.eur[stage]
            assert eur is not None
            expect(row).to_contain_text(f"{render('cs', '{{ v|money }}', v=eur)} EUR")
    expect(table).not_to_contain_text(tr("cs", "EUR unknown (no rate)"))
    # and the charts drawn, each with its table
    for chart in ("totals", "per-capita", "objectives", "themes"):
        expect(manager.locator(f"#chart-{chart} svg.main-svg").first).to_be_visible()
    expect(manager.locator("section.chart-panel table")).not_to_have_count(0)

    # Given Opole's manager on the same comparison, in Polish: Olomouc's figures are shown
    partner = start(new_page, base, "opole-manager", "pl")
    open_comparison(partner, "opole", "pl")
    expect(money_table(partner, "pl").locator("thead")).to_contain_text(name_of("olomouc", "pl"))

    # When Olomouc's manager unticks Olomouc's dashboard on "What we share"
    manager.get_by_role("link", name=partnership.name.localized("cs"), exact=True).click()
    manager.get_by_role("link", name=tr("cs", "What each side shares"), exact=True).click()
    expect(manager.get_by_role("heading", level=1)).to_have_text(tr("cs", "What we share"))
    dashboards = manager.get_by_role(
        "group", name=tr("cs", "Monitoring dashboards (the money funnel and the indicators)")
    )
    ticked = dashboards.get_by_role("checkbox")
    expect(ticked).not_to_have_count(0)
    shared = set(shared_strategy_ids(partnership, olomouc, kind=ShareKind.DASHBOARD))
    assert shared
    for box in ticked.all():
        box.uncheck()
    manager.get_by_role("button", name=tr("cs", "Save what we share")).click()
    expect_message(manager, tr("cs", "What you share with the partnership is saved."))
    expect(dashboards.get_by_role("checkbox").first).not_to_be_checked()
    assert not PartnershipShare.objects.filter(
        partnership=partnership, agglomeration=olomouc, kind=ShareKind.DASHBOARD
    ).exists()

    # Then Opole's comparison says Olomouc shares no dashboard and shows none of its figures
    partner.reload()
    withheld = members_row(partner, "pl", "olomouc")
    expect(withheld).to_contain_text(
        tr("pl", "Shares no strategy's dashboard with this partnership.")
    )
    expect(withheld).not_to_contain_text("1 EUR =")
    expect(money_table(partner, "pl").locator("thead")).not_to_contain_text(
        name_of("olomouc", "pl")
    )
    expect(money_table(partner, "pl").locator("thead")).to_contain_text(name_of("opole", "pl"))

    # When Olomouc's manager ticks it back, Then Opole reads Olomouc's figures again
    for box in dashboards.get_by_role("checkbox").all():
        box.check()
    manager.get_by_role("button", name=tr("cs", "Save what we share")).click()
    expect_message(manager, tr("cs", "What you share with the partnership is saved."))
    assert set(shared_strategy_ids(partnership, olomouc, kind=ShareKind.DASHBOARD)) == shared
    partner.reload()
    expect(money_table(partner, "pl").locator("thead")).to_contain_text(name_of("olomouc", "pl"))
    expect(members_row(partner, "pl", "olomouc")).to_contain_text("1 EUR =")
