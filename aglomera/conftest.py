"""Personas and fixtures shared by the tests of every app.

Alice manages the Olomouc strategy, Bob is a thematic coordinator there, Charlie applies for
money there; Mallory manages the Opole strategy and has no role in Olomouc.
"""

from __future__ import annotations

import pytest

from aglomera.accounts.models import Role, User
from aglomera.agglomerations.models import Agglomeration
from aglomera.strategy.models import IndicatorCode
from aglomera.strategy.tests.builders import (
    Programmes,
    Users,
    cycling_indicator,
    emissions_indicator,
    make_olomouc,
    make_opole,
    make_programmes,
    make_user,
)


@pytest.fixture
def olomouc(db: None) -> Agglomeration:
    return make_olomouc()


@pytest.fixture
def opole(db: None) -> Agglomeration:
    return make_opole()


@pytest.fixture
def users(db: None) -> Users:
    """`users(olomouc, Role.AUDITOR)`: the auditor of Olomouc, created on first use."""
    return Users()


@pytest.fixture
def alice(olomouc: Agglomeration) -> User:
    return make_user("alice", (olomouc, Role.MANAGER), first_name="Alice")


@pytest.fixture
def bob(olomouc: Agglomeration) -> User:
    return make_user("bob", (olomouc, Role.COORDINATOR), first_name="Bob")


@pytest.fixture
def charlie(olomouc: Agglomeration) -> User:
    return make_user("charlie", (olomouc, Role.APPLICANT), first_name="Charlie")


@pytest.fixture
def mallory(opole: Agglomeration) -> User:
    return make_user("mallory", (opole, Role.MANAGER), first_name="Mallory")


@pytest.fixture
def programmes(db: None) -> Programmes:
    return make_programmes()


@pytest.fixture
def cycling_km(db: None) -> IndicatorCode:
    """T-CYKLO (km of cycle paths), an output that should grow."""
    return cycling_indicator()


@pytest.fixture
def emissions(db: None) -> IndicatorCode:
    """T-EMISE (greenhouse gas emissions), a result that should fall."""
    return emissions_indicator()
