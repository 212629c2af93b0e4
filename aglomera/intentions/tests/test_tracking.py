"""After the statement: the managing authority's record and the tracking steps to closure."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from aglomera.accounts.models import Role
from aglomera.agglomerations.models import Country
from aglomera.core.models import AuditEvent
from aglomera.intentions.actions.statements import (
    record_managing_authority,
    validate_registration_number,
)
from aglomera.intentions.models import IntentionStatus, ProjectIntention
from aglomera.intentions.queries.statements import track_targets
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.strategy.tests.builders import make_opole

S = IntentionStatus

GOOD = [
    (Country.CZ, "CZ.06.02.01/00/22_012/0001234"),  # 2021-2027 (MS2021+)
    (Country.CZ, "CZ.04.1.40/0.0/0.0/16_019/0000068"),  # 2014-2020 (MS2014+)
    (Country.CZ, "CZ.06.1.15/0.0/0.0/15_005/0001234"),
    (Country.CZ, " cz.06.02.01/00/22_012/0001234 "),  # spaces and case are tolerated
    (Country.PL, "FEOP.02.01-IZ.00-0001/23"),  # 2021-2027 (CST2021)
    (Country.PL, "RPOP.03.01.00-16-0010/16"),  # 2014-2020 (LSI)
]
BAD = [
    (Country.CZ, "CZ.06.02.01/00/22_012/123"),
    (Country.CZ, "CZ.06.02.01-00-22_012-0001234"),
    (Country.CZ, "06.02.01/00/22_012/0001234"),
    (Country.CZ, "CZ.04.1.40/0.0/16_019/0000068"),
    (Country.CZ, "FEOP.02.01-IZ.00-0001/23"),  # a Polish number in a Czech agglomeration
    (Country.PL, "CZ.06.02.01/00/22_012/0001234"),
    (Country.PL, "FEOP.02.01-IZ.00-001/23"),
    (Country.PL, "FEOP 02 01"),
    (Country.CZ, "'; DROP TABLE x; --"),
]


@pytest.mark.parametrize(("country", "number"), GOOD)
def test_it_accepts_registration_numbers_of_each_format(country: str, number: str) -> None:
    assert validate_registration_number(number, country) == "".join(number.split()).upper()


@pytest.mark.parametrize(("country", "number"), BAD)
def test_it_refuses_malformed_registration_numbers(country: str, number: str) -> None:
    with pytest.raises(ValidationError):
        validate_registration_number(number, country)


@pytest.fixture
def world(db: None, pipeline_world: PipelineWorld) -> PipelineWorld:
    return copy.deepcopy(pipeline_world)


def _record(world: PipelineWorld, intention: ProjectIntention, **kwargs: Any) -> ProjectIntention:
    values: dict[str, Any] = {
        "registration_number": "",
        "ma_state_code": "",
        "actor": world.user(Role.COORDINATOR),
    }
    values.update(kwargs)
    return record_managing_authority(intention, **values)


def test_it_walks_an_intention_from_the_statement_to_sustainability(
    world: PipelineWorld,
) -> None:
    # Given an intention with its statement
    intention = world.intention(status=S.STATEMENT_ISSUED)
    # When staff record the filing with its number, then each step with the authority's state
    intention = _record(
        world,
        intention,
        registration_number="CZ.06.02.01/00/22_012/0001234",
        ma_state_code="pp21",
        to=S.APPLICATION_FILED,
    )
    steps = [
        (S.LEGAL_ACT, "PP30"),
        (S.IN_IMPLEMENTATION, "PP40"),
        (S.PHYSICALLY_COMPLETED, "PP41"),
        (S.FINANCIALLY_CLOSED, "PP50"),
        (S.SUSTAINABILITY, "PP52"),
    ]
    for to, code in steps:
        intention = _record(
            world,
            intention,
            registration_number=intention.registration_number,
            ma_state_code=code,
            to=to,
            reason=f"MS2021+ {code}",
        )
        # Then each step is taken and the state code kept
        assert (intention.status, intention.ma_state_code) == (to, code)
    intention.refresh_from_db()
    assert intention.registration_number == "CZ.06.02.01/00/22_012/0001234"
    assert AuditEvent.objects.filter(code="intentions.intention.managing_authority").count() == 6
    assert track_targets(intention, world.user(Role.COORDINATOR)) == []


def test_it_records_the_managing_authoritys_rejection(world: PipelineWorld) -> None:
    intention = world.intention(status=S.APPLICATION_FILED)
    intention = _record(
        world,
        intention,
        registration_number="CZ.06.02.01/00/22_012/0000999",
        ma_state_code="PN40",
        to=S.REJECTED_BY_MA,
    )
    assert intention.status == S.REJECTED_BY_MA


def test_it_keeps_a_polish_number_in_a_polish_agglomeration(db: Any) -> None:
    world = PipelineWorld.create(make_opole())
    intention = world.intention(status=S.STATEMENT_ISSUED)
    intention = _record(world, intention, registration_number="FEOP.02.01-IZ.00-0001/23")
    assert intention.registration_number == "FEOP.02.01-IZ.00-0001/23"
    assert intention.status == S.STATEMENT_ISSUED


def test_it_needs_the_registration_number_to_file(world: PipelineWorld) -> None:
    intention = world.intention(status=S.STATEMENT_ISSUED)
    with pytest.raises(ValidationError) as caught:
        _record(world, intention, to=S.APPLICATION_FILED)
    assert "registration_number" in caught.value.message_dict


def test_it_does_not_let_a_filed_application_lose_its_number(world: PipelineWorld) -> None:
    intention = world.intention(status=S.STATEMENT_ISSUED)
    intention = _record(
        world,
        intention,
        registration_number="CZ.06.02.01/00/22_012/0001234",
        to=S.APPLICATION_FILED,
    )
    with pytest.raises(ValidationError) as caught:
        _record(world, intention, registration_number="")
    assert "registration_number" in caught.value.message_dict


def test_it_refuses_a_registration_number_of_another_project(world: PipelineWorld) -> None:
    number = "CZ.06.02.01/00/22_012/0001234"
    _record(world, world.intention(status=S.STATEMENT_ISSUED), registration_number=number)
    with pytest.raises(ValidationError) as caught:
        _record(world, world.intention(status=S.STATEMENT_ISSUED), registration_number=number)
    assert "registration_number" in caught.value.message_dict


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"registration_number": "CZ.1/2"}, "registration_number"),
        ({"ma_state_code": "PP 30 legal act!"}, "ma_state_code"),
        ({"to": S.LEGAL_ACT}, "to"),
        ({"to": S.WITHDRAWN}, "to"),
    ],
)
def test_it_refuses_bad_input_next_to_the_field(
    world: PipelineWorld, kwargs: dict[str, Any], field: str
) -> None:
    intention = world.intention(status=S.STATEMENT_ISSUED)
    with pytest.raises(ValidationError) as caught:
        _record(world, intention, **kwargs)
    assert field in caught.value.message_dict
    intention.refresh_from_db()
    assert (intention.registration_number, intention.status) == ("", S.STATEMENT_ISSUED)


@pytest.mark.parametrize("status", [S.COMPLIANT, S.DEFERRED, S.WITHDRAWN, S.SUBMITTED])
def test_it_starts_the_record_only_after_the_statement(world: PipelineWorld, status: str) -> None:
    intention = world.intention(status=status)
    with pytest.raises(ValidationError) as caught:
        _record(world, intention, registration_number="CZ.06.02.01/00/22_012/0001234")
    assert caught.value.code == "not_tracked"


def test_it_writes_nothing_when_nothing_changes(world: PipelineWorld) -> None:
    intention = world.intention(status=S.STATEMENT_ISSUED)
    _record(world, intention)
    assert not AuditEvent.objects.filter(code="intentions.intention.managing_authority").exists()


@pytest.mark.parametrize("role", list(Role))
def test_it_lets_only_staff_keep_the_record(world: PipelineWorld, role: Role) -> None:
    intention = world.intention(status=S.STATEMENT_ISSUED)
    allowed = role in (Role.MANAGER, Role.COORDINATOR)
    if allowed:
        result = _record(
            world,
            intention,
            registration_number="CZ.06.02.01/00/22_012/0001234",
            actor=world.user(role),
        )
        assert result.registration_number
    else:
        with pytest.raises(PermissionDenied):
            _record(world, intention, actor=world.user(role))
