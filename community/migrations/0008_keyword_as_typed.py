"""Each profile's interests and skills keep the spelling the member typed, on
their join rows: the tags stay shared whatever their case. The rows that exist
take the tag's name, as they showed until now."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def label_as_named(apps, schema_editor):
    """Every join row's label from its tag's name, one statement a table."""
    Tag = apps.get_model("taggit", "Tag")
    name = Subquery(Tag.objects.filter(pk=OuterRef("tag_id")).values("name")[:1])
    for model in ("TaggedInterest", "TaggedSkill"):
        apps.get_model("community", model).objects.filter(label="").update(label=name)


class Migration(migrations.Migration):

    dependencies = [
        ('community', '0007_profile_age_group_for_matching'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
    ]

    operations = [
        migrations.AddField(
            model_name='taggedinterest',
            name='label',
            field=models.CharField(blank=True, max_length=100, verbose_name='as typed'),
        ),
        migrations.AddField(
            model_name='taggedskill',
            name='label',
            field=models.CharField(blank=True, max_length=100, verbose_name='as typed'),
        ),
        migrations.RunPython(label_as_named, migrations.RunPython.noop),
    ]
