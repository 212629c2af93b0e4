"""The applicant types money the way the page shows it in their language (issue 11)."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from decimal import Decimal

import pytest
import time_machine
from django.utils import translation

from aglomera.accounts.models import Role
from aglomera.intentions.models import ProjectIntention
from aglomera.intentions.tests.builders import DURING, PipelineWorld
from aglomera.intentions.tests.test_submission_pages import client_for, form_data, url

NBSP = "\u00a0"


@pytest.fixture
def world(db: None, pipeline_world: PipelineWorld) -> Iterator[PipelineWorld]:
    with time_machine.travel(DURING, tick=False):
        yield copy.deepcopy(pipeline_world)


TYPED = {
    "cs": {
        "total_cost": "12 000 000,00",
        "eligible_cost": f"10{NBSP}000{NBSP}000,00",
        "requested_eu": "8000000,00",
        "requested_national": "400000.50",
    },
    "pl": {
        "total_cost": "12 000 000,00",
        "eligible_cost": "10\u202f000\u202f000",
        "requested_eu": "8 000 000",
        "requested_national": "400 000,50",
    },
    "en": {
        "total_cost": "12,000,000.00",
        "eligible_cost": "10 000 000",
        "requested_eu": "8000000",
        "requested_national": "400,000.50",
    },
}
SHOWN = {"cs": "12 000 000,00", "pl": "12 000 000,00", "en": "12,000,000.00"}


@pytest.mark.parametrize("language", ["cs", "pl", "en"])
def test_amounts_typed_in_the_local_format_are_saved_and_shown_back_so(
    world: PipelineWorld, language: str
) -> None:
    client = client_for(world.user(Role.APPLICANT))
    with translation.override(language):
        response = client.post(
            url("create", world, call_pk=world.call.pk), form_data(**TYPED[language])
        )
        assert response.status_code == 302, re.findall(
            r"class=\"errorlist[^>]*>(.*?)</ul>", response.content.decode(), re.S
        )
        intention = ProjectIntention.objects.get()
        edit = client.get(url("edit", world, pk=intention.pk)).content.decode()
    assert (intention.total_cost, intention.eligible_cost) == (
        Decimal("12000000.00"),
        Decimal("10000000.00"),
    )
    assert (intention.requested_eu, intention.requested_national) == (
        Decimal("8000000.00"),
        Decimal("400000.50"),
    )
    assert f'value="{SHOWN[language]}"' in edit.replace(NBSP, " ")
    assert 'inputmode="decimal"' in edit


@pytest.mark.parametrize(
    ("language", "typed", "example"),
    [
        ("cs", "1.2.3", "1 250 000,50"),
        ("pl", "abc", "1 250 000,50"),
        ("en", "1 2,3,4", "1,250,000.50"),
    ],
)
def test_a_bad_amount_is_kept_with_an_example_in_the_local_format(
    world: PipelineWorld, language: str, typed: str, example: str
) -> None:
    client = client_for(world.user(Role.APPLICANT))
    with translation.override(language):
        response = client.post(
            url("create", world, call_pk=world.call.pk), form_data(total_cost=typed)
        )
    page = response.content.decode().replace(NBSP, " ")
    assert response.status_code == 422
    assert f'value="{typed}"' in page and example in page
    assert not ProjectIntention.objects.exists()
