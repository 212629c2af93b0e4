"""The office's cooperation pages: who opens them (written by hand per role, for both
members and an outsider), what they show (dates as precise as known, budgets per partner in
their own currency and basis, exchanges newest first), the exchange form with the languages
side by side, the refusal of a stale edit, and a fixed number of queries per page."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from aglomera.accounts.models import Role, User
from aglomera.cooperation import actions
from aglomera.cooperation.models import DatePrecision, Exchange
from aglomera.cooperation.tests.helpers import CooperationWorld, build_more
from aglomera.core.models import AuditEvent

pytestmark = pytest.mark.django_db

# role -> answer to the partnerships, a partnership and an exchange, in Olomouc and in Opole
READ_ANSWERS = {
    Role.MANAGER: 200,
    Role.COORDINATOR: 200,
    Role.AUDITOR: 200,
    Role.PARTNER: 200,
    Role.APPLICANT: 403,
    Role.COMMITTEE: 403,
    Role.WORKING_GROUP: 403,
}
# role -> answer to the forms adding and editing an exchange
WRITE_ANSWERS = {
    Role.MANAGER: 200,
    Role.COORDINATOR: 200,
    Role.AUDITOR: 403,
    Role.PARTNER: 403,
    Role.APPLICANT: 403,
    Role.COMMITTEE: 403,
    Role.WORKING_GROUP: 403,
}


def client_of(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def read_urls(w: CooperationWorld, slug: str) -> list[str]:
    return [
        reverse("cooperation:list", args=[slug]),
        reverse("cooperation:partnership", args=[slug, w.partnership.pk]),
        reverse("cooperation:exchange", args=[slug, w.exchange.pk]),
    ]


def write_urls(w: CooperationWorld, slug: str) -> list[str]:
    return [
        reverse("cooperation:exchange_new", args=[slug, w.partnership.pk]),
        reverse("cooperation:exchange_edit", args=[slug, w.exchange.pk]),
    ]


@pytest.mark.parametrize("side", ["olomouc", "opole"])
@pytest.mark.parametrize("role", list(Role))
def test_the_staff_of_both_members_read_the_partnership_by_role(
    world: CooperationWorld, side: str, role: Role
) -> None:
    agglomeration = world.olomouc if side == "olomouc" else world.opole
    client = client_of(world.users(agglomeration, role))
    answers = [client.get(url).status_code for url in read_urls(world, side)]
    assert answers == [READ_ANSWERS[role]] * 3
    writes = [client.get(url).status_code for url in write_urls(world, side)]
    assert writes == [WRITE_ANSWERS[role]] * 2


def test_the_manager_of_a_third_agglomeration_learns_nothing(world: CooperationWorld) -> None:
    client = client_of(world.users(world.ostrava, Role.MANAGER))
    for slug in ("olomouc", "opole"):
        assert [client.get(url).status_code for url in read_urls(world, slug)] == [404] * 3
        assert [client.get(url).status_code for url in write_urls(world, slug)] == [404] * 2
    # on its own slug: its list is empty, and the partnership's ids are not found
    own = read_urls(world, "ostrava")
    assert client.get(own[0]).status_code == 200
    assert "Olomouc-Opole cooperation" not in client.get(own[0]).content.decode()
    assert [client.get(url).status_code for url in own[1:]] == [404, 404]
    assert [client.get(url).status_code for url in write_urls(world, "ostrava")] == [404, 404]
    post = client.post(write_urls(world, "ostrava")[1], {"title_en": "Taken over"})
    assert post.status_code == 404


def test_a_visitor_is_sent_to_the_login(world: CooperationWorld) -> None:
    response = Client().get(read_urls(world, "olomouc")[1])
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_menu_links_cooperation_for_the_readers_only(world: CooperationWorld) -> None:
    href = reverse("cooperation:list", args=["olomouc"])
    home = reverse("agglomerations:detail", args=["olomouc"])
    for role, answer in READ_ANSWERS.items():
        page = client_of(world.users(world.olomouc, role)).get(home).content.decode()
        assert (f'href="{href}"' in page) is (answer == 200), role


def test_the_list_shows_the_partners_the_agreement_month_and_counts(
    world: CooperationWorld,
) -> None:
    page = client_of(world.manager).get(read_urls(world, "olomouc")[0]).content.decode()
    assert "Olomouc-Opole cooperation" in page
    assert "Opole agglomeration" in page
    assert "September 2016" in page
    assert "1 September 2016" not in page  # never a made-up day
    assert '<th scope="col">' in page


def test_the_partnership_page_shows_budgets_per_partner_and_exchanges_newest_first(
    world: CooperationWorld,
) -> None:
    response = client_of(world.users(world.opole, Role.PARTNER)).get(read_urls(world, "opole")[1])
    page = response.content.decode()
    assert "CZ.11.4.120/0.0/0.0/16_026/0001080" in page
    assert (
        '<time class="date" datetime="2020-02">February 2020</time> – '
        '<time class="date" datetime="2023-01">January 2023</time>'
    ) in page
    assert "1,200,000.00" in page and "CZK" in page
    assert "210,000.00" in page and "PLN" in page
    assert "total eligible expenditure" in page
    assert "85 %" in page
    assert "1,410,000" not in page  # two currencies are never added up
    assert page.index("Internship in Opole") < page.index("Study visit to Opole")
    assert (
        '<time class="date" datetime="2021-08-15">2021-08-15</time> – '
        '<time class="date" datetime="2021-08-22">2021-08-22</time>'
    ) in page
    assert "Add an exchange" not in page  # a partner reads, the office writes
    manager_page = client_of(world.manager).get(read_urls(world, "olomouc")[1]).content.decode()
    assert "Add an exchange" in manager_page


@pytest.mark.parametrize(
    ("language", "start", "end", "month"),
    [
        ("cs", "15. 8. 2021", "22. 8. 2021", "září 2016"),
        ("pl", "15.08.2021", "22.08.2021", "wrzesień 2016"),
    ],
)
def test_czech_and_polish_pages_write_days_in_numbers(
    world: CooperationWorld, language: str, start: str, end: str, month: str
) -> None:
    with translation.override(language):
        url = reverse("cooperation:partnership", args=["olomouc", world.partnership.pk])
    page = client_of(world.manager).get(url).content.decode()
    # each date is kept on one line; a range wraps only at its dash
    assert (
        f'<time class="date" datetime="2021-08-15">{start}</time> – '
        f'<time class="date" datetime="2021-08-22">{end}</time>'
    ) in page
    assert f'<time class="date" datetime="2016-09">{month}</time>' in page
    assert "srpna" not in page and "sierpnia" not in page  # no long dates


def test_a_project_without_a_budget_or_dates_says_so(world: CooperationWorld) -> None:
    world.project.budgets.all().delete()
    actions.create_project(
        world.partnership,
        actions.ProjectFields(
            name={"en": "Micro-project"}, programme={"en": "Micro-projects Fund"}
        ),
        agglomeration=world.olomouc,
        actor=world.manager,
    )
    page = client_of(world.manager).get(read_urls(world, "olomouc")[1]).content.decode()
    assert page.count("Budget per partner: not stated in the sources.") == 2
    # the project recorded first comes first; the one without dates says so, no dashes
    assert page.index("Together for agglomerations") < page.index("Micro-project")
    assert "<dd>not stated</dd>" in page
    assert "— – —" not in page


def test_a_project_with_only_its_start_says_the_end_is_not_stated(world: CooperationWorld) -> None:
    actions.create_project(
        world.partnership,
        actions.ProjectFields(
            name={"en": "Open-ended"},
            starts_on=date(2017, 9, 1),
            starts_precision=DatePrecision.MONTH,
        ),
        agglomeration=world.olomouc,
        actor=world.manager,
    )
    page = client_of(world.manager).get(read_urls(world, "olomouc")[1]).content.decode()
    assert '<time class="date" datetime="2017-09">September 2017</time> – not stated' in page
    assert "– —" not in page


def test_the_exchange_page_marks_missing_translations(world: CooperationWorld) -> None:
    page = client_of(world.manager).get(read_urls(world, "olomouc")[2]).content.decode()
    assert "Internship in Opole" in page
    assert "Translation missing" in page  # the participants are in English only
    assert '<span class="translation-missing">CS</span>' in page
    assert "Edit the exchange" in page


def form_data(w: CooperationWorld, **overrides: Any) -> dict[str, Any]:
    data = {
        "kind": "study_visit",
        "title_cs": "Studijní cesta do Opolí",
        "title_pl": "Wizyta studyjna w Opolu",
        "title_en": "Study trip to Opole",
        "host": w.opole.pk,
        "project": w.project.pk,
        "starts_on": "2021-10-20",
        "ends_on": "2021-10-22",
        "dates_precision": "day",
        "participants_en": "Staff of both offices",
        "source": "",
    }
    data.update(overrides)
    return data


def test_adding_an_exchange_with_the_languages_side_by_side(world: CooperationWorld) -> None:
    client = client_of(world.users(world.olomouc, Role.COORDINATOR))
    url = write_urls(world, "olomouc")[0]
    blank = client.get(url).content.decode()
    assert 'name="title_cs"' in blank and 'name="title_pl"' in blank
    assert "Translation missing" not in blank
    assert "<legend>Title</legend>" in blank  # the three inputs are one fieldset
    response = client.post(url, form_data(world))
    (created,) = [e for e in Exchange.objects.all() if e.title.get("en") == "Study trip to Opole"]
    assert response.status_code == 302
    assert response["Location"] == reverse("cooperation:exchange", args=["olomouc", created.pk])
    assert created.host == world.opole and created.project == world.project


def test_a_form_with_errors_is_shown_again_with_the_marker(world: CooperationWorld) -> None:
    client = client_of(world.manager)
    url = write_urls(world, "olomouc")[0]
    response = client.post(url, form_data(world, title_pl="", ends_on="2021-10-01"))
    assert response.status_code == 422
    page = response.content.decode()
    assert "The end cannot be before the start" in page
    assert "Translation missing" in page
    response = client.post(url, form_data(world, starts_on="0202-10-20"))
    assert response.status_code == 422
    assert Exchange.objects.count() == 2


def test_editing_saves_and_a_stale_page_shows_both_versions(world: CooperationWorld) -> None:
    url = write_urls(world, "olomouc")[1]
    form = client_of(world.manager).get(url).content.decode()
    assert 'name="revision" value="0"' in form
    # the partner's office saves first
    opole_url = write_urls(world, "opole")[1]
    first = client_of(world.users(world.opole, Role.MANAGER)).post(
        opole_url, form_data(world, revision="0", title_en="Saved by Opole")
    )
    assert first.status_code == 302
    # the second save, from the page loaded before, is refused with both versions shown
    stale = client_of(world.manager).post(
        url, form_data(world, revision="0", title_en="Typed in Olomouc")
    )
    assert stale.status_code == 422
    page = stale.content.decode()
    assert "Someone else saved this exchange" in page
    assert "The version saved meanwhile" in page
    assert "Saved by Opole" in page and 'value="Typed in Olomouc"' in page
    assert 'name="revision" value="1"' in page
    world.exchange.refresh_from_db()
    assert world.exchange.title["en"] == "Saved by Opole"
    # saving again from that page overwrites knowingly
    again = client_of(world.manager).post(
        url, form_data(world, revision="1", title_en="Typed in Olomouc")
    )
    assert again.status_code == 302
    assert AuditEvent.objects.filter(code="cooperation.exchange.edited").count() == 2


@pytest.mark.parametrize(
    ("name", "queries"),
    [("list", 6), ("partnership", 10), ("exchange", 13), ("exchange_new", 8), ("edit", 8)],
)
def test_each_page_takes_a_fixed_number_of_queries(
    world: CooperationWorld, name: str, queries: int
) -> None:
    urls = dict(
        zip(
            ["list", "partnership", "exchange", "exchange_new", "edit"],
            read_urls(world, "olomouc") + write_urls(world, "olomouc"),
            strict=True,
        )
    )
    client = client_of(world.manager)
    client.get(urls[name])  # warm the session and the content types

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(urls[name]).status_code == 200
        return len(captured)

    before = count()
    build_more(world)  # more of everything does not change the count
    assert (before, count()) == (queries, queries)
