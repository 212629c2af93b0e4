"""Background tasks (django-tasks): e-mail on workflow steps, reminders before deadlines.

With the immediate backend (development, tests) a task runs inside `enqueue()`; with
TASKS_BACKEND=database it waits in the database for `manage.py db_worker`. Arguments are plain
JSON values (ids, ISO date-times) so that both work.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_tasks import task

from aglomera.accounts.models import Membership, Role, User
from aglomera.calls.models import Call, CallStatus
from aglomera.committee.models import (
    AgendaItem,
    CommitteeMember,
    ItemStatus,
    Meeting,
    MeetingForm,
    MeetingStatus,
    Vote,
)
from aglomera.core.models import StatusChange
from aglomera.intentions.models import IntentionStatus, ProjectIntention
from aglomera.notifications import emails
from aglomera.notifications.models import ReminderKind, ReminderSent
from aglomera.notifications.recipients import notice_for, reachable

logger = logging.getLogger(__name__)

# Intentions whose applicant still has to act before the call closes.
UNFINISHED = (IntentionStatus.DRAFT, IntentionStatus.RETURNED)


def enqueue_status_notification(sender: Any, *, status_change_id: int, **kwargs: Any) -> None:
    """Receiver of core.signals.status_changed (sent after commit)."""
    notify_status_change.enqueue(status_change_id)


@task()
def notify_status_change(status_change_id: int) -> int:
    """E-mail the people a committed workflow step concerns; the number of e-mails sent."""
    change = StatusChange.objects.select_related("actor").filter(pk=status_change_id).first()
    if change is None:
        return 0
    notice = notice_for(change)
    if notice is None:
        return 0
    if notice.template == "voting_open":
        meeting = notice.target
        assert isinstance(meeting, Meeting)  # noqa: S101 - narrows the type for mypy
        items = list(meeting.items.exclude(status=ItemStatus.WITHDRAWN).order_by("order"))
        messages = [
            emails.voting_open_email(meeting, items, notice, user) for user in notice.recipients
        ]
    else:
        messages = [emails.status_change_email(change, notice, user) for user in notice.recipients]
    return emails.send_all(messages)


def parse_moment(value: str | None) -> datetime:
    """`now` of a task or command: an ISO date-time (naive = the server's time zone) or now."""
    if not value:
        return timezone.now()
    moment = parse_datetime(value)
    if moment is None:
        raise ValueError(f"Not an ISO date-time: {value!r}")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def send_once(kind: str, target: Model, user: User, build: Callable[[], EmailMessage]) -> bool:
    """Send one reminder unless it went out already; safe when several workers run at once.

    The ReminderSent row is the claim: its unique constraint lets only one worker insert it,
    and the e-mail goes out inside the same transaction, so a failed send is retried next run.
    """
    content_type = ContentType.objects.get_for_model(target)
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                kind=kind, content_type=content_type, object_id=target.pk, recipient=user
            )
            build().send()
    except IntegrityError:
        return False
    except (smtplib.SMTPException, OSError):
        logger.exception("Reminder %s about %s to %s could not be sent", kind, target, user.pk)
        return False
    return True


def remind_call_deadlines(now: datetime) -> int:
    """Applicants with a draft or returned intention in a call closing within REMINDER_DAYS."""
    sent = 0
    calls = Call.objects.filter(
        status=CallStatus.ANNOUNCED,
        closes_at__gt=now,
        closes_at__lte=now + timedelta(days=settings.REMINDER_DAYS),
    ).select_related("agglomeration")
    for call in calls:
        intentions = list(
            ProjectIntention.objects.filter(call=call, status__in=UNFINISHED)
            .select_related("created_by")
            .order_by("pk")
        )
        # Who is concerned by which intentions: the organisation's applicants and the creator.
        theirs: dict[int, dict[int, ProjectIntention]] = {}
        people: list[User] = []
        applicants = Membership.objects.filter(
            agglomeration_id=call.agglomeration_id,
            role=Role.APPLICANT,
            organisation_id__in={intention.applicant_id for intention in intentions},
        ).select_related("user")
        for membership in applicants:
            people.append(membership.user)
            for intention in intentions:
                if intention.applicant_id == membership.organisation_id:
                    theirs.setdefault(membership.user_id, {})[intention.pk] = intention
        for intention in intentions:
            creator = intention.created_by
            if creator is not None:
                people.append(creator)
                theirs.setdefault(creator.pk, {})[intention.pk] = intention
        for user in reachable(people):
            mine = sorted(theirs[user.pk].values(), key=lambda intention: intention.pk)
            build = partial(emails.call_deadline_email, call, mine, user)
            sent += send_once(ReminderKind.CALL_DEADLINE, call, user, build)
    return sent


def remind_voting(now: datetime) -> int:
    """Members who have not voted on every item of a per rollam meeting closing soon."""
    sent = 0
    meetings = Meeting.objects.filter(
        form=MeetingForm.PER_ROLLAM,
        status=MeetingStatus.VOTING,
        voting_closes_at__gt=now,
        voting_closes_at__lte=now + timedelta(hours=settings.REMINDER_HOURS),
    ).select_related("committee__agglomeration")
    for meeting in meetings:
        items = list(
            AgendaItem.objects.filter(meeting=meeting, status=ItemStatus.PENDING)
            .prefetch_related("concerned_organisations")
            .order_by("order")
        )
        voted = set(Vote.objects.filter(item__meeting=meeting).values_list("item_id", "member_id"))
        missing: dict[int, list[AgendaItem]] = {}
        members = CommitteeMember.objects.filter(
            committee_id=meeting.committee_id, active=True
        ).select_related("user")
        for member in members:
            # A member whose organisation is concerned cannot vote on that item.
            missing[member.user_id] = [
                item
                for item in items
                if (item.pk, member.pk) not in voted
                and member.organisation_id
                not in {organisation.pk for organisation in item.concerned_organisations.all()}
            ]
        for user in reachable(member.user for member in members if missing[member.user_id]):
            build = partial(emails.voting_reminder_email, meeting, missing[user.pk], user)
            sent += send_once(ReminderKind.VOTING_CLOSES, meeting, user, build)
    return sent


@task()
def send_deadline_reminders(now: str | None = None) -> dict[str, int]:
    """Reminders before call deadlines and per rollam voting windows close; each goes once."""
    moment = parse_moment(now)
    return {"calls": remind_call_deadlines(moment), "voting": remind_voting(moment)}
