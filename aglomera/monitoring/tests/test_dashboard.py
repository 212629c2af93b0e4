"""The monitoring dashboard through HTTP: who sees it, filters in place, tables, CSV."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aglomera.accounts.models import Role
from aglomera.intentions.models import IntentionIndicator, IntentionStatus
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.models import Payment, PaymentKind
from aglomera.strategy.models import ExchangeRate
from aglomera.strategy.tests.builders import make_indicator, make_opole, make_user

S = IntentionStatus
D = Decimal
ALLOWED = {Role.MANAGER, Role.COORDINATOR, Role.WORKING_GROUP, Role.COMMITTEE, Role.AUDITOR}


@pytest.fixture
def world(db: None, contracted_world: PipelineWorld) -> PipelineWorld:
    return copy.deepcopy(contracted_world)


@pytest.fixture(scope="module")
def contracted_world(pipeline_world: PipelineWorld) -> PipelineWorld:
    """The pipeline world with the monthly rate 25 CZK per EUR in every month of 2025 and one
    intention contracted on 20 August 2025, paid 1,000,000.00 CZK in September, with 40 places
    committed."""
    world = pipeline_world
    for month in range(1, 13):
        ExchangeRate.objects.create(
            agglomeration=world.agglomeration,
            currency="CZK",
            valid_from=date(2025, month, 1),
            units_per_eur=D("25"),
        )
    with time_machine.travel(datetime(2025, 4, 15, 10, tzinfo=UTC), tick=False):
        intention = world.intention(status=S.SUBMITTED)
    IntentionIndicator.objects.create(
        intention=intention, indicator=make_indicator("T-MS"), committed_value=D("40")
    )
    with time_machine.travel(datetime(2025, 8, 20, 10, tzinfo=UTC), tick=False):
        world.walk(intention, S.LEGAL_ACT)
    Payment.objects.create(
        intention=intention, kind=PaymentKind.PAID, on=date(2025, 9, 10), amount=D("1000000")
    )
    return world


def url(world: PipelineWorld, **params: str) -> str:
    base = reverse("monitoring:dashboard", args=[world.agglomeration.slug])
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{base}?{query}" if query else base


def client_for(world: PipelineWorld, role: Role) -> Client:
    client = Client()
    client.force_login(world.user(role))
    return client


def chart_data(html: str, element_id: str) -> dict[str, object]:
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html)
    assert found, element_id
    data: dict[str, object] = json.loads(found.group(1))
    return data


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark for Excel
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


# ---- who may see it -------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_it_shows_the_dashboard_to_staff_and_evaluators_only(
    world: PipelineWorld, role: Role
) -> None:
    # Given a member of the agglomeration in a role
    client = client_for(world, role)
    # When they open the dashboard
    response = client.get(url(world, as_of="2025-10-31"))
    # Then staff, working group, committee and auditors see it; applicants and partners do not
    assert response.status_code == (200 if role in ALLOWED else 403)


def test_it_hides_the_dashboard_from_outsiders_and_anonymous_visitors(
    world: PipelineWorld,
) -> None:
    # Given the manager of another agglomeration, and nobody logged in
    outsider = Client()
    outsider.force_login(make_user("opole-boss", (make_opole(), Role.MANAGER)))
    # Then the outsider gets 404 (existence not revealed) and the anonymous visitor the login
    assert outsider.get(url(world)).status_code == 404
    assert outsider.get(url(world, format="csv", chart="funnel")).status_code == 404
    anonymous = Client().get(url(world))
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]


def test_an_applicant_cannot_download_the_csv(world: PipelineWorld) -> None:
    response = client_for(world, Role.APPLICANT).get(url(world, format="csv", chart="funnel"))
    assert response.status_code == 403


# ---- the page ---------------------------------------------------------------------------------


def test_the_page_shows_the_funnel_absorption_and_indicators(world: PipelineWorld) -> None:
    # When the coordinator opens the dashboard as of 31 October 2025
    response = client_for(world, Role.COORDINATOR).get(url(world, as_of="2025-10-31"))
    html = response.content.decode()
    # Then the funnel table shows the contracted and paid money in CZK and EUR
    assert response.status_code == 200
    assert "10,000,000.00" in html
    assert "400,000.00 EUR" in html
    assert "1,000,000.00" in html
    # And every chart has its data as JSON (not executed) and its CSV link
    funnel = chart_data(html, "funnel-data")
    assert funnel["unit"] == "CZK"
    assert funnel["series"] == [
        {"name": "CZK", "values": [80348729.0, 0.0, 0.0, 0.0, 10000000.0, 1000000.0, 0.0]}
    ]
    absorption = chart_data(html, "absorption-data")
    assert absorption["labels"] == ["2025-08", "2025-09", "2025-10"]
    indicators = chart_data(html, "indicators-data")
    assert indicators["labels"] == ["T-MS"]
    for chart in ("funnel", "absorption", "indicators"):
        assert f"format=csv&amp;chart={chart}" in html
    # And the scripts come from our own static files, with the CSP nonce, never a CDN
    assert re.search(r'<script src="/static/plotly/plotly.min.js" defer nonce="[^"]+">', html)
    assert re.search(r'<script src="/static/js/charts.js" defer nonce="[^"]+">', html)
    # (every script, stylesheet and icon is a path on this site or inline data; a search for
    # "cdn" in the whole page also hit the random CSRF token now and then)
    sources = re.findall(r'<(?:script[^>]*\ssrc|link[^>]*\shref)="([^"]*)"', html)
    assert sources and all(source.startswith(("/", "data:")) for source in sources), sources
    # And the filters are labelled and update the results in place
    for field in ("f-strategy", "f-programme", "f-fund", "f-measure", "f-year", "f-as-of"):
        assert f'<label for="{field}">' in html
    assert 'hx-target="#dashboard-results"' in html
    assert 'hx-push-url="true"' in html


def test_the_absorption_chart_leaves_the_allocation_out_and_states_it_apart(
    world: PipelineWorld,
) -> None:
    # When the manager opens the dashboard as of 31 October 2025
    html = client_for(world, Role.MANAGER).get(url(world, as_of="2025-10-31")).content.decode()
    # Then the absorption chart draws only the money spent, on its own scale
    absorption = chart_data(html, "absorption-data")
    assert absorption["series"] == [
        {"name": "Contracted", "values": [10000000.0, 10000000.0, 10000000.0]},
        {"name": "Paid", "values": [0.0, 1000000.0, 1000000.0]},
        {"name": "Certified", "values": [0.0, 0.0, 0.0]},
    ]
    # And the allocation is a figure above it, with the share of it each line has reached
    figures = re.search(r'<ul class="figures">(.*?)</ul>', html, re.S)
    assert figures
    text = " ".join(re.sub(r"<[^>]+>", " ", figures.group(1)).split())
    assert "Allocation: 80,348,729.00 CZK" in text
    assert "Contracted: 10,000,000.00 (12.4 %)" in text
    assert "Paid: 1,000,000.00 (1.2 %)" in text
    assert "Certified: 0.00 (0 %)" in text


def test_every_table_is_shown_on_demand_and_scrolls_in_a_focusable_region(
    world: PipelineWorld,
) -> None:
    html = client_for(world, Role.MANAGER).get(url(world, as_of="2025-10-31")).content.decode()
    # Each of the three tables sits closed under its chart, behind "Show the table"
    for chart in ("funnel", "absorption", "indicators"):
        assert (
            f'<details class="table" id="{chart}-table"><summary>Show the table</summary>' in html
        )
    # (the agglomeration menu is a disclosure too, open until a phone's script folds it)
    assert not re.search(r'<details(?! class="nav-menu")[^>]*\sopen', html)
    # And scrolls sideways inside a named region that takes the keyboard focus
    regions = re.findall(r'<div class="table-scroll"([^>]*)>', html)
    assert len(regions) == 3
    for attributes in regions:
        assert 'tabindex="0"' in attributes and 'role="region"' in attributes
        assert re.search(r'aria-label(ledby)?="[^"]+"', attributes)
    # And the charts are images to assistive technology, with no controls inside (no mode bar)
    assert html.count('class="chart"') == 3
    charts_js = Path(str(finders.find("js/charts.js"))).read_text(encoding="utf-8")
    assert "displayModeBar: false" in charts_js


def test_the_page_respects_the_content_security_policy(world: PipelineWorld) -> None:
    response = client_for(world, Role.MANAGER).get(url(world))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    html = response.content.decode()
    # every script element is either ours with the nonce or an inert JSON data block
    for tag in re.findall(r"<script[^>]*>", html):
        assert "nonce=" in tag or 'type="application/json"' in tag


def test_the_page_keeps_plotly_from_adding_inline_styles(world: PipelineWorld) -> None:
    # Given the bundled plotly.js, which injects inline <style> elements unless elements with
    # their ids already exist (refused by style-src 'self')
    bundle = Path(str(finders.find("plotly/plotly.min.js"))).read_text(encoding="utf-8")
    html = client_for(world, Role.MANAGER).get(url(world)).content.decode()
    # Then the page provides an element for each id plotly.js looks for
    for marker in re.findall(r'document.getElementById\("([0-9a-f]{64})"\)', bundle):
        assert f'id="{marker}"' in html
    assert 'id="plotly.js-style-global"' in html
    assert "<style" not in html


def test_the_htmx_request_gets_only_the_results(world: PipelineWorld) -> None:
    # When a filter changes (htmx request)
    response = client_for(world, Role.MANAGER).get(
        url(world, as_of="2025-08-31", measure="2.1.1"),
        headers={"HX-Request": "true", "HX-Trigger-Name": "measure"},
    )
    html = response.content.decode()
    # Then only the results block comes back, with the figures of that day
    assert response.status_code == 200
    assert html.startswith('<div id="dashboard-results">')
    assert "<html" not in html
    assert "hx-swap-oob" not in html
    assert chart_data(html, "absorption-data")["labels"] == ["2025-08"]


def test_changing_the_strategy_refreshes_the_dependent_filters(world: PipelineWorld) -> None:
    response = client_for(world, Role.MANAGER).get(
        url(world, strategy=str(world.strategy.pk)),
        headers={"HX-Request": "true", "HX-Trigger-Name": "strategy"},
    )
    html = response.content.decode()
    assert 'id="filter-measure" class="field" hx-swap-oob="true"' in html
    assert '<option value="2.1.1">2.1.1 Kapacity mateřských škol</option>' in html


def test_the_as_of_date_reproduces_an_earlier_day(world: PipelineWorld) -> None:
    # When the dashboard is asked as of a day before the legal act
    html = client_for(world, Role.AUDITOR).get(url(world, as_of="2025-08-19")).content.decode()
    # Then the intention is still in the pipeline and nothing is contracted
    funnel = chart_data(html, "funnel-data")
    assert funnel["series"] == [
        {"name": "CZK", "values": [80348729.0, 10000000.0, 0.0, 0.0, 0.0, 0.0, 0.0]}
    ]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"as_of": "2025-13-45"}, "as_of"),
        ({"as_of": "1899-01-01"}, "as_of"),
        ({"as_of": "9999-12-31"}, "as_of"),
        ({"year": "abc"}, "year"),
        ({"programme": "-1"}, "programme"),
        ({"fund": "XYZ"}, "fund"),
        ({"strategy": "999999"}, "strategy"),
        ({"strategy": "x"}, "strategy"),
        ({"measure": "m" * 30}, "measure"),
    ],
)
def test_bad_filters_are_reported_next_to_the_field_and_left_out(
    world: PipelineWorld, params: dict[str, str], field: str
) -> None:
    # When a filter is not understood
    client = client_for(world, Role.MANAGER)
    response = client.get(url(world, **params))
    html = response.content.decode()
    # Then the page still shows (422), with the message next to that field
    assert response.status_code == 422
    assert re.search(r'class="errors"[^>]*role="alert"', html)
    assert "dashboard-results" in html
    # And the htmx request gets the results with the message inside (htmx swaps only 2xx)
    partial = client.get(url(world, **params), headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert "Some filters were not understood" in partial.content.decode()


def test_a_typed_date_is_kept_when_it_is_refused(world: PipelineWorld) -> None:
    html = client_for(world, Role.MANAGER).get(url(world, as_of="2025-02-30")).content.decode()
    assert 'value="2025-02-30"' in html
    assert 'aria-invalid="true"' in html


def test_an_agglomeration_without_a_strategy_says_so(db: None) -> None:
    opole = make_opole()
    client = Client()
    client.force_login(make_user("opole-manager", (opole, Role.MANAGER)))
    response = client.get(reverse("monitoring:dashboard", args=[opole.slug]))
    assert response.status_code == 200
    assert "There is no approved strategy to monitor yet." in response.content.decode()
    for chart in ("funnel", "absorption"):
        download = client.get(
            reverse("monitoring:dashboard", args=[opole.slug]) + f"?format=csv&chart={chart}"
        )
        assert len(csv_rows(download.content)) == 1  # the header only


# ---- CSV ----------------------------------------------------------------------------------------


def test_the_funnel_downloads_as_csv_for_excel(world: PipelineWorld) -> None:
    # When the funnel is downloaded as of 31 October 2025
    response = client_for(world, Role.COMMITTEE).get(
        url(world, as_of="2025-10-31", format="csv", chart="funnel")
    )
    # Then it is a UTF-8 CSV attachment with a byte-order mark
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="olomouc-funnel-2025-10-31.csv"'
    rows = csv_rows(response.content)
    # And its header names every stage in the currency and in EUR
    assert rows[0][:6] == [
        "Measure",
        "Measure name",
        "Programme",
        "Programme specific objective",
        "Fund",
        "Currency",
    ]
    assert rows[0][6:13] == [
        "Allocation",
        "In pipeline",
        "Endorsed",
        "Applied",
        "Contracted",
        "Paid",
        "Certified",
    ]
    assert rows[0][13] == "Allocation (EUR)"
    # And the figures are machine-readable, with the Czech name intact
    assert rows[1][:6] == ["2.1.1", "Kapacity mateřských škol", "IROP", "2.8", "ERDF", "CZK"]
    assert rows[1][6:13] == [
        "80348729.00",
        "0.00",
        "0.00",
        "0.00",
        "10000000.00",
        "1000000.00",
        "0.00",
    ]
    assert rows[1][13] == "3213949.16"
    assert rows[1][17] == "400000.00"
    assert rows[2][0] == "Total"
    assert rows[3][0] == "Total in EUR"
    assert rows[3][17] == "400000.00"


def test_absorption_and_indicators_download_as_csv(world: PipelineWorld) -> None:
    client = client_for(world, Role.MANAGER)
    absorption = csv_rows(
        client.get(url(world, as_of="2025-10-31", format="csv", chart="absorption")).content
    )
    assert absorption == [
        ["Month", "Currency", "Allocation", "Contracted", "Paid", "Certified"],
        ["2025-08", "CZK", "80348729.00", "10000000.00", "0.00", "0.00"],
        ["2025-09", "CZK", "80348729.00", "10000000.00", "1000000.00", "0.00"],
        ["2025-10", "CZK", "80348729.00", "10000000.00", "1000000.00", "0.00"],
    ]
    indicators = csv_rows(
        client.get(url(world, as_of="2025-10-31", format="csv", chart="indicators")).content
    )
    assert indicators[0][0] == "Indicator"
    assert indicators[1][0] == "T-MS"
    assert indicators[1][7:10] == ["40.000", "40.000", "0.00"]


def test_an_unknown_chart_is_not_found(world: PipelineWorld) -> None:
    response = client_for(world, Role.MANAGER).get(url(world, format="csv", chart="pie"))
    assert response.status_code == 404


# ---- fixed number of queries ------------------------------------------------------------------


def _page_queries(world: PipelineWorld) -> int:
    client = client_for(world, Role.MANAGER)
    client.get(url(world))  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url(world, as_of="2025-12-31"))
    assert response.status_code == 200
    return len(captured)


def test_the_page_runs_a_fixed_number_of_queries_whatever_the_data(
    world: PipelineWorld,
) -> None:
    # Given the page's query count with one contracted intention
    few = _page_queries(world)
    # When ten more intentions with payments arrive
    for _ in range(10):
        with time_machine.travel(datetime(2025, 4, 15, 10, tzinfo=UTC), tick=False):
            intention = world.intention(status=S.SUBMITTED)
        with time_machine.travel(datetime(2025, 9, 1, 10, tzinfo=UTC), tick=False):
            world.walk(intention, S.LEGAL_ACT)
        Payment.objects.create(
            intention=intention, kind=PaymentKind.PAID, on=date(2025, 10, 1), amount=D("10")
        )
    # Then the page runs the same number of queries
    assert _page_queries(world) == few


def test_the_page_query_count_is_pinned(world: PipelineWorld) -> None:
    # The dashboard: session, user, agglomeration, memberships, strategies, objectives,
    # measures, years, the money funnel (8) and the indicators (8)
    assert _page_queries(world) == 24
