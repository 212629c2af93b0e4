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
from aglomera.committee.actions.audit import audit
from aglomera.committee.actions.meetings import lock_meeting
from aglomera.committee.calculations import voting
from aglomera.committee.models import (
    AgendaItem,
    Attendance,
    CommitteeMember,
    DecisionKind,
    ItemStatus,
    Meeting,
    MeetingForm,
    MeetingStatus,
    Resolution,
    SteeringCommittee,
    Vote,
)
from aglomera.committee.transitions import AGENDA_ITEM
from aglomera.core.actors import Actor
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


def tally_item(item: AgendaItem, meeting: Meeting) -> voting.Tally:
    members = [
        voting.MemberFacts(pk, org)
        for pk, org in CommitteeMember.objects.filter(
            committee_id=meeting.committee_id, active=True
        ).values_list("pk", "organisation_id")
    ]
    concerned = set(item.concerned_organisations.values_list("pk", flat=True))
    votes = dict(Vote.objects.filter(item=item).values_list("member_id", "choice"))
    present: set[int] = set()
    if meeting.form == MeetingForm.IN_PERSON:
        present = set(
            Attendance.objects.filter(meeting=meeting, present=True).values_list(
                "member_id", flat=True
            )
        )
    return voting.count(members, concerned, votes, present)


def _resolution_text(item: AgendaItem) -> str:
    lines = [item.proposal or str(item.title)]
    if item.kind == DecisionKind.CALL_INTENTIONS:
        for proposal in item.proposals.select_related("intention__applicant"):
            lines.append(
                f"- {proposal.intention.name} ({proposal.intention.applicant.name}): "
                f"{proposal.get_decision_display()}"
            )
    return "\n".join(lines)


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


def _apply(item: AgendaItem, resolution: Resolution, actor: Actor) -> dict[str, Any]:
    """Carry out an adopted resolution on its targets; report what could not be applied."""
    reason = _("Resolution %(number)s of the steering committee") % {"number": resolution.number}
    moment = resolution.decided_at  # the targets move when the committee decided
    applied: list[int] = []
    skipped: list[int] = []
    if item.kind == DecisionKind.CALL_INTENTIONS:
        for proposal in item.proposals.select_related("intention"):
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
    tally = tally_item(item, meeting)
    if meeting.status == MeetingStatus.VOTING:
        if tally.votes_cast < tally.eligible:
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
    outcome = voting.evaluate(tally, committee.quorum, committee.majority)
    moment = now or timezone.now()
    year = timezone.localtime(moment).year
    last = Resolution.objects.filter(committee=committee, year=year).aggregate(n=Max("sequence"))[
        "n"
    ]
    sequence = (last or 0) + 1
    resolution = Resolution.objects.create(
        committee=committee,
        item=item,
        year=year,
        sequence=sequence,
        number=f"{sequence}/{year}",
        adopted=outcome.adopted,
        votes_for=tally.yes,
        votes_against=tally.no,
        abstentions=tally.abstain,
        recused=tally.recused,
        quorate=outcome.quorate,
        text=text.strip() or _resolution_text(item),
        decided_at=moment,
    )
    AGENDA_ITEM.step(item, ItemStatus.DECIDED, actor=actor, reason=resolution.number, now=moment)
    effects = _apply(item, resolution, actor) if outcome.adopted else {}
    audit(
        "resolution.adopted" if outcome.adopted else "resolution.not_adopted",
        resolution,
        committee.agglomeration_id,
        actor,
        after={
            "number": resolution.number,
            "for": tally.yes,
            "against": tally.no,
            "abstained": tally.abstain,
            "recused": tally.recused,
            "quorate": outcome.quorate,
            **effects,
        },
    )
    return resolution
