"""A world for the portal's sections: Olomouc with public and non-public calls, projects,
indicators and a steering committee with a closed, a planned and a cancelled meeting.

Everything is made through the builders and the actions at the frozen moment DURING
(2025-04-15 09:00 UTC): the pipeline call (number 2) is open then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from aglomera.accounts.models import Role
from aglomera.agglomerations.models import Municipality, MunicipalityKind, Organisation
from aglomera.calls import transitions as call_transitions
from aglomera.calls.models import AttachmentKind, Call, CallStatus, Criterion, CriterionKind
from aglomera.committee import actions as committee_actions
from aglomera.committee import transitions as committee_transitions
from aglomera.committee.models import Meeting, MeetingStatus, Resolution
from aglomera.committee.tests.world import OPENS_VOTE, CommitteeWorld
from aglomera.intentions.models import IntentionIndicator, IntentionStatus, ProjectIntention
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.tests.builders import operation_outside_iti
from aglomera.strategy.models import Measure, MeasureIndicator
from aglomera.strategy.tests.builders import cycling_indicator

S = IntentionStatus


@dataclass
class Sections:
    world: PipelineWorld
    open_call: Call
    planned_call: Call
    closed_call: Call
    cancelled_call: Call
    project: ProjectIntention  # legal act: public
    person_project: ProjectIntention  # legal act, its beneficiary a natural person
    submitted: ProjectIntention  # not public
    committee: CommitteeWorld
    closed_meeting: Meeting
    planned_meeting: Meeting
    cancelled_meeting: Meeting
    resolution: Resolution

    @property
    def slug(self) -> str:
        return self.world.agglomeration.slug


def _call(world: PipelineWorld, number: str, opens: datetime, closes: datetime) -> Call:
    return Call.objects.create(
        agglomeration=world.agglomeration,
        strategy=world.strategy,
        number=number,
        name={"cs": f"Výzva {number}", "en": f"Call {number}"},
        measure_code="2.1.1",
        specific_objective=world.objective,
        allocation=Decimal("5000000.00"),
        opens_at=opens,
        closes_at=closes,
        aid_rate=Decimal("85"),
        status=CallStatus.PLANNED,
    )


def _calls(world: PipelineWorld) -> tuple[Call, Call, Call]:
    manager = world.users[Role.MANAGER]
    planned = _call(
        world, "3", datetime(2025, 9, 1, 8, tzinfo=UTC), datetime(2025, 11, 1, 10, tzinfo=UTC)
    )
    cancelled = _call(
        world, "4", datetime(2025, 9, 1, 8, tzinfo=UTC), datetime(2025, 11, 1, 10, tzinfo=UTC)
    )
    cancelled = call_transitions.CALL.step(
        cancelled, CallStatus.CANCELLED, actor=manager, reason="Zrušeno."
    )
    closed = _call(
        world, "1", datetime(2025, 1, 2, 8, tzinfo=UTC), datetime(2025, 2, 1, 10, tzinfo=UTC)
    )
    Criterion.objects.create(call=closed, order=1, name={"cs": "Soulad"}, kind=CriterionKind.GATE)
    AttachmentKind.objects.create(call=closed, name={"cs": "Rozpočet", "en": "Budget"})
    closed = call_transitions.CALL.step(
        closed, CallStatus.ANNOUNCED, actor=manager, now=datetime(2025, 1, 3, tzinfo=UTC)
    )
    closed = call_transitions.CALL.step(
        closed, CallStatus.CLOSED, actor=manager, now=datetime(2025, 2, 2, tzinfo=UTC)
    )
    return planned, closed, cancelled


def _projects(world: PipelineWorld) -> tuple[ProjectIntention, ProjectIntention, ProjectIntention]:
    project = world.intention(status=S.LEGAL_ACT, name="Mateřská škola Hodolany")
    person_project = world.intention(
        status=S.LEGAL_ACT, name="Dětská skupina Svatý Kopeček", applicant=world.other_org
    )
    # the university stands here for a beneficiary who is a natural person
    Organisation.objects.filter(pk=world.other_org.pk).update(kind="person")
    submitted = world.intention(status=S.SUBMITTED, name="Mateřská škola Nemilany")
    measure = Measure.objects.get(version_id=world.strategy.current_version_id, code="2.1.1")
    cycling = cycling_indicator()
    MeasureIndicator.objects.create(
        version_id=measure.version_id,
        measure=measure,
        indicator=cycling,
        baseline=Decimal("0"),
        target_2029=Decimal("10"),
    )
    IntentionIndicator.objects.create(
        intention=project, indicator=cycling, committed_value=Decimal("4")
    )
    # the managing authority's list knows the contribution but not what was claimed
    operation_outside_iti(world.agglomeration, intention=project, paid_eu=None)
    return project, person_project, submitted


def _committee(
    world: PipelineWorld,
) -> tuple[CommitteeWorld, Meeting, Meeting, Meeting, Resolution]:
    cw = CommitteeWorld.create(world)
    manager = cw.manager
    closed = cw.in_person()
    item = cw.other_item(closed, "Zpráva o plnění strategie")
    members = cw.members
    committee_actions.record_attendance(
        closed,
        {
            members["chair"].pk: "present",
            members["conflicted"].pk: "present",
            members["plain"].pk: "alternate",
            members["university"].pk: "absent",
        },
        actor=manager,
    )
    closed = committee_transitions.transition(
        closed, MeetingStatus.VOTING, actor=manager, now=OPENS_VOTE
    )
    committee_actions.record_room_votes(
        item,
        {members[name].pk: "yes" for name in ("chair", "conflicted", "plain")},
        actor=manager,
    )
    closed = committee_transitions.transition(closed, MeetingStatus.CLOSED, actor=manager)
    resolution = committee_actions.decide_item(
        item, actor=manager, now=OPENS_VOTE, text="Řídicí výbor bere zprávu na vědomí."
    )
    planned = cw.per_rollam()
    cw.other_item(planned, "Tajný bod programu")
    cancelled = cw.in_person()
    cancelled = committee_transitions.transition(
        cancelled, MeetingStatus.CANCELLED, actor=manager, reason="Nebylo usnášeníschopné."
    )
    return cw, closed, planned, cancelled, resolution


def municipalities(world: PipelineWorld) -> None:
    for code, name, population in (
        ("500496", "Olomouc", 102000),
        ("552356", "Chomoutov", None),
        ("505927", "Čechy pod Kosířem", 1000),
        ("589250", "Hlubočky", 4000),
    ):
        Municipality.objects.create(
            agglomeration=world.agglomeration,
            code=code,
            name=name,
            kind=MunicipalityKind.CITY if name == "Olomouc" else MunicipalityKind.MUNICIPALITY,
            district="Olomouc",
            population=population,
        )


def build() -> Sections:
    """Build the world (with the clock frozen at DURING)."""
    world = PipelineWorld.create()
    planned, closed, cancelled = _calls(world)
    project, person_project, submitted = _projects(world)
    cw, closed_meeting, planned_meeting, cancelled_meeting, resolution = _committee(world)
    municipalities(world)
    return Sections(
        world=world,
        open_call=world.call,
        planned_call=planned,
        closed_call=closed,
        cancelled_call=cancelled,
        project=project,
        person_project=person_project,
        submitted=submitted,
        committee=cw,
        closed_meeting=closed_meeting,
        planned_meeting=planned_meeting,
        cancelled_meeting=cancelled_meeting,
        resolution=resolution,
    )
