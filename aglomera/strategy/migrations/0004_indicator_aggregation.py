"""How an indicator's values combine over projects and measures (issue 10, point 12).

The EU common indicators get their rule from the shipped list
(aglomera/strategy/data/eu_common_indicators.json, key "aggregation"): the population of the
strategy's territory (RCO74, RCO113) and the strategy itself (RCO75, RCO80) are counted again
by every project, so they combine as the largest value; a population benefiting from measures
(RCR35-37, 41, 42, 50, 95, 96) may be the same persons in several measures, so it is not
combined across measures. Every other indicator, national ones included, is summed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import migrations, models

DATA = Path(__file__).resolve().parent.parent / "data" / "eu_common_indicators.json"


def set_aggregation(apps: Any, schema_editor: Any) -> None:
    IndicatorCode = apps.get_model("strategy", "IndicatorCode")
    for entry in json.loads(DATA.read_text(encoding="utf-8")):
        if "aggregation" in entry:
            IndicatorCode.objects.filter(code=entry["code"], source="eu").update(
                aggregation=entry["aggregation"]
            )


class Migration(migrations.Migration):
    dependencies = [("strategy", "0003_office_roles")]

    operations = [
        migrations.AddField(
            model_name="indicatorcode",
            name="aggregation",
            field=models.CharField(
                choices=[
                    ("sum", "summed"),
                    ("max", "largest value"),
                    ("none", "not combined across measures"),
                ],
                default="sum",
                max_length=4,
                verbose_name="combined over projects and measures",
            ),
        ),
        migrations.RunPython(set_aggregation, migrations.RunPython.noop),
    ]
