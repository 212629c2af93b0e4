from __future__ import annotations

import pytest

from aglomera.agglomerations.models import Agglomeration
from aglomera.cooperation.tests.helpers import CooperationWorld, build
from aglomera.strategy.tests.builders import Users


@pytest.fixture
def world(olomouc: Agglomeration, opole: Agglomeration, users: Users) -> CooperationWorld:
    return build(olomouc, opole, users)
