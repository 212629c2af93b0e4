"""The portal's public projects: the list with search, facets, sorting and pages, and the map's
clusters. Both read the projection `PublicProject` (actions/projects.py) and run a fixed number
of queries whatever the amount of data (pinned in tests).

Every parameter comes from the address bar and is never trusted: an unknown filter, a value
that is not one of the options, a malformed number or a page past the end is ignored (the list
shows what it can); only the map's bounding box, which bounds the work of one request, is
refused with a message when it is malformed or too large for its zoom (`MapRequestError`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, F, Q, QuerySet
from django.http import QueryDict
from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from aglomera.agglomerations.models import Agglomeration, Municipality
from aglomera.core.i18n import as_i18n
from aglomera.core.query_params import query_int
from aglomera.core.text import CONTROL_CHARACTERS
from aglomera.intentions.models import IntentionStatus
from aglomera.intentions.queries.publication import PUBLISHED_FROM
from aglomera.portal.bands import BANDS, band_range
from aglomera.portal.models import PublicProject
from aglomera.portal.search import fold
from aglomera.strategy.funds import fund_abbreviation
from aglomera.strategy.models import Fund, Measure

MEASURE_CODE = re.compile(r"[0-9A-Za-z.]{1,20}")
PAGE_SIZE = 20
MAX_PAGE = 200  # past it the reader is asked to narrow the search
MAX_QUERY = 200  # characters of a search; the rest is ignored
MAX_WORDS = 8
SORTS: dict[str, tuple[str, ...]] = {
    "name": ("sort_name", "intention_id"),
    "-name": ("-sort_name", "-intention_id"),
    "amount": ("eu_amount", "sort_name", "intention_id"),
    "-amount": ("-eu_amount", "sort_name", "intention_id"),
    "date": ("selected_on", "sort_name", "intention_id"),
    "-date": ("-selected_on", "sort_name", "intention_id"),
}
SORT_LABELS = {
    "name": gettext_lazy("Name (A to Z)"),
    "-name": gettext_lazy("Name (Z to A)"),
    "amount": gettext_lazy("EU support (smallest first)"),
    "-amount": gettext_lazy("EU support (largest first)"),
    "date": gettext_lazy("Selected (oldest first)"),
    "-date": gettext_lazy("Selected (newest first)"),
}
FACETS = ("measure", "programme", "fund", "municipality", "state", "band", "year")
FACET_LABELS = {
    "measure": pgettext_lazy("strategy", "Measure"),
    "programme": gettext_lazy("Programme"),
    "fund": gettext_lazy("Fund"),
    "municipality": gettext_lazy("Municipality"),
    "state": gettext_lazy("State"),
    "band": gettext_lazy("EU support"),
    "year": gettext_lazy("Year of selection"),
}


@dataclass(frozen=True)
class ProjectFilters:
    q: str = ""
    measure: str = ""
    programme: int | None = None
    fund: str = ""
    municipality: int | None = None
    state: str = ""
    band: int | None = None
    year: int | None = None
    sort: str = "name"
    page: int = 1

    @classmethod
    def from_query(cls, params: QueryDict) -> ProjectFilters:
        """The filters of a query string; anything malformed or unknown is left out."""
        measure = params.get("measure", "")
        fund = params.get("fund", "")
        state = params.get("state", "")
        sort = params.get("sort", "")
        return cls(
            q=" ".join(CONTROL_CHARACTERS.sub(" ", params.get("q", "")[:MAX_QUERY]).split()),
            measure=measure if MEASURE_CODE.fullmatch(measure) else "",
            programme=query_int(params, "programme"),
            fund=fund if fund in Fund.values else "",
            municipality=query_int(params, "municipality"),
            state=state if state in PUBLISHED_FROM else "",
            band=query_int(params, "band", min_value=BANDS[0], max_value=BANDS[-1]),
            year=query_int(params, "year", min_value=2000, max_value=2100),
            sort=sort if sort in SORTS else "name",
            page=query_int(params, "page") or 1,
        )

    def params(self, **changes: Any) -> dict[str, str]:
        """The non-default parameters, with `changes` (a None or "" removes one)."""
        values = {**{name: getattr(self, name) for name in ("q", *FACETS, "sort", "page")}}
        values.update(changes)
        defaults = {"sort": "name", "page": 1}
        return {
            name: str(value)
            for name, value in values.items()
            if value not in (None, "") and defaults.get(name) != value
        }

    def query(self, **changes: Any) -> str:
        """`?...` for a link to these filters with `changes` (a new filter goes to page 1)."""
        if "page" not in changes:
            changes["page"] = 1
        encoded = urlencode(self.params(**changes))
        return f"?{encoded}" if encoded else "?"

    def facet_values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FACETS}


def _facet_q(name: str, value: Any) -> Q:
    if name == "programme":
        return Q(programme_id=value)
    if name == "measure":
        return Q(measure_code=value)
    return Q(**{name: value})


def _filtered(
    agglomeration: Agglomeration, filters: ProjectFilters, *, skip: str = ""
) -> QuerySet[PublicProject]:
    """The agglomeration's public projects that match the search and every facet but `skip`."""
    projects = PublicProject.objects.filter(agglomeration=agglomeration)
    for word in fold(filters.q).split()[:MAX_WORDS]:
        projects = projects.filter(search_text__contains=word)
    for name, value in filters.facet_values().items():
        if name == skip or value in (None, ""):
            continue
        if name == "municipality":
            ids = PublicProject.municipalities.through.objects.filter(municipality_id=value)
            projects = projects.filter(pk__in=ids.values("publicproject_id"))
        else:
            projects = projects.filter(_facet_q(name, value))
    return projects


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int
    selected: bool
    query: str  # the list with this option chosen (or, when selected, without it)


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    options: list[Option]

    @property
    def selected(self) -> Option | None:
        return next((option for option in self.options if option.selected), None)


@dataclass
class ProjectRow:
    project: PublicProject
    name: str
    measure: str
    programme: str
    state: str
    fund: str


@dataclass
class ProjectsPage:
    agglomeration: Agglomeration
    filters: ProjectFilters
    rows: list[ProjectRow]
    total: int
    page: int
    pages: int
    facets: list[Facet] = field(default_factory=list)
    sorts: list[tuple[str, str]] = field(default_factory=list)

    @property
    def first_number(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1 if self.total else 0

    @property
    def last_number(self) -> int:
        return min(self.total, self.page * PAGE_SIZE)

    @property
    def truncated(self) -> bool:
        """More results than the pages show: the reader should narrow the search."""
        return self.total > MAX_PAGE * PAGE_SIZE

    @property
    def previous_query(self) -> str:
        return self.filters.query(page=self.page - 1) if self.page > 1 else ""

    @property
    def next_query(self) -> str:
        return self.filters.query(page=self.page + 1) if self.page < self.pages else ""


def _measure_names(agglomeration: Agglomeration, language: str) -> dict[str, str]:
    """Measure code -> name in the strategies' current versions (one query)."""
    names: dict[str, str] = {}
    for code, name in (
        Measure.objects.filter(
            version__strategy__agglomeration=agglomeration,
            version__strategy__current_version=F("version"),
        )
        .order_by("-version__strategy__period", "code")
        .values_list("code", "name")
    ):
        names.setdefault(code, as_i18n(name).localized(language))
    return names


def _whole(amount: Decimal | None) -> str:
    return number_format(amount or 0, 0, use_l10n=True, force_grouping=True)


def _band_label(band: int, currency: str) -> str:
    low, high = band_range(band, currency)
    money = _whole
    if low is None:
        return gettext("below %(high)s %(currency)s") % {"high": money(high), "currency": currency}
    if high is None:
        return gettext("%(low)s %(currency)s and more") % {"low": money(low), "currency": currency}
    return gettext("%(low)s to %(high)s %(currency)s") % {
        "low": money(low),
        "high": money(high),
        "currency": currency,
    }


def _state_label(code: str) -> str:
    return str(IntentionStatus(code).label) if code in IntentionStatus.values else code


def _options(
    filters: ProjectFilters,
    name: str,
    counted: list[tuple[Any, str, int]],
    sort_key: Callable[[tuple[Any, str, int]], Any] | None = None,
) -> Facet:
    chosen = getattr(filters, name)
    options = []
    for value, label, count in sorted(counted, key=sort_key or (lambda item: item[1])):
        selected = str(value) == str(chosen)
        query = filters.query(**{name: None if selected else value})
        options.append(Option(str(value), label, count, selected, query))
    return Facet(name, str(FACET_LABELS[name]), options)


def _facets(
    agglomeration: Agglomeration, filters: ProjectFilters, measures: dict[str, str]
) -> list[Facet]:
    """Each facet's values with their counts among the projects that match the other facets
    and the search (7 queries)."""

    def counts(name: str, *fields: str) -> list[dict[str, Any]]:
        rows = (
            _filtered(agglomeration, filters, skip=name)
            .values(*fields)
            .annotate(n=Count("pk", distinct=True))
            .order_by()
        )
        return [row for row in rows if row[fields[0]] is not None]

    facets = [
        _options(
            filters,
            "measure",
            [
                (
                    row["measure_code"],
                    f"{row['measure_code']} {measures.get(row['measure_code'], '')}".strip(),
                    row["n"],
                )
                for row in counts("measure", "measure_code")
            ],
            sort_key=lambda item: [int(p) if p.isdigit() else p for p in item[0].split(".")],
        ),
        _options(
            filters,
            "programme",
            [
                (row["programme_id"], row["programme__code"], row["n"])
                for row in counts("programme", "programme_id", "programme__code")
            ],
        ),
        _options(
            filters,
            "fund",
            [
                (row["fund"], fund_abbreviation(row["fund"]), row["n"])
                for row in counts("fund", "fund")
            ],
        ),
        _options(
            filters,
            "municipality",
            [
                (row["municipalities__id"], row["municipalities__name"], row["n"])
                for row in counts("municipality", "municipalities__id", "municipalities__name")
            ],
        ),
        _options(
            filters,
            "state",
            [
                (row["state"], _state_label(row["state"]), row["n"])
                for row in counts("state", "state")
            ],
            sort_key=lambda item: PUBLISHED_FROM.index(item[0]),
        ),
    ]
    bands: dict[int, int] = {}
    currencies: dict[int, str] = {}
    for row in counts("band", "band", "currency"):
        bands[row["band"]] = bands.get(row["band"], 0) + row["n"]
        currencies.setdefault(row["band"], row["currency"])
    facets.append(
        _options(
            filters,
            "band",
            [(band, _band_label(band, currencies[band]), n) for band, n in bands.items()],
            sort_key=lambda item: item[0],
        )
    )
    facets.append(
        _options(
            filters,
            "year",
            [(row["year"], str(row["year"]), row["n"]) for row in counts("year", "year")],
            sort_key=lambda item: -item[0],
        )
    )
    return facets


def list_public_projects(
    agglomeration: Agglomeration, filters: ProjectFilters, *, language: str
) -> ProjectsPage:
    """One page of the agglomeration's public projects with the facets (10 queries)."""
    projects = _filtered(agglomeration, filters)
    total = projects.count()
    pages = max(1, min(MAX_PAGE, math.ceil(total / PAGE_SIZE)))
    page = min(filters.page, pages)
    filters = replace(filters, page=page)
    start = (page - 1) * PAGE_SIZE
    measures = _measure_names(agglomeration, language)
    rows = [
        ProjectRow(
            project=project,
            name=as_i18n(project.name).pick(language),
            measure=f"{project.measure_code} {measures.get(project.measure_code, '')}".strip(),
            programme=project.programme.code,
            state=_state_label(project.state),
            fund=fund_abbreviation(project.fund),
        )
        for project in projects.select_related("programme").order_by(*SORTS[filters.sort])[
            start : start + PAGE_SIZE
        ]
    ]
    return ProjectsPage(
        agglomeration=agglomeration,
        filters=filters,
        rows=rows,
        total=total,
        page=page,
        pages=pages,
        facets=_facets(agglomeration, filters, measures),
        sorts=[(key, str(label)) for key, label in SORT_LABELS.items()],
    )


# ---- the map ----------------------------------------------------------------------------------

MAX_ZOOM = 18
MAX_CELLS = 4096  # grid cells one request may cover: bounds the work whatever the bbox
CELLS_PER_TILE = 4  # a cluster covers a quarter of a 256-pixel tile (64 pixels)


class MapRequestError(ValueError):
    """A map request the server refuses (the message says why, in the reader's language)."""


@dataclass(frozen=True)
class BBox:
    west: float
    south: float
    east: float
    north: float


def parse_map_request(params: QueryDict) -> tuple[BBox | None, int]:
    """The bounding box (None: the whole territory) and the zoom of a map request."""
    zoom_raw = params.get("zoom", "")
    zoom = query_int(params, "zoom", min_value=0, max_value=MAX_ZOOM)
    if zoom is None:
        if zoom_raw:
            raise MapRequestError(
                gettext("The zoom must be a whole number from 0 to %(max)d.") % {"max": MAX_ZOOM}
            )
        zoom = 8
    raw = params.get("bbox", "")
    if not raw:
        return None, zoom
    parts = raw.split(",")
    try:
        if len(raw) > 120 or len(parts) != 4:
            raise ValueError
        west, south, east, north = (float(part) for part in parts)
    except ValueError:
        raise MapRequestError(
            gettext("The bounding box must be four numbers: west,south,east,north.")
        ) from None
    if not all(math.isfinite(v) for v in (west, south, east, north)) or not (
        -180 <= west < east <= 180 and -90 <= south < north <= 90
    ):
        raise MapRequestError(
            gettext(
                "The bounding box must lie within longitudes -180 to 180 and latitudes -90 to "
                "90, west of east and south of north."
            )
        )
    cell = _cell_size(zoom)
    if ((east - west) / cell) * ((north - south) / cell) > MAX_CELLS:
        raise MapRequestError(
            gettext("The area is too large for this zoom: zoom out or ask for a smaller area.")
        )
    return BBox(west, south, east, north), zoom


def _cell_size(zoom: int) -> float:
    """Degrees of a cluster cell at `zoom` (Web Mercator tiles are 360 / 2^zoom wide)."""
    return 360.0 / float(2**zoom) / CELLS_PER_TILE


def map_clusters(
    agglomeration: Agglomeration,
    filters: ProjectFilters,
    bbox: BBox | None,
    zoom: int,
    *,
    language: str,
    url: Callable[[int], str],
) -> dict[str, Any]:
    """GeoJSON of the matching located projects in `bbox`, grouped on a grid whose cells shrink
    as the zoom grows: a cluster of several projects, or one project with its name and address
    (one query)."""
    projects = _filtered(agglomeration, filters).exclude(latitude=None).exclude(longitude=None)
    if bbox is not None:
        projects = projects.filter(
            longitude__gte=bbox.west,
            longitude__lte=bbox.east,
            latitude__gte=bbox.south,
            latitude__lte=bbox.north,
        )
    cell = _cell_size(zoom)
    cells: dict[tuple[int, int], list[tuple[int, Any, float, float]]] = {}
    for pk, name, latitude, longitude in projects.order_by("intention_id").values_list(
        "intention_id", "name", "latitude", "longitude"
    ):
        lat, lon = float(latitude or 0), float(longitude or 0)  # never None: excluded above
        key = (math.floor(lon / cell), math.floor(lat / cell))
        cells.setdefault(key, []).append((pk, name, lat, lon))
    features = []
    for key in sorted(cells):
        members = cells[key]
        lat = sum(m[2] for m in members) / len(members)
        lon = sum(m[3] for m in members) / len(members)
        properties: dict[str, Any] = {"count": len(members)}
        if len(members) == 1:
            pk, name, _lat, _lon = members[0]
            properties.update(id=pk, name=as_i18n(name).localized(language), url=url(pk))
        elif len({(m[2], m[3]) for m in members}) == 1:
            # Projects placed at the same point (one municipality) never split by zooming in:
            # the cluster lists them.
            properties["projects"] = [
                {"id": pk, "name": as_i18n(name).localized(language), "url": url(pk)}
                for pk, name, _lat, _lon in members
            ]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def member_points(agglomeration: Agglomeration) -> list[list[Any]]:
    """[name, latitude, longitude] of each member municipality with a position, for the map's
    background (one query)."""
    return [
        [name, float(lat or 0), float(lon or 0)]
        for name, lat, lon in Municipality.objects.filter(agglomeration=agglomeration)
        .exclude(latitude=None)
        .exclude(longitude=None)
        .order_by("name", "pk")
        .values_list("name", "latitude", "longitude")
    ]
