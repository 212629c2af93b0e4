"""The committee's actions: statute, members, meetings, agenda, votes and resolutions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from aglomera.accounts.models import Role
from aglomera.committee import actions, transitions
from aglomera.committee.models import (
    AgendaItem,
    Attendance,
    DecisionKind,
    ItemStatus,
    MajorityRule,
    MeetingForm,
    MeetingStatus,
    ProposalOutcome,
    ProposedDecision,
    Resolution,
    Vote,
)
from aglomera.committee.tests.world import (
    CLOSES_VOTE,
    DURING_VOTE,
    OPENS_VOTE,
    CommitteeWorld,
    committee_user,
)
from aglomera.core.models import AuditEvent, StatusChange
from aglomera.intentions import transitions as intention_transitions
from aglomera.intentions.models import (
    ChangeRequest,
    ChangeStatus,
    ComplianceStatement,
    IntentionStatus,
    ProjectIntention,
)
from aglomera.strategy import actions as strategy_actions
from aglomera.strategy import transitions as strategy_transitions
from aglomera.strategy.models import StrategyVersion, VersionStatus

S = IntentionStatus
pytestmark = pytest.mark.django_db


def _code(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return str(error.value.error_list[0].code)


def _fields(error: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(error.value.error_dict)


# --- statute and members -------------------------------------------------------------------


def test_it_sets_up_the_committee_once_and_updates_its_statute(cw: CommitteeWorld) -> None:
    # When the manager saves the statute again with other values
    committee = actions.ensure_committee(
        cw.world.agglomeration,
        name={"en": "Board"},
        quorum=Decimal("0.6"),
        majority=MajorityRule.OF_ALL,
        actor=cw.manager,
    )
    # Then the same committee carries the new statute, and the change is audited
    assert committee.pk == cw.committee.pk
    assert (str(committee.name), committee.quorum, committee.majority) == (
        "Board",
        Decimal("0.6"),
        "of_all",
    )
    event = AuditEvent.objects.filter(code="committee.committee.saved").order_by("id").last()
    assert event is not None
    assert event.before["quorum"] == "0.500"


def test_a_new_committee_gets_a_default_name(cw: CommitteeWorld) -> None:
    from aglomera.strategy.tests.builders import make_opole, make_user

    opole = make_opole()
    manager = make_user("opole-boss", (opole, Role.MANAGER))
    committee = actions.ensure_committee(opole, actor=manager)
    assert str(committee.name) == "Steering committee"
    # Saving without values keeps everything
    again = actions.ensure_committee(opole, actor=manager)
    assert (again.pk, str(again.name), again.quorum) == (
        committee.pk,
        "Steering committee",
        Decimal("0.5"),
    )


@pytest.mark.parametrize(
    ("values", "field"),
    [({"quorum": Decimal("1")}, "quorum"), ({"majority": "loudest"}, "majority")],
)
def test_it_refuses_a_bad_statute(
    cw: CommitteeWorld, values: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        actions.ensure_committee(cw.world.agglomeration, actor=cw.manager, **values)  # type: ignore[arg-type]
    assert _fields(error) == {field}


def test_only_the_manager_sets_up_the_committee(cw: CommitteeWorld) -> None:
    with pytest.raises(PermissionDenied):
        actions.ensure_committee(cw.world.agglomeration, actor=cw.world.users[Role.COORDINATOR])


def test_members_need_the_committee_role_and_join_once(cw: CommitteeWorld) -> None:
    coordinator = cw.world.users[Role.COORDINATOR]
    with pytest.raises(ValidationError) as error:
        actions.add_member(cw.committee, user=coordinator, actor=cw.manager)
    assert _fields(error) == {"user"}
    with pytest.raises(ValidationError) as error:
        actions.add_member(cw.committee, user=cw.user("plain"), actor=cw.manager)
    assert "already a member" in str(error.value)


def test_member_fields_are_checked(cw: CommitteeWorld) -> None:
    newcomer = committee_user(cw.world, "newcomer")
    with pytest.raises(ValidationError) as error:
        actions.add_member(cw.committee, user=newcomer, alternate=newcomer, actor=cw.manager)
    assert _fields(error) == {"alternate"}
    with pytest.raises(ValidationError) as error:
        actions.add_member(
            cw.committee, user=newcomer, alternate=cw.world.users[Role.AUDITOR], actor=cw.manager
        )
    assert _fields(error) == {"alternate"}
    from aglomera.agglomerations.models import Organisation
    from aglomera.strategy.tests.builders import make_opole

    foreign = Organisation.objects.create(
        agglomeration=make_opole(),
        name="Gmina Opole",
        kind="municipality",
        country="PL",
        regon="531412421",
    )
    with pytest.raises(ValidationError) as error:
        actions.add_member(cw.committee, user=newcomer, organisation=foreign, actor=cw.manager)
    assert _fields(error) == {"organisation"}


def test_there_is_one_chair_and_an_inactive_member_is_not_chair(cw: CommitteeWorld) -> None:
    # When another member becomes chair
    actions.update_member(
        cw.members["plain"],
        alternate=cw.alternate,
        organisation=None,
        is_chair=True,
        active=True,
        actor=cw.manager,
    )
    cw.members["chair"].refresh_from_db()
    assert not cw.members["chair"].is_chair
    # And when the chair leaves, they stop being chair
    member = actions.update_member(
        cw.members["plain"],
        alternate=None,
        organisation=None,
        is_chair=True,
        active=False,
        actor=cw.manager,
    )
    assert (member.is_chair, member.active, member.alternate_id) == (False, False, None)


# --- meetings and agenda -------------------------------------------------------------------


def test_meetings_are_numbered_per_period(cw: CommitteeWorld) -> None:
    first, second = cw.per_rollam(), cw.in_person()
    older = actions.plan_meeting(
        cw.committee,
        period="2014-2020",
        form=MeetingForm.IN_PERSON,
        starts_at=OPENS_VOTE,
        place="Olomouc",
        actor=cw.manager,
    )
    assert (first.number, second.number, older.number) == (1, 2, 1)
    assert first.voting_closes_at == CLOSES_VOTE


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"period": "1999", "form": MeetingForm.IN_PERSON, "place": "x"}, "period"),
        ({"form": MeetingForm.PER_ROLLAM}, "window_days"),
        ({"form": MeetingForm.PER_ROLLAM, "window_days": 0}, "window_days"),
        ({"form": MeetingForm.PER_ROLLAM, "window_days": 61}, "window_days"),
        ({"form": MeetingForm.IN_PERSON, "place": "  "}, "place"),
        ({"form": "by_pigeon"}, "form"),
        (  # a year typed wrong (2000 to 2100)
            {
                "form": MeetingForm.IN_PERSON,
                "place": "x",
                "starts_at": datetime(1999, 12, 30, 10, tzinfo=UTC),
            },
            "starts_at",
        ),
    ],
)
def test_it_refuses_a_bad_meeting(
    cw: CommitteeWorld, values: dict[str, object], field: str
) -> None:
    data: dict[str, object] = {"period": "2021-2027", "starts_at": OPENS_VOTE, **values}
    with pytest.raises(ValidationError) as error:
        actions.plan_meeting(cw.committee, actor=cw.manager, **data)  # type: ignore[arg-type]
    assert _fields(error) == {field}


def test_a_call_item_proposes_a_decision_per_waiting_intention(cw: CommitteeWorld) -> None:
    # Given intentions of the call at several states
    recommended = cw.world.intention(status=S.RECOMMENDED)
    not_recommended = cw.world.intention(status=S.NOT_RECOMMENDED, applicant=cw.world.other_org)
    deferred = cw.world.intention(status=S.DEFERRED)
    cw.world.intention(status=S.SUBMITTED)
    # When the manager puts the call on the agenda
    item = cw.call_item(cw.per_rollam())
    # Then each waiting intention gets the default proposal
    proposals = {p.intention_id: p.decision for p in item.proposals.all()}
    assert proposals == {
        recommended.pk: ProposedDecision.COMPLIANT,
        not_recommended.pk: ProposedDecision.NON_COMPLIANT_NEGATIVE,
        deferred.pk: ProposedDecision.DEFERRED,
    }
    # And no organisation is concerned by the whole item: each intention recuses its own
    # applicant when it is counted, so the two applicants' members still vote on the others
    assert not item.concerned_organisations.exists()
    # And the same intentions cannot go on a second item
    with pytest.raises(ValidationError) as error:
        cw.call_item(cw.per_rollam())
    assert _fields(error) == {"call"}


@pytest.mark.parametrize(
    ("kind", "field"),
    [
        (DecisionKind.CALL_INTENTIONS, "call"),
        (DecisionKind.CHANGE_REQUEST, "change_request"),
        (DecisionKind.STRATEGY_AMENDMENT, "amendment"),
        ("gossip", "kind"),
    ],
)
def test_an_item_needs_a_fitting_target(cw: CommitteeWorld, kind: str, field: str) -> None:
    meeting = cw.per_rollam()
    with pytest.raises(ValidationError) as error:
        actions.add_agenda_item(meeting, title={"en": "x"}, kind=kind, actor=cw.manager)
    assert _fields(error) == {field}
    # A target of the wrong type is refused next to the same field
    if kind in actions.TARGET_FIELD:
        with pytest.raises(ValidationError) as error:
            actions.add_agenda_item(
                meeting, title={"en": "x"}, kind=kind, target=meeting, actor=cw.manager
            )
        assert _fields(error) == {field}


def _change_request(cw: CommitteeWorld) -> ChangeRequest:
    intention = cw.world.intention(status=S.COMPLIANT)
    change = ChangeRequest.objects.create(
        intention=intention, kinds=["lower_indicator"], justification="Less pupils."
    )
    applicant = cw.world.users[Role.APPLICANT]
    change = intention_transitions.transition_change(
        change, ChangeStatus.SUBMITTED, actor=applicant
    )
    return intention_transitions.transition_change(
        change, ChangeStatus.WITH_COMMITTEE, actor=cw.manager
    )


def _submitted_amendment(cw: CommitteeWorld) -> StrategyVersion:
    draft = strategy_actions.start_amendment(cw.world.strategy, "Top up 2.1.1", actor=cw.manager)
    return strategy_transitions.transition(draft, VersionStatus.SUBMITTED, actor=cw.manager)


def test_a_change_request_item_concerns_its_applicant_and_is_not_listed_twice(
    cw: CommitteeWorld,
) -> None:
    change = _change_request(cw)
    meeting = cw.per_rollam()
    item = actions.add_agenda_item(
        meeting,
        title={"en": "Change"},
        kind=DecisionKind.CHANGE_REQUEST,
        target=change,
        actor=cw.manager,
    )
    assert list(item.concerned_organisations.all()) == [cw.world.applicant_org]
    with pytest.raises(ValidationError) as error:
        actions.add_agenda_item(
            meeting,
            title={"en": "Again"},
            kind=DecisionKind.CHANGE_REQUEST,
            target=change,
            actor=cw.manager,
        )
    assert "already on an agenda" in str(error.value)


def test_an_amendment_item_is_not_listed_twice(cw: CommitteeWorld) -> None:
    version = _submitted_amendment(cw)
    meeting = cw.per_rollam()
    values = {"title": {"en": "Amendment"}, "kind": DecisionKind.STRATEGY_AMENDMENT}
    actions.add_agenda_item(meeting, target=version, actor=cw.manager, **values)  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as error:
        actions.add_agenda_item(meeting, target=version, actor=cw.manager, **values)  # type: ignore[arg-type]
    assert "already on an agenda" in str(error.value)


def test_the_agenda_is_frozen_once_voting_opens(cw: CommitteeWorld) -> None:
    cw.world.intention(status=S.RECOMMENDED)
    meeting = cw.per_rollam()
    item = cw.call_item(meeting)
    cw.open(meeting)
    with pytest.raises(ValidationError) as error:
        cw.other_item(meeting)
    assert _code(error) == "agenda_frozen"
    with pytest.raises(ValidationError):
        actions.set_item_proposals(item, {}, actor=cw.manager)


def test_the_manager_adjusts_the_proposals(cw: CommitteeWorld) -> None:
    # Given a call item with two intentions of different applicants
    first = cw.world.intention(status=S.RECOMMENDED)
    second = cw.world.intention(status=S.RECOMMENDED, applicant=cw.world.other_org)
    item = cw.call_item(cw.per_rollam())
    # When the manager proposes "oversubscribed" for one and takes the other off the item
    actions.set_item_proposals(
        item,
        {first.pk: ProposedDecision.NON_COMPLIANT_OVERSUBSCRIBED, second.pk: ""},
        actor=cw.manager,
    )
    # Then only the first stays, and only its applicant is concerned
    assert {p.intention_id: p.decision for p in item.proposals.all()} == {
        first.pk: "non_compliant_oversubscribed"
    }
    assert list(item.concerned_organisations.all()) == [cw.world.applicant_org]
    # And the second can be put back; unchanged or already-off entries are fine
    actions.set_item_proposals(
        item,
        {second.pk: ProposedDecision.COMPLIANT, first.pk: "non_compliant_oversubscribed"},
        actor=cw.manager,
    )
    actions.set_item_proposals(
        item, {cw.world.intention(status=S.RECOMMENDED).pk: ""}, actor=cw.manager
    )
    assert item.proposals.count() == 2


def test_bad_proposals_are_refused(cw: CommitteeWorld) -> None:
    only = cw.world.intention(status=S.RECOMMENDED)
    item = cw.call_item(cw.per_rollam())
    stranger = cw.world.intention(status=S.SUBMITTED)
    for decisions, code in (
        ({stranger.pk: ProposedDecision.COMPLIANT}, "not_candidate"),
        ({only.pk: "approved"}, "decision"),
        ({only.pk: ""}, "empty"),
    ):
        with pytest.raises(ValidationError) as error:
            actions.set_item_proposals(item, decisions, actor=cw.manager)
        assert _code(error) == code
    other = cw.other_item(item.meeting)
    with pytest.raises(ValidationError) as error:
        actions.set_item_proposals(other, {}, actor=cw.manager)
    assert _code(error) == "not_call"


def test_withdrawing_an_item_releases_it(cw: CommitteeWorld) -> None:
    cw.world.intention(status=S.RECOMMENDED)
    meeting = cw.per_rollam()
    item = actions.withdraw_item(cw.call_item(meeting), actor=cw.manager)
    assert item.status == ItemStatus.WITHDRAWN
    cw.call_item(cw.per_rollam())  # the intentions can go on another agenda
    with pytest.raises(ValidationError) as error:
        actions.withdraw_item(item, actor=cw.manager)
    assert _code(error) == "decided"
    cw.other_item(meeting)
    cw.open(meeting)
    cw.close(meeting)
    with pytest.raises(ValidationError) as error:
        actions.withdraw_item(item, actor=cw.manager)
    assert _code(error) == "closed"


# --- opening and closing -------------------------------------------------------------------


def test_voting_opens_only_with_an_agenda_and_a_window_still_ahead(cw: CommitteeWorld) -> None:
    meeting = cw.per_rollam()
    with pytest.raises(ValidationError) as error:
        cw.open(meeting)
    assert _code(error) == "no_agenda"
    cw.other_item(meeting)
    with pytest.raises(ValidationError) as error:
        transitions.transition(meeting, MeetingStatus.VOTING, actor=cw.manager, now=CLOSES_VOTE)
    assert _code(error) == "window_over"
    opened = transitions.transition(meeting, MeetingStatus.VOTING, actor=cw.manager, now=OPENS_VOTE)
    assert opened.status == MeetingStatus.VOTING
    assert transitions.allowed_transitions(opened, cw.manager) == [MeetingStatus.CLOSED]
    assert transitions.allowed_transitions(opened, cw.user("chair")) == []


def test_a_committee_member_cannot_open_the_voting(cw: CommitteeWorld) -> None:
    meeting = cw.per_rollam()
    cw.other_item(meeting)
    with pytest.raises(transitions.TransitionNotAllowed):
        transitions.transition(meeting, MeetingStatus.VOTING, actor=cw.user("chair"))


# --- votes ---------------------------------------------------------------------------------


@pytest.fixture
def open_item(cw: CommitteeWorld) -> AgendaItem:
    """A per rollam meeting with open voting on one call item (the applicant's intention)."""
    cw.world.intention(status=S.RECOMMENDED)
    meeting = cw.per_rollam()
    item = cw.call_item(meeting)
    cw.open(meeting)
    return item


def test_a_member_votes_once(cw: CommitteeWorld, open_item: AgendaItem) -> None:
    vote = cw.vote(open_item, "chair", "yes")
    assert (vote.choice, vote.cast_by_id) == ("yes", cw.members["chair"].user_id)
    with pytest.raises(ValidationError) as error:
        cw.vote(open_item, "chair", "no")
    assert _code(error) == "already_voted"
    assert Vote.objects.get(item=open_item).choice == "yes"


def test_a_member_of_the_applicant_organisation_cannot_vote(
    cw: CommitteeWorld, open_item: AgendaItem
) -> None:
    # When the member representing the applicant tries to vote on its intention
    with pytest.raises(ValidationError) as error:
        cw.vote(open_item, "conflicted", "yes")
    # Then they are told why, and nothing is stored
    assert _code(error) == "recused"
    assert "conflict of interest" in str(error.value)
    assert not Vote.objects.exists()


def test_an_alternate_votes_for_the_absent_member_but_never_twice(
    cw: CommitteeWorld, open_item: AgendaItem
) -> None:
    # When the alternate votes for the member
    vote = cw.vote(open_item, "plain", "no", actor=cw.alternate)
    assert vote.cast_by_id == cw.alternate.pk  # type: ignore[union-attr]
    # Then the member cannot vote again for themselves
    with pytest.raises(ValidationError) as error:
        cw.vote(open_item, "plain", "yes")
    assert _code(error) == "already_voted"


def test_nobody_votes_for_someone_else(cw: CommitteeWorld, open_item: AgendaItem) -> None:
    with pytest.raises(ValidationError) as error:
        cw.vote(open_item, "plain", "yes", actor=cw.user("chair"))
    assert _code(error) == "not_yours"


def test_only_committee_members_vote(cw: CommitteeWorld, open_item: AgendaItem) -> None:
    with pytest.raises(PermissionDenied):
        cw.vote(open_item, "chair", "yes", actor=cw.manager)


def test_an_inactive_member_cannot_vote(cw: CommitteeWorld, open_item: AgendaItem) -> None:
    actions.update_member(
        cw.members["chair"],
        alternate=None,
        organisation=None,
        is_chair=False,
        active=False,
        actor=cw.manager,
    )
    with pytest.raises(ValidationError) as error:
        cw.vote(open_item, "chair", "yes")
    assert _code(error) == "not_member"


def test_a_vote_needs_a_valid_choice(cw: CommitteeWorld, open_item: AgendaItem) -> None:
    with pytest.raises(ValidationError) as error:
        cw.vote(open_item, "chair", "maybe")
    assert _fields(error) == {"choice"}


@pytest.mark.parametrize(
    ("moment", "accepted"),
    [
        (OPENS_VOTE - timedelta(seconds=1), False),
        (OPENS_VOTE, True),
        (CLOSES_VOTE - timedelta(seconds=1), True),
        (CLOSES_VOTE, False),
    ],
)
def test_a_written_vote_counts_only_inside_its_window(
    cw: CommitteeWorld, open_item: AgendaItem, moment: datetime, accepted: bool
) -> None:
    if accepted:
        assert cw.vote(open_item, "chair", "yes", now=moment).choice == "yes"
    else:
        with pytest.raises(ValidationError) as error:
            cw.vote(open_item, "chair", "yes", now=moment)
        assert _code(error) == "outside_window"
        assert "2025-06-02 10:00" in str(error.value)  # shown in Prague time


def test_no_vote_before_voting_opens_or_on_a_decided_item(cw: CommitteeWorld) -> None:
    meeting = cw.per_rollam()
    item = cw.other_item(meeting)
    with pytest.raises(ValidationError) as error:
        cw.vote(item, "chair", "yes")
    assert _code(error) == "not_open"
    cw.open(meeting)
    cw.close(meeting)
    actions.decide_item(item, actor=cw.manager, now=DURING_VOTE)
    with pytest.raises(ValidationError) as error:
        cw.vote(item, "chair", "yes")
    assert _code(error) == "decided"


# --- in person: attendance and votes of the room --------------------------------------------


def test_the_manager_records_attendance_and_the_votes_of_the_room(cw: CommitteeWorld) -> None:
    meeting = cw.in_person()
    item = cw.other_item(meeting)
    m = cw.members
    actions.record_attendance(
        meeting,
        {
            m["chair"].pk: actions.Presence.PRESENT,
            m["plain"].pk: actions.Presence.ALTERNATE,
            m["university"].pk: actions.Presence.ABSENT,
        },
        actor=cw.manager,
    )
    assert Attendance.objects.get(member=m["plain"]).by_alternate
    cw.open(meeting)
    votes = actions.record_room_votes(
        item, {m["chair"].pk: "yes", m["plain"].pk: "abstain"}, actor=cw.manager
    )
    assert {v.cast_by_id for v in votes} == {cw.manager.pk}
    # An absent member's vote is refused, and so is a stranger
    with pytest.raises(ValidationError) as error:
        actions.record_room_votes(item, {m["university"].pk: "yes"}, actor=cw.manager)
    assert _code(error) == "absent"
    with pytest.raises(ValidationError) as error:
        actions.record_room_votes(item, {999999: "yes"}, actor=cw.manager)
    assert _code(error) == "bad"
    # Two present of four is not more than half: the item is decided as not quorate
    cw.close(meeting)
    resolution = actions.decide_item(item, actor=cw.manager, now=DURING_VOTE)
    assert (resolution.quorate, resolution.adopted, resolution.votes_for) == (False, False, 1)
    with pytest.raises(ValidationError) as error:
        actions.record_attendance(meeting, {}, actor=cw.manager)
    assert _code(error) == "closed"


def test_attendance_and_room_votes_are_for_meetings_in_person(
    cw: CommitteeWorld, open_item: AgendaItem
) -> None:
    with pytest.raises(ValidationError) as error:
        actions.record_attendance(open_item.meeting, {}, actor=cw.manager)
    assert _code(error) == "per_rollam"
    with pytest.raises(ValidationError) as error:
        actions.record_room_votes(open_item, {}, actor=cw.manager)
    assert _code(error) == "per_rollam"
    meeting = cw.in_person()
    with pytest.raises(ValidationError) as error:
        actions.record_attendance(meeting, {cw.members["chair"].pk: "asleep"}, actor=cw.manager)
    assert _code(error) == "bad"


# --- decisions -----------------------------------------------------------------------------


def test_an_adopted_call_item_decides_the_intentions(cw: CommitteeWorld) -> None:
    # Given a recommended and a deferred intention on a call item
    recommended = cw.world.intention(status=S.RECOMMENDED)
    deferred = cw.world.intention(status=S.DEFERRED, applicant=cw.world.other_org)
    meeting = cw.per_rollam()
    item = cw.call_item(meeting)
    actions.set_item_proposals(
        item,
        {recommended.pk: ProposedDecision.COMPLIANT, deferred.pk: ProposedDecision.COMPLIANT},
        actor=cw.manager,
    )
    cw.open(meeting)
    # When every member votes for (each applicant's representative is recused from its own
    # intention only, so both still vote on the item)
    for name in ("chair", "plain", "conflicted", "university"):
        cw.vote(item, name, "yes")
    # Then everyone eligible has voted, so the manager may decide while voting is still open
    resolution = actions.decide_item(item, actor=cw.manager, now=DURING_VOTE)
    assert resolution.number == "1/2025"
    assert (resolution.adopted, resolution.quorate) == (True, True)
    assert (resolution.votes_for, resolution.recused) == (4, 0)
    # And each intention is counted without its own applicant's representative
    outcomes = {
        o.proposal.intention_id: (o.adopted, o.votes_for, o.recused, o.quorate)
        for o in ProposalOutcome.objects.filter(resolution=resolution).select_related("proposal")
    }
    assert outcomes == {recommended.pk: (True, 3, 1, True), deferred.pk: (True, 3, 1, True)}
    # The outcomes are read from ProposalOutcome in the reader's language, not stored as text
    assert "Mateřská škola" not in resolution.text
    # And both intentions were found compliant and got their numbered initial statement
    statuses = dict(
        ProjectIntention.objects.filter(pk__in=[recommended.pk, deferred.pk]).values_list(
            "pk", "status"
        )
    )
    assert statuses == {recommended.pk: S.STATEMENT_ISSUED, deferred.pk: S.STATEMENT_ISSUED}
    statements = ComplianceStatement.objects.filter(resolution=resolution)
    assert sorted(statements.values_list("intention_id", "outcome", "statement_type")) == sorted(
        [(recommended.pk, "compliant", "initial"), (deferred.pk, "compliant", "initial")]
    )
    assert all(s.evidence_number.startswith("OLOMOUC/") for s in statements)
    item.refresh_from_db()
    assert item.status == ItemStatus.DECIDED
    # The intentions' history has them found compliant when the committee decided
    found = StatusChange.objects.filter(
        workflow=intention_transitions.WORKFLOW, new_status="compliant"
    )
    assert list(found.values_list("created_at", flat=True)) == [DURING_VOTE, DURING_VOTE]


def test_a_rejected_item_leaves_the_targets_alone(cw: CommitteeWorld) -> None:
    intention = cw.world.intention(status=S.RECOMMENDED)
    meeting = cw.per_rollam()
    item = cw.call_item(meeting)
    cw.open(meeting)
    cw.vote(item, "chair", "no")
    cw.vote(item, "plain", "no")
    cw.close(meeting)
    resolution = actions.decide_item(item, actor=cw.manager, now=DURING_VOTE, text="Nope.")
    assert (resolution.adopted, resolution.votes_against, resolution.text) == (False, 2, "Nope.")
    intention.refresh_from_db()
    assert intention.status == S.RECOMMENDED


def test_an_intention_withdrawn_meanwhile_is_skipped(cw: CommitteeWorld) -> None:
    kept = cw.world.intention(status=S.RECOMMENDED)
    gone = cw.world.intention(status=S.RECOMMENDED)
    already = cw.world.intention(status=S.DEFERRED)
    meeting = cw.per_rollam()
    item = cw.call_item(meeting)
    cw.open(meeting)
    intention_transitions.transition(gone, S.WITHDRAWN, actor=cw.world.users[Role.APPLICANT])
    for name in ("chair", "plain", "university"):
        cw.vote(item, name, "yes")
    resolution = actions.decide_item(item, actor=cw.manager, now=DURING_VOTE)
    assert resolution.adopted
    statuses = dict(
        ProjectIntention.objects.filter(pk__in=[kept.pk, gone.pk, already.pk]).values_list(
            "pk", "status"
        )
    )
    assert statuses == {kept.pk: S.STATEMENT_ISSUED, gone.pk: S.WITHDRAWN, already.pk: S.DEFERRED}
    event = AuditEvent.objects.get(code="committee.resolution.adopted")
    assert event.after["skipped"] == [gone.pk]


def test_resolutions_are_numbered_per_committee_and_year(cw: CommitteeWorld) -> None:
    meeting = cw.per_rollam()
    items = [cw.other_item(meeting, f"Item {i}") for i in range(3)]
    cw.open(meeting)
    cw.close(meeting)
    december = datetime(2025, 12, 31, 23, 30, tzinfo=UTC)  # already 2026 in Prague
    numbers = [
        actions.decide_item(items[0], actor=cw.manager, now=DURING_VOTE).number,
        actions.decide_item(items[1], actor=cw.manager, now=DURING_VOTE).number,
        actions.decide_item(items[2], actor=cw.manager, now=december).number,
    ]
    assert numbers == ["1/2025", "2/2025", "1/2026"]
    # A second decision of the same item is refused
    with pytest.raises(ValidationError) as error:
        actions.decide_item(items[0], actor=cw.manager, now=DURING_VOTE)
    assert _code(error) == "decided"


def test_the_history_records_each_step_at_its_moment(cw: CommitteeWorld) -> None:
    # Given a meeting opened at the start of its window and an item decided later
    meeting = cw.per_rollam()
    item = cw.other_item(meeting)
    cw.open(meeting)
    cw.close(meeting)
    decided = DURING_VOTE + timedelta(days=2)
    actions.decide_item(item, actor=cw.manager, now=decided)
    # Then the history and the audit carry those moments, not the time the code ran
    opened = StatusChange.objects.get(workflow=transitions.WORKFLOW, new_status="voting")
    assert opened.created_at == OPENS_VOTE
    step = StatusChange.objects.get(workflow=transitions.ITEM_WORKFLOW, object_id=item.pk)
    assert (step.new_status, step.reason, step.created_at) == ("decided", "1/2025", decided)
    event = AuditEvent.objects.get(code="committee.item.decided", object_id=item.pk)
    assert event.created_at == decided


def test_an_item_is_decided_only_after_the_voting(cw: CommitteeWorld) -> None:
    meeting = cw.per_rollam()
    item = cw.other_item(meeting)
    with pytest.raises(ValidationError) as error:
        actions.decide_item(item, actor=cw.manager)
    assert _code(error) == "not_voted"
    cw.open(meeting)
    cw.vote(item, "chair", "yes")
    with pytest.raises(ValidationError) as error:
        actions.decide_item(item, actor=cw.manager)
    assert _code(error) == "voting_open"
    assert "3 of 4" in str(error.value)
    assert not Resolution.objects.exists()


def test_an_adopted_change_request_is_approved(cw: CommitteeWorld) -> None:
    change = _change_request(cw)
    meeting = cw.per_rollam()
    item = actions.add_agenda_item(
        meeting,
        title={"en": "Lower indicator"},
        kind=DecisionKind.CHANGE_REQUEST,
        target=change,
        actor=cw.manager,
    )
    cw.open(meeting)
    for name in ("chair", "plain", "university"):
        cw.vote(item, name, "yes")
    resolution = actions.decide_item(item, actor=cw.manager, now=DURING_VOTE)
    change.refresh_from_db()
    assert (resolution.recused, change.status) == (1, ChangeStatus.APPROVED)


def test_an_adopted_amendment_is_approved_with_the_resolution_number(cw: CommitteeWorld) -> None:
    version = _submitted_amendment(cw)
    meeting = cw.per_rollam()
    item = actions.add_agenda_item(
        meeting,
        title={"en": "Amendment"},
        kind=DecisionKind.STRATEGY_AMENDMENT,
        target=version,
        actor=cw.manager,
    )
    cw.open(meeting)
    for name in ("chair", "plain", "university", "conflicted"):
        cw.vote(item, name, "yes")
    resolution = actions.decide_item(item, actor=cw.manager, now=DURING_VOTE)
    version.refresh_from_db()
    assert version.status == VersionStatus.APPROVED
    assert (version.approval_reference, version.approved_by_body) == (
        resolution.number,
        "Řídicí výbor ITI",
    )


def test_targets_that_moved_on_are_skipped_when_adopted(cw: CommitteeWorld) -> None:
    change = _change_request(cw)
    version = _submitted_amendment(cw)
    meeting = cw.in_person()
    items = [
        actions.add_agenda_item(
            meeting,
            title={"en": "C"},
            kind=DecisionKind.CHANGE_REQUEST,
            target=change,
            actor=cw.manager,
        ),
        actions.add_agenda_item(
            meeting,
            title={"en": "A"},
            kind=DecisionKind.STRATEGY_AMENDMENT,
            target=version,
            actor=cw.manager,
        ),
    ]
    present = {cw.members[n].pk: actions.Presence.PRESENT for n in ("chair", "plain", "university")}
    actions.record_attendance(meeting, present, actor=cw.manager)
    cw.open(meeting)
    for item in items:
        actions.record_room_votes(item, dict.fromkeys(present, "yes"), actor=cw.manager)
    intention_transitions.transition_change(change, ChangeStatus.REJECTED, actor=cw.manager)
    strategy_transitions.transition(version, VersionStatus.DRAFT, actor=cw.manager, reason="x")
    cw.close(meeting)
    for item in items:
        assert actions.decide_item(item, actor=cw.manager, now=DURING_VOTE).adopted
    events = AuditEvent.objects.filter(code="committee.resolution.adopted").order_by("id")
    assert [e.after["skipped"] for e in events] == [[change.pk], [version.pk]]


def test_an_adopted_item_about_something_else_only_records_the_resolution(
    cw: CommitteeWorld,
) -> None:
    meeting = cw.per_rollam()
    item = cw.other_item(meeting, "Annual report")
    cw.open(meeting)
    for name in ("chair", "plain", "university", "conflicted"):
        cw.vote(item, name, "yes")
    resolution = actions.decide_item(item, actor=cw.manager, now=DURING_VOTE)
    # The item had no proposal: the text is empty (the minutes show the item's title above it)
    assert (resolution.adopted, resolution.text, resolution.votes_for) == (True, "", 4)
    assert AuditEvent.objects.get(code="committee.resolution.adopted").after["applied"] == []
