"""Jobs cannot stay "running" for ever: a running import or report holds a lease its worker
renews; once the lease has expired (the worker was killed) the job is marked failed with a
reason the user reads, can be started again, and a worker that was only slow cannot overwrite
the newer run.

A killed worker is played by a progress point (or a report renderer) that raises a
BaseException nothing in the job catches, as the end of a process would leave it. The real
thing, a `db_worker` process killed with SIGKILL, is in tests/test_worker_lease.py.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from aglomera.accounts.models import Membership, Role, User
from aglomera.core.models import AuditEvent, StatusChange
from aglomera.core.transitions import TransitionNotAllowed
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring import report_tasks
from aglomera.monitoring.actions import imports, jobs
from aglomera.monitoring.actions.reports import request_report
from aglomera.monitoring.leases import Heartbeat, LeaseLost, renew
from aglomera.monitoring.models import (
    GeneratedReport,
    GeneratedReportKind,
    ImportJob,
    ImportStatus,
    Operation,
    OperationSnapshot,
    SourceLayout,
)
from aglomera.monitoring.tasks import run_import
from aglomera.monitoring.tests.import_helpers import AS_OF, cz_2014_csv, cz_row
from aglomera.monitoring.transitions import IMPORT_JOB

Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]
S = ImportStatus
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class Killed(BaseException):
    """The worker process ends here (SIGKILL, out of memory): nothing in the job catches it."""


def fresh(user: User) -> User:
    """A new user object (the permission layer caches roles per object)."""
    return User.objects.get(pk=user.pk)


def _csv(tmp_path: Path, rows: int) -> Path:
    path = tmp_path / f"list-{rows}.csv"
    numbers = (f"CZ.06.2.56/0.0/0.0/16_043/{n:07d}" for n in range(rows))
    path.write_text(cz_2014_csv(*(cz_row(number) for number in numbers)), encoding="utf-8")
    return path


def _queued(world: PipelineWorld, path: Path, actor: User) -> ImportJob:
    with path.open("rb") as handle:
        return imports.start_import(
            world.agglomeration,
            File(handle, name=path.name),
            file_name=path.name,
            source_name="ŘO IROP",
            layout=SourceLayout.CZ_2014,
            as_of=AS_OF,
            enqueue=False,
            actor=actor,
        )


def _kill_at_first_progress(done: int, total: int) -> None:
    raise Killed


def _killed_import(world: PipelineWorld, tmp_path: Path, rows: int = 30) -> ImportJob:
    """An import whose worker died in the middle: running, some rows read."""
    manager = world.user(Role.MANAGER)
    job = _queued(world, _csv(tmp_path, rows), manager)
    with pytest.raises(Killed):
        imports.run_import(job, actor=manager, progress=_kill_at_first_progress)
    job.refresh_from_db()
    assert job.status == S.RUNNING
    assert job.rows_done > 0
    return job


def _steps(job: ImportJob | GeneratedReport) -> list[tuple[str, str, str]]:
    workflow = "monitoring.import" if isinstance(job, ImportJob) else "monitoring.report"
    return [
        (change.old_status, change.new_status, change.reason)
        for change in StatusChange.objects.filter(workflow=workflow, object_id=job.pk).order_by(
            "id"  # in the order of the steps: some of them were taken at a travelled time
        )
    ]


def _after_lease(job: ImportJob | GeneratedReport) -> time_machine.travel:
    assert job.lease_expires_at is not None
    return time_machine.travel(job.lease_expires_at + timedelta(seconds=1), tick=False)


# ---- imports ----------------------------------------------------------------------------------


def test_an_import_whose_worker_was_killed_fails_once_its_lease_has_expired(
    world: PipelineWorld, tmp_path: Path
) -> None:
    # Given an import whose worker was killed in the middle, holding a lease of 120 s
    job = _killed_import(world, tmp_path)
    assert job.attempt == 1
    assert job.lease_expires_at is not None
    assert job.heartbeat_at is not None
    assert job.lease_expires_at - job.heartbeat_at == timedelta(seconds=120)
    # When the lease still runs, then nothing expires
    assert jobs.expire_stale_jobs() == 0
    job.refresh_from_db()
    assert job.status == S.RUNNING
    # When it has run out
    with _after_lease(job):
        assert jobs.expire_stale_jobs() == 1
        # Then the import failed because its worker stopped, and says so
        job.refresh_from_db()
        assert job.status == S.FAILED
        assert job.lease_expired
        assert job.finished_at == timezone.now()
        assert "The background worker stopped while working on this import" in job.error
        assert "Start it again." in job.error
        assert job.failure_message == job.lease_message
        assert job.status_label == "Worker stopped"
        # And the step is in its history in the requester's name, with the reason
        assert _steps(job)[-1] == ("running", "failed", "lease expired")
        last = StatusChange.objects.filter(object_id=job.pk).last()
        assert last is not None
        assert last.actor == world.user(Role.MANAGER)
        # And running it once more expires nothing more
        assert jobs.expire_stale_jobs() == 0


def test_an_import_whose_worker_stopped_is_started_again_and_lands(
    world: PipelineWorld, tmp_path: Path, django_capture_on_commit_callbacks: Capture
) -> None:
    # Given an import that failed because its worker stopped
    job = _killed_import(world, tmp_path)
    with _after_lease(job):
        jobs.expire_stale_jobs()
    job.refresh_from_db()
    manager = fresh(world.user(Role.MANAGER))
    assert jobs.can_start_again(job, manager)
    # When the requester starts it again (the task runs when that commits)
    with django_capture_on_commit_callbacks(execute=True):
        queued = jobs.start_import_again(job, actor=manager)
    assert queued.status == S.QUEUED
    # Then it read the same stored file from the start and landed, as attempt 2
    job.refresh_from_db()
    assert job.status == S.SUCCEEDED
    assert job.attempt == 2
    assert not job.lease_expired
    assert job.error == ""
    assert (job.rows_total, job.created) == (30, 30)
    assert Operation.objects.count() == 30
    assert job.status_label == "Imported"
    assert not jobs.can_start_again(job, manager)
    assert _steps(job) == [
        ("queued", "running", ""),
        ("running", "failed", "lease expired"),
        ("failed", "queued", "started again"),
        ("queued", "running", ""),
        ("running", "succeeded", ""),
    ]


def test_a_worker_that_keeps_making_progress_keeps_its_job(
    world: PipelineWorld, tmp_path: Path
) -> None:
    # Given an import of 3,500 rows (a progress point every 1,000) and a clock that moves 100 s
    # at each of them: 400 s in all, far beyond one lease of 120 s
    manager = world.user(Role.MANAGER)
    job = _queued(world, _csv(tmp_path, 3500), manager)
    expired: list[int] = []
    with time_machine.travel(timezone.now(), tick=False) as clock:

        def slow(done: int, total: int) -> None:
            clock.shift(timedelta(seconds=100))
            expired.append(jobs.expire_stale_jobs())

        # When it runs
        finished = imports.run_import(job, actor=manager, progress=slow)
    # Then every progress point renewed the lease: it was never expired, and it landed
    assert expired == [0, 0, 0, 0]
    assert finished.status == S.SUCCEEDED
    assert finished.created == 3500


@pytest.mark.parametrize("when", ["first progress point", "last progress point"])
def test_a_slow_worker_that_lost_its_lease_cannot_finish_the_job(
    world: PipelineWorld,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Capture,
    when: str,
) -> None:
    # Given an import of 2,500 rows whose first worker is only slow: while it reads (or after it
    # read the last row, before it writes), its lease expires, the job fails and the manager
    # starts it again, and the second run lands the list
    manager = world.user(Role.MANAGER)
    job = _queued(world, _csv(tmp_path, 2500), manager)
    takeovers: list[ImportJob] = []

    def slow(done: int, total: int) -> None:
        if takeovers or (when == "last progress point" and done < total):
            return
        current = ImportJob.objects.get(pk=job.pk)
        with _after_lease(current):
            assert jobs.expire_stale_jobs() == 1
        with django_capture_on_commit_callbacks(execute=True):
            jobs.start_import_again(current, actor=fresh(manager))
        takeovers.append(ImportJob.objects.get(pk=job.pk))

    # When the first worker goes on
    result = imports.run_import(job, actor=manager, progress=slow)
    # Then it stopped without writing: the job is the second run's, written once
    [second] = takeovers
    assert second.status == S.SUCCEEDED
    assert second.attempt == 2
    assert result.status == S.SUCCEEDED
    assert result.attempt == 2
    assert Operation.objects.count() == 2500
    assert OperationSnapshot.objects.count() == 2500
    assert AuditEvent.objects.filter(code="monitoring.import.written").count() == 1
    assert [step for step in _steps(result) if step[1] == "succeeded"] == [
        ("running", "succeeded", "")
    ]


def test_a_step_of_a_worker_names_its_attempt(world: PipelineWorld, tmp_path: Path) -> None:
    # Given an import taken to running twice: its first run expired, the second runs now
    manager = world.user(Role.MANAGER)
    job = _killed_import(world, tmp_path)
    with _after_lease(job):
        jobs.expire_stale_jobs()
    job.refresh_from_db()
    jobs.start_import_again(job, actor=fresh(manager))
    second = IMPORT_JOB.step(job, S.RUNNING, actor=manager)
    assert second.attempt == 2
    # Then the first run neither renews nor finishes, and the second does
    assert not renew(second, 1, rows_done=5)
    with pytest.raises(LeaseLost, match="attempt 1 lost its lease"):
        IMPORT_JOB.step(second, S.SUCCEEDED, actor=manager, expected_revision=1)
    assert renew(second, 2, rows_done=5)
    done = IMPORT_JOB.step(second, S.SUCCEEDED, actor=manager, expected_revision=2)
    assert done.status == S.SUCCEEDED
    # And nobody finishes a finished job, even with its attempt
    with pytest.raises(LeaseLost):
        IMPORT_JOB.step(done, S.FAILED, actor=manager, expected_revision=2)
    assert not renew(done, 2)


def test_the_system_takes_no_other_step_than_failing_a_running_job(
    world: PipelineWorld, tmp_path: Path
) -> None:
    job = _queued(world, _csv(tmp_path, 3), world.user(Role.MANAGER))
    with pytest.raises(TransitionNotAllowed):
        IMPORT_JOB.step(job, S.RUNNING, actor=None, system=True)


def test_only_an_import_whose_worker_stopped_is_started_again(
    world: PipelineWorld, tmp_path: Path
) -> None:
    # Given a refused import (a bad row) and one running with a valid lease
    manager = fresh(world.user(Role.MANAGER))
    path = tmp_path / "bad.csv"
    path.write_text(cz_2014_csv(cz_row(eu="not a number")), encoding="utf-8")
    refused = imports.run_import(_queued(world, path, manager), actor=manager)
    assert refused.status == S.FAILED
    running = _killed_import(world, tmp_path)
    # Then neither is offered nor started again
    for job in (refused, running):
        assert not jobs.can_start_again(job, manager)
        with pytest.raises(ValidationError) as error:
            jobs.start_import_again(job, actor=manager)
        assert error.value.messages == [
            "Only a job whose background worker stopped can be started again."
        ]


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("requester", True),
        ("manager", True),
        ("other coordinator", False),
        ("auditor", False),
        ("outsider", False),
    ],
)
def test_the_requester_or_a_manager_starts_an_import_again(
    world: PipelineWorld, tmp_path: Path, who: str, allowed: bool
) -> None:
    # Given an import of a coordinator whose worker stopped
    coordinator = world.user(Role.COORDINATOR)
    job = _queued(world, _csv(tmp_path, 3), coordinator)
    with pytest.raises(Killed):
        imports.run_import(job, actor=coordinator, progress=_kill_at_first_progress)
    job.refresh_from_db()
    with _after_lease(job):
        jobs.expire_stale_jobs()
    job.refresh_from_db()
    other = User.objects.create_user("other-coordinator", password="pw-123456")
    Membership.objects.create(user=other, agglomeration=world.agglomeration, role=Role.COORDINATOR)
    actor = {
        "requester": coordinator,
        "manager": world.user(Role.MANAGER),
        "other coordinator": other,
        "auditor": world.user(Role.AUDITOR),
        "outsider": User.objects.create_user("outsider", password="pw-123456"),
    }[who]
    actor = fresh(actor)
    # Then the button and the action agree on who may
    assert jobs.can_start_again(job, actor) is allowed
    if allowed:
        assert jobs.start_import_again(job, actor=actor).status == S.QUEUED
    else:
        with pytest.raises(PermissionDenied):
            jobs.start_import_again(job, actor=actor)


def test_expiry_fails_the_task_result_the_killed_worker_left_running(
    world: PipelineWorld, tmp_path: Path
) -> None:
    # Given two imports queued in the database (production) and claimed by a worker that then
    # died in the middle of the first one
    manager = world.user(Role.MANAGER)
    job = _queued(world, _csv(tmp_path, 3), manager)
    other = _queued(world, _csv(tmp_path, 4), manager)
    with override_settings(TASKS=DATABASE_TASKS):
        run_import.enqueue(job.pk)
        run_import.enqueue(other.pk)
    for result in DBTaskResult.objects.all():
        result.claim("worker-1")
    running = IMPORT_JOB.step(job, S.RUNNING, actor=manager)
    # When its lease has expired
    with _after_lease(running):
        assert jobs.expire_stale_jobs() == 1
    # Then its task is failed with the reason, and the other job's task is left alone
    dead = DBTaskResult.objects.get(args_kwargs__args=[job.pk])
    assert dead.status == TaskResultStatus.FAILED
    assert dead.exception_class_path == "aglomera.monitoring.actions.jobs.WorkerStopped"
    assert "The background worker stopped" in dead.traceback
    alive = DBTaskResult.objects.get(args_kwargs__args=[other.pk])
    assert alive.status == TaskResultStatus.RUNNING


def test_expiry_of_one_agglomeration_leaves_the_others(
    world: PipelineWorld, tmp_path: Path
) -> None:
    job = _killed_import(world, tmp_path)
    opole = PipelineWorld.create(_opole())
    with _after_lease(job):
        assert jobs.expire_stale_jobs(agglomeration=opole.agglomeration) == 0
        assert jobs.expire_stale_jobs(agglomeration=world.agglomeration) == 1


def _opole() -> Any:
    from aglomera.strategy.tests.builders import make_opole

    return make_opole()


# ---- reports ----------------------------------------------------------------------------------


def _killed_report(
    world: PipelineWorld, monkeypatch: pytest.MonkeyPatch, actor: User | None = None
) -> GeneratedReport:
    report = request_report(
        world.agglomeration,
        kind=GeneratedReportKind.OPERATIONS,
        actor=actor or world.user(Role.MANAGER),
    )

    def killed(report: GeneratedReport, *, today: date) -> dict[str, bytes]:
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(report_tasks, "render_report", killed)
        with pytest.raises(Killed):
            report_tasks.generate_report.call(report.pk)
    report.refresh_from_db()
    assert report.status == S.RUNNING
    return report


def test_a_report_whose_worker_was_killed_fails_and_is_generated_again(
    world: PipelineWorld,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    # Given a report whose worker was killed while it rendered
    report = _killed_report(world, monkeypatch)
    # When its lease has expired
    with _after_lease(report):
        assert jobs.expire_stale_jobs() == 1
    # Then it failed, saying why
    report.refresh_from_db()
    assert report.status == S.FAILED
    assert report.lease_expired
    assert "The background worker stopped while generating this report" in report.error
    assert report.status_label == "Worker stopped"
    # And the manager starts it again, and it is generated
    manager = fresh(world.user(Role.MANAGER))
    assert jobs.can_start_again(report, manager)
    with django_capture_on_commit_callbacks(execute=True):
        jobs.start_report_again(report, actor=manager)
    report.refresh_from_db()
    assert report.status == S.SUCCEEDED
    assert report.attempt == 2
    assert set(report.files) == {"csv", "xlsx", "json"}
    assert _steps(report) == [
        ("queued", "running", ""),
        ("running", "failed", "lease expired"),
        ("failed", "queued", "started again"),
        ("queued", "running", ""),
        ("running", "succeeded", ""),
    ]


def test_a_slow_report_worker_that_lost_its_lease_cannot_finish_it(
    world: PipelineWorld,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    # Given a report whose first worker renders so slowly that its lease expires, the report
    # fails and is generated again by a second worker meanwhile
    manager = world.user(Role.MANAGER)
    report = request_report(world.agglomeration, kind=GeneratedReportKind.OPERATIONS, actor=manager)
    render = report_tasks.render_report

    def slow(running: GeneratedReport, *, today: date) -> dict[str, bytes]:
        monkeypatch.setattr(report_tasks, "render_report", render)
        with _after_lease(running):
            assert jobs.expire_stale_jobs() == 1
        current = GeneratedReport.objects.get(pk=running.pk)
        with django_capture_on_commit_callbacks(execute=True):
            jobs.start_report_again(current, actor=fresh(manager))
        return {"csv": b"stale"}

    monkeypatch.setattr(report_tasks, "render_report", slow)
    # When the first worker finishes rendering
    status = report_tasks.generate_report.call(report.pk)
    # Then it does not record its result over the second one's
    report.refresh_from_db()
    assert status == S.SUCCEEDED
    assert report.attempt == 2
    assert set(report.files) == {"csv", "xlsx", "json"}
    assert [step for step in _steps(report) if step[1] == "succeeded"] == [
        ("running", "succeeded", "")
    ]


def test_a_failing_report_of_a_worker_that_lost_its_lease_is_not_recorded(
    world: PipelineWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a report whose first worker breaks after its lease expired and the report failed
    manager = world.user(Role.MANAGER)
    report = request_report(world.agglomeration, kind=GeneratedReportKind.OPERATIONS, actor=manager)

    def broken(running: GeneratedReport, *, today: date) -> dict[str, bytes]:
        with _after_lease(running):
            jobs.expire_stale_jobs()
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(report_tasks, "render_report", broken)
    # Then its failure is not recorded over the expiry
    assert report_tasks.generate_report.call(report.pk) == S.FAILED
    report.refresh_from_db()
    assert report.lease_expired
    assert [step[2] for step in _steps(report)] == ["", "lease expired"]


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("requester", True), ("manager", True), ("other coordinator", False), ("auditor", False)],
)
def test_the_requester_or_a_manager_generates_a_report_again(
    world: PipelineWorld, monkeypatch: pytest.MonkeyPatch, who: str, allowed: bool
) -> None:
    coordinator = world.user(Role.COORDINATOR)
    report = _killed_report(world, monkeypatch, actor=coordinator)
    with _after_lease(report):
        jobs.expire_stale_jobs()
    report.refresh_from_db()
    other = User.objects.create_user("other-coordinator", password="pw-123456")
    Membership.objects.create(user=other, agglomeration=world.agglomeration, role=Role.COORDINATOR)
    actor = fresh(
        {
            "requester": coordinator,
            "manager": world.user(Role.MANAGER),
            "other coordinator": other,
            "auditor": world.user(Role.AUDITOR),
        }[who]
    )
    assert jobs.can_start_again(report, actor) is allowed
    if allowed:
        assert jobs.start_report_again(report, actor=actor).status == S.QUEUED
    else:
        with pytest.raises(PermissionDenied):
            jobs.start_report_again(report, actor=actor)


def test_a_report_that_did_not_lose_its_worker_is_not_generated_again(
    world: PipelineWorld,
) -> None:
    manager = fresh(world.user(Role.MANAGER))
    report = request_report(world.agglomeration, kind=GeneratedReportKind.OPERATIONS, actor=manager)
    with pytest.raises(ValidationError):
        jobs.start_report_again(report, actor=manager)


# ---- pages ------------------------------------------------------------------------------------


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(name: str, world: PipelineWorld, **kwargs: Any) -> str:
    return reverse(f"monitoring:{name}", kwargs={"slug": world.agglomeration.slug, **kwargs})


def test_the_import_pages_show_a_stopped_worker_and_start_the_import_again(
    world: PipelineWorld, tmp_path: Path, django_capture_on_commit_callbacks: Capture
) -> None:
    # Given an import whose worker was killed, and its lease has expired (no cron ran)
    job = _killed_import(world, tmp_path)
    manager = _client(world.user(Role.MANAGER))
    auditor = _client(world.user(Role.AUDITOR))
    with _after_lease(job):
        # When the manager opens the job page (its progress bar polls the same way)
        progress = manager.get(_url("import_progress", world, pk=job.pk))
        page = manager.get(_url("import_job", world, pk=job.pk))
    # Then the page sees the worker stopped and sends them to the result
    assert progress.status_code == 302
    assert page.status_code == 302
    assert page["Location"] == _url("import_result", world, pk=job.pk)
    result = manager.get(page["Location"]).content.decode()
    assert "Worker stopped" in result
    assert "The background worker stopped while working on this import" in result
    again = _url("import_again", world, pk=job.pk)
    assert f'action="{again}"' in result
    listing = manager.get(_url("import_list", world)).content.decode()
    assert "Worker stopped" in listing
    # And an auditor reads it, but may not start it again
    read = auditor.get(_url("import_result", world, pk=job.pk)).content.decode()
    assert "The background worker stopped" in read
    assert again not in read
    assert auditor.post(again).status_code == 403
    # When the manager starts it again, then it runs and lands
    with django_capture_on_commit_callbacks(execute=True):
        response = manager.post(again)
    assert response.status_code == 302
    assert response["Location"] == _url("import_job", world, pk=job.pk)
    job.refresh_from_db()
    assert job.status == S.SUCCEEDED
    # And starting a finished import again is refused with a message
    refused = manager.post(again, follow=True)
    assert "Only a job whose background worker stopped can be started again." in (
        refused.content.decode()
    )


def test_the_list_of_imports_expires_what_it_shows(world: PipelineWorld, tmp_path: Path) -> None:
    job = _killed_import(world, tmp_path)
    client = _client(world.user(Role.COORDINATOR))
    assert "Worker stopped" not in client.get(_url("import_list", world)).content.decode()
    with _after_lease(job):
        assert "Worker stopped" in client.get(_url("import_list", world)).content.decode()
    job.refresh_from_db()
    assert job.status == S.FAILED


def test_the_reports_page_shows_a_stopped_worker_and_generates_the_report_again(
    world: PipelineWorld,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    # Given a report whose worker was killed and whose lease has expired
    report = _killed_report(world, monkeypatch)
    manager = _client(world.user(Role.MANAGER))
    again = reverse(
        "monitoring:report_again", kwargs={"slug": world.agglomeration.slug, "pk": report.pk}
    )
    reports = reverse("monitoring:reports", kwargs={"slug": world.agglomeration.slug})
    # When the manager opens the list of reports
    with _after_lease(report):
        page = manager.get(reports).content.decode()
    # Then it says the worker stopped and offers to start it again
    assert "Worker stopped" in page
    assert "The background worker stopped while generating this report" in page
    assert f'action="{again}"' in page
    assert again not in _client(world.user(Role.AUDITOR)).get(reports).content.decode()
    # When they do, then the report is generated
    with django_capture_on_commit_callbacks(execute=True):
        response = manager.post(again)
    assert response.status_code == 302
    assert response["Location"] == reports
    report.refresh_from_db()
    assert report.status == S.SUCCEEDED
    # And a report that is not stopped is refused with a message; an unknown one is not found
    refused = manager.post(again, follow=True).content.decode()
    assert "Only a job whose background worker stopped can be started again." in refused
    missing = reverse(
        "monitoring:report_again", kwargs={"slug": world.agglomeration.slug, "pk": 999_999}
    )
    assert manager.post(missing).status_code == 404


# ---- commands and the heartbeat ---------------------------------------------------------------


def test_the_cron_command_expires_stale_jobs(world: PipelineWorld, tmp_path: Path) -> None:
    job = _killed_import(world, tmp_path)
    assert call_command("expire_stale_jobs") == ("Jobs whose worker stopped, now marked failed: 0.")
    with _after_lease(job):
        assert call_command("expire_stale_jobs") == (
            "Jobs whose worker stopped, now marked failed: 1."
        )


# Real commits: the worker closes its database connection between tasks.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_expires_stale_jobs_when_it_starts(tmp_path: Path) -> None:
    # Given an import left running by a killed worker, its lease expired
    job = _killed_import(PipelineWorld.create(), tmp_path)
    # When a worker starts (and finds nothing else to do)
    with _after_lease(job), override_settings(TASKS=DATABASE_TASKS):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    # Then the import failed because its worker stopped
    job.refresh_from_db()
    assert job.status == S.FAILED
    assert job.lease_expired


def _wait_for(condition: Callable[[], bool], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.05)


@pytest.fixture
def short_lease(settings: Any) -> Iterator[None]:
    settings.JOB_LEASE_SECONDS = 1
    yield


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_heartbeat_renews_the_lease_and_notices_when_it_is_lost(
    short_lease: None, tmp_path: Path
) -> None:
    # Given a running import (committed, so that the heartbeat's connection sees it)
    world = PipelineWorld.create()
    manager = world.user(Role.MANAGER)
    job = IMPORT_JOB.step(_queued(world, _csv(tmp_path, 3), manager), S.RUNNING, actor=manager)
    first = job.heartbeat_at
    with Heartbeat(job, job.attempt) as heartbeat:
        # When a third of the lease passes, then its thread has renewed it
        _wait_for(lambda: ImportJob.objects.get(pk=job.pk).heartbeat_at != first)
        renewed = ImportJob.objects.get(pk=job.pk)
        assert renewed.lease_expires_at is not None
        assert renewed.heartbeat_at is not None
        assert renewed.lease_expires_at - renewed.heartbeat_at == timedelta(seconds=1)
        # When the job is no longer this attempt's, then it notices and stops
        with _after_lease(renewed):
            IMPORT_JOB.step(renewed, S.FAILED, actor=manager, system=True)
        _wait_for(heartbeat.lost.is_set)
    # And its thread has ended with the block
    assert heartbeat._thread is not None
    assert not heartbeat._thread.is_alive()


def test_no_heartbeat_thread_runs_inside_a_transaction(world: PipelineWorld) -> None:
    # Inside a test's transaction no other connection could see the job: nothing to renew
    manager = world.user(Role.MANAGER)
    report = request_report(world.agglomeration, kind=GeneratedReportKind.OPERATIONS, actor=manager)
    with Heartbeat(report, 0) as heartbeat:
        assert heartbeat._thread is None


def test_the_lease_setting_must_be_positive(tmp_path: Path) -> None:
    from tests.test_settings import import_settings

    result = import_settings(
        tmp_path,
        APP_ENV="development",
        JOB_LEASE_SECONDS="0",
    )
    assert result.returncode != 0
    assert "JOB_LEASE_SECONDS must be at least 1" in result.stderr
