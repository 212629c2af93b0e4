"""A committee on top of the PipelineWorld: four voting members and an alternate.

    cw = CommitteeWorld.create()
    meeting = cw.per_rollam()            # planned, window OPENS_VOTE .. CLOSES_VOTE
    item = cw.call_item(meeting)         # proposes a decision per recommended intention

Members (all hold the steering-committee role):
- `conflicted` represents the applicant organisation (Přerov): recused on its intentions;
- `chair`, `plain` represent nobody; `university` represents the other organisation;
- `alternate` is the alternate of `plain`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from aglomera.accounts.models import Membership, Role, User
from aglomera.committee import actions, transitions
from aglomera.committee.models import (
    AgendaItem,
    CommitteeMember,
    DecisionKind,
    MajorityRule,
    Meeting,
    MeetingForm,
    MeetingStatus,
    SteeringCommittee,
)
from aglomera.intentions.tests.builders import PipelineWorld

OPENS_VOTE = datetime(2025, 6, 2, 8, 0, tzinfo=UTC)
CLOSES_VOTE = OPENS_VOTE + timedelta(days=5)
DURING_VOTE = OPENS_VOTE + timedelta(days=1)


def committee_user(world: PipelineWorld, username: str) -> User:
    user = User.objects.create_user(username, password="pw-123456", first_name=username.title())
    Membership.objects.create(user=user, agglomeration=world.agglomeration, role=Role.COMMITTEE)
    return user


@dataclass
class CommitteeWorld:
    world: PipelineWorld
    committee: SteeringCommittee
    members: dict[str, CommitteeMember] = field(default_factory=dict)
    alternate: User | None = None

    @classmethod
    def create(
        cls,
        world: PipelineWorld | None = None,
        *,
        quorum: str = "0.5",
        majority: str = MajorityRule.OF_VOTING,
    ) -> CommitteeWorld:
        world = world or PipelineWorld.create()
        manager = world.users[Role.MANAGER]
        committee = actions.ensure_committee(
            world.agglomeration,
            name={"cs": "Řídicí výbor ITI", "en": "ITI steering committee"},
            quorum=Decimal(quorum),
            majority=majority,
            actor=manager,
        )
        cw = cls(world, committee)
        cw.alternate = committee_user(world, "alternate")
        chair = world.users[Role.COMMITTEE]
        cw.members["chair"] = actions.add_member(
            committee, user=chair, is_chair=True, actor=manager
        )
        cw.members["conflicted"] = actions.add_member(
            committee,
            user=committee_user(world, "conflicted"),
            organisation=world.applicant_org,
            actor=manager,
        )
        cw.members["plain"] = actions.add_member(
            committee, user=committee_user(world, "plain"), alternate=cw.alternate, actor=manager
        )
        cw.members["university"] = actions.add_member(
            committee,
            user=committee_user(world, "university"),
            organisation=world.other_org,
            actor=manager,
        )
        return cw

    @property
    def manager(self) -> User:
        return self.world.users[Role.MANAGER]

    def user(self, name: str) -> User:
        """A fresh user object (the permission layer caches roles per object)."""
        return User.objects.get(pk=self.members[name].user_id)

    def per_rollam(self, days: int = 5, starts_at: datetime = OPENS_VOTE) -> Meeting:
        return actions.plan_meeting(
            self.committee,
            period="2021-2027",
            form=MeetingForm.PER_ROLLAM,
            starts_at=starts_at,
            window_days=days,
            actor=self.manager,
        )

    def in_person(self) -> Meeting:
        return actions.plan_meeting(
            self.committee,
            period="2021-2027",
            form=MeetingForm.IN_PERSON,
            starts_at=OPENS_VOTE,
            place="Olomouc, Horní náměstí 583",
            actor=self.manager,
        )

    def call_item(self, meeting: Meeting, title: str = "Výzva 2: záměry") -> AgendaItem:
        return actions.add_agenda_item(
            meeting,
            title={"cs": title},
            kind=DecisionKind.CALL_INTENTIONS,
            target=self.world.call,
            actor=self.manager,
        )

    def other_item(self, meeting: Meeting, title: str = "Informace") -> AgendaItem:
        return actions.add_agenda_item(
            meeting, title={"en": title}, kind=DecisionKind.OTHER, actor=self.manager
        )

    def open(self, meeting: Meeting) -> Meeting:
        return transitions.transition(
            meeting, MeetingStatus.VOTING, actor=self.manager, now=OPENS_VOTE
        )

    def close(self, meeting: Meeting) -> Meeting:
        return transitions.transition(meeting, MeetingStatus.CLOSED, actor=self.manager)

    def vote(self, item: AgendaItem, name: str, choice: str, **kwargs: Any) -> Any:
        member = self.members[name]
        actor = kwargs.pop("actor", None) or self.user(name)
        return actions.cast_vote(
            item, member, choice, actor=actor, now=kwargs.pop("now", DURING_VOTE)
        )
