from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine

from aglomera.intentions.tests.builders import DURING
from aglomera.portal.tests import sections_world
from aglomera.portal.tests.sections_world import Sections


@pytest.fixture
def sections(db: None) -> Iterator[Sections]:
    """The sections' world, with the clock at DURING for the whole test."""
    with time_machine.travel(DURING, tick=False):
        yield sections_world.build()
