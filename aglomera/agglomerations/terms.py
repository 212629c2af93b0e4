"""The words for territorial units follow the agglomeration's country, in any language.

A Czech agglomeration is made of obce in okresy, a Polish one of gminy in powiaty. A combined label
("Okres / powiat") misleads: in Polish "okres" means a period. So a page names the units of
the agglomeration's own country, translated into the reader's language at display time.
"""

from __future__ import annotations

from django.utils.translation import pgettext

CZ = "CZ"


def district_term(country: str) -> str:
    """The unit above a municipality: okres in Czechia, powiat in Poland (a column header)."""
    if country == CZ:
        return pgettext("territorial unit in Czechia (okres)", "District")
    return pgettext("territorial unit in Poland (powiat)", "County")


def municipality_term(country: str) -> str:
    """The basic unit: obec in Czechia, gmina in Poland (a column header)."""
    if country == CZ:
        return pgettext("territorial unit in Czechia (obec)", "Municipality")
    return pgettext("territorial unit in Poland (gmina)", "Municipality")


def municipality_kind_label(kind: str, country: str, default: str) -> str:
    """A kind of municipality in the country's own terms: a city is a statutory city (statutární
    město) in Czechia and a city with county rights (miasto na prawach powiatu) in Poland."""
    if kind == "city":
        if country == CZ:
            return pgettext("municipality kind in Czechia", "statutory city")
        return pgettext("municipality kind in Poland", "city with county rights")
    if kind == "municipality" and country == CZ:
        return pgettext("municipality kind in Czechia", "municipality")
    return default


def organisation_kind_label(kind: str, country: str, default: str) -> str:
    """A local government in its country's terms: a municipality (obec) in Czechia, where a
    district is no body of its own; a gmina or powiat in Poland."""
    if kind != "municipality":
        return default
    if country == CZ:
        return pgettext("organisation kind in Czechia", "municipality")
    return pgettext("organisation kind in Poland", "gmina or powiat")
