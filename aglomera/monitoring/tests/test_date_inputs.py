"""The as-of dates of the import and early-warning pages reach <input type=date> as YYYY-MM-DD
in every language (a Czech or Polish date leaves the browser's input empty; issue 11)."""

from __future__ import annotations

import copy
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from aglomera.accounts.models import Role
from aglomera.intentions.tests.builders import PipelineWorld


@pytest.fixture
def world(db: None, pipeline_world: PipelineWorld) -> PipelineWorld:
    return copy.deepcopy(pipeline_world)


def _page(world: PipelineWorld, name: str, language: str, query: dict[str, str]) -> str:
    client = Client()
    client.force_login(world.user(Role.MANAGER))
    with translation.override(language):
        url = reverse(f"monitoring:{name}", kwargs={"slug": world.agglomeration.slug})
        response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["cs", "pl", "en"])
def test_the_early_warnings_as_of_date_is_yyyy_mm_dd(world: PipelineWorld, language: str) -> None:
    page = _page(world, "warnings", language, {"as_of": "2026-06-01"})
    assert re.search(r'type="date" name="as_of" value="2026-06-01"', page), page


@pytest.mark.parametrize("language", ["cs", "pl", "en"])
def test_the_import_pages_date_input_is_never_in_a_local_format(
    world: PipelineWorld, language: str
) -> None:
    page = _page(world, "import_list", language, {})
    values = re.findall(r'type="date" name="as_of"(?: value="([^"]*)")?', page)
    assert values, "the import form has no date input"
    assert all(v == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) for v in values), values
