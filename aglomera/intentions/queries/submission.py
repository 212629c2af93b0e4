"""The read side of project intentions. Each function runs a fixed number of queries.

Sections: the applicant's side (organisation, lists, the intention page); other areas append
their own functions below with a heading comment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from aglomera.accounts.models import Membership, Role
from aglomera.accounts.permissions import EVALUATORS, roles_in
from aglomera.agglomerations.models import Agglomeration, Municipality, Organisation
from aglomera.calls.models import AttachmentKind, Call, CallStatus
from aglomera.core.actors import Actor
from aglomera.core.collation import collated
from aglomera.core.models import StatusChange
from aglomera.intentions.models import (
    Attachment,
    IntentionIndicator,
    IntentionStatus,
    ProjectIntention,
    ReturnComment,
)
from aglomera.intentions.transitions import INTENTION

# --- The applicant's side (submission) ----------------------------------------------------------


def applicant_membership(user: Actor, agglomeration: Agglomeration) -> Membership | None:
    """The user's applicant role in the agglomeration (with its organisation, if any)."""
    return (
        Membership.objects.select_related("organisation")
        .filter(user=user, agglomeration=agglomeration, role=Role.APPLICANT)
        .first()
    )


def applicant_organisation(user: Actor, agglomeration: Agglomeration) -> Organisation | None:
    membership = applicant_membership(user, agglomeration)
    return membership.organisation if membership else None


def _with_call(queryset: QuerySet[ProjectIntention]) -> QuerySet[ProjectIntention]:
    return queryset.select_related(
        "call__agglomeration", "call__specific_objective__programme", "applicant"
    )


def list_intentions_for(user: Actor, agglomeration: Agglomeration) -> list[ProjectIntention]:
    """Evaluators see every intention of the agglomeration that left the draft; applicants all of
    their organisation's; anyone else none. Two queries (memberships, intentions) at most."""
    roles = roles_in(user, agglomeration.pk)
    queryset = _with_call(ProjectIntention.objects.filter(call__agglomeration=agglomeration))
    if roles & EVALUATORS:  # drafts are the applicants' own until submitted
        queryset = queryset.exclude(status=IntentionStatus.DRAFT)
    else:
        if Role.APPLICANT not in roles:
            return []
        organisations = Membership.objects.filter(
            user=user,
            agglomeration=agglomeration,
            role=Role.APPLICANT,
            organisation__isnull=False,
        ).values("organisation_id")
        queryset = queryset.filter(applicant_id__in=organisations)
    return list(queryset.order_by("-call__closes_at", "call__number", "-created_at", "-id"))


def list_open_calls(agglomeration: Agglomeration, now: datetime) -> list[Call]:
    """Announced calls accepting intentions at `now`, the nearest deadline first."""
    return list(
        Call.objects.filter(
            agglomeration=agglomeration,
            status=CallStatus.ANNOUNCED,
            opens_at__lte=now,
            closes_at__gt=now,
        )
        .select_related("specific_objective__programme")
        .order_by("closes_at", "number")
    )


def get_call(agglomeration: Agglomeration, pk: int) -> Call | None:
    return (
        Call.objects.select_related("agglomeration", "specific_objective__programme")
        .filter(agglomeration=agglomeration, pk=pk)
        .first()
    )


def intentions() -> QuerySet[ProjectIntention]:
    """Intentions with their call and applicant, for `get_in_tenant` (one query)."""
    return _with_call(ProjectIntention.objects.all())


def attachments_of(intention: ProjectIntention) -> QuerySet[Attachment]:
    return Attachment.objects.filter(intention=intention)


def municipality_choices(call: Call) -> QuerySet[Municipality]:
    """Where an intention of the call may take place: the call's territory if it has one, else
    any municipality of the agglomeration."""
    if call.territory.exists():
        return Municipality.objects.filter(pk__in=call.territory.values("pk")).order_by("name")
    return Municipality.objects.filter(agglomeration_id=call.agglomeration_id).order_by("name")


def attachment_kinds(call_id: int) -> QuerySet[AttachmentKind]:
    return AttachmentKind.objects.filter(call_id=call_id).order_by("id")


def organisation_choices(agglomeration: Agglomeration) -> QuerySet[Organisation]:
    return Organisation.objects.filter(agglomeration=agglomeration).order_by("name")


@dataclass
class KindSlot:
    """A kind of attachment the call asks for, with the files the intention has of it."""

    kind: AttachmentKind
    files: list[Attachment]

    @property
    def missing(self) -> bool:
        return self.kind.mandatory and not self.files


@dataclass
class HistoryRow:
    """One step of the intention through the workflow, with readable states."""

    change: StatusChange

    @property
    def old_label(self) -> str:
        return status_label(self.change.old_status)

    @property
    def new_label(self) -> str:
        return status_label(self.change.new_status)


def status_label(value: str) -> str:
    labels = {key: str(label) for key, label in IntentionStatus.choices}
    return labels.get(value, value)


@dataclass
class IntentionPage:
    intention: ProjectIntention
    partners: list[Organisation]
    municipalities: list[Municipality]
    indicators: list[IntentionIndicator]
    slots: list[KindSlot]
    other_files: list[Attachment]
    comments: list[ReturnComment]
    history: list[HistoryRow]

    @property
    def missing_kinds(self) -> list[AttachmentKind]:
        return [slot.kind for slot in self.slots if slot.missing]


def get_intention_page(intention: ProjectIntention) -> IntentionPage:
    """Everything the intention page shows, in seven queries whatever its size."""
    kinds = list(AttachmentKind.objects.filter(call_id=intention.call_id).order_by("id"))
    attachments = list(
        Attachment.objects.filter(intention=intention)
        .select_related("uploaded_by")
        .order_by("uploaded_at", "id")
    )
    by_kind: dict[int | None, list[Attachment]] = {}
    for attachment in attachments:
        attachment.intention = intention
        by_kind.setdefault(attachment.kind_id, []).append(attachment)
    known = {kind.pk for kind in kinds}
    return IntentionPage(
        intention=intention,
        partners=collated(intention.partners.all(), key=lambda partner: partner.name),
        municipalities=collated(intention.municipalities.all(), key=lambda place: place.name),
        indicators=list(
            IntentionIndicator.objects.filter(intention=intention)
            .select_related("indicator")
            .order_by("indicator__code")
        ),
        slots=[KindSlot(kind, by_kind.get(kind.pk, [])) for kind in kinds],
        other_files=[a for a in attachments if a.kind_id not in known],
        comments=list(
            ReturnComment.objects.filter(intention=intention)
            .select_related("author")
            .order_by("created_at", "id")
        ),
        history=[
            HistoryRow(change)
            for change in StatusChange.objects.filter(
                workflow=INTENTION.name,
                content_type=ContentType.objects.get_for_model(ProjectIntention),
                object_id=intention.pk,
            )
            .select_related("actor")
            .order_by("created_at", "id")
        ],
    )
