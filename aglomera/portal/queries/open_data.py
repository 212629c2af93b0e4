"""The portal's open data: each data set at a stable address in open formats, always current
(built on request from the same builders as the office's reports), under CC BY 4.0, and a
DCAT-AP catalogue of them that national open data portals harvest.

Data sets (`DATASETS`):
- operations: the list of operations of CPR 2021/1060 Art. 49(3) (monitoring/reports/art49.py)
  as CSV, XLSX, JSON and GeoJSON (a point per operation at the centre of its municipalities;
  an operation without a known place has no geometry);
- calls: the calendar of calls of Art. 49(2) (monitoring/reports/calendar.py), CSV and JSON;
- indicators: the strategy's indicators per measure against their targets, CSV and JSON;
- funnel: EU support per measure and stage of the money funnel, CSV and JSON.

CSV and XLSX are written by aglomera/core/exports.py, which neutralises formula injection.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from aglomera.agglomerations.models import Agglomeration
from aglomera.core.exports import Column, plain, to_csv, to_json
from aglomera.core.i18n import as_i18n
from aglomera.monitoring.calculations.funnel import STAGES, FunnelFilters, money_funnel
from aglomera.monitoring.calculations.indicators import indicator_progress
from aglomera.monitoring.queries.dashboard import default_strategy
from aglomera.monitoring.reports import art49, calendar
from aglomera.strategy.funds import fund_abbreviation
from aglomera.strategy.models import Strategy

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"

MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "geojson": "application/geo+json",
}
# EU file-type vocabulary (dct:format in DCAT-AP)
EU_FILE_TYPES = {"csv": "CSV", "xlsx": "XLSX", "json": "JSON", "geojson": "GEOJSON"}


@dataclass(frozen=True)
class Dataset:
    key: str
    formats: tuple[str, ...]
    # titles and descriptions in every language of the portal, for the catalogue (DCAT-AP asks
    # for them per language; the page shows the reader's through gettext)
    title: Any
    description: Any
    titles: dict[str, str]
    descriptions: dict[str, str]


DATASETS: dict[str, Dataset] = {
    "operations": Dataset(
        "operations",
        ("csv", "xlsx", "json", "geojson"),
        gettext_lazy("List of operations (Art. 49(3))"),
        gettext_lazy(
            "The operations selected for support, as Regulation (EU) 2021/1060 Article 49(3) "
            "requires: beneficiary, name, purpose, dates, costs, co-financing rate, location "
            "and type of intervention."
        ),
        {
            "cs": "Seznam operací (čl. 49 odst. 3)",
            "pl": "Wykaz operacji (art. 49 ust. 3)",
            "en": "List of operations (Art. 49(3))",
        },
        {
            "cs": "Operace vybrané k podpoře podle čl. 49 odst. 3 nařízení (EU) 2021/1060.",
            "pl": "Operacje wybrane do wsparcia zgodnie z art. 49 ust. 3 rozporządzenia (UE) "
            "2021/1060.",
            "en": "Operations selected for support under Article 49(3) of Regulation (EU) "
            "2021/1060.",
        },
    ),
    "calls": Dataset(
        "calls",
        ("csv", "json"),
        gettext_lazy("Calendar of calls (Art. 49(2))"),
        gettext_lazy("Calls open now or planned within the next twelve months."),
        {
            "cs": "Harmonogram výzev (čl. 49 odst. 2)",
            "pl": "Harmonogram naborów (art. 49 ust. 2)",
            "en": "Calendar of calls (Art. 49(2))",
        },
        {
            "cs": "Výzvy otevřené nyní nebo plánované v příštích dvanácti měsících.",
            "pl": "Nabory otwarte obecnie lub planowane w ciągu najbliższych dwunastu miesięcy.",
            "en": "Calls open now or planned within the next twelve months.",
        },
    ),
    "indicators": Dataset(
        "indicators",
        ("csv", "json"),
        gettext_lazy("Indicators of the strategy"),
        gettext_lazy(
            "Each measure's indicators: baseline, milestone, target, committed and achieved values."
        ),
        {
            "cs": "Indikátory strategie",
            "pl": "Wskaźniki strategii",
            "en": "Indicators of the strategy",
        },
        {
            "cs": "Indikátory opatření: výchozí, milníková, cílová, závazná a dosažená hodnota.",
            "pl": "Wskaźniki działań: wartość bazowa, pośrednia, docelowa, zakontraktowana i "
            "osiągnięta.",
            "en": "Each measure's indicators: baseline, milestone, target, committed and "
            "achieved values.",
        },
    ),
    "funnel": Dataset(
        "funnel",
        ("csv", "json"),
        gettext_lazy("Money funnel"),
        gettext_lazy(
            "EU support per measure at each stage: allocation, pipeline, endorsed, applied, "
            "contracted, paid and certified."
        ),
        {"cs": "Finanční trychtýř", "pl": "Lejek finansowy", "en": "Money funnel"},
        {
            "cs": "Podpora EU po opatřeních v každé fázi: alokace, zásobník, schváleno, "
            "podáno, zasmluvněno, proplaceno, certifikováno.",
            "pl": "Wsparcie UE według działań na każdym etapie: alokacja, nabór, pozytywna "
            "opinia, wnioski, umowy, płatności, certyfikacja.",
            "en": "EU support per measure at each stage: allocation, pipeline, endorsed, "
            "applied, contracted, paid and certified.",
        },
    ),
}


def formats_of(key: str) -> tuple[str, ...]:
    dataset = DATASETS.get(key)
    return dataset.formats if dataset else ()


def _strategy(agglomeration: Agglomeration) -> Strategy | None:
    strategies = list(
        Strategy.objects.filter(agglomeration=agglomeration).exclude(current_version=None)
    )
    strategy = default_strategy(strategies)
    if strategy is not None:
        strategy.agglomeration = agglomeration
    return strategy


def _meta(agglomeration: Agglomeration, title: str, as_of: date) -> dict[str, Any]:
    return {
        "title": title,
        "agglomeration": as_i18n(agglomeration.name).localized(agglomeration.language),
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "as_of": as_of,
    }


def _geojson(agglomeration: Agglomeration, as_of: date) -> bytes:
    rows = art49.build_art49_rows(agglomeration, as_of)
    features = []
    for row in rows:
        points: list[tuple[float, float]] = []
        for pair in str(row.get("geolocation") or "").split(";"):
            lat_text, _sep, lon_text = pair.strip().partition(",")
            try:
                points.append((float(lat_text), float(lon_text)))
            except ValueError:
                continue
        geometry = None
        if points:
            lat = sum(p[0] for p in points) / len(points)
            lon = sum(p[1] for p in points) / len(points)
            geometry = {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {c.key: plain(row.get(c.key)) for c in art49.COLUMNS},
            }
        )
    document = {
        "type": "FeatureCollection",
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "as_of": as_of.isoformat(),
        "features": features,
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


INDICATOR_COLUMNS = [
    Column("measure", "Measure"),
    Column("code", "Indicator code"),
    Column("name", "Indicator name"),
    Column("unit", "Unit"),
    Column("baseline", "Baseline"),
    Column("milestone_2024", "Milestone 2024"),
    Column("target_2029", "Target 2029"),
    Column("committed", "Committed"),
    Column("achieved", "Achieved"),
]


def indicator_rows(agglomeration: Agglomeration) -> list[dict[str, Any]]:
    strategy = _strategy(agglomeration)
    if strategy is None:
        return []
    language = agglomeration.language
    progress = indicator_progress(strategy)
    rows = []
    for goal in progress.goals:
        for measure in goal.measures:
            for row in measure.rows:
                rows.append(
                    {
                        "measure": measure.measure.code,
                        "code": row.indicator.code,
                        "name": as_i18n(row.indicator.name).localized(language),
                        "unit": as_i18n(row.indicator.unit).localized(language),
                        "baseline": row.baseline,
                        "milestone_2024": row.milestone_2024,
                        "target_2029": row.target_2029,
                        "committed": row.committed,
                        "achieved": row.achieved,
                    }
                )
    return rows


FUNNEL_COLUMNS = [
    Column("measure", "Measure code"),
    Column("measure_name", "Measure"),
    Column("programme", "Programme"),
    Column("objective", "Specific objective"),
    Column("fund", "Fund"),
    Column("currency", "Currency"),
    *[Column(stage, f"EU support: {stage}") for stage in STAGES],
]


def funnel_rows(agglomeration: Agglomeration, as_of: date) -> list[dict[str, Any]]:
    strategy = _strategy(agglomeration)
    if strategy is None:
        return []
    funnel = money_funnel(strategy, FunnelFilters(as_of=as_of), agglomeration=agglomeration)
    return [
        {
            "measure": row.measure_code,
            "measure_name": row.measure_name,
            "programme": row.programme_code,
            "objective": row.objective_code,
            # the national abbreviation, as the list of operations writes it (EFRR, not ERDF)
            "fund": fund_abbreviation(row.fund, agglomeration.language),
            "currency": row.currency,
            **{stage: row.amounts[stage] for stage in STAGES},
        }
        for row in funnel.rows
    ]


def dataset_file(agglomeration: Agglomeration, key: str, fmt: str) -> bytes:
    """The data set `key` in format `fmt` (one of its `formats`), as of today."""
    as_of = timezone.localdate()
    if key == "operations":
        if fmt == "geojson":
            return _geojson(agglomeration, as_of)
        return art49.art49_files(agglomeration, as_of, (fmt,))[fmt]
    if key == "calls":
        rows = calendar.build_calendar_rows(agglomeration, as_of)
        if fmt == "csv":
            return to_csv(calendar.COLUMNS, rows)
        meta = calendar.calendar_meta(agglomeration, as_of, agglomeration.language)
        return to_json(calendar.COLUMNS, rows, meta={**meta, "licence": LICENCE}, key="calls")
    builders: dict[str, tuple[list[Column], Callable[[], list[dict[str, Any]]]]] = {
        "indicators": (INDICATOR_COLUMNS, lambda: indicator_rows(agglomeration)),
        "funnel": (FUNNEL_COLUMNS, lambda: funnel_rows(agglomeration, as_of)),
    }
    columns, build = builders[key]
    rows = build()
    if fmt == "csv":
        return to_csv(columns, rows)
    meta = _meta(agglomeration, str(DATASETS[key].titles["en"]), as_of)
    return to_json(columns, rows, meta=meta, key=key)
