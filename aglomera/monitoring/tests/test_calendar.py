"""The calls calendar of CPR 2021/1060 Art. 49(2): which calls, which fields, which formats."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from aglomera.accounts.models import Role
from aglomera.calls import transitions as call_transitions
from aglomera.calls.models import Call, CallStatus, Criterion, CriterionKind
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.reports import calendar
from aglomera.monitoring.tests.test_art49 import municipality

AS_OF = date(2025, 4, 15)  # the world's call 2 is open for applications on that day
REQUIRED_REFERENCES = [
    "Art. 49(2)(a)",
    "Art. 49(2)(b)",
    "Art. 49(2)(c)",
    "Art. 49(2)(d)",
    "Art. 49(2)(e)",
]


def planned(world: PipelineWorld, number: str, opens: datetime, closes: datetime) -> Call:
    return Call.objects.create(
        agglomeration=world.agglomeration,
        strategy=world.strategy,
        number=number,
        name={"cs": f"Výzva {number}"},
        measure_code="2.1.1",
        specific_objective=world.objective,
        allocation=Decimal("25000000.00"),
        opens_at=opens,
        closes_at=closes,
        aid_rate=Decimal("85"),
        eligible_applicants={"cs": "obce a jimi zřízené organizace", "en": "municipalities"},
    )


def calendar_world() -> PipelineWorld:
    """Call 2 open; call 3 planned for autumn in two towns; call 4 planned beyond twelve months;
    call 5 cancelled; call 6 closed."""
    world = PipelineWorld.create()
    manager = world.user(Role.MANAGER)
    autumn = planned(
        world, "3", datetime(2025, 9, 1, 8, tzinfo=UTC), datetime(2025, 11, 28, 10, tzinfo=UTC)
    )
    autumn.territory.add(
        municipality(world, "500496", "Olomouc", "49.593778", "17.250879"),
        municipality(world, "511382", "Přerov", "49.455112", "17.451078"),
    )
    planned(world, "4", datetime(2026, 6, 1, 8, tzinfo=UTC), datetime(2026, 9, 1, 10, tzinfo=UTC))
    cancelled = planned(
        world, "5", datetime(2025, 6, 1, 8, tzinfo=UTC), datetime(2025, 7, 1, 10, tzinfo=UTC)
    )
    call_transitions.transition(cancelled, CallStatus.CANCELLED, actor=manager, reason="test")
    closed = planned(
        world, "6", datetime(2025, 1, 1, 8, tzinfo=UTC), datetime(2025, 12, 1, 10, tzinfo=UTC)
    )
    Criterion.objects.create(call=closed, order=1, name={"cs": "Soulad"}, kind=CriterionKind.GATE)
    call_transitions.transition(
        closed, CallStatus.ANNOUNCED, actor=manager, now=datetime(2025, 1, 2, tzinfo=UTC)
    )
    call_transitions.transition(
        closed, CallStatus.CLOSED, actor=manager, now=datetime(2025, 12, 2, tzinfo=UTC)
    )
    return world


@pytest.mark.django_db
def test_it_lists_open_calls_and_calls_planned_within_twelve_months() -> None:
    # Given calls open, planned soon, planned late, cancelled and closed
    world = calendar_world()
    # When the calendar is built as of a day while call 2 is open
    rows = calendar.build_calendar_rows(world.agglomeration, AS_OF)
    # Then the open call and the call planned for autumn are listed, by start
    assert [row["number"] for row in rows] == ["2", "3"]
    assert [row["status"] for row in rows] == ["open for applications", "planned"]


@pytest.mark.django_db
def test_it_fills_every_field_of_article_49_2() -> None:
    # Given the calendar world
    world = calendar_world()
    # When the calendar is built
    open_call, autumn = calendar.build_calendar_rows(world.agglomeration, AS_OF)
    # Then a call for the whole territory names the agglomeration and its NUTS 3 regions
    assert open_call["area"] == "Olomoucká aglomerace (whole territory)"
    assert open_call["nuts3"] == "CZ071"
    # And a call for some municipalities names them
    assert autumn["area"] == "Olomouc; Přerov"
    assert autumn["nuts3"] == "CZ071"
    assert autumn["objective"] == "IROP 2.8 Udržitelná multimodální městská mobilita"
    assert autumn["fund"] == "EFRR"  # in Czech
    assert autumn["eligible_applicants"] == "obce a jimi zřízené organizace"
    assert autumn["total_support"] == Decimal("25000000.00")
    assert autumn["currency"] == "CZK"
    # (dates in the agglomeration's time zone: 10:00 UTC is noon in Prague)
    assert autumn["start_date"] == date(2025, 9, 1)
    assert autumn["end_date"] == date(2025, 11, 28)
    assert open_call["end_date"] == date(2025, 5, 30)


@pytest.mark.django_db
def test_the_calendar_is_written_as_csv_xlsx_and_json_with_every_field() -> None:
    # Given the calendar world
    world = calendar_world()
    # When the files are written
    files = calendar.calendar_files(world.agglomeration, AS_OF)
    # Then each format carries every Art. 49(2) field
    csv_rows = list(csv.reader(io.StringIO(files["csv"].decode("utf-8"))))
    sheet = load_workbook(io.BytesIO(files["xlsx"])).active
    document = json.loads(files["json"])
    headers_by_format = [
        csv_rows[0],
        [cell.value for cell in sheet[1]],
        [column["header"] for column in document["columns"]],
    ]
    for headers in headers_by_format:
        for reference in REQUIRED_REFERENCES:
            assert any(f"[{reference}]" in header for header in headers), reference
    # And the values are there in each format
    assert csv_rows[2][0] == "3"
    assert "2025-09-01" in csv_rows[2]
    assert sheet.max_row == 3
    assert [call["number"] for call in document["calls"]] == ["2", "3"]
    assert document["calls"][1]["total_support"] == "25000000.00"
    assert document["as_of"] == "2025-04-15"
    assert document["until"] == "2026-04-15"


@pytest.mark.django_db
def test_it_builds_the_calendar_with_a_fixed_number_of_queries() -> None:
    # Given a calendar with two calls
    world = calendar_world()
    with CaptureQueriesContext(connection) as small:
        calendar.build_calendar_rows(world.agglomeration, AS_OF)
    # When more calls are planned, each for a town
    for index in range(5):
        call = planned(
            world,
            f"1{index}",
            datetime(2025, 10, 1 + index, 8, tzinfo=UTC),
            datetime(2025, 12, 1, 10, tzinfo=UTC),
        )
        call.territory.add(municipality(world, f"5999{index}", f"Obec {index}", "49.5", "17.2"))
    with CaptureQueriesContext(connection) as large:
        rows = calendar.build_calendar_rows(world.agglomeration, AS_OF)
    # Then the number of queries stays the same
    assert len(rows) == 7
    assert len(large) == len(small) == 3
