"""Reports generated in the background: the request, the task, the files and the fulfilment
report's DOCX and PDF."""

from __future__ import annotations

import io
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from docx import Document
from PIL import Image
from pypdf import PdfReader

from aglomera.accounts.models import Membership, Role, User
from aglomera.committee import actions as committee_actions
from aglomera.committee.tests.world import DURING_VOTE, CommitteeWorld
from aglomera.core.models import AuditEvent, StatusChange
from aglomera.intentions.models import IntentionIndicator, IntentionStatus
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring import report_tasks
from aglomera.monitoring.actions.reports import NARRATIVE_MAX, request_report
from aglomera.monitoring.models import GeneratedReport, GeneratedReportKind, ImportStatus
from aglomera.monitoring.queries import reports as history
from aglomera.monitoring.reports import chart_image, fulfilment_docx, fulfilment_pdf, storage
from aglomera.monitoring.reports import fulfilment_content as fulfilment
from aglomera.strategy.models import Strategy
from aglomera.strategy.tests.builders import cycling_indicator, make_opole

S = IntentionStatus
K = GeneratedReportKind
Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]

NARRATIVE = {
    "introduction": "Zpráva za rok 2025 pro řídicí výbor a MMR.",
    "progress": "Výzva 2 byla vyhlášena; první záměry jsou v realizaci.",
    "problems": "Zpoždění stavebních povolení; nositel pořádá semináře pro žadatele.",
    "outlook": "V roce 2026 vyhlásíme výzvy na cyklostezky.",
}


def fresh(user: User) -> User:
    """A new user object (the permission layer caches roles per object)."""
    return User.objects.get(pk=user.pk)


def report_world() -> CommitteeWorld:
    """Intentions in the pipeline, endorsed and contracted, one committing 2.5 km of cycle
    paths, and an adopted resolution of 3 June 2025."""
    cw = CommitteeWorld.create()
    world = cw.world
    world.intention(status=S.SUBMITTED, requested_eu="1000000.00")
    world.intention(status=S.COMPLIANT, requested_eu="2000000.00")
    contracted = world.intention(
        status=S.LEGAL_ACT, requested_eu="4000000.00", registration_number="CZ.06/0001"
    )
    IntentionIndicator.objects.create(
        intention=contracted, indicator=cycling_indicator(), committed_value="2.500"
    )
    meeting = cw.per_rollam()
    item = cw.other_item(meeting, "Zpráva o plnění strategie za rok 2024")
    cw.open(meeting)
    for name in ("chair", "plain", "university", "conflicted"):
        cw.vote(item, name, "yes")
    cw.close(meeting)
    committee_actions.decide_item(item, actor=cw.manager, now=DURING_VOTE)
    return cw


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _content(world: PipelineWorld) -> fulfilment.FulfilmentContent:
    """From 2025 (the call and the resolution) to today (the intentions' steps were taken
    today: the workflow history records the real clock)."""
    return fulfilment.fulfilment_content(
        world.agglomeration,
        date(2025, 1, 1),
        timezone.localdate(),
        NARRATIVE,
        generated_on=date(2026, 1, 15),
    )


def cs(text: str) -> str:
    """What the report (written in Czech for Olomouc) says for an English message."""
    with translation.override("cs"):
        return translation.gettext(text)


# ---- the fulfilment report ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_fulfilment_docx_has_the_narrative_and_the_system_tables() -> None:
    # Given a strategy with intentions at several stages and a resolution in 2025
    cw = report_world()
    # When the fulfilment report for 2025 is written as DOCX
    content = _content(cw.world)
    document = Document(io.BytesIO(fulfilment_docx.fulfilment_docx(content)))
    # Then it carries the title, the period and the office's narrative
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert cs("Report on the fulfilment of the integrated strategy") in text
    assert content.period in text
    for narrative in NARRATIVE.values():
        assert narrative in text
    # And the money table per measure: allocation and the funnel stages
    # (the amendments of the period are none: a sentence, not a table)
    facts, money, _objectives, _projects, _risk, calls, resolutions, indicators = document.tables
    headers = [cell.text for cell in money.rows[0].cells]
    assert headers[:3] == [cs("Measure"), cs("Currency"), cs("Allocation")]
    assert cs("Contracted") in headers
    measure = [cell.text for cell in money.rows[1].cells]
    assert measure[0] == "2.1.1 Kapacity mateřských škol"
    assert measure[1] == "CZK"
    with translation.override("cs"):
        assert measure[2] == fulfilment.format_money(Decimal("80348729.00"))
        assert measure[3] == fulfilment.format_money(Decimal("1000000.00"))  # pipeline
        assert measure[4] == fulfilment.format_money(Decimal("2000000.00"))  # endorsed
        assert measure[6] == fulfilment.format_money(Decimal("4000000.00"))  # contracted
    # And the call of the period, the resolution and the committed indicator
    assert calls.rows[0].cells[0].text == cs("Call")
    assert calls.rows[1].cells[0].text.startswith("2 Zvýšení kapacity")
    assert calls.rows[1].cells[-1].text == "3"
    assert resolutions.rows[1].cells[0].text == "1/2025"
    assert resolutions.rows[1].cells[2].text == "Zpráva o plnění strategie za rok 2024"
    assert [cell.text for cell in indicators.rows[0].cells][5] == cs("Target 2029")
    row = [cell.text for cell in indicators.rows[1].cells]
    assert row[0] == "2.1.1"
    assert row[1].startswith("T-CYKLO")
    assert row[6] == "2,5"  # committed, in Czech number format
    assert facts.rows[0].cells[0].text == cs("Agglomeration")
    # And the chart, as a picture under its own heading, with the note below it
    assert content.chart.title in text
    assert content.chart.note in text
    (shape,) = document.inline_shapes
    picture = document.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed]
    assert picture.blob.startswith(b"\x89PNG")
    with Image.open(io.BytesIO(picture.blob)) as image:
        # one group of bars per measure and a legend row, no taller than a page holds
        assert image.width == chart_image.WIDTH
        bars = chart_image.BAR * len(content.chart.series) * len(content.chart.bars)
        assert bars + chart_image.LEGEND_ROW < image.height <= chart_image.MAX_HEIGHT


@pytest.mark.django_db
def test_the_fulfilment_pdf_has_the_tables_and_a_chart() -> None:
    # Given the same strategy
    cw = report_world()
    content = _content(cw.world)
    # When it is written as PDF (uncompressed, so the drawing can be read)
    with translation.override("cs"):
        data = fulfilment_pdf.fulfilment_pdf(content, compress=False)
    # Then the text has the narrative, the tables and the chart's title and legend
    assert data.startswith(b"%PDF")
    text = _pdf_text(data)
    assert "Zpoždění stavebních povolení" in text
    assert "2.1.1 Kapacity mateřských škol" in text
    assert "1/2025" in text
    assert content.chart.title in text
    assert content.chart.bars[0][0] == "2.1.1"
    # And the bars are drawn as filled rectangles (" re f" operators), one per non-zero value
    assert data.count(b" re f") >= 4 + len(content.chart.series)


@pytest.mark.django_db
def test_an_empty_period_says_so_instead_of_an_empty_table() -> None:
    # Given a strategy without intentions, calls or resolutions in 2021
    world = PipelineWorld.create()
    # When the report for 2021 is written
    content = fulfilment.fulfilment_content(
        world.agglomeration,
        date(2021, 1, 1),
        date(2021, 12, 31),
        {},
        generated_on=date(2022, 1, 10),
    )
    document = Document(io.BytesIO(fulfilment_docx.fulfilment_docx(content)))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    # Then each empty table and the empty narrative are explained
    assert cs("No call was open in the period.") in text
    assert cs("The steering committee adopted no resolution in the period.") in text
    assert cs("The strategy sets no indicators.") in text
    # And a chart without bars says so instead of an empty picture
    barless = replace(content, chart=replace(content.chart, bars=[]))
    document = Document(io.BytesIO(fulfilment_docx.fulfilment_docx(barless)))
    assert "Nothing to draw." in [paragraph.text for paragraph in document.paragraphs]
    assert not document.inline_shapes
    with translation.override("cs"):
        pdf = fulfilment_pdf.fulfilment_pdf(content)
    assert cs("No call was open in the period.") in _pdf_text(pdf)


@pytest.mark.django_db
def test_it_reports_on_the_strategy_of_the_period() -> None:
    # Given an agglomeration with a 2021-2027 strategy
    world = PipelineWorld.create()
    # Then a 2014-2020 period falls back to the latest strategy, 2029 still belongs to it
    assert fulfilment.pick_strategy(world.agglomeration, date(2015, 1, 1)) == world.strategy
    assert fulfilment.pick_strategy(world.agglomeration, date(2029, 1, 1)) == world.strategy
    # And an agglomeration without an approved strategy has nothing to report on
    with pytest.raises(fulfilment.NoStrategy):
        fulfilment.pick_strategy(make_opole(), date(2025, 1, 1))


# ---- the background flow --------------------------------------------------------------------


@pytest.mark.django_db
def test_a_requested_report_is_generated_in_the_background_and_kept(
    django_capture_on_commit_callbacks: Capture, private_root: Path
) -> None:
    # Given a manager
    cw = report_world()
    manager = fresh(cw.manager)
    # When they request the fulfilment report for 2025 (and the transaction commits)
    with django_capture_on_commit_callbacks(execute=True):
        report = request_report(
            cw.world.agglomeration,
            kind=K.FULFILMENT,
            period_start=date(2025, 1, 1),
            period_end=date(2025, 12, 31),
            narrative=NARRATIVE,
            actor=manager,
        )
    # Then the task ran: queued -> running -> succeeded, with the DOCX and the PDF stored
    report.refresh_from_db()
    assert report.status == ImportStatus.SUCCEEDED
    assert report.finished_at is not None
    assert set(report.files) == {"docx", "pdf"}
    for extension in ("docx", "pdf"):
        # in the private storage, readable by the owner only
        path = private_root / "reports" / report.files[extension]
        assert path.stat().st_mode & 0o777 == 0o600
        assert path.parent.stat().st_mode & 0o777 == 0o700
        handle = storage.open_file(report, extension)
        assert handle is not None
        with handle:
            assert handle.read() == path.read_bytes()
    steps = StatusChange.objects.filter(workflow="monitoring.report", object_id=report.pk)
    assert [(s.old_status, s.new_status) for s in steps] == [
        ("queued", "running"),
        ("running", "succeeded"),
    ]
    assert AuditEvent.objects.filter(code="monitoring.report.requested").count() == 1
    assert report.narrative == NARRATIVE
    # And it is in the history with its files
    [line] = history.list_reports(cw.world.agglomeration)
    assert line.report == report
    assert line.formats == ["docx", "pdf"]
    assert not line.pending


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "extensions"),
    [(K.OPERATIONS, {"csv", "xlsx", "json"}), (K.CALLS_CALENDAR, {"csv", "xlsx", "json"})],
)
def test_the_lists_of_article_49_are_generated_as_open_data(
    django_capture_on_commit_callbacks: Capture, kind: str, extensions: set[str]
) -> None:
    # Given a coordinator
    world = PipelineWorld.create()
    # When they request a list without dates
    with django_capture_on_commit_callbacks(execute=True):
        report = request_report(world.agglomeration, kind=kind, actor=world.user(Role.COORDINATOR))
    # Then it is stated as of today (operations) or for the next twelve months (calendar)
    report.refresh_from_db()
    assert report.status == ImportStatus.SUCCEEDED
    assert set(report.files) == extensions
    if kind == K.OPERATIONS:
        assert report.period_start is None
        assert report.period_end is not None
    else:
        assert report.period_start is not None
        assert report.period_end is not None
        assert (report.period_end - report.period_start).days == 365


@pytest.mark.django_db
def test_a_failed_generation_is_kept_with_its_reason(
    django_capture_on_commit_callbacks: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a report whose generation breaks
    world = PipelineWorld.create()

    def broken(report: GeneratedReport, *, today: date) -> dict[str, bytes]:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(report_tasks, "render_report", broken)
    # When it is requested
    with django_capture_on_commit_callbacks(execute=True):
        report = request_report(
            world.agglomeration, kind=K.OPERATIONS, actor=world.user(Role.MANAGER)
        )
    # Then it failed, with a message for people (not the exception) and no files
    report.refresh_from_db()
    assert report.status == ImportStatus.FAILED
    assert "disk on fire" not in report.error
    assert report.error
    assert report.files == {}
    assert report.finished_at is not None


@pytest.mark.django_db
def test_a_report_whose_strategy_disappeared_fails_with_that_reason(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    # Given a fulfilment report queued while the strategy still had an approved version
    world = PipelineWorld.create()
    report = request_report(
        world.agglomeration,
        kind=K.FULFILMENT,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 6, 30),
        actor=world.user(Role.MANAGER),
    )
    Strategy.objects.filter(pk=world.strategy.pk).update(current_version=None)
    # When the task runs
    assert report_tasks.generate_report.call(report.pk) == ImportStatus.FAILED
    # Then the report says why
    report.refresh_from_db()
    assert report.error == cs("The agglomeration has no approved strategy to report on.")


@pytest.mark.django_db
def test_the_task_leaves_reports_that_are_not_queued_alone() -> None:
    # Given a report generated already, and one whose requester has left the office
    world = PipelineWorld.create()
    manager = world.user(Role.MANAGER)
    done = request_report(world.agglomeration, kind=K.OPERATIONS, actor=manager)
    assert report_tasks.generate_report.call(done.pk) == ImportStatus.SUCCEEDED
    leaver = User.objects.create_user("leaver", password="pw-123456")
    Membership.objects.create(user=leaver, agglomeration=world.agglomeration, role=Role.MANAGER)
    orphan = request_report(world.agglomeration, kind=K.OPERATIONS, actor=leaver)
    Membership.objects.filter(user=leaver).delete()
    # When the task runs again on them, or on a report that does not exist
    # Then nothing changes
    assert report_tasks.generate_report.call(done.pk) == ImportStatus.SUCCEEDED
    assert report_tasks.generate_report.call(orphan.pk) == ImportStatus.QUEUED
    assert report_tasks.generate_report.call(999_999) == "missing"
    orphan.refresh_from_db()
    assert orphan.status == ImportStatus.QUEUED
    # And a report whose requester was deleted stays queued too
    User.objects.filter(pk=leaver.pk).delete()
    assert report_tasks.generate_report.call(orphan.pk) == ImportStatus.QUEUED


# ---- bad input and permissions of the action ------------------------------------------------


@pytest.mark.django_db
def test_it_refuses_a_period_that_ends_before_it_starts() -> None:
    # Given a manager
    world = PipelineWorld.create()
    # When they ask for a period ending before it starts
    with pytest.raises(ValidationError) as error:
        request_report(
            world.agglomeration,
            kind=K.FULFILMENT,
            period_start=date(2025, 12, 31),
            period_end=date(2025, 1, 1),
            actor=world.user(Role.MANAGER),
        )
    # Then the message is on the end of the period, and nothing is queued
    assert set(error.value.message_dict) == {"period_end"}
    assert not GeneratedReport.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_fulfilment_report_without_a_period_or_strategy_or_with_long_texts() -> None:
    # Given an agglomeration without a strategy and a manager there
    opole = make_opole()
    manager = User.objects.create_user("opole-boss", password="pw-123456")
    Membership.objects.create(user=manager, agglomeration=opole, role=Role.MANAGER)
    # When they ask for a fulfilment report without dates and with an overlong text
    with pytest.raises(ValidationError) as error:
        request_report(
            opole,
            kind=K.FULFILMENT,
            narrative={"outlook": "x" * (NARRATIVE_MAX + 1)},
            actor=manager,
        )
    # Then each problem is named at its field
    assert set(error.value.message_dict) == {"period_start", "period_end", "kind", "outlook"}
    # And an unknown kind of report is refused too
    with pytest.raises(ValidationError) as unknown:
        request_report(opole, kind="horoscope", actor=manager)
    assert set(unknown.value.message_dict) == {"kind"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in Role if r not in (Role.MANAGER, Role.COORDINATOR)])
def test_only_the_manager_and_coordinators_request_reports(role: Role) -> None:
    # Given a member of the agglomeration in another role
    world = PipelineWorld.create()
    # When they request a report
    # Then they are refused
    with pytest.raises(PermissionDenied):
        request_report(world.agglomeration, kind=K.OPERATIONS, actor=world.user(role))
    assert not GeneratedReport.objects.exists()
