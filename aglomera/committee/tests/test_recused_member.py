"""A member recused from an item (their organisation is concerned by it, or they declared a
conflict of interest) is not offered it: the meeting page says so instead of the vote buttons, the
confirmation and the cast refuse it, and the to-do list does not count it (issue 11).

The world (aglomera/committee/tests/world.py): `conflicted` represents Přerov, the applicant of
the intentions; `university` the other organisation; the chair and `plain` represent nobody;
`alternate` stands in for `plain`."""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db.models import Exists
from django.test import Client
from django.utils import timezone

from aglomera.accounts.models import User
from aglomera.committee import actions, transitions
from aglomera.committee.models import (
    AgendaItem,
    CommitteeMember,
    DecisionKind,
    Meeting,
    MeetingStatus,
    Vote,
)
from aglomera.committee.queries import counting
from aglomera.committee.tests.world import CommitteeWorld
from aglomera.intentions.models import IntentionStatus

pytestmark = pytest.mark.django_db
S = IntentionStatus
BASE = "/en/app/olomouc/committee"
Maker = Callable[[CommitteeWorld, Meeting], AgendaItem]
RECUSED = "You are recused from this item (conflict of interest)."


def _open_meeting(cw: CommitteeWorld, *add: Maker) -> list[AgendaItem]:
    """A written vote open now, with the items `add` puts on its agenda."""
    meeting = cw.per_rollam(starts_at=timezone.now() - timedelta(days=1))
    items = [make(cw, meeting) for make in add]
    transitions.transition(meeting, MeetingStatus.VOTING, actor=cw.manager)
    return items


def _prerov_call(cw: CommitteeWorld, meeting: Meeting) -> AgendaItem:
    """A call item whose one intention is Přerov's: `conflicted` is recused from all of it."""
    cw.world.intention(status=S.RECOMMENDED, name={"cs": "Školka Přerov"})
    return cw.call_item(meeting, "Výzva 2: záměry")


def _other(cw: CommitteeWorld, meeting: Meeting) -> AgendaItem:
    return cw.other_item(meeting, "Informace o čerpání")


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response: object) -> str:
    content = response.content.decode()  # type: ignore[attr-defined]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content)))


def _section(page: str, item: AgendaItem) -> str:
    start = page.index(f'aria-labelledby="item-{item.pk}"')
    return page[start : page.index("</section>", start)]


# ---- the meeting page, the confirmation and the cast --------------------------------------------


def test_the_recused_member_reads_a_sentence_instead_of_the_vote_buttons(
    cw: CommitteeWorld,
) -> None:
    recused, other = _open_meeting(cw, _prerov_call, _other)
    page = _client(cw.user("conflicted")).get(f"{BASE}/meetings/{recused.meeting_id}/")
    content = page.content.decode()
    # Then the item they are recused from has the sentence and no vote buttons ...
    on_recused = _section(content, recused)
    assert RECUSED in html.unescape(on_recused)
    assert "vote-choices" not in on_recused
    # ... and the other item is offered as usual
    on_other = _section(content, other)
    assert "vote-choices" in on_other
    assert RECUSED not in html.unescape(on_other)
    # And a member who is not recused gets the buttons on both
    chair = _client(cw.user("chair")).get(f"{BASE}/meetings/{recused.meeting_id}/")
    assert "vote-choices" in _section(chair.content.decode(), recused)
    assert RECUSED not in html.unescape(chair.content.decode())


def test_the_alternate_of_a_recused_member_reads_whom_it_concerns(cw: CommitteeWorld) -> None:
    (item,) = _open_meeting(cw, _other)
    actions.declare_conflict(item, cw.members["plain"], reason="My firm.", actor=cw.manager)
    assert cw.alternate is not None
    page = _client(User.objects.get(pk=cw.alternate.pk)).get(f"{BASE}/meetings/{item.meeting_id}/")
    section = html.unescape(_section(page.content.decode(), item))
    assert "Plain cannot vote on this item: they are recused from all of it" in section
    assert "vote-choices" not in section
    asked = _client(User.objects.get(pk=cw.alternate.pk)).get(
        f"{BASE}/items/{item.pk}/vote/", {"member": str(cw.members["plain"].pk), "choice": "yes"}
    )
    assert asked.status_code == 422
    assert "Plain cannot vote on this item (conflict of interest)." in _text(asked)


def test_the_confirmation_and_the_cast_refuse_a_recused_member(cw: CommitteeWorld) -> None:
    (item,) = _open_meeting(cw, _prerov_call)
    conflicted = _client(cw.user("conflicted"))
    url = f"{BASE}/items/{item.pk}/vote/"
    member = str(cw.members["conflicted"].pk)
    # When the member asks for the confirmation page (an old page, a typed URL)
    asked = conflicted.get(url, {"member": member, "choice": "yes"})
    # Then it is refused with the sentence, and no confirmation is offered
    assert asked.status_code == 422
    assert RECUSED in _text(asked)
    assert "Confirm the vote" not in _text(asked)
    # When a confirmation is posted anyway
    data = {"member": member, "choice": "yes", "confirmed": "on", "form_token": str(uuid.uuid4())}
    cast = conflicted.post(url, data)
    # Then the action refuses it, says why, and nothing is recorded
    assert cast.status_code == 422
    assert (
        "cannot vote on this item: the organisation they represent (Statutární město Přerov) "
        "is concerned by it (conflict of interest)."
    ) in _text(cast)
    assert not Vote.objects.exists()


# ---- the SQL used by the to-do list says what the count says ------------------------------------


def _prerov_and_university(cw: CommitteeWorld, meeting: Meeting) -> AgendaItem:
    cw.world.intention(status=S.RECOMMENDED)
    cw.world.intention(status=S.RECOMMENDED, applicant=cw.world.other_org)
    return cw.call_item(meeting)


def _shared_with_partner(cw: CommitteeWorld, meeting: Meeting) -> AgendaItem:
    cw.world.intention(status=S.RECOMMENDED).partners.add(cw.world.other_org)
    return cw.call_item(meeting)


def _change_request(cw: CommitteeWorld, meeting: Meeting) -> AgendaItem:
    from aglomera.committee.tests.test_actions import _change_request as change_request

    change = change_request(cw)
    change.intention.partners.add(cw.world.other_org)
    return actions.add_agenda_item(
        meeting,
        title={"en": "Change"},
        kind=DecisionKind.CHANGE_REQUEST,
        target=change,
        actor=cw.manager,
    )


def _declared_on_whole(cw: CommitteeWorld, meeting: Meeting) -> AgendaItem:
    item = _other(cw, meeting)
    actions.declare_conflict(item, cw.members["plain"], reason="Mine.", actor=cw.manager)
    return item


def _declared_on_each(cw: CommitteeWorld, meeting: Meeting) -> AgendaItem:
    """The chair declares on both intentions; `plain` on one of them only; `conflicted` on the
    university's (and is Přerov's)."""
    item = _prerov_and_university(cw, meeting)
    first, second = (p.intention for p in item.proposals.order_by("id"))
    for member, intention in (
        ("chair", first),
        ("chair", second),
        ("plain", first),
        ("conflicted", second),
    ):
        actions.declare_conflict(
            item, cw.members[member], intention=intention, reason="Mine.", actor=cw.manager
        )
    return item


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (_prerov_call, {"conflicted"}),
        (_prerov_and_university, set()),
        (_shared_with_partner, {"conflicted", "university"}),
        (_change_request, {"conflicted", "university"}),
        (_declared_on_whole, {"plain"}),
        (_declared_on_each, {"chair", "conflicted"}),
    ],
)
def test_the_query_recuses_the_members_the_count_recuses(
    cw: CommitteeWorld, make: Maker, expected: set[str]
) -> None:
    (item,) = _open_meeting(cw, make)
    names = {member.pk: name for name, member in cw.members.items()}
    counted = counting.count_item(item, item.meeting, cw.committee).recused
    queried = {
        pk
        for pk in names
        if AgendaItem.objects.filter(pk=item.pk)
        .filter(Exists(CommitteeMember.objects.filter(pk=pk).filter(counting.recused_seat())))
        .exists()
    }
    assert {names[pk] for pk in counted} == expected
    assert queried == set(counted)
