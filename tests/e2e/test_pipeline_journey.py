"""The pipeline in the browser: applicant submits -> coordinator returns -> applicant resubmits ->
coordinator assigns a reviewer -> working group recommends -> committee votes per rollam -> the
statement PDF shows its number.

Only configuration is created in Python (agglomeration, users with roles, an approved strategy,
an announced call open now with criteria and a checklist, the applicant's organisation, the
steering committee); every step of the workflow is taken through the pages, each user in a
browser context of their own. The applicant works in Czech: labels are looked up in the Czech
catalogue at run time, so the test follows the translators' wording.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone, translation
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from aglomera.calls.models import Call, Criterion, FormalCheckItem
from aglomera.committee.tests.world import CommitteeWorld
from aglomera.intentions.tests import samples
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.strategy.tests.builders import make_indicator
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "pw-123456"  # the test worlds' password
PROJECT = "Mateřská škola Za Mlýnem"
AGGLOMERATION_EN = "Olomouc agglomeration"
AGGLOMERATION_CS = "Olomoucká aglomerace"
# A small but genuine PDF: uploads are checked as whole documents.
ATTACHMENT = samples.pdf()


def cs(text: str) -> str:
    """The Czech wording of a message, as the server renders it (same process, same catalogue)."""
    with translation.override("cs"):
        return translation.gettext(text)


class Journey:
    """The configuration of the journey, and a page per logged-in user."""

    def __init__(self, base: str, new_page: Callable[[], Page]) -> None:
        self.base = base
        self.new_page = new_page
        self.now = timezone.now()
        self.world = PipelineWorld.create()
        # The builders' call has a fixed 2025 window; this one is open now, for ten more days.
        Call.objects.filter(pk=self.world.call.pk).update(
            opens_at=self.now - timedelta(days=1), closes_at=self.now + timedelta(days=10)
        )
        self.committee = CommitteeWorld.create(self.world)
        self.indicator = make_indicator("T-MS-MISTA", name={"cs": "Nová místa v MŠ"}, unit="místa")
        call = Call.objects.get(pk=self.world.call.pk)
        self.call_name = str(call.name)
        # Read back from the database: names and texts as the pages show them.
        self.checklist = list(FormalCheckItem.objects.filter(call=call).order_by("order"))
        self.criteria = list(Criterion.objects.filter(call=call).order_by("order"))

    def user_page(self, username: str, language: str = "en") -> Page:
        page = self.new_page()
        log_in(page, self.base, username, PASSWORD, language)
        expect(page.locator("html")).to_have_attribute("lang", language)
        return page


def open_section(page: Page, agglomeration: str, section: str) -> None:
    """From the dashboard: the agglomeration, then one of its sections."""
    page.get_by_role("link", name=agglomeration, exact=True).first.click()
    page.locator("nav.subnav").get_by_role("link", name=section, exact=True).click()


def expect_message(page: Page, text: str) -> None:
    expect(page.get_by_role("status")).to_contain_text(text)


def expect_czech(page: Page) -> None:
    assert cs("Log out") != "Log out", "the Czech catalogue is not loaded"
    expect(page.locator("html")).to_have_attribute("lang", "cs")
    expect(page.get_by_role("button", name=cs("Log out"))).to_be_visible()


# --- the applicant ----------------------------------------------------------------------------


def fill_intention(page: Page, journey: Journey) -> None:
    label = page.get_by_label
    page.locator("#id_name_0").fill(PROJECT)  # the Czech text of the name
    page.locator("#id_activities_0").fill("Přístavba dvou tříd mateřské školy.")
    label(journey.world.other_org.name).check()
    label(cs("Start"), exact=True).fill("2027-03-01")
    label(cs("End"), exact=True).fill("2028-08-31")
    label(cs("Total cost"), exact=True).fill("24000000")
    label(cs("Eligible cost"), exact=True).fill("20000000")
    label(cs("Requested EU support"), exact=True).fill("15000000")
    label(cs("Requested national support"), exact=True).fill("1000000")
    label(cs("Building permit"), exact=True).select_option("obtained")
    label(cs("Land ownership"), exact=True).select_option("owned")
    page.locator("#id_indicators-0-indicator").select_option(str(journey.indicator.pk))
    page.locator("#id_indicators-0-committed_value").fill("48")
    label(cs("Other attachment"), exact=True).set_input_files(
        {"name": "zamer.pdf", "mimeType": "application/pdf", "buffer": ATTACHMENT}
    )


def applicant_submits(journey: Journey) -> tuple[Page, str]:
    page = journey.user_page("olomouc-applicant", "cs")
    expect_czech(page)
    open_section(page, AGGLOMERATION_CS, cs("Project intentions"))
    page.get_by_role("link", name=cs("New intention"), exact=True).click()
    page.get_by_role("row", name=journey.call_name).get_by_role(
        "link", name=cs("Fill in an intention")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(cs("New intention"))
    fill_intention(page, journey)
    page.get_by_role("button", name=cs("Save the draft")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PROJECT)
    expect_message(
        page, cs("The draft is saved. Submit it before the deadline when it is complete.")
    )
    expect(page.get_by_role("link", name="zamer.pdf", exact=True)).to_be_visible()
    page.get_by_role("button", name=cs("Submit"), exact=True).click()
    expect_message(page, cs("The intention is submitted."))
    expect_czech(page)
    match = re.search(r"/intentions/(\d+)/$", page.url)
    assert match, page.url
    return page, match.group(1)


def applicant_resubmits(page: Page, comment: str) -> None:
    page.reload()
    expect_czech(page)
    returned = page.get_by_role("region", name=cs("Returned for completion: what to fix"))
    expect(returned).to_contain_text(comment)
    page.get_by_role("link", name=cs("Edit"), exact=True).click()
    page.locator("#id_activities_0").fill(
        "Přístavba dvou tříd mateřské školy; plná moc starosty je přiložena."
    )
    page.get_by_role("button", name=cs("Save the draft")).click()
    expect_message(page, cs("Your changes are saved."))
    page.get_by_role("button", name=cs("Resubmit"), exact=True).click()
    expect_message(page, cs("The intention is submitted."))
    expect(page.locator(".badge.status-submitted")).to_be_visible()


# --- the strategy office and the working group ------------------------------------------------


def open_evaluation(page: Page, journey: Journey) -> None:
    open_section(page, AGGLOMERATION_EN, "Evaluation")
    page.get_by_role("link", name=f"{journey.world.call.number} {journey.call_name}").click()
    page.get_by_role("link", name=PROJECT).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PROJECT)


def record_checklist(page: Page, journey: Journey, results: list[tuple[str, str]]) -> None:
    for item, (result, note) in zip(journey.checklist, results, strict=True):
        page.get_by_label(str(item.text), exact=True).select_option(result)
        page.locator(f"#id_note_{item.pk}").fill(note)
    page.get_by_role("button", name="Save the checklist").click()
    expect_message(page, "The formal check is recorded.")


def coordinator_returns(journey: Journey, comment: str) -> Page:
    page = journey.user_page("olomouc-coordinator")
    open_evaluation(page, journey)
    expect(page.locator(".badge.status-submitted")).to_be_visible()
    record_checklist(page, journey, [("yes", ""), ("no", "Chybí plná moc starosty.")])
    page.get_by_label("What the applicant must complete").fill(comment)
    page.get_by_role("button", name="Return for completion").click()
    expect_message(page, "The intention is returned to the applicant.")
    expect(page.locator(".badge.status-returned")).to_be_visible()
    return page


def coordinator_passes(page: Page, journey: Journey) -> None:
    page.reload()
    expect(page.locator(".badge.status-submitted")).to_be_visible()
    record_checklist(page, journey, [("yes", ""), ("yes", "Plná moc doložena.")])
    expect(page.get_by_text("Every item is fulfilled.")).to_be_visible()
    page.get_by_role("button", name="Pass the formal check").click()
    expect_message(page, "The intention passed the formal check.")
    expect(page.locator(".badge.status-formal_check_passed")).to_be_visible()


def coordinator_assigns_the_working_group(page: Page) -> None:
    """The coordinator asks the working-group member to review the intention within two weeks
    (the date typed the ISO way: Playwright fills an <input type=date> with its value)."""
    due = timezone.localdate() + timedelta(days=14)
    page.get_by_label("Working-group member", exact=True).select_option(
        label="olomouc-working_group"
    )
    page.get_by_label("Review due by", exact=True).fill(due.isoformat())
    page.get_by_role("button", name="Assign", exact=True).click()
    expect_message(
        page, f"olomouc-working_group is assigned to review this intention by {due.isoformat()}."
    )
    expect(page.get_by_role("row").filter(has_text="olomouc-working_group")).to_contain_text(
        "not submitted yet"
    )


def working_group_reviews(journey: Journey) -> None:
    page = journey.user_page("olomouc-working_group")
    open_evaluation(page, journey)
    page.get_by_role("link", name="Review this intention").click()
    gate, readiness, efficiency = journey.criteria
    page.get_by_label(str(gate.name), exact=True).select_option("yes")
    page.get_by_label(str(readiness.name), exact=True).fill("8")
    page.get_by_label(str(efficiency.name), exact=True).fill("7")
    page.get_by_label("Recommendation", exact=True).select_option("recommend")
    page.get_by_label("Comment", exact=True).fill("Připravený projekt, pozemek ve vlastnictví.")
    page.get_by_role("button", name="Submit my review").click()
    expect_message(page, "Your review is saved.")
    expect(page.get_by_text("Proposal: recommended.")).to_be_visible()


def coordinator_recommends(page: Page) -> None:
    page.reload()
    expect(page.get_by_text("Proposal: recommended.")).to_be_visible()
    page.get_by_label("recommended", exact=True).check()
    page.get_by_label("Note (optional)").fill("Doporučeno pracovní skupinou.")
    page.get_by_role("button", name="Record the recommendation").click()
    expect_message(page, "The working group's recommendation is recorded.")
    expect(page.locator(".badge.status-recommended")).to_be_visible()


# --- the steering committee -------------------------------------------------------------------


def manager_prepares_vote(journey: Journey) -> Page:
    page = journey.user_page("olomouc-manager")
    open_section(page, AGGLOMERATION_EN, "Meetings")
    page.get_by_role("link", name="Plan a meeting").click()
    page.get_by_label("Form of the meeting").select_option("per_rollam")
    # The window opened yesterday (server time zone), so it is open whatever the clock says.
    opens = timezone.localtime(journey.now - timedelta(days=1))
    page.get_by_label("Starts (for a written vote: the voting opens)").fill(
        opens.strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_label("Voting window in days (written vote)").fill("5")
    page.get_by_role("button", name="Save").click()
    expect_message(page, "The meeting is planned. Put items on its agenda.")
    page.locator("#id_title_0").fill("Výzva 2: záměry ke schválení")
    page.get_by_label("Decides on").select_option("call_intentions")
    page.get_by_label("Call whose project intentions are decided").select_option(
        str(journey.world.call.pk)
    )
    page.get_by_label("Proposed resolution").fill("Řídicí výbor schvaluje soulad záměrů výzvy 2.")
    page.get_by_role("button", name="Add to the agenda").click()
    expect_message(page, "The item is on the agenda.")
    page.get_by_role("link", name="1 proposed decision").click()
    page.get_by_label(f"{PROJECT} ({journey.world.applicant_org.name})").select_option("compliant")
    page.get_by_role("button", name="Save").click()
    expect_message(page, "The proposed decisions are saved.")
    page.get_by_role("link", name="Back to the meeting").click()
    expect(page.get_by_role("cell", name="compliant", exact=True)).to_be_visible()
    page.get_by_role("button", name="Open the voting").click()
    expect_message(page, "The meeting status is changed.")
    expect(page.get_by_text("Voting open", exact=True)).to_be_visible()
    return page


def member_votes_for(journey: Journey, username: str) -> None:
    page = journey.user_page(username)
    open_section(page, AGGLOMERATION_EN, "Meetings")
    page.get_by_role("link", name="1/2021-2027").click()
    page.get_by_role("button", name="For", exact=True).click()
    # the choice is confirmed on its own page, which names the item and the choice
    expect(page.get_by_role("heading", name="Confirm your vote")).to_be_visible()
    page.get_by_role("button", name="Confirm the vote: for").click()
    expect_message(page, "The vote is recorded:")
    expect(page.get_by_text(f"Vote of {username}: for.")).to_be_visible()


def manager_decides(page: Page) -> str:
    page.reload()
    expect(page.get_by_text("Votes so far: for 2, against 0, abstained 0")).to_be_visible()
    meeting_url = page.url
    # Not every member has voted, so the written vote closes before its window ends only as the
    # statute allows: the manager sets that in the statute, then closes with a reason
    open_section(page, AGGLOMERATION_EN, "Meetings")
    page.get_by_role("link", name="Edit the statute").click()
    page.get_by_label("A written vote may close before its window ends").check()
    page.get_by_role("button", name="Save").click()
    page.goto(meeting_url)
    page.get_by_label("Why close before the window ends").fill("The majority is reached")
    page.get_by_role("button", name="Close the voting").click()
    expect_message(page, "The meeting status is changed.")
    page.get_by_role("button", name="Decide the item").click()
    expect_message(page, "The item is decided; its resolution is recorded.")
    resolution = page.get_by_text(re.compile(r"Resolution \d+/\d{4}"))
    expect(resolution).to_be_visible()
    # Přerov's member (the applicant) and the university's (a project partner) are recused
    expect(resolution.locator("xpath=..")).to_contain_text(
        "adopted (for 2, against 0, abstained 0, recused 2)"
    )
    expect(page.get_by_role("cell", name="University (represents Univerzita")).to_be_visible()
    match = re.search(r"Resolution (\d+/\d{4})", resolution.inner_text())
    assert match
    return match.group(1)


# --- the statement ----------------------------------------------------------------------------


def applicant_downloads_statement(page: Page, base: str, pk: str, resolution: str) -> None:
    # The intention's page does not link to its statements yet: open them by their address.
    page.goto(f"{base}/cs/app/olomouc/intentions/{pk}/statements/")
    expect_czech(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(cs("Compliance statements"))
    expect(page.locator(".badge.status-statement_issued")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=resolution)
    expect(row).to_have_count(1)
    evidence = row.get_by_role("cell").first.inner_text().strip()
    assert evidence, "the statement has no evidence number"
    with page.expect_download() as download_info:
        row.get_by_role("link", name=f"PDF {evidence}").click()
    download = download_info.value
    body = Path(download.path()).read_bytes()
    assert body.startswith(b"%PDF")
    text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(body)).pages)
    assert evidence in text, text
    assert download.suggested_filename == evidence.replace("/", "-") + ".pdf"


def test_an_intention_goes_from_submission_to_a_compliance_statement(
    new_page: Callable[[], Page], live_server: Any
) -> None:
    # (the attachment goes to this test's own private storage folder: conftest.private_root)
    base = live_server.url
    journey = Journey(base, new_page)
    comment = "Doplňte plnou moc starosty k podpisu záměru."

    # 1. The applicant fills in an intention for the open call, saves it and submits it.
    applicant, pk = applicant_submits(journey)
    # 2. The coordinator records the formal check and returns it with a comment.
    coordinator = coordinator_returns(journey, comment)
    # 3. The applicant reads the comment, edits and resubmits.
    applicant_resubmits(applicant, comment)
    # 4. The formal check passes, the coordinator assigns the working group's member, who
    #    reviews; the recommendation is recorded.
    coordinator_passes(coordinator, journey)
    coordinator_assigns_the_working_group(coordinator)
    working_group_reviews(journey)
    coordinator_recommends(coordinator)
    # 5. Per rollam: the manager puts the call on the agenda, members vote, the item is decided.
    manager = manager_prepares_vote(journey)
    member_votes_for(journey, "olomouc-committee")
    member_votes_for(journey, "plain")
    resolution = manager_decides(manager)
    # 6. The compliance statement is issued; its PDF carries the evidence number shown.
    applicant_downloads_statement(applicant, base, pk, resolution)
