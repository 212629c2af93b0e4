"""The calendar of calls that CPR 2021/1060 Art. 49(2) requires to be public.

Rows are the calls open on the "as of" day and the planned or announced calls opening within the
next twelve months; cancelled and closed calls are left out. `build_calendar_rows` is a pure read
with a fixed number of queries (3).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Prefetch
from django.utils import timezone

from aglomera.agglomerations.models import Agglomeration, Municipality
from aglomera.calls.models import Call, CallStatus
from aglomera.core.exports import Column, to_csv, to_json, to_xlsx
from aglomera.core.i18n import as_i18n
from aglomera.strategy.funds import fund_abbreviation

HORIZON = timedelta(days=365)

COLUMNS: list[Column] = [
    Column("number", "Call number"),
    Column("name", "Name of the call"),
    Column("status", "Status"),
    Column("programme", "Programme"),
    Column("area", "Geographical area covered by the call", "Art. 49(2)(a)"),
    Column("nuts3", "NUTS 3 regions covered", "Art. 49(2)(a)"),
    Column("objective", "Policy objective or specific objective concerned", "Art. 49(2)(b)"),
    Column("fund", "Fund", "Art. 49(2)(b)"),
    Column("eligible_applicants", "Type of eligible applicants", "Art. 49(2)(c)"),
    Column("total_support", "Total amount of support for the call", "Art. 49(2)(d)"),
    Column("currency", "Currency", "Art. 49(2)(d)"),
    Column("start_date", "Start date of the call", "Art. 49(2)(e)"),
    Column("end_date", "End date of the call", "Art. 49(2)(e)"),
]

STATUS_NAMES = {CallStatus.PLANNED: "planned", CallStatus.ANNOUNCED: "open for applications"}


def _local_day(moment: datetime, zone: ZoneInfo) -> date:
    return timezone.localtime(moment, zone).date()


def build_calendar_rows(
    agglomeration: Agglomeration, as_of: date, *, language: str | None = None
) -> list[dict[str, Any]]:
    """Calls open on `as_of` or opening within twelve months, by start (3 queries)."""
    language = language or agglomeration.language
    zone = ZoneInfo(agglomeration.time_zone)
    start = timezone.make_aware(datetime.combine(as_of, time.min), zone)
    calls = (
        Call.objects.filter(
            agglomeration=agglomeration,
            status__in=(CallStatus.PLANNED, CallStatus.ANNOUNCED),
            closes_at__gt=start,
            opens_at__lt=start + HORIZON,
        )
        .select_related("specific_objective__programme")
        .prefetch_related(
            Prefetch("territory", queryset=Municipality.objects.order_by("name")),
        )
        .order_by("opens_at", "number")
    )
    whole = sorted(
        set(
            Municipality.objects.filter(agglomeration=agglomeration)
            .exclude(nuts3="")
            .values_list("nuts3", flat=True)
        )
    )
    agglomeration_name = as_i18n(agglomeration.name).localized(language)
    rows: list[dict[str, Any]] = []
    for call in calls:
        places = list(call.territory.all())
        objective = call.specific_objective
        programme = objective.programme
        rows.append(
            {
                "number": call.number,
                "name": as_i18n(call.name).localized(language),
                "status": STATUS_NAMES[CallStatus(call.status)],
                "programme": programme.code,
                "area": (
                    "; ".join(place.name for place in places)
                    if places
                    else f"{agglomeration_name} (whole territory)"
                ),
                "nuts3": "; ".join(
                    sorted({place.nuts3 for place in places if place.nuts3}) if places else whole
                ),
                "objective": (
                    f"{programme.code} {objective.code} "
                    f"{as_i18n(objective.name).localized(language)}"
                ).strip(),
                "fund": fund_abbreviation(objective.fund, language),
                "eligible_applicants": as_i18n(call.eligible_applicants).localized(language),
                "total_support": call.allocation,
                "currency": programme.currency,
                "start_date": _local_day(call.opens_at, zone),
                "end_date": _local_day(call.closes_at, zone),
            }
        )
    return rows


def calendar_meta(agglomeration: Agglomeration, as_of: date, language: str) -> dict[str, Any]:
    return {
        "title": "Calendar of calls (Regulation (EU) 2021/1060, Article 49(2))",
        "agglomeration": as_i18n(agglomeration.name).localized(language),
        "country": agglomeration.country,
        "language": language,
        "as_of": as_of,
        "until": as_of + HORIZON,
    }


def calendar_files(agglomeration: Agglomeration, as_of: date) -> dict[str, bytes]:
    """The calendar in CSV, XLSX and JSON."""
    language = agglomeration.language
    rows = build_calendar_rows(agglomeration, as_of, language=language)
    return {
        "csv": to_csv(COLUMNS, rows),
        "xlsx": to_xlsx(COLUMNS, rows, title="Calls calendar"),
        "json": to_json(
            COLUMNS, rows, meta=calendar_meta(agglomeration, as_of, language), key="calls"
        ),
    }
