"""Open data: each data set in its formats at a stable address, parsable, licensed, without
formula injection or a natural person's address; the DCAT-AP catalogue; the sitemap."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any
from xml.etree import ElementTree

import pytest
from django.test import Client
from openpyxl import load_workbook

from aglomera.intentions.models import ProjectIntention
from aglomera.portal.queries.open_data import DATASETS
from aglomera.portal.tests.projects_world import ProjectsWorld

BASE = "/cs/olomouc/open-data/"
FILES = [(key, fmt) for key, dataset in DATASETS.items() for fmt in dataset.formats]


def _get(client: Client, key: str, fmt: str) -> bytes:
    response = client.get(f"{BASE}{key}.{fmt}")
    assert response.status_code == 200
    assert "creativecommons.org/licenses/by/4.0" in response["Link"]
    return response.content


def _csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"))))


@pytest.mark.parametrize(("key", "fmt"), FILES)
def test_every_file_parses(client: Client, pw: ProjectsWorld, key: str, fmt: str) -> None:
    content = _get(client, key, fmt)
    if fmt == "csv":
        assert len(_csv(content)[0]) > 3
    elif fmt == "xlsx":
        assert load_workbook(io.BytesIO(content)).worksheets[0].max_row >= 1
    else:
        json.loads(content)


def test_the_list_of_operations_lists_the_selected_projects(
    client: Client, pw: ProjectsWorld
) -> None:
    rows = _csv(_get(client, "operations", "csv"))
    names = {row[4] for row in rows[1:]}
    assert "Rekonstrukce náměstí v Přerově" in names
    assert "Cyklostezka Olomouc – Přerov" in names
    assert "Náměstí tajného záměru" not in names
    geo = json.loads(_get(client, "operations", "geojson"))
    assert geo["licence"] == "CC BY 4.0"
    located = [f for f in geo["features"] if f["geometry"]]
    assert {f["properties"]["name"] for f in located} == {
        "Rekonstrukce náměstí v Přerově",
        "Cyklostezka Olomouc – Přerov",
    }
    square = next(f for f in located if f["properties"]["name"].startswith("Rekonstrukce"))
    assert square["geometry"]["coordinates"] == [17.45088, 49.455086]


@pytest.mark.parametrize(("key", "fmt"), FILES)
def test_no_file_holds_a_natural_persons_address(
    client: Client, pw: ProjectsWorld, key: str, fmt: str
) -> None:
    content = _get(client, key, fmt)
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(content)).worksheets[0]
        content = " ".join(str(c.value) for row in sheet.iter_rows() for c in row).encode()
    assert "Tajná" not in content.decode("utf-8")


def test_a_formula_in_a_name_is_neutralised(client: Client, pw: ProjectsWorld) -> None:
    formula = '=HYPERLINK("http://evil.example","x")'
    ProjectIntention.objects.filter(pk=pw.square.pk).update(name={"cs": formula})
    rows = _csv(_get(client, "operations", "csv"))
    assert f"'{formula}" in {row[4] for row in rows}
    sheet = load_workbook(io.BytesIO(_get(client, "operations", "xlsx"))).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value)]
    assert cells
    assert all(c.data_type == "s" for c in cells)


def test_unknown_data_sets_and_formats_are_not_found(client: Client, pw: ProjectsWorld) -> None:
    assert client.get(f"{BASE}nothing.csv").status_code == 404
    assert client.get(f"{BASE}calls.xlsx").status_code == 404
    assert client.get(f"{BASE}operations.exe").status_code == 404


def test_the_catalogue_page_links_every_file_and_states_the_licence(
    client: Client, pw: ProjectsWorld
) -> None:
    page = client.get(BASE).content.decode()
    for key, fmt in FILES:
        assert f'href="{BASE}{key}.{fmt}"' in page
    assert "CC BY 4.0" in page
    assert f'href="{BASE}catalog.ttl"' in page


def test_the_dcat_catalogue_has_the_required_properties(client: Client, pw: ProjectsWorld) -> None:
    response = client.get(f"{BASE}catalog.ttl")
    assert response["Content-Type"].startswith("text/turtle")
    text = response.content.decode()
    assert "a dcat:Catalog" in text
    assert text.count("a dcat:Dataset") == len(DATASETS)
    assert text.count("a dcat:Distribution") == len(FILES)
    for language in ("cs", "pl", "en"):
        assert re.search(rf'dct:title "[^"]+"@{language} ;', text)
    for prop in (
        "dct:description",
        "dct:publisher",
        "dct:license",
        "dct:modified",
        "dcat:accessURL",
        "dcat:downloadURL",
        "dct:format",
        "dcat:mediaType",
    ):
        assert prop in text
    assert "<http://testserver/cs/olomouc/open-data/operations.geojson>" in text
    # every statement ends with a full stop; every IRI is closed
    assert text.count("<") == text.count(">")
    statements = [block for block in text.split("\n\n") if block.strip() and "@prefix" not in block]
    assert all(block.rstrip().endswith(".") for block in statements)


def test_the_sitemap_lists_the_portal_pages(client: Client, pw: ProjectsWorld) -> None:
    response = client.get("/cs/olomouc/sitemap.xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own response
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    urls = {loc.text for loc in root.iter(f"{namespace}loc")}
    assert "http://testserver/cs/olomouc/projects/" in urls
    for section in ("news", "calls", "strategy", "committee", "documents", "accessibility"):
        assert f"http://testserver/cs/olomouc/{section}/" in urls
    assert f"http://testserver/cs/olomouc/projects/{pw.square.pk}/" in urls
    assert f"http://testserver/cs/olomouc/projects/{pw.draft.pk}/" not in urls


def test_the_sitemap_lists_each_page_in_every_language(client: Client, pw: ProjectsWorld) -> None:
    response = client.get("/pl/olomouc/sitemap.xml")
    assert b'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in response.content
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own response
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    xhtml = "{http://www.w3.org/1999/xhtml}"
    entries = {
        url.findtext(f"{namespace}loc"): {
            link.get("hreflang"): link.get("href")
            for link in url.iter(f"{xhtml}link")
            if link.get("rel") == "alternate"
        }
        for url in root.iter(f"{namespace}url")
    }
    assert entries["http://testserver/pl/olomouc/calls/"] == {
        "cs": "http://testserver/cs/olomouc/calls/",
        "pl": "http://testserver/pl/olomouc/calls/",
        "en": "http://testserver/en/olomouc/calls/",
    }
    project = entries[f"http://testserver/pl/olomouc/projects/{pw.square.pk}/"]
    assert project["en"] == f"http://testserver/en/olomouc/projects/{pw.square.pk}/"
    assert all(set(alternates) == {"cs", "pl", "en"} for alternates in entries.values())


def test_the_catalogue_and_the_sitemap_run_a_fixed_number_of_queries(
    client: Client, pw: ProjectsWorld, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        client.get(f"{BASE}catalog.ttl")
    with django_assert_num_queries(6):  # agglomeration, news, calls, meetings, projects, cards
        client.get("/cs/olomouc/sitemap.xml")


@pytest.mark.parametrize("key", ["indicators", "funnel"])
def test_a_portal_without_a_strategy_publishes_empty_tables(
    client: Client, opole: Any, key: str
) -> None:
    response = client.get(f"/pl/opole/open-data/{key}.json")
    assert json.loads(response.content)[key] == []


def test_the_funnel_names_funds_as_the_list_of_operations_does(
    client: Client, pw: ProjectsWorld
) -> None:
    rows = json.loads(_get(client, "funnel", "json"))["funnel"]
    assert rows and {row["fund"] for row in rows} <= {"EFRR", "FS", "ESF+", "FST"}
