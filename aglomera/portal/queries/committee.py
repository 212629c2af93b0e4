"""The portal's steering committee: its members, its meetings and, once a meeting is closed,
its resolutions and attendance.

Only public facts: the members of a public body by name, the organisation each represents (not
a natural person's) and their role; never an address or an e-mail. A meeting that is not closed
shows its date, form and status but not its agenda (items are published with their
resolutions); a cancelled meeting is not listed. A resolution's number is rendered in the
reader's language by the committee's generated texts (committee/texts.py).

Each function runs a fixed number of queries (pinned in tests).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import get_language, pgettext_lazy

from aglomera.accounts.models import User
from aglomera.agglomerations.models import Agglomeration, Organisation, OrganisationKind
from aglomera.committee import texts
from aglomera.committee.models import (
    Attendance,
    CommitteeMember,
    ItemStatus,
    Meeting,
    MeetingForm,
    MeetingStatus,
    Resolution,
    SteeringCommittee,
    Vote,
)
from aglomera.core.collation import sort_key
from aglomera.core.i18n import Localized
from aglomera.core.texts import render

NAME_NOT_GIVEN = pgettext_lazy("steering committee member", "(name not given)")
PUBLIC_MEETING_STATES = (MeetingStatus.PLANNED, MeetingStatus.VOTING, MeetingStatus.CLOSED)

CHAIR = "chair"
MEMBER = "member"
ALTERNATE = "alternate"
ROLE_LABELS: dict[str, Promise] = {
    CHAIR: pgettext_lazy("steering committee role", "chair"),
    MEMBER: pgettext_lazy("steering committee role", "member"),
    ALTERNATE: pgettext_lazy("steering committee role", "alternate"),
}


def person_name(user: User) -> str:
    """The person's full name; never the user name, which may be an e-mail address. The
    placeholder for a missing name is in the reader's language (never marked as foreign)."""
    return user.get_full_name() or Localized(str(NAME_NOT_GIVEN), get_language() or "")


def public_organisation(organisation: Organisation | None) -> str:
    """The organisation a member represents, unless it is a natural person."""
    if organisation is None or organisation.kind == OrganisationKind.PERSON:
        return ""
    return organisation.name


@dataclass(frozen=True)
class MemberRow:
    name: str
    organisation: str
    role: str
    alternate_of: str = ""  # the member an alternate stands in for

    @property
    def role_label(self) -> Promise:
        return ROLE_LABELS[self.role]


def public_meetings(agglomeration: Agglomeration) -> list[Meeting]:
    """The meetings, newest first, without the cancelled ones (one query)."""
    return list(
        Meeting.objects.filter(
            committee__agglomeration=agglomeration, status__in=PUBLIC_MEETING_STATES
        ).order_by("-starts_at", "-number")
    )


@dataclass(frozen=True)
class CommitteePage:
    committee: SteeringCommittee | None
    members: list[MemberRow]
    meetings: list[Meeting]


def _member_rows(members: list[CommitteeMember]) -> list[MemberRow]:
    """The chair first, then the members by surname; each alternate after the member."""
    ordered = sorted(
        members,
        key=lambda m: (not m.is_chair, sort_key(m.user.last_name), sort_key(person_name(m.user))),
    )
    rows = []
    for member in ordered:
        name = person_name(member.user)
        organisation = public_organisation(member.organisation)
        rows.append(MemberRow(name, organisation, CHAIR if member.is_chair else MEMBER))
        if member.alternate is not None:
            rows.append(MemberRow(person_name(member.alternate), organisation, ALTERNATE, name))
    return rows


def committee_page(agglomeration: Agglomeration) -> CommitteePage:
    """The committee, its active members and its meetings (three queries)."""
    committee = SteeringCommittee.objects.filter(agglomeration=agglomeration).first()
    members = list(
        CommitteeMember.objects.filter(
            committee__agglomeration=agglomeration, active=True
        ).select_related("user", "alternate", "organisation")
    )
    return CommitteePage(committee, _member_rows(members), public_meetings(agglomeration))


@dataclass(frozen=True)
class ResolutionRow:
    resolution: Resolution

    @property
    def heading(self) -> str:
        """ "Resolution 3/2025 of the steering committee", in the reader's language."""
        number = self.resolution.number
        if number:
            return render(texts.RESOLUTION, {"number": number})
        return render(texts.NOT_ADOPTED, {})


PRESENT = "present"
ABSENT = "absent"
BY_ALTERNATE = "by_alternate"
VOTED = "voted"
DID_NOT_VOTE = "did_not_vote"
PRESENCE_LABELS: dict[str, Promise] = {
    PRESENT: pgettext_lazy("attendance", "present"),
    ABSENT: pgettext_lazy("attendance", "absent"),
    BY_ALTERNATE: pgettext_lazy("attendance", "represented by the alternate"),
    VOTED: pgettext_lazy("attendance", "voted"),
    DID_NOT_VOTE: pgettext_lazy("attendance", "did not vote"),
}


@dataclass(frozen=True)
class PresenceRow:
    name: str
    organisation: str
    presence: str

    @property
    def label(self) -> Promise:
        return PRESENCE_LABELS[self.presence]


@dataclass
class MeetingPage:
    meeting: Meeting
    resolutions: list[ResolutionRow] = field(default_factory=list)
    attendance: list[PresenceRow] = field(default_factory=list)

    @property
    def published(self) -> bool:
        """A closed meeting publishes its resolutions and attendance."""
        return self.meeting.status == MeetingStatus.CLOSED


def _attendance(meeting: Meeting) -> list[PresenceRow]:
    """Who took part (three queries): in person, present / by the alternate / absent; in
    writing, who voted."""
    members = list(
        CommitteeMember.objects.filter(
            committee_id=meeting.committee_id, active=True
        ).select_related("user", "organisation")
    )
    present = {a.member_id: a for a in Attendance.objects.filter(meeting=meeting)}
    voted = set(Vote.objects.filter(item__meeting=meeting).values_list("member_id", flat=True))
    rows = []
    for member in sorted(
        members, key=lambda m: (sort_key(m.user.last_name), sort_key(person_name(m.user)))
    ):
        if meeting.form == MeetingForm.PER_ROLLAM:
            presence = VOTED if member.pk in voted else DID_NOT_VOTE
        else:
            record = present.get(member.pk)
            if record is None or not record.present:
                presence = ABSENT
            else:
                presence = BY_ALTERNATE if record.by_alternate else PRESENT
        rows.append(
            PresenceRow(
                person_name(member.user), public_organisation(member.organisation), presence
            )
        )
    return rows


def meeting_page(agglomeration: Agglomeration, pk: int) -> MeetingPage:
    """A meeting (one query), and when closed its resolutions and attendance (five queries);
    404 for another agglomeration's meeting or a cancelled one."""
    meeting = (
        Meeting.objects.filter(
            committee__agglomeration=agglomeration, status__in=PUBLIC_MEETING_STATES, pk=pk
        )
        .select_related("committee")
        .first()
    )
    if meeting is None:
        raise Http404
    page = MeetingPage(meeting)
    if page.published:
        page.resolutions = [
            ResolutionRow(resolution)
            for resolution in Resolution.objects.filter(
                item__meeting=meeting, item__status=ItemStatus.DECIDED
            )
            .select_related("item")
            .order_by("item__order")
        ]
        page.attendance = _attendance(meeting)
    return page
