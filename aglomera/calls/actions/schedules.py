"""The yearly schedule of calls (harmonogram výzev): creating it and recording its approval."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aglomera.accounts.permissions import require_perm as _require
from aglomera.agglomerations.models import Agglomeration
from aglomera.calls.actions.calls import clean_text
from aglomera.calls.models import CallSchedule
from aglomera.core import once
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.core.dates import years_error
from aglomera.core.i18n import I18nText


@transaction.atomic
def create_schedule(
    agglomeration: Agglomeration,
    year: int,
    note: I18nText | dict[str, str] | None = None,
    *,
    actor: Actor,
    form_token: UUID | None = None,
) -> CallSchedule:
    _require(actor, "calls.manage", agglomeration)
    earlier = once.claim(form_token, actor=actor, model=CallSchedule)
    if earlier is not None:
        return earlier
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Enter a year between 2000 and 2100.")})
    Agglomeration.objects.select_for_update().get(pk=agglomeration.pk)
    if CallSchedule.objects.filter(agglomeration=agglomeration, year=year).exists():
        raise ValidationError(
            {"year": _("The call schedule for %(year)s already exists.") % {"year": year}}
        )
    schedule = CallSchedule.objects.create(
        agglomeration=agglomeration, year=year, note=clean_text(note)
    )
    once.bind(form_token, schedule)
    record(
        "calls.schedule.created",
        actor=actor,
        target=schedule,
        agglomeration_id=agglomeration.pk,
        after={"year": year, "note": dict(schedule.note)},
    )
    return schedule


@transaction.atomic
def approve_schedule(
    schedule: CallSchedule, approved_on: date, *, actor: Actor, today: date | None = None
) -> CallSchedule:
    """Record the day the steering committee approved the schedule (manager only)."""
    _require(actor, "calls.announce", schedule)
    locked = CallSchedule.objects.select_for_update().get(pk=schedule.pk)
    if problem := years_error(approved_on):
        raise ValidationError({"approved_on": problem})
    if approved_on > (today or timezone.localdate()):
        raise ValidationError({"approved_on": _("The approval date cannot be in the future.")})
    before = locked.approved_on
    locked.approved_on = approved_on
    locked.save(update_fields=["approved_on"])
    record(
        "calls.schedule.approved",
        actor=actor,
        target=locked,
        agglomeration_id=locked.agglomeration_id,
        before={"approved_on": before},
        after={"approved_on": approved_on},
    )
    return locked
