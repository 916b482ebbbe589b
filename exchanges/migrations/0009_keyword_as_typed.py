"""Each listing's keywords keep the spelling its author typed ("Vélo"), on
their join rows: the tags stay shared whatever their case. The rows that exist
take the tag's name, as they showed until now."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def label_as_named(apps, schema_editor):
    """Every join row's label from its tag's name, in one statement."""
    TaggedListing = apps.get_model("exchanges", "TaggedListing")
    Tag = apps.get_model("taggit", "Tag")
    TaggedListing.objects.filter(label="").update(
        label=Subquery(Tag.objects.filter(pk=OuterRef("tag_id")).values("name")[:1])
    )


class Migration(migrations.Migration):

    dependencies = [
        ('exchanges', '0008_listing_language'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
    ]

    operations = [
        migrations.AddField(
            model_name='taggedlisting',
            name='label',
            field=models.CharField(blank=True, max_length=100, verbose_name='as typed'),
        ),
        migrations.RunPython(label_as_named, migrations.RunPython.noop),
    ]
