"""The list of operations that CPR 2021/1060 Art. 49(3) requires to be public (open formats).

Art. 49(3) covers the operations **selected for support** under the programmes of **2021-2027**
(the regulation's period): in the Czech system an operation is selected when the legal act on
the support is issued (state PP30 "projekt s vydaným právním aktem" and later), in the Polish one
when the contract is signed. So the rows are:
* the agglomeration's project intentions of its 2021-2027 strategies that reached the legal act
  on or before the "as of" day (the workflow's history says when);
* the operations imported from the managing authority's lists that were selected on or before
  that day: a legal act date on or before it, or a Czech state code PP30-PP59 in the last
  snapshot on or before it, or a linked intention selected by then; an operation whose
  registration number is of the 2014-2020 format (CZ.xx.x.xx/0.0/0.0/..., Polish RPO/POIS/...)
  is left out, as is one linked to an intention of a 2014-2020 strategy.
An operation linked to an intention is one row, and its data (registration number, name,
beneficiary, dates, amounts) win over the intention's. Applications not yet selected are never
published (Art. 49(3) lists operations, and an application is not one yet).

`build_art49_rows(agglomeration, as_of)` is a pure read with a fixed number of queries; the
headers are fixed English texts carrying the article reference, so that the published files keep
the same columns in every language of the user interface.

A beneficiary who is a natural person (OrganisationKind.PERSON) is published by name only: no
identification number, no address and no municipality, located by its NUTS 2 region; the name is
removed two years after the operation was first published (`art49_first_published_on`, recorded
by actions/publication.py when a generated list succeeds), as Art. 49(3) requires. Identification
numbers have one format: "IČO 00301825" (eight digits, leading zeros kept), "REGON 531412421",
"NIP 7543012345", whether they come from an intention or from a managing authority's list.

The purpose and the achievements (Art. 49(3)(e)) are what the applicant or the office stated for
the list (`art49_purpose`, `art49_achievements`, on the intention's page "Published information"),
or else the intention's activities and its committed indicators. The contractors of public
procurement (Art. 49(3)(a)) are those recorded on that page, each as "name (IČO 00301825)"; a
natural person by name only, removed with the beneficiary's name two years after the first
publication. An imported operation without an intention has none.

The type of intervention (Art. 49(3)(n)) of an intention is the CPR Annex I code that its
agglomeration set for the call's programme specific objective (`InterventionFieldMapping`, the
page "Types of intervention"); an imported operation without an intention has none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone

from aglomera.agglomerations.models import Agglomeration, Country, Municipality, OrganisationKind
from aglomera.core.dates import add_months
from aglomera.core.exports import Column, to_csv, to_json, to_xlsx
from aglomera.core.i18n import as_i18n
from aglomera.core.models import StatusChange
from aglomera.core.validators import normalize_ico
from aglomera.intentions.models import (
    Contractor,
    IntentionIndicator,
    IntentionStatus,
    ProjectIntention,
)
from aglomera.monitoring.importing.normalize import is_2014_2020_number
from aglomera.monitoring.models import (
    InterventionField,
    InterventionFieldMapping,
    Operation,
    OperationSnapshot,
)
from aglomera.strategy.funds import fund_abbreviation
from aglomera.strategy.models import Period

S = IntentionStatus

# From the legal act onwards: operations selected for support.
SELECTED = (
    S.LEGAL_ACT,
    S.IN_IMPLEMENTATION,
    S.PHYSICALLY_COMPLETED,
    S.FINANCIALLY_CLOSED,
    S.SUSTAINABILITY,
)
INTENTION_WORKFLOW = "intentions.intention"
# The programming period whose operations Regulation (EU) 2021/1060 Art. 49(3) lists.
LIST_PERIOD = Period.P2021
# Czech states of an operation with the legal act issued (PP30) up to its closure (PP5x).
SELECTED_STATE = re.compile(r"PP[345]\d")
HUNDRED = Decimal("100")
RATE_PLACES = Decimal("0.01")

COLUMNS: list[Column] = [
    Column("code", "Unique code of the operation", "Art. 49(3)"),
    Column("beneficiary", "Beneficiary name", "Art. 49(3)(a)"),
    Column("beneficiary_id", "Beneficiary identification number", "Art. 49(3)(a)"),
    Column("contractor", "Contractors (public procurement)", "Art. 49(3)(a)"),
    Column("name", "Name of the operation", "Art. 49(3)(d)"),
    Column("purpose", "Purpose of the operation", "Art. 49(3)(e)"),
    Column("achievements", "Expected or actual achievements", "Art. 49(3)(e)"),
    Column("start_date", "Start date", "Art. 49(3)(f)"),
    Column("end_date", "Expected or actual date of completion", "Art. 49(3)(g)"),
    Column("total_cost", "Total cost of the operation", "Art. 49(3)(h)"),
    Column("currency", "Currency", "Art. 49(3)(h)"),
    Column("fund", "Fund", "Art. 49(3)(i)"),
    Column("specific_objective", "Specific objective", "Art. 49(3)(j)"),
    Column("cofinancing_rate", "Union co-financing rate (%)", "Art. 49(3)(k)"),
    Column("location", "Location (municipalities)", "Art. 49(3)(l)"),
    Column("geolocation", "Geolocation (latitude, longitude)", "Art. 49(3)(l)"),
    Column("nuts3", "NUTS 3 region", "Art. 49(3)(l)"),
    Column("country", "Country", "Art. 49(3)(l)"),
    Column(
        "beneficiary_location",
        "Location of the beneficiary (operations in several or no fixed locations)",
        "Art. 49(3)(m)",
    ),
    Column("intervention_code", "Type of intervention: code", "Art. 49(3)(n)"),
    Column("intervention_name", "Type of intervention: name", "Art. 49(3)(n)"),
    Column("last_update", "Date of last update", "Art. 49(3)"),
]


@dataclass
class _Snapshot:
    eligible_cost: Decimal | None
    eu_contribution: Decimal | None
    as_of: date | None
    state_code: str = ""
    total_cost: Decimal | None = None  # None: the list does not say (never the eligible cost)


def _selected_by(operation: Operation, amounts: _Snapshot, as_of: date) -> bool:
    """Whether the managing authority's data say the operation was selected by `as_of`."""
    if operation.contracted_on is not None:
        return operation.contracted_on <= as_of
    return bool(SELECTED_STATE.fullmatch(amounts.state_code))


def _rate(eu: Decimal | None, eligible: Decimal | None) -> Decimal | None:
    if eu is None or not eligible:
        return None
    return (Decimal(eu) * HUNDRED / Decimal(eligible)).quantize(RATE_PLACES, ROUND_HALF_UP)


def _coordinates(value: Decimal | None) -> str:
    return format(Decimal(value).quantize(Decimal("0.000001")), "f") if value is not None else ""


def _operations_as_of(
    agglomeration: Agglomeration, as_of: date
) -> tuple[list[Operation], dict[int, _Snapshot]]:
    """Imported operations known on `as_of`, with their amounts as of that day (2 queries)."""
    operations = list(
        Operation.objects.filter(agglomeration=agglomeration).order_by("registration_number")
    )
    latest: dict[int, _Snapshot] = {}
    seen: set[int] = set()
    for snapshot in OperationSnapshot.objects.filter(
        operation__agglomeration=agglomeration
    ).order_by("operation_id", "as_of", "id"):
        seen.add(snapshot.operation_id)
        if snapshot.as_of <= as_of:
            latest[snapshot.operation_id] = _Snapshot(
                snapshot.eligible_cost,
                snapshot.eu_contribution,
                snapshot.as_of,
                snapshot.state_code,
                snapshot.total_cost,
            )
    known = [
        op
        for op in operations
        if (op.pk in latest or op.pk not in seen)
        and not is_2014_2020_number(op.registration_number)
    ]
    amounts = {
        op.pk: latest.get(op.pk)
        or _Snapshot(op.eligible_cost, op.eu_contribution, None, op.state_code, op.total_cost)
        for op in known
    }
    return known, amounts


def _selected_after(agglomeration: Agglomeration, as_of: date) -> set[int]:
    """Intentions whose legal act was recorded after `as_of` (or never)."""
    later: set[int] = set()
    filed = StatusChange.objects.filter(
        workflow=INTENTION_WORKFLOW,
        new_status=S.LEGAL_ACT,
        object_id__in=ProjectIntention.objects.filter(call__agglomeration=agglomeration).values(
            "pk"
        ),
    ).values_list("object_id", "created_at")
    first: dict[int, date] = {}
    for object_id, created_at in filed:
        day = timezone.localdate(created_at)
        first[object_id] = min(first.get(object_id, day), day)
    for object_id, day in first.items():
        if day > as_of:
            later.add(object_id)
    return later


def _achievements(intention: ProjectIntention, language: str) -> str:
    """What the applicant or the office stated, or else the committed indicators."""
    stated = as_i18n(intention.art49_achievements).localized(language)
    if stated:
        return stated
    parts = []
    for value in intention.indicators.all():
        indicator = value.indicator
        amount = format(value.committed_value.normalize(), "f")
        unit = as_i18n(indicator.unit).localized(language)
        name = as_i18n(indicator.name).localized(language)
        parts.append(f"{indicator.code} {name}: {amount} {unit}".strip())
    return "; ".join(parts)


# A natural person's name leaves the list two years after its first publication.
PERSON_NAME_MONTHS = 24


def identifier(country: str, raw: str) -> str:
    """One format for an identification number: IČO with its eight digits, REGON or NIP by
    length; anything else as given."""
    digits = "".join(ch for ch in raw if ch.isdigit())
    if not digits or digits != "".join(raw.split()):
        return raw.strip()
    if country == Country.CZ and len(digits) <= 8:
        return f"IČO {normalize_ico(digits)}"
    if country == Country.PL and len(digits) in (9, 14):
        return f"REGON {digits}"
    if country == Country.PL and len(digits) == 10:
        return f"NIP {digits}"
    return digits


def _name_removed(intention: ProjectIntention, as_of: date) -> bool:
    first = intention.art49_first_published_on
    return first is not None and as_of > add_months(first, PERSON_NAME_MONTHS)


def _contractors(intention: ProjectIntention, as_of: date) -> str:
    """The contractors as "name (IČO 00301825)", each once; a natural person by name only, and
    not at all two years after the operation's first publication."""
    shown: list[str] = []
    for contractor in intention.contractors.all():
        if contractor.natural_person:
            if _name_removed(intention, as_of):
                continue
            text = contractor.name
        else:
            number = identifier(contractor.country or "", contractor.identifier)
            text = f"{contractor.name} ({number})" if number else contractor.name
        if text not in shown:
            shown.append(text)
    return "; ".join(shown)


def _person_row(
    row: dict[str, Any], intention: ProjectIntention, places: list[Municipality], as_of: date
) -> dict[str, Any]:
    """A natural person: the name (until two years after first publication), the NUTS 2
    region, nothing that points at a home."""
    regions = sorted({place.nuts3[:4] for place in places if len(place.nuts3) >= 4})
    row.update(
        person=True,  # not a column: the managing authority's data may not add to it
        beneficiary="" if _name_removed(intention, as_of) else intention.applicant.name,
        beneficiary_id="",
        location="; ".join(regions),
        geolocation="",
        nuts3="",
        beneficiary_location="; ".join(regions),
    )
    return row


def _intention_row(
    intention: ProjectIntention,
    agglomeration: Agglomeration,
    intervention: dict[int, InterventionField],
    language: str,
    as_of: date,
) -> dict[str, Any]:
    call = intention.call
    objective = call.specific_objective
    places: list[Municipality] = list(intention.municipalities.all())
    field = intervention.get(objective.pk)
    row = {
        "intention_id": intention.pk,  # not a column: which intentions a list published
        "code": intention.registration_number or f"{agglomeration.slug.upper()}-{intention.pk}",
        "beneficiary": intention.applicant.name,
        "beneficiary_id": intention.applicant.identifier,
        "contractor": _contractors(intention, as_of),
        "name": as_i18n(intention.name).localized(language),
        "purpose": as_i18n(intention.art49_purpose).localized(language)
        or as_i18n(intention.activities).localized(language),
        "achievements": _achievements(intention, language),
        "start_date": intention.start_date,
        "end_date": intention.end_date,
        "total_cost": intention.total_cost,
        "currency": objective.programme.currency,
        "fund": fund_abbreviation(objective.fund, language),
        "specific_objective": (
            f"{objective.programme.code} {objective.code} "
            f"{as_i18n(objective.name).localized(language)}"
        ).strip(),
        "cofinancing_rate": _rate(intention.requested_eu, intention.eligible_cost),
        "location": "; ".join(place.name for place in places),
        "geolocation": "; ".join(
            f"{_coordinates(place.latitude)},{_coordinates(place.longitude)}"
            for place in places
            if place.latitude is not None and place.longitude is not None
        ),
        "nuts3": "; ".join(sorted({place.nuts3 for place in places if place.nuts3})),
        "country": agglomeration.country,
        "beneficiary_location": intention.applicant.address if len(places) != 1 else "",
        "intervention_code": field.code if field else "",
        "intervention_name": as_i18n(field.name).localized(language) if field else "",
        "last_update": timezone.localdate(intention.updated_at),
    }
    if intention.applicant.kind == OrganisationKind.PERSON:
        return _person_row(row, intention, places, as_of)
    return row


def _apply_operation(
    row: dict[str, Any], operation: Operation, amounts: _Snapshot, *, linked: bool, country: str
) -> dict[str, Any]:
    """The managing authority's data win over the intention's (but never publish more of a
    natural person than `_person_row` left)."""
    person = bool(row.get("person"))
    row["code"] = operation.registration_number
    row["name"] = operation.name or row.get("name", "")
    if not person:
        row["beneficiary"] = operation.beneficiary or row.get("beneficiary", "")
        if operation.beneficiary_id:
            row["beneficiary_id"] = identifier(country, operation.beneficiary_id)
    row["start_date"] = operation.start_date or row.get("start_date")
    row["end_date"] = operation.end_date or row.get("end_date")
    if not linked:
        # Art. 49(3)(h) asks for the total cost: the list's total cost column, never its
        # eligible expenditure (another basis); unknown stays empty and is listed as missing.
        row["total_cost"] = amounts.total_cost
    row["currency"] = operation.currency or row.get("currency", "")
    rate = _rate(amounts.eu_contribution, amounts.eligible_cost)
    if rate is not None:
        row["cofinancing_rate"] = rate
    if operation.nuts3 and not row.get("nuts3") and not person:
        row["nuts3"] = operation.nuts3
    if amounts.as_of:
        row["last_update"] = amounts.as_of
    return row


def build_art49_rows(
    agglomeration: Agglomeration, as_of: date, *, language: str | None = None
) -> list[dict[str, Any]]:
    """One dict per operation keyed by `COLUMNS` keys, ordered by the unique code (8 queries)."""
    language = language or agglomeration.language
    operations, amounts = _operations_as_of(agglomeration, as_of)
    linked_ids = {op.intention_id for op in operations if op.intention_id}
    later = _selected_after(agglomeration, as_of)
    intentions = list(
        ProjectIntention.objects.filter(call__agglomeration=agglomeration)
        .filter(Q(status__in=SELECTED) | Q(pk__in=linked_ids))
        .select_related("call__strategy", "call__specific_objective__programme", "applicant")
        .prefetch_related(
            Prefetch("municipalities", queryset=Municipality.objects.order_by("name")),
            Prefetch(
                "indicators",
                queryset=IntentionIndicator.objects.select_related("indicator").order_by(
                    "indicator__code"
                ),
            ),
            Prefetch("contractors", queryset=Contractor.objects.order_by("name", "id")),
        )
    )
    objectives = {intention.call.specific_objective_id for intention in intentions}
    intervention = {
        mapping.specific_objective_id: mapping.code
        for mapping in InterventionFieldMapping.objects.filter(
            agglomeration=agglomeration, specific_objective__in=objectives
        ).select_related("code")
    }
    of_period = {i.pk for i in intentions if i.call.strategy.period == LIST_PERIOD}
    selected = {i.pk for i in intentions if i.status in SELECTED and i.pk not in later}
    rows: dict[int, dict[str, Any]] = {
        intention.pk: _intention_row(intention, agglomeration, intervention, language, as_of)
        for intention in intentions
        if intention.pk in of_period
    }
    result: list[dict[str, Any]] = []
    for operation in operations:
        intention_id = operation.intention_id
        if intention_id is not None and intention_id not in of_period:
            continue  # an operation of a 2014-2020 strategy's intention
        if not (_selected_by(operation, amounts[operation.pk], as_of) or intention_id in selected):
            continue
        own = rows.pop(intention_id, None) if intention_id is not None else None
        linked = own is not None
        base = own if own is not None else {"country": agglomeration.country}
        result.append(
            _apply_operation(
                base, operation, amounts[operation.pk], linked=linked, country=agglomeration.country
            )
        )
    result.extend(row for pk, row in rows.items() if pk in selected)
    for row in result:  # what is stated as of a day was last updated on that day at the latest
        if row.get("last_update") is not None and row["last_update"] > as_of:
            row["last_update"] = as_of
    return sorted(result, key=lambda row: str(row["code"]))


# The Art. 49(3) items every row must carry (the column key and its point of Art. 49(3)); a row
# without one is listed for the office to complete before the list is published.
REQUIRED: tuple[tuple[str, str], ...] = (
    ("purpose", "e"),
    ("achievements", "e"),
    ("start_date", "f"),
    ("end_date", "g"),
    ("total_cost", "h"),
    ("fund", "i"),
    ("specific_objective", "j"),
    ("cofinancing_rate", "k"),
    ("location", "l"),
    ("intervention_code", "n"),
)


def missing_items(rows: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Column key -> the codes of the rows without it, for every required item some row lacks."""
    missing: dict[str, list[str]] = {}
    for key, _point in REQUIRED:
        codes = [str(row["code"]) for row in rows if row.get(key) in (None, "")]
        if codes:
            missing[key] = codes
    return missing


def published_intentions(rows: list[dict[str, Any]]) -> set[int]:
    """The intentions behind the rows of a list (`intention_id` is not a column)."""
    return {int(row["intention_id"]) for row in rows if row.get("intention_id")}


def art49_meta(agglomeration: Agglomeration, as_of: date, language: str) -> dict[str, Any]:
    return {
        "title": "List of operations (Regulation (EU) 2021/1060, Article 49(3))",
        "agglomeration": as_i18n(agglomeration.name).localized(language),
        "office": as_i18n(agglomeration.office_name).localized(language),
        "country": agglomeration.country,
        "language": language,
        "as_of": as_of,
    }


FORMATS = ("csv", "xlsx", "json")


def art49_files(
    agglomeration: Agglomeration,
    as_of: date,
    formats: Sequence[str] = FORMATS,
    *,
    rows: list[dict[str, Any]] | None = None,
) -> dict[str, bytes]:
    """The list in each of `formats` (CSV, XLSX and JSON by default), by the one writer;
    `rows` when the caller has built them already (in the agglomeration's language)."""
    language = agglomeration.language
    if rows is None:
        rows = build_art49_rows(agglomeration, as_of, language=language)
    writers: dict[str, Callable[[], bytes]] = {
        "csv": lambda: to_csv(COLUMNS, rows),
        "xlsx": lambda: to_xlsx(COLUMNS, rows, title="Operations"),
        "json": lambda: to_json(
            COLUMNS, rows, meta=art49_meta(agglomeration, as_of, language), key="operations"
        ),
    }
    return {name: writers[name]() for name in formats}
