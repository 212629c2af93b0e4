"""A real `manage.py db_worker` is killed (SIGKILL) in the middle of an import: once its lease
has expired, `manage.py expire_stale_jobs` marks the job and its task failed with the reason,
and the import started again is landed by a fresh worker.

Everything runs in processes of their own against a throwaway PostgreSQL database of this test
(created, migrated and dropped here), with TASKS_BACKEND=database and a lease of 2 seconds. The
import is a generated list of tens of thousands of rows, so that it reads for a few seconds.
Every wait is bounded and every process is killed in `finally`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import psycopg
import pytest
from django.conf import settings

from aglomera.monitoring.tests.import_helpers import cz_2014_csv, cz_row

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parent.parent
ROWS = 60_000
T = TypeVar("T")

SETUP = """
import datetime
from django.core.files import File
from aglomera.accounts.models import Role
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.actions import imports
from aglomera.monitoring.models import SourceLayout

world = PipelineWorld.create()
manager = world.user(Role.MANAGER)
with open({path!r}, "rb") as handle:
    job = imports.start_import(
        world.agglomeration,
        File(handle, name="big.csv"),
        file_name="big.csv",
        source_name="ŘO IROP",
        layout=SourceLayout.CZ_2014,
        as_of=datetime.date(2024, 5, 31),
        actor=manager,
    )
print("JOB", job.pk, manager.pk)
"""

START_AGAIN = """
from aglomera.accounts.models import User
from aglomera.monitoring.actions import jobs
from aglomera.monitoring.models import ImportJob

job = jobs.start_import_again(ImportJob.objects.get(pk={job}), actor=User.objects.get(pk={user}))
print("QUEUED", job.status)
"""


def _connect(dbname: str) -> psycopg.Connection[Any]:
    db = settings.DATABASES["default"]
    return psycopg.connect(
        host=str(db["HOST"] or "127.0.0.1"),
        port=int(str(db["PORT"] or 5432)),
        user=str(db["USER"]),
        password=str(db["PASSWORD"] or "") or None,
        dbname=dbname,
        autocommit=True,
    )


@pytest.fixture
def database() -> Iterator[str]:
    """A PostgreSQL database of this test alone, dropped afterwards."""
    name = f"aglomera_h_f_lease_{os.getpid()}"
    with _connect("postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with _connect("postgres") as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _env(database: str, tmp_path: Path) -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        APP_ENV="test",
        DEBUG="false",
        DB_ENGINE="postgres",
        DB_NAME=database,
        DB_HOST=str(db["HOST"] or "127.0.0.1"),
        DB_PORT=str(db["PORT"] or 5432),
        DB_USER=str(db["USER"]),
        DB_PASSWORD=str(db["PASSWORD"] or ""),
        DB_CONN_MAX_AGE="0",
        TASKS_BACKEND="database",
        JOB_LEASE_SECONDS="2",
        VAR_DIR=str(tmp_path / "var"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
        PYTHONUNBUFFERED="1",
    )
    return env


def _manage(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as output:
        return subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-startup-delay",
                "--no-reload",
                "--interval",
                "0.1",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, killed whole
        )


def _kill(worker: subprocess.Popen[bytes] | None) -> None:
    if worker is not None and worker.poll() is None:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)


def _until(check: Callable[[], T | None], seconds: float, what: str, log: Path) -> T:
    deadline = time.monotonic() + seconds
    while True:
        found = check()
        if found is not None:
            return found
        if time.monotonic() > deadline:
            worker_log = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
            pytest.fail(f"gave up waiting for {what}; worker log:\n{worker_log[-4000:]}")
        time.sleep(0.02)


def test_a_killed_worker_leaves_a_job_that_expires_and_runs_again(
    database: str, tmp_path: Path
) -> None:
    env = _env(database, tmp_path)
    log = tmp_path / "worker.log"
    # Given a migrated database, a manager and their import of 60,000 rows, queued
    _manage(env, "migrate", "--noinput")
    path = tmp_path / "big.csv"
    numbers = (f"CZ.06.2.56/0.0/0.0/16_043/{n:07d}" for n in range(ROWS))
    path.write_text(cz_2014_csv(*(cz_row(number) for number in numbers)), encoding="utf-8")
    out = _manage(env, "shell", "-c", SETUP.format(path=str(path)))
    job_id, user_id = (int(value) for value in out.split("JOB", 1)[1].split())
    worker = fresh = None
    with _connect(database) as db:

        def job() -> dict[str, Any]:
            row = db.execute(
                "SELECT status, rows_done, attempt, lease_expires_at, lease_expired, error, "
                "created FROM monitoring_importjob WHERE id = %s",
                (job_id,),
            ).fetchone()
            assert row is not None
            keys = ("status", "rows_done", "attempt", "expires", "expired", "error", "created")
            return dict(zip(keys, row, strict=True))

        def task_statuses() -> list[str]:
            rows = db.execute(
                "SELECT status FROM django_tasks_database_dbtaskresult "
                "WHERE task_path = 'aglomera.monitoring.tasks.run_import' "
                "AND args_kwargs -> 'args' = %s::jsonb ORDER BY enqueued_at",
                (f"[{job_id}]",),
            ).fetchall()
            return [status for (status,) in rows]

        def ended() -> dict[str, Any] | None:
            state = job()
            return state if state["status"] in ("succeeded", "failed") else None

        def reading() -> dict[str, Any] | None:
            state = job()
            assert state["status"] in ("queued", "running"), f"it ended before the kill: {state}"
            return state if state["status"] == "running" and state["rows_done"] > 0 else None

        try:
            # When a worker takes it and is killed while it reads the rows
            worker = _start_worker(env, log)
            _until(reading, 120, "the worker to read rows", log)
            _kill(worker)
            # Then the job and its task are left running
            left = job()
            assert left["status"] == "running"
            assert left["attempt"] == 1
            assert task_statuses() == ["RUNNING"]
            # When its lease has run out and cron expires stale jobs
            _until(
                lambda: True if datetime.now(UTC) > left["expires"] else None,
                30,
                "the lease to run out",
                log,
            )
            summary = _manage(env, "expire_stale_jobs")
            assert "now marked failed: 1." in summary
            # Then the import failed because its worker stopped, and its task failed too
            failed = job()
            assert failed["status"] == "failed"
            assert failed["expired"]
            assert "The background worker stopped" in failed["error"]
            assert task_statuses() == ["FAILED"]
            # When the manager starts it again and a fresh worker runs
            assert "QUEUED queued" in _manage(
                env, "shell", "-c", START_AGAIN.format(job=job_id, user=user_id)
            )
            fresh = _start_worker(env, log)
            finished = _until(ended, 300, "the second run to finish", log)
            # (the worker records its task's end just after the task's last step)
            tasks = _until(
                lambda: statuses if "RUNNING" not in (statuses := task_statuses()) else None,
                30,
                "the worker to record the task's end",
                log,
            )
        finally:
            _kill(worker)
            _kill(fresh)
        # Then the import landed whole, as the second attempt, and its new task succeeded
        assert finished["status"] == "succeeded", finished
        assert finished["attempt"] == 2
        assert finished["created"] == ROWS
        assert tasks == ["FAILED", "SUCCESSFUL"]
