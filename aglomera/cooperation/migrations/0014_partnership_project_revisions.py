"""The revision of a partnership and of a cooperation project (a save from a page showing an
older one is refused) and when each language version of their texts changed
(aglomera/core/language_pairs.py). Existing rows get none: unknown, no marker."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cooperation', '0013_exchange_programme_items'),
    ]

    operations = [
        migrations.AddField(
            model_name='cooperationproject',
            name='revision',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='cooperationproject',
            name='text_changed',
            field=models.JSONField(blank=True, default=dict, verbose_name='when each language version changed'),
        ),
        migrations.AddField(
            model_name='partnership',
            name='revision',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='partnership',
            name='text_changed',
            field=models.JSONField(blank=True, default=dict, verbose_name='when each language version changed'),
        ),
    ]
