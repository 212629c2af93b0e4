"""A shared world for pipeline tests: an agglomeration with an approved strategy, an announced
call, applicant organisations, one user per role, and intentions walked to any state through the
real workflow (`aglomera.intentions.transitions`).

    world = PipelineWorld.create()
    intention = world.intention(status=IntentionStatus.FORMAL_CHECK_PASSED)

Configuration (agglomeration, users, programmes, organisations, the call row) is created
directly; every status change goes through `transitions.INTENTION.step()` with an actor who may take it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from aglomera.accounts.models import Membership, Role, User
from aglomera.agglomerations.models import Agglomeration, Country, Organisation, OrganisationKind
from aglomera.calls import transitions as call_transitions
from aglomera.calls.models import Call, CallStatus, Criterion, CriterionKind, FormalCheckItem
from aglomera.intentions import transitions
from aglomera.intentions.actions.assignments import assign_reviewer
from aglomera.intentions.models import IntentionStatus, ProjectIntention, ReviewAssignment
from aglomera.strategy.models import SpecificObjective, Strategy
from aglomera.strategy.tests.builders import (
    StrategyBuilder,
    make_olomouc,
    make_programmes,
)

S = IntentionStatus

# A fixed clock: the call is open from OPENS to DEADLINE; tests pass `now=` explicitly.
OPENS = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
DEADLINE = datetime(2025, 5, 30, 10, 0, tzinfo=UTC)  # 12:00 in Prague (CEST)
DURING = datetime(2025, 4, 15, 9, 0, tzinfo=UTC)

# The path through the workflow to each state, and which role takes each step.
PATH: dict[str, list[tuple[str, Role]]] = {
    S.DRAFT: [],
    S.SUBMITTED: [(S.SUBMITTED, Role.APPLICANT)],
    S.RETURNED: [(S.SUBMITTED, Role.APPLICANT), (S.RETURNED, Role.COORDINATOR)],
    S.FORMAL_CHECK_PASSED: [
        (S.SUBMITTED, Role.APPLICANT),
        (S.FORMAL_CHECK_PASSED, Role.COORDINATOR),
    ],
}
PATH[S.RECOMMENDED] = [*PATH[S.FORMAL_CHECK_PASSED], (S.RECOMMENDED, Role.COORDINATOR)]
PATH[S.NOT_RECOMMENDED] = [*PATH[S.FORMAL_CHECK_PASSED], (S.NOT_RECOMMENDED, Role.COORDINATOR)]
for _decision in (
    S.COMPLIANT,
    S.NON_COMPLIANT_OVERSUBSCRIBED,
    S.NON_COMPLIANT_NEGATIVE,
    S.DEFERRED,
):
    PATH[_decision] = [*PATH[S.RECOMMENDED], (_decision, Role.MANAGER)]
PATH[S.STATEMENT_ISSUED] = [*PATH[S.COMPLIANT], (S.STATEMENT_ISSUED, Role.MANAGER)]
_after = S.STATEMENT_ISSUED
for _state in (
    S.APPLICATION_FILED,
    S.LEGAL_ACT,
    S.IN_IMPLEMENTATION,
    S.PHYSICALLY_COMPLETED,
    S.FINANCIALLY_CLOSED,
    S.SUSTAINABILITY,
):
    PATH[_state] = [*PATH[_after], (_state, Role.COORDINATOR)]
    _after = _state
PATH[S.REJECTED_BY_MA] = [*PATH[S.APPLICATION_FILED], (S.REJECTED_BY_MA, Role.COORDINATOR)]
PATH[S.WITHDRAWN] = [(S.WITHDRAWN, Role.APPLICANT)]


@dataclass
class PipelineWorld:
    agglomeration: Agglomeration
    strategy: Strategy
    objective: SpecificObjective
    call: Call
    applicant_org: Organisation
    other_org: Organisation
    users: dict[Role, User]
    other_applicant: User
    criteria: list[Criterion] = field(default_factory=list)
    checklist: list[FormalCheckItem] = field(default_factory=list)
    _count: int = 0

    @classmethod
    def create(cls, agglomeration: Agglomeration | None = None) -> PipelineWorld:
        olomouc = agglomeration or make_olomouc()
        programmes = make_programmes()
        applicant_org = Organisation.objects.create(
            agglomeration=olomouc,
            name="Statutární město Přerov",
            kind=OrganisationKind.MUNICIPALITY,
            country=Country.CZ,
            ico="00301825",
        )
        other_org = Organisation.objects.create(
            agglomeration=olomouc,
            name="Univerzita Palackého v Olomouci",
            kind=OrganisationKind.UNIVERSITY,
            country=Country.CZ,
            ico="61989592",
        )
        users: dict[Role, User] = {}
        for role in Role:
            user = User.objects.create_user(f"{olomouc.slug}-{role.value}", password="pw-123456")
            Membership.objects.create(
                user=user,
                agglomeration=olomouc,
                role=role,
                organisation=applicant_org if role == Role.APPLICANT else None,
            )
            users[role] = user
        other_applicant = User.objects.create_user(f"{olomouc.slug}-other-applicant", password="pw")
        Membership.objects.create(
            user=other_applicant, agglomeration=olomouc, role=Role.APPLICANT, organisation=other_org
        )
        manager = users[Role.MANAGER]
        objective = programmes.irop_mobility
        strategy = (
            StrategyBuilder(olomouc, manager)
            .with_goal("2", "Vzdělávání")
            .with_specific_goal("2.1", "Předškolní vzdělávání")
            .with_measure("2.1.1", "Kapacity mateřských škol", objectives=[objective])
            .with_plan("2.1.1", objective, eu="80348729.00")
            .approved()
            .build()
        )
        call = Call.objects.create(
            agglomeration=olomouc,
            strategy=strategy,
            number="2",
            name={"cs": "Zvýšení kapacity předškolního vzdělávání"},
            measure_code="2.1.1",
            specific_objective=objective,
            allocation=Decimal("80348729.00"),
            opens_at=OPENS,
            closes_at=DEADLINE,
            aid_rate=Decimal("85"),
            status=CallStatus.PLANNED,
            min_eligible_cost=Decimal("1000000.00"),
            max_eligible_cost=Decimal("50000000.00"),
        )
        criteria = [
            Criterion.objects.create(
                call=call, order=1, name={"cs": "Soulad se strategií"}, kind=CriterionKind.GATE
            ),
            Criterion.objects.create(
                call=call,
                order=2,
                name={"cs": "Připravenost"},
                kind=CriterionKind.SCORED,
                weight=Decimal("2"),
                max_points=10,
            ),
            Criterion.objects.create(
                call=call,
                order=3,
                name={"cs": "Efektivita"},
                kind=CriterionKind.SCORED,
                weight=Decimal("1"),
                max_points=10,
            ),
        ]
        checklist = [
            FormalCheckItem.objects.create(call=call, order=1, text={"cs": "Záměr je úplný"}),
            FormalCheckItem.objects.create(call=call, order=2, text={"cs": "Žadatel je oprávněný"}),
        ]
        # The call is announced as the office would: with its criteria, before its deadline.
        call = call_transitions.CALL.step(call, CallStatus.ANNOUNCED, actor=manager, now=OPENS)
        world = cls(
            olomouc, strategy, objective, call, applicant_org, other_org, users, other_applicant
        )
        world.criteria = criteria
        world.checklist = checklist
        return world

    def draft(
        self,
        *,
        name: str | None = None,
        requested_eu: Decimal | str = "10000000.00",
        applicant: Organisation | None = None,
        **fields: Any,
    ) -> ProjectIntention:
        """A draft intention of the applicant organisation (configuration-level creation)."""
        self._count += 1
        eu = Decimal(requested_eu)
        values: dict[str, Any] = {
            "call": self.call,
            "applicant": applicant or self.applicant_org,
            "name": {"cs": name or f"Mateřská škola {self._count}"},
            "measure_code": "2.1.1",
            "start_date": date(2025, 9, 1),
            "end_date": date(2026, 12, 31),
            "total_cost": (eu * 2).quantize(Decimal("0.01")),
            "eligible_cost": (eu / Decimal("0.85")).quantize(Decimal("0.01")),
            "requested_eu": eu,
            "created_by": self.users[Role.APPLICANT],
        }
        values.update(fields)
        return ProjectIntention.objects.create(**values)

    def walk(
        self, intention: ProjectIntention, to: str, *, now: datetime | None = None
    ) -> ProjectIntention:
        """Take an intention from its state along PATH[to] (the steps it has not taken yet).

        Each step happens at `now`, or else at the clock (tests travel in time to date the
        history), except a submission while the call does not accept intentions: it happens
        at DURING, when the call is open."""
        path = PATH[to]
        done = (
            [step for step, _role in path].index(intention.status) + 1
            if intention.status != S.DRAFT
            else 0
        )
        for step, role in path[done:]:
            actor = self.users[role]
            if role == Role.APPLICANT and intention.applicant_id != self.applicant_org.pk:
                actor = self.other_applicant
            moment = now or self._moment(intention, step)
            intention = transitions.INTENTION.step(
                intention, step, actor=actor, reason="test", now=moment
            )
        return intention

    @staticmethod
    def _moment(intention: ProjectIntention, step: str) -> datetime:
        clock = timezone.now()
        call = intention.call
        if step == S.SUBMITTED and not call.opens_at <= clock < call.closes_at:
            return DURING
        return clock

    def intention(
        self, *, status: str = S.DRAFT, now: datetime | None = None, **fields: Any
    ) -> ProjectIntention:
        return self.walk(self.draft(**fields), status, now=now)

    def user(self, role: Role) -> User:
        return self.users[role]

    def assign(
        self, intention: ProjectIntention, *reviewers: User, due_on: date | None = None
    ) -> list[ReviewAssignment]:
        """The coordinator asks working-group members (by default the world's one) to review an
        intention that passed the formal check, due in two weeks unless `due_on` says when."""
        due = due_on or timezone.localdate() + timedelta(days=14)
        return [
            assign_reviewer(intention, reviewer, due_on=due, actor=self.users[Role.COORDINATOR])
            for reviewer in reviewers or (self.users[Role.WORKING_GROUP],)
        ]


__all__ = ["DEADLINE", "DURING", "OPENS", "PATH", "PipelineWorld", "timedelta"]
