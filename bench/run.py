"""`make bench`: the speed figures of issue 4, measured in one run on PostgreSQL.

    make bench                    # the national scale (BENCH_SCALE=1.0)
    make bench BENCH_SCALE=0.05   # a quick run with 5 % of the data
    BENCH_KEEP=1 make bench       # keep the database aglomera_bench afterwards

Steps (docs/performance.md explains the figures):

1. A throwaway database `aglomera_bench` (PG_HOST, PG_PORT, PG_USER; DB_PASSWORD when the
   server needs one) is created and migrated, then filled by bench/generate.py: 40
   agglomerations, 50,000 intentions, ~500,000 indicator values, ~1,000,000 payments (times
   BENCH_SCALE).
2. The monitoring dashboard of the largest agglomeration: ~30 requests through Django's test
   Client in this process (server time: URL resolution, middleware, views, queries, templates;
   no network, no browser), against the minimal logged-in page /<lang>/app/, with the query
   counts of both; the dashboard of the smallest Czech agglomeration shows that the count does
   not grow with the data.
3. A 100,000-row list of operations (times BENCH_SCALE, at least 1,000) in the Czech 2014-2020
   layout is written as CSV and XLSX and imported into the largest agglomeration through the
   importer (`start_import` + `run_import`, what `manage.py import_operations` runs), against a
   bare `COPY` of the same CSV into an unindexed table of text columns; then the dashboard once
   more, with the imported operations. BENCH_PROFILE=1 adds a profile of one more CSV import.
4. The strategy fulfilment report of the largest strategy: content, DOCX and PDF, in seconds.
5. Issue 12: the dashboard of the largest strategy against minimal Django views served the same
   way (bench/urls.py adds them to the product's addresses), the rebuild of its monitoring
   summary, and requests per second with p95 of the public pages (project list, a search, the
   map data, a project page, the portal home, the strategy and measure progress pages) against
   the minimal view; a page whose address does not resolve (not built yet) is said to be not
   available.

Nothing here asserts a timing; the run prints the figures and whether the issue's aims are met.
"""

from __future__ import annotations

import contextlib
import cProfile
import io
import logging
import os
import platform
import pstats
import statistics
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING, Any

import psycopg

if TYPE_CHECKING:
    from bench.generate import AgglomerationData

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = os.environ.get("BENCH_DB", "aglomera_bench")
BASE_IMPORT_ROWS = 100_000
DASHBOARD_REQUESTS = 30
PUBLIC_REQUESTS = 100
# URL names of the public pages of issue 12 (the first that resolves of each row is measured)
PUBLIC_PAGES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("portal home", ("portal:home",), ""),
    ("project list", ("portal:projects",), ""),
    ("search", ("portal:projects",), "?q=namesti"),
    (
        "map data",
        ("portal:map_data", "portal:projects_map", "portal:map", "portal:projects_geojson"),
        "",
    ),
    ("project page", ("portal:project", "portal:project_detail"), ""),
    ("strategy progress", ("portal:strategy",), ""),
    ("measure progress", ("portal:strategy_measure",), ""),
)
COPY_REPEATS = 3
IMPORT_AS_OF = date(2025, 7, 31)
REPORT_PERIOD = (date(2025, 1, 1), date(2025, 6, 30))


def log(message: str = "") -> None:
    print(message, flush=True)


@contextlib.contextmanager
def stopwatch() -> Iterator[list[float]]:
    """`with stopwatch() as took: ...` then `took[0]` is the elapsed seconds."""
    took: list[float] = []
    started = perf_counter()
    try:
        yield took
    finally:
        took.append(perf_counter() - started)


# ---- the throwaway database -----------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    host: str
    port: str
    user: str
    password: str

    @classmethod
    def from_env(cls) -> Server:
        return cls(
            host=os.environ.get("PG_HOST", "127.0.0.1"),
            port=os.environ.get("PG_PORT", "5432"),
            user=os.environ.get("PG_USER", "postgres"),
            password=os.environ.get("DB_PASSWORD", ""),
        )

    def admin(self) -> psycopg.Connection[Any]:
        return psycopg.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password or None,
            dbname="postgres",
            autocommit=True,
        )

    def recreate(self) -> str:
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')
            row = conn.execute("SHOW server_version").fetchone()
        return str(row[0]) if row else "?"

    def drop(self) -> None:
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def configure_django(server: Server, var_dir: Path) -> None:
    """Production-like settings on the bench database: DEBUG off, files in a temporary dir."""
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "APP_ENV": "development",
            "DEBUG": "false",
            "DB_ENGINE": "postgres",
            "DB_NAME": DB_NAME,
            "DB_HOST": server.host,
            "DB_PORT": server.port,
            "DB_USER": server.user,
            "VAR_DIR": str(var_dir),
            "MEDIA_ROOT": str(var_dir / "media"),
            "PRIVATE_MEDIA_ROOT": str(var_dir / "private"),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "TASKS_BACKEND": "immediate",
            "LOGIN_RATE_LIMIT": "false",
        }
    )
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    (var_dir / "static").mkdir(parents=True, exist_ok=True)  # STATIC_ROOT, for whitenoise
    import django

    django.setup()
    # The immediate task backend logs every notification task it runs; keep the output short.
    logging.getLogger("django_tasks").setLevel(logging.WARNING)


# ---- 2. import ------------------------------------------------------------------------------


@dataclass
class ImportFigure:
    label: str
    rows: int
    seconds: float
    outcome: str

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def bare_copy(csv_path: Path) -> tuple[int, float]:
    """Rows and the median seconds of COPY into an unindexed table of text columns."""
    from django.db import connection

    from bench.generate import CZ_2014_HEADER

    columns = ", ".join(f"c{i} text" for i in range(len(CZ_2014_HEADER)))
    connection.ensure_connection()
    raw = connection.connection
    assert raw is not None  # noqa: S101 - ensure_connection() opened it
    times: list[float] = []
    rows = 0
    for _ in range(COPY_REPEATS):
        with raw.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_copy")
            cursor.execute(f"CREATE TABLE bench_copy ({columns})")
        started = perf_counter()
        with (
            raw.transaction(),
            raw.cursor() as cursor,
            cursor.copy("COPY bench_copy FROM STDIN (FORMAT csv, HEADER true)") as copy,
            csv_path.open("rb") as handle,
        ):
            while block := handle.read(1 << 20):
                copy.write(block)
        times.append(perf_counter() - started)
        with raw.cursor() as cursor:
            found = cursor.execute("SELECT count(*) FROM bench_copy").fetchone()
            rows = int(found[0]) if found else 0
            cursor.execute("DROP TABLE bench_copy")
    return rows, statistics.median(times)


class _Rollback(Exception):  # noqa: N818 - control flow, not an error
    pass


def timed_import(
    path: Path,
    target: AgglomerationData,
    label: str,
    *,
    rollback: bool,
    profiler: cProfile.Profile | None = None,
) -> ImportFigure:
    """start_import + run_import (the import_operations command without its progress bar)."""
    from django.core.files import File
    from django.db import connection, transaction

    from aglomera.accounts.models import User
    from aglomera.agglomerations.models import Agglomeration
    from aglomera.monitoring.actions import imports
    from aglomera.monitoring.models import ImportStatus, ScopeRule, SourceLayout

    agglomeration = Agglomeration.objects.get(pk=target.pk)
    actor = User.objects.get(pk=target.manager_id)
    # The list is the managing authority's extract for this agglomeration: every row is ours
    # (importing/scope.py), so that the figures measure writing 100,000 operations.
    ScopeRule.objects.get_or_create(
        agglomeration=agglomeration, source=None, call_prefix="", nuts3="", note="bench"
    )

    def run() -> Any:
        with path.open("rb") as handle:
            job = imports.start_import(
                agglomeration,
                File(handle, name=path.name),
                file_name=path.name,
                source_name="ŘO – seznam operací 2014–2020",
                layout=SourceLayout.CZ_2014,
                as_of=IMPORT_AS_OF,
                actor=actor,
                enqueue=False,
            )
        return imports.run_import(job, actor=actor)

    started = perf_counter()
    if rollback:  # measured, then undone: the next import starts from the same data
        seconds = 0.0
        with contextlib.suppress(_Rollback), transaction.atomic():
            if profiler is not None:
                profiler.enable()
            job = run()
            # A commit would check the deferred foreign keys; a rollback skips them, so they
            # are checked here to time the same work as a committed import.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            if profiler is not None:
                profiler.disable()
            seconds = perf_counter() - started
            raise _Rollback
    else:
        job = run()
        seconds = perf_counter() - started
    if job.status == ImportStatus.SUCCEEDED:
        outcome = f"{job.created} created, {job.updated} updated, {job.unchanged} unchanged"
    else:
        refused = "; ".join(f"row {r['row']} {r['column']}: {r['reason']}" for r in job.refused[:3])
        outcome = f"FAILED: {job.error} {refused}"
    return ImportFigure(label, job.rows_total, seconds, outcome)


def profile_import(csv_path: Path, target: AgglomerationData) -> None:
    """BENCH_PROFILE=1: where the CSV import spends its time (a separate, rolled-back run)."""
    profiler = cProfile.Profile()
    figure = timed_import(csv_path, target, "CSV (profiled)", rollback=True, profiler=profiler)
    log(f"  profile of the CSV import ({figure.seconds:.2f} s with the profiler on)")
    for title, order, restriction in (
        ("the importer's functions, by cumulative time", "cumulative", r"monitoring"),
        ("everything, by own time", "tottime", ""),
    ):
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).sort_stats(order)
        stats.print_stats(*((restriction, 14) if restriction else (14,)))
        log(f"  {title}:")
        for line in out.getvalue().splitlines():
            if line.strip() and not line.lstrip().startswith(("Ordered", "List reduced", "ncalls")):
                log(f"    {line.rstrip().replace(str(ROOT) + '/', '')}")


# ---- 3. dashboard ---------------------------------------------------------------------------


@dataclass
class PageFigure:
    label: str
    url: str
    times: list[float]
    queries: int
    status: int

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure_pages(target: AgglomerationData, requests: int) -> tuple[PageFigure, PageFigure]:
    """The dashboard and the minimal logged-in page, requests interleaved, then query counts.
    The dashboard's cache is off here: these figures are of computing it (step 5 has both)."""
    from django.test import override_settings

    with override_settings(DASHBOARD_CACHE_SECONDS=0):
        return _measure_pages(target, requests)


def _measure_pages(target: AgglomerationData, requests: int) -> tuple[PageFigure, PageFigure]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from aglomera.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(pk=target.manager_id))
    dashboard_url = f"/{target.language}/app/{target.slug}/monitoring/"
    home_url = f"/{target.language}/app/"
    figures = {
        url: PageFigure(label, url, [], 0, 0)
        for label, url in (("dashboard", dashboard_url), ("home", home_url))
    }
    for url in figures:  # warm-up: template cache, first connection, plans
        client.get(url)
    for _ in range(requests):
        for url, figure in figures.items():
            started = perf_counter()
            response = client.get(url)
            figure.times.append(perf_counter() - started)
            figure.status = response.status_code
    for url, figure in figures.items():
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        figure.queries = len(captured.captured_queries)
    return figures[dashboard_url], figures[home_url]


# ---- 5. issue 12: the dashboard and the public pages against minimal views -----------------


@dataclass
class Throughput:
    label: str
    url: str
    seconds: float
    times: list[float]
    status: int

    @property
    def per_second(self) -> float:
        return len(self.times) / self.seconds if self.seconds else 0.0

    @property
    def p95(self) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def throughput(client: Any, label: str, url: str, requests: int) -> Throughput:
    """`requests` sequential GETs through the same test Client, after one warm-up."""
    client.get(url)
    times: list[float] = []
    status = 0
    started = perf_counter()
    for _ in range(requests):
        begun = perf_counter()
        status = client.get(url).status_code
        times.append(perf_counter() - begun)
    return Throughput(label, url, perf_counter() - started, times, status)


def cold_median(client: Any, url: str, requests: int = 5) -> float:
    """The median of `requests` GETs each right after a write: the caches are of no help."""
    from aglomera.core.freshness import data_changed

    times = []
    for _ in range(requests):
        data_changed()
        begun = perf_counter()
        client.get(url)
        times.append(perf_counter() - begun)
    return statistics.median(times)


def public_url(names: tuple[str, ...], target: AgglomerationData, query: str) -> str | None:
    """The first of the URL names that resolves for the agglomeration (None: not built yet)."""
    from django.urls import NoReverseMatch, reverse
    from django.utils import translation

    from aglomera.intentions.models import IntentionStatus, ProjectIntention
    from aglomera.strategy.models import Measure

    measure = (
        Measure.objects.filter(version__strategy__agglomeration_id=target.pk)
        .order_by("code")
        .values_list("code", flat=True)
        .first()
    )
    project = (
        ProjectIntention.objects.filter(
            call__agglomeration_id=target.pk, status=IntentionStatus.IN_IMPLEMENTATION
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    for name in names:
        for kwargs in (
            {"slug": target.slug},
            {"slug": target.slug, "pk": project},
            {"slug": target.slug, "code": measure},
        ):
            with contextlib.suppress(NoReverseMatch), translation.override(target.language):
                return reverse(name, kwargs=kwargs) + query
    return None


def _indicator_timings(strategy: Any, table: list[tuple[str, str]]) -> None:
    """`indicator_progress` of the strategy read from its summary and by replaying every
    report, with and without an as-of day (medians of 5 calls)."""
    from aglomera.monitoring.calculations import indicators
    from aglomera.strategy.models import Strategy
    from bench.generate import ANCHOR

    strategy = Strategy.objects.select_related("agglomeration").get(pk=strategy.pk)
    for day in (None, ANCHOR):
        medians = []
        for read in (indicators.indicator_progress, indicators._replay_progress):
            times = []
            for _ in range(5):
                with stopwatch() as took:
                    read(strategy, as_of=day)
                times.append(took[0])
            medians.append(statistics.median(times))
        summary, replay = medians
        label = f"indicators {'as of ' + str(day) if day else 'now'} (summary / replay)"
        figures = f"{summary * 1000:.1f} ms / {replay * 1000:.1f} ms"
        log(f"  {label}: {figures}")
        table.append((label, figures))


def measure_issue12(target: AgglomerationData, table: list[tuple[str, str]]) -> None:
    from django.test import Client, override_settings

    from aglomera.accounts.models import User
    from aglomera.monitoring.actions.summary import rebuild_strategy_summary
    from aglomera.strategy.models import Strategy

    log(f"\n5. Issue 12: the dashboard of {target.slug} and the public pages ...")
    strategy = Strategy.objects.exclude(current_version=None).get(agglomeration_id=target.pk)
    with stopwatch() as took:
        rebuilt = rebuild_strategy_summary(strategy)
    log(
        f"  rebuild_strategy_summary of {target.slug}: {took[0]:.2f} s "
        f"({rebuilt.intentions:,} intentions, {rebuilt.spans:,} spans)"
    )
    table.append((f"summary rebuild of {target.slug}", f"{took[0]:.2f} s"))
    _indicator_timings(strategy, table)
    with override_settings(ROOT_URLCONF="bench.urls"):
        staff = Client()
        staff.force_login(User.objects.get(pk=target.manager_id))
        lang = target.language
        pages = [
            ("dashboard", f"/{lang}/app/{target.slug}/monitoring/"),
            ("home page /app/", f"/{lang}/app/"),
            ("minimal logged-in view", "/bench/minimal-logged-in/"),
            ("minimal staff page", f"/bench/{target.slug}/minimal-page/"),
        ]
        staff_figures = [throughput(staff, label, url, DASHBOARD_REQUESTS) for label, url in pages]
        for figure in staff_figures:
            log(
                f"  {figure.label:<24} {figure.url:<36} HTTP {figure.status}  median "
                f"{statistics.median(figure.times) * 1000:7.1f} ms  p95 {figure.p95 * 1000:7.1f} ms"
            )
        board, home, bare, layout = (statistics.median(f.times) for f in staff_figures)
        board_cold = cold_median(staff, pages[0][1])
        log(
            f"  dashboard right after a write (figures recomputed), median of 5: "
            f"{board_cold * 1000:.1f} ms"
        )
        table.append(("dashboard right after a write (median)", f"{board_cold * 1000:.1f} ms"))
        for label, base in (
            ("home page", home),
            ("minimal staff page", layout),
            ("minimal logged-in view", bare),
        ):
            ratio = board / base if base else 0.0
            log(f"  dashboard / {label} (medians): {ratio:.1f}x -> aim <= 5x {aim(ratio <= 5)}")
            table.append(
                (f"  dashboard / {label} (aim <= 5)", f"{ratio:.1f}x -> {aim(ratio <= 5)}")
            )
        table.append(("dashboard median (summary)", f"{board * 1000:.1f} ms"))

        public = Client()
        reference = throughput(public, "minimal view", "/bench/minimal/", PUBLIC_REQUESTS)
        log(
            f"  {'minimal view':<14} {reference.per_second:8.1f} req/s  p95 "
            f"{reference.p95 * 1000:6.1f} ms  ({PUBLIC_REQUESTS} requests, anonymous)"
        )
        table.append(
            ("minimal view", f"{reference.per_second:.0f} req/s, p95 {reference.p95 * 1000:.1f} ms")
        )
        for label, names, query in PUBLIC_PAGES:
            url = public_url(names, target, query)
            if url is None:
                log(f"  {label:<14} not available ({' / '.join(names)} does not resolve)")
                table.append((f"{label}", "not available"))
                continue
            figure = throughput(public, label, url, PUBLIC_REQUESTS)
            share = figure.per_second / reference.per_second if reference.per_second else 0.0
            cold = cold_median(public, url)
            log(
                f"  {label:<14} {figure.per_second:8.1f} req/s  p95 {figure.p95 * 1000:6.1f} ms  "
                f"HTTP {figure.status}  {share:.2f} of the minimal view -> aim >= 0.5 "
                f"{aim(share >= 0.5)}  right after a write: {cold * 1000:.1f} ms  {url}"
            )
            table.append(
                (
                    f"{label} (aim >= 0.5 of minimal)",
                    f"{figure.per_second:.0f} req/s, p95 {figure.p95 * 1000:.1f} ms, "
                    f"{share:.2f} -> {aim(share >= 0.5)}",
                )
            )
            table.append((f"  {label} right after a write (median)", f"{cold * 1000:.1f} ms"))


# ---- 4. report ------------------------------------------------------------------------------


@dataclass
class ReportFigure:
    content_seconds: float
    docx_seconds: float
    pdf_seconds: float
    queries: int
    docx_bytes: int
    pdf_bytes: int


def measure_report(target: AgglomerationData) -> ReportFigure:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from aglomera.agglomerations.models import Agglomeration
    from aglomera.monitoring.reports.fulfilment_content import fulfilment_content
    from aglomera.monitoring.reports.fulfilment_docx import fulfilment_docx
    from aglomera.monitoring.reports.fulfilment_pdf import fulfilment_pdf

    agglomeration = Agglomeration.objects.get(pk=target.pk)
    with CaptureQueriesContext(connection) as captured, stopwatch() as content_took:
        content = fulfilment_content(
            agglomeration, *REPORT_PERIOD, {}, generated_on=REPORT_PERIOD[1]
        )
    with translation.override(content.language):
        with stopwatch() as docx_took:
            docx = fulfilment_docx(content)
        with stopwatch() as pdf_took:
            pdf = fulfilment_pdf(content)
    return ReportFigure(
        content_took[0],
        docx_took[0],
        pdf_took[0],
        len(captured.captured_queries),
        len(docx),
        len(pdf),
    )


# ---- the run --------------------------------------------------------------------------------


def machine(server_version: str) -> str:
    memory = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f", {int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    return (
        f"{os.cpu_count()} cores{memory}, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}, PostgreSQL {server_version}"
    )


def aim(met: bool) -> str:
    return "met" if met else "NOT met"


def run(scale: float, server_version: str, work: Path) -> list[tuple[str, str]]:
    """Everything after the database exists; returns the summary table's rows."""
    from django.core.management import call_command

    from bench.generate import generate, write_operations_files

    table: list[tuple[str, str]] = []
    with stopwatch() as took:
        call_command("migrate", verbosity=0, interactive=False)
    log(f"Migrated the empty database in {took[0]:.1f} s.")

    log(f"\n1. Generating the data set (BENCH_SCALE={scale}) ...")
    data = generate(scale, log=log)
    for what, count in data.counts.items():
        log(f"  {what:<24} {count:>12,}")
    log(f"  generated in {data.seconds:.1f} s")
    table.append(("data set generated", f"{data.seconds:.1f} s"))
    table.append(
        (
            "  intentions / indicator values / payments",
            f"{data.counts['intentions']:,} / {data.indicator_values:,} / "
            f"{data.counts['payments']:,}",
        )
    )
    largest = data.largest
    small = data.smallest(largest.country)

    _dashboard(largest, small, table)
    _imports(largest, scale, work, table, write_operations_files)
    after, _home = measure_pages(largest, 10)
    log(
        f"  dashboard of {largest.slug} after the import: median {after.median * 1000:.0f} ms, "
        f"p95 {after.p95 * 1000:.0f} ms, {after.queries} queries (10 requests)"
    )
    table.append(
        (
            "  dashboard after the import (median)",
            f"{after.median * 1000:.0f} ms, {after.queries} queries",
        )
    )

    log(f"\n4. Fulfilment report of the strategy of {largest.slug} ...")
    report = measure_report(largest)
    log(
        f"  content {report.content_seconds:.2f} s ({report.queries} queries), "
        f"DOCX {report.docx_seconds:.2f} s ({report.docx_bytes:,} bytes), "
        f"PDF {report.pdf_seconds:.2f} s ({report.pdf_bytes:,} bytes)"
    )
    table.append(("report content (queries)", f"{report.content_seconds:.2f} s ({report.queries})"))
    table.append(
        ("report DOCX (content + file)", f"{report.content_seconds + report.docx_seconds:.2f} s")
    )
    table.append(
        ("report PDF (content + file)", f"{report.content_seconds + report.pdf_seconds:.2f} s")
    )
    measure_issue12(largest, table)
    return table


def _imports(
    largest: AgglomerationData,
    scale: float,
    work: Path,
    table: list[tuple[str, str]],
    write_files: Callable[..., tuple[Path, Path]],
) -> None:
    rows = max(1000, round(BASE_IMPORT_ROWS * scale))
    matching = largest.registration_numbers[:rows]
    log(f"\n3. Import of a {rows:,}-row list of operations into {largest.slug} ...")
    with stopwatch() as took:
        csv_path, xlsx_path = write_files(work, rows, matching)
    log(
        f"  files written in {took[0]:.1f} s (not measured): CSV {csv_path.stat().st_size:,} "
        f"bytes, XLSX {xlsx_path.stat().st_size:,} bytes; {len(matching):,} rows match intentions"
    )
    copied, copy_seconds = bare_copy(csv_path)
    copy_rate = copied / copy_seconds
    log(f"  bare COPY: {copied:,} rows in {copy_seconds:.3f} s = {copy_rate:,.0f} rows/s")
    warm = work / "warm-up"
    warm.mkdir()
    for small in write_files(warm, 200, matching[:50]):  # first-use costs, not measured
        timed_import(small, largest, "warm-up", rollback=True)
    xlsx = timed_import(xlsx_path, largest, "XLSX import", rollback=True)
    if os.environ.get("BENCH_PROFILE", "") == "1":
        profile_import(csv_path, largest)
    csv_first = timed_import(csv_path, largest, "CSV import", rollback=False)
    again = timed_import(csv_path, largest, "CSV re-import", rollback=False)
    for figure in (xlsx, csv_first, again):
        log(
            f"  {figure.label:<14} {figure.rows:,} rows in {figure.seconds:.2f} s = "
            f"{figure.rows_per_second:,.0f} rows/s ({figure.rows_per_second / copy_rate:.3f} of "
            f"COPY); {figure.outcome}"
        )
    csv_share = csv_first.rows_per_second / copy_rate
    xlsx_ratio = xlsx.seconds / csv_first.seconds if csv_first.seconds else 0.0
    log(f"  aim: CSV at least 1/5 of COPY speed: {csv_share:.3f} -> {aim(csv_share >= 0.2)}")
    log(f"  aim: XLSX within twice the CSV time: {xlsx_ratio:.2f}x -> {aim(xlsx_ratio <= 2)}")
    table += [
        ("bare COPY of the CSV", f"{copy_rate:,.0f} rows/s ({copy_seconds:.2f} s)"),
        (
            f"CSV import, {csv_first.rows:,} rows",
            f"{csv_first.rows_per_second:,.0f} rows/s ({csv_first.seconds:.1f} s)",
        ),
        (
            f"XLSX import, {xlsx.rows:,} rows",
            f"{xlsx.rows_per_second:,.0f} rows/s ({xlsx.seconds:.1f} s)",
        ),
        (
            "CSV re-import (nothing changes)",
            f"{again.rows_per_second:,.0f} rows/s ({again.seconds:.1f} s)",
        ),
        ("  CSV / COPY speed (aim >= 0.20)", f"{csv_share:.3f} -> {aim(csv_share >= 0.2)}"),
        ("  XLSX / CSV time (aim <= 2.0)", f"{xlsx_ratio:.2f} -> {aim(xlsx_ratio <= 2)}"),
    ]


def _dashboard(
    largest: AgglomerationData, small: AgglomerationData, table: list[tuple[str, str]]
) -> None:
    log(
        f"\n2. Dashboard of {largest.slug} ({largest.intentions:,} intentions), "
        f"{DASHBOARD_REQUESTS} requests, Django test Client in-process ..."
    )
    dashboard, home = measure_pages(largest, DASHBOARD_REQUESTS)
    for figure in (dashboard, home):
        log(
            f"  {figure.url:<40} HTTP {figure.status}  median {figure.median * 1000:7.1f} ms  "
            f"p95 {figure.p95 * 1000:7.1f} ms  {figure.queries} queries"
        )
    small_board, _small_home = measure_pages(small, 10)
    log(
        f"  {small_board.url:<40} HTTP {small_board.status}  median "
        f"{small_board.median * 1000:7.1f} ms  ({small.intentions:,} intentions) "
        f"{small_board.queries} queries"
    )
    ratio = dashboard.median / home.median if home.median else 0.0
    constant = dashboard.queries == small_board.queries
    log(f"  dashboard / home median: {ratio:.1f}x; query count constant with data: {constant}")
    table += [
        (
            "dashboard median / p95",
            f"{dashboard.median * 1000:.0f} ms / {dashboard.p95 * 1000:.0f} ms",
        ),
        ("home page median / p95", f"{home.median * 1000:.0f} ms / {home.p95 * 1000:.0f} ms"),
        ("  dashboard / home (median)", f"{ratio:.1f}x"),
        (
            f"dashboard queries ({largest.slug} / {small.slug})",
            f"{dashboard.queries} / {small_board.queries} -> "
            f"{'constant' if constant else 'GROWS WITH DATA'}",
        ),
        ("home page queries", str(home.queries)),
    ]


def main() -> int:
    scale = float(os.environ.get("BENCH_SCALE", "1.0"))
    keep = os.environ.get("BENCH_KEEP", "") == "1"
    server = Server.from_env()
    started = perf_counter()
    server_version = server.recreate()
    log(f"Aglomera benchmark: BENCH_SCALE={scale}, database {DB_NAME} on {server.host}")
    log(f"Machine: {machine(server_version)}")
    try:
        with tempfile.TemporaryDirectory(prefix="aglomera-bench-") as tmp:
            work = Path(tmp)
            configure_django(server, work)
            table = run(scale, server_version, work)
            from django.db import connections

            connections.close_all()
    finally:
        if keep:
            log(f"\nBENCH_KEEP=1: the database {DB_NAME} is kept.")
        else:
            server.drop()
    width = max(len(label) for label, _value in table)
    log(f"\nSummary (BENCH_SCALE={scale}; {machine(server_version)})")
    log("-" * (width + 40))
    for label, value in table:
        log(f"{label:<{width}}  {value}")
    log("-" * (width + 40))
    log(f"Whole run: {perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
