"""The agglomeration is required, the code points at the codebook (same column `code`, so the
values written before are kept as they are), and one code per agglomeration and objective.

A separate migration from 0004 so that, on PostgreSQL, the rows 0004 wrote are committed before
the table is altered again."""

from __future__ import annotations

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0004_intervention_field_mapping_per_agglomeration")]

    operations = [
        migrations.AlterField(
            model_name="interventionfieldmapping",
            name="agglomeration",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="intervention_field_mappings",
                to="agglomerations.agglomeration",
            ),
        ),
        migrations.AlterField(
            model_name="interventionfieldmapping",
            name="code",
            field=models.ForeignKey(
                db_column="code",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="monitoring.interventionfield",
                verbose_name="intervention field",
            ),
        ),
        migrations.AlterModelOptions(
            name="interventionfieldmapping",
            options={
                "ordering": ["specific_objective__programme__code", "specific_objective__code"],
                "verbose_name": "intervention field of a specific objective",
                "verbose_name_plural": "intervention fields of specific objectives",
            },
        ),
        migrations.AddConstraint(
            model_name="interventionfieldmapping",
            constraint=models.UniqueConstraint(
                fields=("agglomeration", "specific_objective"),
                name="intervention_field_mapping_unique",
            ),
        ),
    ]
