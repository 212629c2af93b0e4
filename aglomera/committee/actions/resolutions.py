"""Decisions: count the votes, number the resolution, carry it out on its targets."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from aglomera.accounts.permissions import require_perm as _require
from aglomera.committee import texts
from aglomera.committee.actions.audit import audit
from aglomera.committee.actions.meetings import lock_meeting
from aglomera.committee.calculations import voting
from aglomera.committee.models import (
    AgendaItem,
    DecisionKind,
    ItemStatus,
    MeetingStatus,
    ProposalOutcome,
    Resolution,
    SteeringCommittee,
)
from aglomera.committee.queries import counting
from aglomera.committee.transitions import AGENDA_ITEM
from aglomera.core.actors import Actor
from aglomera.core.texts import Generated
from aglomera.intentions import transitions as intention_transitions
from aglomera.intentions.actions import changes as change_actions
from aglomera.intentions.actions import statements as statement_actions
from aglomera.intentions.models import (
    ChangeRequest,
    ChangeStatus,
    ComplianceStatement,
    ProjectIntention,
    StatementType,
)
from aglomera.strategy import transitions as strategy_transitions
from aglomera.strategy.models import StrategyVersion, VersionStatus


def _resolution_text(item: AgendaItem) -> str:
    """The proposal in the words it was written in. How each intention and the votes came out is
    not written here: the minutes render it from the outcomes, in the reader's language."""
    return item.proposal.strip()


def _issue_statement_for(
    intention: ProjectIntention, decision: str, resolution: Resolution, actor: Actor
) -> None:
    """Every committee decision on an intention is answered by a numbered statement."""
    earlier = ComplianceStatement.objects.filter(intention=intention).exists()
    statement_actions.issue_statement(
        intention,
        statement_type=StatementType.UPDATED if earlier else StatementType.INITIAL,
        outcome=decision,
        resolution=resolution,
        actor=actor,
        issued_on=timezone.localtime(resolution.decided_at).date(),
        now=resolution.decided_at,
    )


def _apply(
    item: AgendaItem, resolution: Resolution, result: voting.Result, actor: Actor
) -> dict[str, Any]:
    """Carry out an adopted resolution on its targets (on a call item, the intentions whose own
    outcome is adopted); report what could not be applied."""
    reason = Generated(texts.RESOLUTION, {"number": resolution.number})
    moment = resolution.decided_at  # the targets move when the committee decided
    applied: list[int] = []
    skipped: list[int] = []
    if item.kind == DecisionKind.CALL_INTENTIONS:
        adopted = {part.key for part in result.parts if part.outcome.adopted}
        for proposal in item.proposals.select_related("intention").order_by("id"):
            if proposal.pk not in adopted:
                continue
            intention = proposal.intention
            step = (intention.status, proposal.decision)
            if step in intention_transitions.TRANSITIONS:
                intention = intention_transitions.INTENTION.step(
                    intention, proposal.decision, actor=actor, reason=reason, now=moment
                )
                _issue_statement_for(intention, proposal.decision, resolution, actor)
                applied.append(intention.pk)
            elif intention.status != proposal.decision:  # e.g. withdrawn in the meantime
                skipped.append(intention.pk)
    elif item.kind == DecisionKind.CHANGE_REQUEST:
        change = ChangeRequest.objects.get(pk=cast(int, item.object_id))
        if change.status == ChangeStatus.WITH_COMMITTEE:
            # approve, apply the new values to the intention and issue the change statement
            change_actions.approve_change(
                change, actor=actor, resolution=resolution, reason=reason, now=moment
            )
            applied.append(change.pk)
        else:
            skipped.append(change.pk)
    elif item.kind == DecisionKind.STRATEGY_AMENDMENT:
        version = StrategyVersion.objects.get(pk=cast(int, item.object_id))
        if version.status == VersionStatus.SUBMITTED:
            strategy_transitions.transition(
                version,
                VersionStatus.APPROVED,
                actor=actor,
                reason=reason,
                now=moment,
                approval=strategy_transitions.Approval(
                    approved_on=timezone.localtime(moment).date(),
                    approved_by_body=item.meeting.committee.name.localized(
                        item.meeting.committee.agglomeration.language
                    ),
                    reference=resolution.number,
                ),
            )
            applied.append(version.pk)
        else:
            skipped.append(version.pk)
    return {"applied": applied, "skipped": skipped}


@transaction.atomic
def decide_item(
    item: AgendaItem, *, actor: Actor, now: datetime | None = None, text: str = ""
) -> Resolution:
    """Count the votes, number the resolution and, if adopted, carry it out on its targets."""
    _require(actor, "committee.manage", item)
    committee = SteeringCommittee.objects.select_for_update().get(pk=item.meeting.committee_id)
    meeting = lock_meeting(item.meeting)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    item.meeting = meeting
    if item.status != ItemStatus.PENDING:
        raise ValidationError(
            _("This item is already %(status)s.") % {"status": item.get_status_display().lower()},
            code="decided",
        )
    result = counting.count_item(item, meeting, committee)
    tally = result.tally
    if meeting.status == MeetingStatus.VOTING:
        if not result.everyone_voted:
            raise ValidationError(
                _(
                    "Voting is still open and %(missing)s of %(eligible)s eligible members "
                    "have not voted yet. Close the voting first."
                )
                % {"missing": tally.eligible - tally.votes_cast, "eligible": tally.eligible},
                code="voting_open",
            )
    elif meeting.status != MeetingStatus.CLOSED:
        raise ValidationError(
            _("Items are decided after the voting (the meeting is: %(status)s).")
            % {"status": meeting.get_status_display()},
            code="not_voted",
        )
    moment = now or timezone.now()
    year = timezone.localtime(moment).year
    sequence: int | None = None
    number = ""
    if result.adopted or committee.number_rejections:
        last = Resolution.objects.filter(committee=committee, year=year).aggregate(
            n=Max("sequence")
        )["n"]
        sequence = (last or 0) + 1
        number = f"{sequence}/{year}"
    resolution = Resolution.objects.create(
        committee=committee,
        item=item,
        year=year,
        sequence=sequence,
        number=number,
        adopted=result.adopted,
        votes_for=tally.yes,
        votes_against=tally.no,
        abstentions=tally.abstain,
        recused=tally.recused,
        quorate=result.quorate,
        casting_vote=result.decided_by_chair,
        text=text.strip() or _resolution_text(item),
        decided_at=moment,
    )
    parts = [part for part in result.parts if part.key is not None]
    ProposalOutcome.objects.bulk_create(
        ProposalOutcome(
            resolution=resolution,
            proposal_id=cast(int, part.key),
            adopted=part.outcome.adopted,
            votes_for=part.tally.yes,
            votes_against=part.tally.no,
            abstentions=part.tally.abstain,
            recused=part.tally.recused,
            quorate=part.outcome.quorate,
            casting_vote=part.outcome.decided_by_chair,
        )
        for part in parts
    )
    AGENDA_ITEM.step(
        item,
        ItemStatus.DECIDED,
        actor=actor,
        reason=resolution.number or Generated(texts.NOT_ADOPTED),
        now=moment,
    )
    effects = _apply(item, resolution, result, actor) if result.adopted else {}
    audit(
        "resolution.adopted" if result.adopted else "resolution.not_adopted",
        resolution,
        committee.agglomeration_id,
        actor,
        after={
            "number": resolution.number,
            "for": tally.yes,
            "against": tally.no,
            "abstained": tally.abstain,
            "recused": tally.recused,
            "quorate": result.quorate,
            "casting_vote": result.decided_by_chair,
            "intentions": {
                str(part.key): {
                    "adopted": part.outcome.adopted,
                    "for": part.tally.yes,
                    "against": part.tally.no,
                    "abstained": part.tally.abstain,
                    "recused": sorted(part.recused),
                    "quorate": part.outcome.quorate,
                    "casting_vote": part.outcome.decided_by_chair,
                }
                for part in parts
            },
            **effects,
        },
    )
    return resolution
