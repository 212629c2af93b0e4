"""Two app servers and a worker, each with folders of its own, share one private storage.

Server A (`gunicorn config.wsgi`) takes the upload of a list of operations, a `manage.py
db_worker` (TASKS_BACKEND=database) runs its import, server B shows the result; A takes the
request for the Art. 49(3) list of operations, the worker generates it and B serves the
download. Each process has its own VAR_DIR and STATIC_ROOT; they share only the PostgreSQL
database (a throwaway one of this test, created, migrated and dropped here) and
PRIVATE_MEDIA_ROOT, the private storage. The browser is urllib with a cookie jar, logging in
through the login form with its CSRF token. Every wait is bounded and every process is killed
in `finally`.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import secrets
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.processes import (
    ROOT,
    connect,
    db_worker,
    kill,
    manage,
    postgres_env,
    start,
    tails,
    throwaway_database,
    until,
)

pytestmark = pytest.mark.postgres

LIST = ROOT / "aglomera" / "monitoring" / "tests" / "data" / "cz_2014.csv"
FIRST = "CZ.06.2.56/0.0/0.0/16_043/0001234"
PASSWORD = "pw-123456"

SEED = """
from aglomera.accounts.models import Role
from aglomera.intentions.tests.builders import PipelineWorld

from aglomera.monitoring.models import ScopeRule

world = PipelineWorld.create()
ScopeRule.objects.create(agglomeration=world.agglomeration, note="every row is ours")
print("WORLD", world.agglomeration.slug, world.user(Role.MANAGER).username)
"""


# --- a browser: urllib, a cookie jar and the forms of a page ---------------------------------


@dataclass
class Form:
    attrs: dict[str, str]
    fields: dict[str, str] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.forms.append(Form(values))
        elif tag in ("input", "select", "textarea") and self.forms and "name" in values:
            self.forms[-1].names.add(values["name"])
            if values.get("type") == "hidden":
                self.forms[-1].fields[values["name"]] = values.get("value", "")


def form_with(page: str, name: str) -> Form:
    """The form of the page that has a field called `name`, with its hidden fields."""
    parser = _Forms()
    parser.feed(page)
    for form in parser.forms:
        if name in form.names:
            return form
    pytest.fail(f"no form with a field {name!r} on the page:\n{page[:3000]}")


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = f"----aglomera{secrets.token_hex(12)}"
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode()
            + b"\r\n"
        )
    for name, (file_name, content) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{file_name}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Browser:
    """One person's browser: the same cookies (session, CSRF) for every server."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def open(
        self, url: str, data: bytes | None = None, content_type: str = ""
    ) -> tuple[int, str, bytes]:
        """(status, final URL after redirects, body)."""
        request = urllib.request.Request(url, data=data)  # noqa: S310 - http://127.0.0.1 only
        if content_type:
            request.add_header("Content-Type", content_type)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.geturl(), response.read()
        except urllib.error.HTTPError as error:
            return error.code, url, error.read()

    def get(self, url: str) -> tuple[int, str, str]:
        status, final, body = self.open(url)
        return status, final, body.decode("utf-8", errors="replace")

    def post(
        self, url: str, fields: dict[str, str], files: dict[str, tuple[str, bytes]] | None = None
    ) -> tuple[int, str, str]:
        if files:
            body, content_type = multipart(fields, files)
        else:
            body = urllib.parse.urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        status, final, raw = self.open(url, body, content_type)
        return status, final, raw.decode("utf-8", errors="replace")


# --- processes ---------------------------------------------------------------------------------


@pytest.fixture
def database() -> Iterator[str]:
    """A PostgreSQL database of this test alone, dropped afterwards."""
    with throwaway_database(f"aglomera_h_d_multi_{os.getpid()}") as name:
        yield name


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Machine:
    """What one machine of the deployment has of its own: folders, a log."""

    name: str
    home: Path
    env: dict[str, str]

    @property
    def log(self) -> Path:
        return self.home / f"{self.name}.log"


def machine(name: str, tmp_path: Path, shared: dict[str, str]) -> Machine:
    home = tmp_path / name
    (home / "static").mkdir(parents=True)
    env = {
        **shared,
        "VAR_DIR": str(home / "var"),
        "STATIC_ROOT": str(home / "static"),
        "MEDIA_ROOT": str(home / "media"),
    }
    return Machine(name, home, env)


def shared_env(database: str, private: Path) -> dict[str, str]:
    return postgres_env(
        database,
        SECRET_KEY=secrets.token_urlsafe(50),  # the same key on every machine
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PRIVATE_STORAGE="filesystem",
        PRIVATE_MEDIA_ROOT=str(private),  # the one shared storage (an NFS mount in production)
    )


def start_server(where: Machine, port: int) -> subprocess.Popen[bytes]:
    return start(
        where.env,
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "120",
        ],
        where.log,
    )


def start_worker(where: Machine) -> subprocess.Popen[bytes]:
    return start(where.env, db_worker(), where.log)


# --- the test ----------------------------------------------------------------------------------


def test_two_app_servers_and_a_worker_on_their_own_folders_share_one_private_storage(
    database: str, tmp_path: Path
) -> None:
    private = tmp_path / "shared-private"
    env = shared_env(database, private)
    a, b, w = (machine(name, tmp_path, env) for name in ("server-a", "server-b", "worker"))
    everyone = [a, b, w]
    logs = [m.log for m in everyone]
    # Given a migrated database with an agglomeration and its manager
    manage(a.env, "migrate", "--noinput")
    slug, username = manage(a.env, "shell", "-c", SEED).split("WORLD", 1)[1].split()
    port_a, port_b = free_port(), free_port()
    site_a, site_b = f"http://127.0.0.1:{port_a}/en", f"http://127.0.0.1:{port_b}/en"
    processes: list[subprocess.Popen[bytes]] = []
    try:
        processes += [start_server(a, port_a), start_server(b, port_b), start_worker(w)]

        def up(site: str) -> bool | None:
            assert all(p.poll() is None for p in processes), tails(logs)
            try:
                return Browser().get(f"{site}/accounts/login/")[0] == 200 or None
            except OSError:
                return None

        until(lambda: up(site_a), 60, "server A", logs)
        until(lambda: up(site_b), 60, "server B", logs)
        browser = Browser()
        # When the manager logs in on server A through the login form
        login = form_with(browser.get(f"{site_a}/accounts/login/")[2], "password")
        status, landed, _page = browser.post(
            f"{site_a}/accounts/login/",
            {**login.fields, "username": username, "password": PASSWORD},
        )
        assert status == 200
        assert "/accounts/login/" not in landed, _page[:2000]
        # ... and uploads the list of operations on server A
        imports = f"{site_a}/app/{slug}/monitoring/imports/"
        upload = form_with(browser.get(imports)[2], "source_name")
        status, landed, page = browser.post(
            imports,
            {
                **upload.fields,
                "layout": "cz_2014",
                "source_name": "ŘO IROP",
                "as_of": "2024-05-31",
                "encoding": "",
                "delimiter": "",
            },
            {"file": (LIST.name, LIST.read_bytes())},
        )
        assert status == 200, page[:3000]
        found = re.search(r"/monitoring/imports/(\d+)/", landed)
        assert found, landed
        job = int(found.group(1))
        # Then the worker, on its own machine, imports it from the shared storage
        with connect(database) as db:

            def finished() -> tuple[str, str] | None:
                row = db.execute(
                    "SELECT status, error FROM monitoring_importjob WHERE id = %s", (job,)
                ).fetchone()
                assert row is not None
                return (row[0], row[1]) if row[0] in ("succeeded", "failed") else None

            assert until(finished, 120, "the import", logs) == ("succeeded", "")
        # ... server B shows the result, and the list is gone from the storage
        status, _url, result = browser.get(f"{site_b}/app/{slug}/monitoring/imports/{job}/result/")
        assert status == 200
        assert FIRST in result
        assert not any(p.is_file() for p in (private / "imports").rglob("*"))
        # When the manager asks server A for the list of operations (Art. 49(3))
        new = f"{site_a}/app/{slug}/reports/new/"
        request = form_with(browser.get(new)[2], "kind")
        status, _url, page = browser.post(new, {**request.fields, "kind": "operations"})
        assert status == 200, page[:3000]

        # Then the worker generates it and server B lists it with its download
        def listed() -> str | None:
            page = browser.get(f"{site_b}/app/{slug}/reports/")[2]
            link = re.search(rf"/en/app/{slug}/reports/\d+/csv/", page)
            return link.group(0) if link else None

        link = until(listed, 120, "the report", logs)
        status, _url, body = browser.open(f"http://127.0.0.1:{port_b}{link}")
        assert status == 200
        text = body.decode("utf-8-sig")
        assert text.startswith('"Unique code of the operation [Art. 49(3)]"')
        # (the imported list is a 2014-2020 one: rightly not in the 2021/1060 list)
        assert FIRST not in text
    finally:
        for process in processes:
            kill(process)
    # And every private file is in the shared storage, readable by its owner only; no machine
    # kept one in its own folders
    reports = [p for p in (private / "reports").rglob("*") if p.is_file()]
    assert sorted(p.suffix for p in reports) == [".csv", ".json", ".xlsx"]
    for stored in reports:
        assert stored.stat().st_mode & 0o777 == 0o600
        assert stored.parent.stat().st_mode & 0o777 == 0o700
    for own in everyone:
        assert not (own.home / "var" / "private").exists()
