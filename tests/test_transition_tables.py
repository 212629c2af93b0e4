"""Every workflow table x every role: a step is allowed exactly when the table lists it and the
actor's role in the object's agglomeration holds the table's permission (applicants: only for
their own organisation). Complements the end-to-end workflow tests of each app."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import product
from typing import Any

import pytest

from aglomera.accounts.models import Role
from aglomera.accounts.permissions import ROLE_PERMISSIONS
from aglomera.calls import transitions as call_transitions
from aglomera.calls.models import CallStatus
from aglomera.committee import transitions as committee_transitions
from aglomera.committee.models import ItemStatus, MeetingStatus
from aglomera.committee.tests.world import CommitteeWorld
from aglomera.core.workflow import TransitionNotAllowed, check_transition
from aglomera.intentions import transitions as intention_transitions
from aglomera.intentions.models import ChangeRequest, ChangeStatus
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring import transitions as monitoring_transitions
from aglomera.monitoring.models import (
    GeneratedReport,
    GeneratedReportKind,
    ImportJob,
    ImportStatus,
    OperationSource,
    SourceLayout,
)
from aglomera.strategy.tests.builders import make_opole


@dataclass(frozen=True)
class Table:
    name: str
    transitions: Mapping[tuple[str, str], str]
    statuses: list[str]
    target: Callable[[CommitteeWorld], Any]


def _change_request(cw: CommitteeWorld) -> ChangeRequest:
    intention = cw.world.intention()
    return ChangeRequest.objects.create(intention=intention, justification="test")


def _import_job(cw: CommitteeWorld) -> ImportJob:
    agglomeration = cw.world.agglomeration
    source = OperationSource.objects.create(
        agglomeration=agglomeration, name="ŘO IROP", layout=SourceLayout.CZ_2014
    )
    return ImportJob.objects.create(
        agglomeration=agglomeration, source=source, file_name="list.csv", as_of="2024-05-31"
    )


def _report(cw: CommitteeWorld) -> GeneratedReport:
    return GeneratedReport.objects.create(
        agglomeration=cw.world.agglomeration, kind=GeneratedReportKind.OPERATIONS
    )


TABLES = [
    Table("call", call_transitions.TRANSITIONS, list(CallStatus), lambda cw: cw.world.call),
    Table(
        "change request",
        intention_transitions.CHANGE_TRANSITIONS,
        list(ChangeStatus),
        _change_request,
    ),
    Table(
        "meeting",
        committee_transitions.TRANSITIONS,
        list(MeetingStatus),
        lambda cw: cw.per_rollam(),
    ),
    Table(
        "agenda item",
        committee_transitions.ITEM_TRANSITIONS,
        list(ItemStatus),
        lambda cw: cw.other_item(cw.per_rollam()),
    ),
    Table("import", monitoring_transitions.JOB_TRANSITIONS, list(ImportStatus), _import_job),
    Table("report", monitoring_transitions.REPORT_TRANSITIONS, list(ImportStatus), _report),
]


@pytest.fixture
def cw(db: Any) -> CommitteeWorld:
    return CommitteeWorld.create(PipelineWorld.create())


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_each_step_is_allowed_exactly_to_the_roles_holding_its_permission(
    cw: CommitteeWorld, table: Table, role: Role
) -> None:
    # Given an object of the workflow and a member of its agglomeration with one role
    obj = table.target(cw)
    actor = cw.world.users[role]
    for old, new in product(table.statuses, repeat=2):
        perm = table.transitions.get((old, new))
        # Then the step passes the table check iff it is listed and the role holds the permission
        expected = perm is not None and role in ROLE_PERMISSIONS[perm]
        if expected:
            check_transition(table.transitions, old, new, actor, obj)
        else:
            with pytest.raises(TransitionNotAllowed):
                check_transition(table.transitions, old, new, actor, obj)


def test_an_applicant_of_another_organisation_takes_no_step_on_a_change_request(
    cw: CommitteeWorld,
) -> None:
    change = _change_request(cw)
    for (old, new), _perm in intention_transitions.CHANGE_TRANSITIONS.items():
        with pytest.raises(TransitionNotAllowed):
            check_transition(
                intention_transitions.CHANGE_TRANSITIONS, old, new, cw.world.other_applicant, change
            )


def test_an_outsider_takes_no_step_in_any_workflow(cw: CommitteeWorld) -> None:
    opole_world = PipelineWorld.create(make_opole())
    outsider = opole_world.users[Role.MANAGER]
    for table in TABLES:
        obj = table.target(cw)
        for (old, new), _perm in table.transitions.items():
            with pytest.raises(TransitionNotAllowed):
                check_transition(table.transitions, old, new, outsider, obj)
