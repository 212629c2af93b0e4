"""A vote cast online in two steps: the choice, then a page naming the voter, the item and the
choice, whose confirmation alone casts it (issue 11, point 11)."""

from __future__ import annotations

import html
import re
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from aglomera.accounts.models import User
from aglomera.committee import transitions
from aglomera.committee.models import AgendaItem, Meeting, MeetingStatus, Vote
from aglomera.committee.tests.world import CommitteeWorld
from aglomera.core.models import AuditEvent
from aglomera.intentions.models import IntentionStatus

pytestmark = pytest.mark.django_db
BASE = "/en/app/olomouc/committee"


@pytest.fixture
def item(cw: CommitteeWorld) -> AgendaItem:
    """The call item of a written vote open now (one recommended intention on it)."""
    cw.world.intention(status=IntentionStatus.RECOMMENDED, name={"cs": "Školka Přerov-Předmostí"})
    meeting = cw.per_rollam(starts_at=timezone.now() - timedelta(days=1))
    item = cw.call_item(meeting, "Výzva 2: záměry")
    transitions.transition(meeting, MeetingStatus.VOTING, actor=cw.manager)
    return item


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _named(cw: CommitteeWorld, name: str, first: str, last: str) -> User:
    user = cw.user(name)
    user.first_name, user.last_name = first, last
    user.save(update_fields=["first_name", "last_name"])
    return cw.user(name)


def _text(response: object) -> str:
    content = response.content.decode()  # type: ignore[attr-defined]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content)))


def _ask(member: int | str, choice: str) -> dict[str, str]:
    return {"member": str(member), "choice": choice}


def _meeting_label(meeting: Meeting) -> str:
    return f"{meeting.number}/{meeting.period}"


def test_the_choice_is_shown_and_only_its_confirmation_casts_the_vote(
    cw: CommitteeWorld, item: AgendaItem
) -> None:
    chair = _client(_named(cw, "chair", "Jana", "Nováková"))
    member = cw.members["chair"].pk
    # Given the meeting page: three distinct choices, each with its icon and word, asked by GET
    page = chair.get(f"{BASE}/meetings/{item.meeting_id}/").content.decode()
    form = page[page.rindex("<form", 0, page.index("vote-choices")) :]
    form = form[: form.index("</form>")]
    assert 'method="get"' in form
    for value, icon, word in (
        ("yes", "✔", "For"),
        ("no", "✘", "Against"),
        ("abstain", "○", "Abstain"),
    ):
        button = re.search(rf'<button[^>]*value="{value}"[^>]*>(.*?)</button>', form, re.S)
        assert button is not None
        assert f'class="vote-{value}"' in button.group(0)
        assert icon in button.group(1) and word in button.group(1)
    # When the chair chooses "against"
    response = chair.get(f"{BASE}/items/{item.pk}/vote/", _ask(member, "no"))
    # Then the confirmation names the person, the meeting, the item, its intention and the choice
    assert response.status_code == 200
    text = _text(response)
    assert "Confirm your vote" in text
    assert "Voter Jana Nováková" in text
    assert "olomouc-committee" not in text.replace("olomouc-committee-", "")
    assert f"Meeting {_meeting_label(item.meeting)}" in text
    assert f"Agenda item {item.order}. Výzva 2: záměry" in text
    assert "Školka Přerov-Předmostí" in text
    assert "Your choice ✘ Against" in text
    # And nothing is cast yet
    assert not Vote.objects.exists()
    # When the chair confirms
    token = str(uuid.uuid4())
    data = {"member": member, "choice": "no", "confirmed": "on", "form_token": token}
    response = chair.post(f"{BASE}/items/{item.pk}/vote/", data, follow=True)
    # Then the vote is cast, and the receipt names the person, the item and the choice
    assert response.redirect_chain[-1][1] == 302
    vote = Vote.objects.get()
    assert (vote.member_id, vote.choice, vote.cast_by_id) == (member, "no", cw.user("chair").pk)
    assert (
        f"The vote is recorded: Jana Nováková, item {item.order}. Výzva 2: záměry of meeting "
        f"{_meeting_label(item.meeting)}: against."
    ) in _text(response)


def test_a_post_without_the_confirmation_only_asks_for_it(
    cw: CommitteeWorld, item: AgendaItem
) -> None:
    # Given a ballot posted by an old page, without the confirmation step
    chair = _client(cw.user("chair"))
    response = chair.post(f"{BASE}/items/{item.pk}/vote/", _ask(cw.members["chair"].pk, "yes"))
    # Then it is the confirmation page, and nothing is cast
    assert response.status_code == 200
    assert "Your choice ✔ For" in _text(response)
    assert not Vote.objects.exists()


def test_without_a_name_the_login_stands_for_the_person(
    cw: CommitteeWorld, item: AgendaItem
) -> None:
    chair = _client(cw.user("chair"))  # the chair's user has no first or last name
    response = chair.get(f"{BASE}/items/{item.pk}/vote/", _ask(cw.members["chair"].pk, "abstain"))
    assert "Voter olomouc-committee" in _text(response)
    assert "Your choice ○ Abstain" in _text(response)


def test_the_confirmation_sent_twice_casts_one_vote(cw: CommitteeWorld, item: AgendaItem) -> None:
    chair = _client(cw.user("chair"))
    data = {
        "member": cw.members["chair"].pk,
        "choice": "yes",
        "confirmed": "on",
        "form_token": str(uuid.uuid4()),
    }
    url = f"{BASE}/items/{item.pk}/vote/"
    # When the same confirmation is sent twice (a double click)
    first = chair.post(url, data)
    second = chair.post(url, data)
    # Then both answers lead back to the meeting, and one vote is cast and audited
    assert (first.status_code, second.status_code) == (302, 302)
    assert first["Location"] == second["Location"]
    assert Vote.objects.filter(item=item).count() == 1
    assert AuditEvent.objects.filter(code="committee.vote.cast").count() == 1
    # And another confirmation (a second tab) is refused with the reason
    data["form_token"], data["choice"] = str(uuid.uuid4()), "no"
    again = chair.post(url, data)
    assert again.status_code == 422
    assert "is already recorded" in _text(again)
    assert Vote.objects.get(item=item).choice == "yes"
    # And asking to confirm a vote already cast says so at once
    asked = chair.get(url, _ask(cw.members["chair"].pk, "no"))
    assert asked.status_code == 422
    assert "is already recorded" in _text(asked)


def test_the_alternate_is_named_with_the_member_they_vote_for(
    cw: CommitteeWorld, item: AgendaItem
) -> None:
    _named(cw, "plain", "Petr", "Dvořák")
    alternate = User.objects.get(pk=cw.alternate.pk)  # type: ignore[union-attr]
    alternate.first_name, alternate.last_name = "Eva", "Malá"
    alternate.save(update_fields=["first_name", "last_name"])
    client = _client(User.objects.get(pk=alternate.pk))
    member = cw.members["plain"].pk
    url = f"{BASE}/items/{item.pk}/vote/"
    asked = client.get(url, _ask(member, "yes"))
    assert "Voter Eva Malá, as the alternate of Petr Dvořák" in _text(asked)
    data = {"member": member, "choice": "yes", "confirmed": "on", "form_token": str(uuid.uuid4())}
    done = client.post(url, data, follow=True)
    assert (
        "The vote is recorded: Eva Malá as the alternate of Petr Dvořák, item "
        f"{item.order}. Výzva 2: záměry of meeting {_meeting_label(item.meeting)}: for."
    ) in _text(done)
    assert Vote.objects.get().member_id == member


@pytest.mark.parametrize(
    "query",
    [
        {},
        _ask("x", "yes"),
        _ask("1", "maybe"),
        _ask("999999", "yes"),
    ],
)
def test_a_bad_choice_is_refused_with_a_message(
    cw: CommitteeWorld, item: AgendaItem, query: dict[str, str]
) -> None:
    response = _client(cw.user("chair")).get(f"{BASE}/items/{item.pk}/vote/", query)
    assert response.status_code == 422
    assert "Choose for whom and how to vote." in _text(response)
    assert not Vote.objects.exists()


def test_no_one_confirms_a_vote_for_another_member_or_a_recused_one(
    cw: CommitteeWorld, item: AgendaItem
) -> None:
    url = f"{BASE}/items/{item.pk}/vote/"
    chair = _client(cw.user("chair"))
    other = chair.get(url, _ask(cw.members["university"].pk, "yes"))
    assert other.status_code == 422
    assert "You can vote only for yourself" in _text(other)
    conflicted = _client(cw.user("conflicted"))
    recused = conflicted.get(url, _ask(cw.members["conflicted"].pk, "yes"))
    assert recused.status_code == 422
    assert "You are recused from this item (conflict of interest)." in _text(recused)
    # and a manager (not a member) is not offered the step at all
    assert _client(cw.manager).get(url, {"member": cw.members["chair"].pk}).status_code == 403


def test_the_confirmation_runs_a_fixed_number_of_queries(
    cw: CommitteeWorld, item: AgendaItem
) -> None:
    def count(on: AgendaItem) -> int:
        client = _client(cw.user("chair"))
        query = _ask(cw.members["chair"].pk, "yes")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"{BASE}/items/{on.pk}/vote/", query).status_code == 200
        return len(ctx.captured_queries)

    small = count(item)
    # Given a bigger meeting: more intentions on the call item, more items, votes cast
    for _ in range(4):
        cw.world.intention(status=IntentionStatus.RECOMMENDED)
    meeting = cw.per_rollam(starts_at=timezone.now() - timedelta(days=1))
    big = cw.call_item(meeting)
    for index in range(5):
        cw.other_item(meeting, f"Item {index}")
    transitions.transition(meeting, MeetingStatus.VOTING, actor=cw.manager)
    from aglomera.committee import actions

    for other in meeting.items.exclude(pk=big.pk):
        actions.cast_vote(other, cw.members["plain"], "yes", actor=cw.user("plain"))
    assert count(big) == small
