"""Report pages: history, request form, downloads; every role, outsiders and bad input."""

from __future__ import annotations

import copy
import csv
import io
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from aglomera.accounts.models import Role
from aglomera.core.dates import add_months
from aglomera.intentions.models import IntentionStatus
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.actions.reports import request_report
from aglomera.monitoring.models import (
    REPORT_STATUS_LABELS,
    GeneratedReport,
    GeneratedReportKind,
    ImportStatus,
)
from aglomera.monitoring.reports import art49
from aglomera.strategy.tests.builders import make_opole, make_user

K = GeneratedReportKind
Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]
READERS = {Role.MANAGER, Role.COORDINATOR, Role.WORKING_GROUP, Role.COMMITTEE, Role.AUDITOR}
REQUESTERS = {Role.MANAGER, Role.COORDINATOR}


@pytest.fixture
def world(db: None, pipeline_world: PipelineWorld) -> PipelineWorld:
    return copy.deepcopy(pipeline_world)


def client_for(world: PipelineWorld, role: Role) -> Client:
    client = Client()
    client.force_login(world.user(role))
    return client


def generated(world: PipelineWorld, capture: Capture) -> GeneratedReport:
    with capture(execute=True):
        report = request_report(
            world.agglomeration, kind=K.OPERATIONS, actor=world.user(Role.MANAGER)
        )
    report.refresh_from_db()
    return report


def urls(world: PipelineWorld, report: GeneratedReport | None = None) -> dict[str, str]:
    slug = world.agglomeration.slug
    found = {
        "list": reverse("monitoring:reports", args=[slug]),
        "new": reverse("monitoring:reports_new", args=[slug]),
    }
    if report is not None:
        found["download"] = reverse("monitoring:report_download", args=[slug, report.pk, "csv"])
    return found


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_the_history_and_downloads_only_when_allowed(
    world: PipelineWorld, django_capture_on_commit_callbacks: Capture, role: Role
) -> None:
    # Given a generated list of operations
    report = generated(world, django_capture_on_commit_callbacks)
    client = client_for(world, role)
    pages = urls(world, report)
    # When a member of each role opens the history and downloads the CSV
    listing = client.get(pages["list"])
    download = client.get(pages["download"])
    if download.streaming:  # reading it to the end closes the file, as a WSGI server would
        b"".join(download.streaming_content)  # type: ignore[attr-defined]
    form = client.get(pages["new"])
    # Then readers may, the others get 403; only the manager and coordinators may request
    expected = 200 if role in READERS else 403
    assert listing.status_code == expected
    assert download.status_code == expected
    assert form.status_code == (200 if role in REQUESTERS else 403)
    if role in READERS:
        assert (pages["new"] in listing.content.decode()) == (role in REQUESTERS)


def test_an_outsider_gets_404_everywhere(
    world: PipelineWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    # Given a generated report and the manager of another agglomeration
    report = generated(world, django_capture_on_commit_callbacks)
    outsider = make_user("mallory", (make_opole(), Role.MANAGER))
    client = Client()
    client.force_login(outsider)
    # When they open any report page of Olomouc
    # Then the pages do not exist for them
    for url in urls(world, report).values():
        assert client.get(url).status_code == 404
    assert client.post(urls(world)["new"], {"kind": K.OPERATIONS}).status_code == 404
    # And anonymous visitors are sent to log in
    assert Client().get(urls(world)["list"]).status_code == 302


def test_the_history_lists_reports_with_status_and_downloads(
    world: PipelineWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    # Given a generated report and a queued one
    report = generated(world, django_capture_on_commit_callbacks)
    queued = request_report(
        world.agglomeration, kind=K.CALLS_CALENDAR, actor=world.user(Role.MANAGER)
    )
    # When the coordinator opens the history
    page = client_for(world, Role.COORDINATOR).get(urls(world)["list"])
    html = page.content.decode()
    # Then both are listed, the finished one with its three files, and the page keeps polling
    # (a report is generated, not imported: "Generated", never the import's "Imported")
    assert str(REPORT_STATUS_LABELS[ImportStatus.SUCCEEDED]) in html
    assert str(ImportStatus.SUCCEEDED.label) not in html
    assert str(ImportStatus.QUEUED.label) in html
    for extension in ("csv", "xlsx", "json"):
        url = reverse(
            "monitoring:report_download", args=[world.agglomeration.slug, report.pk, extension]
        )
        assert url in html
    assert 'hx-trigger="every 5s"' in html
    assert queued.pk != report.pk
    # And in Czech the finished report reads as generated too, never as imported
    czech = client_for(world, Role.COORDINATOR).get(urls(world)["list"].replace("/en/", "/cs/"))
    assert "Importováno" not in czech.content.decode()
    # And htmx asks for the history only
    partial = client_for(world, Role.COORDINATOR).get(urls(world)["list"], HTTP_HX_REQUEST="true")
    assert b"<html" not in partial.content
    assert b"report-history" in partial.content


def test_a_download_is_an_attachment_with_the_file(
    world: PipelineWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    # Given a generated list of operations
    report = generated(world, django_capture_on_commit_callbacks)
    # When the auditor downloads the CSV
    response = client_for(world, Role.AUDITOR).get(urls(world, report)["download"])
    # Then it is an attachment named after the agglomeration and the day
    assert response["Content-Type"].startswith("text/csv")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert report.period_end is not None
    assert f"olomouc-operations-{report.period_end.isoformat()}.csv" in disposition
    body = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
    headers = next(csv.reader(io.StringIO(body)))
    assert headers == [column.header for column in art49.COLUMNS]


def test_a_missing_format_or_report_is_404(
    world: PipelineWorld, django_capture_on_commit_callbacks: Capture, private_root: Path
) -> None:
    # Given a generated list of operations
    report = generated(world, django_capture_on_commit_callbacks)
    client = client_for(world, Role.MANAGER)
    slug = world.agglomeration.slug
    # When a format it does not have, another report or a lost file is asked for
    # Then the answer is 404
    assert (
        client.get(reverse("monitoring:report_download", args=[slug, report.pk, "pdf"])).status_code
        == 404
    )
    assert (
        client.get(reverse("monitoring:report_download", args=[slug, 999_999, "csv"])).status_code
        == 404
    )
    (private_root / "reports" / report.files["csv"]).unlink()
    assert client.get(urls(world, report)["download"]).status_code == 404
    # And a stored name pointing outside the reports folder is never served
    GeneratedReport.objects.filter(pk=report.pk).update(files={"json": "../../etc/passwd"})
    assert (
        client.get(
            reverse("monitoring:report_download", args=[slug, report.pk, "json"])
        ).status_code
        == 404
    )


def test_the_manager_requests_a_fulfilment_report_from_the_form(
    world: PipelineWorld, django_capture_on_commit_callbacks: Capture
) -> None:
    # Given the manager on the request form
    client = client_for(world, Role.MANAGER)
    assert b'type="date"' in client.get(urls(world)["new"]).content
    # When they submit the fulfilment report for the first half of 2025 with a narrative
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            urls(world)["new"],
            {
                "kind": K.FULFILMENT,
                "period_start": "2025-01-01",
                "period_end": "2025-06-30",
                "introduction": "Úvod zprávy",
                "progress": "",
                "problems": "",
                "outlook": "",
            },
        )
    # Then they are back on the history, where the generated report waits
    assert response.status_code == 302
    assert response["Location"] == urls(world)["list"]
    report = GeneratedReport.objects.get()
    assert report.status == ImportStatus.SUCCEEDED
    assert report.narrative["introduction"] == "Úvod zprávy"
    assert set(report.files) == {"docx", "pdf"}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (
            {"kind": K.FULFILMENT, "period_start": "2025-12-31", "period_end": "2025-01-01"},
            "period_end",
        ),
        (
            {"kind": K.FULFILMENT, "period_start": "2025-13-45", "period_end": "2025-01-01"},
            "period_start",
        ),
        ({"kind": K.FULFILMENT, "period_start": "", "period_end": "2025-01-01"}, "period_start"),
        ({"kind": "horoscope"}, "kind"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_kept(
    world: PipelineWorld, data: dict[str, str], field: str
) -> None:
    # Given the coordinator on the request form
    client = client_for(world, Role.COORDINATOR)
    # When they submit bad input
    response = client.post(urls(world)["new"], {**data, "introduction": "Můj úvod"})
    # Then the form comes back with 422, the message at the field and the text kept
    assert response.status_code == 422
    form = response.context["form"]
    assert field in form.errors
    assert "Můj úvod" in response.content.decode()
    assert not GeneratedReport.objects.exists()


# --- the four-month rule of the Art. 49(3) list -------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 4, date(2026, 5, 31)),
        (date(2025, 10, 31), 4, date(2026, 2, 28)),  # February has no 31st
        (date(2023, 10, 30), 4, date(2024, 2, 29)),  # a leap year
        (date(2026, 9, 15), 4, date(2027, 1, 15)),  # across the year's end
    ],
)
def test_four_months_later_is_counted_on_the_calendar(
    day: date, months: int, expected: date
) -> None:
    assert add_months(day, months) == expected


def _list_generated_on(world: PipelineWorld, day: date) -> None:
    GeneratedReport.objects.create(
        agglomeration=world.agglomeration,
        kind=K.OPERATIONS,
        status=ImportStatus.SUCCEEDED,
        created_by=world.user(Role.MANAGER),
        finished_at=datetime(day.year, day.month, day.day, 10, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("generated_on", "today", "warning"),
    [
        (None, date(2026, 6, 1), "No list of operations (Art. 49(3)) has been generated yet."),
        (date(2026, 1, 31), date(2026, 6, 1), "it had to be renewed by 2026-05-31"),
        (date(2026, 1, 31), date(2026, 5, 20), "renew it by 2026-05-31"),
        (date(2026, 1, 31), date(2026, 5, 16), None),  # more than two weeks ahead
    ],
)
def test_the_office_is_warned_before_the_list_of_operations_is_four_months_old(
    world: PipelineWorld, generated_on: date | None, today: date, warning: str | None
) -> None:
    # Given the newest list of operations generated on `generated_on` (or none)
    if generated_on is not None:
        _list_generated_on(world, generated_on)
    # When the manager opens the reports on `today`
    with time_machine.travel(datetime(today.year, today.month, today.day, 9, tzinfo=UTC)):
        page = client_for(world, Role.MANAGER).get(urls(world)["list"]).content.decode()
    # Then the page warns as the four-month rule of Art. 49(3) says
    if warning is None:
        assert "Art. 49(3): at least every four months" not in page
    else:
        assert warning in page


def test_the_reports_page_lists_what_the_list_of_operations_lacks(world: PipelineWorld) -> None:
    # Given a contracted intention with no purpose, no places and no indicators
    bare = world.walk(
        world.draft(registration_number="CZ.06.02.01/00/22_012/0000501"), IntentionStatus.LEGAL_ACT
    )
    assert bare.status == IntentionStatus.LEGAL_ACT
    # When the manager opens the reports
    page = client_for(world, Role.MANAGER).get(urls(world)["list"]).content.decode()
    # Then the page names the Art. 49(3) items it lacks and the operation's code
    section = page[page.index('id="gaps-h"') :]
    assert "Of the 1 operation the list would publish today" in section
    for item in ("purpose of the operation", "expected or actual achievements", "location"):
        assert item in section
    assert "CZ.06.02.01/00/22_012/0000501" in section


def test_the_reports_page_shows_no_gaps_when_the_list_would_publish_nothing(
    world: PipelineWorld,
) -> None:
    page = client_for(world, Role.MANAGER).get(urls(world)["list"]).content.decode()
    assert 'id="gaps-h"' not in page


def test_missing_items_names_each_empty_required_item_with_its_codes() -> None:
    rows: list[dict[str, Any]] = [
        {"code": "A", "purpose": "Cyklostezka", "achievements": "", "location": "Olomouc"},
        {"code": "B", "purpose": None, "achievements": "", "location": "Přerov"},
    ]
    missing = art49.missing_items(rows)
    assert missing["purpose"] == ["B"]
    assert missing["achievements"] == ["A", "B"]
    assert "location" not in missing


def test_the_historys_poll_does_not_build_the_list_of_operations(
    world: PipelineWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a contracted intention the list would publish
    world.walk(world.draft(), IntentionStatus.LEGAL_ACT)
    built: list[object] = []
    original = art49.build_art49_rows

    def counting(*args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        built.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(art49, "build_art49_rows", counting)
    client = client_for(world, Role.MANAGER)
    # When the history polls itself (htmx), only the history is rendered
    partial = client.get(urls(world)["list"], HTTP_HX_REQUEST="true").content.decode()
    assert 'id="gaps-h"' not in partial
    assert built == []
    # While the full page builds the list once, for what it lacks
    client.get(urls(world)["list"])
    assert len(built) == 1


@pytest.mark.parametrize("language", ["cs", "pl", "en"])
def test_the_request_forms_dates_are_filled_in_the_form_a_date_input_needs(
    world: PipelineWorld, language: str
) -> None:
    # A browser shows <input type=date> empty unless its value is YYYY-MM-DD, whatever the
    # language of the page (issue 11, point 1)
    from django.utils import translation

    with translation.override(language):
        page = client_for(world, Role.MANAGER).get(urls(world)["new"]).content.decode()
    values = re.findall(r'<input type="date" name="period_(?:start|end)" value="([^"]*)"', page)
    assert values and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) for value in values), values
