"""Committee pages through HTTP: who sees and does what, form errors, query counts, minutes."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from docx import Document

from aglomera.accounts.models import Role, User
from aglomera.committee import actions
from aglomera.committee.models import AgendaItem, Meeting, MeetingStatus, Resolution, Vote
from aglomera.committee.tests.world import DURING_VOTE, CommitteeWorld, committee_user
from aglomera.core.models import StatusChange
from aglomera.intentions.models import IntentionStatus
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.strategy.tests.builders import make_opole, make_user

S = IntentionStatus
pytestmark = pytest.mark.django_db

ALL = {role.value for role in Role}
VIEWERS = {"manager", "coordinator", "committee", "auditor"}
MANAGER = {"manager"}


@pytest.fixture
def meeting(cw: CommitteeWorld) -> Meeting:
    """A per rollam meeting whose voting window is open now, with one call item."""
    from datetime import timedelta

    from django.utils import timezone

    cw.world.intention(status=S.RECOMMENDED)
    meeting = cw.per_rollam(starts_at=timezone.now() - timedelta(days=1))
    cw.call_item(meeting)
    return meeting


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _user(cw: CommitteeWorld, role: str) -> User:
    return User.objects.get(pk=cw.world.users[Role(role)].pk)


def _pages(cw: CommitteeWorld, meeting: Meeting) -> list[tuple[str, str, set[str]]]:
    base = f"/en/app/{cw.world.agglomeration.slug}/committee"
    item = meeting.items.get()
    return [
        ("home", f"{base}/", VIEWERS),
        ("statute", f"{base}/statute/", MANAGER),
        ("member new", f"{base}/members/new/", MANAGER),
        ("member edit", f"{base}/members/{cw.members['plain'].pk}/", MANAGER),
        ("meeting new", f"{base}/meetings/new/", MANAGER),
        ("meeting", f"{base}/meetings/{meeting.pk}/", VIEWERS),
        ("agenda", f"{base}/meetings/{meeting.pk}/agenda/", MANAGER),
        ("proposals", f"{base}/items/{item.pk}/proposals/", MANAGER),
        ("minutes", f"{base}/meetings/{meeting.pk}/minutes/", VIEWERS),
        ("minutes docx", f"{base}/meetings/{meeting.pk}/minutes.docx", VIEWERS),
        ("resolutions", f"{base}/resolutions/", VIEWERS),
    ]


@pytest.mark.parametrize("role", sorted(ALL))
def test_each_role_sees_exactly_its_pages(cw: CommitteeWorld, meeting: Meeting, role: str) -> None:
    # Given a member of the agglomeration with one role
    client = _client(_user(cw, role))
    for name, url, allowed in _pages(cw, meeting):
        # When they open each committee page
        response = client.get(url)
        # Then they get it if the role allows, otherwise 403
        assert response.status_code == (200 if role in allowed else 403), (name, role)


def test_an_outsider_gets_404_and_a_visitor_the_login(cw: CommitteeWorld, meeting: Meeting) -> None:
    outsider = make_user("opole-boss", (make_opole(), Role.MANAGER))
    for name, url, _allowed in _pages(cw, meeting):
        assert _client(outsider).get(url).status_code == 404, name
        response = _client(None).get(url)
        assert response.status_code == 302, name
        assert "/accounts/login/" in response["Location"]


def test_the_nav_links_the_committee_for_those_who_see_it(cw: CommitteeWorld) -> None:
    url = f"/en/app/{cw.world.agglomeration.slug}/"
    committee_link = f'href="/en/app/{cw.world.agglomeration.slug}/committee/"'
    assert committee_link in _client(_user(cw, "auditor")).get(url).content.decode()
    assert committee_link not in _client(_user(cw, "partner")).get(url).content.decode()


def test_without_a_committee_the_manager_is_invited_to_set_it_up(db: Any) -> None:
    # (Opole: the module's Olomouc world has its committee already)
    world = PipelineWorld.create(make_opole())
    base = f"/en/app/{world.agglomeration.slug}/committee"
    manager = world.users[Role.MANAGER]
    body = _client(manager).get(f"{base}/").content.decode()
    assert "Set up the committee" in body
    assert _client(manager).get(f"{base}/members/new/").status_code == 404
    response = _client(manager).post(
        f"{base}/statute/", {"name_en": "Board", "quorum": "0.5", "majority": "of_all"}
    )
    assert response.status_code == 302
    assert str(world.agglomeration.committee.name) == "Board"


def _post_as(cw: CommitteeWorld, role: str, url: str, data: dict[str, Any]) -> int:
    return _client(_user(cw, role)).post(url, data).status_code


@pytest.mark.parametrize("role", sorted(ALL))
def test_only_committee_members_vote_online(
    cw: CommitteeWorld, meeting: Meeting, role: str
) -> None:
    # Given open voting
    from aglomera.committee import transitions

    transitions.transition(meeting, MeetingStatus.VOTING, actor=cw.manager)
    item = meeting.items.get()
    member = cw.members["chair"]
    url = f"/en/app/olomouc/committee/items/{item.pk}/vote/"
    # When someone with the role votes for the chair
    status = _post_as(cw, role, url, {"member": member.pk, "choice": "yes", "confirmed": "on"})
    # Then only the chair's own vote counts
    if role == "committee":
        assert status == 302
        assert Vote.objects.get(item=item).member == member
    else:
        assert status == 403
        assert not Vote.objects.exists()


@pytest.mark.parametrize("role", sorted(ALL))
def test_only_the_manager_runs_the_meeting(cw: CommitteeWorld, meeting: Meeting, role: str) -> None:
    base = f"/en/app/olomouc/committee/meetings/{meeting.pk}"
    item = meeting.items.get()
    opened = _post_as(cw, role, f"{base}/transition/", {"to": "voting"})
    meeting.refresh_from_db()
    if role != "manager":
        assert opened == 403
        assert meeting.status == MeetingStatus.PLANNED
        assert _post_as(cw, role, f"/en/app/olomouc/committee/items/{item.pk}/decide/", {}) == 403
        assert _post_as(cw, role, f"/en/app/olomouc/committee/items/{item.pk}/withdraw/", {}) == 403
        return
    assert (opened, meeting.status) == (302, MeetingStatus.VOTING)
    # (the statute lets the manager close the written vote early, with a reason)
    cw.committee.early_close = True
    cw.committee.save(update_fields=["early_close"])
    closing = {"to": "closed", "reason": "Urgent decision"}
    assert _post_as(cw, role, f"{base}/transition/", closing) == 302
    assert _post_as(cw, role, f"/en/app/olomouc/committee/items/{item.pk}/decide/", {}) == 302
    assert Resolution.objects.filter(item=item, adopted=False).exists()


def test_a_second_vote_and_a_recused_vote_are_refused_with_a_message(
    cw: CommitteeWorld, meeting: Meeting
) -> None:
    from aglomera.committee import transitions

    transitions.transition(meeting, MeetingStatus.VOTING, actor=cw.manager)
    item = meeting.items.get()
    url = f"/en/app/olomouc/committee/items/{item.pk}/vote/"
    chair = _client(cw.user("chair"))
    assert (
        chair.post(
            url, {"member": cw.members["chair"].pk, "choice": "yes", "confirmed": "on"}
        ).status_code
        == 302
    )
    # When the chair votes again
    response = chair.post(
        url, {"member": cw.members["chair"].pk, "choice": "no", "confirmed": "on"}
    )
    # Then the page says why and the first vote stands
    assert response.status_code == 422
    assert "is already recorded" in response.content.decode()
    assert Vote.objects.get(item=item).choice == "yes"
    # And the member of the applicant organisation is told about the conflict of interest
    conflicted = _client(cw.user("conflicted"))
    page = conflicted.get(f"/en/app/olomouc/committee/meetings/{meeting.pk}/").content.decode()
    assert "conflict of interest" in page
    response = conflicted.post(
        url, {"member": cw.members["conflicted"].pk, "choice": "yes", "confirmed": "on"}
    )
    assert response.status_code == 422
    assert "conflict of interest" in response.content.decode()
    # A ballot for nobody is refused too
    assert chair.post(url, {"member": "x", "choice": "yes", "confirmed": "on"}).status_code == 422


def test_the_alternate_sees_a_ballot_for_the_member(cw: CommitteeWorld, meeting: Meeting) -> None:
    from aglomera.committee import transitions

    transitions.transition(meeting, MeetingStatus.VOTING, actor=cw.manager)
    page = _client(cw.alternate).get(f"/en/app/olomouc/committee/meetings/{meeting.pk}/")
    assert "Vote as the alternate of Plain" in page.content.decode()


def test_a_bad_meeting_form_keeps_the_input(cw: CommitteeWorld) -> None:
    response = _client(cw.manager).post(
        "/en/app/olomouc/committee/meetings/new/",
        {"period": "2021-2027", "form": "per_rollam", "starts_at": "2025-06-02T10:00"},
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert "A written vote is open for 1 to 60 days" in " ".join(form.errors["window_days"])
    assert form["starts_at"].value() == "2025-06-02T10:00"
    assert not Meeting.objects.exists()


def test_the_manager_plans_a_meeting_and_builds_the_agenda(cw: CommitteeWorld) -> None:
    cw.world.intention(status=S.RECOMMENDED)
    client = _client(cw.manager)
    response = client.post(
        "/en/app/olomouc/committee/meetings/new/",
        {
            "period": "2021-2027",
            "form": "in_person",
            "starts_at": "2025-06-02T10:00",
            "place": "Olomouc",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    agenda = f"/en/app/olomouc/committee/meetings/{meeting.pk}/agenda/"
    # A call item without a call is refused next to the field
    response = client.post(agenda, {"title_en": "Call 2", "kind": "call_intentions"})
    assert response.status_code == 422
    assert response.context["form"].errors["call"]
    response = client.post(
        agenda, {"title_en": "Call 2", "kind": "call_intentions", "call": cw.world.call.pk}
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get()
    intention = item.proposals.get().intention
    # The manager changes the proposal
    response = client.post(
        f"/en/app/olomouc/committee/items/{item.pk}/proposals/",
        {f"decision_{intention.pk}": "deferred"},
    )
    assert response.status_code == 302
    assert item.proposals.get().decision == "deferred"
    response = client.post(
        f"/en/app/olomouc/committee/items/{item.pk}/proposals/", {f"decision_{intention.pk}": ""}
    )
    assert response.status_code == 422
    # An item about something else has no proposals page
    other = cw.other_item(meeting)
    assert client.get(f"/en/app/olomouc/committee/items/{other.pk}/proposals/").status_code == 404


def test_the_manager_maintains_members_and_the_statute(cw: CommitteeWorld) -> None:
    client = _client(cw.manager)
    newcomer = committee_user(cw.world, "newcomer")
    response = client.post(
        "/en/app/olomouc/committee/members/new/",
        {"user": newcomer.pk, "organisation": cw.world.other_org.pk},
    )
    assert response.status_code == 302
    response = client.post("/en/app/olomouc/committee/members/new/", {"user": newcomer.pk})
    assert response.status_code == 422
    assert "already a member" in response.content.decode()
    member = cw.members["plain"]
    response = client.post(
        f"/en/app/olomouc/committee/members/{member.pk}/", {"alternate": "", "active": ""}
    )
    member.refresh_from_db()
    assert (response.status_code, member.active) == (302, False)
    response = client.post(
        "/en/app/olomouc/committee/statute/",
        {"name_en": "Board", "quorum": "1.5", "majority": "of_all"},
    )
    assert response.status_code == 422


def test_in_person_the_manager_records_attendance_and_room_votes(cw: CommitteeWorld) -> None:
    meeting = cw.in_person()
    item = cw.other_item(meeting)
    client = _client(cw.manager)
    base = f"/en/app/olomouc/committee/meetings/{meeting.pk}"
    m = cw.members
    presence = {f"member_{mm.pk}": "present" for mm in m.values()}
    presence[f"member_{m['plain'].pk}"] = "alternate"
    assert client.post(f"{base}/attendance/", presence).status_code == 302
    assert client.post(f"{base}/attendance/", {}).status_code == 422
    assert "Record attendance" in client.get(f"{base}/").content.decode()
    client.post(f"{base}/transition/", {"to": "voting"})
    room = f"/en/app/olomouc/committee/items/{item.pk}/room-votes/"
    votes = {f"vote_{mm.pk}": "yes" for mm in m.values()}
    assert client.post(room, votes).status_code == 302
    assert Vote.objects.filter(item=item).count() == 4
    assert client.post(room, {f"vote_{m['chair'].pk}": "perhaps"}).status_code == 422
    assert client.post(room, {f"vote_{m['chair'].pk}": "no"}).status_code == 422
    assert client.post(f"{base}/transition/", {"to": "bogus"}).status_code == 422
    assert client.post(f"{base}/transition/", {"to": "cancelled"}).status_code == 422
    # Everyone voted: the item can be decided while voting is open
    decide = f"/en/app/olomouc/committee/items/{item.pk}/decide/"
    assert client.post(decide, {"text": "Adopted as proposed."}).status_code == 302
    resolution = Resolution.objects.get()
    assert (resolution.adopted, resolution.text) == (True, "Adopted as proposed.")
    minutes = client.get(f"{base}/minutes/").content.decode()
    assert resolution.number in minutes
    assert "represented by the alternate" in minutes
    docx = Document(BytesIO(client.get(f"{base}/minutes.docx").content))
    text = "\n".join(p.text for p in docx.paragraphs)
    assert resolution.number in text
    assert "represented by the alternate" in "\n".join(
        c.text for t in docx.tables for r in t.rows for c in r.cells
    )


def test_the_minutes_docx_lists_every_resolution(cw: CommitteeWorld, meeting: Meeting) -> None:
    # Given a written vote with two decided items, one with a recused member
    other = cw.other_item(meeting, "Report")
    from aglomera.committee import transitions

    transitions.transition(meeting, MeetingStatus.VOTING, actor=cw.manager)
    item = meeting.items.get(order=1)
    actions.cast_vote(item, cw.members["chair"], "yes", actor=cw.user("chair"))
    actions.cast_vote(other, cw.members["chair"], "no", actor=cw.user("chair"))
    cw.committee.early_close = True  # the statute allows closing the written vote early
    cw.committee.save(update_fields=["early_close"])
    transitions.transition(meeting, MeetingStatus.CLOSED, actor=cw.manager, reason="Urgent")
    numbers = [actions.decide_item(i, actor=cw.manager).number for i in (item, other)]
    # When the minutes are downloaded
    response = _client(cw.manager).get(
        f"/en/app/olomouc/committee/meetings/{meeting.pk}/minutes.docx"
    )
    # Then it is a DOCX that opens, naming both resolutions, the vote and the recusal
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
    for number in numbers:
        assert f"Resolution {number}" in text
    assert "conflict of interest: Conflicted" in text
    assert "olomouc-committee: voted" in text
    assert "University: did not vote" in text
    resolutions = _client(_user(cw, "auditor")).get("/en/app/olomouc/committee/resolutions/")
    assert all(n in resolutions.content.decode() for n in numbers)


def test_the_minutes_docx_survives_control_characters_pasted_into_the_texts(
    cw: CommitteeWorld, meeting: Meeting
) -> None:
    # Given an item title and a place pasted from Word with its line break (U+000B) and a U+001F
    meeting.items.filter(order=1).update(title="Zpráva\x0bo plnění\x1f")
    type(meeting).objects.filter(pk=meeting.pk).update(place="Olomouc,\x0bHorní náměstí")
    # When the minutes are downloaded
    response = _client(cw.manager).get(
        f"/en/app/olomouc/committee/meetings/{meeting.pk}/minutes.docx"
    )
    # Then the DOCX opens with the texts, line breaks kept and the stray character dropped
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
    assert "Zpráva\no plnění" in text
    assert "\x1f" not in text


def _grow(cw: CommitteeWorld, meeting: Meeting, items: int) -> None:
    for index in range(items):
        cw.other_item(meeting, f"Item {index}")


def _count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_meeting_page_runs_a_fixed_number_of_queries(cw: CommitteeWorld) -> None:
    from aglomera.committee import transitions

    # Given a small meeting and a large one (more call intentions, items and votes)
    cw.world.intention(status=S.RECOMMENDED)
    small = cw.per_rollam(starts_at=DURING_VOTE)
    cw.call_item(small)
    for _ in range(6):
        partnered = cw.world.intention(status=S.RECOMMENDED, applicant=cw.world.other_org)
        partnered.partners.add(cw.world.applicant_org)
    large = cw.per_rollam(starts_at=DURING_VOTE)
    call_item = cw.call_item(large)
    _grow(cw, large, 8)
    # (with declared conflicts of interest, on intentions and on whole items)
    for proposal in call_item.proposals.all()[:3]:
        actions.declare_conflict(
            call_item,
            cw.members["plain"],
            intention=proposal.intention,
            reason="Related.",
            actor=cw.manager,
        )
    for item in large.items.exclude(pk=call_item.pk):
        actions.declare_conflict(item, cw.members["chair"], reason="Mine.", actor=cw.manager)
    for meeting in (small, large):
        cw.other_item(meeting, "Last")
        transitions.transition(meeting, MeetingStatus.VOTING, actor=cw.manager, now=DURING_VOTE)
    for item in large.items.all():
        for name in ("plain", "university"):
            if item == call_item and name == "university":
                continue  # (the university applies for every intention on it)
            actions.cast_vote(item, cw.members[name], "yes", actor=cw.user(name), now=DURING_VOTE)
    client = _client(cw.user("chair"))
    base = "/en/app/olomouc/committee/meetings"
    # Then both pages (and both minutes) cost the same number of queries
    assert _count_queries(client, f"{base}/{small.pk}/") == _count_queries(
        client, f"{base}/{large.pk}/"
    )
    assert _count_queries(client, f"{base}/{small.pk}/minutes/") == _count_queries(
        client, f"{base}/{large.pk}/minutes/"
    )


def test_the_agenda_names_change_requests_and_amendments(cw: CommitteeWorld) -> None:
    from aglomera.committee.models import DecisionKind
    from aglomera.committee.tests.test_actions import _change_request, _submitted_amendment

    # Given an agenda with a change request and a strategy amendment
    meeting = cw.per_rollam()
    change = _change_request(cw)
    version = _submitted_amendment(cw)
    for kind, target in (
        (DecisionKind.CHANGE_REQUEST, change),
        (DecisionKind.STRATEGY_AMENDMENT, version),
    ):
        actions.add_agenda_item(
            meeting, title={"en": kind}, kind=kind, target=target, actor=cw.manager
        )
    # When the manager opens the meeting and withdraws the first item
    client = _client(cw.manager)
    page = client.get(f"/en/app/olomouc/committee/meetings/{meeting.pk}/").content.decode()
    assert str(change.intention.name) in page
    assert "Top up 2.1.1" in page
    first = meeting.items.get(order=1)
    response = client.post(f"/en/app/olomouc/committee/items/{first.pk}/withdraw/")
    assert response.status_code == 302
    # Then it is off the agenda, and withdrawing it again is refused with a message
    response = client.post(f"/en/app/olomouc/committee/items/{first.pk}/withdraw/")
    assert response.status_code == 422
    assert "already decided" in response.content.decode()


# --- closing a written vote before its window ends (issue 10, point 11) -------------------------


def _close(cw: CommitteeWorld, meeting: Meeting, reason: str = "") -> tuple[int, str]:
    response = _client(cw.manager).post(
        f"/en/app/olomouc/committee/meetings/{meeting.pk}/transition/",
        {"to": "closed", "reason": reason},
    )
    return response.status_code, response.content.decode()


def test_a_written_vote_closes_early_only_when_everyone_voted_and_with_a_reason(
    cw: CommitteeWorld, meeting: Meeting
) -> None:
    # Given a written vote whose window is open, where only the chair has voted
    from aglomera.committee import transitions

    transitions.transition(meeting, MeetingStatus.VOTING, actor=cw.manager)
    item = meeting.items.get()
    actions.cast_vote(item, cw.members["chair"], "yes", actor=cw.user("chair"))
    # When the manager closes it early, the statute not allowing it: refused, nothing changes
    status, page = _close(cw, meeting, "We have enough votes")
    meeting.refresh_from_db()
    assert (status, meeting.status) == (422, MeetingStatus.VOTING)
    assert "not every member has voted" in page
    # And once every member who may vote has voted, it closes early, but only with a reason
    for name, member in cw.members.items():
        if name != "chair" and not Vote.objects.filter(item=item, member=member).exists():
            try:
                actions.cast_vote(item, member, "no", actor=member.user)
            except ValidationError:
                continue  # a recused member may not vote
    status, page = _close(cw, meeting)
    assert status == 422 and "Say why the written vote closes before its window ends" in page
    status, _page = _close(cw, meeting, "Everyone voted")
    meeting.refresh_from_db()
    assert (status, meeting.status) == (302, MeetingStatus.CLOSED)
    change = StatusChange.objects.filter(object_id=meeting.pk, new_status="closed").get()
    assert change.reason == "Everyone voted"


def test_the_statute_may_allow_closing_a_written_vote_early(
    cw: CommitteeWorld, meeting: Meeting
) -> None:
    from aglomera.committee import transitions

    settings_page = _client(cw.manager).get("/en/app/olomouc/committee/statute/")
    assert "A written vote may close before its window ends" in settings_page.content.decode()
    actions.ensure_committee(cw.world.agglomeration, early_close=True, actor=cw.manager)
    transitions.transition(meeting, MeetingStatus.VOTING, actor=cw.manager)
    status, _page = _close(cw, meeting, "Urgent decision")
    meeting.refresh_from_db()
    assert (status, meeting.status) == (302, MeetingStatus.CLOSED)
