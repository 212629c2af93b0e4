"""The world of the API tests, built once per module (`module_db`): Olomouc with an approved
strategy and a call (PipelineWorld), intentions in several states, two of them public (from the
legal act on; one of a natural person), a decided resolution, Opole with its manager, a
partnership of both (a project, an exchange, a card each, a joint idea), and an API token for
each of them. Throttle counters (in the cache) start at zero in every test."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.authtoken.models import Token

from aglomera.accounts.models import Role, User
from aglomera.agglomerations.models import (
    Agglomeration,
    Municipality,
    MunicipalityKind,
    Organisation,
    OrganisationKind,
)
from aglomera.committee import actions as committee_actions
from aglomera.committee.models import Resolution
from aglomera.committee.tests.world import DURING_VOTE, CommitteeWorld
from aglomera.cooperation import actions as coop
from aglomera.cooperation.models import ExchangeKind, Visibility
from aglomera.intentions.models import IntentionStatus, ProjectIntention
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.strategy.tests.builders import make_opole, make_user

S = IntentionStatus


@dataclass
class ApiWorld:
    pw: PipelineWorld
    opole: Agglomeration
    opole_manager: User
    prerov: Municipality
    draft: ProjectIntention
    submitted: ProjectIntention
    returned: ProjectIntention
    checked: ProjectIntention  # formal check passed
    public: ProjectIntention  # legal act, of Přerov (a municipality)
    person: ProjectIntention  # legal act, of a natural person
    resolution: Resolution
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.pw.agglomeration.slug

    def client(self, actor: str = "anonymous", language: str = "en") -> Client:
        headers: dict[str, str] = {"Accept-Language": language}
        if actor != "anonymous":
            headers["Authorization"] = f"Token {self.tokens[actor]}"
        return Client(headers=headers)


def _cooperation(olomouc: Agglomeration, opole: Agglomeration, manager: User, other: User) -> None:
    """A partnership of Olomouc and Opole with a project, an exchange, a card each (Olomouc's
    shared with it) and a joint idea, for the staff endpoints of cooperation (schemathesis)."""
    partnership = coop.create_partnership(
        olomouc, [opole], coop.PartnershipFields(name={"en": "Olomouc-Opole"}), actor=manager
    )
    project = coop.create_project(
        partnership,
        coop.ProjectFields(name={"en": "Together"}),
        agglomeration=olomouc,
        actor=manager,
    )
    coop.create_exchange(
        partnership,
        coop.ExchangeFields(
            kind=ExchangeKind.STUDY_VISIT,
            host=opole,
            starts_on=date(2018, 6, 27),
            title={"en": "Study visit"},
            project=project,
        ),
        agglomeration=olomouc,
        actor=manager,
    )
    for owner, actor in ((olomouc, manager), (opole, other)):
        card = coop.create_good_practice(
            coop.GoodPracticeFields(
                title={"en": f"Card of {owner.slug}"},
                tags=["cycling"],
                visibility=Visibility.PARTNERS,
            ),
            agglomeration=owner,
            actor=actor,
        )
        if owner == olomouc:
            coop.share(partnership, agglomeration=owner, actor=actor, practices=[card.pk])
    coop.create_idea(
        partnership,
        coop.IdeaFields(title={"en": "Cycle route"}),
        agglomeration=olomouc,
        actor=manager,
    )


def build_api_world() -> ApiWorld:
    pw = PipelineWorld.create()
    olomouc = pw.agglomeration
    prerov = Municipality.objects.create(
        agglomeration=olomouc,
        code="511382",
        name="Přerov",
        kind=MunicipalityKind.CITY,
        latitude=Decimal("49.455000"),
        longitude=Decimal("17.451000"),
    )
    # The other organisation is a natural person here (a sole trader): never named, never placed.
    Organisation.objects.filter(pk=pw.other_org.pk).update(
        kind=OrganisationKind.PERSON, name="Jan Novák", address="Dlouhá 1, Přerov"
    )
    pw.other_org.refresh_from_db()
    draft = pw.intention(status=S.DRAFT, name="Koncept školky")
    submitted = pw.intention(status=S.SUBMITTED, name="Mateřská škola Náměstí")
    returned = pw.intention(status=S.RETURNED, name="Vrácená školka")
    checked = pw.intention(status=S.FORMAL_CHECK_PASSED, name="Zkontrolovaná školka")
    public = pw.intention(status=S.LEGAL_ACT, name="Mateřská škola Horní náměstí")
    public.municipalities.set([prerov])
    person = pw.intention(status=S.LEGAL_ACT, name="Dětská skupina", applicant=pw.other_org)
    person.municipalities.set([prerov])
    cw = CommitteeWorld.create(pw)
    meeting = cw.per_rollam()
    item = cw.other_item(meeting, "Annual report")
    cw.open(meeting)
    for name in ("chair", "plain", "university", "conflicted"):
        cw.vote(item, name, "yes")
    resolution = committee_actions.decide_item(item, actor=cw.manager, now=DURING_VOTE)
    opole = make_opole()
    opole_manager = make_user("opole-manager", (opole, Role.MANAGER))
    _cooperation(olomouc, opole, pw.users[Role.MANAGER], opole_manager)
    world = ApiWorld(
        pw,
        opole,
        opole_manager,
        prerov,
        draft,
        submitted,
        returned,
        checked,
        public,
        person,
        resolution,
    )
    actors = {role.value: pw.users[role] for role in Role}
    actors["other_applicant"] = pw.other_applicant
    actors["outsider"] = opole_manager
    for name, user in actors.items():
        world.tokens[name] = Token.objects.create(user=user).key
    return world


@pytest.fixture(scope="module")
def built_api_world(module_db: None) -> ApiWorld:
    return build_api_world()


@pytest.fixture
def api(db: None, built_api_world: ApiWorld) -> ApiWorld:
    return copy.deepcopy(built_api_world)


@pytest.fixture(autouse=True)
def _fresh_throttle_counters() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def body(response: Any) -> Any:
    return response.json()
