"""The applicant-side queries answer only for those they concern."""

from __future__ import annotations

import pytest

from aglomera.accounts.models import Role
from aglomera.intentions.models import IntentionStatus
from aglomera.intentions.queries import submission as queries
from aglomera.intentions.tests.builders import DURING, PipelineWorld

S = IntentionStatus


@pytest.mark.django_db
def test_it_lists_nothing_to_a_role_that_sees_no_intentions() -> None:
    # Given a submitted intention
    world = PipelineWorld.create()
    world.intention(status=S.SUBMITTED)
    # Then a partner's list is empty and evaluators see it, drafts excluded
    world.draft()
    assert queries.list_intentions_for(world.user(Role.PARTNER), world.agglomeration) == []
    staff = queries.list_intentions_for(world.user(Role.AUDITOR), world.agglomeration)
    assert [i.status for i in staff] == [S.SUBMITTED]
    mine = queries.list_intentions_for(world.user(Role.APPLICANT), world.agglomeration)
    assert len(mine) == 2


@pytest.mark.django_db
def test_it_knows_the_organisation_of_an_applicant_only() -> None:
    world = PipelineWorld.create()
    assert queries.applicant_organisation(world.user(Role.MANAGER), world.agglomeration) is None
    applicant = world.user(Role.APPLICANT)
    assert queries.applicant_organisation(applicant, world.agglomeration) == world.applicant_org


@pytest.mark.django_db
def test_it_lists_the_calls_open_at_a_moment() -> None:
    world = PipelineWorld.create()
    assert queries.list_open_calls(world.agglomeration, DURING) == [world.call]
    assert queries.list_open_calls(world.agglomeration, world.call.closes_at) == []
