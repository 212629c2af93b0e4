"""A joint idea's programme and priority become texts per language (cs/pl/en), like its other
texts. An earlier value was typed in one unknown language: it is kept as the English version,
which every reader falls back to, so nothing is lost and nothing is guessed."""

from django.db import migrations

import aglomera.core.i18n


def forwards(apps, schema_editor):
    JointIdea = apps.get_model("cooperation", "JointIdea")
    for idea in JointIdea.objects.all():
        idea.programme_i18n = {"en": idea.programme} if idea.programme else {}
        idea.priority_i18n = {"en": idea.priority} if idea.priority else {}
        idea.save(update_fields=["programme_i18n", "priority_i18n"])


def backwards(apps, schema_editor):
    JointIdea = apps.get_model("cooperation", "JointIdea")
    for idea in JointIdea.objects.all():
        for name in ("programme", "priority"):
            texts = getattr(idea, f"{name}_i18n") or {}
            first = next((texts[code] for code in ("en", "cs", "pl") if texts.get(code)), "")
            setattr(idea, name, first[:300])
        idea.save(update_fields=["programme", "priority"])


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0009_exchange_participants")]

    operations = [
        migrations.AddField(
            model_name="jointidea",
            name="programme_i18n",
            field=aglomera.core.i18n.I18nField(
                blank=True, default=dict, max_length=300, verbose_name="programme"
            ),
        ),
        migrations.AddField(
            model_name="jointidea",
            name="priority_i18n",
            field=aglomera.core.i18n.I18nField(
                blank=True, default=dict, max_length=300, verbose_name="priority"
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="jointidea", name="programme"),
        migrations.RemoveField(model_name="jointidea", name="priority"),
        migrations.RenameField(model_name="jointidea", old_name="programme_i18n", new_name="programme"),
        migrations.RenameField(model_name="jointidea", old_name="priority_i18n", new_name="priority"),
    ]
