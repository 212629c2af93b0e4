"""A national list is not the agglomeration's list (issue 10, points 1-4; domain.md sections 6
and 7): what an import keeps, what it counts outside, the money bases it keeps apart, and the
page of the office's rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from aglomera.accounts.models import Role
from aglomera.core.models import AuditEvent
from aglomera.intentions.models import IntentionStatus
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.actions import scope as scope_actions
from aglomera.monitoring.models import (
    ImportJob,
    ImportStatus,
    Operation,
    OperationSource,
    ScopeRule,
    SourceLayout,
)
from aglomera.monitoring.tests.import_helpers import import_file, manager

D = Decimal
HEADER = [
    "Registrační číslo projektu",
    "Název projektu",
    "Příjemce - název",
    "Číslo výzvy",
    "Kód stavu",
    "Místo realizace Kód NUTS 3",
    "Celkové náklady na operaci (CZK)",
    "Finanční prostředky v právních aktech celkové způsobilé výdaje CZK",
    "Finanční prostředky v právních aktech příspěvek Unie CZK",
    "Finanční prostředky vyúčtované v žádostech o platbu celkové způsobilé výdaje CZK",
]
OURS = "CZ.06.02.01/00/22_012/0000001"  # an intention of the agglomeration carries it
IN_OUR_CALL = "CZ.06.02.01/00/22_031/0000002"  # its call is the MA call of our call
BY_RULE = "CZ.06.04.06/00/23_040/0000003"  # an ITI call, realised in CZ071
PRAHA = "CZ.06.04.06/00/23_040/0000004"  # same call, realised in Praha
BRNO = "CZ.06.01.01/00/22_001/0000005"  # another call, in Brno


def _row(
    number: str, call: str, nuts3: str, total: str, eligible: str, eu: str, paid: str
) -> list[Any]:
    return [number, "Operace", "Příjemce", call, "PP40", nuts3, total, eligible, eu, paid]


ROWS = [
    _row(OURS, "06_22_012", "CZ071", "12000000", "10000000", "8500000", "1000000"),
    _row(IN_OUR_CALL, "06_22_031", "CZ071", "6000000", "5000000", "4250000", ""),
    _row(BY_RULE, "06_23_040", "CZ071", "2400000", "2000000", "1700000", "400000"),
    _row(PRAHA, "06_23_040", "CZ010", "90000000", "80000000", "68000000", "8000000"),
    _row(BRNO, "06_22_001", "CZ064", "30000000", "20000000", "17000000", ""),
]


def national_list(tmp_path: Path, rows: list[list[Any]] = ROWS, name: str = "list.xlsx") -> Path:
    """A Czech 2021-2027 list of the whole country: title block, Czech and English headers."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Seznam operací / List of operations"])
    sheet.append(["Stav k 30. 9. 2026"])
    sheet.append([])
    sheet.append(HEADER)
    sheet.append(["(English header)"] * len(HEADER))
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def run(world: PipelineWorld, path: Path, **kwargs: Any) -> ImportJob:
    return import_file(
        world.agglomeration,
        path,
        actor=manager(world),
        layout=SourceLayout.CZ_2021,
        source_name="MS2021+",
        as_of=date(2026, 9, 30),
        **kwargs,
    )


@pytest.fixture
def office(bare_world: PipelineWorld) -> PipelineWorld:
    """Olomouc with an intention numbered OURS, a call tied to the MA call 06_22_031 and the
    rule: ITI calls 06_23_ realised in CZ071."""
    world = bare_world
    world.intention(status=IntentionStatus.SUBMITTED, registration_number=OURS)
    world.call.managing_authority_call = "06_22_031"
    world.call.save(update_fields=["managing_authority_call"])
    scope_actions.add_scope_rule(
        world.agglomeration,
        call_prefix="06_23_",
        nuts3="cz071",
        note="ITI výzvy IROP v Olomouckém kraji",
        actor=manager(world),
    )
    return world


def test_a_national_list_keeps_only_the_agglomerations_operations(
    office: PipelineWorld, tmp_path: Path
) -> None:
    # Given the national list of five operations
    # When it is imported
    job = run(office, national_list(tmp_path))
    # Then only the matched one, the one in our call and the one the rule ties are stored
    assert job.status == ImportStatus.SUCCEEDED, job.failure_message
    assert set(Operation.objects.values_list("registration_number", flat=True)) == {
        OURS,
        IN_OUR_CALL,
        BY_RULE,
    }
    assert (job.created, job.outside, job.removed) == (3, 2, 0)
    # And the import counts and totals each basis inside and outside, never mixing them
    inside, outside = job.scope["inside"], job.scope["outside"]
    assert (inside["rows"], outside["rows"]) == (3, 2)
    assert inside["totals"]["total_cost"] == {"sum": "20400000.00", "known": 3}
    assert inside["totals"]["eligible_cost"] == {"sum": "17000000.00", "known": 3}
    assert inside["totals"]["eu_contribution"] == {"sum": "14450000.00", "known": 3}
    # claims known in 2 of 3 rows: 1,000,000 + 400,000; the third is unknown, not 0
    assert inside["totals"]["paid_eligible"] == {"sum": "1400000.00", "known": 2}
    assert outside["totals"]["eu_contribution"] == {"sum": "85000000.00", "known": 2}
    assert outside["totals"]["paid_eligible"] == {"sum": "8000000.00", "known": 1}
    # And the audit record says how many rows were outside
    written = AuditEvent.objects.get(code="monitoring.import.written")
    assert (written.after["outside"], written.after["removed"]) == (2, 0)


def test_each_amount_keeps_its_basis_and_an_unknown_claim_stays_unknown(
    office: PipelineWorld, tmp_path: Path
) -> None:
    run(office, national_list(tmp_path))
    ours = Operation.objects.get(registration_number=OURS)
    # total cost, eligible and EU as the list states them
    assert (ours.total_cost, ours.eligible_cost, ours.eu_contribution) == (
        D("12000000.00"),
        D("10000000.00"),
        D("8500000.00"),
    )
    # the claims in total eligible expenditure, and their EU share derived at 85 %
    assert (ours.paid_eligible, ours.paid_eu, ours.paid_eu_derived) == (
        D("1000000.00"),
        D("850000.00"),
        True,
    )
    assert ours.co_financing_rate == D("0.85")
    # a blank claims cell is unknown on both bases; the list has no certified column
    in_call = Operation.objects.get(registration_number=IN_OUR_CALL)
    assert (in_call.paid_eligible, in_call.paid_eu, in_call.paid_eu_derived) == (None, None, False)
    assert in_call.certified_eu is None
    assert in_call.national_public is None  # not in this list: unknown


def test_a_dry_run_reports_inside_and_outside_and_writes_nothing(
    office: PipelineWorld, tmp_path: Path
) -> None:
    job = run(office, national_list(tmp_path), dry_run=True)
    assert (job.created, job.outside) == (3, 2)
    assert job.scope["outside"]["totals"]["total_cost"] == {"sum": "120000000.00", "known": 2}
    assert not Operation.objects.exists()


def test_the_result_page_shows_the_totals_per_basis_inside_and_outside(
    office: PipelineWorld, tmp_path: Path
) -> None:
    job = run(office, national_list(tmp_path), dry_run=True)
    client = Client()
    client.force_login(manager(office))
    page = client.get(
        reverse(
            "monitoring:import_result", kwargs={"slug": office.agglomeration.slug, "pk": job.pk}
        ).replace("/cs/", "/en/")
    ).content.decode()
    assert "3 rows are the agglomeration's" in page
    assert "2 rows are outside it" in page
    assert "14,450,000.00" in page  # EU inside
    assert "85,000,000.00" in page  # EU outside
    assert "known in 2 of 3 rows" in page  # claims inside
    assert "1,190,000.00" in page  # their EU share: 850,000 + 340,000, derived


def test_an_operation_stored_earlier_that_is_now_outside_is_removed(
    office: PipelineWorld, tmp_path: Path
) -> None:
    # Given the list imported while a rule kept every row (the national flood)
    everything = ScopeRule.objects.create(agglomeration=office.agglomeration)
    run(office, national_list(tmp_path))
    assert Operation.objects.count() == 5
    # When the office removes that rule and the next list comes
    scope_actions.delete_scope_rule(everything, actor=manager(office))
    job = run(office, national_list(tmp_path, name="again.xlsx"))
    # Then Praha and Brno are removed as outside; ours stay
    assert (job.removed, job.outside) == (2, 2)
    assert set(Operation.objects.values_list("registration_number", flat=True)) == {
        OURS,
        IN_OUR_CALL,
        BY_RULE,
    }


def test_an_operation_linked_by_hand_stays_ours(office: PipelineWorld, tmp_path: Path) -> None:
    # Given the Brno row kept once and linked by hand to an intention of ours
    keep = ScopeRule.objects.create(agglomeration=office.agglomeration)
    run(office, national_list(tmp_path))
    intention = office.intention(status=IntentionStatus.SUBMITTED)
    Operation.objects.filter(registration_number=BRNO).update(intention=intention)
    keep.delete()
    # When the next list comes
    job = run(office, national_list(tmp_path, name="again.xlsx"))
    # Then the linked operation stays; only Praha goes
    assert job.removed == 1
    assert Operation.objects.filter(registration_number=BRNO, intention=intention).exists()


def test_a_rule_for_one_source_keeps_every_row_of_that_list_only(
    bare_world: PipelineWorld, tmp_path: Path
) -> None:
    # Given a rule with no condition for the source "Výřez ŘO pro ITI" (an extract for us)
    source = OperationSource.objects.create(
        agglomeration=bare_world.agglomeration, name="Výřez ŘO pro ITI", layout=SourceLayout.CZ_2021
    )
    scope_actions.add_scope_rule(bare_world.agglomeration, source=source, actor=manager(bare_world))
    # When the list comes as that source, and as another one
    kept = import_file(
        bare_world.agglomeration,
        national_list(tmp_path),
        actor=manager(bare_world),
        layout=SourceLayout.CZ_2021,
        source_name="Výřez ŘO pro ITI",
    )
    other = import_file(
        bare_world.agglomeration,
        national_list(tmp_path, name="other.xlsx"),
        actor=manager(bare_world),
        layout=SourceLayout.CZ_2021,
        source_name="Celostátní seznam",
        dry_run=True,
    )
    # Then the extract is kept whole and the national list keeps nothing of its own
    assert (kept.created, kept.outside) == (5, 0)
    assert (other.created, other.updated, other.unchanged, other.outside) == (0, 0, 0, 5)


def test_a_list_in_another_currency_keeps_it(bare_world: PipelineWorld, tmp_path: Path) -> None:
    # Given an Austrian source in EUR in a Czech agglomeration, whose rows are all ours
    source = OperationSource.objects.create(
        agglomeration=bare_world.agglomeration,
        name="AT-CZ",
        layout=SourceLayout.CZ_2021,
        currency="EUR",
    )
    ScopeRule.objects.create(agglomeration=bare_world.agglomeration, source=source)
    import_file(
        bare_world.agglomeration,
        national_list(tmp_path),
        actor=manager(bare_world),
        layout=SourceLayout.CZ_2021,
        source_name="AT-CZ",
    )
    assert set(Operation.objects.values_list("currency", flat=True)) == {"EUR"}
    assert set(Operation.objects.values_list("source__name", flat=True)) == {"AT-CZ"}


# ---- the page of rules -----------------------------------------------------------------------


def _url(world: PipelineWorld, name: str = "scope_rules", **kwargs: Any) -> str:
    return reverse(f"monitoring:{name}", kwargs={"slug": world.agglomeration.slug, **kwargs})


def _client(world: PipelineWorld, role: Role) -> Client:
    client = Client()
    client.force_login(world.user(role))
    return client


@pytest.mark.parametrize(
    ("role", "reads", "adds"),
    [
        (Role.MANAGER, 200, 302),
        (Role.COORDINATOR, 200, 302),
        (Role.WORKING_GROUP, 200, 403),
        (Role.COMMITTEE, 200, 403),
        (Role.AUDITOR, 200, 403),
        (Role.APPLICANT, 403, 403),
    ],
)
def test_each_role_reads_and_edits_the_rules_as_allowed(
    bare_world: PipelineWorld, role: Role, reads: int, adds: int
) -> None:
    client = _client(bare_world, role)
    assert client.get(_url(bare_world)).status_code == reads
    response = client.post(_url(bare_world), {"call_prefix": "06_23_", "nuts3": "CZ071"})
    assert response.status_code == adds
    assert ScopeRule.objects.count() == (1 if adds == 302 else 0)


def test_the_manager_adds_and_removes_a_rule_with_an_audit_record(
    bare_world: PipelineWorld,
) -> None:
    client = _client(bare_world, Role.MANAGER)
    client.post(_url(bare_world), {"call_prefix": " 06_23_ ", "nuts3": "cz071", "note": "ITI"})
    rule = ScopeRule.objects.get()
    assert (rule.call_prefix, rule.nuts3, rule.note) == ("06_23_", "CZ071", "ITI")
    page = client.get(_url(bare_world)).content.decode()
    assert "06_23_" in page and "CZ071" in page
    client.post(_url(bare_world, "scope_rule_delete", pk=rule.pk))
    assert not ScopeRule.objects.exists()
    assert list(
        AuditEvent.objects.filter(code__startswith="monitoring.scope_rule")
        .values_list("code", flat=True)
        .order_by("id")
    ) == ["monitoring.scope_rule.added", "monitoring.scope_rule.deleted"]


def test_a_bad_region_code_is_refused_and_keeps_what_was_typed(bare_world: PipelineWorld) -> None:
    client = _client(bare_world, Role.MANAGER)
    response = client.post(_url(bare_world), {"call_prefix": "06_23_", "nuts3": "71-CZ"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Enter a NUTS 3 code, e.g. CZ071." in page
    assert 'value="06_23_"' in page
    assert not ScopeRule.objects.exists()


def test_a_rule_of_another_agglomeration_is_not_found(bare_world: PipelineWorld) -> None:
    from aglomera.strategy.tests.builders import make_opole

    opole = make_opole()
    foreign = ScopeRule.objects.create(agglomeration=opole, nuts3="PL523")
    response = _client(bare_world, Role.MANAGER).post(
        _url(bare_world, "scope_rule_delete", pk=foreign.pk)
    )
    assert response.status_code == 404
    assert ScopeRule.objects.filter(pk=foreign.pk).exists()


def test_the_page_runs_a_fixed_number_of_queries(
    bare_world: PipelineWorld, django_assert_max_num_queries: Any
) -> None:
    for number in range(5):
        ScopeRule.objects.create(agglomeration=bare_world.agglomeration, call_prefix=f"0{number}_")
    client = _client(bare_world, Role.MANAGER)
    client.get(_url(bare_world))  # warm the session
    with django_assert_max_num_queries(12):
        client.get(_url(bare_world))


def test_a_rule_cannot_name_a_source_of_another_agglomeration(bare_world: PipelineWorld) -> None:
    from django.core.exceptions import ValidationError

    from aglomera.strategy.tests.builders import make_opole

    foreign = OperationSource.objects.create(
        agglomeration=make_opole(), name="FEO", layout=SourceLayout.PL
    )
    with pytest.raises(ValidationError):
        scope_actions.add_scope_rule(
            bare_world.agglomeration, source=foreign, actor=manager(bare_world)
        )
    assert not ScopeRule.objects.exists()


def test_the_upload_form_sets_the_currency_of_the_source(
    world: PipelineWorld, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    # Given the manager uploads an Interreg list in EUR through the page
    client = _client(world, Role.MANAGER)
    path = national_list(tmp_path)
    with path.open("rb") as handle, django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(world, "import_list"),
            {
                "file": handle,
                "layout": "cz_2021",
                "source_name": "Interreg AT-CZ",
                "as_of": "2026-09-30",
                "currency": "EUR",
            },
        )
    assert response.status_code == 302
    # Then the source keeps EUR and its operations are in EUR
    assert OperationSource.objects.get(name="Interreg AT-CZ").currency == "EUR"
    assert set(Operation.objects.values_list("currency", flat=True)) == {"EUR"}
    # And a currency the product does not know is refused
    with path.open("rb") as handle:
        bad = client.post(
            _url(world, "import_list"),
            {
                "file": handle,
                "layout": "cz_2021",
                "source_name": "X",
                "as_of": "2026-09-30",
                "currency": "XYZ",
            },
        )
    assert bad.status_code == 422


def test_the_currency_of_a_source_changes_on_a_later_upload_and_a_bad_one_is_refused(
    world: PipelineWorld, tmp_path: Path
) -> None:
    from django.core.exceptions import ValidationError

    path = national_list(tmp_path)
    run(world, path)  # the source MS2021+ is created in the agglomeration's currency
    assert OperationSource.objects.get(name="MS2021+").currency == ""
    run(world, national_list(tmp_path, name="eur.xlsx"), currency="EUR")
    assert OperationSource.objects.get(name="MS2021+").currency == "EUR"
    assert set(Operation.objects.values_list("currency", flat=True)) == {"EUR"}
    with pytest.raises(ValidationError) as caught:
        run(world, path, currency="XYZ")
    assert "currency" in caught.value.message_dict


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "call_prefix", "A rule for any list needs a condition"),
        ({"nuts3": "PL523"}, "nuts3", "of the agglomeration's country (CZ)"),
    ],
)
def test_a_rule_that_would_take_the_whole_country_or_another_country_is_refused(
    bare_world: PipelineWorld, data: dict[str, str], field: str, message: str
) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        scope_actions.add_scope_rule(
            bare_world.agglomeration, nuts3=data.get("nuts3", ""), actor=manager(bare_world)
        )
    assert message in caught.value.message_dict[field][0]
    assert not ScopeRule.objects.exists()


def test_the_same_rule_is_not_added_twice(bare_world: PipelineWorld) -> None:
    from django.core.exceptions import ValidationError

    scope_actions.add_scope_rule(bare_world.agglomeration, nuts3="CZ071", actor=manager(bare_world))
    with pytest.raises(ValidationError, match="exists already"):
        scope_actions.add_scope_rule(
            bare_world.agglomeration, nuts3="cz071", actor=manager(bare_world)
        )
    assert ScopeRule.objects.count() == 1
