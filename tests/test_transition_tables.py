"""Every workflow x every status pair x every role, against step tables written by hand.

The expectations below are written from domain.md (sections 3-7), never derived from the
workflows' tables or from ROLE_PERMISSIONS. The checks are pure functions: the objects and the
actors' roles live in memory (agglomeration 1, applicant organisation 10), so nothing touches
the database. The end-to-end workflow tests of each app exercise the same engine with a database.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from itertools import product
from typing import Any

import pytest
from django.apps import apps
from django.db import models

from aglomera.accounts.models import Role, User
from aglomera.agglomerations.models import Organisation
from aglomera.calls.models import Call
from aglomera.committee.models import AgendaItem, Meeting, SteeringCommittee
from aglomera.cooperation.models import JointIdea
from aglomera.core.transitions import WORKFLOWS, TransitionNotAllowed, Workflow
from aglomera.intentions.models import ChangeRequest, ProjectIntention
from aglomera.monitoring.models import GeneratedReport, ImportJob, ProgressReport
from aglomera.news.models import NewsItem
from aglomera.strategy.models import Strategy, StrategyVersion

HERE, ELSEWHERE, OWN_ORGANISATION, OTHER_ORGANISATION = 1, 2, 10, 11

MAN, COO, WG, COM, AUD, PAR, APP = (
    Role.MANAGER,
    Role.COORDINATOR,
    Role.WORKING_GROUP,
    Role.COMMITTEE,
    Role.AUDITOR,
    Role.PARTNER,
    Role.APPLICANT,
)
ROLE_NAMES = {
    "manager": MAN,
    "coordinator": COO,
    "working_group": WG,
    "committee": COM,
    "auditor": AUD,
    "partner": PAR,
    "applicant": APP,
}

# workflow -> "old -> new: roles" lines. Any pair not listed is refused to everyone.
STEPS: dict[str, str] = {
    "calls.call": """
        planned -> announced: manager
        planned -> cancelled: manager
        announced -> closed: manager
        announced -> cancelled: manager
    """,
    "strategy.version": """
        draft -> submitted: manager coordinator
        draft -> in_consultation: manager coordinator
        draft -> discarded: manager coordinator
        in_consultation -> submitted: manager coordinator
        in_consultation -> draft: manager coordinator
        submitted -> draft: manager
        submitted -> approved: manager
        submitted -> rejected: manager
    """,
    "committee.meeting": """
        planned -> voting: manager
        planned -> cancelled: manager
        voting -> closed: manager
    """,
    "committee.item": """
        pending -> decided: manager
        pending -> withdrawn: manager
    """,
    "intentions.intention": """
        draft -> submitted: applicant
        returned -> submitted: applicant
        submitted -> returned: manager coordinator
        submitted -> formal_check_passed: manager coordinator
        formal_check_passed -> recommended: manager coordinator
        formal_check_passed -> not_recommended: manager coordinator
        recommended -> compliant: manager
        recommended -> non_compliant_oversubscribed: manager
        recommended -> non_compliant_negative: manager
        recommended -> deferred: manager
        not_recommended -> compliant: manager
        not_recommended -> non_compliant_oversubscribed: manager
        not_recommended -> non_compliant_negative: manager
        not_recommended -> deferred: manager
        deferred -> compliant: manager
        deferred -> non_compliant_oversubscribed: manager
        deferred -> non_compliant_negative: manager
        compliant -> statement_issued: manager
        statement_issued -> application_filed: manager coordinator
        application_filed -> legal_act: manager coordinator
        application_filed -> rejected_by_ma: manager coordinator
        legal_act -> in_implementation: manager coordinator
        in_implementation -> physically_completed: manager coordinator
        physically_completed -> financially_closed: manager coordinator
        financially_closed -> sustainability: manager coordinator
        draft -> withdrawn: manager applicant
        submitted -> withdrawn: manager applicant
        returned -> withdrawn: manager applicant
        formal_check_passed -> withdrawn: manager applicant
        recommended -> withdrawn: manager applicant
        not_recommended -> withdrawn: manager applicant
        compliant -> withdrawn: manager applicant
        deferred -> withdrawn: manager applicant
        statement_issued -> withdrawn: manager applicant
        application_filed -> withdrawn: manager applicant
    """,
    "intentions.change_request": """
        draft -> submitted: applicant
        draft -> withdrawn: applicant
        submitted -> withdrawn: applicant
        submitted -> approved: manager
        submitted -> rejected: manager
        submitted -> with_committee: manager
        with_committee -> approved: manager
        with_committee -> rejected: manager
    """,
    "monitoring.import": """
        queued -> running: manager coordinator
        queued -> failed: manager coordinator
        running -> succeeded: manager coordinator
        running -> failed: manager coordinator
        failed -> queued: manager coordinator
    """,
    "monitoring.report": """
        queued -> running: manager coordinator
        queued -> failed: manager coordinator
        running -> succeeded: manager coordinator
        running -> failed: manager coordinator
        failed -> queued: manager coordinator
    """,
    "agglomerations.organisation": """
        active -> inactive: manager
        inactive -> active: manager
        active -> merged: manager
        inactive -> merged: manager
    """,
    "monitoring.progress_report": """
        draft -> submitted: applicant
        returned -> submitted: applicant
        submitted -> approved: manager coordinator
        submitted -> returned: manager coordinator
    """,
    # the office writes news; only the manager puts them on the portal or takes them off
    "news.item": """
        draft -> scheduled: manager
        draft -> published: manager
        scheduled -> published: manager
        scheduled -> draft: manager
        scheduled -> withdrawn: manager
        published -> withdrawn: manager
        withdrawn -> draft: manager
    """,
    # a joint project idea of a partnership: the office of either member co-authors it
    "cooperation.joint_idea": """
        idea -> concept: manager coordinator
        concept -> idea: manager coordinator
        concept -> submitted: manager coordinator
        submitted -> approved: manager coordinator
        submitted -> not_approved: manager coordinator
    """,
}


def expected_steps(workflow: str) -> dict[tuple[str, str], frozenset[Role]]:
    steps = {}
    for line in STEPS[workflow].strip().splitlines():
        pair, roles = line.split(":")
        old, new = (part.strip() for part in pair.split("->"))
        steps[old, new] = frozenset(ROLE_NAMES[name] for name in roles.split())
    return steps


def _intention() -> ProjectIntention:
    return ProjectIntention(call=Call(agglomeration_id=HERE), applicant_id=OWN_ORGANISATION)


def _joint_idea() -> JointIdea:
    """An idea of a partnership of HERE and a third agglomeration (its members in memory)."""
    idea = JointIdea(partnership_id=99)
    idea._member_ids = (HERE, 3)
    return idea


def _meeting() -> Meeting:
    return Meeting(committee=SteeringCommittee(agglomeration_id=HERE))


# workflow -> an object of agglomeration HERE (the applicant's own, where it has an applicant)
OBJECTS: dict[str, Callable[[], models.Model]] = {
    "agglomerations.organisation": lambda: Organisation(agglomeration_id=HERE),
    "calls.call": lambda: Call(agglomeration_id=HERE),
    "strategy.version": lambda: StrategyVersion(strategy=Strategy(agglomeration_id=HERE)),
    "committee.meeting": _meeting,
    "committee.item": lambda: AgendaItem(meeting=_meeting()),
    "intentions.intention": _intention,
    "intentions.change_request": lambda: ChangeRequest(intention=_intention()),
    "monitoring.import": lambda: ImportJob(agglomeration_id=HERE),
    "monitoring.report": lambda: GeneratedReport(agglomeration_id=HERE),
    "monitoring.progress_report": lambda: ProgressReport(intention=_intention()),
    "news.item": lambda: NewsItem(agglomeration_id=HERE),
    "cooperation.joint_idea": _joint_idea,
}


def actor(*roles: Role, agglomeration: int = HERE, organisation: int = OWN_ORGANISATION) -> User:
    """A signed-in user with roles given in memory (the permission layer's cache)."""
    user = User(username="-".join(roles))
    organisations = {agglomeration: frozenset({organisation})} if APP in roles else {}
    user._aglomera_memberships = ({agglomeration: frozenset(roles)}, organisations)  # type: ignore[attr-defined]
    return user


def _all_workflows() -> dict[str, Workflow[Any, Any]]:
    for config in apps.get_app_configs():
        if config.name.startswith("aglomera."):
            try:
                importlib.import_module(f"{config.name}.transitions")
            except ModuleNotFoundError as missing:
                if missing.name != f"{config.name}.transitions":
                    raise
    return dict(WORKFLOWS)


def test_every_workflow_has_a_hand_written_table_and_an_object() -> None:
    assert sorted(_all_workflows()) == sorted(STEPS) == sorted(OBJECTS)


def test_every_model_with_a_status_moves_through_a_workflow() -> None:
    """A model whose `status` has choices is the model of a workflow of the one engine."""
    with_status = {
        model
        for model in apps.get_models()
        if model.__module__.startswith("aglomera.")
        and any(f.name == "status" and f.choices for f in model._meta.concrete_fields)
    }
    moved = {workflow.model for workflow in _all_workflows().values()}
    assert with_status - moved == set()


def _cases() -> list[Any]:
    return [
        pytest.param(name, role, id=f"{name}-{role.value}")
        for name in STEPS
        for role in ROLE_NAMES.values()
    ]


@pytest.mark.parametrize(("name", "role"), _cases())
def test_each_step_is_open_exactly_to_the_roles_the_table_gives(name: str, role: Role) -> None:
    workflow, obj, user = _all_workflows()[name], OBJECTS[name](), actor(role)
    steps = expected_steps(name)
    statuses = [str(status.value) for status in workflow.statuses]
    for old, new in product(statuses, repeat=2):
        allowed = role in steps.get((old, new), frozenset())
        if allowed:
            workflow.check(old, new, user, obj)
        else:
            with pytest.raises(TransitionNotAllowed):
                workflow.check(old, new, user, obj)
    for old in statuses:
        obj.status = old  # type: ignore[attr-defined]
        offered = sorted(str(s) for s in workflow.allowed(obj, user))
        assert offered == sorted(
            new for (o, new), roles in steps.items() if o == old and role in roles
        )


@pytest.mark.parametrize("name", sorted(STEPS))
def test_no_one_outside_the_agglomeration_takes_a_step(name: str) -> None:
    workflow, obj = _all_workflows()[name], OBJECTS[name]()
    everything = actor(*ROLE_NAMES.values(), agglomeration=ELSEWHERE)
    for old, new in expected_steps(name):
        with pytest.raises(TransitionNotAllowed):
            workflow.check(old, new, everything, obj)


@pytest.mark.parametrize(
    "name", ["intentions.intention", "intentions.change_request", "monitoring.progress_report"]
)
def test_an_applicant_takes_no_step_for_another_organisation(name: str) -> None:
    workflow, obj = _all_workflows()[name], OBJECTS[name]()
    stranger = actor(APP, organisation=OTHER_ORGANISATION)
    for old, new in expected_steps(name):
        with pytest.raises(TransitionNotAllowed):
            workflow.check(old, new, stranger, obj)


def test_a_step_to_an_unknown_status_is_refused() -> None:
    workflow, obj = _all_workflows()["calls.call"], OBJECTS["calls.call"]()
    with pytest.raises(TransitionNotAllowed):
        workflow.check("planned", "launched", actor(MAN), obj)
    assert workflow.permission("planned", "launched") is None
