"""The portal's pages about the agglomeration: documents, contacts, member municipalities in
the reader's alphabet with the country's terms, the accessibility statement in the structure
each country prescribes, privacy and cookies."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from aglomera.agglomerations.models import Agglomeration, Municipality, MunicipalityKind
from aglomera.portal.queries.about import documents, member_municipalities
from aglomera.portal.tests.sections_world import Sections


def _names(page: str) -> list[str]:
    return re.findall(r'<th scope="row">(?:<span lang="cs">)?([^<]+)(?:</span>)?</th>', page)


def test_documents_list_the_strategy_versions_calls_and_minutes(
    client: Client, sections: Sections
) -> None:
    html = client.get("/en/olomouc/documents/").content.decode()
    assert "First version" in html
    assert f'href="/en/olomouc/calls/{sections.closed_call.pk}/"' in html
    assert f'href="/en/olomouc/committee/meetings/{sections.closed_meeting.pk}/"' in html
    # a meeting that is not closed has no minutes yet
    assert f'href="/en/olomouc/committee/meetings/{sections.planned_meeting.pk}/"' not in html


def test_an_agglomeration_without_documents_says_so(client: Client, olomouc: Agglomeration) -> None:
    html = client.get("/en/olomouc/documents/").content.decode()
    assert "The strategy has not been published yet." in html
    assert "No call has been published yet." in html
    assert "No meeting has been closed yet." in html
    found = documents(olomouc)
    assert (found.versions, found.calls, found.minutes) == ([], [], [])


def test_contacts_show_the_office(client: Client, olomouc: Agglomeration) -> None:
    Agglomeration.objects.filter(pk=olomouc.pk).update(
        office_address="Horní náměstí 583, 779 11 Olomouc",
        office_email="iti@olomouc.eu",
        office_phone="+420 585 513 111",
        website="https://www.olomouc.eu/",
    )
    html = client.get("/cs/olomouc/contacts/").content.decode()
    assert "Statutární město Olomouc, odbor ITI" in html
    assert "Horní náměstí 583" in html
    assert 'href="mailto:iti@olomouc.eu"' in html
    assert 'href="tel:+420585513111"' in html
    assert 'href="https://www.olomouc.eu/"' in html


def test_contacts_not_published_say_so_rather_than_blanks(
    client: Client, olomouc: Agglomeration
) -> None:
    Agglomeration.objects.filter(pk=olomouc.pk).update(
        office_email="", office_phone="", website="https://olomoucka-aglomerace.eu"
    )
    html = client.get("/en/olomouc/contacts/").content.decode()
    assert html.count('<span class="muted">Not published</span>') == 2
    assert "its website gives the current ones" in html
    assert "mailto:" not in html and "tel:" not in html
    statement = client.get("/en/olomouc/accessibility/").content.decode()
    assert statement.count('<span class="muted">Not published</span>') == 2


def test_municipalities_are_sorted_in_the_readers_alphabet(
    client: Client, sections: Sections
) -> None:
    czech = client.get("/cs/olomouc/municipalities/").content.decode()
    # Czech: č after c, "ch" after h
    assert _names(czech) == ["Čechy pod Kosířem", "Hlubočky", "Chomoutov", "Olomouc"]
    english = client.get("/en/olomouc/municipalities/").content.decode()
    assert _names(english) == ["Čechy pod Kosířem", "Chomoutov", "Hlubočky", "Olomouc"]
    # Czech names on an English page are marked as Czech, not on a Czech page (WCAG 3.1.2)
    assert '<th scope="row"><span lang="cs">Hlubočky</span></th>' in english
    assert 'lang="cs">Hlubočky' not in czech
    assert "107,000" in english
    assert "The population of 1 member is not known." in english
    assert "statutory city" in english
    assert ">District<" in english


def test_municipalities_use_the_terms_of_the_agglomerations_country(
    client: Client, opole: Agglomeration
) -> None:
    Municipality.objects.create(
        agglomeration=opole,
        code="1661011",
        name="Opole",
        kind=MunicipalityKind.CITY,
        district="Opole",
        population=127000,
    )
    html = client.get("/en/opole/municipalities/").content.decode()
    assert ">County<" in html
    assert "city with county rights" in html
    found = member_municipalities(opole)
    assert (found.population, found.unknown_population, found.districts) == (127000, 0, True)


def test_an_agglomeration_without_municipalities_says_so(
    client: Client, olomouc: Agglomeration
) -> None:
    html = client.get("/en/olomouc/municipalities/").content.decode()
    assert "The member municipalities have not been entered yet." in html


CZECH_STRUCTURE = [
    "Compliance status",
    "Non-accessible content",
    "Preparation of this accessibility statement",
    "Feedback and contact details",
    "Enforcement procedure",
]
POLISH_STRUCTURE = [
    "Compliance status",
    "Preparation of the accessibility statement",
    "Feedback and contact details",
    "Request and complaint procedure",
    "Architectural accessibility",
]


def _headings(page: str) -> list[str]:
    return re.findall(r"<h2>([^<]+)</h2>", page)


def test_a_czech_agglomeration_has_the_czech_accessibility_statement(
    client: Client, olomouc: Agglomeration
) -> None:
    html = client.get("/en/olomouc/accessibility/").content.decode()
    assert _headings(html) == CZECH_STRUCTURE
    assert "Act No. 99/2019 Coll." in html
    assert "http://testserver/en/olomouc/" in html
    assert "Ministry of the Interior" in html
    assert "2026-12-07" in html


def test_a_polish_agglomeration_has_the_polish_accessibility_statement(
    client: Client, opole: Agglomeration
) -> None:
    html = client.get("/en/opole/accessibility/").content.decode()
    assert _headings(html) == POLISH_STRUCTURE
    assert "Act of 4 April 2019" in html
    assert "Date of publication of the website" in html
    assert "within 7 days" in html
    assert "Rzecznik Praw Obywatelskich" in html


def test_the_polish_statement_gives_the_offices_address_for_the_building(
    client: Client, opole: Agglomeration
) -> None:
    Agglomeration.objects.filter(pk=opole.pk).update(office_address="ul. Piastowska 14, Opole")
    html = client.get("/pl/opole/accessibility/").content.decode()
    assert "ul. Piastowska 14, Opole" in html


@pytest.mark.parametrize("language", ["cs", "pl", "en"])
def test_the_cookies_page_names_only_the_necessary_cookies(
    client: Client, olomouc: Agglomeration, language: str
) -> None:
    response = client.get(f"/{language}/olomouc/cookies/")
    html = response.content.decode()
    for name in ("django_language", "sessionid", "csrftoken"):
        assert f"<code>{name}</code>" in html
    # reading the portal sets no cookie at all
    assert not response.cookies


def test_the_privacy_page_names_the_controller(client: Client, olomouc: Agglomeration) -> None:
    html = client.get("/en/olomouc/privacy/").content.decode()
    assert "Statutární město Olomouc, odbor ITI" in html
    assert "Article 49(3) of Regulation (EU) 2021/1060" in html
    assert 'href="/en/olomouc/cookies/"' in html


def test_no_portal_page_requests_anything_from_another_site(
    client: Client, sections: Sections
) -> None:
    for address in ("calls/", "strategy/measures/2.1.1/", "committee/", "accessibility/"):
        html = client.get(f"/en/olomouc/{address}").content.decode()
        assert not re.search(r'(src|href)="(https?:)?//(?!testserver)[^"]*\.(js|css)', html)
        assert "<script src=" not in html
