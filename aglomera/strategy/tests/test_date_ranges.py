"""An amendment's approval date and an exchange rate's first day lie from 2000 to 2100, checked
by the forms and again by the transition and the action (issue 11)."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from aglomera.accounts.models import Role
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.strategy import actions
from aglomera.strategy.forms.amendments import TransitionForm
from aglomera.strategy.models import ExchangeRate, VersionStatus
from aglomera.strategy.transitions import Approval, transition

pytestmark = pytest.mark.django_db
RANGE = "Enter a date between 2000-01-01 and 2100-12-31."


@pytest.fixture
def world(db: None, pipeline_world: PipelineWorld) -> PipelineWorld:
    return copy.deepcopy(pipeline_world)


def test_an_approval_dated_out_of_range_is_refused_and_the_amendment_stays_submitted(
    world: PipelineWorld,
) -> None:
    manager = world.user(Role.MANAGER)
    draft = actions.start_amendment(world.strategy, "Top up 2.1.1", actor=manager)
    submitted = transition(draft, VersionStatus.SUBMITTED, actor=manager)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        transition(
            submitted,
            VersionStatus.APPROVED,
            actor=manager,
            approval=Approval(date(1999, 12, 31), "Zastupitelstvo", "1/1999"),
        )
    assert error.value.message_dict == {"approved_on": [RANGE]}
    submitted.refresh_from_db()
    assert (submitted.status, submitted.number) == (VersionStatus.SUBMITTED, None)
    approved = transition(
        submitted,
        VersionStatus.APPROVED,
        actor=manager,
        approval=Approval(date(2025, 3, 1), "Zastupitelstvo", "12/2025"),
    )
    assert approved.approved_on == date(2025, 3, 1)


def test_the_approval_form_names_the_range_in_the_readers_format() -> None:
    data = {"to": VersionStatus.APPROVED, "approved_on": "2202-03-01", "approved_by_body": "ŘV"}
    with translation.override("cs"):
        form = TransitionForm(data)
        assert not form.is_valid()
    assert "31. 12. 2100" in form.errors["approved_on"][0]


def test_an_exchange_rate_from_a_day_out_of_range_is_refused(world: PipelineWorld) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as error:
        actions.set_exchange_rate(
            agglomeration=world.agglomeration,
            currency="CZK",
            valid_from=date(1999, 1, 1),
            units_per_eur=Decimal("0"),
            actor=world.user(Role.MANAGER),
        )
    assert error.value.message_dict == {
        "valid_from": [RANGE],
        "units_per_eur": ["The rate must be a positive number."],
    }
    assert not ExchangeRate.objects.exists()
