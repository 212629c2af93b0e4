"""An imported list moves the intentions it reports on (issue 10, point 5): through the
intention's transitions table, in the importer's name, with the list as the reason."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from aglomera.core.models import AuditEvent, StatusChange
from aglomera.core.transitions import TransitionNotAllowed
from aglomera.intentions.models import IntentionStatus, ProjectIntention
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.intentions.transitions import INTENTION
from aglomera.monitoring.actions import list_states
from aglomera.monitoring.actions.list_states import reached
from aglomera.monitoring.models import ImportStatus
from aglomera.monitoring.tests.import_helpers import (
    cz_2014_csv,
    cz_row,
    import_file,
    manager,
    write,
)

S = IntentionStatus
NUMBER = "CZ.06.2.56/0.0/0.0/16_043/0007001"
OTHER = "CZ.06.2.56/0.0/0.0/16_043/0007002"


def _at(world: PipelineWorld, status: str, number: str) -> ProjectIntention:
    return world.intention(status=status, registration_number=number)


def _import(world: PipelineWorld, tmp_path: Path, *rows: str, dry_run: bool = False) -> None:
    path = write(tmp_path, "2025_05_seznam.csv", cz_2014_csv(*rows))
    job = import_file(world.agglomeration, path, actor=manager(world), dry_run=dry_run)
    assert job.status == ImportStatus.SUCCEEDED, job.failure_message


def _written() -> AuditEvent:
    """The audit record of the last import that wrote."""
    return AuditEvent.objects.filter(code="monitoring.import.written").latest("id")


@pytest.mark.parametrize(
    ("code", "contracted", "expected"),
    [
        ("PP30", False, S.LEGAL_ACT),
        (" pp40 ", False, S.IN_IMPLEMENTATION),
        ("PP41", False, S.PHYSICALLY_COMPLETED),
        ("PP52", False, S.FINANCIALLY_CLOSED),
        ("PP21", False, None),  # still being assessed
        ("", True, S.LEGAL_ACT),  # a Polish list: the contract date says it
        ("", False, None),
    ],
)
def test_the_state_a_list_reports(code: str, contracted: bool, expected: str | None) -> None:
    assert reached(code, contracted=contracted) == expected


def test_an_intention_follows_the_list_step_by_step_with_the_list_as_the_reason(
    world: PipelineWorld, tmp_path: Path
) -> None:
    # Given an intention whose application was filed
    intention = _at(world, S.APPLICATION_FILED, NUMBER)
    # When the managing authority's list says the project is in implementation
    _import(world, tmp_path, cz_row(NUMBER, state="PP40"))
    # Then the intention took the legal act and the start of implementation, in that order,
    # in the importer's name, with the list as the reason
    intention.refresh_from_db()
    assert intention.status == S.IN_IMPLEMENTATION
    steps = list(
        StatusChange.objects.filter(object_id=intention.pk, workflow="intentions.intention")
        .order_by("created_at", "id")
        .values_list("old_status", "new_status", "actor", "reason")
    )[-2:]
    reason = "2025_05_seznam.csv (2024-05-31)"  # the file and the day the list states
    assert steps == [
        (S.APPLICATION_FILED, S.LEGAL_ACT, manager(world).pk, reason),
        (S.LEGAL_ACT, S.IN_IMPLEMENTATION, manager(world).pk, reason),
    ]
    # And the import's audit record counts it
    written = _written()
    assert (written.after["intentions_moved"], written.after["intention_steps"]) == (1, 2)


def test_a_refusal_in_the_list_rejects_the_filed_application(
    world: PipelineWorld, tmp_path: Path
) -> None:
    intention = _at(world, S.APPLICATION_FILED, NUMBER)
    _import(world, tmp_path, cz_row(NUMBER, state="PN50"))
    intention.refresh_from_db()
    assert intention.status == S.REJECTED_BY_MA


def test_an_intention_is_never_moved_back_nor_past_its_statement(
    world: PipelineWorld, tmp_path: Path
) -> None:
    # Given an intention already physically completed, and one without its statement yet
    ahead = _at(world, S.PHYSICALLY_COMPLETED, NUMBER)
    early = _at(world, S.COMPLIANT, OTHER)
    # When the list says both have a legal act
    _import(world, tmp_path, cz_row(NUMBER, state="PP30"), cz_row(OTHER, state="PP30"))
    # Then neither moves, and the import says one could not follow
    ahead.refresh_from_db()
    early.refresh_from_db()
    assert (ahead.status, early.status) == (S.PHYSICALLY_COMPLETED, S.COMPLIANT)
    written = _written()
    assert (written.after["intentions_moved"], written.after["intentions_left_behind"]) == (0, 1)


def test_a_state_before_the_legal_act_moves_nothing(world: PipelineWorld, tmp_path: Path) -> None:
    intention = _at(world, S.APPLICATION_FILED, NUMBER)
    _import(world, tmp_path, cz_row(NUMBER, state="PP21"))  # still being assessed
    intention.refresh_from_db()
    assert intention.status == S.APPLICATION_FILED


def test_a_dry_run_moves_nothing(world: PipelineWorld, tmp_path: Path) -> None:
    intention = _at(world, S.APPLICATION_FILED, NUMBER)
    _import(world, tmp_path, cz_row(NUMBER, state="PP40"), dry_run=True)
    intention.refresh_from_db()
    assert intention.status == S.APPLICATION_FILED


def test_a_refusal_leaves_an_already_rejected_or_contracted_intention_alone(
    world: PipelineWorld, tmp_path: Path
) -> None:
    rejected = world.intention(status=S.REJECTED_BY_MA, registration_number=NUMBER)
    contracted = _at(world, S.LEGAL_ACT, OTHER)
    _import(world, tmp_path, cz_row(NUMBER, state="PN50"), cz_row(OTHER, state="PN50"))
    rejected.refresh_from_db()
    contracted.refresh_from_db()
    assert (rejected.status, contracted.status) == (S.REJECTED_BY_MA, S.LEGAL_ACT)
    written = _written()
    # (the contracted one cannot follow a refusal: the office sees it is left behind)
    assert (written.after["intentions_moved"], written.after["intentions_left_behind"]) == (0, 1)


def test_a_step_the_importer_may_not_take_stops_the_walk_where_it_is(
    world: PipelineWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a workflow that refuses the start of implementation to the importer
    original = INTENTION.step

    def step(intention: ProjectIntention, to: str, **kwargs: object) -> ProjectIntention:
        if to == S.IN_IMPLEMENTATION:
            raise TransitionNotAllowed(intention.status, to)
        return original(intention, to, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(list_states, "INTENTION", SimpleNamespace(step=step))
    filed = _at(world, S.APPLICATION_FILED, NUMBER)
    contracted = _at(world, S.LEGAL_ACT, OTHER)
    # When the list says both are in implementation
    _import(world, tmp_path, cz_row(NUMBER, state="PP40"), cz_row(OTHER, state="PP40"))
    # Then the filed one took the legal act and stopped; the other could not move at all
    filed.refresh_from_db()
    contracted.refresh_from_db()
    assert (filed.status, contracted.status) == (S.LEGAL_ACT, S.LEGAL_ACT)
    written = _written()
    assert (written.after["intentions_moved"], written.after["intentions_left_behind"]) == (1, 1)
