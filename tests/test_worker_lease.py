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
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation

from aglomera.monitoring.models import ImportJob
from aglomera.monitoring.tests.import_helpers import cz_2014_csv, cz_row
from tests.processes import (
    connect,
    db_worker,
    kill,
    manage,
    postgres_env,
    start,
    throwaway_database,
    until,
)

pytestmark = pytest.mark.postgres

ROWS = 60_000

SETUP = """
import datetime
from django.core.files import File
from aglomera.accounts.models import Role
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.actions import imports
from aglomera.monitoring.models import ScopeRule, SourceLayout

world = PipelineWorld.create()
ScopeRule.objects.create(agglomeration=world.agglomeration, note="every row is ours")
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


@pytest.fixture
def database() -> Iterator[str]:
    """A PostgreSQL database of this test alone, dropped afterwards."""
    with throwaway_database(f"aglomera_h_f_lease_{os.getpid()}") as name:
        yield name


def test_a_killed_worker_leaves_a_job_that_expires_and_runs_again(
    database: str, tmp_path: Path
) -> None:
    env = postgres_env(
        database,
        JOB_LEASE_SECONDS="2",
        VAR_DIR=str(tmp_path / "var"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
    )
    log = tmp_path / "worker.log"
    # Given a migrated database, a manager and their import of 60,000 rows, queued
    manage(env, "migrate", "--noinput")
    path = tmp_path / "big.csv"
    numbers = (f"CZ.06.2.56/0.0/0.0/16_043/{n:07d}" for n in range(ROWS))
    path.write_text(cz_2014_csv(*(cz_row(number) for number in numbers)), encoding="utf-8")
    out = manage(env, "shell", "-c", SETUP.format(path=str(path)))
    job_id, user_id = (int(value) for value in out.split("JOB", 1)[1].split())
    worker = fresh = None
    with connect(database) as db:

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
            worker = start(env, db_worker(interval=0.1), log)
            until(reading, 120, "the worker to read rows", [log], pause=0.02)
            kill(worker)
            # Then the job and its task are left running
            left = job()
            assert left["status"] == "running"
            assert left["attempt"] == 1
            assert task_statuses() == ["RUNNING"]
            # When its lease has run out and cron expires stale jobs
            until(
                lambda: True if datetime.now(UTC) > left["expires"] else None,
                30,
                "the lease to run out",
                [log],
            )
            summary = manage(env, "expire_stale_jobs")
            assert "now marked failed: 1." in summary
            # Then the import failed because its worker stopped (said in the site's language,
            # as cron runs the command), and its task failed too
            failed = job()
            assert failed["status"] == "failed"
            assert failed["expired"]
            with translation.override(settings.LANGUAGE_CODE):
                stopped = ImportJob(lease_expires_at=left["expires"]).lease_message
            assert failed["error"] == stopped
            assert task_statuses() == ["FAILED"]
            # When the manager starts it again and a fresh worker runs
            assert "QUEUED queued" in manage(
                env, "shell", "-c", START_AGAIN.format(job=job_id, user=user_id)
            )
            fresh = start(env, db_worker(interval=0.1), log)
            finished = until(ended, 300, "the second run to finish", [log])
            # (the worker records its task's end just after the task's last step)
            tasks = until(
                lambda: statuses if "RUNNING" not in (statuses := task_statuses()) else None,
                30,
                "the worker to record the task's end",
                [log],
            )
        finally:
            kill(worker)
            kill(fresh)
        # Then the import landed whole, as the second attempt, and its new task succeeded
        assert finished["status"] == "succeeded", finished
        assert finished["attempt"] == 2
        assert finished["created"] == ROWS
        assert tasks == ["FAILED", "SUCCESSFUL"]
