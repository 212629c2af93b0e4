"""Czech and Polish names of the intervention fields, and the English names the first codebook
lacked (aglomera/monitoring/data/intervention_fields.csv, columns name_cs and name_pl; where each
name comes from: intervention_fields_sources.csv and DATA_SOURCES.md section 5).

An English name already stored is kept; Czech and Polish are set from the file. Runs after 0003
on fresh databases too, so every database ends with the same names.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "intervention_fields.csv"


def add_names(apps: Any, schema_editor: Any) -> None:
    InterventionField = apps.get_model("monitoring", "InterventionField")
    stored = {field.code: field for field in InterventionField.objects.all()}
    with DATA.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            field = stored.get(row["code"])
            name = dict(field.name or {}) if field else {}
            if row["name_en"] and not name.get("en"):
                name["en"] = row["name_en"]
            for language in ("cs", "pl"):
                if row[f"name_{language}"]:
                    name[language] = row[f"name_{language}"]
            InterventionField.objects.update_or_create(code=row["code"], defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0012_programme_financing")]

    operations = [migrations.RunPython(add_names, migrations.RunPython.noop)]
