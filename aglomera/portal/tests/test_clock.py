"""The first moment the clock alone changes a public page: a scheduled item, a call's opening or
deadline, or midnight in an agglomeration's time zone, whichever comes first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from aglomera.accounts.models import User
from aglomera.agglomerations.models import Agglomeration
from aglomera.calls.models import Call
from aglomera.intentions.tests.builders import DURING
from aglomera.news import actions
from aglomera.news.tests.helpers import draft
from aglomera.portal.queries.clock import next_clock_change
from aglomera.portal.tests.sections_world import Sections

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # 10:00 in Prague
PRAGUE_MIDNIGHT = datetime(2026, 3, 2, 23, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_with_no_agglomeration_it_is_midnight_utc() -> None:
    assert next_clock_change(NOW) == datetime(2026, 3, 3, tzinfo=UTC)


def test_midnight_in_the_agglomerations_zone(olomouc: Agglomeration) -> None:
    assert next_clock_change(NOW) == PRAGUE_MIDNIGHT


def test_a_scheduled_news_item_before_midnight(olomouc: Agglomeration, alice: User) -> None:
    at = NOW + timedelta(hours=3)
    actions.schedule(draft(olomouc, alice, "Plán"), at, actor=alice, now=NOW)
    assert next_clock_change(NOW) == at
    assert next_clock_change(at) == PRAGUE_MIDNIGHT  # once it is public, midnight is next


@pytest.mark.parametrize("field", ["opens_at", "closes_at"])
def test_a_call_opening_or_closing_before_midnight(sections: Sections, field: str) -> None:
    moment = DURING + timedelta(hours=1)
    call = sections.planned_call if field == "opens_at" else sections.open_call
    Call.objects.filter(pk=call.pk).update(**{field: moment})
    assert next_clock_change(DURING) == moment
    assert next_clock_change(moment) == datetime(2025, 4, 15, 22, 0, tzinfo=UTC)
