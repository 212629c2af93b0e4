"""The projection of public projects follows the intentions: built by a command, refreshed after
each committed workflow step and each edit of what it shows."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from aglomera.accounts.models import Role
from aglomera.calls import transitions as call_transitions
from aglomera.calls.models import CallStatus
from aglomera.core.signals import announce_public_data_change
from aglomera.intentions.actions.publication import set_publication_texts
from aglomera.intentions.models import IntentionStatus
from aglomera.portal.actions.projects import rebuild_public_projects, refresh_public_projects
from aglomera.portal.models import PublicProject
from aglomera.portal.tests.projects_world import ProjectsWorld

S = IntentionStatus
Capture = Callable[..., Any]


def test_the_projection_holds_only_public_projects(pw: ProjectsWorld) -> None:
    rows = {row.intention_id: row for row in PublicProject.objects.all()}
    assert set(rows) == {pw.square.pk, pw.cycle.pk, pw.person.pk}
    square = rows[pw.square.pk]
    assert square.search_text == (
        "rekonstrukce namesti v prerove statutarni mesto prerov nova dlazba a zelen "
        "new paving and greenery"
    )
    assert square.sort_name == "rekonstrukce namesti v prerove"
    assert (square.latitude, square.longitude) == (49.455086, 17.45088)
    assert square.band == 1
    assert rows[pw.cycle.pk].band == 3
    assert rows[pw.cycle.pk].latitude == pytest.approx((49.593778 + 49.455086) / 2)
    person = rows[pw.person.pk]
    assert person.beneficiary == ""
    assert person.latitude is None
    assert list(person.municipalities.all()) == []
    assert "novakova" not in person.search_text


def test_a_workflow_step_refreshes_the_row_once_committed(
    pw: ProjectsWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        pw.world.walk(pw.square, S.IN_IMPLEMENTATION)
    assert PublicProject.objects.get(pk=pw.square.pk).state == S.IN_IMPLEMENTATION


def test_a_step_into_a_public_state_publishes_and_the_others_do_not(
    pw: ProjectsWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        endorsed = pw.world.walk(pw.endorsed, S.APPLICATION_FILED)
    assert not PublicProject.objects.filter(pk=endorsed.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        pw.world.walk(endorsed, S.LEGAL_ACT)
    assert PublicProject.objects.filter(pk=endorsed.pk).exists()


def test_another_workflows_step_changes_nothing(
    pw: ProjectsWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    before = PublicProject.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        call_transitions.CALL.step(
            pw.world.call, CallStatus.CLOSED, actor=pw.world.users[Role.MANAGER]
        )
    assert PublicProject.objects.count() == before


def test_an_edit_of_the_published_purpose_refreshes_the_search(
    pw: ProjectsWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        set_publication_texts(
            pw.cycle,
            purpose={"cs": "Bezpečná cesta do školy"},
            achievements={},
            actor=pw.world.users[Role.MANAGER],
        )
    assert "bezpecna cesta" in PublicProject.objects.get(pk=pw.cycle.pk).search_text


def test_the_announcement_waits_for_the_commit(
    pw: ProjectsWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    PublicProject.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        announce_public_data_change([pw.square.pk, pw.square.pk])
    assert not PublicProject.objects.exists()
    for callback in callbacks:
        callback()
    assert list(PublicProject.objects.values_list("pk", flat=True)) == [pw.square.pk]


def test_refresh_removes_the_row_of_a_project_no_longer_public(pw: ProjectsWorld) -> None:
    assert refresh_public_projects([pw.draft.pk, pw.square.pk]) == 1
    PublicProject.objects.create(
        intention=pw.draft,
        agglomeration=pw.world.agglomeration,
        sort_name="x",
        measure_code="1",
        programme=pw.world.objective.programme,
        fund="ERDF",
        state="draft",
        currency="CZK",
        total_cost=Decimal(1),
        eu_amount=Decimal(1),
        band=1,
        selected_on=pw.square.created_at.date(),
        year=2025,
    )
    refresh_public_projects([pw.draft.pk])
    assert not PublicProject.objects.filter(pk=pw.draft.pk).exists()


def test_the_command_rebuilds_all_or_one_agglomeration(pw: ProjectsWorld) -> None:
    PublicProject.objects.all().delete()
    assert call_command("rebuild_public_projects") == "3 public projects."
    assert call_command("rebuild_public_projects", agglomeration="olomouc") == "3 public projects."
    assert PublicProject.objects.count() == 3
    assert rebuild_public_projects() == 3
    with pytest.raises(CommandError):
        call_command("rebuild_public_projects", agglomeration="nowhere")
