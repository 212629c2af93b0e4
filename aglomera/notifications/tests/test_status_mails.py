"""E-mail on workflow steps: who gets it, in which language, with what, and only after commit."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from aglomera.accounts.models import Membership, Role, User
from aglomera.agglomerations.models import Agglomeration
from aglomera.calls import transitions as call_transitions
from aglomera.calls.models import CallStatus
from aglomera.committee import transitions as meeting_transitions
from aglomera.committee.models import CommitteeMember, Meeting, MeetingForm, MeetingStatus
from aglomera.core.models import StatusChange
from aglomera.intentions import transitions
from aglomera.intentions.models import ChangeRequest, ChangeStatus, ProjectIntention
from aglomera.intentions.models import IntentionStatus as S
from aglomera.intentions.tests.builders import DURING, PipelineWorld
from aglomera.notifications.emails import LINKS, language_for, object_path
from aglomera.notifications.tasks import notify_status_change
from aglomera.notifications.tests.helpers import CommitteeWorld, person

Capture = Callable[..., AbstractContextManager[Any]]

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> PipelineWorld:
    world = PipelineWorld.create()
    for user in [*world.users.values(), world.other_applicant]:
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    return world


def applicant(world: PipelineWorld, language: str = "") -> User:
    user = world.user(Role.APPLICANT)
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    return user


def mails_to(user: User) -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if user.email in message.to]


def test_it_mails_the_applicant_in_czech_when_the_intention_is_submitted(
    world: PipelineWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    # Given an applicant who reads Czech and a draft intention of their organisation
    user = applicant(world, "cs")
    intention = world.intention(name="Mateřská škola Přerov")

    # When they submit it (and the transaction commits)
    with django_capture_on_commit_callbacks(execute=True):
        transitions.transition(intention, S.SUBMITTED, actor=user, now=DURING)

    # Then they get exactly one mail, in Czech, naming the intention and its new state
    [message] = mails_to(user)
    with translation.override("cs"):
        submitted = str(S.SUBMITTED.label)
        draft = str(S.DRAFT.label)
    assert "Mateřská škola Přerov" in message.subject
    assert submitted in message.subject
    assert f"„{draft}“" in message.body
    assert f"http://127.0.0.1:8000/cs/app/olomouc/intentions/{intention.pk}/" in message.body
    assert len(mail.outbox) == 1


def test_it_includes_the_reason_when_the_intention_is_returned(
    world: PipelineWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    # Given a submitted intention
    user = applicant(world, "en")
    intention = world.intention(status=S.SUBMITTED)

    # When the coordinator returns it with a reason
    with django_capture_on_commit_callbacks(execute=True):
        transitions.transition(
            intention,
            S.RETURNED,
            actor=world.user(Role.COORDINATOR),
            reason="Chybí položkový rozpočet & mapa <stavby>.",
        )

    # Then the applicant's mail names the step and carries the reason unescaped
    [message] = mails_to(user)
    assert "Returned for completion" in message.subject
    assert "Chybí položkový rozpočet & mapa <stavby>." in message.body
    assert "Changed by olomouc-coordinator." in message.body


@pytest.mark.parametrize(
    ("status", "actor_role"),
    [
        (S.RECOMMENDED, Role.COORDINATOR),
        (S.COMPLIANT, Role.MANAGER),
        (S.STATEMENT_ISSUED, Role.MANAGER),
        (S.LEGAL_ACT, Role.COORDINATOR),
        (S.WITHDRAWN, Role.APPLICANT),
    ],
)
def test_it_mails_the_applicant_on_every_later_step(
    world: PipelineWorld,
    django_capture_on_commit_callbacks: Capture,
    status: str,
    actor_role: Role,
) -> None:
    # Given an applicant (no language chosen: the agglomeration's Czech is used)
    user = applicant(world)

    # When the intention is walked to the state with every step committed
    with django_capture_on_commit_callbacks(execute=True):
        world.intention(status=status)

    # Then the last mail names the state reached, in Czech
    with translation.override("cs"):
        label = str(S(status).label)
    assert label in mails_to(user)[-1].subject


def test_it_sends_nothing_when_the_transaction_rolls_back(
    world: PipelineWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    # Given a draft intention
    user = applicant(world)
    intention = world.intention()

    # When the submission is rolled back after the step was logged
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        transitions.transition(intention, S.SUBMITTED, actor=user, now=DURING)
        raise RuntimeError

    # Then no mail goes out and nothing was scheduled
    assert mail.outbox == []
    assert callbacks == []
    intention.refresh_from_db()
    assert intention.status == S.DRAFT


def test_it_mails_every_applicant_of_the_organisation_and_the_creator_once(
    world: PipelineWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    # Given a colleague of the applicant, a creator from elsewhere, and a member without e-mail
    colleague = person(world.agglomeration, "colleague")
    Membership.objects.create(
        user=colleague,
        agglomeration=world.agglomeration,
        role=Role.APPLICANT,
        organisation=world.applicant_org,
    )
    silent = person(world.agglomeration, "silent", email="")
    Membership.objects.create(
        user=silent,
        agglomeration=world.agglomeration,
        role=Role.APPLICANT,
        organisation=world.applicant_org,
    )
    consultant = person(world.agglomeration, "consultant")
    intention = world.intention(created_by=consultant)

    # When the intention is submitted
    with django_capture_on_commit_callbacks(execute=True):
        transitions.transition(intention, S.SUBMITTED, actor=world.user(Role.APPLICANT), now=DURING)

    # Then each of them gets one mail, the other organisation's applicant none
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == [
        "colleague@example.org",
        "consultant@example.org",
        "olomouc-applicant@example.org",
    ]


def test_it_mails_nobody_without_an_e_mail_address(
    world: PipelineWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    # Given an applicant without an e-mail address
    user = applicant(world)
    User.objects.filter(pk=user.pk).update(email="")
    intention = world.intention()

    # When they submit, then the step is announced but nothing is sent
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        transitions.transition(intention, S.SUBMITTED, actor=user, now=DURING)
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_it_mails_the_applicant_when_a_change_request_is_decided(
    world: PipelineWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    # Given a submitted change request of a compliant intention
    user = applicant(world, "en")
    intention = world.intention(status=S.STATEMENT_ISSUED)
    request = ChangeRequest.objects.create(
        intention=intention, kinds=["date_move"], justification="Stavba", requested_by=user
    )
    with django_capture_on_commit_callbacks(execute=True):
        request = transitions.transition_change(request, ChangeStatus.SUBMITTED, actor=user)
    assert mail.outbox == []  # submitting it concerns nobody else yet

    # When the manager approves it
    with django_capture_on_commit_callbacks(execute=True):
        transitions.transition_change(
            request, ChangeStatus.APPROVED, actor=world.user(Role.MANAGER), reason="OK"
        )

    # Then the applicant is told
    [message] = mails_to(user)
    assert "Approved" in message.subject
    assert "Change request" in message.subject


def test_it_mails_active_members_and_alternates_when_voting_opens(
    world: PipelineWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    # Given a committee of three, one inactive, one with an alternate, and a per rollam meeting
    committee = CommitteeWorld.create(world.agglomeration, ["member-a", "member-b", "member-c"])
    alternate = person(world.agglomeration, "alternate-a", language="en")
    CommitteeMember.objects.filter(pk=committee.members[0].pk).update(alternate=alternate)
    CommitteeMember.objects.filter(pk=committee.members[2].pk).update(active=False)
    meeting = committee.meeting(
        starts_at=DURING, voting_closes_at=DURING + timedelta(days=5), items=2
    )

    # When the manager opens the voting
    with django_capture_on_commit_callbacks(execute=True):
        meeting_transitions.transition(
            meeting, MeetingStatus.VOTING, actor=world.user(Role.MANAGER), now=DURING
        )

    # Then the active members and the alternate get the agenda, the inactive member nothing
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == [
        "alternate-a@example.org",
        "member-a@example.org",
        "member-b@example.org",
    ]
    [message] = mails_to(alternate)
    assert "1/2021-2027" in message.subject
    assert "per rollam" in message.body
    assert "1. Bod 1" in message.body
    assert "2. Bod 2" in message.body


def test_it_tells_in_person_members_that_voting_is_open(
    world: PipelineWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    # Given an in-person meeting with one agenda item
    committee = CommitteeWorld.create(world.agglomeration, ["member-a"])
    meeting = committee.meeting(form=MeetingForm.IN_PERSON, starts_at=DURING, items=1)

    # When voting opens at the meeting
    with django_capture_on_commit_callbacks(execute=True):
        meeting_transitions.transition(
            meeting, MeetingStatus.VOTING, actor=world.user(Role.MANAGER), now=DURING
        )

    # Then the member is told, without a per rollam window
    [message] = mail.outbox
    assert "per rollam" not in message.body


def test_it_notifies_nobody_of_other_steps(
    world: PipelineWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    # Given a committee and a planned meeting, and a planned call
    committee = CommitteeWorld.create(world.agglomeration, ["member-a"])
    meeting = committee.meeting(form=MeetingForm.IN_PERSON, starts_at=DURING)
    call = world.call
    manager = world.user(Role.MANAGER)

    # When the meeting is cancelled and the call closed
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        meeting_transitions.transition(meeting, MeetingStatus.CANCELLED, actor=manager)
        call_transitions.transition(call, CallStatus.CLOSED, actor=manager)

    # Then the steps were announced but nobody was mailed
    assert len(callbacks) == 2
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("workflow", "model", "status"),
    [
        ("intentions.intention", ProjectIntention, S.SUBMITTED),
        ("intentions.change_request", ChangeRequest, ChangeStatus.APPROVED),
        ("committee.meeting", Meeting, MeetingStatus.VOTING),
    ],
)
def test_it_notifies_nobody_when_the_object_is_gone(
    world: PipelineWorld, workflow: str, model: type[Any], status: str
) -> None:
    # Given a recorded step whose object no longer exists
    change = StatusChange.objects.create(
        workflow=workflow,
        content_type=ContentType.objects.get_for_model(model),
        object_id=987654,
        old_status="x",
        new_status=status,
    )

    # When the notification task runs, then nothing is sent
    assert notify_status_change.call(change.pk) == 0
    assert notify_status_change.call(change.pk + 1000) == 0
    assert mail.outbox == []


# Real commits (the worker closes its database connection after each task).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_queues_the_notification_in_the_database_with_the_database_backend(
    world: PipelineWorld,
) -> None:
    # Given the database task backend (production) and a draft intention
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    user = applicant(world, "en")
    intention = world.intention()
    database = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    with override_settings(TASKS=database):
        # When it is submitted and committed, then the mail waits in the queue
        transitions.transition(intention, S.SUBMITTED, actor=user, now=DURING)
        assert mail.outbox == []
        assert DBTaskResult.objects.count() == 1

        # And a worker sends it
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    [message] = mails_to(user)
    assert "Submitted" in message.subject


def test_it_falls_back_to_the_agglomeration_language(opole: Agglomeration) -> None:
    # Given users without a preferred language and one who reads English
    plain = User(username="plain")
    english = User(username="english", preferred_language="en")

    # Then Polish agglomerations write Polish, unless the user chose otherwise
    assert language_for(plain, opole) == "pl"
    assert language_for(english, opole) == "en"


def test_it_links_to_the_agglomeration_when_a_page_does_not_exist(
    world: PipelineWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a call whose page name is unknown
    monkeypatch.setitem(LINKS, "calls.call", [("calls:no_such_page", lambda call: {"pk": 1})])

    # Then its link falls back to the agglomeration's overview, as does an object without page
    with translation.override("en"):
        assert object_path(world.call, world.agglomeration) == "/en/app/olomouc/"
        assert object_path(world.agglomeration, world.agglomeration) == "/en/app/olomouc/"
