"""Strategy versions: drafts, approval, amendments, the workflow table and its log."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from aglomera.accounts.models import Role, User
from aglomera.accounts.permissions import ROLE_PERMISSIONS
from aglomera.agglomerations.models import Agglomeration
from aglomera.core.models import AuditEvent, StatusChange
from aglomera.strategy import actions
from aglomera.strategy.actions import StaleEdit
from aglomera.strategy.models import (
    FinancialPlanLine,
    Goal,
    IndicatorCode,
    IntegratedSolution,
    Measure,
    MeasureIndicator,
    Source,
    SpecificGoal,
    Strategy,
    StrategyVersion,
    VersionStatus,
)
from aglomera.strategy.queries import get_strategy_tree
from aglomera.strategy.tests.builders import (
    APPROVAL_DATE,
    APPROVING_BODY,
    Programmes,
    StrategyBuilder,
    Users,
    approve,
    make_opole,
)
from aglomera.strategy.transitions import (
    TRANSITIONS,
    Approval,
    TransitionNotAllowed,
    allowed_transitions,
    transition,
)

pytestmark = pytest.mark.django_db

S = VersionStatus
AS_OF = date(2024, 6, 30)


@pytest.fixture
def built(
    olomouc: Agglomeration,
    alice: User,
    programmes: Programmes,
    cycling_km: IndicatorCode,
    emissions: IndicatorCode,
) -> StrategyBuilder:
    """An approved strategy with two goals, three measures, money, indicators and a solution."""
    irop, opd = programmes.irop_mobility, programmes.opd_mobility
    builder = (
        StrategyBuilder(olomouc, alice)
        .with_goal("1", {"cs": "Doprava", "en": "Transport"})
        .with_specific_goal("1.1", "Udržitelná mobilita")
        .with_measure("1.1.1", "Cyklostezky", objectives=[irop])
        .with_measure("1.1.2", "Přestupní terminály", objectives=[irop, opd])
        .with_goal("2", "Životní prostředí")
        .with_specific_goal("2.1", "Zeleň ve městech")
        .with_measure("2.1.1", "Parky")
        .with_plan("1.1.1", irop, eu="1234567.89", national="72622.64", own="0.01")
        .with_plan("1.1.2", opd, eu="33.33")
        .with_indicator("1.1.1", cycling_km, baseline="0", milestone="4", target="12.5")
        .with_indicator("1.1.2", emissions, baseline="1000", target="800")
        .with_solution("IŘ1", "Páteřní cyklotrasa", measures=["1.1.1", "1.1.2"])
        .approved(on=APPROVAL_DATE, by=APPROVING_BODY, reference="RM/2023/15")
    )
    builder.build()
    return builder


def current(strategy: Strategy) -> StrategyVersion:
    strategy.refresh_from_db()
    assert strategy.current_version is not None
    return strategy.current_version


def fresh(version: StrategyVersion) -> StrategyVersion:
    return StrategyVersion.objects.get(pk=version.pk)


def snapshot(version: StrategyVersion) -> dict[str, list[Any]]:
    """The tree of a version by codes, checking that every link stays inside the version."""
    goals = list(Goal.objects.filter(version=version))
    sgoals = list(SpecificGoal.objects.filter(version=version).select_related("goal"))
    measures = list(
        Measure.objects.filter(version=version)
        .select_related("specific_goal")
        .prefetch_related("specific_objectives__programme")
    )
    solutions = list(
        IntegratedSolution.objects.filter(version=version).prefetch_related("measures")
    )
    lines = list(FinancialPlanLine.objects.filter(version=version).select_related("measure"))
    indicators = list(MeasureIndicator.objects.filter(version=version).select_related("measure"))
    linked = (
        [sg.goal for sg in sgoals]
        + [m.specific_goal for m in measures]
        + [m for s in solutions for m in s.measures.all()]
        + [line.measure for line in lines]
        + [row.measure for row in indicators]
    )
    assert {obj.version_id for obj in linked} <= {version.pk}
    return {
        "goals": sorted(
            (g.code, sorted(g.name.items()), sorted(g.description.items())) for g in goals
        ),
        "specific_goals": sorted((sg.code, sg.goal.code, sorted(sg.name.items())) for sg in sgoals),
        "measures": sorted(
            (
                m.code,
                m.specific_goal.code,
                sorted(m.name.items()),
                sorted(str(o) for o in m.specific_objectives.all()),
            )
            for m in measures
        ),
        "solutions": sorted(
            (s.code, sorted(s.name.items()), sorted(m.code for m in s.measures.all()))
            for s in solutions
        ),
        "lines": sorted(
            (line.measure.code, line.specific_objective_id, line.source, line.amount)
            for line in lines
        ),
        "indicators": sorted(
            (r.measure.code, r.indicator_id, r.baseline, r.milestone_2024, r.target_2029)
            for r in indicators
        ),
    }


def status_log(version: StrategyVersion) -> list[tuple[str, str, int | None, str]]:
    return [
        (c.old_status, c.new_status, c.actor_id, c.reason)
        for c in StatusChange.objects.filter(
            content_type=ContentType.objects.get_for_model(StrategyVersion), object_id=version.pk
        )
    ]


# ---- the first version ----------------------------------------------------------------------


def test_it_creates_a_strategy_with_an_unnumbered_draft(
    olomouc: Agglomeration, alice: User
) -> None:
    # Given the manager of Olomouc
    # When she creates the strategy for 2021–2027
    strategy = StrategyBuilder(olomouc, alice).build()

    # Then it has exactly one version, a draft without a number, and no current version
    version = strategy.versions.get()
    assert version.status == S.DRAFT
    assert version.number is None
    assert version.base_version is None
    assert strategy.current_version is None


def test_it_refuses_a_second_strategy_for_the_same_period(
    olomouc: Agglomeration, alice: User
) -> None:
    # Given a strategy for 2021–2027
    strategy = StrategyBuilder(olomouc, alice).build()

    # When the manager creates another one for the same period
    # Then the period is refused
    with pytest.raises(ValidationError) as error:
        actions.create_strategy(olomouc, strategy.period, {"cs": "Znovu"}, actor=alice)
    assert "period" in error.value.message_dict
    assert Strategy.objects.count() == 1


def test_it_numbers_the_first_approved_version_1_and_makes_it_current(
    olomouc: Agglomeration, alice: User
) -> None:
    # Given a draft strategy
    strategy = StrategyBuilder(olomouc, alice).with_goal("1", "Doprava").build()
    draft = strategy.versions.get()

    # When it is submitted and approved by the steering committee
    approved = approve(
        draft, alice, Approval(date(2023, 5, 15), " ŘV ITI ", reference=" RM/2023/15 ")
    )

    # Then it is version 1, current, with the approval recorded
    assert approved.number == 1
    assert approved.status == S.APPROVED
    assert current(strategy) == approved
    saved = fresh(approved)
    assert (saved.approved_on, saved.approved_by_body, saved.approval_reference) == (
        date(2023, 5, 15),
        "ŘV ITI",
        "RM/2023/15",
    )


# ---- amendments -----------------------------------------------------------------------------


def test_it_copies_the_whole_tree_into_an_amendment(built: StrategyBuilder, bob: User) -> None:
    # Given an approved strategy with goals, measures, money, indicators and a solution
    assert built.strategy is not None
    v1 = current(built.strategy)

    # When the coordinator starts an amendment
    draft = actions.start_amendment(built.strategy, "Posun peněz na cyklostezky", actor=bob)

    # Then the draft is based on v1 and holds an identical copy in rows of its own
    assert (draft.status, draft.number, draft.base_version_id) == (S.DRAFT, None, v1.pk)
    assert snapshot(draft) == snapshot(v1)
    assert Measure.objects.filter(version=draft).count() == 3
    assert FinancialPlanLine.objects.filter(version=draft).count() == 4
    assert MeasureIndicator.objects.filter(version=draft).count() == 2
    assert not set(Measure.objects.filter(version=draft).values_list("pk", flat=True)) & set(
        Measure.objects.filter(version=v1).values_list("pk", flat=True)
    )


def test_it_leaves_the_approved_version_unchanged_when_the_amendment_is_edited(
    built: StrategyBuilder, bob: User, programmes: Programmes, cycling_km: IndicatorCode
) -> None:
    # Given an approved strategy and an amendment of it
    assert built.strategy is not None
    v1 = current(built.strategy)
    before = snapshot(v1)
    draft = actions.start_amendment(built.strategy, "Změna", actor=bob)
    measure = Measure.objects.get(version=draft, code="1.1.1")
    sgoal = SpecificGoal.objects.get(version=draft, code="1.1")

    # When the draft's money, names, indicators and solutions change
    actions.set_plan_amount(
        draft,
        measure=measure,
        specific_objective=programmes.irop_mobility,
        source=Source.EU,
        amount=Decimal("1.00"),
        currency="CZK",
        actor=bob,
    )
    actions.save_measure(
        draft,
        specific_goal=sgoal,
        code="1.1.1",
        name={"cs": "Cyklostezky a pěší zóny"},
        specific_objectives=[programmes.opd_mobility],
        measure=measure,
        actor=bob,
    )
    actions.set_measure_indicator(
        draft,
        measure=measure,
        indicator=cycling_km,
        baseline=Decimal("0"),
        milestone_2024=None,
        target_2029=Decimal("99"),
        actor=bob,
    )
    actions.save_integrated_solution(
        draft, code="IŘ1", name={"cs": "Jiné"}, measures=[measure], actor=bob
    )
    actions.add_goal(draft, "3", {"cs": "Nový cíl"}, actor=bob)

    # Then version 1 reads exactly as before, in the database and in the tree
    assert snapshot(v1) == before
    tree = get_strategy_tree(v1, as_of=AS_OF)
    assert [g.goal.code for g in tree.goals] == ["1", "2"]
    assert tree.totals.by_currency["CZK"].eu == Decimal("1234601.22")


def test_it_allows_only_one_open_amendment_at_a_time(built: StrategyBuilder, bob: User) -> None:
    # Given an open amendment
    assert built.strategy is not None
    actions.start_amendment(built.strategy, "První", actor=bob)

    # When another one is started
    # Then it is refused and no version is added
    with pytest.raises(ValidationError) as error:
        actions.start_amendment(built.strategy, "Druhá", actor=bob)
    assert error.value.code == "amendment_open"
    assert built.strategy.versions.count() == 2


def test_it_refuses_an_amendment_before_anything_is_approved(
    olomouc: Agglomeration, alice: User
) -> None:
    # Given a strategy whose first version is still a draft
    strategy = StrategyBuilder(olomouc, alice).build()

    # When an amendment is started
    # Then it is refused: the open first version already is the amendment
    with pytest.raises(ValidationError) as error:
        actions.start_amendment(strategy, "Předčasná", actor=alice)
    assert error.value.code == "amendment_open"
    assert strategy.versions.count() == 1


def test_it_refuses_an_amendment_when_no_version_was_ever_approved(
    olomouc: Agglomeration, alice: User
) -> None:
    # Given a strategy whose first version was discarded unapproved
    strategy = StrategyBuilder(olomouc, alice).build()
    transition(strategy.versions.get(), S.DISCARDED, actor=alice)

    # When an amendment is started
    # Then there is nothing to amend
    with pytest.raises(ValidationError) as error:
        actions.start_amendment(strategy, "Bez základu", actor=alice)
    assert error.value.code == "no_base"


def test_it_makes_an_approved_amendment_version_2_and_current(
    built: StrategyBuilder, alice: User, bob: User, programmes: Programmes
) -> None:
    # Given version 1 and an amendment that changes money
    assert built.strategy is not None
    v1 = current(built.strategy)
    draft = actions.start_amendment(built.strategy, "Navýšení", actor=bob)
    actions.set_plan_amount(
        draft,
        measure=Measure.objects.get(version=draft, code="1.1.2"),
        specific_objective=programmes.opd_mobility,
        source=Source.EU,
        amount=Decimal("1000.00"),
        currency="CZK",
        actor=bob,
    )

    # When the coordinator submits it and the manager approves it
    transition(draft, S.SUBMITTED, actor=bob)
    v2 = transition(draft, S.APPROVED, actor=alice, approval=Approval(date(2024, 3, 1), "ŘV ITI"))

    # Then it is version 2 and current, and version 1 still reads with its own money
    assert (v2.number, v2.status) == (2, S.APPROVED)
    assert current(built.strategy) == v2
    assert fresh(v1).status == S.APPROVED
    old_tree = get_strategy_tree(v1, as_of=AS_OF)
    new_tree = get_strategy_tree(v2, as_of=AS_OF)
    assert old_tree.totals.by_currency["CZK"].eu == Decimal("1234601.22")
    assert new_tree.totals.by_currency["CZK"].eu == Decimal("1235567.89")


def test_it_lets_a_new_amendment_start_after_the_previous_one_is_approved(
    built: StrategyBuilder, alice: User, bob: User
) -> None:
    # Given an amendment approved as version 2
    assert built.strategy is not None
    v2 = approve(actions.start_amendment(built.strategy, "Druhá", actor=bob), alice)

    # When a third amendment is started
    draft = actions.start_amendment(built.strategy, "Třetí", actor=bob)

    # Then it is based on version 2
    assert draft.base_version_id == v2.pk
    assert approve(draft, alice).number == 3


# ---- the log of transitions ----------------------------------------------------------------


def test_it_logs_every_transition_with_old_and_new_status_actor_and_reason(
    built: StrategyBuilder, alice: User, bob: User
) -> None:
    # Given an amendment (of a strategy in Poland, where amendments go to public consultation)
    assert built.strategy is not None
    Agglomeration.objects.filter(pk=built.agglomeration.pk).update(country="PL")
    draft = actions.start_amendment(built.strategy, "Změna", actor=bob)
    audit_before = AuditEvent.objects.count()

    # When it is put to consultation, submitted, returned, submitted again and approved
    transition(draft, S.IN_CONSULTATION, actor=bob, reason="Veřejné projednání")
    transition(draft, S.SUBMITTED, actor=bob)
    transition(draft, S.DRAFT, actor=alice, reason="Chybí zdůvodnění")
    transition(draft, S.SUBMITTED, actor=bob)
    transition(draft, S.APPROVED, actor=alice, approval=Approval(date(2024, 3, 1), "ŘV ITI"))

    # Then each step has a StatusChange ...
    assert status_log(draft) == [
        (S.DRAFT, S.IN_CONSULTATION, bob.pk, "Veřejné projednání"),
        (S.IN_CONSULTATION, S.SUBMITTED, bob.pk, ""),
        (S.SUBMITTED, S.DRAFT, alice.pk, "Chybí zdůvodnění"),
        (S.DRAFT, S.SUBMITTED, bob.pk, ""),
        (S.SUBMITTED, S.APPROVED, alice.pk, ""),
    ]
    # ... and an audit event in the agglomeration's log
    events = list(
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(StrategyVersion), object_id=draft.pk
        )
        .exclude(code="strategy.amendment.started")
        .order_by("id")
    )
    assert AuditEvent.objects.count() == audit_before + 5
    assert [
        (e.code, e.actor_id, e.agglomeration_id, e.before, e.after, e.reason) for e in events
    ] == [
        (
            "strategy.version.in_consultation",
            bob.pk,
            built.agglomeration.pk,
            {"status": "draft"},
            {"status": "in_consultation"},
            "Veřejné projednání",
        ),
        (
            "strategy.version.submitted",
            bob.pk,
            built.agglomeration.pk,
            {"status": "in_consultation"},
            {"status": "submitted"},
            "",
        ),
        (
            "strategy.version.draft",
            alice.pk,
            built.agglomeration.pk,
            {"status": "submitted"},
            {"status": "draft"},
            "Chybí zdůvodnění",
        ),
        (
            "strategy.version.submitted",
            bob.pk,
            built.agglomeration.pk,
            {"status": "draft"},
            {"status": "submitted"},
            "",
        ),
        (
            "strategy.version.approved",
            alice.pk,
            built.agglomeration.pk,
            {"status": "submitted"},
            {"status": "approved"},
            "",
        ),
    ]


# ---- the transition table --------------------------------------------------------------------

PATH_TO: dict[str, list[str]] = {
    S.DRAFT: [],
    S.IN_CONSULTATION: [S.IN_CONSULTATION],
    S.SUBMITTED: [S.SUBMITTED],
    S.APPROVED: [S.SUBMITTED, S.APPROVED],
    S.REJECTED: [S.SUBMITTED, S.REJECTED],
    S.DISCARDED: [S.DISCARDED],
}
APPROVAL = Approval(date(2024, 3, 1), "ŘV ITI", "RM/2024/3")


def version_in(status: str, agglomeration: Agglomeration, manager: User) -> StrategyVersion:
    """The first version of a new strategy, brought to `status` by the manager."""
    version = StrategyBuilder(agglomeration, manager).build().versions.get()
    for step in PATH_TO[status]:
        version = transition(
            version, step, actor=manager, reason="Podle usnesení", approval=APPROVAL
        )
    assert version.status == status
    return version


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize(
    ("old", "new"),
    list(itertools.product(S.values, S.values)),
    ids=[f"{a}->{b}" for a, b in itertools.product(S.values, S.values)],
)
def test_it_allows_a_step_only_if_the_table_has_it_and_the_role_holds_its_permission(
    old: str, new: str, role: Role, olomouc: Agglomeration, alice: User, users: Users
) -> None:
    # Given a version in status `old` and a member of its agglomeration with one role (public
    # consultation is Polish: its steps are tried on a strategy in Poland)
    home, manager = olomouc, alice
    if S.IN_CONSULTATION in (old, new):
        home = make_opole()
        manager = users(home, Role.MANAGER)
    version = version_in(old, home, manager)
    actor = users(home, role)
    perm = TRANSITIONS.get((S(old), S(new)))
    expected = perm is not None and role in ROLE_PERMISSIONS[perm]
    logged = StatusChange.objects.count()

    # When the member is offered the steps, and takes this one
    offered = new in allowed_transitions(version, actor)

    # Then it is offered and performed iff the table and the role allow it
    assert offered == expected
    if expected:
        moved = transition(version, new, actor=actor, reason="Podle usnesení", approval=APPROVAL)
        assert (moved.status, fresh(version).status) == (new, new)
        assert StatusChange.objects.count() == logged + 1
    else:
        with pytest.raises(TransitionNotAllowed):
            transition(version, new, actor=actor, reason="Podle usnesení", approval=APPROVAL)
        assert fresh(version).status == old
        assert StatusChange.objects.count() == logged


def test_it_refuses_every_step_to_a_member_of_another_agglomeration(
    built: StrategyBuilder, bob: User, mallory: User
) -> None:
    # Given an amendment of the Olomouc strategy
    assert built.strategy is not None
    draft = actions.start_amendment(built.strategy, "Změna", actor=bob)

    # When the manager of Opole tries to move it
    # Then nothing is offered and nothing moves
    assert allowed_transitions(draft, mallory) == []
    with pytest.raises(TransitionNotAllowed):
        transition(draft, S.SUBMITTED, actor=mallory)
    assert fresh(draft).status == S.DRAFT


@pytest.mark.parametrize("to", [S.DRAFT, S.REJECTED])
@pytest.mark.parametrize("reason", ["", "   "])
def test_it_requires_a_reason_to_return_or_reject_a_submitted_amendment(
    to: str, reason: str, built: StrategyBuilder, alice: User, bob: User
) -> None:
    # Given a submitted amendment
    assert built.strategy is not None
    draft = actions.start_amendment(built.strategy, "Změna", actor=bob)
    transition(draft, S.SUBMITTED, actor=bob)

    # When the manager returns or rejects it without saying why
    # Then it is refused on the reason and stays submitted
    with pytest.raises(ValidationError) as error:
        transition(draft, to, actor=alice, reason=reason)
    assert list(error.value.message_dict) == ["reason"]
    assert fresh(draft).status == S.SUBMITTED
    assert status_log(draft)[-1][:2] == (S.DRAFT, S.SUBMITTED)


@pytest.mark.parametrize(
    "approval", [None, Approval(date(2024, 3, 1), ""), Approval(date(2024, 3, 1), "  ")]
)
def test_it_requires_the_approving_body_to_approve(
    approval: Approval | None, built: StrategyBuilder, alice: User, bob: User
) -> None:
    # Given a submitted amendment
    assert built.strategy is not None
    v1 = current(built.strategy)
    draft = actions.start_amendment(built.strategy, "Změna", actor=bob)
    transition(draft, S.SUBMITTED, actor=bob)

    # When the manager approves it without naming the approving body
    # Then it is refused, stays submitted and unnumbered, and v1 stays current
    with pytest.raises(ValidationError) as error:
        transition(draft, S.APPROVED, actor=alice, approval=approval)
    assert list(error.value.message_dict) == ["approved_by_body"]
    assert (fresh(draft).status, fresh(draft).number) == (S.SUBMITTED, None)
    assert current(built.strategy) == v1


# ---- editing rules ----------------------------------------------------------------------------


def test_it_refuses_a_stale_edit_and_changes_nothing(
    built: StrategyBuilder, bob: User, alice: User, programmes: Programmes
) -> None:
    # Given an amendment that Bob loaded at revision r ...
    assert built.strategy is not None
    draft = actions.start_amendment(built.strategy, "Změna", actor=bob)
    loaded_revision = fresh(draft).revision
    measure = Measure.objects.get(version=draft, code="1.1.1")
    # ... and that Alice changed after that
    actions.set_plan_amount(
        draft,
        measure=measure,
        specific_objective=programmes.irop_mobility,
        source=Source.EU,
        amount=Decimal("2000000.00"),
        currency="CZK",
        actor=alice,
    )
    revision_after_alice = fresh(draft).revision
    assert revision_after_alice == loaded_revision + 1

    # When Bob saves his form with the revision he loaded
    with pytest.raises(StaleEdit) as error:
        actions.set_plan_amount(
            draft,
            measure=measure,
            specific_objective=programmes.irop_mobility,
            source=Source.EU,
            amount=Decimal("1.00"),
            currency="CZK",
            actor=bob,
            expected_revision=loaded_revision,
        )

    # Then his edit is refused and Alice's amount and the revision stay
    assert error.value.code == "stale"
    line = FinancialPlanLine.objects.get(
        version=draft, measure=measure, specific_objective=programmes.irop_mobility, source="eu"
    )
    assert line.amount == Decimal("2000000.00")
    assert fresh(draft).revision == revision_after_alice


def test_it_accepts_an_edit_made_at_the_current_revision(
    built: StrategyBuilder, bob: User, programmes: Programmes
) -> None:
    # Given an amendment loaded at its current revision
    assert built.strategy is not None
    draft = actions.start_amendment(built.strategy, "Změna", actor=bob)
    revision = fresh(draft).revision

    # When it is saved with that revision
    line = actions.set_plan_amount(
        draft,
        measure=Measure.objects.get(version=draft, code="2.1.1"),
        specific_objective=programmes.irop_mobility,
        source=Source.OWN,
        amount=Decimal("10.00"),
        currency="CZK",
        actor=bob,
        expected_revision=revision,
    )

    # Then it is saved and the revision moves on
    assert line.amount == Decimal("10.00")
    assert fresh(draft).revision == revision + 1


@pytest.mark.parametrize("status", [S.SUBMITTED, S.APPROVED, S.REJECTED, S.DISCARDED])
def test_it_refuses_to_edit_a_version_that_is_not_a_draft(
    status: str, olomouc: Agglomeration, alice: User, programmes: Programmes
) -> None:
    # Given a version that is submitted, approved, rejected or discarded
    builder = (
        StrategyBuilder(olomouc, alice)
        .with_goal("1", "Doprava")
        .with_specific_goal("1.1", "Mobilita")
        .with_measure("1.1.1", "Cyklostezky")
        .with_plan("1.1.1", programmes.irop_mobility, eu="100.00")
    )
    builder.build()
    assert builder.version is not None
    version = builder.version
    for step in PATH_TO[status]:
        transition(version, step, actor=alice, reason="Podle usnesení", approval=APPROVAL)
    revision = fresh(version).revision

    # When its money or tree is edited
    # Then the edit is refused and nothing changes
    with pytest.raises(ValidationError) as error:
        actions.set_plan_amount(
            version,
            measure=builder.measures["1.1.1"],
            specific_objective=programmes.irop_mobility,
            source=Source.EU,
            amount=Decimal("1.00"),
            currency="CZK",
            actor=alice,
        )
    assert error.value.code == "not_editable"
    with pytest.raises(ValidationError):
        actions.add_goal(version, "2", {"cs": "Pozdě"}, actor=alice)
    assert FinancialPlanLine.objects.get(version=version).amount == Decimal("100.00")
    assert Goal.objects.filter(version=version).count() == 1
    assert fresh(version).revision == revision
