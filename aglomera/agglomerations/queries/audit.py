"""The audit log of an agglomeration: which events a filter selects, and each as a person reads it.

`filtered_events` narrows the log (who, what kind, which object, from / to); `readable` turns a
page of events into sentences and value changes in the active language. It reads a fixed number
of queries whatever the number of events: one per kind of object named on the page (the live
objects, so that names are in the reader's language, and the related objects their values name
by id), none per event.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from aglomera.accounts.models import Membership, User
from aglomera.agglomerations.models import Agglomeration
from aglomera.calls.models import Criterion, FormalCheckItem
from aglomera.committee.models import (
    CommitteeMember,
    KindMajority,
    ProposedDecision,
    VoteChoice,
)
from aglomera.core import audit_text
from aglomera.core.audit_values import (
    PLAIN,
    Change,
    Reading,
    Ref,
    changes,
    model_field,
    pk_of,
    references,
)
from aglomera.core.audit_values import concrete_field as _field
from aglomera.core.models import AuditEvent
from aglomera.core.texts import with_note
from aglomera.intentions.models import (
    CompetenceRule,
    ComplianceStatement,
    ProjectIntention,
    Review,
    ReviewAssignment,
)
from aglomera.monitoring.models import ProgrammeFinancing

CRITERIA = {"gates": Criterion, "points": Criterion}
FINANCING = Reading(fields={"region_category": _field(ProgrammeFinancing, "region_category")})
CRITERION = Reading(
    fields={name: _field(Criterion, name) for name in ("kind", "weight", "max_points")}
)
# What `actions.members` writes of a membership (the event's object is the person).
MEMBERSHIP = Reading(
    fields={
        "user_id": _field(Membership, "user"),
        "role": _field(Membership, "role"),
        "organisation_id": _field(Membership, "organisation"),
    }
)
# Whom a coordinator assigned to review an intention (the event's object), and by when.
ASSIGNMENT = Reading(
    fields={name: _field(ReviewAssignment, name) for name in ("reviewer", "due_on")}
)
# A workflow step's system reason (core.transitions): shown as the reason, not as a change.
REASON_KEYS = ("reason_code", "reason_params")

# How each kind of event's values are read beyond the fields of its object.
READINGS: dict[str, Reading] = {
    "committee.meeting.attendance": Reading(
        ids=CommitteeMember,
        words={
            "present": _("present"),
            "absent": _("absent"),
            "alternate": _("represented by the alternate"),
        },
    ),
    "committee.vote.recorded": Reading(ids=CommitteeMember, words=dict(VoteChoice.choices)),
    "committee.item.proposals_set": Reading(
        ids=ProjectIntention, words=dict(ProposedDecision.choices)
    ),
    "intentions.formal_check.recorded": Reading(ids=FormalCheckItem),
    "intentions.review.submitted": Reading(
        fields={"recommendation": _field(Review, "recommendation")}, nested=CRITERIA
    ),
    "intentions.reviewer.assigned": ASSIGNMENT,
    "intentions.reviewer.unassigned": ASSIGNMENT,
    "intentions.statement.issued": Reading(
        fields={"type": _field(ComplianceStatement, "statement_type")}
    ),
    "intentions.change_request.created": Reading(
        fields={"kinds": _field(CompetenceRule, "change_kind")}
    ),
    "agglomerations.membership.granted": MEMBERSHIP,
    "agglomerations.membership.revoked": MEMBERSHIP,
    "committee.committee.saved": Reading(
        keyed={"majorities": (_field(KindMajority, "kind"), _field(KindMajority, "rule"))}
    ),
    "monitoring.report.requested": Reading(
        labels={
            "period_start": pgettext_lazy("period", "from"),
            "period_end": pgettext_lazy("period", "to"),
        }
    ),
    "calls.criterion.added": CRITERION,
    "calls.criterion.removed": CRITERION,
    "monitoring.programme_financing.set": FINANCING,
    # what a member shares with a partnership (cooperation/actions/sharing.py): names per kind
    "cooperation.sharing.changed": Reading(
        labels={
            "strategies": _("shared strategies"),
            "dashboards": _("shared monitoring dashboards"),
            "practices": _("shared good-practice cards"),
        }
    ),
    "monitoring.programme_financing.removed": FINANCING,
}


@dataclass(frozen=True)
class AuditFilter:
    """What the reader asked for; None / "" = no filter."""

    actor: int | None = None
    kind: str = ""
    content_type: int | None = None
    search: str = ""
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class ReadableEvent:
    id: int
    at: datetime
    actor: str
    sentence: str
    object_type: str
    object_name: str
    changes: list[Change]
    reason: str


def _kind_q(kind: str) -> Q:
    """A code, or a prefix ("calls.call.modified.", "intentions.intention.") selecting the codes
    under it that no more specific kind of the registry claims."""
    if not kind.endswith("."):
        return Q(code=kind)
    claimed = [k for k in audit_text.kinds() if k != kind and k.startswith(kind)]
    query = Q(code__startswith=kind)
    for other in claimed:
        query &= ~Q(code__startswith=other) if other.endswith(".") else ~Q(code=other)
    return query


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def filtered_events(agglomeration: Agglomeration, wanted: AuditFilter) -> QuerySet[AuditEvent]:
    """Newest first; the dates are days in the agglomeration's time zone (the active one)."""
    events = AuditEvent.objects.filter(agglomeration=agglomeration)
    if wanted.actor is not None:
        events = events.filter(actor_id=wanted.actor)
    if wanted.kind:
        events = events.filter(_kind_q(wanted.kind))
    if wanted.content_type is not None:
        events = events.filter(content_type_id=wanted.content_type)
    if wanted.search:
        events = events.filter(object_repr__icontains=wanted.search)
    if wanted.date_from is not None:
        events = events.filter(created_at__gte=_start_of(wanted.date_from))
    if wanted.date_to is not None:
        events = events.filter(created_at__lt=_start_of(wanted.date_to + timedelta(days=1)))
    return events.select_related("actor", "content_type").order_by("-created_at", "-id")


def actors(agglomeration: Agglomeration) -> list[User]:
    """Everyone who appears in the log, for the filter (one query)."""
    ids = AuditEvent.objects.filter(agglomeration=agglomeration, actor__isnull=False).values(
        "actor_id"
    )
    return sorted(User.objects.filter(pk__in=ids), key=lambda user: str(user).casefold())


def object_types(agglomeration: Agglomeration) -> list[ContentType]:
    """The kinds of objects the log names, for the filter (one query)."""
    ids = AuditEvent.objects.filter(agglomeration=agglomeration, content_type__isnull=False).values(
        "content_type_id"
    )
    return list(ContentType.objects.filter(pk__in=ids))


def _load(refs: Iterable[Ref]) -> dict[Ref, models.Model]:
    """The objects by (model, id), one query per model. `select_related()` follows the non-null
    foreign keys, so that their str() (which may name a parent) reads no more rows."""
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for model, pk in refs:
        wanted[model].add(pk)
    found: dict[Ref, models.Model] = {}
    for model, pks in wanted.items():
        for pk, obj in model._default_manager.select_related().in_bulk(sorted(pks)).items():
            found[(model, str(pk))] = obj
    return found


def _status_label(model: type[models.Model] | None, value: object) -> str:
    """The label of a workflow's status; "" (the sentence says "—") without a known object."""
    found = model_field(model, "status")
    choices = {str(k): v for k, v in found.flatchoices} if found is not None else {}
    return str(choices.get(str(value), ""))


def _mapping(values: object) -> dict[str, Any]:
    """Before / after as written, without a step's reason; a row of an older version may hold
    something else."""
    if not isinstance(values, dict):
        return {}
    return {key: value for key, value in values.items() if key not in REASON_KEYS}


def _reason(event: AuditEvent) -> str:
    """The person's note, after the system's reason of a step rendered in the reader's language."""
    after = event.after if isinstance(event.after, dict) else {}
    code, params = after.get("reason_code"), after.get("reason_params")
    if not isinstance(code, str) or not code:
        return event.reason
    try:
        return with_note(code, params if isinstance(params, dict) else {}, event.reason)
    except (KeyError, TypeError, ValueError, ArithmeticError):
        # Parameters written by an older version that this renderer no longer reads.
        return event.reason


def readable(events: Sequence[AuditEvent]) -> list[ReadableEvent]:
    """Each event as a person reads it, in the active language."""
    targets: list[Ref] = []
    refs: list[Ref] = []
    for event in events:
        model = event.content_type.model_class() if event.content_type else None
        if model is not None and (pk := pk_of(model, event.object_id)) is not None:
            targets.append((model, pk))
        reading = READINGS.get(event.code, PLAIN)
        for values in (event.before, event.after):
            refs.extend(references(model, _mapping(values), reading))
    objects = _load([*targets, *refs])
    names = {ref: str(obj) for ref, obj in objects.items()}
    rows = []
    for event in events:
        model = event.content_type.model_class() if event.content_type else None
        pk = pk_of(model, event.object_id) if model is not None else None
        live = objects.get((model, pk)) if model is not None and pk is not None else None
        name = str(live) if live is not None else event.object_repr
        before, after = _mapping(event.before), _mapping(event.after)
        actor = str(event.actor) if event.actor is not None else ""
        status = ""
        if audit_text.is_step(event.code):
            status = _status_label(model, after.get("status", event.code.rpartition(".")[2]))
        rows.append(
            ReadableEvent(
                id=event.pk,
                at=event.created_at,
                actor=actor,
                sentence=audit_text.describe(event.code, actor=actor, obj=name, status=status),
                object_type=str(model._meta.verbose_name) if model is not None else "",
                object_name=name,
                changes=changes(model, before, after, names, READINGS.get(event.code, PLAIN)),
                reason=_reason(event),
            )
        )
    return rows
