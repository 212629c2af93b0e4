"""The map's data: clusters computed on the server per zoom, a bounded bounding box, GeoJSON."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from aglomera.portal.tests.projects_world import ProjectsWorld

URL = "/cs/olomouc/projects/map.json"
# Olomouc (17.25, 49.59) and Přerov (17.45, 49.46); the cycle path sits between them.
AROUND = "bbox=16.5,49.0,18.5,50.0"
NEAR = "bbox=17.0,49.3,17.6,49.7"  # a window at a deep zoom


def _features(client: Client, query: str) -> list[dict[str, Any]]:
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    features: list[dict[str, Any]] = data["features"]
    return features


def test_at_a_low_zoom_nearby_projects_form_one_cluster(client: Client, pw: ProjectsWorld) -> None:
    features = _features(client, f"{AROUND}&zoom=5")
    assert [f["properties"] for f in features] == [{"count": 2}]  # the person's has no place


def test_at_a_deep_zoom_each_project_is_a_point_with_its_page(
    client: Client, pw: ProjectsWorld
) -> None:
    features = _features(client, f"{NEAR}&zoom=12")
    assert sorted(f["properties"]["name"] for f in features) == [
        "Cyklostezka Olomouc – Přerov",
        "Rekonstrukce náměstí v Přerově",
    ]
    square = next(f for f in features if f["properties"]["id"] == pw.square.pk)
    assert square["properties"]["url"] == f"/cs/olomouc/projects/{pw.square.pk}/"
    assert square["geometry"] == {"type": "Point", "coordinates": [17.45088, 49.455086]}


def test_the_map_follows_the_bbox_and_the_lists_filters(client: Client, pw: ProjectsWorld) -> None:
    assert _features(client, "bbox=10,40,11,41&zoom=10") == []
    only = _features(client, f"{NEAR}&zoom=12&state=in_implementation")
    assert [f["properties"]["id"] for f in only] == [pw.cycle.pk]
    assert len(_features(client, "zoom=12")) == 2  # no bbox: the whole territory
    assert len(_features(client, "")) == 1  # default zoom 8: one cluster


@pytest.mark.parametrize(
    "query",
    [
        "bbox=-180,-90,180,90&zoom=18",  # the whole world at the deepest zoom
        "bbox=-180,-90,180,90&zoom=6",
        "bbox=1,2,3&zoom=5",
        "bbox=a,b,c,d&zoom=5",
        "bbox=nan,1,2,3&zoom=5",
        "bbox=inf,1,2,3&zoom=5",
        "bbox=3,1,2,4&zoom=5",  # west of east
        "bbox=1,4,2,3&zoom=5",  # south of north
        "bbox=1,2,200,3&zoom=5",
        "bbox=" + "1" * 200 + ",1,2,3&zoom=5",
        "bbox=16,49,18,50&zoom=19",
        "bbox=16,49,18,50&zoom=-1",
        "bbox=16,49,18,50&zoom=x",
    ],
)
def test_a_malformed_or_too_large_request_is_refused_with_a_message(
    client: Client, pw: ProjectsWorld, query: str
) -> None:
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert json.loads(response.content)["error"]


@pytest.mark.parametrize("query", ["q=%00", "measure=%00", "q=%3Cb%3E&state=x&page=-3"])
def test_bad_filters_are_ignored(client: Client, pw: ProjectsWorld, query: str) -> None:
    assert isinstance(_features(client, f"{NEAR}&zoom=12&{query}"), list)


def test_the_whole_world_at_a_small_zoom_is_answered(client: Client, pw: ProjectsWorld) -> None:
    assert len(_features(client, "bbox=-180,-90,180,90&zoom=2")) == 1


def test_the_map_runs_a_fixed_number_of_queries(
    client: Client, pw: ProjectsWorld, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(2):
        response = client.get(f"{URL}?{NEAR}&zoom=12&q=prerov&municipality={pw.prerov.pk}")
    assert len(json.loads(response.content)["features"]) == 2


def test_the_list_page_carries_the_map_and_its_background(
    client: Client, pw: ProjectsWorld
) -> None:
    page = client.get("/cs/olomouc/projects/").content.decode()
    assert 'src="/static/leaflet/leaflet.js"' in page
    assert 'data-url="/cs/olomouc/projects/map.json"' in page
    assert '"Olomouc", 49.593778, 17.250879' in page  # member municipalities, our own data
    assert "tile.openstreetmap" not in page and "unpkg" not in page and "cdn" not in page


def test_projects_at_one_point_form_a_cluster_that_lists_them(
    client: Client, pw: ProjectsWorld
) -> None:
    """Zooming in never splits projects placed in the same municipality: the cluster names them."""
    from aglomera.portal.models import PublicProject

    PublicProject.objects.filter(intention_id=pw.cycle.pk).update(
        latitude="49.455086", longitude="17.450880"
    )
    (cluster,) = _features(client, f"{NEAR}&zoom=12")
    assert cluster["properties"]["count"] == 2
    listed = cluster["properties"]["projects"]
    assert sorted(p["name"] for p in listed) == [
        "Cyklostezka Olomouc – Přerov",
        "Rekonstrukce náměstí v Přerově",
    ]
    assert {p["url"] for p in listed} == {
        f"/cs/olomouc/projects/{pw.cycle.pk}/",
        f"/cs/olomouc/projects/{pw.square.pk}/",
    }
