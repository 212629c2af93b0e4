"""Hostile names in every CSV and XLSX the product writes stay text (CSV / formula injection).

Names come from other people: a managing authority's list, an applicant's organisation, a call
or a measure typed by a colleague. Each test puts the payloads of OWASP's "CSV Injection" page
and of issue 8 into the real data, takes the file through the real path (the Art. 49(3) list,
the calls calendar, the early-warning and dashboard downloads), reads it back with the csv
module and openpyxl, and checks that no cell is a formula, every text is intact after the
quote, and numbers are still numbers.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from aglomera.accounts.models import Role
from aglomera.calls.models import Call
from aglomera.core.tests.test_exports import PAYLOADS
from aglomera.intentions.models import IntentionIndicator, IntentionStatus
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.actions.commitments import set_programme_financing
from aglomera.monitoring.models import Operation
from aglomera.monitoring.reports import art49, calendar
from aglomera.strategy.models import ExchangeRate, Measure
from aglomera.strategy.tests.builders import make_indicator

S = IntentionStatus
BENEFICIARY = "=1+1 beneficiary"  # made a broken workbook before
CODE = "Unique code of the operation [Art. 49(3)]"
NAME = "Name of the operation [Art. 49(3)(d)]"
BENEFICIARY_NAME = "Beneficiary name [Art. 49(3)(a)]"
TOTAL = "Total cost of the operation [Art. 49(3)(h)]"
SUPPORT = "Total amount of support for the call [Art. 49(2)(d)]"
APPLICANTS = "Type of eligible applicants [Art. 49(2)(c)]"


def csv_dicts(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def sheet_of(data: bytes) -> Worksheet:
    """The first worksheet; the workbook must open, and no cell may be a formula."""
    sheet = load_workbook(io.BytesIO(data)).active
    assert isinstance(sheet, Worksheet)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    return sheet


def sheet_dicts(sheet: Worksheet) -> list[dict[str, Any]]:
    header = [cell.value for cell in sheet[1]]
    return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(2, values_only=True)]


def operation(world: PipelineWorld, number: int, name: str, cost: str) -> Operation:
    return Operation.objects.create(
        agglomeration=world.agglomeration,
        registration_number=f"CZ.06.02.01/00/22_012/{number:07d}",
        name=name,
        beneficiary=name,
        beneficiary_id="00301825",
        currency="CZK",
        total_cost=Decimal(cost),
        eligible_cost=Decimal(cost),
        eu_contribution=Decimal("0"),
        state_code="PP30",  # selected for support: in the Art. 49 list
    )


@pytest.mark.django_db
def test_the_art49_list_keeps_hostile_names_as_text_in_csv_xlsx_and_json(
    world: PipelineWorld,
) -> None:
    # Given an applicant named "=1+1 beneficiary" whose application is filed
    world.applicant_org.name = BENEFICIARY
    world.applicant_org.save(update_fields=["name"])
    world.walk(world.draft(name="Cyklostezka", registration_number="CZ.A/1"), S.LEGAL_ACT)
    # And an imported list of operations named and held by every payload, one with a negative
    # amount (a correction in the managing authority's list)
    for number, payload in enumerate(PAYLOADS, start=1):
        operation(world, number, payload, "1000.00")
    operation(world, 99, "Oprava", "-1500.00")
    # When the list is written in every format
    files = art49.art49_files(world.agglomeration, timezone.localdate())
    # Then in the CSV each hostile text starts with a quote and is otherwise intact
    rows = {row[CODE]: row for row in csv_dicts(files["csv"])}
    for number, payload in enumerate(PAYLOADS, start=1):
        row = rows[f"CZ.06.02.01/00/22_012/{number:07d}"]
        assert row[NAME] == row[BENEFICIARY_NAME] == f"'{payload}"
        assert row[TOTAL] == "1000.00"
    assert rows["CZ.A/1"][BENEFICIARY_NAME] == f"'{BENEFICIARY}"
    # And a negative amount is still a plain number
    assert rows["CZ.06.02.01/00/22_012/0000099"][TOTAL] == "-1500.00"
    # And the XLSX opens, holds each text as text and the amounts as numbers
    by_code = {cells[CODE]: cells for cells in sheet_dicts(sheet_of(files["xlsx"]))}
    for number, payload in enumerate(PAYLOADS, start=1):
        cells = by_code[f"CZ.06.02.01/00/22_012/{number:07d}"]
        assert cells[NAME] == cells[BENEFICIARY_NAME] == payload
        assert cells[TOTAL] == 1000
    assert by_code["CZ.A/1"][BENEFICIARY_NAME] == BENEFICIARY
    assert by_code["CZ.06.02.01/00/22_012/0000099"][TOTAL] == -1500
    # And the JSON, read by programs, keeps the texts verbatim
    operations = json.loads(files["json"])["operations"]
    assert {op["name"] for op in operations} >= set(PAYLOADS)


@pytest.mark.django_db
def test_the_calls_calendar_keeps_hostile_call_names_as_text(world: PipelineWorld) -> None:
    # Given calls open on 15 April 2025 named by every payload
    for number, payload in enumerate(PAYLOADS, start=10):
        Call.objects.create(
            agglomeration=world.agglomeration,
            strategy=world.strategy,
            number=str(number),
            name={"cs": payload, "en": payload},
            measure_code="2.1.1",
            specific_objective=world.objective,
            allocation=Decimal("25000000.00"),
            opens_at=datetime(2025, 4, 1, 8, tzinfo=UTC),
            closes_at=datetime(2025, 5, 30, 10, tzinfo=UTC),
            aid_rate=Decimal("85"),
            eligible_applicants={"cs": "-obce", "en": "-municipalities"},
        )
    # When the calendar is written
    files = calendar.calendar_files(world.agglomeration, date(2025, 4, 15))
    # Then the CSV quotes each hostile name, and the allocation stays a number
    rows = {row["Call number"]: row for row in csv_dicts(files["csv"])}
    for number, payload in enumerate(PAYLOADS, start=10):
        assert rows[str(number)]["Name of the call"] == f"'{payload}"
        assert rows[str(number)][SUPPORT] == "25000000.00"
        assert rows[str(number)][APPLICANTS] == "'-obce"
    # And the XLSX holds them as text
    by_number = {row["Call number"]: row for row in sheet_dicts(sheet_of(files["xlsx"]))}
    for number, payload in enumerate(PAYLOADS, start=10):
        assert by_number[str(number)]["Name of the call"] == payload
        assert by_number[str(number)][SUPPORT] == 25000000


def rename_measure(world: PipelineWorld, name: str) -> None:
    Measure.objects.filter(version__strategy=world.strategy).update(name={"cs": name, "en": name})


@pytest.mark.django_db
def test_the_early_warning_csv_keeps_a_hostile_measure_name_as_text(world: PipelineWorld) -> None:
    # Given the world's measure, whose share of IROP's 2022 tranche is at risk as of 1 June 2025
    set_programme_financing(
        world.agglomeration,
        programme=world.objective.programme,
        fund="ERDF",
        region_category="less_developed",
        tranches={2022: "8034872900"},
        pre_financing={},
        actor=world.user(Role.MANAGER),
    )
    client = Client()
    client.force_login(world.user(Role.MANAGER))
    url = reverse("monitoring:warnings_csv", kwargs={"slug": world.agglomeration.slug})
    for payload in PAYLOADS:
        # When the measure bears a hostile name and the CSV is downloaded
        rename_measure(world, payload)
        response = client.get(url, {"strategy": str(world.strategy.pk), "as_of": "2025-06-01"})
        # Then the name starts with a quote, and the amounts and years stay plain
        rows = csv_rows(response.content)
        assert rows[1][1] == f"'{payload}"
        assert rows[1][5:9] == ["2022", "2025-12-31", "80348729.00", "CZK"]


@pytest.mark.django_db
def test_the_dashboard_csvs_keep_hostile_measure_and_indicator_names_as_text(
    world: PipelineWorld,
) -> None:
    # Given a contracted intention with a committed indicator, at 25 CZK per EUR
    ExchangeRate.objects.create(
        agglomeration=world.agglomeration,
        currency="CZK",
        valid_from=date(2025, 1, 1),
        units_per_eur=Decimal("25"),
    )
    intention = world.intention(status=S.LEGAL_ACT)
    indicator = make_indicator("T-MS")
    IntentionIndicator.objects.create(
        intention=intention, indicator=indicator, committed_value=Decimal("40")
    )
    client = Client()
    client.force_login(world.user(Role.MANAGER))
    url = reverse("monitoring:dashboard", args=[world.agglomeration.slug])
    for payload in PAYLOADS:
        # When the measure and the indicator bear a hostile name and unit
        rename_measure(world, payload)
        indicator.name = {"en": payload}
        indicator.unit = {"en": payload}
        indicator.save(update_fields=["name", "unit"])
        funnel = csv_rows(client.get(url, {"format": "csv", "chart": "funnel"}).content)
        indicators = csv_rows(client.get(url, {"format": "csv", "chart": "indicators"}).content)
        # Then they start with a quote, and the figures stay plain numbers
        assert funnel[1][:2] == ["2.1.1", f"'{payload}"]
        assert funnel[1][6] == "80348729.00"
        assert indicators[1][:3] == ["T-MS", f"'{payload}", f"'{payload}"]
        assert indicators[1][7] == "40.000"
