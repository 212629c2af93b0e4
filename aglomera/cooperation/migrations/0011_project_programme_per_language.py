"""A cooperation project's programme becomes a text per language (cs/pl/en): programmes have
official names in each language ("Interreg V-A Česká republika – Polsko" / "Republika Czeska –
Polska"). An earlier value, typed in one unknown language, is kept as the English version,
which every reader falls back to."""

from django.db import migrations

import aglomera.core.i18n


def forwards(apps, schema_editor):
    CooperationProject = apps.get_model("cooperation", "CooperationProject")
    for project in CooperationProject.objects.all():
        project.programme_i18n = {"en": project.programme} if project.programme else {}
        project.save(update_fields=["programme_i18n"])


def backwards(apps, schema_editor):
    CooperationProject = apps.get_model("cooperation", "CooperationProject")
    for project in CooperationProject.objects.all():
        texts = project.programme_i18n or {}
        first = next((texts[code] for code in ("en", "cs", "pl") if texts.get(code)), "")
        project.programme = first[:300]
        project.save(update_fields=["programme"])


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0010_idea_programme_per_language")]

    operations = [
        migrations.AddField(
            model_name="cooperationproject",
            name="programme_i18n",
            field=aglomera.core.i18n.I18nField(
                blank=True, default=dict, max_length=300, verbose_name="programme"
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="cooperationproject", name="programme"),
        migrations.RenameField(
            model_name="cooperationproject", old_name="programme_i18n", new_name="programme"
        ),
    ]
