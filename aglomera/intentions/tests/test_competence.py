"""The competence rules route change requests: data per agglomeration, not code branches."""

from __future__ import annotations

import copy

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from aglomera.accounts.models import Role
from aglomera.core.models import AuditEvent
from aglomera.intentions import rules
from aglomera.intentions.actions.changes import (
    ensure_default_competence_rules,
    route_change,
    set_competence_rule,
)
from aglomera.intentions.models import (
    ChangeKind,
    ChangeRequest,
    CompetenceRule,
    Decider,
    IntentionStatus,
)
from aglomera.intentions.queries.changes import list_competence_rules
from aglomera.intentions.tests.builders import PipelineWorld

K = ChangeKind
M, C = Decider.MANAGER, Decider.COMMITTEE


@pytest.fixture
def world(db: None, pipeline_world: PipelineWorld) -> PipelineWorld:
    return copy.deepcopy(pipeline_world)


def _request(world: PipelineWorld, kinds: list[str]) -> ChangeRequest:
    """An (unsaved) request of these kinds on a project with a statement: routing's input."""
    intention = world.intention(status=IntentionStatus.STATEMENT_ISSUED)
    return ChangeRequest(intention=intention, kinds=kinds, justification="x")


ROUTING_BY_DEFAULT = [
    ([K.LOWER_SUPPORT], M),
    ([K.HIGHER_INDICATOR], M),
    ([K.FORMAL_EDIT], M),
    ([K.DATE_MOVE], M),
    ([K.LOWER_INDICATOR], C),
    ([K.DATE_MOVE_SHIFTING_MONEY], C),
    ([K.LOWER_COST], C),
    ([K.LOWER_SUPPORT, K.FORMAL_EDIT, K.DATE_MOVE], M),
    ([K.HIGHER_INDICATOR, K.LOWER_INDICATOR], C),
    ([K.FORMAL_EDIT, K.LOWER_COST], C),
    ([], M),
]


@pytest.mark.parametrize(("kinds", "decider"), ROUTING_BY_DEFAULT)
def test_it_routes_by_the_default_rules(
    world: PipelineWorld, kinds: list[str], decider: str
) -> None:
    # Given an agglomeration whose rules were never set
    # When a request of these kinds is routed
    routed = route_change(_request(world, kinds))
    # Then the committee decides when any kind belongs to it, else the manager
    assert routed == decider


def test_it_creates_the_default_rules_lazily_and_only_once(world: PipelineWorld) -> None:
    # Given no rules
    assert not CompetenceRule.objects.exists()
    # When a request is routed, and the defaults are ensured again
    route_change(_request(world, [K.FORMAL_EDIT]))
    created_again = ensure_default_competence_rules(world.agglomeration)
    # Then every kind got its default row once
    stored = dict(
        CompetenceRule.objects.filter(agglomeration=world.agglomeration).values_list(
            "change_kind", "decider"
        )
    )
    assert stored == rules.DEFAULT_RULES
    assert created_again == 0


def test_it_never_overwrites_an_edited_rule_with_the_default(world: PipelineWorld) -> None:
    # Given the manager gave formal edits to the committee
    set_competence_rule(
        world.agglomeration,
        change_kind=K.FORMAL_EDIT,
        decider=C,
        actor=world.user(Role.MANAGER),
    )
    # When the defaults are ensured
    ensure_default_competence_rules(world.agglomeration)
    # Then the edit stays
    rule = CompetenceRule.objects.get(agglomeration=world.agglomeration, change_kind=K.FORMAL_EDIT)
    assert rule.decider == C


def test_it_fills_in_a_kind_missing_from_the_rules_when_routing(world: PipelineWorld) -> None:
    # Given rules where one kind's row is missing
    ensure_default_competence_rules(world.agglomeration)
    CompetenceRule.objects.filter(change_kind=K.LOWER_COST).delete()
    # When a request of that kind is routed
    routed = route_change(_request(world, [K.LOWER_COST]))
    # Then its default row is back and applied
    assert routed == C
    assert CompetenceRule.objects.filter(change_kind=K.LOWER_COST).exists()


@pytest.mark.parametrize(
    ("kind", "decider", "kinds", "expected"),
    [
        (K.LOWER_COST, M, [K.LOWER_COST], M),
        (K.LOWER_COST, M, [K.LOWER_COST, K.LOWER_INDICATOR], C),
        (K.FORMAL_EDIT, C, [K.FORMAL_EDIT], C),
        (K.FORMAL_EDIT, C, [K.DATE_MOVE], M),
        (K.DATE_MOVE_SHIFTING_MONEY, M, [K.DATE_MOVE_SHIFTING_MONEY, K.LOWER_SUPPORT], M),
    ],
)
def test_it_routes_by_the_rules_after_the_manager_edits_one(
    world: PipelineWorld, kind: str, decider: str, kinds: list[str], expected: str
) -> None:
    # Given the manager changed who decides one kind
    set_competence_rule(
        world.agglomeration, change_kind=kind, decider=decider, actor=world.user(Role.MANAGER)
    )
    # When a request is routed
    routed = route_change(_request(world, kinds))
    # Then the edited rule counts
    assert routed == expected


def test_it_keeps_the_rules_of_each_agglomeration_apart(world: PipelineWorld) -> None:
    from aglomera.strategy.tests.builders import make_opole

    # Given Opole gave lower costs to its manager
    opole = PipelineWorld.create(make_opole())
    set_competence_rule(
        opole.agglomeration,
        change_kind=K.LOWER_COST,
        decider=M,
        actor=opole.user(Role.MANAGER),
    )
    # Then Olomouc still sends lower costs to its committee
    assert route_change(_request(world, [K.LOWER_COST])) == C
    assert route_change(_request(opole, [K.LOWER_COST])) == M


def test_it_shows_the_effective_rules_without_writing(world: PipelineWorld) -> None:
    # Given no rules stored
    # When they are listed
    rows = list_competence_rules(world.agglomeration)
    # Then every kind shows its default and nothing was written
    assert [(r.kind, r.decider, r.is_default) for r in rows] == [
        (kind, rules.DEFAULT_RULES[kind], True) for kind in ChangeKind.values
    ]
    assert not CompetenceRule.objects.exists()
    assert str(rows[0].kind_label) and str(rows[0].decider_label)


def test_it_explains_which_rules_send_a_request_to_the_committee() -> None:
    routing = rules.decide_routing(dict(rules.DEFAULT_RULES), [K.FORMAL_EDIT, K.LOWER_COST])
    assert routing.decider == C
    assert [rule.kind for rule in routing.deciding_rules] == [K.LOWER_COST]
    assert str(routing.decider_label)


def test_it_audits_a_rule_change(world: PipelineWorld) -> None:
    set_competence_rule(
        world.agglomeration, change_kind=K.LOWER_COST, decider=M, actor=world.user(Role.MANAGER)
    )
    event = AuditEvent.objects.get(code="intentions.competence_rule.changed")
    assert (event.before, event.after) == ({"decider": C}, {"decider": M})


@pytest.mark.parametrize("role", [r for r in Role if r != Role.MANAGER])
def test_it_lets_only_the_manager_edit_the_rules(world: PipelineWorld, role: Role) -> None:
    with pytest.raises(PermissionDenied):
        set_competence_rule(
            world.agglomeration, change_kind=K.LOWER_COST, decider=M, actor=world.user(role)
        )


@pytest.mark.parametrize(
    ("kind", "decider", "field"),
    [("bigger_building", M, "change_kind"), (K.LOWER_COST, "mayor", "decider")],
)
def test_it_refuses_an_unknown_kind_or_decider(
    world: PipelineWorld, kind: str, decider: str, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        set_competence_rule(
            world.agglomeration, change_kind=kind, decider=decider, actor=world.user(Role.MANAGER)
        )
    assert field in caught.value.message_dict
