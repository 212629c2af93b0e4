"""Monitoring in the browser: the manager imports a list of operations, links an operation by
hand, sees a broken list refused whole, filters the dashboard in place, downloads a chart's
figures and sets the type of intervention of an objective.

The demo data set is loaded first (`load_demo`); tasks run immediately in the test settings, so
an upload lands on its result page at once.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

AGGLOMERATION = "Olomouc agglomeration"
FIXTURE = Path(__file__).parents[2] / "aglomera/monitoring/tests/data/cz_2014.csv"
# The three operations of the fixture; the demo has no intention with their numbers.
CYCLE_PATH = "CZ.06.2.56/0.0/0.0/16_043/0001234"
KINDERGARTEN = "CZ.02.1.01/0.0/0.0/16_019/0000068"
GUARANTEES = "CZ.03.1.48/0.0/0.0/15_004/0000004"
# A list with an ambiguous amount (a thousand, or one and a bit?) on its first data row.
BROKEN_NUMBER = "CZ.06.2.56/0.0/0.0/16_043/0009999"
BROKEN_CSV = (
    "Registrační číslo projektu,Název projektu CZ,Žadatel,Kód stavu,Název stavu,Číslo výzvy,"
    "Název výzvy,Operační program,CZV projektu,Příspěvek EU\n"
    f"{BROKEN_NUMBER},Lávka přes Moravu,Statutární město Olomouc,PP37,"
    "Projekt v plné (fyzické i finanční) realizaci,06_16_043,ITI Olomouc – cyklodoprava,06,"
    '"2 000 000,00",12.345\n'
)


@pytest.fixture
def demo(db: Any) -> None:
    call_command("load_demo", verbosity=0)


def open_section(page: Page, section: str) -> None:
    """From anywhere with the agglomeration's section menu, or from the dashboard."""
    subnav = page.locator("nav.subnav")
    if not subnav.count():
        page.get_by_role("link", name=AGGLOMERATION, exact=True).first.click()
    subnav.get_by_role("link", name=section, exact=True).click()


def expect_message(page: Page, text: str) -> None:
    expect(page.locator("ul.messages[role=status]")).to_contain_text(text)


def upload(page: Page, path: Path, source: str, as_of: str, *, dry_run: bool = False) -> None:
    form = page.get_by_role("region", name="Upload a list")
    if dry_run:
        form.get_by_label("Dry run: check the file and report, write nothing").check()
    form.get_by_label("List of operations", exact=True).set_input_files(path)
    form.get_by_label("Layout", exact=True).select_option(
        label="Czech list of operations 2014-2020"
    )
    form.get_by_label("Source", exact=True).fill(source)
    form.get_by_label("Data as of", exact=True).fill(as_of)
    form.get_by_role("button", name="Import", exact=True).click()


def unmatched_heading(page: Page) -> Locator:
    return page.get_by_role("heading", name=re.compile(r"^Operations without an intention"))


def unmatched_count(page: Page) -> int:
    match = re.search(r"\((\d+)\)", unmatched_heading(page).inner_text())
    assert match, unmatched_heading(page).inner_text()
    return int(match.group(1))


def import_the_list_and_link_by_hand(page: Page) -> int:
    # Given the imports page of the agglomeration
    open_section(page, "Imports")
    expect(page.get_by_role("heading", level=1)).to_have_text("Imports of operations")
    # When the manager tries the Czech 2014-2020 list in a dry run
    upload(page, FIXTURE, "ŘO OP 2014-2020", "2023-12-31", dry_run=True)
    # Then none of its three operations is the agglomeration's: they are counted outside
    scope = page.get_by_role("region", name="Inside and outside the agglomeration")
    expect(scope).to_contain_text("0 rows are the agglomeration's")
    expect(scope).to_contain_text("3 rows are outside it")
    # When the manager says this list is an extract for the agglomeration (a rule for it)
    scope.get_by_role("link", name="Which operations are ours").click()
    rule = page.get_by_role("region", name="Add a rule")
    rule.get_by_label("Only in the list", exact=True).select_option(label="ŘO OP 2014-2020")
    rule.get_by_label("Why", exact=True).fill("Výřez ŘO pro ITI")
    rule.get_by_role("button", name="Add the rule").click()
    expect_message(page, "The rule is saved; it applies from the next import.")
    expect(page.get_by_role("row").filter(has_text="Výřez ŘO pro ITI")).to_have_count(1)
    # And uploads the list for real
    open_section(page, "Imports")
    upload(page, FIXTURE, "ŘO OP 2014-2020", "2023-12-31")
    # Then the import has run and its result shows the counts
    expect(page.get_by_role("heading", level=1)).to_have_text("Import result: cz_2014.csv")
    expect(page).to_have_url(re.compile(r"/monitoring/imports/\d+/result/$"))
    expect(page.locator("main .status")).to_have_text("Imported")
    counts = page.get_by_role("region", name="Operations", exact=True)
    expect(counts.get_by_role("columnheader")).to_have_text(
        ["Rows", "Created", "Updated", "Unchanged"]
    )
    expect(counts.locator("tbody td")).to_have_text(["3", "3", "0", "0"])
    # And the three operations are listed as without an intention
    unmatched = page.get_by_role("region", name=re.compile(r"^Operations without an intention"))
    for number in (CYCLE_PATH, KINDERGARTEN, GUARANTEES):
        expect(unmatched.get_by_role("row").filter(has_text=number)).to_have_count(1)
    before = unmatched_count(page)
    # When the manager links the kindergarten to an intention by hand
    row = unmatched.get_by_role("row").filter(has_text=KINDERGARTEN)
    choice = row.get_by_label("Intention", exact=True)
    intention = choice.locator("option").nth(1).inner_text()
    choice.select_option(label=intention)
    row.get_by_role("button", name="Link", exact=True).click()
    # Then it is no longer listed, and the others still are
    expect_message(page, f"Operation {KINDERGARTEN} is linked to the intention.")
    expect(page).to_have_url(re.compile(r"/result/#unmatched$"))
    expect(unmatched_heading(page)).to_have_text(f"Operations without an intention ({before - 1})")
    expect(unmatched.get_by_role("row").filter(has_text=KINDERGARTEN)).to_have_count(0)
    expect(unmatched.get_by_role("row").filter(has_text=CYCLE_PATH)).to_have_count(1)
    # And the intention is no longer offered for linking
    expect(
        unmatched.get_by_role("row")
        .filter(has_text=CYCLE_PATH)
        .locator("option", has_text=intention)
    ).to_have_count(0)
    return before - 1


def a_broken_list_is_refused_whole(page: Page, tmp_path: Path, unmatched: int) -> None:
    broken = tmp_path / "broken.csv"
    broken.write_text(BROKEN_CSV, encoding="utf-8")
    # Given the imports page
    page.get_by_role("link", name="← Imports of operations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Imports of operations")
    # When the manager uploads a list with an ambiguous amount
    upload(page, broken, "ŘO OP 2014-2020", "2024-01-31")
    # Then the import failed, naming the row, the column and the reason
    expect(page.get_by_role("heading", level=1)).to_have_text("Import result: broken.csv")
    expect(page.locator("main .status")).to_have_text("Refused")
    expect(page.get_by_role("alert")).to_have_text(
        "1 of 1 rows are refused; nothing was imported. Correct them and upload the file again."
    )
    refused = page.get_by_role("region", name="Refused rows", exact=True)
    expect(refused.get_by_role("columnheader")).to_have_text(["Row", "Column", "Reason"])
    expect(refused.locator("tbody tr")).to_have_count(1)
    cells = refused.locator("tbody tr td")
    expect(cells.nth(0)).to_have_text("2")  # the line of the file, after the header
    expect(cells.nth(1)).to_have_text("Příspěvek EU")
    expect(cells.nth(2)).to_contain_text("“12.345” is ambiguous")
    # And no operation is listed, nothing was written
    expect(page.get_by_role("region", name="Operations", exact=True)).to_have_count(0)
    expect(unmatched_heading(page)).to_have_count(0)
    page.get_by_role("link", name="← Imports of operations").click()
    latest = page.get_by_role("row").filter(has_text="broken.csv")
    expect(latest.get_by_role("cell")).to_have_count(10)
    expect(latest.get_by_role("cell").nth(3)).to_have_text("Refused")
    expect(latest.get_by_role("cell").nth(5)).to_have_text("0")  # created
    # And the earlier result (the import after the dry run) still counts the same operations
    # without an intention
    page.get_by_role("link", name="cz_2014.csv", exact=True).first.click()
    expect(unmatched_heading(page)).to_have_text(f"Operations without an intention ({unmatched})")
    expect(page.get_by_role("row").filter(has_text=BROKEN_NUMBER)).to_have_count(0)


def the_dashboard_filters_in_place(page: Page) -> None:
    # Given the monitoring dashboard with its funnel drawn
    open_section(page, "Monitoring")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Monitoring")
    funnel = page.locator("#chart-funnel")
    expect(funnel.locator("svg.main-svg").first).to_be_visible()
    # And its table on demand, under the chart
    section = page.get_by_role("region", name="Money funnel", exact=True)
    table = section.locator("table")
    expect(table).to_be_hidden()
    section.get_by_text("Show the table", exact=True).click()
    expect(table).to_be_visible()
    before = table.locator("tbody").inner_text()
    # A full page load would drop this marker; an htmx swap keeps it.
    page.evaluate("window.__noReload = true")
    # When the manager picks one measure
    measure = page.get_by_label("Measure", exact=True)
    option = measure.locator("option").nth(1)
    code = option.get_attribute("value")
    assert code
    measure.select_option(code)
    # Then the URL carries the filter and the results are swapped in place, the chart redrawn
    expect(page).to_have_url(re.compile(rf"measure={re.escape(code)}"))
    expect(table.locator("tbody")).not_to_have_text(before)
    expect(table).to_be_visible()  # the table opened stays open
    rows = table.locator("tbody th[scope=row]")
    expect(rows.first).to_contain_text(code)
    for index in range(rows.count()):
        expect(rows.nth(index).locator(".code")).to_have_text(code)
    expect(page.locator("#chart-funnel svg.main-svg").first).to_be_visible()
    assert page.evaluate("window.__noReload") is True, "the page was reloaded"
    # When the manager downloads the funnel as CSV
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the funnel as CSV").click()
    download = download_info.value
    # Then the file has the header line and only the chosen measure
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    records = list(csv.reader(io.StringIO(text)))
    assert records[0][:7] == [
        "Measure",
        "Measure name",
        "Programme",
        "Programme specific objective",
        "Fund",
        "Currency",
        "Allocation",
    ], text
    measures = [r[0] for r in records[1:] if not r[0].startswith("Total")]
    assert measures == [code] * rows.count(), records
    assert re.fullmatch(r"olomouc-funnel-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)


def the_type_of_intervention_is_changed(page: Page) -> None:
    # Given the types of intervention of the strategy's objectives
    open_section(page, "Types of intervention")
    expect(page.get_by_role("heading", level=1)).to_have_text("Types of intervention")
    choice = page.get_by_label("Type of intervention of RSO 4.2", exact=True)
    expect(choice).to_have_value("122")
    # When the manager chooses another code and saves
    choice.select_option("121")
    page.get_by_role("row").filter(has=choice).get_by_role("button", name="Save").click()
    # Then the change is confirmed and kept after a reload
    expect_message(page, "The type of intervention is saved.")
    page.reload()
    choice = page.get_by_label("Type of intervention of RSO 4.2", exact=True)
    expect(choice).to_have_value("121")
    expect(page.get_by_role("row").filter(has=choice).locator("strong")).to_have_text("121")


def test_a_manager_imports_operations_and_monitors_the_strategy(
    page: Page, live_server: Any, demo: None, tmp_path: Path
) -> None:
    # Given the Olomouc manager logged in (in English)
    log_in(page, live_server.url, "olomouc-manager", "demo12345")
    # 1. A Czech 2014-2020 list is imported; one unmatched operation is linked by hand.
    unmatched = import_the_list_and_link_by_hand(page)
    # 2. A list with an ambiguous amount is refused whole, with the row, column and reason.
    a_broken_list_is_refused_whole(page, tmp_path, unmatched)
    # 3. The dashboard draws the funnel, filters in place and gives the funnel as CSV.
    the_dashboard_filters_in_place(page)
    # 4. The type of intervention of an objective is changed and kept.
    the_type_of_intervention_is_changed(page)
