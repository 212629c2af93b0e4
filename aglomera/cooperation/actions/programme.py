"""The programme of an exchange: adding and removing an item (a session or meeting, a site visit
or another item, on a day of the exchange), by the office of either member
(`cooperation.manage`), each change audited on the exchange.

A site visit names the project it visited: a project record of the exchange's host (never
another agglomeration's), or a project the system does not hold, as text with its source. The
host's own office links any of the host's records but drafts (an applicant's own until
submitted); the partner's office only those on the host's portal (the records it may read of
the host's at all): the choice and the check are the same function, `linkable_intentions`.
"""

from __future__ import annotations

import calendar
import uuid
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from aglomera.agglomerations.models import Agglomeration
from aglomera.cooperation.actions.common import clean_text, require_member, url_error
from aglomera.cooperation.models import (
    DatePrecision,
    Exchange,
    ExchangeProgrammeItem,
    ProgrammeItemKind,
)
from aglomera.core import once
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.core.dates import show_date
from aglomera.intentions.models import IntentionStatus, ProjectIntention
from aglomera.portal.models import PublicProject


@dataclass
class ItemFields:
    """What the office types for a programme item; the same names as the form fields."""

    title: dict[str, str]
    kind: str = ProgrammeItemKind.SESSION
    day: date | None = None  # None: during the exchange, the day not stated
    starts_at: time | None = None
    place: str = ""
    intention: ProjectIntention | None = None
    project_text: str = ""
    project_url: str = ""


def linkable_intentions(exchange: Exchange, agglomeration: Agglomeration) -> QuerySet[Any]:
    """The host's project records an item of the exchange may link, for the office of
    `agglomeration`: the host's office any but drafts; a partner's office those on the host's
    portal."""
    intentions = ProjectIntention.objects.filter(call__agglomeration_id=exchange.host_id).exclude(
        status=IntentionStatus.DRAFT
    )
    if agglomeration.pk != exchange.host_id:
        public = PublicProject.objects.filter(agglomeration_id=exchange.host_id)
        intentions = intentions.filter(pk__in=public.values("intention_id"))
    return intentions


def day_range(exchange: Exchange) -> tuple[date, date]:
    """The first and last day an item of the exchange may lie on: its dates, or for dates
    known only to the month (or year) every day of those months (years)."""
    start = exchange.starts_on
    end = exchange.ends_on or start
    if exchange.dates_precision == DatePrecision.MONTH:
        return start.replace(day=1), end.replace(day=calendar.monthrange(end.year, end.month)[1])
    if exchange.dates_precision == DatePrecision.YEAR:
        return date(start.year, 1, 1), date(end.year, 12, 31)
    return start, end


def item_snapshot(item: ExchangeProgrammeItem) -> dict[str, Any]:
    """The item as the audit log keeps it."""
    return {
        "item": item.pk,
        "day": item.day.isoformat() if item.day else None,
        "starts_at": item.starts_at.isoformat() if item.starts_at else None,
        "kind": item.kind,
        "title": dict(item.title),
        "place": item.place,
        "intention": item.intention_id,
        "project_text": item.project_text,
        "project_url": item.project_url,
    }


def _day_error(exchange: Exchange, day: date | None) -> str:
    if day is None:
        return ""
    first, last = day_range(exchange)
    if first <= day <= last:
        return ""
    if first == last:
        return _("Enter the day of the exchange, %(day)s.") % {"day": show_date(first)}
    return _("Enter a day of the exchange, from %(start)s to %(end)s.") % {
        "start": show_date(first),
        "end": show_date(last),
    }


def _validate(exchange: Exchange, data: ItemFields, agglomeration: Agglomeration) -> dict[str, Any]:
    title = clean_text(data.title)
    place = " ".join(data.place.split())
    project_text = " ".join(data.project_text.split())
    project_url = data.project_url.strip()
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Fill in the title in at least one language.")
    elif any(len(text) > 300 for text in title.values()):
        errors["title"] = _("Write at most 300 characters.")
    if data.kind not in ProgrammeItemKind.values:
        errors["kind"] = _("Choose what the item was.")
    if message := _day_error(exchange, data.day):
        errors["day"] = message
    if data.starts_at is not None and data.day is None:
        errors["starts_at"] = _("A time needs its day: enter the day too, or leave the time out.")
    if len(place) > 200:
        errors["place"] = _("Write at most 200 characters.")
    if len(project_text) > 300:
        errors["project_text"] = _("Write at most 300 characters.")
    if message := url_error(project_url):
        errors["project_url"] = message
    elif len(project_url) > 500:
        errors["project_url"] = _("Write at most 500 characters.")
    if (
        data.intention is not None
        and not linkable_intentions(exchange, agglomeration).filter(pk=data.intention.pk).exists()
    ):
        errors["intention"] = _("Choose a project record of the exchange's host.")
    elif (
        data.kind == ProgrammeItemKind.SITE_VISIT
        and data.intention is None
        and not project_text
        and "project_text" not in errors
    ):
        errors["project_text"] = _(
            "A site visit names the project it visited: choose its project record, or write "
            "the project's name."
        )
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "kind": data.kind,
        "day": data.day,
        "starts_at": data.starts_at,
        "place": place,
        "intention": data.intention,
        "project_text": project_text,
        "project_url": project_url,
    }


@transaction.atomic
def add_item(
    exchange: Exchange,
    data: ItemFields,
    *,
    agglomeration: Agglomeration,
    actor: Actor,
    form_token: uuid.UUID | None = None,
) -> ExchangeProgrammeItem:
    """An item of the exchange's programme, recorded by the office of `agglomeration` (a
    member)."""
    require_member(actor, "cooperation.manage", exchange.partnership, agglomeration)
    values = _validate(exchange, data, agglomeration)
    earlier = once.claim(form_token, actor=actor, model=ExchangeProgrammeItem)
    if earlier is not None:
        return earlier
    item = ExchangeProgrammeItem.objects.create(exchange=exchange, **values)
    record(
        "cooperation.exchange.item_added",
        actor=actor,
        target=exchange,
        agglomeration_id=agglomeration.pk,
        after=item_snapshot(item),
    )
    once.bind(form_token, item)
    return item


@transaction.atomic
def remove_item(item: ExchangeProgrammeItem, *, agglomeration: Agglomeration, actor: Actor) -> None:
    """Remove an item from the exchange's programme (the audit log keeps what it was)."""
    exchange = item.exchange
    require_member(actor, "cooperation.manage", exchange.partnership, agglomeration)
    before = item_snapshot(item)
    item.delete()
    record(
        "cooperation.exchange.item_removed",
        actor=actor,
        target=exchange,
        agglomeration_id=agglomeration.pk,
        before=before,
    )
