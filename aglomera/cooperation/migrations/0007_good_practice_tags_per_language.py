"""Good-practice tags per language: the one list becomes tags_cs, tags_pl and tags_en. The
existing tags (the demo's are English) go to the English slot; going back joins the three
lists (English first), repeats dropped."""

from django.db import migrations, models


def to_english(apps, schema_editor):
    GoodPractice = apps.get_model('cooperation', 'GoodPractice')
    for card in GoodPractice.objects.only('pk', 'tags'):
        tags = card.tags if isinstance(card.tags, list) else []
        if tags:
            GoodPractice.objects.filter(pk=card.pk).update(tags_en=[str(t) for t in tags])


def to_one_list(apps, schema_editor):
    GoodPractice = apps.get_model('cooperation', 'GoodPractice')
    for card in GoodPractice.objects.only('pk', 'tags_cs', 'tags_pl', 'tags_en'):
        tags = list(dict.fromkeys([*card.tags_en, *card.tags_cs, *card.tags_pl]))
        if tags:
            GoodPractice.objects.filter(pk=card.pk).update(tags=tags)


class Migration(migrations.Migration):

    dependencies = [
        ('cooperation', '0006_text_changed'),
    ]

    operations = [
        migrations.AddField(
            model_name='goodpractice',
            name='tags_cs',
            field=models.JSONField(blank=True, default=list, verbose_name='tags (Czech)'),
        ),
        migrations.AddField(
            model_name='goodpractice',
            name='tags_pl',
            field=models.JSONField(blank=True, default=list, verbose_name='tags (Polish)'),
        ),
        migrations.AddField(
            model_name='goodpractice',
            name='tags_en',
            field=models.JSONField(blank=True, default=list, verbose_name='tags (English)'),
        ),
        migrations.RunPython(to_english, to_one_list),
        migrations.RemoveField(
            model_name='goodpractice',
            name='tags',
        ),
    ]
