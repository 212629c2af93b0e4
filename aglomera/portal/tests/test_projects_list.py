"""The portal's list of public projects: search without diacritics, facets with counts,
sorting, pages, and no server error whatever the query string."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import QueryDict
from django.test import Client
from django.utils import translation

from aglomera.portal.queries import projects as queries
from aglomera.portal.queries.projects import ProjectFilters, list_public_projects
from aglomera.portal.tests.projects_world import ProjectsWorld

URL = "/cs/olomouc/projects/"


def _page(pw: ProjectsWorld, query: str = "", language: str = "cs") -> queries.ProjectsPage:
    filters = ProjectFilters.from_query(QueryDict(query))
    with translation.override(language):
        return list_public_projects(pw.world.agglomeration, filters, language=language)


def _names(page: queries.ProjectsPage) -> list[str]:
    return [row.name for row in page.rows]


def test_it_lists_only_public_projects(pw: ProjectsWorld) -> None:
    assert sorted(_names(_page(pw))) == [
        "Cyklostezka Olomouc – Přerov",
        "Náměstíčko u domu",
        "Rekonstrukce náměstí v Přerově",
    ]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("namesti", ["Rekonstrukce náměstí v Přerově"]),
        ("NÁMĚSTÍ", ["Rekonstrukce náměstí v Přerově"]),
        ("prerov", ["Cyklostezka Olomouc – Přerov", "Rekonstrukce náměstí v Přerově"]),
        ("dlazba", ["Rekonstrukce náměstí v Přerově"]),  # the purpose
        ("greenery", ["Rekonstrukce náměstí v Přerově"]),  # the purpose in English
        ("statutarni mesto", ["Cyklostezka Olomouc – Přerov", "Rekonstrukce náměstí v Přerově"]),
        ("cyklostezka prerov", ["Cyklostezka Olomouc – Přerov"]),
        ("tajneho", []),  # a draft is never found
        ("Nováková", []),  # a natural person's name is not searchable
        ("%", []),
        ("_", []),
    ],
)
def test_search_ignores_diacritics_and_case(pw: ProjectsWorld, q: str, expected: list[str]) -> None:
    names = sorted(_names(_page(pw, f"q={q}")))
    if q in ("namesti", "NÁMĚSTÍ"):  # "náměstíčko" contains "namesti" too
        expected = ["Náměstíčko u domu", *expected]
    assert names == sorted(expected)


def _facet(page: queries.ProjectsPage, name: str) -> dict[str, int]:
    facet = next(f for f in page.facets if f.name == name)
    return {option.label.replace("\xa0", " "): option.count for option in facet.options}


def test_facets_count_the_matching_projects(pw: ProjectsWorld) -> None:
    page = _page(pw, language="en")
    assert _facet(page, "state") == {"Legal act issued": 2, "In implementation": 1}
    assert _facet(page, "municipality") == {"Olomouc": 1, "Přerov": 2}  # not the person's
    assert _facet(page, "fund") == {"ERDF": 3}
    assert _facet(page, "measure") == {"2.1.1 Kapacity mateřských škol": 3}
    assert _facet(page, "programme") == {"IROP": 3}
    assert _facet(page, "band") == {
        "below 5,000,000 CZK": 2,
        "20,000,000 to 50,000,000 CZK": 1,
    }
    year = pw.square.updated_at.year
    assert _facet(page, "year") == {str(year): 3}


def test_a_facet_counts_within_the_other_filters_and_narrows_the_list(pw: ProjectsWorld) -> None:
    page = _page(pw, f"municipality={pw.olomouc.pk}")
    assert _names(page) == ["Cyklostezka Olomouc – Přerov"]
    # its own facet still offers the other municipality, the others count within it
    assert _facet(page, "municipality") == {"Olomouc": 1, "Přerov": 2}
    assert _facet(page, "state") == {"V realizaci": 1}  # in the reader's language
    selected = next(f for f in page.facets if f.name == "municipality").selected
    assert selected is not None
    assert selected.label == "Olomouc"
    assert "municipality" not in selected.query  # the link removes the filter
    page = _page(pw, "state=legal_act&band=1&fund=ERDF&measure=2.1.1&year=2026")
    assert page.total in (0, 2)
    page = _page(pw, f"programme={pw.world.objective.programme_id}&state=legal_act&band=1")
    assert sorted(_names(page)) == ["Náměstíčko u domu", "Rekonstrukce náměstí v Přerově"]


@pytest.mark.parametrize(
    ("sort", "first", "last"),
    [
        ("name", "Cyklostezka Olomouc – Přerov", "Rekonstrukce náměstí v Přerově"),
        ("-name", "Rekonstrukce náměstí v Přerově", "Cyklostezka Olomouc – Přerov"),
        ("amount", "Náměstíčko u domu", "Cyklostezka Olomouc – Přerov"),
        ("-amount", "Cyklostezka Olomouc – Přerov", "Náměstíčko u domu"),
        ("date", None, None),
        ("-date", None, None),
    ],
)
def test_it_sorts(pw: ProjectsWorld, sort: str, first: str | None, last: str | None) -> None:
    names = _names(_page(pw, f"sort={sort}"))
    assert len(names) == 3
    if first:
        assert names[0] == first
        assert names[-1] == last


def test_pages_are_bounded(pw: ProjectsWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(queries, "PAGE_SIZE", 1)
    page = _page(pw, "page=2")
    assert (page.page, page.pages, page.total) == (2, 3, 3)
    assert (page.first_number, page.last_number) == (2, 2)
    assert "page=1" not in page.previous_query  # page 1 is the default
    assert "page=3" in page.next_query
    assert _page(pw, "page=999999999999").page == 3  # past the end: the last page
    assert _page(pw, "page=3").next_query == ""
    assert _page(pw, "page=1").previous_query == ""
    monkeypatch.setattr(queries, "MAX_PAGE", 2)
    page = _page(pw, "page=3")
    assert (page.page, page.pages, page.truncated) == (2, 2, True)
    assert _page(pw, "q=nothing-matches").first_number == 0


BAD_QUERIES = [
    "page=-1",
    "page=abc",
    "page=1e9",
    "page=99999999999999999999999999",
    "programme=9223372036854775808",
    "municipality=abc",
    "year=99999",
    "band=9",
    "fund=XYZ",
    "state=draft",
    "sort=password",
    "measure=" + "x" * 500,
    "q=" + "a" * 5000,
    "q=%3Cscript%3Ealert(1)%3C/script%3E",
    "q=%00",
    "q=n%C3%A1m%00%C4%9Bst%C3%AD",
    "measure=%00",
    "measure=2.1.1%00",
    "q=%ED%A0%80",  # a lone surrogate, percent-encoded
    "unknown=1",
    "q=a&q=b",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_input_is_ignored_never_a_server_error(
    client: Client, pw: ProjectsWorld, query: str
) -> None:
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


def test_the_page_shows_no_natural_persons_data(client: Client, pw: ProjectsWorld) -> None:
    page = client.get(URL).content.decode()
    assert "Náměstíčko u domu" in page
    assert "Nováková" not in page
    assert "Tajná" not in page
    assert "Náměstí tajného záměru" not in page  # a draft
    assert "Schválené náměstí" not in page  # endorsed, not yet selected


def test_the_page_runs_a_fixed_number_of_queries(
    client: Client, pw: ProjectsWorld, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(12):
        assert client.get(URL).status_code == 200
    with django_assert_num_queries(12):
        assert (
            client.get(f"{URL}?q=prerov&municipality={pw.prerov.pk}&sort=-amount").status_code
            == 200
        )


@pytest.mark.parametrize("language", ["cs", "pl", "en"])
def test_the_page_is_in_every_language(client: Client, pw: ProjectsWorld, language: str) -> None:
    response = client.get(f"/{language}/olomouc/projects/")
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()
    assert 'property="og:title"' in response.content.decode()


def test_filters_make_links_that_keep_the_others() -> None:
    filters = ProjectFilters(q="náměstí", fund="ERDF", page=3)
    assert filters.query(fund=None) == "?q=n%C3%A1m%C4%9Bst%C3%AD"
    assert filters.query(page=3) == "?q=n%C3%A1m%C4%9Bst%C3%AD&fund=ERDF&page=3"
    assert ProjectFilters().query() == "?"


def test_the_bands_read_as_ranges_in_their_currency() -> None:
    with translation.override("en"):
        labels = [queries._band_label(band, "PLN") for band in (1, 2, 4)]
    assert labels == [
        "below 1,000,000 PLN",
        "1,000,000 to 4,000,000 PLN",
        "10,000,000 PLN and more",
    ]
