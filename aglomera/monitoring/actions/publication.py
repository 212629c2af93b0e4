"""What the list of operations (CPR 2021/1060 Art. 49(3)) published, remembered for the rules that
count from it; and the office's request to the beneficiaries for what it lacks.

A generated list records the day each intention was first published (a natural person's name is
removed two years after it). From the reports page the office (`monitoring.report`: manager,
coordinator) asks the beneficiaries of the operations the list would publish today without a
purpose or achievements (Art. 49(3)(e)) to state them: every applicant user of the intention's
organisation and the intention's author gets one e-mail in their own language, listing their
operations, what each lacks and the link to its page "Published information". The request is an
audit event, which the page shows as the last request.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import partial
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from aglomera.accounts.models import Membership, Role
from aglomera.accounts.permissions import require_perm
from aglomera.agglomerations.models import Agglomeration
from aglomera.core import once
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.core.models import AuditEvent
from aglomera.intentions.models import ProjectIntention
from aglomera.monitoring.publication_tasks import send_details_requests
from aglomera.monitoring.queries.reports import DETAILS_REQUESTED, intentions_lacking_texts
from aglomera.monitoring.reports import art49
from aglomera.notifications.recipients import reachable

# The beneficiaries are asked at most once a day (the same e-mail twice helps nobody).
REQUEST_INTERVAL = timedelta(days=1)


@transaction.atomic
def record_art49_publication(
    agglomeration: Agglomeration, intention_ids: Iterable[int], *, on: date, actor: Actor
) -> int:
    """The day each intention was first published in the list of operations (a later list
    never moves it): a natural person's name leaves the list two years after it
    (CPR 2021/1060 Art. 49(3)). The requester of the list is the actor; returns how many
    intentions were published for the first time."""
    first_time = ProjectIntention.objects.filter(
        call__agglomeration=agglomeration,
        pk__in=list(intention_ids),
        art49_first_published_on__isnull=True,
    ).update(art49_first_published_on=on)
    if first_time:
        record(
            "monitoring.art49.first_published",
            actor=actor,
            agglomeration_id=agglomeration.pk,
            after={"on": on.isoformat(), "intentions": first_time},
        )
    return first_time


def _asked(
    agglomeration: Agglomeration, intention_ids: list[int]
) -> tuple[dict[int, list[int]], list[int]]:
    """Recipient user id -> the intentions they are asked about; and the intentions with nobody
    to ask (no applicant user with an e-mail address). Two queries."""
    intentions = list(
        ProjectIntention.objects.filter(pk__in=intention_ids)
        .select_related("created_by")
        .order_by("pk")
    )
    members = Membership.objects.filter(
        agglomeration=agglomeration,
        role=Role.APPLICANT,
        organisation_id__in={intention.applicant_id for intention in intentions},
    ).select_related("user")
    by_organisation: dict[int, list[Membership]] = {}
    for membership in members:
        by_organisation.setdefault(int(membership.organisation_id or 0), []).append(membership)
    asked: dict[int, list[int]] = {}
    nobody: list[int] = []
    for intention in intentions:
        people = reachable(
            [m.user for m in by_organisation.get(intention.applicant_id, [])],
            [intention.created_by],
        )
        if not people:
            nobody.append(intention.pk)
        for user in people:
            asked.setdefault(user.pk, []).append(intention.pk)
    return asked, nobody


@transaction.atomic
def request_art49_details(
    agglomeration: Agglomeration, *, actor: Actor, form_token: UUID | None = None
) -> AuditEvent:
    """Ask the beneficiaries of the operations the list would publish today without a purpose
    or achievements to state them (one e-mail per person, after the commit). The same form sent
    again returns the first request."""
    require_perm(actor, "monitoring.report", agglomeration)
    earlier = once.claim(form_token, actor=actor, model=AuditEvent)
    if earlier is not None:
        return earlier
    last = (
        AuditEvent.objects.filter(agglomeration_id=agglomeration.pk, code=DETAILS_REQUESTED)
        .order_by("-created_at")
        .first()
    )
    if last is not None and timezone.now() - last.created_at < REQUEST_INTERVAL:
        # The same people, asked again within the day, would get the same e-mail twice.
        raise ValidationError(
            _("The beneficiaries were asked on %(when)s; they can be asked again a day after that.")
            % {
                "when": formats.date_format(
                    timezone.localtime(last.created_at), "SHORT_DATETIME_FORMAT"
                )
            },
            code="too_soon",
        )
    today = timezone.localdate()
    rows = art49.build_art49_rows(agglomeration, today)
    lacking = intentions_lacking_texts(rows)
    if not lacking:
        raise ValidationError(
            _("Every operation the list would publish today has its purpose and achievements.")
        )
    asked, nobody = _asked(agglomeration, sorted(lacking))
    codes = {int(row["intention_id"]): str(row["code"]) for row in rows if row.get("intention_id")}
    if not asked:
        raise ValidationError(
            _(
                "Nobody can be asked: no applicant of these operations has an e-mail address "
                "(%(codes)s). Ask them another way, or complete the intentions yourself."
            )
            % {"codes": ", ".join(codes[pk] for pk in nobody)}
        )
    event = record(
        DETAILS_REQUESTED,
        actor=actor,
        agglomeration_id=agglomeration.pk,
        after={
            "as_of": today.isoformat(),
            "intentions": {str(pk): keys for pk, keys in sorted(lacking.items())},
            "recipients": sorted(asked),
            "asked": {str(user): pks for user, pks in sorted(asked.items())},
            "nobody_to_ask": [codes[pk] for pk in nobody],
        },
    )
    once.bind(form_token, event)
    transaction.on_commit(partial(send_details_requests.enqueue, event.pk))
    return event
