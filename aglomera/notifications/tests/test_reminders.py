"""Reminders before call deadlines and per rollam voting windows close: once, to the right people."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.test import override_settings

from aglomera.accounts.models import Membership, Role
from aglomera.committee import transitions as meeting_transitions
from aglomera.committee.models import (
    AgendaItem,
    CommitteeMember,
    Meeting,
    MeetingForm,
    MeetingStatus,
    Vote,
    VoteChoice,
)
from aglomera.intentions.models import IntentionStatus as S
from aglomera.intentions.tests.builders import DEADLINE, DURING, PipelineWorld
from aglomera.notifications import tasks
from aglomera.notifications.models import ReminderKind, ReminderSent
from aglomera.notifications.tasks import parse_moment, send_deadline_reminders
from aglomera.notifications.tests.helpers import CommitteeWorld, person

pytestmark = pytest.mark.django_db

TWO_DAYS_BEFORE = DEADLINE - timedelta(days=2)


@pytest.fixture
def world() -> PipelineWorld:
    world = PipelineWorld.create()
    for user in [*world.users.values(), world.other_applicant]:
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    return world


def remind(now: datetime) -> dict[str, int]:
    result = send_deadline_reminders.enqueue(now=now.isoformat())
    assert result.return_value is not None
    return result.return_value


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError("SMTP server down")


# --- Call deadlines --------------------------------------------------------------------------


def test_it_reminds_applicants_with_unfinished_intentions_exactly_once(
    world: PipelineWorld,
) -> None:
    # Given a draft and a returned intention of the applicant's organisation, with a colleague,
    # and a submitted intention of another organisation
    colleague = person(world.agglomeration, "colleague", language="en")
    Membership.objects.create(
        user=colleague,
        agglomeration=world.agglomeration,
        role=Role.APPLICANT,
        organisation=world.applicant_org,
    )
    world.intention(name="Školka Přerov")
    world.intention(name="Školka Kojetín", status=S.RETURNED)
    world.intention(name="Laboratoř UP", applicant=world.other_org, status=S.SUBMITTED)

    # When the reminders run two days before the deadline, twice
    first = remind(TWO_DAYS_BEFORE)
    second = remind(TWO_DAYS_BEFORE + timedelta(minutes=15))

    # Then the applicant and the colleague got one reminder each, naming both intentions
    assert first == {"calls": 2, "voting": 0}
    assert second == {"calls": 0, "voting": 0}
    assert recipients() == ["colleague@example.org", "olomouc-applicant@example.org"]
    [message] = [m for m in mail.outbox if m.to == ["colleague@example.org"]]
    assert "Call 2 closes on" in message.subject
    assert "- Školka Přerov (Draft)" in message.body
    assert "- Školka Kojetín (Returned for completion)" in message.body
    assert "Laboratoř" not in message.body
    sent = ReminderSent.objects.filter(kind=ReminderKind.CALL_DEADLINE)
    assert sent.count() == 2
    assert str(sent.first()).startswith("call_deadline ")


def test_it_reminds_the_creator_of_an_intention_too(world: PipelineWorld) -> None:
    # Given drafts of the other organisation, one created by a consultant, one by nobody known,
    # and a draft of the applicant's organisation
    consultant = person(world.agglomeration, "consultant")
    world.intention(name="Laboratoř", applicant=world.other_org, created_by=consultant)
    world.intention(name="Knihovna", applicant=world.other_org, created_by=None)
    world.intention(name="Školka")

    # When the reminders run
    remind(TWO_DAYS_BEFORE)

    # Then each organisation's applicants and the consultant are reminded of their own drafts
    assert recipients() == [
        "consultant@example.org",
        "olomouc-applicant@example.org",
        "olomouc-other-applicant@example.org",
    ]
    [consultants] = [m for m in mail.outbox if m.to == ["consultant@example.org"]]
    assert "Laboratoř" in consultants.body
    assert "Knihovna" not in consultants.body
    [other] = [m for m in mail.outbox if m.to == ["olomouc-other-applicant@example.org"]]
    assert "Laboratoř" in other.body
    assert "Knihovna" in other.body
    assert "Školka" not in other.body


@pytest.mark.parametrize(
    "now",
    [
        DEADLINE - timedelta(days=3, seconds=1),  # too early
        DEADLINE,  # closed
        DEADLINE + timedelta(days=1),  # long closed
    ],
)
def test_it_does_not_remind_outside_the_window(world: PipelineWorld, now: datetime) -> None:
    # Given a draft intention
    world.intention()

    # When the reminders run outside the REMINDER_DAYS before the deadline, then nothing goes
    assert remind(now) == {"calls": 0, "voting": 0}
    assert mail.outbox == []


def test_it_honours_the_reminder_days_setting(world: PipelineWorld) -> None:
    # Given a draft intention and reminders 7 days ahead
    world.intention()

    # When the reminders run five days before the deadline, then the applicant is reminded
    with override_settings(REMINDER_DAYS=7):
        assert remind(DEADLINE - timedelta(days=5)) == {"calls": 1, "voting": 0}


def test_it_retries_a_reminder_that_could_not_be_sent(world: PipelineWorld) -> None:
    # Given a draft intention and a mail server that is down
    world.intention()
    with override_settings(EMAIL_BACKEND=f"{__name__}.FailingBackend"):
        # When the reminders run, then nothing is recorded as sent
        assert remind(TWO_DAYS_BEFORE) == {"calls": 0, "voting": 0}
    assert not ReminderSent.objects.exists()

    # And the next run, with the server back, sends it
    assert remind(TWO_DAYS_BEFORE) == {"calls": 1, "voting": 0}


# --- Per rollam voting -----------------------------------------------------------------------


def voting_meeting(
    world: PipelineWorld, committee: CommitteeWorld, closes: datetime, **options: Any
) -> Meeting:
    meeting = committee.meeting(starts_at=DURING, voting_closes_at=closes, **options)
    return meeting_transitions.transition(
        meeting, MeetingStatus.VOTING, actor=world.user(Role.MANAGER), now=DURING
    )


def vote(member: CommitteeMember, item: AgendaItem) -> None:
    Vote.objects.create(item=item, member=member, choice=VoteChoice.YES, cast_by=member.user)


def test_it_reminds_members_who_have_not_voted_on_every_item(world: PipelineWorld) -> None:
    # Given four members: one voted on both items, one on one, one not at all, one inactive;
    # and a per rollam meeting whose window closes in 20 hours
    committee = CommitteeWorld.create(world.agglomeration, ["done", "half", "none", "gone"])
    done, half, _none, gone = committee.members
    CommitteeMember.objects.filter(pk=gone.pk).update(active=False)
    closes = DURING + timedelta(days=3)
    meeting = voting_meeting(world, committee, closes)
    first, second = meeting.items.order_by("order")
    vote(done, first)
    vote(done, second)
    vote(half, first)

    # When the reminders run, twice
    now = closes - timedelta(hours=20)
    assert remind(now) == {"calls": 0, "voting": 2}
    assert remind(now) == {"calls": 0, "voting": 0}

    # Then only the two who still have to vote are reminded, of the items they missed
    assert recipients() == ["half@example.org", "none@example.org"]
    [message] = [m for m in mail.outbox if m.to == ["half@example.org"]]
    assert "2. Bod 2" in message.body
    assert "1. Bod 1" not in message.body


def test_it_does_not_remind_a_member_about_items_they_may_not_vote_on(
    world: PipelineWorld,
) -> None:
    # Given a member representing the organisation concerned by every item, a member without
    # e-mail, and a withdrawn item
    committee = CommitteeWorld.create(world.agglomeration, ["recused", "mute"])
    recused, mute = committee.members
    CommitteeMember.objects.filter(pk=recused.pk).update(organisation=world.applicant_org)
    type(mute.user).objects.filter(pk=mute.user_id).update(email="")
    closes = DURING + timedelta(days=3)
    voting_meeting(world, committee, closes, concerned=world.applicant_org)

    # When the reminders run, then nobody is reminded
    assert remind(closes - timedelta(hours=1)) == {"calls": 0, "voting": 0}
    assert mail.outbox == []


def test_it_does_not_remind_outside_the_voting_window(world: PipelineWorld) -> None:
    # Given a per rollam meeting closing in 3 days and an in-person meeting under way
    committee = CommitteeWorld.create(world.agglomeration, ["member"])
    closes = DURING + timedelta(days=3)
    voting_meeting(world, committee, closes)
    in_person = committee.meeting(form=MeetingForm.IN_PERSON, starts_at=DURING, items=1)
    meeting_transitions.transition(
        in_person, MeetingStatus.VOTING, actor=world.user(Role.MANAGER), now=DURING
    )

    # When the reminders run 25 hours before, or after, the window closes, then nothing goes
    assert remind(closes - timedelta(hours=25)) == {"calls": 0, "voting": 0}
    assert remind(closes) == {"calls": 0, "voting": 0}
    assert mail.outbox == []


# --- The command and the clock ---------------------------------------------------------------


def test_the_command_prints_a_one_line_summary(world: PipelineWorld, capsys: Any) -> None:
    # Given a draft intention
    world.intention()

    # When cron runs the command two days before the deadline
    call_command("send_reminders", "--now", TWO_DAYS_BEFORE.isoformat())

    # Then it says what it sent
    out = capsys.readouterr().out
    assert out == "Reminders sent: 1 before call deadlines, 0 before voting closes.\n"


def test_the_command_refuses_a_malformed_date(db: None) -> None:
    with pytest.raises(CommandError, match="Not an ISO date-time"):
        call_command("send_reminders", "--now", "tomorrow")


def test_the_command_reports_a_failed_run(
    world: PipelineWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given reminders that crash
    def crash(now: datetime) -> int:
        raise RuntimeError(now)

    monkeypatch.setattr(tasks, "remind_voting", crash)

    # When the command runs, then it fails loudly
    with pytest.raises(CommandError, match="failed"):
        call_command("send_reminders")


def test_the_command_only_queues_with_the_database_backend(
    world: PipelineWorld, capsys: Any
) -> None:
    # Given the database task backend
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        # When the command runs, then it queues the task for a worker
        call_command("send_reminders")
    assert capsys.readouterr().out.startswith("Reminders queued as task ")


def test_it_reads_the_clock_from_an_iso_date_time(settings: Any) -> None:
    # A naive time is in the server's time zone; no time means now
    aware = parse_moment("2025-05-28T10:00:00+00:00")
    naive = parse_moment("2025-05-28T12:00:00")
    assert aware == naive  # Europe/Prague is UTC+2 in May
    assert parse_moment(None) > aware
