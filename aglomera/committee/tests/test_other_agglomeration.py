"""Every committee form offers and accepts only objects of its own agglomeration: an id of the
other agglomeration (Opole, with its own committee) is refused with a form error, and nothing is
written. The pages themselves answer 404 for the other agglomeration's objects (test_pages)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from aglomera.accounts.models import Role, User
from aglomera.committee import actions, transitions
from aglomera.committee.models import (
    AgendaItem,
    Attendance,
    CommitteeMember,
    ItemProposal,
    Meeting,
    MeetingStatus,
    Vote,
)
from aglomera.committee.tests.test_actions import _change_request, _submitted_amendment
from aglomera.committee.tests.world import CommitteeWorld, committee_user
from aglomera.core.models import AuditEvent
from aglomera.intentions.models import IntentionStatus
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.strategy.tests.builders import make_opole

pytestmark = pytest.mark.django_db

BASE = "/en/app/olomouc/committee"


@pytest.fixture
def opole(cw: CommitteeWorld) -> CommitteeWorld:
    """Opole's pipeline and committee, with one member representing its applicant."""
    world = PipelineWorld.create(make_opole())
    manager = world.users[Role.MANAGER]
    committee = actions.ensure_committee(world.agglomeration, actor=manager)
    opole = CommitteeWorld(world, committee)
    opole.members["chair"] = actions.add_member(
        committee, user=world.users[Role.COMMITTEE], organisation=world.applicant_org, actor=manager
    )
    return opole


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _written() -> list[int]:
    """What a refused form must leave as it was: the rows of the committee and the audit."""
    models = (CommitteeMember, Meeting, AgendaItem, ItemProposal, Vote, Attendance, AuditEvent)
    return [model.objects.count() for model in models]


def _refused(client: Client, url: str, data: dict[str, Any]) -> Any:
    before = _written()
    response = client.post(url, data)
    assert response.status_code == 422
    assert _written() == before
    return response


def test_the_member_forms_refuse_people_and_organisations_of_another_agglomeration(
    cw: CommitteeWorld, opole: CommitteeWorld
) -> None:
    client = _client(cw.manager)
    opole_person = opole.world.users[Role.COMMITTEE]
    response = _refused(
        client,
        f"{BASE}/members/new/",
        {"user": opole_person.pk, "alternate": opole_person.pk, "organisation": ""},
    )
    assert set(response.context["form"].errors) == {"user", "alternate"}
    response = _refused(
        client,
        f"{BASE}/members/new/",
        {"user": committee_user(cw.world, "newcomer").pk, "organisation": opole.world.other_org.pk},
    )
    assert set(response.context["form"].errors) == {"organisation"}
    member = cw.members["plain"]
    response = _refused(
        client,
        f"{BASE}/members/{member.pk}/",
        {
            "alternate": opole_person.pk,
            "organisation": opole.world.applicant_org.pk,
            "active": "on",
        },
    )
    assert set(response.context["form"].errors) == {"alternate", "organisation"}
    member.refresh_from_db()
    assert (member.alternate, member.organisation) == (cw.alternate, None)


def test_the_agenda_form_refuses_a_call_change_or_amendment_of_another_agglomeration(
    cw: CommitteeWorld, opole: CommitteeWorld
) -> None:
    # Given Opole has a call with an intention waiting, a change request referred to its
    # committee and a submitted amendment: each would be a valid item on its own agenda
    opole.world.intention(status=IntentionStatus.RECOMMENDED)
    change = _change_request(opole)
    amendment = _submitted_amendment(opole)
    meeting = cw.per_rollam()
    client = _client(cw.manager)
    url = f"{BASE}/meetings/{meeting.pk}/agenda/"
    for kind, field, pk in (
        ("call_intentions", "call", opole.world.call.pk),
        ("change_request", "change_request", change.pk),
        ("strategy_amendment", "amendment", amendment.pk),
    ):
        # When Olomouc's manager posts it as an item of an Olomouc meeting
        response = _refused(client, url, {"title_en": "Foreign", "kind": kind, field: pk})
        # Then the field says it is not a choice, and no item is added
        assert list(response.context["form"].errors) == [field], kind


def test_the_proposals_form_refuses_an_intention_of_another_agglomeration(
    cw: CommitteeWorld, opole: CommitteeWorld
) -> None:
    cw.world.intention(status=IntentionStatus.RECOMMENDED)
    foreign = opole.world.intention(status=IntentionStatus.RECOMMENDED)
    item = cw.call_item(cw.per_rollam())
    own = item.proposals.get()
    response = _refused(
        _client(cw.manager),
        f"{BASE}/items/{item.pk}/proposals/",
        {f"decision_{own.intention_id}": "deferred", f"decision_{foreign.pk}": "compliant"},
    )
    assert "not waiting for a decision" in " ".join(response.context["form"].non_field_errors())
    own.refresh_from_db()
    assert own.decision == "compliant"


def test_a_ballot_for_a_member_of_another_committee_is_refused(
    cw: CommitteeWorld, opole: CommitteeWorld
) -> None:
    cw.world.intention(status=IntentionStatus.RECOMMENDED)
    meeting = cw.per_rollam(starts_at=timezone.now() - timedelta(days=1))
    item = cw.call_item(meeting)
    transitions.transition(meeting, MeetingStatus.VOTING, actor=cw.manager)
    response = _refused(
        _client(cw.user("chair")),
        f"{BASE}/items/{item.pk}/vote/",
        {"member": opole.members["chair"].pk, "choice": "yes", "confirmed": "on"},
    )
    assert "Choose for whom and how to vote" in response.content.decode()


def test_attendance_and_room_votes_refuse_a_member_of_another_committee(
    cw: CommitteeWorld, opole: CommitteeWorld
) -> None:
    meeting = cw.in_person()
    item = cw.other_item(meeting)
    client = _client(cw.manager)
    foreign = opole.members["chair"].pk
    own = {f"member_{m.pk}": "present" for m in cw.members.values()}
    response = _refused(
        client, f"{BASE}/meetings/{meeting.pk}/attendance/", {**own, f"member_{foreign}": "present"}
    )
    assert "Record attendance of committee members only." in response.content.decode()
    # Given the attendance of the room and open voting
    assert client.post(f"{BASE}/meetings/{meeting.pk}/attendance/", own).status_code == 302
    transitions.transition(meeting, MeetingStatus.VOTING, actor=cw.manager)
    votes = {f"vote_{cw.members['chair'].pk}": "yes", f"vote_{foreign}": "yes"}
    response = _refused(client, f"{BASE}/items/{item.pk}/room-votes/", votes)
    assert "Record votes of committee members only." in response.content.decode()
