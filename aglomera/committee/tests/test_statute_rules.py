"""The statute's rules through the actions (issue 10, point 11): majorities per kind of item, the
chair's casting vote, numbering of rejections, recusal of applicants, partners and declared
conflicts per intention, quorum per intention, and the early close of a written vote.

The world (aglomera/committee/tests/world.py) has four members: the chair and `plain` represent
nobody, `conflicted` represents Přerov (the applicant organisation) and `university` the
university (the other organisation)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from aglomera.accounts.models import Role
from aglomera.committee import actions, transitions
from aglomera.committee.calculations import voting
from aglomera.committee.models import (
    AgendaItem,
    ConflictDeclaration,
    DecisionKind,
    ItemStatus,
    MajorityRule,
    Meeting,
    MeetingStatus,
    ProposalOutcome,
    ProposedDecision,
    Resolution,
)
from aglomera.committee.tests.world import DURING_VOTE, CommitteeWorld
from aglomera.core.models import AuditEvent, StatusChange
from aglomera.intentions.models import IntentionStatus, ProjectIntention

S = IntentionStatus
pytestmark = pytest.mark.django_db


def _code(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return str(error.value.error_list[0].code)


def _fields(error: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(error.value.error_dict)


def _statute(cw: CommitteeWorld, **values: object) -> None:
    actions.ensure_committee(cw.world.agglomeration, actor=cw.manager, **values)  # type: ignore[arg-type]


def _decide_other(
    cw: CommitteeWorld, votes: dict[str, str], title: str = "Informace"
) -> Resolution:
    """A written vote on one item about something else: the members vote, the window ends,
    the item is decided."""
    meeting = cw.per_rollam()
    item = cw.other_item(meeting, title)
    cw.open(meeting)
    for name, choice in votes.items():
        cw.vote(item, name, choice)
    cw.close(meeting)  # (the window of 2025 is over by now)
    return actions.decide_item(item, actor=cw.manager, now=DURING_VOTE)


def _two_intentions(cw: CommitteeWorld) -> tuple[ProjectIntention, ProjectIntention, AgendaItem]:
    """A written vote open on a call item with an intention of Přerov (`conflicted`'s
    organisation) and one of the university (`university`'s)."""
    prerov = cw.world.intention(status=S.RECOMMENDED, name="Mateřská škola Přerov")
    university = cw.world.intention(
        status=S.RECOMMENDED, applicant=cw.world.other_org, name="Dětská skupina UP"
    )
    meeting = cw.per_rollam()
    item = cw.call_item(meeting)
    cw.open(meeting)
    return prerov, university, item


def _minutes(cw: CommitteeWorld, resolution: Resolution, language: str = "en") -> str:
    """The minutes of the resolution's meeting as the manager reads them (outcomes and counts
    are rendered there, in the reader's language, not stored in the resolution's text)."""
    client = Client()
    client.force_login(cw.manager)
    slug = cw.world.agglomeration.slug
    url = f"/{language}/app/{slug}/committee/meetings/{resolution.item.meeting_id}/minutes/"
    return " ".join(client.get(url).content.decode().split())


def _outcomes(resolution: Resolution) -> dict[int, tuple[bool, int, int, int, int, bool]]:
    """intention id -> (adopted, for, against, abstained, recused, quorate)"""
    return {
        o.proposal.intention_id: (
            o.adopted,
            o.votes_for,
            o.votes_against,
            o.abstentions,
            o.recused,
            o.quorate,
        )
        for o in ProposalOutcome.objects.filter(resolution=resolution).select_related("proposal")
    }


# --- the statute ----------------------------------------------------------------------------------


def test_the_statute_sets_the_rules_and_every_change_is_audited(cw: CommitteeWorld) -> None:
    # When the manager sets a casting vote, numbers only adopted resolutions, and asks two
    # thirds of all members for a strategy amendment
    _statute(
        cw,
        casting_vote=True,
        number_rejections=False,
        majorities={DecisionKind.STRATEGY_AMENDMENT: MajorityRule.TWO_THIRDS_OF_ALL},
    )
    # Then the committee carries them, and the audit says what changed
    cw.committee.refresh_from_db()
    assert (cw.committee.casting_vote, cw.committee.number_rejections) == (True, False)
    event = AuditEvent.objects.filter(code="committee.committee.saved").order_by("id").last()
    assert event is not None
    assert (event.before["casting_vote"], event.before["number_rejections"]) == (False, True)
    assert event.before["majorities"] == {}
    assert event.after["majorities"] == {"strategy_amendment": "two_thirds_of_all"}
    # And the majority of the other kinds stays the committee's
    assert {kind: m.rule for kind, m in _majorities(cw).items()} == {
        "call_intentions": "of_voting",
        "change_request": "of_voting",
        "strategy_amendment": "two_thirds_of_all",
        "other": "of_voting",
    }
    # When the kind's rule is changed, then emptied, the kind follows the committee's again
    _statute(cw, majorities={DecisionKind.STRATEGY_AMENDMENT: MajorityRule.THREE_FIFTHS_OF_ALL})
    assert _majorities(cw)["strategy_amendment"].rule == "three_fifths_of_all"
    _statute(cw, majority=MajorityRule.OF_ALL, majorities={DecisionKind.STRATEGY_AMENDMENT: ""})
    assert _majorities(cw)["strategy_amendment"] == voting.Majority("of_all", casting_vote=True)


def _majorities(cw: CommitteeWorld) -> dict[str, voting.Majority]:
    from aglomera.committee.queries.counting import majorities

    cw.committee.refresh_from_db()
    return majorities(cw.committee)


@pytest.mark.parametrize(
    ("majorities", "field"),
    [
        ({DecisionKind.OTHER: "loudest"}, "majority_other"),
        ({"gossip": MajorityRule.OF_ALL}, "majorities"),
    ],
)
def test_a_bad_majority_for_a_kind_is_refused(
    cw: CommitteeWorld, majorities: dict[str, str], field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        _statute(cw, majorities=majorities)
    assert _fields(error) == {field}
    assert not cw.committee.majorities.exists()


# --- ties and the chair's casting vote ------------------------------------------------------------

TIE = {"chair": "yes", "plain": "yes", "conflicted": "no", "university": "no"}


@pytest.mark.parametrize("casting_vote", [False, True])
def test_a_tie_is_decided_by_the_chair_only_when_the_statute_says_so(
    cw: CommitteeWorld, casting_vote: bool
) -> None:
    # Given a statute with or without the chair's casting vote
    _statute(cw, casting_vote=casting_vote)
    # When the four members split 2:2, the chair voting for
    resolution = _decide_other(cw, TIE, "Zpráva o plnění")
    # Then without the casting vote the tie is not adopted; with it, the chair's vote adopts it,
    # and the resolution says so
    assert (resolution.adopted, resolution.casting_vote) == (casting_vote, casting_vote)
    assert (resolution.votes_for, resolution.votes_against, resolution.quorate) == (2, 2, True)
    assert ("casting vote" in _minutes(cw, resolution)) is casting_vote
    event = AuditEvent.objects.get(code__startswith="committee.resolution.")
    assert event.after["casting_vote"] is casting_vote


def test_the_chair_against_on_a_tie_rejects_the_item(cw: CommitteeWorld) -> None:
    _statute(cw, casting_vote=True)
    votes = {"chair": "no", "plain": "no", "conflicted": "yes", "university": "yes"}
    resolution = _decide_other(cw, votes)
    assert (resolution.adopted, resolution.casting_vote) == (False, True)


def test_a_recused_chair_does_not_break_a_tie(cw: CommitteeWorld) -> None:
    # Given the casting vote, and a chair who declared a conflict of interest on the item
    _statute(cw, casting_vote=True)
    meeting = cw.per_rollam()
    item = cw.other_item(meeting)
    actions.declare_conflict(
        item, cw.members["chair"], reason="Chair of the applicant's board.", actor=cw.user("chair")
    )
    cw.open(meeting)
    # Then the chair cannot vote on it
    with pytest.raises(ValidationError) as error:
        cw.vote(item, "chair", "yes")
    assert _code(error) == "recused"
    assert "declared conflict of interest" in str(error.value)
    # And when the others tie 1:1 (the university does not vote: 2 of 3 take part), the tie
    # stays not adopted
    cw.vote(item, "plain", "yes")
    cw.vote(item, "conflicted", "no")
    cw.close(meeting)
    resolution = actions.decide_item(item, actor=cw.manager, now=DURING_VOTE)
    assert (resolution.adopted, resolution.casting_vote, resolution.quorate) == (
        False,
        False,
        True,
    )
    assert (resolution.votes_for, resolution.votes_against, resolution.recused) == (1, 1, 1)


# --- majorities -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("votes", "adopted"),
    [
        ({"chair": "yes", "plain": "yes", "conflicted": "yes", "university": "no"}, True),  # 3/4
        ({"chair": "yes", "plain": "yes", "conflicted": "no", "university": "yes"}, True),
        ({"chair": "yes", "plain": "yes", "conflicted": "no", "university": "abstain"}, False),
        ({"chair": "yes", "plain": "yes", "university": "no"}, True),  # 2 of 3 cast: 2/3
    ],
)
def test_a_qualified_majority_of_two_thirds(
    cw: CommitteeWorld, votes: dict[str, str], adopted: bool
) -> None:
    # Given a statute asking two thirds of the votes cast on items about something else
    _statute(cw, majorities={DecisionKind.OTHER: MajorityRule.TWO_THIRDS_OF_VOTING})
    resolution = _decide_other(cw, votes)
    assert resolution.adopted is adopted


def test_the_majority_of_a_kind_leaves_the_other_kinds_alone(cw: CommitteeWorld) -> None:
    # Given two thirds of all members for strategy amendments only
    _statute(cw, majorities={DecisionKind.STRATEGY_AMENDMENT: MajorityRule.TWO_THIRDS_OF_ALL})
    # When an item about something else gets 2 for and 1 against (one member does not vote)
    votes = {"chair": "yes", "plain": "yes", "university": "no"}
    # Then more than half of those voting adopts it (two thirds of all four would not)
    assert _decide_other(cw, votes).adopted


@pytest.mark.parametrize(
    ("rule", "adopted"), [(MajorityRule.OF_VOTING, True), (MajorityRule.OF_ALL, False)]
)
def test_a_majority_of_all_counts_the_members_who_did_not_vote(
    cw: CommitteeWorld, rule: str, adopted: bool
) -> None:
    # Given an in-person meeting where all four members are present
    _statute(cw, majority=rule)
    meeting = cw.in_person()
    item = cw.other_item(meeting)
    present = {m.pk: actions.Presence.PRESENT for m in cw.members.values()}
    actions.record_attendance(meeting, present, actor=cw.manager)
    cw.open(meeting)
    # When two vote for, one against, and `conflicted` does not vote
    m = cw.members
    actions.record_room_votes(
        item,
        {m["chair"].pk: "yes", m["plain"].pk: "yes", m["university"].pk: "no"},
        actor=cw.manager,
    )
    cw.close(meeting)
    resolution = actions.decide_item(item, actor=cw.manager, now=DURING_VOTE)
    # Then 2 of 3 votes cast is a majority of those voting, but 2 of 4 is no majority of all
    assert (resolution.quorate, resolution.adopted) == (True, adopted)


# --- numbering ------------------------------------------------------------------------------------

NO = {"chair": "no", "plain": "no", "conflicted": "no", "university": "no"}
YES = {"chair": "yes", "plain": "yes", "conflicted": "yes", "university": "yes"}


@pytest.mark.parametrize(
    ("number_rejections", "numbers"), [(True, ["1/2025", "2/2025"]), (False, ["", "1/2025"])]
)
def test_a_rejection_gets_a_number_only_if_the_statute_says_so(
    cw: CommitteeWorld, number_rejections: bool, numbers: list[str]
) -> None:
    # Given a statute that numbers rejections, or only adopted resolutions
    _statute(cw, number_rejections=number_rejections)
    # When an item is rejected, then another adopted
    rejected = _decide_other(cw, NO, "Odmítnuto")
    adopted = _decide_other(cw, YES, "Přijato")
    # Then the rejection is numbered, or recorded without a number (and the sequence goes on
    # with the next adopted resolution)
    assert [rejected.number, adopted.number] == numbers
    assert (rejected.adopted, adopted.adopted) == (False, True)
    assert (rejected.sequence is None) is not number_rejections
    step = StatusChange.objects.get(workflow=transitions.ITEM_WORKFLOW, object_id=rejected.item_id)
    assert step.reason_text == (numbers[0] or "not adopted (no resolution number)")
    assert str(rejected) == (numbers[0] or f"({rejected.item_id})")
    event = AuditEvent.objects.get(code="committee.resolution.not_adopted")
    assert event.after["number"] == numbers[0]


# --- recusal per intention ------------------------------------------------------------------------


def test_a_project_partner_is_recused_from_its_intention(cw: CommitteeWorld) -> None:
    # Given two intentions of Přerov, the first with the university as a project partner
    shared = cw.world.intention(status=S.RECOMMENDED, name="Cyklostezka Přerov–UP")
    shared.partners.add(cw.world.other_org)
    own = cw.world.intention(status=S.RECOMMENDED, name="Škola Přerov")
    meeting = cw.per_rollam()
    item = cw.call_item(meeting)
    cw.open(meeting)
    # Then Přerov's member is recused from the whole item; the university's member is not
    with pytest.raises(ValidationError) as error:
        cw.vote(item, "conflicted", "yes")
    assert _code(error) == "recused"
    # When the three others vote for
    for name in ("chair", "plain", "university"):
        cw.vote(item, name, "yes")
    resolution = actions.decide_item(item, actor=cw.manager, now=DURING_VOTE)
    # Then the shared intention is counted without the applicant's and the partner's members,
    # the other without the applicant's only
    assert _outcomes(resolution) == {
        shared.pk: (True, 2, 0, 0, 2, True),
        own.pk: (True, 3, 0, 0, 1, True),
    }
    assert (resolution.votes_for, resolution.recused) == (3, 1)


def test_a_partner_alone_on_an_item_cannot_vote_on_it(cw: CommitteeWorld) -> None:
    # Given a call item with only the intention the university is a partner of
    shared = cw.world.intention(status=S.RECOMMENDED)
    shared.partners.add(cw.world.other_org)
    meeting = cw.per_rollam()
    item = cw.call_item(meeting)
    # Then the university is concerned by the whole item, and its member cannot vote on it
    assert set(item.concerned_organisations.all()) == {
        cw.world.applicant_org,
        cw.world.other_org,
    }
    cw.open(meeting)
    with pytest.raises(ValidationError) as error:
        cw.vote(item, "university", "yes")
    assert _code(error) == "recused"
    assert "Univerzita Palackého" in str(error.value)


def test_a_change_request_item_recuses_the_partners_too(cw: CommitteeWorld) -> None:
    from aglomera.committee.tests.test_actions import _change_request

    change = _change_request(cw)
    change.intention.partners.add(cw.world.other_org)
    item = actions.add_agenda_item(
        cw.per_rollam(),
        title={"en": "Change"},
        kind=DecisionKind.CHANGE_REQUEST,
        target=change,
        actor=cw.manager,
    )
    assert set(item.concerned_organisations.all()) == {
        cw.world.applicant_org,
        cw.world.other_org,
    }


def test_a_declared_conflict_recuses_the_member_from_that_intention(cw: CommitteeWorld) -> None:
    # Given a call item with two intentions
    prerov, university, item = _two_intentions(cw)
    # When `plain` declares a conflict of interest on the university's intention
    declaration = actions.declare_conflict(
        item,
        cw.members["plain"],
        intention=university,
        reason="My spouse leads the project.",
        actor=cw.user("plain"),
        now=DURING_VOTE,
    )
    # Then it is recorded and audited
    assert (declaration.declared_by_id, declaration.declared_at) == (
        cw.members["plain"].user_id,
        DURING_VOTE,
    )
    event = AuditEvent.objects.get(code="committee.conflict.declared")
    assert event.after == {
        "item": item.pk,
        "member": cw.members["plain"].pk,
        "intention": university.pk,
        "reason": "My spouse leads the project.",
    }
    # And when everyone votes for, `plain`'s vote counts for Přerov's intention only
    for name in ("chair", "plain", "conflicted", "university"):
        cw.vote(item, name, "yes")
    resolution = actions.decide_item(item, actor=cw.manager, now=DURING_VOTE)
    assert _outcomes(resolution) == {
        prerov.pk: (True, 3, 0, 0, 1, True),  # without `conflicted` (Přerov)
        university.pk: (True, 2, 0, 0, 2, True),  # without `university` and `plain`
    }


def test_quorum_is_counted_per_intention(cw: CommitteeWorld) -> None:
    # Given a call item with an intention of Přerov and one of the university
    prerov, university, item = _two_intentions(cw)
    # When the chair and both organisations' members vote for, and `plain` does not vote
    for name in ("chair", "conflicted", "university"):
        cw.vote(item, name, "yes")
    cw.close(item.meeting)
    resolution = actions.decide_item(item, actor=cw.manager, now=DURING_VOTE)
    # Then each intention is quorate: 2 of its 3 eligible members voted (the chair and the
    # other organisation's member) ...
    assert _outcomes(resolution) == {
        prerov.pk: (True, 2, 0, 0, 1, True),
        university.pk: (True, 2, 0, 0, 1, True),
    }
    # ... where the item counted as a whole, recusing both organisations, would not be: only
    # the chair and `plain` would be eligible, and one of them voted
    members = [voting.MemberFacts(m.pk, m.organisation_id) for m in cw.members.values()]
    votes = {cw.members[n].pk: "yes" for n in ("chair", "conflicted", "university")}
    concerned = {cw.world.applicant_org.pk, cw.world.other_org.pk}
    assert not voting.is_quorate(voting.count(members, concerned, votes), Decimal("0.5"))
    # And both intentions are found compliant under the resolution
    statuses = set(
        ProjectIntention.objects.filter(pk__in=[prerov.pk, university.pk]).values_list(
            "status", flat=True
        )
    )
    assert statuses == {S.STATEMENT_ISSUED}
    assert (resolution.adopted, resolution.quorate, resolution.recused) == (True, True, 0)


def test_each_intention_follows_its_own_outcome(cw: CommitteeWorld) -> None:
    # Given a call item with an intention of Přerov and one of the university
    prerov, university, item = _two_intentions(cw)
    actions_votes = {"chair": "yes", "university": "yes", "conflicted": "no", "plain": "no"}
    for name, choice in actions_votes.items():
        cw.vote(item, name, choice)
    resolution = actions.decide_item(item, actor=cw.manager, now=DURING_VOTE)
    # Then Přerov's intention (without `conflicted`) is 2:1 adopted, the university's (without
    # `university`) 1:2 not adopted
    assert _outcomes(resolution) == {
        prerov.pk: (True, 2, 1, 0, 1, True),
        university.pk: (False, 1, 2, 0, 1, True),
    }
    # And only the adopted one moves; the other keeps waiting for a decision
    prerov.refresh_from_db()
    university.refresh_from_db()
    assert (prerov.status, university.status) == (S.STATEMENT_ISSUED, S.RECOMMENDED)
    # The resolution is adopted (in part), numbered, and its minutes list both outcomes
    assert (resolution.adopted, resolution.number) == (True, "1/2025")
    minutes = _minutes(cw, resolution)
    assert "adopted (for 2, against 1, abstained 0, recused 1)" in minutes
    assert "not adopted (for 1, against 2, abstained 0, recused 1)" in minutes
    event = AuditEvent.objects.get(code="committee.resolution.adopted")
    assert event.after["applied"] == [prerov.pk]
    proposal = item.proposals.get(intention=university)
    assert event.after["intentions"][str(proposal.pk)]["adopted"] is False


def test_an_intention_not_quorate_says_so_in_the_text(cw: CommitteeWorld) -> None:
    # Given a call item with only Přerov's intention, proposed as non-compliant
    intention = cw.world.intention(status=S.RECOMMENDED)
    meeting = cw.per_rollam()
    item = cw.call_item(meeting)
    actions.set_item_proposals(
        item, {intention.pk: ProposedDecision.NON_COMPLIANT_NEGATIVE}, actor=cw.manager
    )
    cw.open(meeting)
    # When only the chair votes (1 of the 3 eligible: not more than half)
    cw.vote(item, "chair", "yes")
    cw.close(meeting)
    resolution = actions.decide_item(item, actor=cw.manager, now=DURING_VOTE)
    # Then the intention is not adopted for want of a quorum, and the minutes say so
    assert "not adopted (for 1, against 0, abstained 0, recused 1; not quorate)" in _minutes(
        cw, resolution
    )
    assert (resolution.adopted, resolution.quorate, resolution.number) == (False, False, "1/2025")
    intention.refresh_from_db()
    assert intention.status == S.RECOMMENDED


@pytest.mark.parametrize("casting_vote", [False, True])
def test_a_tie_on_one_intention_is_decided_by_the_chair(
    cw: CommitteeWorld, casting_vote: bool
) -> None:
    # Given a statute with or without the casting vote, and a call item with Přerov's and the
    # university's intentions
    _statute(cw, casting_vote=casting_vote)
    prerov, university, item = _two_intentions(cw)
    # When the chair and `conflicted` vote for, `plain` against, and the university does not
    # vote
    for name, choice in (("chair", "yes"), ("plain", "no"), ("conflicted", "yes")):
        cw.vote(item, name, choice)
    cw.close(item.meeting)
    resolution = actions.decide_item(item, actor=cw.manager, now=DURING_VOTE)
    # Then Přerov's intention (without `conflicted`) is tied 1:1 and follows the chair's vote
    # only with the casting vote; the university's (without `university`) is adopted 2:1
    assert _outcomes(resolution) == {
        prerov.pk: (casting_vote, 1, 1, 0, 1, True),
        university.pk: (True, 2, 1, 0, 1, True),
    }
    tied = ProposalOutcome.objects.get(proposal__intention=prerov)
    assert tied.casting_vote is casting_vote
    assert resolution.casting_vote is casting_vote
    assert ("chair's casting vote" in _minutes(cw, resolution)) is casting_vote


# --- the early close stays guarded ----------------------------------------------------------------


def test_a_member_recused_from_one_intention_still_has_to_vote_before_an_early_close(
    cw: CommitteeWorld,
) -> None:
    # Given a call item with Přerov's and the university's intentions and no early close in
    # the statute, where everyone but `conflicted` has voted
    _prerov, _university, item = _two_intentions(cw)
    for name in ("chair", "plain", "university"):
        cw.vote(item, name, "yes")
    meeting = item.meeting

    def close() -> Meeting:
        return transitions.transition(
            meeting, MeetingStatus.CLOSED, actor=cw.manager, now=DURING_VOTE, reason="Done"
        )

    # Then neither closing early nor deciding is allowed: `conflicted` may vote on the
    # university's intention
    with pytest.raises(ValidationError) as error:
        close()
    assert _code(error) == "window_open"
    with pytest.raises(ValidationError) as error:
        actions.decide_item(item, actor=cw.manager, now=DURING_VOTE)
    assert _code(error) == "voting_open"
    assert "1 of 4" in str(error.value)
    # And once they have voted, the written vote closes early, with the reason
    cw.vote(item, "conflicted", "yes")
    assert close().status == MeetingStatus.CLOSED


def test_a_member_who_declared_a_conflict_on_the_whole_item_need_not_vote(
    cw: CommitteeWorld,
) -> None:
    # Given an item where `plain` voted for, then declared a conflict of interest on all of it
    meeting = cw.per_rollam()
    item = cw.other_item(meeting)
    cw.open(meeting)
    cw.vote(item, "plain", "yes")
    actions.declare_conflict(item, cw.members["plain"], reason="Found out late.", actor=cw.manager)
    # When the three others vote
    for name in ("chair", "conflicted", "university"):
        cw.vote(item, name, "no")
    # Then everyone who may vote has voted: the written vote closes early without the statute
    transitions.transition(
        meeting, MeetingStatus.CLOSED, actor=cw.manager, now=DURING_VOTE, reason="All voted"
    )
    # And `plain`'s vote does not count
    resolution = actions.decide_item(item, actor=cw.manager, now=DURING_VOTE)
    assert (resolution.votes_for, resolution.votes_against, resolution.recused) == (0, 3, 1)


# --- declaring a conflict of interest -------------------------------------------------------------


def test_who_may_declare_a_conflict_of_interest(cw: CommitteeWorld) -> None:
    meeting = cw.per_rollam()
    item = cw.other_item(meeting)
    plain = cw.members["plain"]
    # The coordinator may not; nor a member for another member
    with pytest.raises(PermissionDenied):
        actions.declare_conflict(item, plain, reason="x", actor=cw.world.users[Role.COORDINATOR])
    with pytest.raises(ValidationError) as error:
        actions.declare_conflict(item, plain, reason="x", actor=cw.user("chair"))
    assert _code(error) == "not_yours"
    # The alternate may, for the member
    alternate = cw.alternate
    assert alternate is not None
    declaration = actions.declare_conflict(
        item, plain, reason="Plain's brother applies.", actor=alternate
    )
    assert declaration.declared_by_id == alternate.pk
    # And once is enough
    with pytest.raises(ValidationError) as error:
        actions.declare_conflict(item, plain, reason="Again.", actor=cw.user("plain"))
    assert _code(error) == "already_declared"
    assert ConflictDeclaration.objects.count() == 1


def test_a_declaration_needs_a_reason_a_member_and_an_intention_of_the_item(
    cw: CommitteeWorld,
) -> None:
    on_item = cw.world.intention(status=S.RECOMMENDED)
    elsewhere = cw.world.intention(status=S.SUBMITTED)
    meeting = cw.per_rollam()
    item = cw.call_item(meeting)
    chair = cw.members["chair"]
    with pytest.raises(ValidationError) as error:
        actions.declare_conflict(item, chair, reason="  ", actor=cw.manager)
    assert _fields(error) == {"reason"}
    with pytest.raises(ValidationError) as error:
        actions.declare_conflict(item, chair, intention=elsewhere, reason="Mine.", actor=cw.manager)
    assert _fields(error) == {"intention"}
    actions.update_member(
        cw.members["plain"],
        alternate=None,
        organisation=None,
        is_chair=False,
        active=False,
        actor=cw.manager,
    )
    with pytest.raises(ValidationError) as error:
        actions.declare_conflict(item, cw.members["plain"], reason="Mine.", actor=cw.manager)
    assert _fields(error) == {"member"}
    # An intention of the item, and the whole item, each take one declaration
    actions.declare_conflict(item, chair, intention=on_item, reason="Mine.", actor=cw.manager)
    actions.declare_conflict(item, chair, reason="All of it.", actor=cw.manager)
    assert ConflictDeclaration.objects.filter(member=chair).count() == 2


def test_no_declaration_after_the_voting(cw: CommitteeWorld) -> None:
    meeting = cw.per_rollam()
    item = cw.other_item(meeting)
    cw.open(meeting)
    cw.close(meeting)
    with pytest.raises(ValidationError) as error:
        actions.declare_conflict(item, cw.members["chair"], reason="Late.", actor=cw.manager)
    assert _code(error) == "closed"
    actions.decide_item(item, actor=cw.manager, now=DURING_VOTE)
    item.refresh_from_db()
    assert item.status == ItemStatus.DECIDED
    with pytest.raises(ValidationError) as error:
        actions.declare_conflict(item, cw.members["chair"], reason="Late.", actor=cw.manager)
    assert _code(error) == "closed"
