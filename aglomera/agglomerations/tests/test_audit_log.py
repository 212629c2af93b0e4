"""The audit log page and its CSV, as an auditor reads them."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from aglomera.accounts.models import Role, User
from aglomera.agglomerations.actions.members import grant_role, revoke_role
from aglomera.agglomerations.models import Agglomeration, Organisation
from aglomera.core.audit import record
from aglomera.core.models import AuditEvent
from aglomera.monitoring.models import GeneratedReport
from aglomera.strategy.models import ExchangeRate, Strategy, StrategyVersion
from aglomera.strategy.tests.builders import StrategyBuilder, Users, make_user

pytestmark = pytest.mark.django_db

PRAGUE = ZoneInfo("Europe/Prague")


def url(agglomeration: Agglomeration, language: str = "en", name: str = "audit") -> str:
    with translation.override(language):
        return reverse(f"agglomerations:{name}", args=[agglomeration.slug])


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text_of(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined,no-any-return]


def organisation(olomouc: Agglomeration, name: str = "Město Olomouc") -> Organisation:
    ico = f"{Organisation.objects.count() + 1:08}"  # unique in the agglomeration
    return Organisation.objects.create(
        agglomeration=olomouc, name=name, kind="municipality", country="CZ", ico=ico
    )


def registered(
    olomouc: Agglomeration, actor: User, target: Organisation, **moment: datetime
) -> AuditEvent:
    return record(
        "agglomerations.organisation.registered",
        actor=actor,
        target=target,
        agglomeration_id=olomouc.pk,
        before={"kind": "school", "address": ""},
        after={
            "kind": "municipality",
            "address": "Horní náměstí 583",
            "agglomeration": olomouc.pk,
            "amount": "9200000.50",
            "on": "2026-12-06",
            "mandatory": True,
        },
        reason="Založeno podle výpisu z ARES",
        **moment,
    )


# ---- who may read ----------------------------------------------------------------------------


def test_the_manager_and_the_auditor_read_the_log_and_no_one_else(
    olomouc: Agglomeration, users: Users, mallory: User
) -> None:
    # Given the log of Olomouc with one event
    record("strategy.strategy.created", actor=None, agglomeration_id=olomouc.pk)
    expected = {
        Role.MANAGER: 200,
        Role.AUDITOR: 200,
        Role.APPLICANT: 403,
        Role.COMMITTEE: 403,
        Role.PARTNER: 403,
        Role.COORDINATOR: 403,
        Role.WORKING_GROUP: 403,
    }
    # When each role of Olomouc opens the page and the CSV
    for role, status in expected.items():
        client = client_for(users(olomouc, role))
        # Then only the manager and the auditor read them
        assert client.get(url(olomouc)).status_code == status, role
        assert client.get(url(olomouc, name="audit_csv")).status_code == status, role
    # And the manager of Opole does not learn that Olomouc exists
    assert client_for(mallory).get(url(olomouc)).status_code == 404
    assert client_for(mallory).get(url(olomouc, name="audit_csv")).status_code == 404


# ---- what it says ----------------------------------------------------------------------------


def test_an_event_reads_as_a_sentence_with_its_values_in_the_readers_language(
    olomouc: Agglomeration, alice: User, users: Users
) -> None:
    # Given an organisation registered by Alice, whose values changed
    registered(olomouc, alice, organisation(olomouc))
    # When the auditor reads the log in Czech
    page = text_of(client_for(users(olomouc, Role.AUDITOR)).get(url(olomouc, "cs")))
    # Then it names who and which object, and every value the Czech way
    assert "Alice" in page and "Město Olomouc" in page
    assert "<dt>Druh</dt><dd>škola → obec nebo okres</dd>" in page
    assert "<dt>Adresa</dt><dd>— → Horní náměstí 583</dd>" in page
    assert "<dt>Aglomerace</dt>" in page
    assert "→ Olomoucká aglomerace</dd>" in page  # the related object by its Czech name
    assert "→ 9\xa0200\xa0000,50</dd>" in page
    assert "→ 6. prosince 2026</dd>" in page
    assert "→ ano</dd>" in page
    assert "Založeno podle výpisu z ARES" in page
    # And no code, dictionary or list of Python (the kind filter's options carry codes as values)
    log = page.split("<table", 1)[1]
    assert "agglomerations.organisation.registered" not in log
    assert "{&#x27;" not in page and "{'" not in page and "[&#x27;" not in page
    assert "municipality</dd>" not in page


def test_a_workflow_step_names_the_new_status_by_its_label(
    olomouc: Agglomeration, alice: User
) -> None:
    # Given a strategy whose draft amendment was submitted
    StrategyBuilder(olomouc, alice).build()
    version = StrategyVersion.objects.get()
    record(
        "strategy.version.submitted",
        actor=alice,
        target=version,
        agglomeration_id=olomouc.pk,
        before={"status": "in_consultation"},
        after={"status": "submitted"},
    )
    # When the manager reads the log in Czech
    page = text_of(client_for(alice).get(url(olomouc, "cs")))
    # Then the step and the values say the statuses' names, not their codes
    assert "„Předloženo ke schválení“" in page
    assert "<dd>Ve veřejném připomínkování → Předloženo ke schválení</dd>" in page
    log = page.split("<table", 1)[1]
    assert "in_consultation" not in log and "strategy.version.submitted" not in log


def test_the_object_is_named_in_the_readers_language_while_it_exists(
    olomouc: Agglomeration, alice: User
) -> None:
    # Given a strategy created while its creator read English (the stored name is English)
    StrategyBuilder(
        olomouc, alice, name={"cs": "Strategie ITI Olomouc", "en": "ITI strategy of Olomouc"}
    ).build()
    event = AuditEvent.objects.get(code="strategy.strategy.created")
    assert event.object_repr == "ITI strategy of Olomouc"
    client = client_for(alice)
    # When the manager reads it in Czech, then the strategy is named in Czech
    page = text_of(client.get(url(olomouc, "cs")))
    assert "Strategie ITI Olomouc" in page and "ITI strategy of Olomouc" not in page
    # And once the strategy is gone, the log keeps the name it had
    AuditEvent.objects.exclude(pk=event.pk).delete()
    Strategy.objects.all().delete()
    page = text_of(client.get(url(olomouc, "cs")))
    assert "ITI strategy of Olomouc" in page


def test_an_event_of_an_older_version_reads_as_a_sentence_without_its_code(
    olomouc: Agglomeration, alice: User
) -> None:
    record(
        "legacy.module.did_something",
        actor=alice,
        agglomeration_id=olomouc.pk,
        after={"x": [1, [2, 3]]},
    )
    page = text_of(client_for(alice).get(url(olomouc)))
    assert "Alice made a change" in page
    assert "legacy.module" not in page.split("<table", 1)[1]
    assert "<dt>X</dt><dd>— → 1, (2, 3)</dd>" in page


def test_values_that_are_not_a_mapping_are_left_out(olomouc: Agglomeration, alice: User) -> None:
    AuditEvent.objects.create(
        code="strategy.goal.added", actor=alice, agglomeration=olomouc, after=["G1"], before=7
    )
    page = text_of(client_for(alice).get(url(olomouc)))
    assert "Alice added the goal —" in page
    assert "G1" not in page.split("<table", 1)[1]


def test_a_steps_system_reason_reads_as_its_reason_not_as_changes(
    olomouc: Agglomeration, alice: User
) -> None:
    # Given a step whose reason the system wrote as a code and its parameters, with a note
    StrategyBuilder(olomouc, alice).build()
    version = StrategyVersion.objects.get()
    params = {"score": "14", "counted": 3, "conflicted": 1, "yes": 2, "no": 1}
    record(
        "strategy.version.submitted",
        actor=alice,
        target=version,
        agglomeration_id=olomouc.pk,
        before={"status": "in_consultation"},
        after={
            "status": "submitted",
            "reason_code": "intentions.consolidation",
            "reason_params": {**params, "gate_failed": False},
        },
        reason="Podle zápisu",
    )
    # And one written by an older version whose parameters the text no longer reads
    record(
        "strategy.version.approved",
        actor=alice,
        target=version,
        agglomeration_id=olomouc.pk,
        after={"status": "approved", "reason_code": "intentions.consolidation"},
        reason="Starší záznam",
    )
    # When the manager reads the log in Czech
    page = text_of(client_for(alice).get(url(olomouc, "cs")))
    # Then the reason is the Czech sentence followed by the note, and no change lists it
    assert (
        "<td>Souhrnné bodové hodnocení 14,00 z 3 posudků (vyloučeno pro střet zájmů: 1); "
        "doporučuje: 2, nedoporučuje: 1; vylučovací kritéria: splněno.<br>Podle zápisu</td>"
    ) in page
    assert "<td>Starší záznam</td>" in page
    log = page.split("<table", 1)[1]
    assert "Reason code" not in log and "Reason params" not in log
    assert "intentions.consolidation" not in log and "Counted" not in log


def test_the_committees_majorities_read_as_their_labels(
    olomouc: Agglomeration, alice: User
) -> None:
    record(
        "committee.committee.saved",
        actor=alice,
        agglomeration_id=olomouc.pk,
        before={"majorities": {}},
        after={"majorities": {"strategy_amendment": "three_fifths_of_all"}},
    )
    page = text_of(client_for(alice).get(url(olomouc, "cs")))
    assert (
        "<dt>Většiny podle druhu rozhodnutí</dt><dd>— → Změna strategie: nejméně třípětinová "
        "většina všech členů s hlasovacím právem</dd>"
    ) in page
    assert "three_fifths_of_all" not in page.split("<table", 1)[1]


def test_a_granted_and_revoked_role_names_the_person_the_role_and_the_organisation(
    olomouc: Agglomeration, alice: User
) -> None:
    # Given Dana made an applicant for the city, and then no longer
    dana = make_user("dana", first_name="Dana", last_name="Dvořáková")
    city = organisation(olomouc)
    grant_role(olomouc, dana, Role.APPLICANT, actor=alice, reason="Žádost", organisation=city)
    revoke_role(olomouc, dana, Role.APPLICANT, actor=alice, reason="Odešla")
    # When the manager reads the log in Czech
    page = text_of(client_for(alice).get(url(olomouc, "cs")))
    # Then the values are her name, the role's label and the organisation's name
    assert "<dt>Uživatel</dt><dd>— → Dana Dvořáková</dd>" in page
    assert "<dt>Uživatel</dt><dd>Dana Dvořáková → —</dd>" in page
    assert "<dt>Role</dt><dd>— → žadatel</dd>" in page
    assert "<dt>Role</dt><dd>žadatel → —</dd>" in page
    assert "<dt>Organizace</dt><dd>— → Město Olomouc</dd>" in page
    log = page.split("<table", 1)[1]
    assert "User id" not in log and "Organisation id" not in log and "applicant" not in log


def test_a_reports_period_is_labelled_as_a_period_not_as_a_status(
    olomouc: Agglomeration, alice: User
) -> None:
    report = GeneratedReport.objects.create(
        agglomeration=olomouc,
        kind="fulfilment",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        created_by=alice,
    )
    record(
        "monitoring.report.requested",
        actor=alice,
        target=report,
        agglomeration_id=olomouc.pk,
        after={"kind": "fulfilment", "period_start": "2025-01-01", "period_end": "2025-12-31"},
    )
    client = client_for(alice)
    # In English (the new labels are not translated yet)
    page = text_of(client.get(url(olomouc, "en")))
    assert "<dt>From</dt><dd>— → 1 January 2025</dd>" in page
    assert "<dt>To</dt><dd>— → 31 December 2025</dd>" in page
    # And in Czech, never as the statuses' "original / new state"
    page = text_of(client.get(url(olomouc, "cs")))
    assert "→ 1. ledna 2025</dd>" in page
    assert "Původní stav" not in page and "Nový stav" not in page


def test_numbers_and_dates_in_object_names_read_in_the_readers_formats(
    olomouc: Agglomeration, alice: User
) -> None:
    rate = ExchangeRate.objects.create(
        agglomeration=olomouc,
        currency="CZK",
        valid_from=date(2026, 12, 1),
        units_per_eur="24.440000",
    )
    record("strategy.exchange_rate.set", actor=alice, target=rate, agglomeration_id=olomouc.pk)
    report = GeneratedReport.objects.create(
        agglomeration=olomouc, kind="fulfilment", created_by=alice
    )
    GeneratedReport.objects.filter(pk=report.pk).update(
        created_at=datetime(2026, 11, 20, 9, 0, tzinfo=PRAGUE)
    )
    record("monitoring.report.requested", actor=alice, target=report, agglomeration_id=olomouc.pk)
    page = text_of(client_for(alice).get(url(olomouc, "cs")))
    assert "1 EUR = 24,44 CZK (1. 12. 2026)" in page
    assert "24.440000" not in page and "2026-12-01" not in page
    assert (
        "integrované strategie 20. 11. 2026<" in page
        and "2026-11-20" not in page.split("<table", 1)[1]
    )


# ---- filters ---------------------------------------------------------------------------------


@pytest.fixture
def three_events(olomouc: Agglomeration, alice: User, bob: User) -> dict[str, AuditEvent]:
    city = organisation(olomouc)
    school = organisation(olomouc, "Základní škola Heyrovského")
    return {
        "city": registered(olomouc, alice, city, at=datetime(2026, 3, 1, 10, 0, tzinfo=PRAGUE)),
        "school": registered(olomouc, bob, school, at=datetime(2026, 3, 2, 23, 30, tzinfo=PRAGUE)),
        "strategy": record(
            "strategy.strategy.created",
            actor=alice,
            agglomeration_id=olomouc.pk,
            at=datetime(2026, 3, 3, 0, 30, tzinfo=PRAGUE),
        ),
    }


def shown(client: Client, olomouc: Agglomeration, query: str) -> list[str]:
    """The sentences of the CSV export for `query`, newest first."""
    response = client.get(url(olomouc, name="audit_csv") + query)
    assert response.status_code == 200, response.content
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return [row[3] for row in rows[1:]]


def test_the_filters_select_who_what_which_object_and_when(
    olomouc: Agglomeration, alice: User, bob: User, three_events: dict[str, AuditEvent]
) -> None:
    client = client_for(alice)
    city = "Alice registered the organisation Město Olomouc"
    school = "Bob registered the organisation Základní škola Heyrovského"
    strategy = "Alice created the strategy —"
    assert shown(client, olomouc, "") == [strategy, school, city]
    assert shown(client, olomouc, f"?actor={bob.pk}") == [school]
    assert shown(client, olomouc, "?kind=strategy.strategy.created") == [strategy]
    organisations = three_events["city"].content_type_id
    assert shown(client, olomouc, f"?object_type={organisations}&q=škola") == [school]
    assert shown(client, olomouc, "?q=OLOMOUC") == [city]
    # days are the agglomeration's (Prague): 23:30 on 2 March is still 2 March
    assert shown(client, olomouc, "?date_from=2026-03-02&date_to=2026-03-02") == [school]
    assert shown(client, olomouc, "?date_from=2026-03-03") == [strategy]
    assert shown(client, olomouc, "?date_to=2026-03-01") == [city]


def test_a_workflow_kind_selects_its_steps_only(olomouc: Agglomeration, alice: User) -> None:
    for code in ("calls.call.announced", "calls.call.created", "calls.call.modified.deadline"):
        record(code, actor=alice, agglomeration_id=olomouc.pk, after={"status": "announced"})
    client = client_for(alice)
    assert shown(client, olomouc, "?kind=calls.call.") == ["Alice moved the call — to “—”"]
    assert shown(client, olomouc, "?kind=calls.call.modified.") == [
        "Alice changed the announced call —"
    ]


@pytest.mark.parametrize(
    "query",
    [
        "?actor=9223372036854775808",
        "?actor=abc",
        "?kind=%3Cscript%3E",
        "?object_type=-1",
        "?date_from=2024-13-45",
        "?date_from=01.03.2026",
        "?date_to=9999-12-31",
        "?date_from=2026-03-03&date_to=2026-03-01",
        "?q=" + "x" * 5000,
        "?date_from=%00",
    ],
)
def test_a_bad_filter_is_reported_and_never_breaks_the_page(
    olomouc: Agglomeration, alice: User, three_events: dict[str, AuditEvent], query: str
) -> None:
    client = client_for(alice)
    response = client.get(url(olomouc) + query)
    assert response.status_code == 422
    assert 'class="errors"' in text_of(response)
    # The CSV does not silently export something else than asked: it shows the same page
    assert client.get(url(olomouc, name="audit_csv") + query).status_code == 422


def test_the_date_fields_keep_what_was_typed_as_iso(
    olomouc: Agglomeration, alice: User, three_events: dict[str, AuditEvent]
) -> None:
    page = text_of(client_for(alice).get(url(olomouc, "cs") + "?date_from=2026-03-02"))
    assert 'type="date" name="date_from" value="2026-03-02"' in page


# ---- paging ----------------------------------------------------------------------------------


def test_it_pages_past_the_last_200_events_newest_first(
    olomouc: Agglomeration, alice: User
) -> None:
    for number in range(1, 231):
        record(
            "strategy.goal.added",
            actor=alice,
            agglomeration_id=olomouc.pk,
            after={"code": f"G{number:03}"},
        )
    client = client_for(alice)
    first = text_of(client.get(url(olomouc)))
    assert "230 events" in first and "Page 1 of 5" in first
    assert "— → G230</dd>" in first and "— → G181</dd>" in first and "G180<" not in first
    last = text_of(client.get(url(olomouc) + "?page=5"))
    assert "— → G030</dd>" in last and "— → G001</dd>" in last and "G031<" not in last
    for nonsense in ("99", "99999999999999999999999", "abc", "-1", "0"):
        response = client.get(url(olomouc) + f"?page={nonsense}")
        assert response.status_code == 200, nonsense
        assert "Page 5 of 5" in text_of(response), nonsense
    # the filter stays on the links between pages
    filtered = text_of(client.get(url(olomouc) + "?kind=strategy.goal.added&page=2"))
    assert "?kind=strategy.goal.added&amp;page=3" in filtered


# ---- CSV -------------------------------------------------------------------------------------


def test_the_csv_has_sentences_in_the_readers_language_and_an_iso_time(
    olomouc: Agglomeration, alice: User, three_events: dict[str, AuditEvent]
) -> None:
    response = client_for(alice).get(url(olomouc, "cs", "audit_csv") + f"?actor={alice.pk}")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Čas (ISO 8601)"
    assert [row[0] for row in rows[1:]] == [
        "2026-03-03T00:30:00+01:00",
        "2026-03-01T10:00:00+01:00",
    ]
    city = rows[2]
    assert city[2] == "Alice" and city[5] == "Město Olomouc"
    assert "Druh: škola → obec nebo okres" in city[6]
    assert "→ ano" in city[6]
    assert city[7] == "Založeno podle výpisu z ARES"
    body = response.content.decode("utf-8-sig")
    assert "agglomerations.organisation" not in body and "{'" not in body


def test_the_csv_neutralises_a_name_that_a_spreadsheet_would_run(
    olomouc: Agglomeration, alice: User
) -> None:
    registered(olomouc, alice, organisation(olomouc, '=HYPERLINK("http://x")'))
    body = client_for(alice).get(url(olomouc, name="audit_csv")).content.decode("utf-8-sig")
    assert "\"'=HYPERLINK" in body or "Alice registered the organisation =HYPERLINK" in body
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1][5] == '\'=HYPERLINK("http://x")'


# ---- queries ---------------------------------------------------------------------------------


def _queries(client: Client, address: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(address).status_code == 200
    return len(context.captured_queries)


def _events(olomouc: Agglomeration, alice: User, bob: User, count: int) -> None:
    for number in range(count):
        target = organisation(olomouc, f"Obec {number}")
        registered(olomouc, alice if number % 2 else bob, target)


def test_the_page_and_the_csv_run_a_fixed_number_of_queries(
    olomouc: Agglomeration, alice: User, bob: User
) -> None:
    client = client_for(alice)
    _events(olomouc, alice, bob, 5)
    small = (_queries(client, url(olomouc)), _queries(client, url(olomouc, name="audit_csv")))
    _events(olomouc, alice, bob, 45)
    large = (_queries(client, url(olomouc)), _queries(client, url(olomouc, name="audit_csv")))
    assert AuditEvent.objects.count() == 50
    assert small == large


def _grants(olomouc: Agglomeration, alice: User, first: int, last: int) -> None:
    for number in range(first, last):
        person = make_user(f"applicant{number}", first_name=f"Applicant {number}")
        city = organisation(olomouc, f"Obec {number}")
        grant_role(olomouc, person, Role.APPLICANT, actor=alice, reason="x", organisation=city)


def test_the_people_and_organisations_of_role_grants_are_named_in_a_fixed_number_of_queries(
    olomouc: Agglomeration, alice: User
) -> None:
    client = client_for(alice)
    _grants(olomouc, alice, 0, 2)
    small = _queries(client, url(olomouc))
    _grants(olomouc, alice, 2, 12)
    assert "<dd>— → Obec 11</dd>" in text_of(client.get(url(olomouc)))
    assert _queries(client, url(olomouc)) == small
