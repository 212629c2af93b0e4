"""A journey per role in Czech and Polish, each starting from the person's to-do list on the
start page: the applicant finishes and submits a draft, the coordinator passes a formal check,
the working group reviews, a committee member votes (with the confirmation step) and the
manager types a date and an amount of money on the early-warning and tranche pages.

The demo data set is loaded first (`load_demo`); each browser runs in the person's locale
(cs-CZ, pl-PL). Dates are typed digit by digit into `<input type=date>` and money in the local
format ("1 250 000,50"); what the server keeps is checked where the page shows it back.
Labels are looked up in the catalogues at run time (`tr`), so the test follows the translators.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from playwright.sync_api import Locator, Page, expect

from aglomera.accounts.models import User
from aglomera.agglomerations.queries.todo import Kind, kind_label
from aglomera.calls import transitions as call_transitions
from aglomera.calls.models import Call, CallStatus, Criterion, CriterionKind, FormalCheckItem
from aglomera.committee.models import CommitteeMember, Meeting, MeetingStatus
from aglomera.intentions import transitions
from aglomera.intentions.models import IntentionStatus, ProjectIntention
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "demo12345"
LOCALES = {"cs": "cs-CZ", "pl": "pl-PL"}
NewPage = Callable[..., Page]


@pytest.fixture
def demo(db: Any) -> None:
    call_command("load_demo", verbosity=0)


def tr(language: str, text: str) -> str:
    """The wording of a message in `language`, as the server renders it (same catalogue)."""
    with translation.override(language):
        translated = translation.gettext(text)
    assert translated != text, f"no {language} translation of {text!r}"
    return translated


def start(new_page: NewPage, base: str, username: str, language: str) -> Page:
    """The start page of `username` in `language`, in a browser of the language's locale."""
    page = new_page(locale=LOCALES[language])
    log_in(page, base, username, PASSWORD, language)
    expect(page.locator("html")).to_have_attribute("lang", language)
    return page


def todo_item(page: Page, language: str, kind: str, title: str) -> Locator:
    """The item of the start page's to-do list of that kind and title."""
    todo = page.get_by_role("region", name=tr(language, "What waits for you"))
    with translation.override(language):
        label = kind_label(kind)
    item = todo.get_by_role("listitem").filter(has_text=label).filter(has_text=title)
    expect(item).to_have_count(1)
    return item


def follow(page: Page, language: str, kind: str, title: str) -> None:
    todo_item(page, language, kind, title).get_by_role("link", name=title, exact=True).click()


def field_order(field: Locator) -> str:
    """The order in which the browser's date field takes the digits, "dmy" or "mdy", found by
    typing a probe date: a Czech or Polish Chromium asks day, month, year; one without its
    Czech and Polish locale files (Debian's `chromium` without `chromium-l10n`) asks month
    first in every locale (see conftest._launch)."""
    field.focus()
    field.page.keyboard.type("01022003")
    value = field.input_value()
    field.fill("")
    field.evaluate("element => element.blur()")
    assert value in ("2003-02-01", "2003-01-02"), value
    return "dmy" if value == "2003-02-01" else "mdy"


def type_date(field: Locator, day: date) -> None:
    """Type a date's digits into `<input type=date>` as a person reads the field."""
    order = field_order(field)
    digits = day.strftime("%d%m%Y" if order == "dmy" else "%m%d%Y")
    field.focus()
    field.page.keyboard.type(digits)
    expect(field).to_have_value(day.isoformat())


def type_amount(field: Locator, text: str) -> None:
    field.fill("")
    field.press_sequentially(text)


def expect_message(page: Page, text: str) -> None:
    expect(page.locator("ul.messages[role=status]")).to_contain_text(text)


# --- applicant (Czech) ----------------------------------------------------------------------


def test_an_applicant_finishes_the_draft_from_the_todo_list_in_czech(
    new_page: NewPage, live_server: Any, demo: None
) -> None:
    draft = ProjectIntention.objects.get(
        status=IntentionStatus.DRAFT, call__agglomeration__slug="olomouc"
    )
    name = str(draft.name)
    # Given the applicant on the start page, with the draft waiting there
    page = start(new_page, live_server.url, "olomouc-applicant", "cs")
    follow(page, "cs", Kind.DRAFT, name)
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    # When they edit it, typing money the Czech way and the dates day first
    page.get_by_role("link", name=tr("cs", "Edit"), exact=True).click()
    type_date(page.get_by_label(tr("cs", "Start"), exact=True), date(2027, 5, 3))
    type_date(page.get_by_label(tr("cs", "End"), exact=True), date(2027, 11, 30))
    type_amount(page.get_by_label(tr("cs", "Requested EU support"), exact=True), "5 000 000")
    type_amount(
        page.get_by_label(tr("cs", "Requested national support"), exact=True), "1 250 000,50"
    )
    page.get_by_role("button", name=tr("cs", "Save the draft")).click()
    # Then the amounts and dates are shown back in Czech
    expect_message(page, tr("cs", "Your changes are saved."))
    facts = page.locator("main")
    expect(facts).to_contain_text("1 250 000,50 CZK")
    expect(facts).to_contain_text("5 000 000,00 CZK")
    expect(facts).to_contain_text("3. 5. 2027 – 30. 11. 2027")
    # And the draft is submitted, and leaves the to-do list
    page.get_by_role("button", name=tr("cs", "Submit"), exact=True).click()
    expect_message(page, tr("cs", "The intention is submitted."))
    draft.refresh_from_db()
    assert draft.status == IntentionStatus.SUBMITTED
    assert str(draft.requested_national) == "1250000.50"
    assert (draft.start_date, draft.end_date) == (date(2027, 5, 3), date(2027, 11, 30))
    page.goto(f"{live_server.url}/cs/app/")
    todo = page.get_by_role("region", name=tr("cs", "What waits for you"))
    expect(todo).not_to_contain_text(name)


# --- coordinator (Polish, Opole) ------------------------------------------------------------


def submitted_in_opole() -> ProjectIntention:
    """An intention of Politechnika Opolska submitted to a call open now (the demo has none
    waiting in Opole). The call copies the demo's 2024 call with its criteria and checklist and
    is announced, the intention submitted, through the workflow."""
    model = ProjectIntention.objects.filter(
        call__agglomeration__slug="opole", applicant__name="Politechnika Opolska"
    ).latest("pk")
    applicant = User.objects.get(username="opole-applicant")
    now = timezone.now()
    call = Call.objects.get(pk=model.call_id)
    rows: list[Criterion | FormalCheckItem] = [
        *Criterion.objects.filter(call=call),
        *FormalCheckItem.objects.filter(call=call),
    ]
    call.pk = None
    call._state.adding = True
    call.number = "FEOP.02.01-IZ.00-002/26"
    call.status = CallStatus.PLANNED
    call.opens_at, call.closes_at = now - timedelta(days=1), now + timedelta(days=20)
    call.save()
    for row in rows:
        row.pk = None
        row._state.adding = True
        row.call = call
        row.save()
    manager = User.objects.get(username="opole-manager")
    call = call_transitions.CALL.step(call, CallStatus.ANNOUNCED, actor=manager, now=now)
    intention = ProjectIntention.objects.create(
        call=call,
        applicant=model.applicant,
        name={"pl": "Termomodernizacja hali sportowej Politechniki Opolskiej"},
        measure_code=model.measure_code,
        start_date=model.start_date.replace(year=2027),
        end_date=model.end_date.replace(year=2028),
        total_cost=model.total_cost,
        eligible_cost=model.eligible_cost,
        requested_eu=model.requested_eu,
        created_by=applicant,
    )
    return transitions.INTENTION.step(
        intention, IntentionStatus.SUBMITTED, actor=applicant, reason="", now=now
    )


def test_a_coordinator_passes_the_formal_check_from_the_todo_list_in_polish(
    new_page: NewPage, live_server: Any, demo: None
) -> None:
    intention = submitted_in_opole()
    name = str(intention.name)
    with translation.override("pl"):
        checklist = [
            str(item.text)
            for item in FormalCheckItem.objects.filter(call=intention.call).order_by("order")
        ]
    assert checklist, "the demo call has no checklist"
    # Given the Opole coordinator on the start page, in Polish
    page = start(new_page, live_server.url, "opole-coordinator", "pl")
    follow(page, "pl", Kind.FORMAL_CHECK, name)
    # Then the evaluation page of the intention opens
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page).to_have_url(re.compile(rf"/pl/app/opole/evaluation/intentions/{intention.pk}/$"))
    # When every item of the checklist is fulfilled and the check passed
    for item in checklist:
        page.get_by_label(item, exact=True).select_option("yes")
    page.get_by_role("button", name=tr("pl", "Save the checklist")).click()
    expect_message(page, tr("pl", "The formal check is recorded."))
    expect(page.get_by_text(tr("pl", "Every item is fulfilled."))).to_be_visible()
    page.get_by_role("button", name=tr("pl", "Pass the formal check")).click()
    # Then the intention has passed, and the to-do item is now its recommendation
    expect_message(page, tr("pl", "The intention passed the formal check."))
    expect(page.locator(".badge.status-formal_check_passed")).to_be_visible()
    page.goto(f"{live_server.url}/pl/app/")
    todo_item(page, "pl", Kind.RECOMMENDATION, name)


# --- working group (Czech) ------------------------------------------------------------------


def test_a_working_group_member_reviews_from_the_todo_list_in_czech(
    new_page: NewPage, live_server: Any, demo: None
) -> None:
    intention = ProjectIntention.objects.get(
        call__agglomeration__slug="olomouc", status=IntentionStatus.FORMAL_CHECK_PASSED
    )
    name = str(intention.name)
    with translation.override("cs"):
        criteria = [
            (str(c.name), c.kind, c.max_points)
            for c in Criterion.objects.filter(call=intention.call).order_by("order")
        ]
    # Given the working-group member on the start page, with the review waiting
    page = start(new_page, live_server.url, "olomouc-working-group", "cs")
    follow(page, "cs", Kind.REVIEW, name)
    expect(page).to_have_url(re.compile(rf"/intentions/{intention.pk}/review/$"))
    # When they score every criterion, recommend it and submit
    for criterion, kind, max_points in criteria:
        field = page.get_by_label(criterion, exact=True)
        if kind == CriterionKind.GATE:
            field.select_option("yes")
        else:
            field.fill(str(max_points - 1))
    page.get_by_label(tr("cs", "Recommendation"), exact=True).select_option("recommend")
    page.get_by_label(tr("cs", "Comment"), exact=True).fill("Připravený projekt, doporučuji.")
    page.get_by_role("button", name=tr("cs", "Submit my review")).click()
    # Then the review is saved and the item leaves the to-do list
    expect_message(page, tr("cs", "Your review is saved."))
    page.goto(f"{live_server.url}/cs/app/")
    todo = page.get_by_role("region", name=tr("cs", "What waits for you"))
    expect(todo).not_to_contain_text(name)


# --- committee (Polish) ---------------------------------------------------------------------


def test_a_committee_member_votes_from_the_todo_list_in_polish(
    new_page: NewPage, live_server: Any, demo: None
) -> None:
    meeting = Meeting.objects.get(
        committee__agglomeration__slug="olomouc", status=MeetingStatus.VOTING
    )
    member = CommitteeMember.objects.get(
        committee=meeting.committee, user__username="olomouc-committee"
    )
    person = member.user.get_full_name()
    assert person
    with translation.override("pl"):
        title = translation.gettext("Meeting %(number)s/%(period)s") % {
            "number": meeting.number,
            "period": meeting.period,
        }
    # Given the committee member on the start page, in Polish, with the vote waiting
    page = start(new_page, live_server.url, "olomouc-committee", "pl")
    follow(page, "pl", Kind.VOTE, title)
    expect(page).to_have_url(re.compile(rf"/committee/meetings/{meeting.pk}/$"))
    # When they choose "Za" on the first item
    item = page.locator("section.card").filter(has=page.locator("h3[id^=item-]")).first
    item.get_by_role("button", name=tr("pl", "For"), exact=True).click()
    # Then the confirmation names the person and the choice; nothing is cast yet
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("pl", "Confirm your vote"))
    expect(page.locator("dl.facts")).to_contain_text(person)
    expect(page.locator("dl.facts")).not_to_contain_text("olomouc-committee")
    # When they confirm
    confirm = tr("pl", "Confirm the vote: %(choice)s") % {"choice": tr("pl", "for")}
    page.get_by_role("button", name=confirm).click()
    # Then the receipt names them and the choice
    receipt = tr(
        "pl",
        "The vote is recorded: %(person)s, item %(item)s of meeting %(meeting)s: %(choice)s.",
    )
    expect_message(page, receipt.split("%(person)s")[0] + person)
    vote = tr("pl", "Vote of %(name)s: %(choice)s.") % {"name": person, "choice": tr("pl", "for")}
    expect(page.get_by_text(vote)).to_be_visible()


# --- manager (Czech and Polish) -------------------------------------------------------------


def decommitment_form(page: Page) -> Locator:
    return page.locator("form[action$='/decommitments/']").first


MANAGERS = [
    pytest.param("cs", "olomouc", "1 250 000,50", "1 250 000,50 CZK", id="cs-olomouc"),
    # copied from a page of the product: non-breaking spaces between the thousands
    pytest.param("pl", "opole", "1\u00a0250\u00a0000,50", "1 250 000,50 PLN", id="pl-opole"),
]


@pytest.mark.parametrize(("language", "slug", "typed", "shown"), MANAGERS)
def test_a_manager_types_dates_and_money_the_local_way(
    new_page: NewPage,
    live_server: Any,
    demo: None,
    language: str,
    slug: str,
    typed: str,
    shown: str,
) -> None:
    base = live_server.url
    # Given the manager on the start page, with money at risk of decommitment waiting
    page = start(new_page, base, f"{slug}-manager", language)
    with translation.override(language):
        warning = translation.gettext("Money at risk of decommitment")
    follow(page, language, Kind.EARLY_WARNING, warning)
    expect(page).to_have_url(re.compile(rf"/{language}/app/{slug}/monitoring/warnings/$"))
    # When they look at another day, typed the local way
    type_date(page.get_by_label(tr(language, "As of"), exact=True), date(2026, 6, 30))
    page.get_by_role("button", name=tr(language, "Show"), exact=True).click()
    expect(page).to_have_url(re.compile(r"as_of=2026-06-30"))
    expect(page.get_by_label(tr(language, "As of"), exact=True)).to_have_value("2026-06-30")
    # And record a decommitment of a programme's tranche, typed in the local format
    page.goto(f"{base}/{language}/app/{slug}/monitoring/commitments/")
    page.get_by_role("link", name=tr(language, "Enter or change")).first.click()
    form = decommitment_form(page)
    # (first the 2023 tranche, whose deadline has not passed: refused, what was typed is kept)
    form.get_by_label(tr(language, "Tranche of the year"), exact=True).select_option("2023")
    type_amount(form.get_by_label(tr(language, "Amount decommitted"), exact=True), typed)
    type_date(form.get_by_label(tr(language, "Decided on"), exact=True), date(2026, 2, 10))
    form.get_by_label(tr(language, "Reference"), exact=True).fill("RO/2026/117")
    form.get_by_role("button").click()
    with translation.override(language):
        refused = translation.gettext(
            "The %(year)s tranche can be decommitted only after its deadline, %(deadline)s."
        ) % {"year": 2023, "deadline": "31. 12. 2026" if language == "cs" else "31.12.2026"}
    form = decommitment_form(page)
    expect(form.locator(".errorlist").first).to_have_text(refused)
    expect(form.get_by_label(tr(language, "Amount decommitted"), exact=True)).to_have_value(typed)
    expect(form.get_by_label(tr(language, "Decided on"), exact=True)).to_have_value("2026-02-10")
    # (then the 2022 tranche, whose deadline has passed)
    form.get_by_label(tr(language, "Tranche of the year"), exact=True).select_option("2022")
    form.get_by_role("button").click()
    # Then the decommitment is listed with the amount and the date in the local format
    row = page.get_by_role("row").filter(has_text="RO/2026/117")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(typed)
    expect(row).to_contain_text("10. 2. 2026" if language == "cs" else "10.02.2026")
    page.goto(f"{base}/{language}/app/{slug}/monitoring/commitments/")
    expect(page.locator("main table").first).to_contain_text(shown)
