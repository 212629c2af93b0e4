"""The statute's rules through the pages: the statute form, declaring a conflict of interest on
the meeting page, and what the meeting page, the minutes and the DOCX show of the recusals and
of each intention's outcome."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.test import Client
from docx import Document

from aglomera.accounts.models import Role, User
from aglomera.committee import actions
from aglomera.committee.models import (
    AgendaItem,
    ConflictDeclaration,
    KindMajority,
    Meeting,
    MeetingStatus,
)
from aglomera.committee.tests.world import DURING_VOTE, CommitteeWorld
from aglomera.intentions.models import IntentionStatus, ProjectIntention

S = IntentionStatus
pytestmark = pytest.mark.django_db

BASE = "/en/app/olomouc/committee"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _statute_post(**values: str) -> dict[str, str]:
    return {"name_en": "Board", "quorum": "0.5", "majority": "of_voting", **values}


def test_the_manager_sets_the_statute_rules_on_the_statute_page(cw: CommitteeWorld) -> None:
    client = _client(cw.manager)
    page = client.get(f"{BASE}/statute/").content.decode()
    assert "On a tie, the chair&#x27;s vote decides" in page
    assert "Majority for an item about: strategy amendment" in page
    # When the manager turns the casting vote on, numbers only adopted resolutions and asks
    # two thirds of all members for strategy amendments
    response = client.post(
        f"{BASE}/statute/",
        _statute_post(casting_vote="on", majority_strategy_amendment="two_thirds_of_all"),
    )
    assert response.status_code == 302
    cw.committee.refresh_from_db()
    assert (cw.committee.casting_vote, cw.committee.number_rejections) == (True, False)
    assert list(KindMajority.objects.values_list("kind", "rule")) == [
        ("strategy_amendment", "two_thirds_of_all")
    ]
    # Then the committee's page states the rules
    home = client.get(f"{BASE}/").content.decode()
    assert "at least two thirds of all members entitled to vote" in home
    assert "the chair's vote decides (if the chair voted and is not recused)" in home
    assert "adopted resolutions only" in home
    # And the statute page shows them as saved
    form = client.get(f"{BASE}/statute/").context["form"]
    assert form["majority_strategy_amendment"].value() == "two_thirds_of_all"
    assert form["casting_vote"].value() is True


def test_a_bad_statute_keeps_the_input_and_changes_nothing(cw: CommitteeWorld) -> None:
    response = _client(cw.manager).post(
        f"{BASE}/statute/",
        _statute_post(casting_vote="on", majority_other="loudest", quorum="0.6"),
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors["majority_other"]
    assert (form["quorum"].value(), form["casting_vote"].value()) == ("0.6", True)
    cw.committee.refresh_from_db()
    assert not cw.committee.casting_vote
    assert not KindMajority.objects.exists()


@pytest.fixture
def open_call(cw: CommitteeWorld) -> tuple[AgendaItem, ProjectIntention, ProjectIntention]:
    """A written vote open now on a call item: Přerov's intention with the university as a
    partner, and the university's own intention."""
    from datetime import timedelta

    from django.utils import timezone

    shared = cw.world.intention(status=S.RECOMMENDED, name="Cyklostezka Přerov–UP")
    shared.partners.add(cw.world.other_org)
    own = cw.world.intention(
        status=S.RECOMMENDED, applicant=cw.world.other_org, name="Dětská skupina UP"
    )
    meeting = cw.per_rollam(starts_at=timezone.now() - timedelta(days=1))
    item = cw.call_item(meeting)
    from aglomera.committee import transitions

    transitions.transition(meeting, MeetingStatus.VOTING, actor=cw.manager)
    return item, shared, own


def _meeting_page(client: Client, meeting: Meeting) -> str:
    return client.get(f"{BASE}/meetings/{meeting.pk}/").content.decode()


def test_a_member_declares_a_conflict_of_interest_on_one_intention(
    cw: CommitteeWorld, open_call: tuple[AgendaItem, ProjectIntention, ProjectIntention]
) -> None:
    item, _shared, own = open_call
    plain = _client(cw.user("plain"))
    page = _meeting_page(plain, item.meeting)
    assert "Declare a conflict of interest" in page
    # When `plain` declares a conflict on the university's intention
    response = plain.post(
        f"{BASE}/items/{item.pk}/conflict/",
        {"member": cw.members["plain"].pk, "intention": own.pk, "reason": "My wife runs it."},
    )
    assert response.status_code == 302
    declaration = ConflictDeclaration.objects.get()
    assert (declaration.member, declaration.intention_id) == (cw.members["plain"], own.pk)
    # Then the meeting page lists the declaration and the recusal on that intention, and tells
    # `plain` their vote does not count for it
    page = _meeting_page(plain, item.meeting)
    assert "Plain, on Dětská skupina UP: My wife runs it." in page
    assert "Plain (declared: My wife runs it.)" in page
    assert "The vote of Plain does not count for (conflict of interest): Dětská skupina UP" in page
    # And the partner's and the applicant's members are recused from the intentions they concern
    assert "Univerzita Palackého v Olomouci" in page  # the partner column
    assert "University (represents Univerzita Palackého v Olomouci)" in page
    assert "Conflicted (represents Statutární město Přerov)" in page


def test_a_refused_declaration_keeps_what_was_typed(
    cw: CommitteeWorld, open_call: tuple[AgendaItem, ProjectIntention, ProjectIntention]
) -> None:
    item, shared, _own = open_call
    chair = _client(cw.user("chair"))
    # When the chair declares for another member, with the reason typed
    response = chair.post(
        f"{BASE}/items/{item.pk}/conflict/",
        {"member": cw.members["plain"].pk, "intention": shared.pk, "reason": "Neighbour."},
    )
    # Then it is refused with the reason why, the form open with the typed text, nothing stored
    assert response.status_code == 422
    body = response.content.decode()
    assert "only for yourself or for the member whose alternate you are" in body
    assert ">Neighbour.</textarea>" in body
    assert f'<option value="{shared.pk}" selected>' in body
    # An empty reason is refused by the form, also keeping the rest
    response = chair.post(
        f"{BASE}/items/{item.pk}/conflict/",
        {"member": cw.members["chair"].pk, "intention": shared.pk, "reason": ""},
    )
    assert response.status_code == 422
    assert "say what the conflict of interest is" in response.content.decode()
    assert not ConflictDeclaration.objects.exists()


def test_only_members_and_the_manager_declare_conflicts(
    cw: CommitteeWorld, open_call: tuple[AgendaItem, ProjectIntention, ProjectIntention]
) -> None:
    item, _shared, _own = open_call
    url = f"{BASE}/items/{item.pk}/conflict/"
    data = {"member": cw.members["chair"].pk, "reason": "Mine."}
    for role in (Role.COORDINATOR, Role.AUDITOR, Role.APPLICANT):
        user = User.objects.get(pk=cw.world.users[role].pk)
        assert _client(user).post(url, data).status_code == 403, role
    assert not ConflictDeclaration.objects.exists()
    # The manager records a member's declaration (on the whole item)
    response = _client(cw.manager).post(url, data)
    assert response.status_code == 302
    page = _meeting_page(_client(cw.manager), item.meeting)
    assert "olomouc-committee, on the whole item: Mine." in page
    assert "(recorded by olomouc-manager)" in page


def test_the_minutes_show_each_intention_its_recusals_and_its_outcome(
    cw: CommitteeWorld, open_call: tuple[AgendaItem, ProjectIntention, ProjectIntention]
) -> None:
    # Given a call item where `plain` declared a conflict on the university's intention,
    # everyone voted and the item is decided
    item, _shared, own = open_call
    actions.declare_conflict(
        item, cw.members["plain"], intention=own, reason="My wife runs it.", actor=cw.manager
    )
    for name in ("chair", "plain", "conflicted"):  # (the university is recused from both)
        actions.cast_vote(item, cw.members[name], "yes", actor=cw.user(name))
    resolution = actions.decide_item(item, actor=cw.manager)
    client = _client(cw.manager)
    # Then the meeting page shows the outcome per intention
    page = _meeting_page(client, item.meeting)
    # the shared intention: chair and plain for (Přerov and the university recused)
    assert "adopted (for 2, against 0, abstained 0, recused 2)" in page
    # the university's: chair and conflicted for (university and plain recused)
    assert page.count("adopted (for 2, against 0, abstained 0, recused 2)") == 2
    assert f"Resolution {resolution.number}" in page
    # And so do the minutes, with the declaration
    minutes = client.get(f"{BASE}/meetings/{item.meeting_id}/minutes/").content.decode()
    assert "Plain, on Dětská skupina UP: My wife runs it." in minutes
    assert "Plain (declared: My wife runs it.)" in minutes
    docx = Document(BytesIO(client.get(f"{BASE}/meetings/{item.meeting_id}/minutes.docx").content))
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "Plain declared a conflict of interest on Dětská skupina UP: My wife runs it." in text
    assert (
        "Dětská skupina UP (Univerzita Palackého v Olomouci): compliant: adopted. For 2, "
        "against 0, abstained 0, recused 2; quorate: yes. Recused: Plain (declared: My wife "
        "runs it.); University (represents Univerzita Palackého v Olomouci)."
    ) in text
    assert (
        "Did not vote because of a conflict of interest: University (represents Univerzita "
        "Palackého v Olomouci)."
    ) in text


def test_an_unnumbered_rejection_and_a_casting_vote_in_the_minutes(cw: CommitteeWorld) -> None:
    # Given a statute with the casting vote that numbers only adopted resolutions
    actions.ensure_committee(
        cw.world.agglomeration, casting_vote=True, number_rejections=False, actor=cw.manager
    )
    meeting = cw.per_rollam()
    tied = cw.other_item(meeting, "Tied")
    rejected = cw.other_item(meeting, "Rejected")
    cw.open(meeting)
    for name, choice in (("chair", "yes"), ("plain", "yes"), ("conflicted", "no")):
        cw.vote(tied, name, choice)
        cw.vote(rejected, name, "no")
    cw.vote(tied, "university", "no")
    cw.close(meeting)
    adopted = actions.decide_item(tied, actor=cw.manager, now=DURING_VOTE)
    actions.decide_item(rejected, actor=cw.manager, now=DURING_VOTE)
    client = _client(cw.manager)
    page = _meeting_page(client, meeting)
    assert "a tie decided by the chair's casting vote" in page
    assert "Decided, without a resolution number" in page
    docx = Document(BytesIO(client.get(f"{BASE}/meetings/{meeting.pk}/minutes.docx").content))
    text = "\n".join(p.text for p in docx.paragraphs)
    assert f"Resolution {adopted.number}: adopted." in text
    assert "The votes were tied; the chair's casting vote decided." in text
    assert "Decided, without a resolution number: not adopted." in text
    listing = client.get(f"{BASE}/resolutions/").content.decode()
    assert "<td>—</td>" in listing


def test_a_member_recused_from_every_intention_for_different_reasons_cannot_vote(
    cw: CommitteeWorld, open_call: tuple[AgendaItem, ProjectIntention, ProjectIntention]
) -> None:
    # Given Přerov's member, recused from Přerov's intention as its applicant, who declares a
    # conflict of interest on the university's intention
    item, _shared, own = open_call
    conflicted = _client(cw.user("conflicted"))
    response = conflicted.post(
        f"{BASE}/items/{item.pk}/conflict/",
        {"member": cw.members["conflicted"].pk, "intention": own.pk, "reason": "Co-author."},
    )
    assert response.status_code == 302
    # Then they are recused from the whole item, and the page says why
    page = _meeting_page(conflicted, item.meeting)
    assert "Conflicted (recused from every project intention on it)" in page
    assert "You are recused from this item (conflict of interest)." in page
    response = conflicted.post(
        f"{BASE}/items/{item.pk}/vote/",
        {"member": cw.members["conflicted"].pk, "choice": "yes", "confirmed": "on"},
    )
    assert response.status_code == 422
    assert "they are recused from all of it (a declared conflict of interest)" in (
        response.content.decode()
    )
