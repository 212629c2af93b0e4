"""A steering committee with a meeting, built directly from the committee models."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from aglomera.accounts.models import Membership, Role, User
from aglomera.agglomerations.models import Agglomeration, Organisation
from aglomera.committee.models import (
    AgendaItem,
    CommitteeMember,
    DecisionKind,
    Meeting,
    MeetingForm,
    MeetingStatus,
    SteeringCommittee,
)


def person(
    agglomeration: Agglomeration,
    username: str,
    role: Role | None = None,
    *,
    email: str | None = None,
    language: str = "",
) -> User:
    user = User.objects.create_user(
        username,
        email=f"{username}@example.org" if email is None else email,
        password="pw-123456",
        preferred_language=language,
    )
    if role is not None:
        Membership.objects.create(user=user, agglomeration=agglomeration, role=role)
    return user


@dataclass
class CommitteeWorld:
    committee: SteeringCommittee
    members: list[CommitteeMember]

    @classmethod
    def create(cls, agglomeration: Agglomeration, names: list[str]) -> CommitteeWorld:
        committee = SteeringCommittee.objects.create(
            agglomeration=agglomeration, name={"cs": "Řídicí výbor ITI"}
        )
        members = [
            CommitteeMember.objects.create(
                committee=committee, user=person(agglomeration, name, Role.COMMITTEE)
            )
            for name in names
        ]
        return cls(committee, members)

    def meeting(
        self,
        *,
        form: str = MeetingForm.PER_ROLLAM,
        starts_at: datetime,
        voting_closes_at: datetime | None = None,
        status: str = MeetingStatus.PLANNED,
        items: int = 2,
        concerned: Organisation | None = None,
    ) -> Meeting:
        number = self.committee.meetings.count() + 1
        meeting = Meeting.objects.create(
            committee=self.committee,
            number=number,
            period="2021-2027",
            form=form,
            starts_at=starts_at,
            voting_closes_at=voting_closes_at,
            status=status,
        )
        for order in range(1, items + 1):
            item = AgendaItem.objects.create(
                meeting=meeting,
                order=order,
                title={"cs": f"Bod {order}"},
                kind=DecisionKind.OTHER,
            )
            if concerned is not None:
                item.concerned_organisations.add(concerned)
        return meeting
