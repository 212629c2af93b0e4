"""Public projects for the portal's tests: an Olomouc pipeline world with municipalities that
have coordinates, two public projects of organisations, one of a natural person and two that are
not public, and the projection rebuilt."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from aglomera.accounts.models import Role
from aglomera.agglomerations.models import (
    Country,
    Municipality,
    MunicipalityKind,
    Organisation,
    OrganisationKind,
)
from aglomera.committee import texts as committee_texts
from aglomera.core.texts import Generated
from aglomera.intentions import transitions
from aglomera.intentions.models import IntentionIndicator, IntentionStatus, ProjectIntention
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.portal.actions.projects import rebuild_public_projects
from aglomera.strategy.models import IndicatorCode

S = IntentionStatus


@dataclass
class ProjectsWorld:
    world: PipelineWorld
    olomouc: Municipality
    prerov: Municipality
    square: ProjectIntention  # legal act, in Přerov: "Rekonstrukce náměstí"
    cycle: ProjectIntention  # in implementation, in Olomouc and Přerov, large EU support
    person: ProjectIntention  # legal act, a natural person's, with a home address
    draft: ProjectIntention  # not public
    endorsed: ProjectIntention  # compliant only: not public yet


def _place(world: PipelineWorld, code: str, name: str, lat: str, lon: str) -> Municipality:
    return Municipality.objects.create(
        agglomeration=world.agglomeration,
        code=code,
        name=name,
        kind=MunicipalityKind.CITY,
        district="Olomouc",
        nuts3="CZ071",
        latitude=Decimal(lat),
        longitude=Decimal(lon),
    )


def _with_places(intention: ProjectIntention, *places: Municipality) -> ProjectIntention:
    intention.municipalities.set(places)
    return intention


def build_projects_world() -> ProjectsWorld:
    world = PipelineWorld.create()
    olomouc = _place(world, "500496", "Olomouc", "49.593778", "17.250879")
    prerov = _place(world, "511382", "Přerov", "49.455086", "17.450880")
    person_org = Organisation.objects.create(
        agglomeration=world.agglomeration,
        name="Jana Nováková",
        kind=OrganisationKind.PERSON,
        country=Country.CZ,
        ico="12345678",
        address="Tajná 5, 779 00 Olomouc",
    )
    square = _with_places(
        world.draft(name="Rekonstrukce náměstí v Přerově", requested_eu="3000000.00"), prerov
    )
    square.art49_purpose = {"cs": "Nová dlažba a zeleň", "en": "New paving and greenery"}
    square.save(update_fields=["art49_purpose"])
    # The steering committee's resolution is the reason of the step to "compliant" (as
    # committee/actions/resolutions.py records it: a code and its parameters).
    square = world.walk(square, S.RECOMMENDED)
    square = transitions.INTENTION.step(
        square,
        S.COMPLIANT,
        actor=world.users[Role.MANAGER],
        reason=Generated(committee_texts.RESOLUTION, {"number": "7/2025"}),
    )
    square = world.walk(square, S.LEGAL_ACT)
    cycle = _with_places(
        world.draft(name="Cyklostezka Olomouc – Přerov", requested_eu="40000000.00"),
        olomouc,
        prerov,
    )
    IntentionIndicator.objects.create(
        intention=cycle,
        indicator=IndicatorCode.objects.get(code="RCO58"),
        committed_value=Decimal("12.5"),
    )
    cycle = world.walk(cycle, S.IN_IMPLEMENTATION)
    person = _with_places(world.draft(name="Náměstíčko u domu", requested_eu="1000000.00"), olomouc)
    person = world.walk(person, S.LEGAL_ACT)
    # The pipeline world's applicants are organisations: the person's project is handed over
    # to its natural person as configuration, after the workflow.
    ProjectIntention.objects.filter(pk=person.pk).update(applicant=person_org)
    person.refresh_from_db()
    draft = _with_places(world.draft(name="Náměstí tajného záměru"), olomouc)
    endorsed = _with_places(world.intention(status=S.COMPLIANT, name="Schválené náměstí"), olomouc)
    rebuild_public_projects(world.agglomeration)
    return ProjectsWorld(world, olomouc, prerov, square, cycle, person, draft, endorsed)
