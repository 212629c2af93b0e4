"""The dates of reports, progress reports and imports lie in sensible ranges, checked by the
forms and again by the actions (the API and the commands call the actions): a report's period
from 2000 to 2100 and not ending before it starts; a progress report's period ending once the
project's expenditure can be eligible (CPR (EU) 2021/1060 Art. 63(2)); an import's as-of day
from 2000 to 2100 (issue 11)."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from aglomera.accounts.models import Role
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.actions.reports import request_report
from aglomera.monitoring.forms.progress import ProgressReportForm
from aglomera.monitoring.forms.reports import ReportRequestForm
from aglomera.monitoring.models import GeneratedReport, GeneratedReportKind, ImportJob
from aglomera.monitoring.tests.import_helpers import fixture, import_file
from aglomera.monitoring.tests.test_progress import make_project

pytestmark = pytest.mark.django_db
K = GeneratedReportKind
RANGE = "Enter a date between 2000-01-01 and 2100-12-31."


@pytest.fixture
def world(db: None, pipeline_world: PipelineWorld) -> PipelineWorld:
    return copy.deepcopy(pipeline_world)


def _refused(world: PipelineWorld, **values: Any) -> dict[str, list[str]]:
    with translation.override("en"), pytest.raises(ValidationError) as error:
        request_report(world.agglomeration, actor=world.user(Role.MANAGER), **values)
    assert not GeneratedReport.objects.exists()
    return error.value.message_dict


# ---- reports ----------------------------------------------------------------------------------


def test_a_fulfilment_period_outside_the_years_or_ending_before_it_starts_is_refused(
    world: PipelineWorld,
) -> None:
    early = _refused(
        world, kind=K.FULFILMENT, period_start=date(1999, 1, 1), period_end=date(2025, 6, 30)
    )
    assert early == {"period_start": [RANGE]}
    late = _refused(
        world, kind=K.FULFILMENT, period_start=date(2025, 1, 1), period_end=date(2101, 1, 1)
    )
    assert late == {"period_end": [RANGE]}
    backwards = _refused(
        world, kind=K.FULFILMENT, period_start=date(2025, 7, 1), period_end=date(2025, 6, 30)
    )
    assert backwards == {
        "period_end": ["The end cannot be before the start: enter 2025-07-01 or a later day."]
    }


def test_the_list_of_operations_and_the_calendar_check_the_day_they_use(
    world: PipelineWorld,
) -> None:
    assert _refused(world, kind=K.OPERATIONS, period_end=date(2101, 1, 1)) == {
        "period_end": [RANGE]
    }
    assert _refused(world, kind=K.CALLS_CALENDAR, period_start=date(1999, 12, 31)) == {
        "period_start": [RANGE]
    }
    # the calendar's end follows from its start and is not the reader's to correct
    report = request_report(
        world.agglomeration,
        kind=K.CALLS_CALENDAR,
        period_start=date(2100, 12, 31),
        actor=world.user(Role.MANAGER),
    )
    assert report.period_start == date(2100, 12, 31)


def test_the_report_form_refuses_the_same_in_the_readers_format() -> None:
    data = {"kind": K.FULFILMENT, "period_start": "2025-07-01", "period_end": "2025-06-30"}
    with translation.override("cs"):
        form = ReportRequestForm(data)
        assert not form.is_valid()
        assert "1. 7. 2025" in form.errors["period_end"][0]
        typo = ReportRequestForm({**data, "period_start": "0202-07-01"})
        assert not typo.is_valid()
        assert "1. 1. 2000" in typo.errors["period_start"][0]
        assert "period_end" not in typo.errors  # one message, on the day that is wrong


# ---- progress reports -------------------------------------------------------------------------


def test_a_progress_period_ending_before_expenditure_is_eligible_is_refused(
    world: PipelineWorld,
) -> None:
    project = make_project(world)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        project.create(period_end=date(2020, 12, 31))
    assert error.value.message_dict["period_end"] == [
        "Expenditure is eligible from 2021-01-01 (Regulation (EU) 2021/1060, Article 63(2)): a "
        "reported period cannot end earlier."
    ]
    assert project.create(period_end=date(2021, 1, 1)).period_end == date(2021, 1, 1)


def test_the_progress_form_refuses_a_year_out_of_range() -> None:
    with translation.override("pl"):
        form = ProgressReportForm({"period_end": "0026-03-31"})
        assert not form.is_valid()
    assert "01.01.2000" in form.errors["period_end"][0]


# ---- imports ----------------------------------------------------------------------------------


def test_an_import_as_of_a_day_out_of_range_is_refused(world: PipelineWorld) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as error:
        import_file(
            world.agglomeration,
            fixture("cz_2014.csv"),
            actor=world.user(Role.MANAGER),
            as_of=date(1999, 12, 31),
        )
    assert error.value.message_dict == {"as_of": [RANGE]}
    assert not ImportJob.objects.exists()
