"""The portal's calls: open, planned (the Art. 49(2) calendar) and closed; never a cancelled
one; a call's page with its key facts in the agglomeration's time zone."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.test import Client
from django.utils import translation

from aglomera.accounts.models import Role
from aglomera.agglomerations.models import Agglomeration
from aglomera.calls.actions import modify_call
from aglomera.calls.models import CallModification, CallModificationKind, CallStatus
from aglomera.intentions.tests.builders import DURING
from aglomera.portal.queries.calls import get_public_call, list_public_calls
from aglomera.portal.templatetags.portal import zone_note
from aglomera.portal.tests.sections_world import Sections
from aglomera.strategy.tests.builders import make_opole


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    end = html.find("</section>", start)
    return html[start:end]


def test_calls_are_listed_in_their_sections(client: Client, sections: Sections) -> None:
    html = client.get("/en/olomouc/calls/").content.decode()
    assert "Zvýšení kapacity" in _section(html, "open-heading")
    assert "Call 3" in _section(html, "planned-heading")
    assert "Art. 49(2)" in _section(html, "planned-heading")
    assert "Call 1" in _section(html, "closed-heading")


def test_a_cancelled_call_is_not_public(client: Client, sections: Sections) -> None:
    assert sections.cancelled_call.status == CallStatus.CANCELLED
    html = client.get("/en/olomouc/calls/").content.decode()
    assert "Call 4" not in html
    assert client.get(f"/en/olomouc/calls/{sections.cancelled_call.pk}/").status_code == 404
    documents = client.get("/en/olomouc/documents/").content.decode()
    assert "Call 4" not in documents


def test_a_call_page_shows_its_key_facts_in_the_agglomerations_time_zone(
    client: Client, sections: Sections
) -> None:
    call = sections.open_call
    html = client.get(f"/cs/olomouc/calls/{call.pk}/").content.decode()
    text = re.sub(r"\s+", " ", html)
    assert "Zvýšení kapacity předškolního vzdělávání" in text
    assert "2.1.1" in text
    assert "IROP" in text
    assert "CZK" in text
    # opens 2025-03-01 08:00 UTC = 09:00 in Prague; deadline 10:00 UTC = 12:00 (CEST)
    assert "1. 3. 2025 9:00" in text
    assert "30. 5. 2025 12:00" in text
    # a Czech reader of a Czech portal reads the times on their own clock: no note
    assert "Europe/Prague" not in text
    assert "Prague time" not in text
    assert "85" in text
    assert "Soulad se strategií" in text  # a criterion


def test_a_call_page_of_a_polish_reader_uses_the_polish_date_format(
    client: Client, sections: Sections
) -> None:
    html = client.get(f"/pl/olomouc/calls/{sections.open_call.pk}/").content.decode()
    assert "30.05.2025 12:00" in html


def test_a_call_page_lists_the_documents_to_attach(client: Client, sections: Sections) -> None:
    html = client.get(f"/en/olomouc/calls/{sections.closed_call.pk}/").content.decode()
    assert "Budget" in html
    assert "mandatory" in html


def test_a_call_page_lists_the_changes_of_the_call(client: Client, sections: Sections) -> None:
    call = sections.open_call
    modify_call(
        call,
        reason="Navýšení.",
        actor=sections.world.users[Role.MANAGER],
        allocation=call.allocation + 1000,
        closes_at=datetime(2025, 6, 30, 10, 0, tzinfo=UTC),
        now=DURING,
    )
    html = client.get(f"/en/olomouc/calls/{call.pk}/").content.decode()
    assert "allocation changed" in html
    assert "80,349,729.00" in html
    assert "deadline changed" in html
    assert "2025-06-30 12:00" in html


def test_another_agglomerations_call_is_not_found(client: Client, sections: Sections) -> None:
    make_opole()
    assert client.get(f"/en/opole/calls/{sections.open_call.pk}/").status_code == 404


def test_an_agglomeration_without_calls_says_so(client: Client, olomouc: Agglomeration) -> None:
    html = client.get("/en/olomouc/calls/").content.decode()
    assert "No call is open at the moment." in html
    assert "No call is planned at the moment." in html
    assert "No call has closed yet." in html


def test_the_calls_query_sorts_and_sections_the_calls(sections: Sections) -> None:
    # a change of another kind than allocation or deadline (none of the actions records one)
    CallModification.objects.create(
        call=sections.planned_call, kind=CallModificationKind.OTHER, before={}, after={}, reason="-"
    )
    with translation.override("en"):
        found = list_public_calls(sections.world.agglomeration, DURING)
        page = get_public_call(sections.world.agglomeration, sections.planned_call.pk, DURING)
    assert [row.call for row in found.open] == [sections.open_call]
    assert [row.call for row in found.planned] == [sections.planned_call]
    assert [row.call for row in found.closed] == [sections.closed_call]
    assert str(found.open[0].state_label) == "open for intentions"
    assert page.call == sections.planned_call
    assert [(change.label, change.after) for change in page.changes] == [("other change", None)]


def test_a_name_shown_in_another_language_than_the_page_is_marked_with_it(
    client: Client, sections: Sections
) -> None:
    # Given a call named in Czech and English only, with a criterion named in Czech only
    call = sections.closed_call
    # When a reader opens its page in Polish
    html = client.get(f"/pl/olomouc/calls/{call.pk}/").content.decode()
    # Then the English fallback of the name and the Czech criterion say their language
    assert f'<dd lang="en">Call {call.number}</dd>' in html
    assert '<li><span lang="cs">Soulad</span> (' in html
    # and on a Czech page nothing is marked, for everything is in Czech
    czech = client.get(f"/cs/olomouc/calls/{call.pk}/").content.decode()
    assert f"<dd>Výzva {call.number}</dd>" in czech
    assert 'lang="cs">Soulad' not in czech


def test_a_reader_of_another_language_is_told_the_time_zone_in_words(
    client: Client, sections: Sections
) -> None:
    call = sections.open_call
    for language, note, sentence in (
        ("en", "Prague time", "Times are given in Prague time;"),
        ("pl", "czas w Pradze", "Godziny podano według strefy czasowej: czas w Pradze;"),
    ):
        html = client.get(f"/{language}/olomouc/calls/{call.pk}/").content.decode()
        assert f"({note})</dd>" in html
        assert "Europe/Prague" not in html
        listing = client.get(f"/{language}/olomouc/calls/").content.decode()
        assert sentence in listing
        assert "Europe/Prague" not in listing


@pytest.mark.parametrize(
    ("language", "zone", "note"),
    [
        ("cs", "Europe/Prague", ""),
        ("pl", "Europe/Warsaw", ""),
        ("cs", "Europe/Warsaw", "varšavský čas"),
        ("en", "Europe/Warsaw", "Warsaw time"),
        ("en", "Europe/Prague", "Prague time"),
        ("pl", "Europe/Vienna", "czas lokalny biura"),
    ],
)
def test_the_time_zone_note_names_the_zone_unless_it_is_the_readers(
    language: str, zone: str, note: str
) -> None:
    with translation.override(language):
        assert zone_note(zone) == note
