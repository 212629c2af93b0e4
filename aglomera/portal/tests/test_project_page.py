"""A public project's page: what Art. 49 allows, in the reader's language; 404 for anything
that is not a public project of this portal."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from aglomera.agglomerations.models import Agglomeration
from aglomera.monitoring.models import InterventionField, InterventionFieldMapping
from aglomera.portal.tests.projects_world import ProjectsWorld


def _url(pk: int, language: str = "cs", slug: str = "olomouc") -> str:
    return f"/{language}/{slug}/projects/{pk}/"


def test_it_shows_the_project(client: Client, pw: ProjectsWorld) -> None:
    InterventionFieldMapping.objects.create(
        agglomeration=pw.world.agglomeration,
        specific_objective=pw.world.objective,
        code=InterventionField.objects.get(code="083"),
    )
    page = client.get(_url(pw.square.pk, "en")).content.decode()
    # the name has no English translation: the Czech one is marked as Czech (WCAG 3.1.2)
    assert '<h1 lang="cs">Rekonstrukce náměstí v Přerově</h1>' in page
    assert "Statutární město Přerov" in page
    assert "New paving and greenery" in page  # the purpose in the reader's language
    assert "3,000,000.00" in page  # EU support
    assert "85" in page  # co-financing rate
    assert "Resolution 7/2025 of the steering committee" in page  # code + params
    assert "083 " in page  # the type of intervention
    assert '<li><span lang="cs">Přerov</span></li>' in page
    assert "Legal act issued" in page  # the timeline in the reader's language
    assert 'property="og:title" content="Rekonstrukce náměstí v Přerově"' in page


def test_the_resolution_reads_in_the_readers_language(client: Client, pw: ProjectsWorld) -> None:
    page = client.get(_url(pw.square.pk, "cs")).content.decode()
    assert "7/2025" in page
    assert "Resolution 7/2025" not in page


def test_it_shows_the_committed_indicators(client: Client, pw: ProjectsWorld) -> None:
    page = client.get(_url(pw.cycle.pk, "en")).content.decode()
    assert "RCO58" in page
    assert "12.5" in page
    assert "No resolution of the steering committee is recorded" in page


def test_a_natural_persons_project_shows_neither_name_nor_address_nor_place(
    client: Client, pw: ProjectsWorld
) -> None:
    page = client.get(_url(pw.person.pk, "en")).content.decode()
    assert "Náměstíčko u domu" in page
    assert "Nováková" not in page
    assert "Tajná" not in page
    assert "12345678" not in page
    assert "<li>Olomouc</li>" not in page
    assert "project-map" not in page
    assert "a natural person" in page


@pytest.mark.parametrize("which", ["draft", "endorsed"])
def test_a_project_that_is_not_public_is_not_found(
    client: Client, pw: ProjectsWorld, which: str
) -> None:
    assert client.get(_url(getattr(pw, which).pk)).status_code == 404


def test_another_portals_or_an_unknown_project_is_not_found(
    client: Client, pw: ProjectsWorld, opole: Agglomeration
) -> None:
    assert client.get(_url(pw.square.pk, slug="opole")).status_code == 404
    assert client.get(_url(999999)).status_code == 404
    assert client.get("/cs/olomouc/projects/99999999999999999999999/").status_code == 404


def test_the_page_runs_a_fixed_number_of_queries(
    client: Client, pw: ProjectsWorld, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(7):
        assert client.get(_url(pw.cycle.pk)).status_code == 200


def test_the_rate_is_unknown_without_an_eligible_cost() -> None:
    from decimal import Decimal

    from aglomera.portal.queries.project import _rate

    assert _rate(Decimal("85"), Decimal("0")) is None
    assert _rate(None, Decimal("100")) is None
    assert _rate(Decimal("85"), Decimal("100")) == Decimal("85.00")
