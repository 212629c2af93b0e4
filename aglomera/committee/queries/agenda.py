"""What an agenda item can decide on: intentions, change requests and amendments waiting."""

from __future__ import annotations

from django.db.models import QuerySet

from aglomera.agglomerations.models import Agglomeration
from aglomera.calls.models import Call
from aglomera.committee.models import AgendaItem, ItemProposal, ItemStatus, MeetingStatus
from aglomera.intentions.models import (
    ChangeRequest,
    ChangeStatus,
    IntentionStatus,
    ProjectIntention,
)
from aglomera.strategy.models import StrategyVersion, VersionStatus

# Intentions a call item can carry: those waiting for the committee's decision.
AWAITING_DECISION = (
    IntentionStatus.RECOMMENDED,
    IntentionStatus.NOT_RECOMMENDED,
    IntentionStatus.DEFERRED,
)
# Meetings whose pending items still hold their targets (a cancelled meeting releases them).
OPEN_MEETINGS = (MeetingStatus.PLANNED, MeetingStatus.VOTING, MeetingStatus.CLOSED)


def candidate_intentions(call: Call) -> list[ProjectIntention]:
    """Intentions of the call waiting for a decision and not on any pending agenda item."""
    taken = ItemProposal.objects.filter(
        item__status=ItemStatus.PENDING, item__meeting__status__in=OPEN_MEETINGS
    ).values("intention_id")
    return list(
        ProjectIntention.objects.filter(call=call, status__in=AWAITING_DECISION)
        .exclude(pk__in=taken)
        .select_related("applicant")
        .order_by("id")
    )


def get_proposal_rows(item: AgendaItem) -> list[tuple[ProjectIntention, str]]:
    """The intentions on a call item with their proposed decision, then the other candidates."""
    rows = [
        (p.intention, p.decision)
        for p in item.proposals.select_related("intention__applicant").order_by("id")
    ]
    call = Call(pk=item.object_id)
    return rows + [(i, "") for i in candidate_intentions(call)]


def calls_with_intentions_awaiting(agglomeration: Agglomeration) -> QuerySet[Call]:
    return (
        Call.objects.filter(agglomeration=agglomeration, intentions__status__in=AWAITING_DECISION)
        .distinct()
        .order_by("number")
    )


def change_requests_with_committee(agglomeration: Agglomeration) -> QuerySet[ChangeRequest]:
    return ChangeRequest.objects.filter(
        intention__call__agglomeration=agglomeration, status=ChangeStatus.WITH_COMMITTEE
    ).select_related("intention")


def submitted_amendments(agglomeration: Agglomeration) -> QuerySet[StrategyVersion]:
    return StrategyVersion.objects.filter(
        strategy__agglomeration=agglomeration, status=VersionStatus.SUBMITTED
    ).select_related("strategy")
