"""Malformed query parameters and path ids never cause a server error, on SQLite or PostgreSQL.

Every view that reads the query string is walked with hostile values for each parameter it
reads (ids, numbers, dates, pages, choices): integers past the database's 64-bit range, negative
numbers, `1e5`, full-width and superscript digits, padded numbers, NUL, very long strings and
impossible dates. Each answers 200 with the filter ignored or empty, 422 with the filter
reported on the form, or 404 when a requested object cannot exist; never 500. The same holds
for every `<int:...>` in a URL, for every role. The suite runs on both databases in CI
(`make test`, `make test-pg`).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.utils import timezone

from aglomera.accounts.models import Role
from aglomera.committee import transitions
from aglomera.committee.models import AgendaItem, CommitteeMember, MeetingStatus
from aglomera.committee.tests.world import CommitteeWorld
from aglomera.cooperation import actions as cooperation_actions
from aglomera.cooperation.models import Partnership
from aglomera.cooperation.tests.helpers import make_ostrava
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.models import ImportJob, ImportStatus, OperationSource
from aglomera.monitoring.tests.builders import operation_outside_iti
from aglomera.strategy.models import Measure
from aglomera.strategy.tests.builders import make_opole

# These walks check the answer to every URL, not code paths: they run untraced (pytest-cov's
# no_cover), which saves a third of their time; the apps' own tests cover what they reach.
pytestmark = pytest.mark.no_cover

ROOT = Path(__file__).resolve().parent.parent

HOSTILE = [
    "9223372036854775808",  # 2**63: one past the 64-bit integers of the database
    "99999999999999999999999999",
    "-1",
    "-9223372036854775809",
    "0",
    "1e5",
    "１",  # a full-width digit one
    "²",  # a digit to str.isdigit, not to int()
    " 12 ",
    "1.5",
    "\x00",
    "x" * 5000,
    "9" * 5000,  # past Python's limit for int() from a string
    "2024-13-45",
    "99999-01-01",
    "0001-01-01",
    "9999-12-31",
    "",
]
ANSWERS = {200, 404, 422}


@dataclass(frozen=True)
class View:
    """A view that reads the query string: its URL name, the parameters it reads, and valid
    values of the other parameters sent along."""

    name: str
    params: tuple[str, ...]
    base: tuple[tuple[str, str], ...] = ()
    role: Role = Role.MANAGER  # who opens it


VIEWS = [
    View("monitoring:dashboard", ("strategy", "programme", "measure", "fund", "year", "as_of")),
    View(
        "monitoring:dashboard",
        ("strategy", "programme", "year", "as_of", "chart"),
        (("format", "csv"), ("chart", "funnel")),
    ),
    View("monitoring:warnings", ("strategy", "as_of")),
    View("monitoring:warnings_csv", ("strategy", "as_of")),
    View("monitoring:import_result", ("page",)),
    View("strategy:tree", ("version", "as_of")),
    View("strategy:measure", ("as_of",)),
    View("strategy:diff", ("old", "new"), (("old", "{version}"), ("new", "{version}"))),
    # the choice of a vote, asking for its confirmation
    View(
        "committee:vote",
        ("member", "choice"),
        (("member", "{member}"), ("choice", "yes")),
        Role.COMMITTEE,
    ),
    View(
        "agglomerations:audit",
        ("actor", "kind", "object_type", "q", "date_from", "date_to", "page"),
    ),
    View("agglomerations:audit_csv", ("actor", "kind", "object_type", "q", "date_from", "date_to")),
    View("core:language", ("next",)),  # the language switch: a redirect to a page of the site
    View("agglomerations:organisation_list", ("q", "status", "page")),
    View("agglomerations:member_list", ("q", "role", "page")),
    View("portal:news", ("tag", "page")),  # the public news (any reader)
    View("cooperation:library", ("q", "tag")),  # the good-practice library's search
    View("cooperation:comparison", ("as_of", "basis")),  # a partnership's strategies in EUR
    # a strategy and its dashboard shared with a partnership (and the dashboard's CSV)
    View("cooperation:shared_strategy", ("as_of",)),
    View("cooperation:shared_dashboard", ("as_of", "format")),
    View(
        "cooperation:shared_dashboard",
        ("as_of", "chart"),
        (("format", "csv"), ("chart", "funnel")),
    ),
    # the public portal's projects and the map's data (its bbox and zoom: 400 with a message,
    # aglomera/portal/tests/test_projects_map.py)
    View(
        "portal:projects",
        (
            "q",
            "measure",
            "programme",
            "fund",
            "municipality",
            "state",
            "band",
            "year",
            "sort",
            "page",
        ),
    ),
    View(
        "portal:projects_map",
        ("q", "measure", "programme", "fund", "municipality", "state", "band", "year"),
        (("bbox", "16,49,18,50"), ("zoom", "8")),
    ),
]
# The modules whose views read request.GET; a new one must be walked here too.
READERS = {
    "aglomera/agglomerations/views/audit.py",
    "aglomera/agglomerations/views/lists.py",  # the lists of members and of organisations
    "aglomera/committee/views/voting.py",
    "aglomera/cooperation/views/comparison.py",
    "aglomera/cooperation/views/library.py",
    "aglomera/cooperation/views/sharing.py",
    "aglomera/core/views/language.py",
    "aglomera/monitoring/views/dashboard.py",
    "aglomera/monitoring/views/imports.py",
    "aglomera/monitoring/views/warnings.py",
    "aglomera/portal/page_cache.py",  # only the names of the parameters, for the cache key
    "aglomera/portal/views/news.py",
    "aglomera/portal/views/projects.py",
    "aglomera/strategy/views/tree.py",
}


@pytest.fixture
def world(db: None, imported_world: PipelineWorld) -> PipelineWorld:
    return copy.deepcopy(imported_world)


@pytest.fixture(scope="module")
def imported_world(pipeline_world: PipelineWorld) -> PipelineWorld:
    """The pipeline world with a finished import that left an operation without an intention."""
    world = pipeline_world
    source = OperationSource.objects.create(agglomeration=world.agglomeration, name="MMR")
    ImportJob.objects.create(
        agglomeration=world.agglomeration,
        source=source,
        file_name="list.csv",
        as_of=date(2025, 5, 31),
        status=ImportStatus.SUCCEEDED,
    )
    operation_outside_iti(world.agglomeration)
    # a written vote open now, with one item (the chair of the committee votes)
    cw = CommitteeWorld.create(world)
    meeting = cw.per_rollam(starts_at=timezone.now() - timedelta(days=1))
    cw.other_item(meeting)
    transitions.transition(meeting, MeetingStatus.VOTING, actor=cw.manager)
    # a partnership with Opole, with which the agglomeration shares its strategy and dashboard
    manager = world.user(Role.MANAGER)
    partnership = cooperation_actions.create_partnership(
        world.agglomeration,
        [make_opole()],
        cooperation_actions.PartnershipFields(name={"cs": "Spolupráce"}),
        actor=manager,
    )
    cooperation_actions.share(
        partnership,
        agglomeration=world.agglomeration,
        actor=manager,
        strategies=[world.strategy.pk],
        dashboards=[world.strategy.pk],
    )
    return world


def _url(world: PipelineWorld, name: str) -> str:
    slug = world.agglomeration.slug
    if name == "core:language":
        return reverse(name, kwargs={"code": "pl"})
    if name.startswith("strategy:"):
        kwargs: dict[str, Any] = {"slug": slug, "pk": world.strategy.pk}
        if name == "strategy:measure":
            kwargs["measure_pk"] = Measure.objects.filter(version__strategy=world.strategy)[0].pk
        return reverse(name, kwargs=kwargs)
    if name == "committee:vote":
        item = AgendaItem.objects.get(meeting__status=MeetingStatus.VOTING)
        return reverse(name, kwargs={"slug": slug, "pk": item.pk})
    if name.startswith("cooperation:") and name != "cooperation:library":  # the library: slug only
        # the comparison, a shared strategy and dashboard
        kwargs = {"slug": slug, "pk": _partnership(world).pk}
        if name.startswith("cooperation:shared_"):
            kwargs["strategy_pk"] = world.strategy.pk
        return reverse(name, kwargs=kwargs)
    if name == "monitoring:import_result":
        return reverse(name, kwargs={"slug": slug, "pk": ImportJob.objects.get().pk})
    return reverse(name, kwargs={"slug": slug})


def _partnership(world: PipelineWorld) -> Partnership:
    """A partnership of the world's agglomeration and Ostrava (whose strategy is none)."""
    found = Partnership.objects.filter(members__agglomeration=world.agglomeration).first()
    if found is not None:
        return found
    return cooperation_actions.create_partnership(
        world.agglomeration,
        [make_ostrava()],
        cooperation_actions.PartnershipFields(name={"cs": "Spolupráce"}),
        actor=world.user(Role.MANAGER),
    )


def _manager(world: PipelineWorld, role: Role = Role.MANAGER) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(world.user(role))
    return client


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: repr(v[:24]))
def test_a_malformed_query_parameter_never_causes_a_server_error(
    world: PipelineWorld, value: str
) -> None:
    # Given every view that reads the query string, opened by a role that may see it
    version = str(world.strategy.current_version_id)
    member = str(CommitteeMember.objects.get(user=world.user(Role.COMMITTEE)).pk)
    failures = []
    for view in VIEWS:
        client = _manager(world, view.role)
        url = _url(world, view.name)
        for param in view.params:
            # When one parameter carries a hostile value (the others valid)
            query = {key: raw.format(version=version, member=member) for key, raw in view.base}
            query[param] = value
            response = client.get(url, query)
            # Then the filter is ignored, reported (422) or finds nothing (404)
            redirect = view.name == "core:language" and response.status_code == 302
            if response.status_code not in ANSWERS and not redirect:
                failures.append(f"{view.name} ?{param}={value[:24]!r}: {response.status_code}")
    assert not failures


def _int_patterns(
    patterns: list[URLPattern | URLResolver], namespace: str = ""
) -> Iterator[tuple[str, dict[str, Any]]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _int_patterns(pattern.url_patterns, inner)
        elif pattern.name and any(
            isinstance(c, IntConverter) for c in pattern.pattern.converters.values()
        ):
            yield f"{namespace}{pattern.name}", pattern.pattern.converters


# The REST API (namespace `api`) authenticates by token, not by the session this walk signs in
# with: tests/api (test_public.py, test_staff.py) sends it the same huge ids, per role.
INT_PATTERNS = sorted(
    (item for item in _int_patterns(get_resolver().url_patterns) if not item[0].startswith("api:")),
    key=lambda item: item[0],
)


# 2**63 stands for every integer past the database's range (a longer one takes the same path).
@pytest.mark.parametrize("value", ["9223372036854775808", "0"])
def test_a_huge_id_in_the_path_is_not_found_for_every_role(
    world: PipelineWorld, value: str
) -> None:
    # Given every URL with an integer in its path, with that integer out of range
    assert len(INT_PATTERNS) > 50  # guards the walk itself
    failures = []
    # The roles that between them pass every view's own permission check, so that each view
    # reaches its fetch of the object (manager: nearly all; applicant: their intentions and
    # progress reports; committee: voting; working group: reviews). The others stop at 403.
    for role in (Role.MANAGER, Role.APPLICANT, Role.COMMITTEE, Role.WORKING_GROUP):
        client = _manager(world, role)
        for name, converters in INT_PATTERNS:
            kwargs = {
                key: value if isinstance(converter, IntConverter) else "csv"
                for key, converter in converters.items()
            }
            kwargs["slug"] = world.agglomeration.slug
            url = reverse(name, kwargs=kwargs)
            # When it is read or posted to
            for method in (client.get, client.post):
                status = method(url).status_code
                # Then the answer is "not found" (or "not allowed" to this role or method)
                if status not in {403, 404, 405}:
                    failures.append(f"{role} {method.__name__} {url}: {status}")
    assert not failures


def test_every_view_that_reads_the_query_string_is_walked() -> None:
    readers = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "aglomera").rglob("*.py")
        if "tests" not in path.parts and re.search(r"request\.GET\b", path.read_text("utf-8"))
    }
    assert readers == READERS


def test_the_dashboard_reports_an_id_past_the_database_range_and_shows_the_rest(
    world: PipelineWorld,
) -> None:
    # When the dashboard is asked for a programme id one past the 64-bit integers
    url = reverse("monitoring:dashboard", kwargs={"slug": world.agglomeration.slug})
    response = _manager(world).get(url, {"programme": "9223372036854775808"})
    # Then the filter is left out with a message an office worker understands
    assert response.status_code == 422
    assert "Choose one of the listed options." in response.content.decode()
    assert "Kapacity mateřských škol" in response.content.decode()  # the funnel, unfiltered
