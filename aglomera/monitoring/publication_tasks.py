"""Background sending of the office's request for the purposes and achievements of the list of
operations (django-tasks; see aglomera/notifications/tasks.py).

`send_details_requests(event_id)` reads the request (an audit event written by
actions/publication.request_art49_details) and e-mails each person asked, rendered in their own
language (their chosen one, else the agglomeration's), with a link to each operation's page
"Published information" in that language. What an operation still lacks is read again when the
e-mail is written: an operation completed meanwhile is left out, and a person with nothing left
gets no e-mail.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from aglomera.accounts.models import User
from aglomera.agglomerations.models import Agglomeration
from aglomera.core.models import AuditEvent
from aglomera.intentions.models import ProjectIntention
from aglomera.monitoring.queries.reports import ITEM_LABELS, intentions_lacking_texts
from aglomera.monitoring.reports import art49
from aglomera.notifications import emails


def _lines(
    user: User,
    agglomeration: Agglomeration,
    intentions: list[ProjectIntention],
    lacking: dict[int, list[str]],
    codes: dict[int, str],
) -> list[dict[str, Any]]:
    """The user's operations in their language: name, code, what it lacks, the page's link."""
    with translation.override(emails.language_for(user, agglomeration)):
        return [
            {
                "name": str(intention.name),
                "code": codes.get(intention.pk, ""),
                "missing": ", ".join(str(ITEM_LABELS[key]) for key in lacking[intention.pk]),
                "link": emails.absolute_url(
                    reverse(
                        "intentions:publication",
                        kwargs={"slug": agglomeration.slug, "pk": intention.pk},
                    )
                ),
            }
            for intention in intentions
            if intention.pk in lacking
        ]


@task()
def send_details_requests(event_id: int) -> int:
    """E-mail the people a request asks; the number of e-mails sent."""
    event = (
        AuditEvent.objects.select_related("agglomeration", "actor")
        .filter(pk=event_id, code="monitoring.art49.details_requested")
        .first()
    )
    if event is None or event.agglomeration is None:
        return 0
    agglomeration = event.agglomeration
    asked: dict[str, list[int]] = (event.after or {}).get("asked") or {}
    rows = art49.build_art49_rows(agglomeration, timezone.localdate())
    lacking = intentions_lacking_texts(rows)
    codes = {int(row["intention_id"]): str(row["code"]) for row in rows if row.get("intention_id")}
    wanted = {pk for pks in asked.values() for pk in pks}
    intentions = {
        intention.pk: intention
        for intention in ProjectIntention.objects.filter(pk__in=wanted).order_by("pk")
    }
    users = User.objects.filter(pk__in=[int(pk) for pk in asked], is_active=True).order_by("pk")
    messages = []
    for user in users:
        mine = [intentions[pk] for pk in asked[str(user.pk)] if pk in intentions]
        lines = _lines(user, agglomeration, mine, lacking, codes)
        if not lines or not user.email:
            continue
        context = {"operations": lines, "requested_by": event.actor}
        messages.append(
            emails.render_email("art49_request", context, user=user, agglomeration=agglomeration)
        )
    return emails.send_all(messages)
