"""The list of operations of CPR 2021/1060 Art. 49(3): every field, in CSV, XLSX and JSON."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from aglomera.accounts.models import Role
from aglomera.agglomerations.models import (
    Municipality,
    MunicipalityKind,
    Organisation,
    OrganisationKind,
)
from aglomera.intentions.models import IntentionIndicator, IntentionStatus, ProjectIntention
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.actions.intervention import set_intervention_field
from aglomera.monitoring.actions.reports import request_report
from aglomera.monitoring.models import (
    GeneratedReportKind,
    ImportJob,
    InterventionFieldMapping,
    Operation,
    OperationSnapshot,
    OperationSource,
    SourceLayout,
)
from aglomera.monitoring.reports import art49
from aglomera.monitoring.tests.builders import operation_outside_iti
from aglomera.strategy.models import Period
from aglomera.strategy.tests.builders import cycling_indicator, make_opole

S = IntentionStatus
K = GeneratedReportKind

# Art. 49(3) items of every list ((b) natural persons are tested below; (c) EMFAF fishing
# vessels do not apply to an integrated strategy).
REQUIRED_REFERENCES = [
    "Art. 49(3)",
    "Art. 49(3)(a)",
    "Art. 49(3)(d)",
    "Art. 49(3)(e)",
    "Art. 49(3)(f)",
    "Art. 49(3)(g)",
    "Art. 49(3)(h)",
    "Art. 49(3)(i)",
    "Art. 49(3)(j)",
    "Art. 49(3)(k)",
    "Art. 49(3)(l)",
    "Art. 49(3)(m)",
    "Art. 49(3)(n)",
]
REQUIRED_TITLES = [
    "Unique code of the operation",
    "Beneficiary name",
    "Contractors (public procurement)",
    "Name of the operation",
    "Purpose of the operation",
    "Expected or actual achievements",
    "Start date",
    "Expected or actual date of completion",
    "Total cost of the operation",
    "Fund",
    "Specific objective",
    "Union co-financing rate (%)",
    "Geolocation (latitude, longitude)",
    "Country",
    "Type of intervention: code",
    "Date of last update",
]
SELECTED_CODE = "CZ.06.02.01/00/22_012/0001234"
CONTRACTED = "CZ.06.02.01/00/22_012/0000042"
# Not in the list: an application without a legal act, an imported operation still being
# assessed (PP21) and a 2014-2020 operation.
APPLIED = "CZ.06.02.01/00/22_012/0005555"
ASSESSED = "CZ.06.02.01/00/22_012/0006666"
OLD_PERIOD = "CZ.06.1.40/0.0/0.0/16_019/0000068"


@dataclass
class OperationsWorld:
    world: PipelineWorld
    filed: ProjectIntention
    contracted: ProjectIntention
    operation: Operation
    lonely: Operation
    olomouc: Municipality
    prerov: Municipality


def municipality(world: PipelineWorld, code: str, name: str, lat: str, lon: str) -> Municipality:
    return Municipality.objects.create(
        agglomeration=world.agglomeration,
        code=code,
        name=name,
        kind=MunicipalityKind.CITY,
        nuts3="CZ071",
        latitude=Decimal(lat),
        longitude=Decimal(lon),
    )


def walked(
    world: PipelineWorld, status: str, places: list[Municipality], **fields: Any
) -> ProjectIntention:
    intention = world.draft(**fields)
    intention.municipalities.add(*places)
    return world.walk(intention, status)


def import_job(world: PipelineWorld) -> ImportJob:
    source, _ = OperationSource.objects.get_or_create(
        agglomeration=world.agglomeration, name="MMR", defaults={"layout": SourceLayout.CZ_2021}
    )
    return ImportJob.objects.create(
        agglomeration=world.agglomeration,
        source=source,
        file_name="2025_05_Seznam-operaci.xlsx",
        as_of=date(2025, 5, 31),
    )


def operations_world(world: PipelineWorld | None = None) -> OperationsWorld:
    """Two intentions with a legal act (one imported from the managing authority's list), one
    before the application and one applied for, and imported operations without an intention:
    one selected (legal act of 1 November 2024), one still assessed and one of 2014-2020."""
    world = world or PipelineWorld.create()
    olomouc = municipality(world, "500496", "Olomouc", "49.593778", "17.250879")
    prerov = municipality(world, "511382", "Přerov", "49.455112", "17.451078")
    set_intervention_field(
        world.agglomeration,
        specific_objective=world.objective,
        code="083",
        actor=world.users[Role.MANAGER],
    )
    world.applicant_org.address = "Bratrská 34, 750 02 Přerov"
    world.applicant_org.save(update_fields=["address"])
    filed = walked(
        world,
        S.LEGAL_ACT,
        [olomouc],
        name="Cyklostezka Olomouc – Černovír",
        registration_number=SELECTED_CODE,
        requested_eu="8500000.00",
        eligible_cost=Decimal("10000000.00"),
        total_cost=Decimal("12100000.00"),
        activities={"cs": "Výstavba cyklostezky podél řeky Moravy."},
    )
    IntentionIndicator.objects.create(
        intention=filed, indicator=cycling_indicator(), committed_value=Decimal("2.500")
    )
    contracted = walked(
        world,
        S.LEGAL_ACT,
        [olomouc, prerov],
        name="Mateřská škola Přerov",
        registration_number=CONTRACTED,
        total_cost=Decimal("30000000.00"),
    )
    walked(world, S.COMPLIANT, [prerov], name="Záměr bez žádosti")
    walked(world, S.APPLICATION_FILED, [prerov], name="Žádost", registration_number=APPLIED)
    job = import_job(world)
    operation = Operation.objects.create(
        agglomeration=world.agglomeration,
        registration_number=CONTRACTED,
        intention=contracted,
        name="MŠ Přerov – přístavba",
        beneficiary="Statutární město Přerov",
        beneficiary_id="00301825",
        programme_code="IROP",
        state_code="PP30",
        currency="CZK",
        eligible_cost=Decimal("20000000.00"),
        eu_contribution=Decimal("16000000.00"),
        start_date=date(2025, 10, 1),
        end_date=date(2027, 6, 30),
    )
    OperationSnapshot.objects.create(
        operation=operation,
        job=job,
        as_of=date(2025, 5, 31),
        state_code="PP30",
        eligible_cost=Decimal("20000000.00"),
        eu_contribution=Decimal("16000000.00"),
        paid_eu=Decimal("0"),
        certified_eu=Decimal("0"),
    )
    lonely = operation_outside_iti(
        world.agglomeration, nuts3="CZ071", contracted_on=date(2024, 11, 1), state_code="PP40"
    )
    for number, state, signed in ((ASSESSED, "PP21", None), (OLD_PERIOD, "PP50", date(2017, 3, 1))):
        Operation.objects.create(
            agglomeration=world.agglomeration,
            registration_number=number,
            name="Neuvedená operace",
            beneficiary="Obec Velký Týnec",
            currency="CZK",
            state_code=state,
            contracted_on=signed,
        )
    return OperationsWorld(world, filed, contracted, operation, lonely, olomouc, prerov)


def by_code(rows: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    return {str(row["code"]): row for row in rows}


@pytest.mark.django_db
def test_it_lists_only_operations_selected_for_support_in_2021_2027() -> None:
    # Given intentions before the application, applied for and with a legal act, and imported
    # operations selected, still assessed and of 2014-2020
    ow = operations_world()
    # When the list is built as of today
    rows = art49.build_art49_rows(ow.world.agglomeration, timezone.localdate())
    # Then the two intentions with a legal act and the selected operation are listed, once each;
    # the application, the operation being assessed and the 2014-2020 one are not
    codes = [row["code"] for row in rows]
    assert codes == sorted([SELECTED_CODE, CONTRACTED, ow.lonely.registration_number])


@pytest.mark.django_db
def test_an_intention_of_a_2014_2020_strategy_is_not_in_the_2021_2027_list() -> None:
    ow = operations_world()
    ow.world.strategy.period = Period.P2014
    ow.world.strategy.save(update_fields=["period"])
    rows = art49.build_art49_rows(ow.world.agglomeration, timezone.localdate())
    # Its intentions and the operation linked to one are gone; the unlinked selected one stays
    assert [row["code"] for row in rows] == [ow.lonely.registration_number]


@pytest.mark.django_db
def test_it_fills_every_field_of_a_filed_intention() -> None:
    # Given an intention whose application was filed, in Olomouc, with a committed indicator
    ow = operations_world()
    # When the list is built
    row = by_code(art49.build_art49_rows(ow.world.agglomeration, timezone.localdate()))[
        SELECTED_CODE
    ]
    # Then every Art. 49(3) value is there
    assert row["beneficiary"] == "Statutární město Přerov"
    assert row["beneficiary_id"] == "IČO 00301825"
    assert row["name"] == "Cyklostezka Olomouc – Černovír"
    assert row["purpose"] == "Výstavba cyklostezky podél řeky Moravy."
    assert row["achievements"] == "T-CYKLO Podpořená cyklistická infrastruktura: 2.5 km"
    assert row["start_date"] == date(2025, 9, 1)
    assert row["end_date"] == date(2026, 12, 31)
    assert row["total_cost"] == Decimal("12100000.00")
    assert row["currency"] == "CZK"
    assert row["fund"] == "ERDF"
    assert row["specific_objective"] == "IROP 2.8 Udržitelná multimodální městská mobilita"
    assert row["cofinancing_rate"] == Decimal("85.00")
    assert row["location"] == "Olomouc"
    assert row["geolocation"] == "49.593778,17.250879"
    assert row["nuts3"] == "CZ071"
    assert row["country"] == "CZ"
    assert row["beneficiary_location"] == ""
    assert row["intervention_code"] == "083"
    assert row["intervention_name"] == "Cyklistická infrastruktura"  # the list's language
    assert row["last_update"] == timezone.localdate()


@pytest.mark.django_db
def test_it_prefers_the_managing_authoritys_data_of_an_imported_operation() -> None:
    # Given a contracted intention in two municipalities, imported from the managing authority
    ow = operations_world()
    rows = by_code(art49.build_art49_rows(ow.world.agglomeration, timezone.localdate()))
    # Then its row carries the operation's name, dates and co-financing rate ...
    row = rows[CONTRACTED]
    assert row["name"] == "MŠ Přerov – přístavba"
    assert row["beneficiary_id"] == "IČO 00301825"
    assert row["start_date"] == date(2025, 10, 1)
    assert row["end_date"] == date(2027, 6, 30)
    assert row["cofinancing_rate"] == Decimal("80.00")
    # ... the intention's total cost and both places (with the beneficiary's seat, Art. 49(3)(m))
    assert row["total_cost"] == Decimal("30000000.00")
    assert row["location"] == "Olomouc; Přerov"
    assert row["geolocation"] == "49.593778,17.250879; 49.455112,17.451078"
    assert row["beneficiary_location"] == "Bratrská 34, 750 02 Přerov"
    assert row["last_update"] == date(2025, 5, 31)  # the managing authority's list
    # And an operation without an intention is listed with what the managing authority gave
    lonely = rows[ow.lonely.registration_number]
    assert lonely["beneficiary"] == "Obec Bystročice"
    assert lonely["total_cost"] == Decimal("1000000.00")
    assert lonely["cofinancing_rate"] == Decimal("70.00")
    assert lonely["country"] == "CZ"
    assert lonely["nuts3"] == "CZ071"


@pytest.mark.django_db
def test_it_states_the_list_as_of_an_earlier_day() -> None:
    # Given the world above, whose applications were filed today
    ow = operations_world()
    # When the list is stated as of yesterday
    rows = by_code(
        art49.build_art49_rows(ow.world.agglomeration, timezone.localdate() - timedelta(days=1))
    )
    # Then the intention filed today is not listed yet; the imported ones still are
    assert SELECTED_CODE not in rows
    assert set(rows) == {CONTRACTED, ow.lonely.registration_number}
    # And as of a day before the operation's first snapshot it is left out
    early = by_code(art49.build_art49_rows(ow.world.agglomeration, date(2025, 1, 1)))
    assert set(early) == {ow.lonely.registration_number}
    # And without the managing authority's snapshots the last update is capped at the day
    OperationSnapshot.objects.all().delete()
    yesterday = timezone.localdate() - timedelta(days=1)
    row = by_code(art49.build_art49_rows(ow.world.agglomeration, yesterday))[CONTRACTED]
    assert row["last_update"] == yesterday


@pytest.mark.django_db
def test_it_takes_the_amounts_of_the_last_snapshot_on_or_before_the_day() -> None:
    # Given an operation whose amounts changed on a later import
    ow = operations_world()
    OperationSnapshot.objects.create(
        operation=ow.operation,
        job=import_job(ow.world),
        as_of=date(2025, 9, 30),
        state_code="PP40",
        eligible_cost=Decimal("20000000.00"),
        eu_contribution=Decimal("17000000.00"),
        paid_eu=Decimal("0"),
        certified_eu=Decimal("0"),
    )
    # When the list is stated as of a day between the two snapshots
    row = by_code(art49.build_art49_rows(ow.world.agglomeration, date(2025, 6, 30)))[CONTRACTED]
    # Then the earlier amounts apply, and the last update is the snapshot's day
    assert row["cofinancing_rate"] == Decimal("80.00")
    assert row["last_update"] == date(2025, 5, 31)


def _csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def _header(title: str) -> str:
    column = next(c for c in art49.COLUMNS if c.title == title)
    return column.header


@pytest.mark.django_db
def test_every_art49_field_is_in_every_format() -> None:
    # Given the operations world
    ow = operations_world()
    # When the files are written
    files = art49.art49_files(ow.world.agglomeration, timezone.localdate())
    # Then the CSV header, the XLSX header row and the JSON columns carry every field
    csv_headers = next(csv.reader(io.StringIO(files["csv"].decode("utf-8"))))
    sheet = load_workbook(io.BytesIO(files["xlsx"])).active
    xlsx_headers = [cell.value for cell in sheet[1]]
    document = json.loads(files["json"])
    json_headers = [column["header"] for column in document["columns"]]
    for headers in (csv_headers, xlsx_headers, json_headers):
        assert headers == [column.header for column in art49.COLUMNS]
        for reference in REQUIRED_REFERENCES:
            assert any(f"[{reference}]" in header for header in headers), reference
        for title in REQUIRED_TITLES:
            assert _header(title) in headers
    assert len(document["operations"]) == 3


@pytest.mark.django_db
def test_the_csv_carries_iso_dates_and_decimal_points() -> None:
    # Given the operations world
    ow = operations_world()
    # When the CSV is written
    rows = _csv(art49.art49_files(ow.world.agglomeration, timezone.localdate())["csv"])
    # Then the filed intention's values are plain, machine-readable text
    row = next(r for r in rows if r[_header("Unique code of the operation")] == SELECTED_CODE)
    assert row[_header("Start date")] == "2025-09-01"
    assert row[_header("Total cost of the operation")] == "12100000.00"
    assert row[_header("Union co-financing rate (%)")] == "85.00"
    assert row[_header("Geolocation (latitude, longitude)")] == "49.593778,17.250879"
    assert row[_header("Type of intervention: code")] == "083"


@pytest.mark.django_db
def test_the_xlsx_opens_with_typed_dates_and_numbers() -> None:
    # Given the operations world
    ow = operations_world()
    # When the XLSX is written and opened again
    data = art49.art49_files(ow.world.agglomeration, timezone.localdate())["xlsx"]
    sheet = load_workbook(io.BytesIO(data)).active
    headers = [cell.value for cell in sheet[1]]
    rows = [
        dict(zip(headers, values, strict=True)) for values in sheet.iter_rows(2, values_only=True)
    ]
    row = next(r for r in rows if r[_header("Unique code of the operation")] == CONTRACTED)
    # Then dates are dates and amounts are numbers
    assert row[_header("Start date")].date() == date(2025, 10, 1)
    assert row[_header("Total cost of the operation")] == 30000000
    assert row[_header("Name of the operation")] == "MŠ Přerov – přístavba"
    assert sheet.freeze_panes == "A2"


@pytest.mark.django_db
def test_the_json_names_the_list_and_keys_each_operation_by_column() -> None:
    # Given the operations world
    ow = operations_world()
    # When the JSON is written
    as_of = timezone.localdate()
    document = json.loads(art49.art49_files(ow.world.agglomeration, as_of)["json"])
    # Then it says what it is, as of when, in which language
    assert document["title"].startswith("List of operations")
    assert document["as_of"] == as_of.isoformat()
    assert document["language"] == "cs"
    assert document["country"] == "CZ"
    keys = [column["key"] for column in document["columns"]]
    assert all(column["reference"].startswith("Art. 49(3)") for column in document["columns"])
    # And every operation is an object with exactly the column keys, all strings
    for operation in document["operations"]:
        assert list(operation) == keys
        assert all(isinstance(value, str) for value in operation.values())
    filed = next(o for o in document["operations"] if o["code"] == SELECTED_CODE)
    assert filed["total_cost"] == "12100000.00"
    assert filed["end_date"] == "2026-12-31"


@pytest.mark.django_db
def test_it_builds_the_list_with_a_fixed_number_of_queries() -> None:
    # Given a small list
    ow = operations_world()
    today = timezone.localdate()
    with CaptureQueriesContext(connection) as small:
        art49.build_art49_rows(ow.world.agglomeration, today)
    # When more intentions, places, indicators and operations are added
    for index in range(4):
        intention = walked(
            ow.world,
            S.IN_IMPLEMENTATION,
            [ow.olomouc, ow.prerov],
            registration_number=f"CZ.06.02.01/00/22_012/000{index}100",
        )
        IntentionIndicator.objects.create(
            intention=intention, indicator=cycling_indicator(), committed_value=Decimal(index)
        )
        Operation.objects.create(
            agglomeration=ow.world.agglomeration,
            registration_number=f"CZ.06.02.01/00/22_012/000{index}200",
            name="Další",
            beneficiary="Obec",
            currency="CZK",
            contracted_on=date(2025, 1, 1),
        )
    with CaptureQueriesContext(connection) as large:
        rows = art49.build_art49_rows(ow.world.agglomeration, today)
    # Then the number of queries stays the same
    assert len(rows) == 11
    assert len(large) == len(small) == 8


@pytest.mark.django_db
def test_the_type_of_intervention_is_the_agglomerations_own() -> None:
    # Given Olomouc's code 083 for the objective, and another agglomeration sharing the programme
    ow = operations_world()
    opole = make_opole()
    InterventionFieldMapping.objects.create(
        agglomeration=opole, specific_objective=ow.world.objective, code_id="081"
    )
    # When Olomouc's list is built
    row = by_code(art49.build_art49_rows(ow.world.agglomeration, timezone.localdate()))[
        SELECTED_CODE
    ]
    # Then it carries Olomouc's code and its name from the codebook, not Opole's
    assert (row["intervention_code"], row["intervention_name"]) == (
        "083",
        "Cyklistická infrastruktura",
    )
    # And a list built in another language names it in that language
    for language, name in (("pl", "Infrastruktura rowerowa"), ("en", "Cycling infrastructure")):
        rows = art49.build_art49_rows(
            ow.world.agglomeration, timezone.localdate(), language=language
        )
        assert by_code(rows)[SELECTED_CODE]["intervention_name"] == name
    # And when Olomouc changes the code, the list follows
    set_intervention_field(
        ow.world.agglomeration,
        specific_objective=ow.world.objective,
        code="081",
        actor=ow.world.users[Role.MANAGER],
    )
    rows = art49.build_art49_rows(ow.world.agglomeration, timezone.localdate())
    assert (
        by_code(rows)[SELECTED_CODE]["intervention_name"]
        == "Infrastruktura pro čistou městskou dopravu"
    )
    # And without a code the columns stay empty
    set_intervention_field(
        ow.world.agglomeration,
        specific_objective=ow.world.objective,
        code="",
        actor=ow.world.users[Role.MANAGER],
    )
    row = by_code(art49.build_art49_rows(ow.world.agglomeration, timezone.localdate()))[
        SELECTED_CODE
    ]
    assert (row["intervention_code"], row["intervention_name"]) == ("", "")


# --- natural persons and identifiers (issue 10, point 8) -----------------------------------------


@pytest.mark.parametrize(
    ("country", "raw", "expected"),
    [
        ("CZ", "301825", "IČO 00301825"),  # the list lost the leading zeros
        ("CZ", "00301825", "IČO 00301825"),
        ("PL", "531412421", "REGON 531412421"),
        ("PL", "53141242100012", "REGON 53141242100012"),
        ("PL", "7543012345", "NIP 7543012345"),
        ("CZ", "CZ00301825", "CZ00301825"),  # not a bare number: as given
    ],
)
def test_identification_numbers_have_one_format(country: str, raw: str, expected: str) -> None:
    assert art49.identifier(country, raw) == expected


def _a_farmer(ow: OperationsWorld) -> ProjectIntention:
    """A farmer's project (a natural person), contracted, in Přerov, with an imported row."""
    farmer = Organisation.objects.create(
        agglomeration=ow.world.agglomeration,
        name="Jan Novák",
        kind=OrganisationKind.PERSON,
        country="CZ",
        ico="12345678",
        address="Na Farmě 1, 751 01 Tovačov",
    )
    intention = walked(
        ow.world, S.LEGAL_ACT, [ow.prerov], name="Sad u Tovačova", registration_number=FARM
    )
    # (walked by the world's applicant, then handed to the farmer: the row is what matters)
    ProjectIntention.objects.filter(pk=intention.pk).update(applicant=farmer)
    intention.refresh_from_db()
    Operation.objects.create(
        agglomeration=ow.world.agglomeration,
        registration_number=FARM,
        intention=intention,
        name="Sad u Tovačova",
        beneficiary="NOVÁK JAN",
        beneficiary_id="12345678",
        currency="CZK",
        state_code="PP40",
        nuts3="CZ071",
    )
    return intention


FARM = "CZ.06.02.01/00/22_012/0007777"


@pytest.mark.django_db
def test_a_natural_person_is_published_by_name_and_region_only() -> None:
    ow = operations_world()
    _a_farmer(ow)
    row = by_code(art49.build_art49_rows(ow.world.agglomeration, timezone.localdate()))[FARM]
    # The name, and where: the NUTS 2 region, never the address, the village or its coordinates
    assert row["beneficiary"] == "Jan Novák"
    assert (row["beneficiary_id"], row["geolocation"], row["nuts3"]) == ("", "", "")
    assert row["location"] == row["beneficiary_location"] == "CZ07"
    assert "Na Farmě" not in str(row.values())  # the address
    assert "Přerov" not in str(row.values())  # the village


@pytest.mark.django_db
def test_a_natural_persons_name_leaves_the_list_two_years_after_its_first_publication(
    django_capture_on_commit_callbacks: Any,
) -> None:
    ow = operations_world()
    farm = _a_farmer(ow)
    # When the office generates the list of operations on 15 March 2026
    with (
        time_machine.travel(datetime(2026, 3, 15, 9, tzinfo=UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        request_report(ow.world.agglomeration, kind=K.OPERATIONS, actor=ow.world.user(Role.MANAGER))
    # Then the day of the first publication is kept for each published intention
    farm.refresh_from_db()
    assert farm.art49_first_published_on == date(2026, 3, 15)
    ow.contracted.refresh_from_db()
    assert ow.contracted.art49_first_published_on == date(2026, 3, 15)
    # And a later list does not move it
    with (
        time_machine.travel(datetime(2026, 7, 1, 9, tzinfo=UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        request_report(ow.world.agglomeration, kind=K.OPERATIONS, actor=ow.world.user(Role.MANAGER))
    farm.refresh_from_db()
    assert farm.art49_first_published_on == date(2026, 3, 15)
    # The farmer's name is published until two years after it, then removed; the row stays
    rows = art49.build_art49_rows
    assert by_code(rows(ow.world.agglomeration, date(2028, 3, 15)))[FARM]["beneficiary"] == (
        "Jan Novák"
    )
    assert by_code(rows(ow.world.agglomeration, date(2028, 3, 16)))[FARM]["beneficiary"] == ""
    # While an organisation's name stays
    assert by_code(rows(ow.world.agglomeration, date(2028, 3, 16)))[CONTRACTED]["beneficiary"]


@pytest.mark.django_db
def test_the_total_cost_is_never_the_eligible_expenditure_of_another_basis() -> None:
    # Given an operation without an intention whose list gave no total cost (only eligible)
    ow = operations_world()
    Operation.objects.filter(pk=ow.lonely.pk).update(total_cost=None)
    OperationSnapshot.objects.filter(operation=ow.lonely).update(total_cost=None)
    # When the list of operations is built
    rows = by_code(art49.build_art49_rows(ow.world.agglomeration, timezone.localdate()))
    # Then its total cost (Art. 49(3)(h)) is empty, not the eligible 1,000,000
    assert rows[ow.lonely.registration_number]["total_cost"] is None
