"""The type of intervention becomes per agglomeration (programmes are shared between them).

Existing rows (none in production when this was written) are kept: the specific objective's
one-to-one link becomes a foreign key, and each row is given to every agglomeration whose
strategy (any version) plans money from that objective, one row each. A row that no
agglomeration's strategy uses, or whose code is not in the codebook of 0003, cannot be kept and
is deleted (it could not have appeared in any agglomeration's list of operations either).
Migration 0005 then makes the agglomeration required and the code a foreign key to the codebook.
"""

from __future__ import annotations

from typing import Any

import django.db.models.deletion
from django.db import migrations, models


def assign_agglomerations(apps: Any, schema_editor: Any) -> None:
    Mapping = apps.get_model("monitoring", "InterventionFieldMapping")
    InterventionField = apps.get_model("monitoring", "InterventionField")
    FinancialPlanLine = apps.get_model("strategy", "FinancialPlanLine")
    known = set(InterventionField.objects.values_list("code", flat=True))
    for mapping in list(Mapping.objects.filter(agglomeration__isnull=True)):
        users = sorted(
            set(
                FinancialPlanLine.objects.filter(
                    specific_objective_id=mapping.specific_objective_id
                ).values_list("version__strategy__agglomeration_id", flat=True)
            )
        )
        if mapping.code not in known or not users:
            mapping.delete()
            continue
        mapping.agglomeration_id = users[0]
        mapping.save(update_fields=["agglomeration"])
        for agglomeration_id in users[1:]:
            Mapping.objects.create(
                agglomeration_id=agglomeration_id,
                specific_objective_id=mapping.specific_objective_id,
                code=mapping.code,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("agglomerations", "0001_initial"),
        ("monitoring", "0003_intervention_field_codebook"),
        ("strategy", "0003_office_roles"),
    ]

    operations = [
        migrations.AlterField(
            model_name="interventionfieldmapping",
            name="specific_objective",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="strategy.specificobjective",
                verbose_name="programme specific objective",
            ),
        ),
        migrations.AddField(
            model_name="interventionfieldmapping",
            name="agglomeration",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="intervention_field_mappings",
                to="agglomerations.agglomeration",
            ),
        ),
        migrations.RunPython(assign_agglomerations, migrations.RunPython.noop),
    ]
