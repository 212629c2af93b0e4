"""When each language version of the exchanges' and good-practice cards' texts changed
(aglomera/core/language_pairs.py). Existing rows get none: unknown, no marker."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cooperation', '0005_sharing'),
    ]

    operations = [
        migrations.AddField(
            model_name='exchange',
            name='text_changed',
            field=models.JSONField(blank=True, default=dict, verbose_name='when each language version changed'),
        ),
        migrations.AddField(
            model_name='goodpractice',
            name='text_changed',
            field=models.JSONField(blank=True, default=dict, verbose_name='when each language version changed'),
        ),
    ]
