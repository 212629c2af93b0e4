"""Load the EU common indicator code list (RCO/RCR) shipped with the product.

The list is our derived fixture aglomera/strategy/data/eu_common_indicators.json, built by
scripts/build_reference_data.py (provenance in DATA_SOURCES.md). Running it again updates
the entries in place; national codebook entries are never touched.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "eu_common_indicators.json"


def load_indicators(apps: Any, schema_editor: Any) -> None:
    IndicatorCode = apps.get_model("strategy", "IndicatorCode")
    entries = json.loads(DATA.read_text(encoding="utf-8"))
    for entry in entries:
        IndicatorCode.objects.update_or_create(
            code=entry["code"],
            defaults={
                "kind": entry["kind"],
                "source": "eu",
                "name": entry["name"],
                "unit": entry["unit"],
                "direction": entry.get("direction", "increase"),
                "note": entry.get("note", ""),
            },
        )


def unload_indicators(apps: Any, schema_editor: Any) -> None:
    IndicatorCode = apps.get_model("strategy", "IndicatorCode")
    MeasureIndicator = apps.get_model("strategy", "MeasureIndicator")
    used = MeasureIndicator.objects.values_list("indicator_id", flat=True)
    IndicatorCode.objects.filter(source="eu").exclude(pk__in=used).delete()


class Migration(migrations.Migration):
    dependencies = [("strategy", "0001_initial")]

    operations = [migrations.RunPython(load_indicators, unload_indicators)]
