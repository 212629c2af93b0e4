"""Two reminder workers at once on PostgreSQL: every reminder still goes out exactly once.

Real connections and a real unique index, so this runs only on PostgreSQL (`make test-pg`).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail

from aglomera.accounts.models import Role
from aglomera.intentions.tests.builders import DEADLINE, PipelineWorld
from aglomera.notifications.models import ReminderSent
from aglomera.notifications.tasks import send_deadline_reminders
from aglomera.strategy.tests.test_concurrency import race

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_workers_sending_reminders_at_once_send_each_once() -> None:
    # Given drafts of two organisations whose applicants have e-mail addresses
    world = PipelineWorld.create()
    for user in (world.user(Role.APPLICANT), world.other_applicant):
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    world.intention()
    world.intention(applicant=world.other_org, created_by=world.other_applicant)
    now = (DEADLINE - timedelta(days=1)).isoformat()

    # When two workers run the reminders at the same moment
    results = race(
        lambda: send_deadline_reminders.call(now=now),
        lambda: send_deadline_reminders.call(now=now),
    )

    # Then each applicant got one reminder, and the two runs shared the work
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "olomouc-applicant@example.org",
        "olomouc-other-applicant@example.org",
    ]
    assert sum(result["calls"] for result in results) == 2
    assert ReminderSent.objects.count() == 2
