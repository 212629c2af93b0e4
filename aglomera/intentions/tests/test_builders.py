"""The shared pipeline world reaches every state through the real workflow."""

from __future__ import annotations

import pytest

from aglomera.intentions.models import IntentionStatus
from aglomera.intentions.tests.builders import PATH, PipelineWorld


@pytest.mark.django_db
@pytest.mark.parametrize("status", sorted(PATH))
def test_it_walks_an_intention_to_every_state(status: str) -> None:
    world = PipelineWorld.create()
    intention = world.intention(status=status)
    assert intention.status == status
    assert IntentionStatus(status)
