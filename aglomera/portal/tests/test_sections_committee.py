"""The steering committee on the portal: members by name, organisation and role (no contact
details), meetings with their date, form and status, and a closed meeting's resolutions and
attendance; nothing of a meeting that is not closed, nothing of a cancelled one."""

from __future__ import annotations

from django.test import Client
from django.utils import translation

from aglomera.accounts.models import User
from aglomera.agglomerations.models import Agglomeration
from aglomera.committee import actions as committee_actions
from aglomera.committee import transitions as committee_transitions
from aglomera.committee.models import MeetingStatus
from aglomera.committee.tests.world import CLOSES_VOTE, DURING_VOTE, OPENS_VOTE
from aglomera.portal.queries.committee import committee_page, meeting_page
from aglomera.portal.tests.sections_world import Sections


def test_the_members_are_listed_by_name_organisation_and_role(
    client: Client, sections: Sections
) -> None:
    User.objects.filter(pk=sections.committee.members["plain"].user_id).update(
        email="plain@example.org", first_name="Petr", last_name="Plain"
    )
    html = client.get("/en/olomouc/committee/").content.decode()
    assert "Petr Plain" in html
    assert "Statutární město Přerov" in html  # the organisation a member represents
    assert "chair" in html
    assert 'alternate of <span lang="cs">Petr Plain</span>' in html
    # names in the agglomeration's language are marked as such on a page in another language
    assert '<td><span lang="cs">Statutární město Přerov</span></td>' in html
    assert "plain@example.org" not in html
    assert "olomouc-committee" not in html  # a user name is not a person's name
    assert '<th scope="row">(name not given)</th>' in html  # in the page's language
    # the world's second organisation stands for a natural person: not named
    assert "Univerzita Palackého" not in html


def test_the_meetings_are_listed_without_the_cancelled_one(
    client: Client, sections: Sections
) -> None:
    html = client.get("/en/olomouc/committee/").content.decode()
    assert f'committee/meetings/{sections.closed_meeting.pk}/"' in html
    assert f'committee/meetings/{sections.planned_meeting.pk}/"' in html
    assert f'committee/meetings/{sections.cancelled_meeting.pk}/"' not in html
    assert "in writing (per rollam)" in html
    page = f"/en/olomouc/committee/meetings/{sections.cancelled_meeting.pk}/"
    assert client.get(page).status_code == 404


def test_a_closed_meeting_publishes_its_resolutions_in_the_readers_language(
    client: Client, sections: Sections
) -> None:
    page = f"/{{}}/olomouc/committee/meetings/{sections.closed_meeting.pk}/"
    english = client.get(page.format("en")).content.decode()
    assert "Resolution 1/2025 of the steering committee" in english
    assert "Zpráva o plnění strategie" in english
    assert "Řídicí výbor bere zprávu na vědomí." in english
    assert "For 3, against 0, abstained 0" in english
    czech = client.get(page.format("cs")).content.decode()
    assert "Usnesení řídicího výboru č. 1/2025" in czech
    polish = client.get(page.format("pl")).content.decode()
    assert "Uchwała komitetu sterującego nr 1/2025" in polish


def test_a_closed_meeting_publishes_its_attendance(client: Client, sections: Sections) -> None:
    html = client.get(f"/en/olomouc/committee/meetings/{sections.closed_meeting.pk}/").content
    page = html.decode()
    assert "represented by the alternate" in page
    assert "absent" in page
    assert "present" in page


def test_an_undecided_meetings_items_are_not_public(client: Client, sections: Sections) -> None:
    html = client.get(f"/en/olomouc/committee/meetings/{sections.planned_meeting.pk}/")
    page = html.content.decode()
    assert "Tajný bod programu" not in page
    assert "published once the meeting is closed" in page
    listing = client.get("/en/olomouc/committee/").content.decode()
    assert "Tajný bod programu" not in listing


def test_a_written_vote_publishes_who_voted(sections: Sections) -> None:
    cw = sections.committee
    meeting = cw.per_rollam()
    item = cw.other_item(meeting, "Písemné hlasování")
    meeting = committee_transitions.transition(
        meeting, MeetingStatus.VOTING, actor=cw.manager, now=OPENS_VOTE
    )
    cw.vote(item, "chair", "yes", now=DURING_VOTE)
    meeting = committee_transitions.transition(
        meeting, MeetingStatus.CLOSED, actor=cw.manager, now=CLOSES_VOTE
    )
    committee_actions.decide_item(item, actor=cw.manager, now=CLOSES_VOTE)
    with translation.override("en"):
        page = meeting_page(sections.world.agglomeration, meeting.pk)
        labels = {row.name: str(row.label) for row in page.attendance}
    assert labels["(name not given)"] == "voted"  # the chair, whose account has no name
    assert list(labels.values()).count("did not vote") == 3
    assert [str(row.resolution.item.title) for row in page.resolutions] == ["Písemné hlasování"]


def test_a_resolution_without_a_number_says_it_was_not_adopted(sections: Sections) -> None:
    from aglomera.committee.models import Resolution

    Resolution.objects.filter(pk=sections.resolution.pk).update(number="", sequence=None)
    with translation.override("en"):
        page = meeting_page(sections.world.agglomeration, sections.closed_meeting.pk)
        assert page.resolutions[0].heading == "not adopted (no resolution number)"


def test_an_agglomeration_without_a_committee_says_so(
    client: Client, olomouc: Agglomeration
) -> None:
    html = client.get("/en/olomouc/committee/").content.decode()
    assert "The members have not been appointed yet." in html
    assert "No meeting has been planned yet." in html
    page = committee_page(olomouc)
    assert page.committee is None
    assert page.members == []
