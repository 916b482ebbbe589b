"""Pseudonyms get their look-alike key; the existing ones are keyed here."""

from django.db import migrations, models


def key_existing_pseudonyms(apps, schema_editor):
    from community.lookalike import skeleton

    Profile = apps.get_model("community", "Profile")
    profiles = list(Profile.objects.only("pk", "pseudonym"))
    for profile in profiles:
        profile.pseudonym_key = skeleton(profile.pseudonym)[:120]
    Profile.objects.bulk_update(profiles, ["pseudonym_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0004_profile_portrait_hidden"),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="pseudonym_key",
            field=models.CharField(
                db_index=True,
                default="",
                max_length=120,
                verbose_name="look-alike key",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(key_existing_pseudonyms, migrations.RunPython.noop),
    ]
