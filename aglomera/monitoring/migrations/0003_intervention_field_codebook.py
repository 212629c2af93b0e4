"""The codebook of intervention fields (CPR (EU) 2021/1060 Annex I, Table 1, codes 001-182).

The list is our derived data file aglomera/monitoring/data/intervention_fields.csv, built by
scripts/build_reference_data.py (provenance in DATA_SOURCES.md). Running it again updates the
entries in place.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import django.core.validators
from django.db import migrations, models

import aglomera.core.i18n

DATA = Path(__file__).resolve().parent.parent / "data" / "intervention_fields.csv"


def load_intervention_fields(apps: Any, schema_editor: Any) -> None:
    InterventionField = apps.get_model("monitoring", "InterventionField")
    with DATA.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name = {"en": row["name_en"]} if row["name_en"] else {}
            InterventionField.objects.update_or_create(code=row["code"], defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0002_intervention_fields")]

    operations = [
        migrations.CreateModel(
            name="InterventionField",
            fields=[
                (
                    "code",
                    models.CharField(
                        max_length=3,
                        primary_key=True,
                        serialize=False,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^\\d{3}$", "Enter the three-digit code, e.g. 083."
                            )
                        ],
                        verbose_name="code",
                    ),
                ),
                (
                    "name",
                    aglomera.core.i18n.I18nField(
                        blank=True, default=dict, max_length=400, verbose_name="name"
                    ),
                ),
            ],
            options={
                "verbose_name": "intervention field",
                "verbose_name_plural": "intervention fields",
                "ordering": ["code"],
            },
        ),
        migrations.RunPython(load_intervention_fields, migrations.RunPython.noop),
    ]
