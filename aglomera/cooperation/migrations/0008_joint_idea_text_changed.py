"""When each language version of a joint idea's title, summary and fit changed
(aglomera/core/language_pairs.py). Existing ideas get none: unknown, no marker."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cooperation', '0007_good_practice_tags_per_language'),
    ]

    operations = [
        migrations.AddField(
            model_name='jointidea',
            name='text_changed',
            field=models.JSONField(blank=True, default=dict, verbose_name='when each language version changed'),
        ),
    ]
