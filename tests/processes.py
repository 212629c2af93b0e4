"""Real processes of the app on a throwaway PostgreSQL database, for the tests that run it the
way a deployment does (gunicorn, `manage.py db_worker`, `manage.py` commands).

    with throwaway_database(f"aglomera_h_x_{os.getpid()}") as name:  # created, then dropped
        env = postgres_env(name, VAR_DIR=str(tmp_path / "var"))       # a process's environment
        manage(env, "migrate", "--noinput")                           # a command that must succeed
        worker = start(env, db_worker(), tmp_path / "worker.log")     # its own process group
        try:
            until(check, 60, "the import", [tmp_path / "worker.log"])  # a bounded wait
        finally:
            kill(worker)

The database server is the one the test run is configured with (DB_HOST, DB_USER, ...).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import psycopg
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")


def db_worker(interval: float = 0.2) -> list[str]:
    """`manage.py db_worker` (TASKS_BACKEND=database) that starts at once and looks for tasks
    every `interval` seconds."""
    return [
        sys.executable,
        "manage.py",
        "db_worker",
        "--no-startup-delay",
        "--no-reload",
        "--interval",
        str(interval),
    ]


def _server() -> dict[str, Any]:
    db = settings.DATABASES["default"]
    return {
        "host": str(db["HOST"] or "127.0.0.1"),
        "port": int(str(db["PORT"] or 5432)),
        "user": str(db["USER"]),
        "password": str(db["PASSWORD"] or "") or None,
    }


def connect(dbname: str) -> psycopg.Connection[Any]:
    """An autocommit connection to `dbname` on the test run's PostgreSQL server."""
    return psycopg.connect(dbname=dbname, autocommit=True, **_server())


@contextmanager
def throwaway_database(name: str) -> Iterator[str]:
    """A PostgreSQL database called `name` (any left over is dropped first), dropped afterwards."""
    with connect("postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with connect("postgres") as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_url(name: str) -> str:
    """The DATABASE_URL of database `name` on the test run's server."""
    server = _server()
    credentials = server["user"] + (f":{server['password']}" if server["password"] else "")
    return f"postgres://{credentials}@{server['host']}:{server['port']}/{name}"


def postgres_env(database: str, **overrides: str) -> dict[str, str]:
    """The environment of an app process (APP_ENV=test, DEBUG off) on `database` with the
    database task backend: this process's environment without its settings of the database,
    the private storage and S3, with `overrides` on top."""
    server = _server()
    env = {
        key: value
        for key, value in os.environ.items()
        if key != "DATABASE_URL" and not key.startswith(("DB_", "PRIVATE_", "S3_"))
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        APP_ENV="test",
        DEBUG="false",
        DB_ENGINE="postgres",
        DB_NAME=database,
        DB_HOST=server["host"],
        DB_PORT=str(server["port"]),
        DB_USER=server["user"],
        DB_PASSWORD=server["password"] or "",
        DB_CONN_MAX_AGE="0",
        TASKS_BACKEND="database",
        PYTHONUNBUFFERED="1",
    )
    env.update(overrides)
    return env


def run(env: dict[str, str], *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`python *args` in the project folder with `env`; its output captured."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def manage(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    """The output of `manage.py *args`, which must succeed."""
    done = run(env, "manage.py", *args, timeout=timeout)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def start(env: dict[str, str], command: Sequence[str], log: Path) -> subprocess.Popen[bytes]:
    """`command` running in the project folder, in a process group of its own, its output
    appended to `log`."""
    with log.open("ab") as output:
        return subprocess.Popen(
            list(command),
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, killed whole
        )


def kill(process: subprocess.Popen[bytes] | None) -> None:
    """Kill the process group of `process` if it still runs (for `finally`)."""
    if process is not None and process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def tails(logs: Sequence[Path], size: int = 4000) -> str:
    """The end of each log that exists, for a failure message."""
    return "\n".join(
        f"--- {log.name} ---\n{log.read_text(encoding='utf-8', errors='replace')[-size:]}"
        for log in logs
        if log.exists()
    )


def until(
    check: Callable[[], T | None],
    seconds: float,
    what: str,
    logs: Sequence[Path],
    *,
    pause: float = 0.1,
) -> T:
    """The first answer of `check` that is not None, asked every `pause` seconds; the test fails
    with the ends of `logs` when there is none after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        found = check()
        if found is not None:
            return found
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}\n{tails(logs)}")
        time.sleep(pause)
